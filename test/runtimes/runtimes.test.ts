/**
 * The client's smoke flow where it claims to run: under Bun and Deno (test/runtimes/install.ts
 * installs the pinned versions from npm) on the built package, and in headless Chromium
 * (Debian's, driven by playwright-core: test/browser/chromium.ts) on the `.` entry's browser
 * bundle. The flow: a local image (bytes) uploaded through base64_to_url, the submit, and a
 * wait until the video is done, against a Prism mock of the merged document, which validates
 * every request. `npm run test:runtimes`, a step of .ci/run.
 */
import { execFile } from "node:child_process";
import { createServer, type Server } from "node:http";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { sharedPrism } from "../../contract-tests/harness/shared-servers.js";
import { PROJECT_ROOT } from "../../scripts/layout.js";
import { launchChromium } from "../browser/chromium.js";
import { builtCli } from "../built-cli.js";
import { RUNTIME_VERSIONS, runtimes } from "./install.js";

const prism = sharedPrism();
const dir = mkdtempSync(join(tmpdir(), "modelslab-video-runtimes-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A PNG's first bytes: signature and the start of its header (what the client checks). */
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 4];

/** The flow, as the body of an async function of `ModelsLab` and `baseUrl`; returns what it saw. */
const FLOW = `
  const ml = new ModelsLab({ apiKey: "smoke-key", baseUrl, wait: { schedule: { minIntervalMs: 1, maxIntervalMs: 5 } } });
  const steps = [];
  const video = await ml
    .img2video({ model_id: "wan2.2", init_image: new Uint8Array(${JSON.stringify(PNG)}), prompt: "the cat turns its head" })
    .wait({ timeoutMs: 60000, onEnqueue: (job) => steps.push("queued " + job.family), onProgress: (p) => steps.push(p.status) });
  return { id: String(video.id), family: video.family, output: video.output, steps };
`;

interface Seen {
  id: string;
  family: string;
  output: string[];
  steps: string[];
}

function expectFlow(seen: Seen): void {
  expect(seen.family).toBe("v6");
  expect(seen.steps[0]).toBe("queued v6");
  expect(seen.output.length).toBeGreaterThan(0);
  expect(seen.output[0]).toMatch(/^https:\/\//);
}

function runScript(command: string, args: string[]): Promise<string> {
  return new Promise((done, fail) =>
    execFile(command, args, { cwd: PROJECT_ROOT, env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" } }, (error, stdout, stderr) =>
      error ? fail(new Error(`${command} ${args.join(" ")}: ${error.message}\n${stderr}`)) : done(stdout),
    ),
  );
}

/** A module running the flow on the built package's `.` entry and printing the result as JSON. */
function flowModule(): string {
  const entry = pathToFileURL(join(builtCli().outDir, "src", "index.js")).href;
  const file = join(dir, "flow.mjs");
  writeFileSync(file, `import { ModelsLab } from ${JSON.stringify(entry)};\nconst baseUrl = ${JSON.stringify(prism.url)};\nconst run = async () => {${FLOW}};\nconsole.log(JSON.stringify(await run()));\n`);
  return file;
}

describe.concurrent("the smoke flow (local image, submit, wait)", () => {
  it(`runs under Bun ${RUNTIME_VERSIONS.bun}`, async () => {
    const { bun } = runtimes();
    expect((await runScript(bun, ["--version"])).trim()).toBe(RUNTIME_VERSIONS.bun);
    expectFlow(JSON.parse(await runScript(bun, ["run", flowModule()])) as Seen);
  });

  it(`runs under Deno ${RUNTIME_VERSIONS.deno}`, async () => {
    const { deno } = runtimes();
    expect(await runScript(deno, ["--version"])).toContain(`deno ${RUNTIME_VERSIONS.deno}`);
    // As in a project that installed the package with npm: node_modules as it is (`manual`).
    // Only the network (the mock), reading files and the environment are allowed.
    const args = ["run", "--quiet", "--no-prompt", "--node-modules-dir=manual", "--allow-net=127.0.0.1", "--allow-read", "--allow-env", flowModule()];
    expectFlow(JSON.parse(await runScript(deno, args)) as Seen);
  });

  it("runs in headless Chromium on the browser bundle of the . entry", async () => {
    // The `.` entry bundled for browsers as a bundler would, its lazy chunks split off.
    const bundle = await build({
      entryPoints: { client: join(builtCli().outDir, "src", "index.js") },
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "browser",
      target: "es2022",
      outdir: "/bundle",
      write: false,
      logLevel: "silent",
    });
    const files = new Map(bundle.outputFiles.map((file) => [file.path.replace(/^\/bundle/, ""), file.text]));
    const page = `<!doctype html><meta charset="utf-8"><title>smoke</title>
<script type="module">import { ModelsLab } from "/client.js"; window.flow = async (baseUrl) => {${FLOW}}; document.title = "ready";</script>`;
    const app: Server = createServer((request, response) => {
      const path = new URL(request.url ?? "/", "http://localhost").pathname;
      const script = files.get(path);
      if (path === "/") response.writeHead(200, { "content-type": "text/html" }).end(page);
      else if (script !== undefined) response.writeHead(200, { "content-type": "text/javascript" }).end(script);
      else response.writeHead(404).end();
    });
    await new Promise<void>((listening) => app.listen(0, "127.0.0.1", () => listening()));
    const browser = await launchChromium();
    try {
      const tab = await browser.context.newPage();
      await tab.goto(`http://127.0.0.1:${(app.address() as AddressInfo).port}/`);
      await tab.waitForFunction(() => document.title === "ready");
      const version = browser.context.browser()?.version() ?? (await tab.evaluate(() => navigator.userAgent));
      console.log(`chromium: ${version}`);
      // Cross-origin to the mock (Prism answers CORS), as a page calling the API directly would.
      expectFlow((await tab.evaluate(async (baseUrl) => (window as unknown as { flow(url: string): Promise<Seen> }).flow(baseUrl), prism.url)) as Seen);
    } finally {
      await browser.close();
      await new Promise<void>((closed) => app.close(() => closed()));
    }
  });
});
