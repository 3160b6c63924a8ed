/**
 * The whole contract run on real Prism servers: the project's docs against the committed
 * baseline, and copies of the docs with one inconsistency fixed, one introduced, and every
 * one fixed; the same results with the pipeline's documents kept by content and without; and
 * `npm run contract`'s launcher, which runs the check built to JavaScript once per content.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { editedDocs, fixedDocs, type PageEdit } from "./test-support/docs-copy.js";
import { layoutOf, PROJECT_ROOT } from "../scripts/layout.js";
import { summaryText } from "./report/summary.js";
import { documentsKey } from "./documents-cache.js";
import { openPrismSide } from "./harness/prism-side.js";
import { builtCheck, sourceFiles, sourceKey } from "./launch.mjs";
import type { ContractResult } from "./report/contract-result.js";
import { runContract, type ContractOptions } from "./run-contract.js";

const temporary: string[] = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

/** What a run produced, its timings and its reports' directory left out: the summary and the three reports. */
function outputIn(result: ContractResult, reportsDir: string): string[] {
  const report = (name: string) => readFileSync(join(reportsDir, name), "utf8").replaceAll(reportsDir, "REPORTS");
  const json = JSON.parse(report("contract-report.json")) as Record<string, unknown>;
  delete json.timings;
  return [
    summaryText(result).replaceAll(reportsDir, "REPORTS").replace(/\n {2}time: .*/, ""),
    JSON.stringify(json, null, 2),
    report("contract-report.md"),
    report("contract-report.sarif"),
  ];
}

async function outputOf(options: ContractOptions): Promise<string[]> {
  const reportsDir = tempDir("reports-");
  return outputIn(await runContract({ ...options, reportsDir }), reportsDir);
}

/**
 * The whole check of the project's docs, as `npm run contract` runs it (the client's calls on Prism
 * included), run once for the tests that read it: its result, its reports' directory and its output.
 */
let projectRun: Promise<{ result: ContractResult; reportsDir: string; output: string[] }> | undefined;
const projectCheck = () =>
  (projectRun ??= (async () => {
    const reportsDir = tempDir("reports-");
    const result = await runContract({ reportsDir });
    return { result, reportsDir, output: outputIn(result, reportsDir) };
  })());

