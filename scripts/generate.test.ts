import { spawnSync } from "node:child_process";
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildGenerated, staleFiles } from "./generate.js";
import { layoutOf, PROJECT_ROOT } from "./layout.js";

const TSX = join(PROJECT_ROOT, "node_modules", ".bin", "tsx");
const temps: string[] = [];

/** A copy of the pipeline's inputs and outputs, to break without touching the project. */
function copyProject(): string {
  const root = mkdtempSync(join(tmpdir(), "modelslab-generate-"));
  temps.push(root);
  cpSync(join(PROJECT_ROOT, "openapi"), join(root, "openapi"), { recursive: true });
  cpSync(join(PROJECT_ROOT, "generated"), join(root, "generated"), { recursive: true });
  return root;
}

function generate(root: string, ...flags: string[]) {
  const run = spawnSync(TSX, [join(PROJECT_ROOT, "scripts", "generate.ts"), ...flags, "--root", root], { encoding: "utf8" });
  return { status: run.status, output: run.stdout + run.stderr };
}

afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("npm run generate", () => {
  it("reproduces the committed generated/ byte for byte", async () => {
    const layout = layoutOf();
    expect(staleFiles(layout, await buildGenerated(layout))).toEqual([]);
  });

  it("--check passes on an untouched copy and fails, naming the stale files, after a hand-written spec changes", () => {
    const root = copyProject();
    expect(generate(root, "--check")).toMatchObject({ status: 0, output: expect.stringContaining("generated/ is up to date") });

    const spec = join(root, "openapi", "specs", "v7-video-fusion.yaml");
    writeFileSync(spec, readFileSync(spec, "utf8").replace("Enter a prompt to define the actions", "Describe the actions"));
    const stale = generate(root, "--check");
    expect(stale.status).toBe(1);
    expect(stale.output).toContain("generated/ is stale");
    expect(stale.output).toContain("generated/openapi.yaml (differs)");
    expect(stale.output).toContain("generated/schema.d.ts (differs)");
    expect(stale.output).not.toContain("client.ts");

    expect(generate(root).status).toBe(0);
    expect(generate(root, "--check").status).toBe(0);
  });

  it("--check names a generated file that no pipeline step produces any more", () => {
    const root = copyProject();
    writeFileSync(join(root, "generated", "extracted", "v6-removed-page.yaml"), "openapi: 3.1.0\n");
    const run = generate(root, "--check");
    expect(run.status).toBe(1);
    expect(run.output).toContain("generated/extracted/v6-removed-page.yaml (no longer produced)");
  });

  it("refuses to run on a snapshot edited by hand", () => {
    const root = copyProject();
    appendFileSync(join(root, "openapi", "upstream", "v6-img2video.md"), "\nedited\n");
    const run = generate(root);
    expect(run.status).toBe(1);
    expect(run.output).toContain("error: openapi/upstream: v6-img2video.md no longer matches the sha256 in manifest.yaml");
  });
});
