import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { extractEmbeddedOpenApi, fencedBlocks } from "./extract.js";
import { layoutOf } from "./layout.js";

const upstream = layoutOf().upstreamDir;
const page = (name: string) => readFileSync(join(upstream, name), "utf8");

const wrap = (yamlLines: string[]) => ["# Title", "", "````yaml POST /x", ...yamlLines, "````", ""].join("\n");

describe("extractEmbeddedOpenApi", () => {
  it("extracts the v6 img2video page's document and marks each property with its page line", () => {
    const text = page("v6-img2video.md");
    const { document } = extractEmbeddedOpenApi(text, "v6-img2video.md", "v6");
    const schemas = (document.components as any).schemas;
    const modelId = schemas.ImageToVideoRequest.properties.model_id;
    expect(modelId.enum).toEqual(["svd"]);
    expect(modelId["x-source"]).toEqual({ page: "v6-img2video.md", line: 107 });
    expect(text.split("\n")[107 - 1]).toMatch(/^\s+model_id:$/);
    expect(document["x-extracted-from"]).toEqual({ page: "v6-img2video.md", firstLine: 47, lastLine: 245 });
    expect(document["x-family"]).toBe("v6");
  });

  it("keeps every property the page's schema has, and no other", () => {
    const { document } = extractEmbeddedOpenApi(page("v6-img2video-ultra.md"), "v6-img2video-ultra.md", "v6");
    const properties = (document.components as any).schemas.ImageToVideoUltraRequest.properties;
    expect(Object.keys(properties)).toEqual([
      "key", "model_id", "prompt", "init_image", "negative_prompt", "seed", "resolution", "num_frames",
      "num_inference_steps", "guidance_scale", "fps", "portrait", "sample_shift", "base64", "temp", "webhook", "track_id",
    ]);
  });

  it("names the page when there is no embedded OpenAPI block", () => {
    expect(() => extractEmbeddedOpenApi(page("v1-enterprise-img2video.md"), "v1-enterprise-img2video.md", "enterprise")).toThrow(
      /^v1-enterprise-img2video\.md: no embedded OpenAPI block/,
    );
  });

  it("names the page and the page line of a YAML error", () => {
    const text = wrap(["openapi: 3.1.0", "info:", "  title: x", "paths:", "  /a: [unclosed"]);
    expect(() => extractEmbeddedOpenApi(text, "broken.md", "v6")).toThrow(/^broken\.md:8: the embedded OpenAPI block is not valid YAML/);
  });

  it("rejects a block that is YAML but not OpenAPI 3.1, naming the page", () => {
    const text = wrap(["openapi: 3.0.3", "info: {title: x, version: '1'}", "paths: {/a: {}}"]);
    expect(() => extractEmbeddedOpenApi(text, "old.md", "v6")).toThrow("old.md:4: the embedded block is not OpenAPI 3.1 (openapi: 3.0.3)");
    const noPaths = wrap(["openapi: 3.1.0", "info: {title: x, version: '1'}"]);
    expect(() => extractEmbeddedOpenApi(noPaths, "empty.md", "v6")).toThrow("empty.md:4: the embedded OpenAPI document has no paths");
  });

  it("rejects two embedded documents and an unclosed fence", () => {
    const one = wrap(["openapi: 3.1.0", "info: {title: x, version: '1'}", "paths: {/a: {}}"]);
    expect(() => extractEmbeddedOpenApi(one + one, "twice.md", "v6")).toThrow(/^twice\.md: 2 embedded OpenAPI blocks/);
    expect(() => fencedBlocks("text\n```yaml\nopenapi: 3.1.0\n", "open.md")).toThrow("open.md:2: the code block opened here is never closed");
  });
});
