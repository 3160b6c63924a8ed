/**
 * A client with no key, for a proxy that holds it (modelslab-video/proxy): allowed only with a
 * base URL given in the options, and then no request carries a `key` field at all.
 */
import { describe, expect, it } from "vitest";
import { reply } from "../contract-tests/harness/scripted-server.js";
import { InvalidRequestError, ModelsLab } from "../src/index.js";
import { IMG2VIDEO, V6_ID, v6Processing, v6Success } from "./video-responses.js";
import { scriptedServerPerTest } from "./scripted-servers.js";

const SUBMIT = "POST /v6/video/img2video";
const FETCH = "POST /v6/video/fetch/{id}";
const serve = scriptedServerPerTest();

describe("a client without a key", () => {
  it("is refused without a baseUrl in its options (the API never answers a request without a key)", () => {
    const saved = process.env.MODELSLAB_API_KEY;
    delete process.env.MODELSLAB_API_KEY;
    process.env.MODELSLAB_BASE_URL = "http://127.0.0.1:9";
    try {
      expect(() => new ModelsLab()).toThrow(InvalidRequestError);
      expect(() => new ModelsLab()).toThrow(/apiKey: pass \{ apiKey \}.*baseUrl of a proxy/);
    } finally {
      delete process.env.MODELSLAB_BASE_URL;
      if (saved !== undefined) process.env.MODELSLAB_API_KEY = saved;
    }
  });

  it("refuses an empty key, and a base URL path outside a web page", () => {
    expect(() => new ModelsLab({ apiKey: "", baseUrl: "http://127.0.0.1:9" })).toThrow(/apiKey: is empty/);
    expect(() => new ModelsLab({ baseUrl: "/api/modelslab" })).toThrow(/baseUrl: "\/api\/modelslab" is a path; outside a web page/);
  });

  it("sends submits and polls without a key field, validated all the same", async () => {
    const server = await serve({ [SUBMIT]: [reply.json(200, v6Processing(1))], [FETCH]: [reply.json(200, v6Success())] });
    const ml = new ModelsLab({ baseUrl: server.url, wait: { schedule: { minIntervalMs: 1, maxIntervalMs: 5, jitter: 0 } } });
    const video = await ml.img2video(IMG2VIDEO).wait();
    expect(video.id).toBe(String(V6_ID));
    expect(server.requests.map((r) => r.body)).toEqual([IMG2VIDEO, {}]);
    await expect(ml.img2video({ ...IMG2VIDEO, num_frames: 10_000 })).rejects.toThrow(/num_frames: must be <= 25/);
    expect(server.requests).toHaveLength(2);
  });
});
