/**
 * The merged document as other tools read it: Redocly's linter, Prism served from this process
 * (the run's shared server), the `prism` command itself, as users run it in their CI, and YAML 1.1
 * and 1.2 readers.
 */
import { spawn, spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { documentWarnings } from "../contract-tests/harness/prism-server.js";
import { sharedPrism } from "../contract-tests/harness/shared-servers.js";
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

  it("has the five submit and four fetch operations, the model search, the upload and the queue count under version-prefixed paths", () => {
    const doc = readYaml(MERGED) as { paths: Record<string, { post?: { operationId?: string }; get?: { operationId?: string } }> };
    expect(Object.fromEntries(Object.entries(doc.paths).map(([path, item]) => [(item.post ?? item.get)?.operationId, path]))).toEqual({
      submitV6Img2Video: "/v6/video/img2video",
      submitV6Img2VideoUltra: "/v6/video/img2video_ultra",
      fetchV6Video: "/v6/video/fetch/{id}",
      submitV7ImageToVideo: "/v7/video-fusion/image-to-video",
      fetchV7Video: "/v7/video-fusion/fetch/{id}",
      submitEnterpriseImg2Video: "/v1/enterprise/video/img2video",
      fetchEnterpriseVideo: "/v1/enterprise/video/fetch/{id}",
      submitEnterpriseUltraImg2Video: "/v1/enterprise/image_to_video_ultra/img2video",
      fetchEnterpriseUltraVideo: "/v1/enterprise/image_to_video_ultra/fetch/{id}",
      describeModel: "/v6/model-search/{modelId}",
      uploadBase64ToUrl: "/v6/base64_to_url",
      accountRequestCount: "/v6/processing/request_count",
    });
  });

  it("takes the v6 and enterprise fetch operations and the upload from ModelsLab's own documents, not from a hand-written spec", () => {
    const doc = readYaml(MERGED) as { paths: Record<string, { post: { "x-source"?: { page: string } } }> };
    expect(doc.paths["/v6/video/fetch/{id}"]!.post["x-source"]?.page).toBe("docs-repo/video-api/openapi.json");
    expect(doc.paths["/v1/enterprise/video/fetch/{id}"]!.post["x-source"]?.page).toBe("docs-repo/enterprise-api/video/openapi.json");
    expect(doc.paths["/v1/enterprise/image_to_video_ultra/fetch/{id}"]!.post["x-source"]?.page).toBe("docs-repo/enterprise-api/image-to-video-ultra/openapi.json");
    expect(doc.paths["/v6/base64_to_url"]!.post["x-source"]?.page).toBe("docs-repo/general-api/openapi.json");
    expect(doc.paths["/v6/processing/request_count"]!.post["x-source"]?.page).toBe("docs-repo/general-api/openapi.json");
    // No hand-written spec defines an operation a ModelsLab document publishes.
    const published = new Set(["/video/fetch/{id}", "/enterprise/video/fetch/{id}", "/image_to_video_ultra/fetch/{id}", "/base64_to_url", "/processing/request_count"]);
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

  const validSubmit = { key: "k", model_id: "wan2.2", init_image: "https://example.com/a.png", webhook: null, track_id: null };
  const ROUTES = [
    "/v6/video/img2video",
    "/v6/video/img2video_ultra",
    "/v6/video/fetch/",
    "/v7/video-fusion/image-to-video",
    "/v7/video-fusion/fetch/",
    "/v1/enterprise/video/img2video",
    "/v1/enterprise/video/fetch/",
    "/v1/enterprise/image_to_video_ultra/img2video",
    "/v1/enterprise/image_to_video_ultra/fetch/",
    "/v6/base64_to_url",
    "/v6/processing/request_count",
  ];

  /** What a valid submit gets: status, sl-violations, the body's status. */
  async function submit(url: string): Promise<[number, string | null, unknown]> {
    const response = await fetch(`${url}/v6/video/img2video`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(validSubmit) });
    return [response.status, response.headers.get("sl-violations"), ((await response.json()) as { status?: unknown }).status];
  }

  it("is served by Prism without a warning about the document, every operation routed", async () => {
    const prism = sharedPrism();
    expect(documentWarnings(prism.routes)).toEqual([]);
    expect(await submit(prism.url)).toEqual([200, null, "processing"]);
    for (const path of ROUTES) expect(prism.routes).toContain(`POST       ${prism.url}${path}`);
  });

  // Users run the `prism` command on the shipped document in their CI (README): it must still
  // serve it. The one test that starts the CLI; ready when it says so, however long that takes.
  it("is served by the prism command (@stoplight/prism-cli) as users run it", async () => {
    const bin = join(dirname(createRequire(import.meta.url).resolve("@stoplight/prism-cli/package.json")), "dist", "index.js");
    const child = spawn(process.execPath, [bin, "mock", "--host", "127.0.0.1", "--port", "0", MERGED], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } });
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    let output = "";
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const onData = (chunk: Buffer) => {
          output += chunk.toString("utf8");
          const listening = /Prism is listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
          if (listening) resolve(listening[1]!);
        };
        child.stdout.on("data", onData);
        child.stderr.on("data", onData);
        child.once("exit", (code) => reject(new Error(`prism exited (code ${code}) before listening:\n${output}`)));
      });
      expect(documentWarnings(output)).toEqual([]);
      for (const path of ROUTES) expect(output).toContain(`POST       ${url}${path}`);
      expect(await submit(url)).toEqual([200, null, "processing"]);
      // The in-process server answers as the command does, violations included.
      const answer = async (base: string, path: string, body: unknown) => {
        const response = await fetch(`${base}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
        return [response.status, response.headers.get("sl-violations"), await response.text()];
      };
      for (const [path, body] of [
        ["/v6/video/img2video", { key: "k", model_id: "svd", init_image: "not a url", num_frames: 99 }],
        ["/v6/video/fetch/155918900", { key: "k" }],
        ["/v7/video-fusion/fetch/1", {}],
      ] as const)
        expect(await answer(sharedPrism().url, path, body), path).toEqual(await answer(url, path, body));
    } finally {
      child.kill("SIGTERM");
      await exited;
    }
  }, 120_000);
});
