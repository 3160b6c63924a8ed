import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildDocuments, buildGenerated, runGenerate, staleFiles } from "./generate.js";
import { layoutOf, PROJECT_ROOT } from "./layout.js";

const temps: string[] = [];

/** A copy of the pipeline's inputs and outputs, to break without touching the project. */
function copyProject(): string {
  const root = mkdtempSync(join(tmpdir(), "modelslab-generate-"));
  temps.push(root);
  cpSync(join(PROJECT_ROOT, "openapi"), join(root, "openapi"), { recursive: true });
  cpSync(join(PROJECT_ROOT, "generated"), join(root, "generated"), { recursive: true });
  return root;
}

/** `npm run generate` on a copy, in this process (the entry around runGenerate only exits with its code). */
async function generate(root: string, ...flags: string[]) {
  const lines: string[] = [];
  const print = { out: (line: string) => lines.push(line), err: (line: string) => lines.push(line) };
  const status = await runGenerate([...flags, "--root", root], print);
  return { status, output: lines.join("\n") };
}

afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("npm run generate", () => {
  it("reproduces the committed generated/ byte for byte", async () => {
    const layout = layoutOf();
    expect(staleFiles(layout, await buildGenerated(layout))).toEqual([]);
  });

  it("--check passes on an untouched copy and fails, naming the stale files, after a hand-written spec changes", async () => {
    const root = copyProject();
    expect(await generate(root, "--check", "--force")).toMatchObject({ status: 0, output: expect.stringContaining("generated/ is up to date (15 files checked") });

    const spec = join(root, "openapi", "specs", "v7-video-fusion.yaml");
    writeFileSync(spec, readFileSync(spec, "utf8").replace("Enter a prompt to define the actions", "Describe the actions"));
    const stale = await generate(root, "--check");
    expect(stale.status).toBe(1);
    expect(stale.output).toContain("generated/ is stale");
    expect(stale.output).toContain("generated/openapi.yaml (differs)");
    expect(stale.output).toContain("generated/schema.d.ts (differs)");
    expect(stale.output).not.toContain("client.ts");

    expect((await generate(root)).status).toBe(0);
    expect((await generate(root, "--check")).status).toBe(0);
  });

  it("--check is quick when nothing changed since the last verified run, and any change anywhere runs it in full", async () => {
    const root = copyProject();
    const full = /generated\/ is up to date \(15 files checked/;
    const remembered = /generated\/ is up to date \(nothing changed since it was last verified/;
    expect((await generate(root, "--check", "--force")).output).toMatch(full);
    expect((await generate(root, "--check")).output).toMatch(remembered);
    expect((await generate(root)).output).toMatch(remembered);
    // A generated file edited by hand: no shortcut, and the check fails.
    const schema = join(root, "generated", "schema.d.ts");
    writeFileSync(schema, `${readFileSync(schema, "utf8")}// edited\n`);
    expect(await generate(root, "--check")).toMatchObject({ status: 1, output: expect.stringContaining("generated/schema.d.ts (differs)") });
    expect(await generate(root)).toMatchObject({ status: 0, output: expect.stringContaining("wrote   generated/schema.d.ts") });
    expect((await generate(root, "--check")).output).toMatch(remembered);
    // An input changed (a description in a hand-written spec): a full run, which finds generated/ stale.
    const spec = join(root, "openapi", "specs", "v1-enterprise-ultra-video.yaml");
    writeFileSync(spec, readFileSync(spec, "utf8").replace("Items you don't want in the video.", "What the video should not show."));
    expect((await generate(root, "--check")).status).toBe(1);
  });

  it("--check names a generated file that no pipeline step produces any more", async () => {
    const root = copyProject();
    writeFileSync(join(root, "generated", "extracted", "v6-removed-page.yaml"), "openapi: 3.1.0\n");
    const run = await generate(root, "--check");
    expect(run.status).toBe(1);
    expect(run.output).toContain("generated/extracted/v6-removed-page.yaml (no longer produced)");
  });

  it("refuses to run on a snapshot edited by hand", async () => {
    const root = copyProject();
    appendFileSync(join(root, "openapi", "upstream", "v6-img2video.md"), "\nedited\n");
    const run = await generate(root);
    expect(run.status).toBe(1);
    expect(run.output).toContain("error: openapi/upstream: v6-img2video.md no longer matches the sha256 in manifest.yaml");
  });
  it("builds the documents once per content of the inputs: each caller gets a copy of its own, a changed input builds anew, and every call still checks snapshots and overlays", async () => {
    const root = copyProject();
    const layout = layoutOf(root);
    const first = await buildDocuments(layout);
    const title = (first.final.info as { title: string }).title;
    (first.final.info as { title: string }).title = "changed by a caller";
    (first.merged.paths as Record<string, unknown>)["/changed"] = {};
    const again = await buildDocuments(layout);
    expect((again.final.info as { title: string }).title).toBe(title);
    expect(Object.keys(again.merged.paths as object)).not.toContain("/changed");

    const spec = join(root, "openapi", "specs", "v7-video-fusion.yaml");
    writeFileSync(spec, readFileSync(spec, "utf8").replace("Enter a prompt to define the actions", "Describe the actions"));
    expect(JSON.stringify((await buildDocuments(layout)).final)).toContain("Describe the actions");

    writeFileSync(join(root, "openapi", "overlays", "zz-gone.overlay.yaml"), "overlay: 1.0.0\ninfo: { title: gone, version: '1' }\nactions:\n  - target: $.components.schemas.Gone\n    description: a schema the docs no longer have\n    update: { x: 1 }\n");
    const reported = await buildDocuments(layout, { overlays: "report" });
    expect(reported.overlays.unmatched).toEqual([expect.objectContaining({ overlay: "openapi/overlays/zz-gone.overlay.yaml", action: 1 })]);
    await expect(buildDocuments(layout)).rejects.toThrow("openapi/overlays/zz-gone.overlay.yaml: action #1 matched nothing");

    appendFileSync(join(root, "openapi", "upstream", "v6-img2video.md"), "\nedited\n");
    expect((await buildDocuments(layout, { verifySnapshots: false, overlays: "report" })).overlays.unmatched).toHaveLength(1);
    await expect(buildDocuments(layout, { overlays: "report" })).rejects.toThrow("v6-img2video.md no longer matches the sha256 in manifest.yaml");
  });
});