describe("npm run contract", () => {
  it("passes on the project's docs with the committed baseline, writes both reports and cites svd vs wan2.2 once", async () => {
    const { result, reportsDir } = await projectCheck();
    expect(result.failures).toEqual([]);
    expect(result.stale).toEqual([]);
    expect(result.findings.filter((f) => f.status === "new")).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.counts.findings).toBeGreaterThan(15);
    expect(result.counts.responseChecks).toEqual({ passed: 48, failed: 0 });
    expect(result.documents.map((d) => d.file)).toContain("docs-repo/video-api/openapi.json");
    expect(result.checks.sourcePairs.map((p) => p.page)).toEqual(["v6-img2video.md", "v6-img2video-ultra.md"]);
    const svd = result.findings.filter((f) => f.endpoints.includes("POST /v6/video/img2video") && f.field === "model_id" && f.aspect === "enum");
    expect(svd).toHaveLength(1);
    expect(svd[0]!.locations).toEqual([
      { page: "v6-img2video.md", line: 7 },
      { page: "v6-img2video.md", line: 29 },
      { page: "v6-img2video.md", line: 63 },
      { page: "v6-img2video.md", line: 110 },
    ]);
    expect(svd[0]!.rules).toEqual(["claim-vs-schema", "example-schema", "example-prism"]);
    expect(svd[0]!.toolEvidence.map((s) => s.role)).toEqual(["prism"]);
    expect(svd[0]!.fix).toMatchObject({ resolvedBy: ["openapi/overlays/model-ids.overlay.yaml#1", "openapi/overlays/model-ids.overlay.yaml#2", "openapi/overlays/model-ids.overlay.yaml#4"] });
    expect(existsSync(join(reportsDir, "contract-report.json"))).toBe(true);
    const markdown = readFileSync(join(reportsDir, "contract-report.md"), "utf8");
    expect(markdown).toContain('the OpenAPI block of v6-img2video.md (line 110): enum: "svd"');
    expect(markdown).not.toMatch(/\*\*new\*\*/);
    // The README quotes lines of this summary: each quoted line is one of them (the reports line
    // names this run's directory instead).
    const readme = readFileSync(join(PROJECT_ROOT, "README.md"), "utf8");
    const quoted = (/```text\n(contract: [\s\S]*?)```/.exec(readme)?.[1] ?? "").split("\n").filter((line) => line !== "" && !line.startsWith("  reports: "));
    expect(quoted.length).toBeGreaterThan(3);
    const printed = summaryText(result).split("\n");
    expect(quoted.filter((line) => !printed.includes(line)), "README.md quotes lines of npm run contract's summary that it no longer prints: update them").toEqual([]);
  });

  it("fails for a stale baseline entry when a docs copy fixes one inconsistency", async () => {
    const docsDir = editedDocs([{ file: "v6-img2video-ultra-legacy.txt", from: '"shift_sample":3', to: '"sample_shift":3' }]);
    temporary.push(docsDir);
    const result = await runContract({ docsDir, reportsDir: tempDir("reports-"), responses: false });
    expect(result.exitCode).toBe(1);
    expect(result.findings.filter((f) => f.status === "new")).toEqual([]);
    expect(result.stale.map((entry) => entry.field)).toEqual(["shift_sample"]);
    expect(result.failures).toEqual([]);
  });

  it("fails for the new finding when a docs copy introduces one", async () => {
    // The page and the .mdx it is rendered from, edited alike (the page alone would differ from its source: rendered-page).
    const docsDir = editedDocs([
      { file: "v6-img2video.md", from: '"num_frames":25,', to: '"num_frames":30,' },
      { file: "docs-repo/video-api/img-to-video.mdx", from: '"num_frames":25,', to: '"num_frames":30,' },
    ]);
    temporary.push(docsDir);
    const result = await runContract({ docsDir, reportsDir: tempDir("reports-"), responses: false });
    expect(result.exitCode).toBe(1);
    expect(result.stale).toEqual([]);
    const added = result.findings.filter((f) => f.status === "new");
    expect(added.map((f) => [f.field, f.aspect, f.locations])).toEqual([
      [
        "num_frames",
        "maximum",
        [
          { page: "v6-img2video.md", line: 32 },
          { page: "v6-img2video.md", line: 133 },
        ],
      ],
    ]);
  });

  it("reports a cross-source finding naming both sources when a rendered page and its openapi.json disagree", async () => {
    const docsDir = editedDocs([{ file: "v6-img2video.md", from: "          default: 16\n          maximum: 25\n", to: "          default: 16\n          maximum: 20\n" }]);
    temporary.push(docsDir);
    const result = await runContract({ docsDir, reportsDir: tempDir("reports-"), responses: false });
    expect(result.exitCode).toBe(1);
    const crossSource = result.findings.filter((f) => f.rule === "cross-source");
    expect(crossSource).toHaveLength(1);
    expect(crossSource[0]).toMatchObject({ status: "new", severity: "error", field: "num_frames", endpoints: ["POST /v6/video/img2video"] });
    expect(crossSource[0]!.locations.map((l) => l.page).sort()).toEqual(["docs-repo/video-api/openapi.json", "v6-img2video.md"]);
    expect(crossSource[0]!.message).toMatch(/v6-img2video\.md says 20.*docs-repo\/video-api\/openapi\.json.*says 25/);
    // The suggested fix follows ModelsLab's document, and applied it leaves no finding the copy did not start from.
    const fix = crossSource[0]!.fix!;
    expect(fix.follows).toBe("ModelsLab's document docs-repo/video-api/openapi.json (maximum 25)");
    expect(fix.edits).toEqual([{ page: "v6-img2video.md", line: 133, before: "maximum: 20", after: "maximum: 25" }]);
    const fixed = fixedDocs(fix.edits, { from: docsDir });
    temporary.push(fixed.dir);
    const after = await runContract({ docsDir: fixed.dir, reportsDir: tempDir("reports-"), responses: false });
    expect(after.findings.filter((f) => f.status === "new")).toEqual([]);
    expect(after.exitCode).toBe(0);
  });

  it("finds nothing in a consistent docs directory", async () => {
    // The two img2video_ultra pages, every inconsistency between them and with their schema fixed.
    const fixes: PageEdit[] = [
      { file: "v6-img2video-ultra.md", from: '    "guidance_scale":1.0,\n    "webhook": null,\n    "track_id":null\n', to: '    "guidance_scale":1.0\n' },
      { file: "v6-img2video-ultra.md", from: "        - prompt\n        - model_id\n", to: "        - prompt\n" },
      { file: "v6-img2video-ultra.md", from: "          type: integer\n          description: Output video resolution.", to: "          type: integer\n          maximum: 720\n          description: Output video resolution." },
      { file: "v6-img2video-ultra-legacy.txt", from: "The maximum is 480 .", to: "The maximum is 720 ." },
      { file: "v6-img2video-ultra-legacy.txt", from: "Default is 20. Maximum is 25.Integer (Default: 20, Max: 25).", to: "Default is 25. Maximum is 25.Integer (Default: 25, Max: 25)." },
      { file: "v6-img2video-ultra-legacy.txt", from: "When the model_id is cogvideox,", to: "When the model_id is wan2.2," },
      { file: "v6-img2video-ultra-legacy.txt", from: '"num_inference_steps":31,\n"guidance_scale":7,\n"webhook": null,\n"track_id":null\n', to: '"num_inference_steps":20,\n"guidance_scale":7\n' },
      { file: "v6-img2video-ultra-legacy.txt", from: '"num_inference_steps":30,', to: '"num_inference_steps":20,' },
      { file: "v6-img2video-ultra-legacy.txt", from: '"num_inference_steps": 30,', to: '"num_inference_steps": 20,' },
      { file: "v6-img2video-ultra-legacy.txt", from: '"prompt": "Space Station in space",', to: '"prompt": "moving character",' },
      { file: "v6-img2video-ultra.md", from: "defauted to", to: "defaulted to" },
      { file: "v6-img2video-ultra-legacy.txt", from: '"shift_sample":3,\n"fps":16,\n"webhook": null,\n"track_id":null\n', to: '"sample_shift":3,\n"fps":16\n' },
    ];
    const docsDir = editedDocs(fixes, ["v6-img2video-ultra.md", "v6-img2video-ultra-legacy.txt"], []);
    temporary.push(docsDir);
    // A project of its own: the two pages alone, no hand-written specs, no overlays, no baseline.
    const root = tempDir("project-");
    mkdirSync(join(root, "openapi", "specs"), { recursive: true });
    mkdirSync(join(root, "openapi", "overlays"), { recursive: true });
    mkdirSync(join(root, "contract-tests"));
    writeFileSync(join(root, "contract-tests", "baseline.yaml"), "findings: []\n");
    const result = await runContract({ root, docsDir, responses: false });
    expect(result.failures).toEqual([]);
    expect(result.findings.map((f) => `${f.id}: ${f.message}`)).toEqual([]);
    expect(result.checks.examplesSentToPrism).toBe(3);
    expect(result.checks.examplesAcceptedByPrism).toBe(3);
    expect(result.exitCode).toBe(0);
  });
});

