/**
 * Type-level checks of generated/schema.d.ts, enforced by `tsc` (npm test runs it first): every
 * `@ts-expect-error` below must really be an error, and every full request must compile as the
 * type it is annotated with (an excess or mistyped property would not).
 */
import { describe, expect, expectTypeOf, it } from "vitest";
import type { components } from "../generated/schema.js";
import { operationIndex } from "../generated/client.js";

type Schemas = components["schemas"];
type V6 = Schemas["V6ImageToVideoRequest"];
type Ultra = Schemas["V6ImageToVideoUltraRequest"];
type V7 = Schemas["V7ImageToVideoRequest"];
type Enterprise = Schemas["EnterpriseImageToVideoRequest"];

const image = "https://example.com/frame.png";

describe("generated request types", () => {
  it("accept every field the v6 img2video page documents", () => {
    const full: V6 = {
      key: "k", model_id: "wan2.2", init_image: image, prompt: "p", negative_prompt: "n", height: 512, width: 512,
      num_frames: 25, num_inference_steps: 20, min_guidance_scale: 1, max_guidance_scale: 3, motion_bucket_id: 20,
      noise_aug_strength: 0.02, fps: 16, output_type: "mp4", temp: false, webhook: null, track_id: null,
    };
    // @ts-expect-error -- misspelled field
    const misspelled: V6 = { key: "k", model_id: "wan2.2", init_image: image, num_frame: 25 };
    // @ts-expect-error -- svd is the stale enum value the model-ids overlay replaces
    const stale: V6 = { key: "k", model_id: "svd", init_image: image };
    void [full, misspelled, stale];
  });

  it("accept every field the img2video_ultra pages (new and legacy) document", () => {
    const full: Ultra = {
      key: "k", model_id: "ltx-2.3", prompt: "p", init_image: image, negative_prompt: "n", seed: null, resolution: 480,
      num_frames: 81, num_inference_steps: 25, guidance_scale: 5, fps: 16, portrait: false, sample_shift: 5, base64: false,
      temp: false, webhook: null, track_id: null,
    };
    // @ts-expect-error -- the legacy page's example misspells sample_shift as shift_sample
    const misspelled: Ultra = { key: "k", model_id: "wan2.2", prompt: "p", init_image: image, shift_sample: 3 };
    // @ts-expect-error -- not a documented model
    const unknownModel: Ultra = { key: "k", model_id: "cogvideox", prompt: "p", init_image: image };
    void [full, misspelled, unknownModel];
  });

  it("accept every field the v7 video-fusion page documents", () => {
    const full: V7 = { key: "k", init_image: image, init_audio: "https://example.com/a.mp3", prompt: "p", model_id: "wan2.6-i2v", duration: "5", resolution: "720p" };
    // @ts-expect-error -- misspelled field
    const misspelled: V7 = { key: "k", init_image: image, model_id: "wan2.6-i2v", durations: "5" };
    // @ts-expect-error -- duration is a string on this page ("5"), not a number
    const wrongType: V7 = { key: "k", init_image: image, model_id: "wan2.6-i2v", duration: 5 };
    void [full, misspelled, wrongType];
  });

  it("accept every field the enterprise page documents", () => {
    const full: Enterprise = {
      key: "k", model_id: "svd", negative_prompt: "n", enhance_prompt: "yes", init_image: image, height: 512, width: 512,
      num_frames: 16, num_inference_steps: 20, min_guidance_scale: 1, max_guidance_scale: 3, motion_bucket_id: 20,
      noise_aug_strength: 0.02, fps: 8, output_type: "base64", latent_interpolation_method: "slerp", clip_skip: null,
      instant_response: false, temp: false, webhook: null, track_id: 7, base64: false,
    };
    // @ts-expect-error -- misspelled field
    const misspelled: Enterprise = { key: "k", model_id: "svd", motion_bucket: 20 };
    // @ts-expect-error -- enterprise only documents svd
    const wrongModel: Enterprise = { key: "k", model_id: "wan2.2" };
    void [full, misspelled, wrongModel];
  });

  it("keep properties that have a default optional", () => {
    expectTypeOf<Enterprise["num_frames"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<Pick<V6, "key" | "model_id" | "init_image">>().toEqualTypeOf<{ key: string; model_id: "wan2.2" | "ltx-2.3"; init_image: string }>();
  });

  it("index all five submit and four fetch operations, the model search, the upload and the queue count", () => {
    const kinds = Object.values(operationIndex).map((op) => `${op.kind} ${op.family}`).sort();
    expectTypeOf(operationIndex.fetchV6Video.path).toEqualTypeOf<"/v6/video/fetch/{id}">();
    expect(kinds).toEqual([
      "account general",
      "describe general",
      "fetch enterprise",
      "fetch enterprise-ultra",
      "fetch v6",
      "fetch v7",
      "submit enterprise",
      "submit enterprise-ultra",
      "submit v6",
      "submit v6",
      "submit v7",
      "upload general",
    ]);
  });
});
