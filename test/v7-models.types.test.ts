/**
 * Type-level checks of the per-model v7 request, enforced by `tsc` (npm test runs it first): each
 * `@ts-expect-error` must really be an error. A known model_id takes its own fields and values;
 * any other id takes the generic request.
 */
import { describe, expect, expectTypeOf, it } from "vitest";
import { ModelsLab, type FusionImg2VideoParams, type V7ModelId } from "../src/index.js";

const image = "https://example.com/frame.png";
// A client that is never asked to send: the calls below are only type-checked.
const typed = (ml: ModelsLab) => ({
  hailuo: () => ml.fusionImg2video({ model_id: "Hailuo-2.3-i2v", init_image: image, prompt: "p", duration: "10" }),
  // @ts-expect-error -- Hailuo-2.3-i2v takes a duration of "6" or "10", not the Kling models' "5"
  hailuoFive: () => ml.fusionImg2video({ model_id: "Hailuo-2.3-i2v", init_image: image, prompt: "p", duration: "5" }),
  // @ts-expect-error -- Hailuo-2.3-i2v requires a prompt (its page)
  hailuoNoPrompt: () => ml.fusionImg2video({ model_id: "Hailuo-2.3-i2v", init_image: image }),
  klingMulti: () => ml.fusionImg2video({ model_id: "kling-v1-6", init_image: [image, image], duration: "5", aspect_ratio: "9:16" }),
  // @ts-expect-error -- kling-v1-6 takes an array of images
  klingOne: () => ml.fusionImg2video({ model_id: "kling-v1-6", init_image: image }),
  // @ts-expect-error -- aspect_ratio is kling-v1-6's field only
  wanAspect: () => ml.fusionImg2video({ model_id: "wan2.6-i2v", init_image: image, aspect_ratio: "16:9" }),
  // @ts-expect-error -- Kling V2.5 Turbo takes 5 or 10
  turboSix: () => ml.fusionImg2video({ model_id: "Kling-V2-5-Turbo-i2v", init_image: image, duration: "6" }),
  wan: () => ml.fusionImg2video({ model_id: "wan2.6-i2v", init_image: image, prompt: "p", duration: "5", resolution: "720p", init_audio: "https://example.com/a.mp3" }),
  unknown: () => ml.fusionImg2video({ model_id: "seedance-i2v", init_image: [image], duration: "7" }),
  // @ts-expect-error -- every model needs an image
  noImage: () => ml.fusionImg2video({ model_id: "seedance-i2v" }),
});

describe("per-model v7 request types", () => {
  it("name every model of the snapshot", () => {
    expectTypeOf<V7ModelId>().toEqualTypeOf<"wan2.6-i2v" | "wan2.6-i2v-flash" | "wan2.5-i2v" | "kling-v1-6" | "Kling-V2-5-Turbo-i2v" | "kling-v2-1-master-i2v" | "Hailuo-2.3-i2v">();
  });

  it("narrow each field to the model's values", () => {
    expectTypeOf<FusionImg2VideoParams<"Hailuo-2.3-i2v">["duration"]>().toEqualTypeOf<"6" | "10" | undefined>();
    expectTypeOf<FusionImg2VideoParams<"kling-v1-6">["init_image"]>().toEqualTypeOf<string[]>();
    expectTypeOf<FusionImg2VideoParams<"wan2.6-i2v-flash">["init_audio"]>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<FusionImg2VideoParams<"kling-v1-6">["aspect_ratio"]>().toEqualTypeOf<"16:9" | "9:16" | "1:1" | undefined>();
    expectTypeOf<FusionImg2VideoParams<"Kling-V2-5-Turbo-i2v">["init_image"]>().toEqualTypeOf<string>();
    expectTypeOf<FusionImg2VideoParams<"seedance-i2v">["init_image"]>().toEqualTypeOf<string | string[]>();
    expectTypeOf<FusionImg2VideoParams<"seedance-i2v">["duration"]>().toEqualTypeOf<string | undefined>();
    expect(typeof typed).toBe("function");
  });
});
