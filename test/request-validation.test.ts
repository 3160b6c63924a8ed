/** Client-side validation: runs before anything is sent, names each field and rule, accepts the overlays' decisions. */
import { afterEach, describe, expect, it } from "vitest";
import { reply, startScriptedServer, type ScriptedServer } from "../contract-tests/harness/scripted-server.js";
import { InvalidRequestError, ModelsLab, type Img2VideoParams } from "../src/index.js";
import { v6Processing } from "./video-responses.js";

const ROUTES = {
  "POST /v6/video/img2video": [reply.json(200, v6Processing())],
  "POST /v6/video/img2video_ultra": [reply.json(200, v6Processing())],
  "POST /v7/video-fusion/image-to-video": [reply.json(200, v6Processing())],
  "POST /v1/enterprise/video/img2video": [reply.json(200, v6Processing())],
};

let server: ScriptedServer;
afterEach(async () => server?.stop());

async function client(options: { validate?: boolean } = {}): Promise<ModelsLab> {
  server = await startScriptedServer({ routes: ROUTES });
  return new ModelsLab({ apiKey: "test-key", baseUrl: server.url, ...options });
}

describe("client-side validation", () => {
  it("rejects an invalid body naming each field and rule, and sends nothing", async () => {
    const ml = await client();
    const error = await ml
      .img2video({ model_id: "svd", init_image: "not a url", num_frames: 99, fps: 8.5 } as unknown as Img2VideoParams)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    const { issues, message } = error as InvalidRequestError;
    expect(issues.map((i) => [i.field, i.rule])).toEqual(
      expect.arrayContaining([
        ["model_id", "enum"],
        ["init_image", "format"],
        ["num_frames", "maximum"],
        ["fps", "type"],
      ]),
    );
    expect(issues).toHaveLength(4);
    expect(message).toContain('model_id: must be equal to one of the allowed values: "wan2.2", "ltx-2.3" (enum)');
    expect(message).toContain("num_frames: must be <= 25 (maximum)");
    expect(server.requests).toHaveLength(0);
  });

  it("names a missing required field, and a value that is neither of a oneOf's types once", async () => {
    const ml = await client();
    const error = (await ml.img2videoUltra({ init_image: "https://example.com/a.png", seed: "42" } as never).catch((e: unknown) => e)) as InvalidRequestError;
    expect(error.issues).toEqual([
      { field: "prompt", rule: "required", message: "is required" },
      { field: "seed", rule: "type", message: "must be integer or null" },
    ]);
    expect(server.requests).toHaveLength(0);
  });

  it("accepts what the overlays decided: wan2.2 and ltx-2.3 on v6, null webhook/track_id, enterprise integer track_id", async () => {
    const ml = await client();
    await ml.img2video({ model_id: "wan2.2", init_image: "https://example.com/a.png", webhook: null, track_id: null });
    await ml.img2video({ model_id: "ltx-2.3", init_image: "https://example.com/a.png" });
    await ml.img2videoUltra({ model_id: "wan2.2", init_image: "https://example.com/a.png", prompt: "p", seed: null, webhook: null, track_id: null });
    await ml.fusionImg2video({ model_id: "wan2.6-i2v", init_image: "https://example.com/a.png", duration: "5", resolution: "720p" });
    await ml.enterpriseImg2video({ model_id: "svd", init_image: "https://example.com/a.png", track_id: 17, webhook: null, clip_skip: null });
    expect(server.requests).toHaveLength(5);
    expect(server.requests.flatMap((r) => r.violations)).toEqual([]);
  });

  it("is skipped with validate: false (the server then sees the invalid body)", async () => {
    const ml = await client({ validate: false });
    await ml.img2video({ model_id: "wan2.2", init_image: "https://example.com/a.png", num_frames: 99 });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.violations).toEqual(["/num_frames must be <= 25"]);
  });

  it("can be switched off per call", async () => {
    const ml = await client();
    await ml.img2video({ model_id: "wan2.2", init_image: "https://example.com/a.png", num_frames: 99 }, { validate: false });
    expect(server.requests).toHaveLength(1);
  });
});