describe("npm run contract: a <ParamField> page and an OpenAPI document", () => {
  it("reports each disagreement between the enterprise ultra page and a document operation at its endpoint, naming both", async () => {
    // A copy of the docs where ModelsLab's enterprise ultra document also describes the submit.
    const file = "docs-repo/enterprise-api/image-to-video-ultra/openapi.json";
    const submit = {
      post: {
        summary: "Image to Video Ultra",
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["key", "prompt"],
                properties: {
                  key: { type: "string" },
                  prompt: { type: "string" },
                  init_image: { type: "string" },
                  negative_prompt: { type: "string" },
                  seed: { type: "integer" },
                  resolution: { type: "integer", maximum: 720 },
                  num_frames: { type: "integer", default: 81 },
                  num_inference_steps: { type: "integer", default: 8, maximum: 8 },
                  guidance_scale: { type: "number", minimum: 1, maximum: 2 },
                  fps: { type: "integer", maximum: 18 },
                  portrait: { type: "boolean", default: false },
                  sample_shift: { type: "string", default: "3" },
                  temp: { type: "boolean", default: false },
                  webhook: { type: "string" },
                  track_id: { type: "string" },
                  base64: { type: "boolean" },
                },
              },
            },
          },
        },
        responses: { "200": { description: "ok" } },
      },
    };
    const original = readFileSync(join(layoutOf().upstreamDir, file), "utf8");
    const document = JSON.parse(original) as { paths: Record<string, unknown> };
    document.paths["/image_to_video_ultra/img2video"] = submit;
    const docsDir = editedDocs([{ file, from: original, to: JSON.stringify(document, null, 2) }]);
    temporary.push(docsDir);
    const result = await runContract({ docsDir, reportsDir: tempDir("reports-"), responses: false });
    const crossSource = result.findings.filter((f) => f.rule === "cross-source");
    const page = "docs-repo/enterprise-api/image-to-video-ultra/imagetovideo.mdx";
    expect(crossSource.map((f) => `${f.field} ${f.aspect}`).sort()).toEqual([
      "base64 source-presence",
      "num_frames source-default",
      "resolution source-maximum",
      "resolution source-type",
      "sample_shift source-default",
    ]);
    for (const finding of crossSource) {
      expect(finding.endpoints).toEqual(["POST /v1/enterprise/image_to_video_ultra/img2video"]);
      expect(finding.locations.map((l) => l.page).sort()).toEqual([file, page].sort());
      expect(finding.status).toBe("new");
    }
    expect(crossSource.find((f) => f.field === "resolution" && f.aspect === "source-maximum")!.message).toBe(
      `"resolution" maximum: the <ParamField> page ${page} says maximum 480, ModelsLab's document ${file} says maximum 720.`,
    );
    expect(result.checks.sourcePairs).toContainEqual({ page, document: file, operation: "POST /image_to_video_ultra/img2video", via: "<ParamField> tags" });
    // The fix of the default follows the document in the <ParamField> tag and its words; applied, that disagreement is gone.
    const numFrames = crossSource.find((f) => f.field === "num_frames")!;
    expect(numFrames.fix?.edits).toEqual([
      { page, line: 56, before: ' default="92"', after: ' default="81"' },
      { page, line: 57, before: "Default is 92", after: "Default is 81" },
    ]);
    const fixed = fixedDocs(numFrames.fix!.edits, { from: docsDir });
    temporary.push(fixed.dir);
    const after = await runContract({ docsDir: fixed.dir, reportsDir: tempDir("reports-"), responses: false });
    expect(after.findings.filter((f) => f.rule === "cross-source" && f.field === "num_frames")).toEqual([]);
    expect(after.findings.filter((f) => f.rule === "cross-source").length).toBe(crossSource.length - 1);
  });
});

