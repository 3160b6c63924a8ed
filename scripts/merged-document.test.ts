/** The merged document as other tools read it: Redocly's linter and a real Prism mock. */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
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

  it("has the five submit and four fetch operations and the upload under version-prefixed paths", () => {
    const doc = readYaml(MERGED) as { paths: Record<string, { post?: { operationId?: string } }> };
    expect(Object.fromEntries(Object.entries(doc.paths).map(([path, item]) => [item.post?.operationId, path]))).toEqual({
      submitV6Img2Video: "/v6/video/img2video",
      submitV6Img2VideoUltra: "/v6/video/img2video_ultra",
      fetchV6Video: "/v6/video/fetch/{id}",
      submitV7ImageToVideo: "/v7/video-fusion/image-to-video",
      fetchV7Video: "/v7/video-fusion/fetch/{id}",
      submitEnterpriseImg2Video: "/v1/enterprise/video/img2video",
      fetchEnterpriseVideo: "/v1/enterprise/video/fetch/{id}",
      submitEnterpriseUltraImg2Video: "/v1/enterprise/image_to_video_ultra/img2video",
      fetchEnterpriseUltraVideo: "/v1/enterprise/image_to_video_ultra/fetch/{id}",
      uploadBase64ToUrl: "/v6/base64_to_url",
    });
  });

  it("takes the v6 and enterprise fetch operations and the upload from ModelsLab's own documents, not from a hand-written spec", () => {
    const doc = readYaml(MERGED) as { paths: Record<string, { post: { "x-source"?: { page: string } } }> };
    expect(doc.paths["/v6/video/fetch/{id}"]!.post["x-source"]?.page).toBe("docs-repo/video-api/openapi.json");
    expect(doc.paths["/v1/enterprise/video/fetch/{id}"]!.post["x-source"]?.page).toBe("docs-repo/enterprise-api/video/openapi.json");
    expect(doc.paths["/v1/enterprise/image_to_video_ultra/fetch/{id}"]!.post["x-source"]?.page).toBe("docs-repo/enterprise-api/image-to-video-ultra/openapi.json");
    expect(doc.paths["/v6/base64_to_url"]!.post["x-source"]?.page).toBe("docs-repo/general-api/openapi.json");
    // No hand-written spec defines an operation a ModelsLab document publishes.
    const published = new Set(["/video/fetch/{id}", "/enterprise/video/fetch/{id}", "/image_to_video_ultra/fetch/{id}", "/base64_to_url"]);
    for (const name of readdirSync(join(PROJECT_ROOT, "openapi", "specs"))) {
      const spec = readYaml(join(PROJECT_ROOT, "openapi", "specs", name)) as { servers: { url: string }[]; paths: Record<string, unknown> };
      for (const path of Object.keys(spec.paths)) {
        const full = new URL(spec.servers[0]!.url).pathname.replace(/^\/api/, "") + path;
        expect([...published].some((p) => full.endsWith(p)), `${name} defines ${path}`).toBe(false);
      }
    }
  });

  it("reads the same with a YAML 1.1 parser as with a YAML 1.2 one (yes/no enums stay strings)", () => {
    const text = readFileSync(MERGED, "utf8");
    const as11 = parse(text, { version: "1.1" });
    const as12 = parse(text, { version: "1.2" });
    expect(as11).toEqual(as12);
    const enhance = (as11 as { components: { schemas: Record<string, { properties: Record<string, { enum?: unknown[] }> }> } }).components.schemas.EnterpriseImageToVideoRequest!.properties.enhance_prompt!;
    expect(enhance.enum).toEqual(["yes", "no"]);
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
