/**
 * The files content-keyed results are named by: every file under a folder, and the pipeline's own
 * code. The generated/ stamp (generated-stamp.ts), the pipeline's kept builds (build-cache.ts) and
 * the contract check's kept documents (contract-tests/documents-cache.ts) name their entries by
 * these lists, so a change to the pipeline gives each of them another name.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "./layout.js";

/** Every file under `dir` (none when it is missing), sorted. */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** The pipeline's code (scripts/ but its tests) and package-lock.json, which pins the libraries it calls; undefined where the sources are not (a packaged copy). */
export function pipelineCode(): string[] | undefined {
  const scripts = filesUnder(join(PROJECT_ROOT, "scripts")).filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"));
  const lockfile = join(PROJECT_ROOT, "package-lock.json");
  return scripts.length > 0 && existsSync(lockfile) ? [...scripts, lockfile] : undefined;
}
