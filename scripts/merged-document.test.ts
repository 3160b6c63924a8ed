/** The merged document as other tools read it: Redocly's linter and a real Prism mock. */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentWarnings, startPrism, type PrismServer } from "../contract-tests/harness/prism-server.js";
import { layoutOf, PROJECT_ROOT } from "./layout.js";
import { readYaml } from "./yaml-io.js";

const MERGED = join(layoutOf().generatedDir, "openapi.yaml");

describe("generated/openapi.yaml", () => {
  it("passes the OpenAPI linter with the project's rules", () => {
    const run = spawnSync(
      join(PROJECT_ROOT, "node_modules", ".bin", "redocly"),
      ["lint", "--config", join(PROJECT_ROOT, "openapi", "redocly.yaml"), "--format=stylish", MERGED],
      { encoding: "utf8" },
    );
    expect(run.stdout + run.stderr).toContain("Your API description is valid");
    expect(run.status).toBe(0);
  });

  it("has the four submit and three fetch operations under version-prefixed paths", () => {
    const doc = readYaml(MERGED) as { paths: Record<string, { post?: { operationId?: string } }> };
    expect(Object.fromEntries(Object.entries(doc.paths).map(([path, item]) => [item.post?.operationId, path]))).toEqual({
      submitV6Img2Video: "/v6/video/img2video",
      submitV6Img2VideoUltra: "/v6/video/img2video_ultra",
      fetchV6Video: "/v6/video/fetch/{id}",
      submitV7ImageToVideo: "/v7/video-fusion/image-to-video",
      fetchV7Video: "/v7/video-fusion/fetch/{id}",
      submitEnterpriseImg2Video: "/v1/enterprise/video/img2video",
      fetchEnterpriseVideo: "/v1/enterprise/video/fetch/{id}",
    });
  });

  describe("served by Prism", () => {
    let prism: PrismServer;
    beforeAll(async () => {
      prism = await startPrism({ document: MERGED });
    });
    afterAll(async () => {
      await prism?.stop();
    });

    it("starts without a warning about the document and routes every operation", async () => {
      expect(documentWarnings(prism.output())).toEqual([]);
      const response = await fetch(`${prism.url}/v6/video/img2video`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ key: "k", model_id: "wan2.2", init_image: "https://example.com/a.png", webhook: null, track_id: null }),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get("sl-violations")).toBeNull();
      expect((await response.json()).status).toBeDefined();
      for (const path of ["/v6/video/img2video_ultra", "/v6/video/fetch/", "/v7/video-fusion/fetch/", "/v1/enterprise/video/fetch/"]) expect(prism.output()).toContain(`POST       ${prism.url}${path}`);
    });
  });
});
