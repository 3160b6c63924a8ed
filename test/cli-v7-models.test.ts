/**
 * `generate fusion-img2video` per model, with the built bin against the scripted server: each
 * known model's page example is sent once; another model's value is refused with exit 2 naming
 * the model and the values it takes, nothing sent; an unknown id is sent; --model is required
 * (no default: the schema's example is never sent); --help lists the models and a model's fields.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { reply, type Reply, type ScriptedServer } from "../contract-tests/harness/scripted-server.js";
import { parseModelsSnapshot } from "../scripts/v7-models.js";
import { builtCli, runCli } from "./built-cli.js";
import { serveFixture } from "./scripted-servers.js";
import { v7Success } from "./video-responses.js";

const snapshot = parseModelsSnapshot(readFileSync(new URL("../openapi/upstream/v7-models.json", import.meta.url), "utf8"), "v7-models.json");
const cli = builtCli();
const KEY = "ml-canary-v7-models-51c0";
const SUBMIT = "POST /v7/video-fusion/image-to-video";

const test = it.extend<{ serve: (routes: Record<string, Reply[]>) => Promise<ScriptedServer> }>({
  serve: serveFixture,
});

const run = (args: string[]) => runCli(cli.bin, args, { env: { MODELSLAB_API_KEY: KEY } });

/** The command line that sends a page example: --model, --image (the first image), --prompt and --set for the rest. */
function argsOf(example: Record<string, unknown>): string[] {
  const { key: _key, model_id, init_image, prompt, ...rest } = example;
  const images = Array.isArray(init_image) ? init_image : [init_image];
  const sets = Object.entries(rest).flatMap(([name, value]) => ["--set", `${name}=${typeof value === "string" ? value : JSON.stringify(value)}`]);
  // A list of images is one --image each.
  const image = images.flatMap((each) => ["--image", String(each)]);
  return ["--model", String(model_id), ...image, ...(typeof prompt === "string" ? ["--prompt", prompt] : []), ...sets];
}

describe.concurrent("generate fusion-img2video per model", () => {
  for (const model of snapshot.models)
    test(`${model.model_id}: the page's example is sent once, as the page writes it`, async ({ serve }) => {
      const server = await serve({ [SUBMIT]: [reply.json(200, v7Success())] });
      const result = await run(["generate", "fusion-img2video", ...argsOf(model.example!), "--base-url", server.url, "--quiet"]);
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(server.requests).toHaveLength(1);
      const { key: _key, ...body } = model.example!;
      expect(server.requests[0]!.body).toEqual({ ...body, key: KEY });
    });

  test("another model's duration: exit 2 naming the model and the values it takes, nothing sent", async ({ serve }) => {
    const server = await serve({ [SUBMIT]: [reply.json(200, v7Success())] });
    const result = await run(["generate", "fusion-img2video", "--model", "Hailuo-2.3-i2v", "--image", "https://example.com/a.png", "--prompt", "p", "--set", "duration=5", "--base-url", server.url]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Invalid request for model_id "Hailuo-2.3-i2v"; nothing was sent');
    expect(result.stderr).toContain('duration: must be equal to one of the allowed values: "6", "10"');
    expect(server.requests).toHaveLength(0);
  });

  test("a field only another model has: exit 2, nothing sent", async ({ serve }) => {
    const server = await serve({ [SUBMIT]: [reply.json(200, v7Success())] });
    const result = await run(["generate", "fusion-img2video", "--model", "Hailuo-2.3-i2v", "--image", "https://example.com/a.png", "--set", "aspect_ratio=16:9", "--base-url", server.url]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("aspect_ratio: is not a field of model Hailuo-2.3-i2v");
    expect(server.requests).toHaveLength(0);
  });

  test("an id the document does not know is sent with the generic fields", async ({ serve }) => {
    const server = await serve({ [SUBMIT]: [reply.json(200, v7Success())] });
    const result = await run(["generate", "fusion-img2video", "--model", "seedance-i2v", "--image", "https://example.com/a.png", "--set", "duration=7", "--base-url", server.url, "--quiet"]);
    expect(result.code).toBe(0);
    expect(server.requests.map((request) => request.body)).toEqual([{ key: KEY, model_id: "seedance-i2v", init_image: "https://example.com/a.png", duration: "7" }]);
  });

  test("a model that takes one image refuses a second --image: exit 2, nothing sent", async ({ serve }) => {
    const server = await serve({ [SUBMIT]: [reply.json(200, v7Success())] });
    const result = await run(["generate", "fusion-img2video", "--model", "Hailuo-2.3-i2v", "--image", "https://example.com/a.png", "--image", "https://example.com/b.png", "--prompt", "p", "--base-url", server.url]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--image is given 2 times, but fusion-img2video with model Hailuo-2.3-i2v takes one image");
    expect(server.requests).toHaveLength(0);
  });

  test("kling-v1-6 takes a list of images: one --image is sent as a list of one", async ({ serve }) => {
    const server = await serve({ [SUBMIT]: [reply.json(200, v7Success())] });
    const result = await run(["generate", "fusion-img2video", "--model", "kling-v1-6", "--image", "https://example.com/a.png", "--base-url", server.url, "--quiet"]);
    expect(result.code).toBe(0);
    expect(server.requests[0]!.body).toMatchObject({ model_id: "kling-v1-6", init_image: ["https://example.com/a.png"] });
  });

  test("--model is required: no default, so no example is sent in its place", async ({ serve }) => {
    const server = await serve({ [SUBMIT]: [reply.json(200, v7Success())] });
    const result = await run(["generate", "fusion-img2video", "--image", "https://example.com/a.png", "--base-url", server.url]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--model is required for fusion-img2video: its schema gives model_id no default; known models: wan2.6-i2v, wan2.6-i2v-flash");
    expect(server.requests).toHaveLength(0);
  });

  it("--help lists the known models; with --model, that model's fields", async () => {
    const help = await run(["generate", "fusion-img2video", "--help"]);
    expect(help.code).toBe(0);
    for (const model of snapshot.models) expect(help.stdout).toMatch(new RegExp(`^  ${model.model_id.replace(/\./g, "\\.")} +`, "m"));
    expect(help.stdout).toMatch(/^ {2}Hailuo-2\.3-i2v +duration "6"\|"10"$/m);
    expect(help.stdout).toContain("Generic fields of fusion-img2video");
    const hailuo = await run(["generate", "fusion-img2video", "--model", "Hailuo-2.3-i2v", "--help"]);
    expect(hailuo.stdout).toContain("Fields of fusion-img2video with --model Hailuo-2.3-i2v (from https://modelslab.com/models/minimax/Hailuo-2.3-image-to-video/api");
    expect(hailuo.stdout).toMatch(/^ {2}duration +string; one of "6", "10"; default "6"/m);
    expect(hailuo.stdout).toMatch(/^ {2}prompt +string; required/m);
    expect(hailuo.stdout).not.toMatch(/^ {2}aspect_ratio /m);
    const kling = await run(["generate", "fusion-img2video", "--model", "kling-v1-6", "--help"]);
    expect(kling.stdout).toMatch(/^ {2}aspect_ratio +string; one of "16:9", "9:16", "1:1"/m);
    expect(kling.stdout).toMatch(/^ {2}init_image +array; required/m);
  });
});
