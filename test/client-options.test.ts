/** Construction: the key and base URL from the environment, and a clear error without a key. */
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SDK_VERSION } from "../generated/version.js";
import { DEFAULT_BASE_URL, InvalidRequestError, ModelsLab } from "../src/index.js";

afterEach(() => vi.unstubAllEnvs());

describe("new ModelsLab()", () => {
  it("takes the key from MODELSLAB_API_KEY and the base URL from MODELSLAB_BASE_URL when not given", async () => {
    vi.stubEnv("MODELSLAB_API_KEY", "env-key");
    vi.stubEnv("MODELSLAB_BASE_URL", "http://127.0.0.1:9/api/");
    const seen: Request[] = [];
    const ml = new ModelsLab({ fetch: async (input, init) => (seen.push(new Request(input, init)), Response.json({ status: "success", id: 1, output: [] })) });
    expect(ml.baseUrl).toBe("http://127.0.0.1:9/api");
    await ml.img2video({ model_id: "wan2.2", init_image: "https://example.com/a.png" });
    expect(seen[0]?.url).toBe("http://127.0.0.1:9/api/v6/video/img2video");
    expect(await seen[0]?.json()).toMatchObject({ key: "env-key" });
  });

  it("defaults to the production API", () => {
    vi.stubEnv("MODELSLAB_BASE_URL", "");
    expect(new ModelsLab({ apiKey: "k" }).baseUrl).toBe(DEFAULT_BASE_URL);
  });

  it("refuses to start without a key", () => {
    vi.stubEnv("MODELSLAB_API_KEY", "");
    expect(() => new ModelsLab()).toThrow(InvalidRequestError);
    expect(() => new ModelsLab()).toThrow(/MODELSLAB_API_KEY/);
  });

  it("keeps the generated openapi-fetch client reachable as raw", async () => {
    const ml = new ModelsLab({ apiKey: "k", fetch: async () => Response.json({ status: "processing", eta: 3 }) });
    const { data } = await ml.raw.POST("/v6/video/fetch/{id}", { params: { path: { id: 5 } }, body: { key: "k" } });
    expect(data?.eta).toBe(3);
  });

  it("middleware registered on raw before its first call applies to that call", async () => {
    const ml = new ModelsLab({ apiKey: "k", fetch: async (input, init) => Response.json({ status: "processing", eta: new Request(input, init).headers.get("x-added") === "yes" ? 7 : 0 }) });
    ml.raw.use({ onRequest: ({ request }) => (request.headers.set("x-added", "yes"), request) });
    const { data } = await ml.raw.POST("/v6/video/fetch/{id}", { params: { path: { id: 5 } }, body: { key: "k" } });
    expect(data?.eta).toBe(7);
  });

  it("names itself with the package's version (package.json) in User-Agent", async () => {
    const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
    expect(SDK_VERSION).toBe(version);
    const seen: Request[] = [];
    const ml = new ModelsLab({ apiKey: "k", headers: { "X-Extra": "1" }, fetch: async (input, init) => (seen.push(new Request(input, init)), Response.json({ status: "success", id: 1, output: [] })) });
    await ml.img2video({ model_id: "wan2.2", init_image: "https://example.com/a.png" });
    expect(seen[0]?.headers.get("user-agent")).toBe(`modelslab-video/${version}`);
    expect(seen[0]?.headers.get("content-type")).toBe("application/json");
    expect(seen[0]?.headers.get("x-extra")).toBe("1");
  });
});