describe("npm run contract: the documents kept by content (documents-cache.ts)", () => {
  it("gives the same findings, ids and reports built fresh, from an entry just made and from one kept (today's docs and an edited copy)", async () => {
    const edited = editedDocs([{ file: "v6-img2video.md", from: '"num_frames":25,', to: '"num_frames":30,' }]);
    temporary.push(edited);
    for (const docsDir of [undefined, edited]) {
      const cache = tempDir("documents-cache-");
      const options: ContractOptions = { ...(docsDir ? { docsDir } : {}), prism: false, responses: false };
      const fresh = await outputOf({ ...options, documentsCache: false });
      expect(readdirSync(cache)).toEqual([]);
      const made = await outputOf({ ...options, documentsCache: cache });
      const [entry] = readdirSync(cache);
      expect(readdirSync(cache)).toEqual([`${documentsKey(docsDir ? { ...layoutOf(), upstreamDir: docsDir, manifestFile: join(docsDir, "manifest.yaml") } : layoutOf(), { verifySnapshots: !docsDir })}.json`]);
      const written = statSync(join(cache, entry!)).mtimeMs;
      const kept = await outputOf({ ...options, documentsCache: cache });
      expect(statSync(join(cache, entry!)).mtimeMs, "the second run reads the entry, it does not build it again").toBe(written);
      expect(made).toEqual(fresh);
      expect(kept).toEqual(fresh);
    }
  });

  it("uses what an entry holds: a run reads the kept entry instead of building (so the key is what keeps it true)", async () => {
    const cache = tempDir("documents-cache-");
    const options: ContractOptions = { prism: false, responses: false, documentsCache: cache };
    await runContract({ ...options, reportsDir: tempDir("reports-") });
    const [entry] = readdirSync(cache);
    const kept = JSON.parse(readFileSync(join(cache, entry!), "utf8")) as { documents: { manifest: { pages: { file: string }[] } } };
    kept.documents.manifest.pages = kept.documents.manifest.pages.slice(0, 1);
    writeFileSync(join(cache, entry!), JSON.stringify(kept));
    const result = await runContract({ ...options, reportsDir: tempDir("reports-") });
    expect(result.pages.map((page) => page.file)).toEqual([kept.documents.manifest.pages[0]!.file]);
  });
});

