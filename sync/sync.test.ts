import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type * as TypeScript from "typescript";
import { describe, expect, it } from "vitest";
import { renderChangeMarkdown } from "./change-report.js";
import { runGenerate } from "../scripts/generate.js";
import { layoutOf } from "../scripts/layout.js";
import { sync } from "./sync.js";
import { cleanUpAfterEach, docsWith, projectCopy, treeHash, ULTRA, V6 } from "./sync-fixtures.js";

cleanUpAfterEach();

/**
 * TypeScript by require: its 9 MB CommonJS file imported as an ES module is first scanned for its
 * exports (cjs-module-lexer) and its format, about half a second of CPU; require compiles it only.
 */
const ts = createRequire(import.meta.url)("typescript") as typeof TypeScript;

describe("npm run sync", () => {
  it("reports no change and exits 0 for the unchanged snapshots", async () => {
    const root = projectCopy();
    const before = treeHash(root);
    const { report, written } = await sync({ contract: false, root, from: layoutOf().upstreamDir });
    expect(report).toMatchObject({ verdict: "no-change", exitCode: 0, changes: [] });
    expect(report.pages.every((p) => p.status === "unchanged")).toBe(true);
    expect(written).toEqual([]);
    expect(treeHash(root)).toBe(before);
  });

  it.each([
    ["an enum narrowed on one page", ULTRA, (t: string) => t.replace("            - wan2.2\n            - ltx-2.3\n", "            - wan2.2\n"), "enum-values-removed", "model_id"],
    ["a property removed", ULTRA, (t: string) => t.replace(/        fps:\n          type: integer\n          maximum: 16\n          description: Frames per second\n/, ""), "property-removed", "fps"],
    ["a maximum lowered", V6, (t: string) => t.replace("          default: 16\n          maximum: 25", "          default: 16\n          maximum: 20"), "limit-tightened", "num_frames (maximum)"],
    [
      "a new required field",
      V6,
      (t: string) => t.replace("        - init_image\n", "        - init_image\n        - seed\n").replace("      properties:\n        key:", "      properties:\n        seed:\n          type: integer\n        key:"),
      "required-property-added",
      "seed",
    ],
  ])("classifies %s as breaking (exit 20) and rewrites snapshot, manifest and generated files", async (_, page, edit, kind, field) => {
    const root = projectCopy();
    const { report, written } = await sync({ contract: false, root, from: docsWith(page, edit) });
    expect(report).toMatchObject({ verdict: "breaking", exitCode: 20 });
    expect(report.changes).toContainEqual(expect.objectContaining({ kind, field, breaking: true, location: "request body" }));
    expect(written).toEqual(expect.arrayContaining([`openapi/upstream/${page}`, "openapi/upstream/manifest.yaml", "generated/openapi.yaml"]));
    const said: string[] = [];
    const check = await runGenerate(["--check", "--force", "--root", root], { out: (line) => said.push(line), err: (line) => said.push(line) });
    expect(said.join("\n")).toContain("generated/ is up to date");
    expect(check).toBe(0);
  });

  it("breaks a consumer that used a removed field: it type-checks before the sync and not after", async () => {
    const root = projectCopy();
    writeFileSync(
      join(root, "consumer.ts"),
      [
        'import type { components } from "./generated/schema.js";',
        'export const request: components["schemas"]["V6ImageToVideoUltraRequest"] = {',
        '  key: "k", model_id: "wan2.2", prompt: "a cat", init_image: "https://example.com/cat.png", fps: 16,',
        "};",
        "",
      ].join("\n"),
    );
    // `tsc --noEmit --strict --module nodenext --moduleResolution nodenext --lib esnext --skipLibCheck consumer.ts`, in process:
    // a consumer of the generated types alone, which need no DOM (its lib files are two thirds of what a check parses).
    // TypeScript's own lib files are read once for both checks (they are the same files; consumer.ts and generated/ are read anew).
    const options: TypeScript.CompilerOptions = { noEmit: true, strict: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, lib: ["lib.esnext.d.ts"], skipLibCheck: true, types: [] };
    const libDir = dirname(ts.getDefaultLibFilePath(options));
    const libFiles = new Map<string, TypeScript.SourceFile | undefined>();
    const typecheck = () => {
      const host = ts.createCompilerHost(options);
      host.getCurrentDirectory = () => root;
      const readSourceFile = host.getSourceFile.bind(host);
      host.getSourceFile = (fileName, ...rest) => {
        if (dirname(fileName) !== libDir) return readSourceFile(fileName, ...rest);
        if (!libFiles.has(fileName)) libFiles.set(fileName, readSourceFile(fileName, ...rest));
        return libFiles.get(fileName);
      };
      const diagnostics = ts.getPreEmitDiagnostics(ts.createProgram([join(root, "consumer.ts")], options, host));
      return { status: diagnostics.length === 0 ? 0 : 2, stdout: ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => "\n" }) };
    };
    const before = typecheck();
    expect(before.status, before.stdout).toBe(0);
    const removeFps = (t: string) => t.replace(/        fps:\n          type: integer\n          maximum: 16\n          description: Frames per second\n/, "");
    expect((await sync({ contract: false, root, from: docsWith(ULTRA, removeFps) })).report.exitCode).toBe(20);
    const after = typecheck();
    expect(after.status).not.toBe(0);
    expect(after.stdout).toMatch(/consumer\.ts\(3,\d+\): error TS2353: Object literal may only specify known properties, and 'fps' does not exist/);
  });

  it("classifies a description-only edit as non-breaking (exit 10)", async () => {
    const { report } = await sync({ contract: false, root: projectCopy(), from: docsWith(V6, (t) => t.replace("description: Height in pixels", "description: Height of the video in pixels")) });
    expect(report).toMatchObject({ verdict: "non-breaking", exitCode: 10, counts: { breaking: 0, nonBreaking: 1 } });
    expect(report.changes).toEqual([expect.objectContaining({ kind: "documentation-changed", field: "height" })]);
  });

  it("classifies a prose-only page edit as a documentation-only change (exit 10, no spec change)", async () => {
    const { report } = await sync({ contract: false, root: projectCopy(), from: docsWith(V6, (t) => t.replace("# Image to Video\n", "# Image to Video (v6)\n")) });
    expect(report).toMatchObject({ verdict: "non-breaking", exitCode: 10, changes: [] });
  });

  it("--check reports a breaking change and writes nothing", async () => {
    const root = projectCopy();
    const before = treeHash(root);
    const { report, written } = await sync({ contract: false, root, check: true, from: docsWith(ULTRA, (t) => t.replace("          maximum: 16\n          description: Frames per second", "          maximum: 8\n          description: Frames per second")) });
    expect(report.exitCode).toBe(20);
    expect(written).toEqual([]);
    expect(treeHash(root)).toBe(before);
  });

  it("fails (exit 1, nothing written) when an overlay's target vanished, naming the overlay", async () => {
    const root = projectCopy();
    const before = treeHash(root);
    const noModelId = (t: string) => t.replace("        - model_id\n", "").replace(/        model_id:\n          type: string\n          enum:\n            - svd\n          description: The ID of the model to use\n/, "");
    const { report } = await sync({ contract: false, root, from: docsWith(V6, noModelId) });
    expect(report).toMatchObject({ verdict: "failed", exitCode: 1 });
    expect(report.overlays.unmatched).toContainEqual(expect.objectContaining({ overlay: "openapi/overlays/model-ids.overlay.yaml", action: 1 }));
    expect(treeHash(root)).toBe(before);
  });

  it("reports an overlay that no longer changes anything because the docs now say it", async () => {
    const nullable = (t: string) =>
      t
        .replace("        webhook:\n          type: string\n", "        webhook:\n          type:\n            - string\n            - 'null'\n")
        .replace("        track_id:\n          type: string\n", "        track_id:\n          type:\n            - string\n            - 'null'\n");
    const { report } = await sync({ contract: false, root: projectCopy(), from: docsWith(V6, nullable) });
    expect(report.overlays.withoutEffect).toEqual([expect.objectContaining({ overlay: "openapi/overlays/nullable-fields.overlay.yaml", action: 1 })]);
    expect(report).toMatchObject({ exitCode: 10, changes: [] });
  });

  it("fails (exit 1, nothing written) when the new docs cannot be merged, naming both sources", async () => {
    const root = projectCopy();
    const before = treeHash(root);
    const { report } = await sync({ contract: false, root, from: docsWith(ULTRA, (t) => t.replace("        tip:\n          type: string\n          description: Additional information or tips for the user\n", "")) });
    expect(report.exitCode).toBe(1);
    expect(report.errors[0]).toMatch(/merge conflict: generated\/extracted\/v6-img2video\.yaml and generated\/extracted\/v6-img2video-ultra\.yaml both define components\.schemas\.V6VideoResponse/);
    expect(treeHash(root)).toBe(before);
  });

  it("classifies a statement changed in a page's table (not its OpenAPI) with the same rules", async () => {
    const legacy = "v6-img2video-ultra-legacy.txt";
    const { report } = await sync({
      contract: false,
      root: projectCopy(),
      from: docsWith(legacy, (t) => t.replace("Default is 20. Maximum is 25.Integer (Default: 20, Max: 25).", "Default is 20. Maximum is 20.Integer (Default: 20, Max: 20).")),
    });
    expect(report).toMatchObject({ verdict: "breaking", exitCode: 20 });
    expect(report.changes).toContainEqual(
      expect.objectContaining({ operation: "POST /v6/video/img2video_ultra", field: "num_inference_steps", kind: "limit-tightened", before: 25, after: 20, breaking: true }),
    );
    expect(report.changes.every((c) => c.location.startsWith(`${legacy}:33`))).toBe(true);
  });

  it("runs the contract check on the new docs: a fixed inconsistency leaves a stale baseline entry, a new one is reported", async () => {
    const legacy = "v6-img2video-ultra-legacy.txt";
    const fixed = await sync({ root: projectCopy(), from: docsWith(legacy, (t) => t.replace('"shift_sample":3', '"sample_shift":3')) });
    expect(fixed.report.contract?.failures).toEqual([]);
    expect(fixed.report.contract?.newFindings).toEqual([]);
    expect(fixed.report.contract?.staleBaseline).toHaveLength(1);
    const broken = await sync({ root: projectCopy(), check: true, from: docsWith(V6, (t) => t.replace('"num_frames":25', '"num_frames":30')) });
    // The rendered page alone was edited, so it also differs from the .mdx it is rendered from.
    expect(broken.report.contract?.newFindings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ rule: "example-schema", severity: "error", message: expect.stringContaining('"num_frames" 30') }),
        expect.objectContaining({ rule: "rendered-page", message: expect.stringContaining("differs from its source video-api/img-to-video.mdx on 1 line: line 32 shows") }),
      ]),
    );
    expect(broken.report.contract?.newFindings).toHaveLength(2);
    expect(broken.report.contract?.staleBaseline).toEqual([]);
  });

  it("proposes the spec edit for a transcription finding (spec file, line, before → after) in its change report", async () => {
    const enterprise = "v1-enterprise-img2video.md";
    const { report } = await sync({
      root: projectCopy(),
      check: true,
      from: docsWith(enterprise, (t) => t.replace('query="min_guidance_scale" type="number" min="0" default="0"', 'query="min_guidance_scale" type="number" min="1" default="1"')),
    });
    const transcription = report.contract?.newFindings.find((f) => f.rule === "transcription");
    expect(transcription?.specEdits).toEqual([
      { file: "openapi/specs/v1-enterprise-video.yaml", line: 124, before: "          default: 0", after: "          default: 1" },
      { file: "openapi/specs/v1-enterprise-video.yaml", line: 123, before: "          minimum: 0", after: "          minimum: 1" },
    ]);
    const markdown = renderChangeMarkdown(report);
    expect(markdown).toContain("  - proposed: openapi/specs/v1-enterprise-video.yaml:124 `default: 0` → `default: 1`");
    expect(markdown).toContain("  - proposed: openapi/specs/v1-enterprise-video.yaml:123 `minimum: 0` → `minimum: 1`");
  });
});
