/**
 * The v7 request per model, at run time: each known model's page example is accepted and sent
 * once; a value or field of another model is refused before anything is sent, naming the model
 * and the values it takes; an id the merged document does not know is sent with the generic checks.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { reply } from "../contract-tests/harness/scripted-server.js";
import { parseModelsSnapshot } from "../scripts/v7-models.js";
import { InvalidRequestError, ModelsLab, type FusionImg2VideoParams } from "../src/index.js";
import { scriptedServerPerTest } from "./scripted-servers.js";
import { v7ProcessingWithoutId } from "./video-responses.js";

const snapshot = parseModelsSnapshot(readFileSync(new URL("../openapi/upstream/v7-models.json", import.meta.url), "utf8"), "v7-models.json");
const serve = scriptedServerPerTest();
const image = "https://example.com/frame.png";

async function client() {
  const server = await serve({ "POST /v7/video-fusion/image-to-video": [reply.json(200, v7ProcessingWithoutId(0.001))] });
  return { server, ml: new ModelsLab({ apiKey: "test-key", baseUrl: server.url }) };
}

/** A request body as untyped data (the page examples are JSON, not TypeScript literals). */
const untyped = (body: Record<string, unknown>) => body as unknown as FusionImg2VideoParams<"seedance-i2v">;

describe("v7 per model", () => {
  it.each(snapshot.models.map((model) => [model.model_id, model] as const))("%s: its page's example is accepted and sent once", async (_id, model) => {
    const { server, ml } = await client();
    const { key: _key, ...body } = model.example!;
    await ml.fusionImg2video(untyped(body));
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.violations).toEqual([]);
    expect(server.requests[0]!.body).toMatchObject({ ...body, key: "test-key" });
  });

  it("refuses another model's duration, naming the model and the values it takes, and sends nothing", async () => {
    const { server, ml } = await client();
    const error = await ml.fusionImg2video(untyped({ model_id: "Hailuo-2.3-i2v", init_image: image, prompt: "p", duration: "5" })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as InvalidRequestError).message).toContain('Invalid request for model_id "Hailuo-2.3-i2v"; nothing was sent');
    expect((error as InvalidRequestError).issues).toEqual([{ field: "duration", rule: "enum", message: 'must be equal to one of the allowed values: "6", "10"' }]);
    expect(server.requests).toHaveLength(0);
  });

  it("refuses a field only another model has, and an image list where the model takes one image", async () => {
    const { server, ml } = await client();
    const aspect = (await ml.fusionImg2video(untyped({ model_id: "wan2.6-i2v", init_image: image, aspect_ratio: "16:9" })).catch((e: unknown) => e)) as InvalidRequestError;
    expect(aspect.issues).toEqual([expect.objectContaining({ field: "aspect_ratio", rule: "additionalProperties", message: expect.stringContaining("is not a field of model wan2.6-i2v") })]);
    const list = (await ml.fusionImg2video(untyped({ model_id: "Kling-V2-5-Turbo-i2v", init_image: [image, image] })).catch((e: unknown) => e)) as InvalidRequestError;
    expect(list.issues).toEqual([expect.objectContaining({ field: "init_image", rule: "type" })]);
    const single = (await ml.fusionImg2video(untyped({ model_id: "kling-v1-6", init_image: image, duration: "10" })).catch((e: unknown) => e)) as InvalidRequestError;
    expect(single.issues).toEqual([expect.objectContaining({ field: "init_image", rule: "type" })]);
    const hailuo = (await ml.fusionImg2video(untyped({ model_id: "Hailuo-2.3-i2v", init_image: image })).catch((e: unknown) => e)) as InvalidRequestError;
    expect(hailuo.issues).toEqual([{ field: "prompt", rule: "required", message: "is required" }]);
    expect(server.requests).toHaveLength(0);
  });

  it("sends an id it does not know with the generic checks: any duration, one image or a list", async () => {
    const { server, ml } = await client();
    await ml.fusionImg2video({ model_id: "seedance-i2v", init_image: image, duration: "7" });
    await ml.fusionImg2video({ model_id: "Hailuo-02-start-end-frame", init_image: [image, image], prompt: "from the first frame to the last" });
    expect(server.requests.map((request) => (request.body as { model_id: string }).model_id)).toEqual(["seedance-i2v", "Hailuo-02-start-end-frame"]);
    const generic = (await ml.fusionImg2video(untyped({ model_id: "seedance-i2v", init_image: image, aspect_ratio: "16:9" })).catch((e: unknown) => e)) as InvalidRequestError;
    expect(generic.message).toMatch(/^Invalid request; nothing was sent/);
    expect(generic.issues).toEqual([expect.objectContaining({ field: "aspect_ratio", rule: "additionalProperties" })]);
    expect(server.requests).toHaveLength(2);
  });

  it("is case sensitive, as the API's ids are: kling-v2-5-turbo-i2v is not Kling-V2-5-Turbo-i2v", async () => {
    const { server, ml } = await client();
    await ml.fusionImg2video({ model_id: "kling-v2-5-turbo-i2v", init_image: image, duration: "6" });
    expect(server.requests).toHaveLength(1);
  });
});
