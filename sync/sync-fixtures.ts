/**
 * Fixtures of the sync tests (sync/sync.test.ts, sync/sync-sources.test.ts, split so two
 * workers run them): copies of the project and of the docs, each removed after its test.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, expect } from "vitest";
import { layoutOf, PROJECT_ROOT } from "../scripts/layout.js";
import { sha256 } from "../scripts/manifest.js";

const temps: string[] = [];
export const servers: Server[] = [];
/**
 * Registers the clean-up of the temporary directories and servers after each test of the calling
 * file. A test's directories are removed while the next test runs (removing files waits on the
 * disk, not the processor); the file ends once every one is gone.
 */
export function cleanUpAfterEach(): void {
  const removals: Promise<void>[] = [];
  afterEach(async () => {
    for (const dir of temps.splice(0)) removals.push(rm(dir, { recursive: true, force: true }));
    await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  });
  afterAll(async () => {
    await Promise.all(removals);
  });
}

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

/** A copy of the project's pipeline inputs and outputs for sync to work on. */
export function projectCopy(): string {
  const root = tempDir("modelslab-sync-root-");
  cpSync(join(PROJECT_ROOT, "openapi"), join(root, "openapi"), { recursive: true });
  cpSync(join(PROJECT_ROOT, "generated"), join(root, "generated"), { recursive: true });
  cpSync(join(PROJECT_ROOT, "contract-tests", "baseline.yaml"), join(root, "contract-tests", "baseline.yaml"));
  for (const file of ["package.json", "package-lock.json", "CHANGELOG.md"]) cpSync(join(PROJECT_ROOT, file), join(root, file));
  return root;
}

/** A docs directory derived from the real snapshots, with one page edited. */
export function docsWith(file: string, edit: (text: string) => string): string {
  const dir = tempDir("modelslab-docs-");
  cpSync(layoutOf().upstreamDir, dir, { recursive: true });
  const path = join(dir, file);
  const before = readFileSync(path, "utf8");
  const after = edit(before);
  expect(after, "the fixture edit must change the page").not.toBe(before);
  writeFileSync(path, after);
  return dir;
}

/** A docs directory derived from the real snapshots, with several files edited. */
export function docsWithEdits(edits: Record<string, (text: string) => string>): string {
  const dir = tempDir("modelslab-docs-");
  cpSync(layoutOf().upstreamDir, dir, { recursive: true });
  for (const [file, edit] of Object.entries(edits)) {
    const path = join(dir, file);
    const before = readFileSync(path, "utf8");
    const after = edit(before);
    expect(after, `the fixture edit must change ${file}`).not.toBe(before);
    writeFileSync(path, after);
  }
  return dir;
}

/** sha256 of every file under a root: proves a run wrote nothing. */
export function treeHash(root: string): string {
  const files = readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
  return sha256(files.map((f) => `${f}\n${sha256(readFileSync(f))}`).join("\n"));
}

export const ULTRA = "v6-img2video-ultra.md";
export const V6 = "v6-img2video.md";