const launchRoot = tempDir("contract-launch-");

function write(path: string, text: string): void {
  mkdirSync(join(launchRoot, path, ".."), { recursive: true });
  writeFileSync(join(launchRoot, path), text);
}

write("tsconfig.json", "{}\n");
write("scripts/where.ts", 'export const here: string = import.meta.url;\nexport const folder: string = import.meta.dirname;\n');
write("contract-tests/cli.ts", 'import { here, folder } from "../scripts/where.js";\nexport const main = (): string[] => [import.meta.url, here, folder, "one"];\n');
write("contract-tests/cli.test.ts", "a test file, not part of a build\n");

const ENTRY = { check: "contract-tests/cli.ts" };
const mainOf = async (built: string | undefined): Promise<string[]> => ((await import(`${pathToFileURL(join(built!, "check.mjs")).href}?${Date.now()}`)) as { main: () => string[] }).main();

describe("npm run contract: its launcher, contract-tests/launch.mjs (the check built once per content; on a small project of its own)", () => {
  it("hashes the sources it can build from (not test files), and the project's own sources include the check's entry", () => {
    expect(sourceFiles(launchRoot).map((file) => file.slice(launchRoot.length + 1))).toEqual(["contract-tests/cli.ts", "scripts/where.ts", "tsconfig.json"]);
    expect(sourceFiles()).toContain(join(PROJECT_ROOT, "contract-tests", "cli.ts"));
    expect(sourceKey(launchRoot)).toMatch(/^[0-9a-f]{32}$/);
  });

  it("builds once per content, each module keeping its own import.meta, and builds anew when a byte changes", async () => {
    const first = await builtCheck(launchRoot, ENTRY);
    expect(first).toBe(join(launchRoot, "node_modules", ".cache", "modelslab-contract", sourceKey(launchRoot)));
    expect(readdirSync(first!)).toEqual(["check.mjs"]);
    expect(await mainOf(first)).toEqual([pathToFileURL(join(launchRoot, "contract-tests", "cli.ts")).href, pathToFileURL(join(launchRoot, "scripts", "where.ts")).href, join(launchRoot, "scripts"), "one"]);
    expect(await builtCheck(launchRoot, ENTRY)).toBe(first);

    write("contract-tests/cli.test.ts", "a test file changed: the build stays\n");
    expect(await builtCheck(launchRoot, ENTRY)).toBe(first);

    write("contract-tests/cli.ts", 'import { here, folder } from "../scripts/where.js";\nexport const main = (): string[] => [import.meta.url, here, folder, "two"];\n');
    const second = await builtCheck(launchRoot, ENTRY);
    expect(second).not.toBe(first);
    expect((await mainOf(second)).at(-1)).toBe("two");
  });

  it("refuses to build a check that imports a module outside the hashed folders (a change to it would go unseen)", async () => {
    write("outside/part.ts", "export const part = 1;\n");
    write("contract-tests/cli.ts", 'import { part } from "../outside/part.js";\nexport const main = (): number => part;\n');
    await expect(builtCheck(launchRoot, ENTRY)).rejects.toThrow("the contract check imports outside/part.ts, outside contract-tests, scripts, generated, src");
  });

  it("runs the project's own check built: `npm run contract`'s command answers a bad option as the check does (exit 2, the usage line)", () => {
    const script = (JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts["contract"];
    expect(script).toBe("node contract-tests/launch.mjs");
    const run = spawnSync(process.execPath, [join(PROJECT_ROOT, "contract-tests", "launch.mjs"), "--format", "xml"], { cwd: PROJECT_ROOT, encoding: "utf8" });
    expect([run.status, run.stdout]).toEqual([2, ""]);
    expect(run.stderr).toBe('error: --format must be text, sarif, github, not "xml"\nusage: npm run contract [-- [--docs DIR] [--docs-repo DIR] [--reports DIR] [--no-responses] [--format text|sarif|github]]\n');
  });
});

describe("npm run contract: Prism's side on a thread of its own (harness/prism-side.ts)", () => {
  const tiny = {
    openapi: "3.1.0",
    info: { title: "tiny", version: "1" },
    paths: { "/ping": { get: { responses: { "200": { description: "pong", content: { "application/json": { schema: { type: "object" }, example: { pong: true } } } } } } } },
  };

  it("`npm run contract` (the check built, Prism on its worker thread, a fresh process) prints and reports what the check run from its sources in this thread does", async () => {
    const inThread = (await projectCheck()).output;
    const reportsDir = tempDir("reports-");
    const script = (JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts["contract"]!;
    const [program, ...args] = script.split(" ");
    expect(program).toBe("node");
    const run = spawnSync(process.execPath, [...args, "--reports", reportsDir], { cwd: PROJECT_ROOT, encoding: "utf8" });
    expect([run.status, run.stderr]).toEqual([0, ""]);
    const report = (name: string) => readFileSync(join(reportsDir, name), "utf8").replaceAll(reportsDir, "REPORTS");
    const json = JSON.parse(report("contract-report.json")) as Record<string, unknown>;
    delete json.timings;
    expect([run.stdout.replaceAll(reportsDir, "REPORTS").replace(/\n {2}time: .*/, "").trimEnd(), JSON.stringify(json, null, 2), report("contract-report.md"), report("contract-report.sarif")]).toEqual(inThread);
    expect(inThread[0]).toContain("responses: 48 of 48 client calls on Prism (static + dynamic) valid");
  });

  it("serves until closed, and says why a document cannot be served, on a thread and without one", async () => {
    const built = await builtCheck();
    for (const thread of [undefined, pathToFileURL(join(built!, "prism-thread.mjs"))]) {
      const side = openPrismSide(thread);
      const [url] = await side.serve({ pages: [{ label: "tiny.yaml", document: tiny }] }).listening;
      expect(await (await fetch(`${url}/ping`)).json()).toEqual({ pong: true });
      await side.close();
      await expect(fetch(`${url}/ping`)).rejects.toThrow();

      const empty = openPrismSide(thread);
      await expect(empty.serve({ pages: [{ label: "empty.yaml", document: { ...tiny, paths: {} } }] }).listening).rejects.toThrow("No operations found in the current file.");
      await empty.close();
    }
  });
});
