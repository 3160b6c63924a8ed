import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildGenerated, runGenerate, staleFiles } from "./generate.js";
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
});
