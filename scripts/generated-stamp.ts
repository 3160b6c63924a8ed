/**
 * Remembers that generated/ was verified against its inputs, so `npm run generate:check` and
 * `npm run generate` need not rebuild everything when nothing changed. The stamp's name is a
 * sha256 over every input of the pipeline (openapi/ of the root checked, the pipeline's own code,
 * package.json (the version) and package-lock.json, the Node version) and every file of
 * generated/; it is written only after a
 * run proved generated/ equal to a fresh build. Any byte changed anywhere gives another name,
 * and so a full run. Stamps live in node_modules/.cache (never committed; a fresh clone has none).
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { Layout } from "./layout.js";
import { PROJECT_ROOT } from "./layout.js";
import { filesUnder, pipelineCode } from "./pipeline-files.js";

const STAMP_DIR = join(PROJECT_ROOT, "node_modules", ".cache", "modelslab-generated");
/** Stamps kept (test runs check copies of the project too); the oldest go first. */
const KEPT = 32;

/** The pipeline's own code, what turns the inputs into generated/, and package.json (the version). */
function pipelineFiles(): string[] {
  // contract-tests code the pipeline imports is not part of generate.
  return [...(pipelineCode() ?? []), join(PROJECT_ROOT, "package.json")];
}

/** The stamp name for the inputs and generated/ as they are now. */
export function generatedStamp(layout: Layout): string {
  const hash = createHash("sha256").update(`node ${process.version}\n`);
  const add = (label: string, file: string) => hash.update(`${label}\n`).update(readFileSync(file)).update("\n");
  for (const file of filesUnder(join(layout.root, "openapi"))) add(`input ${relative(layout.root, file)}`, file);
  for (const file of pipelineFiles()) add(`code ${relative(PROJECT_ROOT, file)}`, file);
  for (const file of filesUnder(layout.generatedDir)) add(`output ${relative(layout.root, file)}`, file);
  return hash.digest("hex");
}

export function isStamped(stamp: string): boolean {
  return existsSync(join(STAMP_DIR, stamp));
}

/** Records that generated/ (as hashed in `stamp`) equals a fresh build of its inputs. */
export function writeStamp(stamp: string): void {
  try {
    mkdirSync(STAMP_DIR, { recursive: true });
    writeFileSync(join(STAMP_DIR, stamp), "");
    const stamps = readdirSync(STAMP_DIR)
      .map((name) => ({ name, time: statSync(join(STAMP_DIR, name)).mtimeMs }))
      .sort((a, b) => b.time - a.time);
    for (const { name } of stamps.slice(KEPT)) rmSync(join(STAMP_DIR, name), { force: true });
  } catch {
    // A read-only node_modules only costs the next run its shortcut.
  }
}
