/**
 * The pipeline's documents for the contract check (scripts/documents.ts's buildDocuments: the
 * extraction, the merge and the overlays), kept by content. An entry is named by the sha256 of
 * everything buildDocuments reads and runs — every file of the docs copy, the hand-written specs
 * and the overlays, the pipeline's code (scripts/), package-lock.json, Node's version and the
 * build options — so a changed byte anywhere gives another name and a fresh build: an entry is
 * never stale, only unused. A build that fails is not kept. Entries live in
 * node_modules/.cache/modelslab-contract-documents (never committed; a fresh clone has none).
 * Without the pipeline's sources (the packaged check) nothing is kept: every run builds.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { buildDocuments, type BuildOptions, type PipelineDocuments } from "../scripts/documents.js";
import { filesUnder } from "../scripts/generated-stamp.js";
import { PROJECT_ROOT, type Layout } from "../scripts/layout.js";

export const DOCUMENTS_CACHE = join(PROJECT_ROOT, "node_modules", ".cache", "modelslab-contract-documents");
/** Entries kept (the tests check many copies of the docs); the oldest go first. */
const KEPT = 48;
/** Bumped when what an entry holds changes shape. */
const FORMAT = "pipeline-documents 1";

/** The pipeline's code, or undefined where its sources are not (the packaged check). */
function pipelineCode(): string[] | undefined {
  const scripts = filesUnder(join(PROJECT_ROOT, "scripts")).filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"));
  const lockfile = join(PROJECT_ROOT, "package-lock.json");
  return scripts.length > 0 && existsSync(lockfile) ? [...scripts, lockfile] : undefined;
}

/** The name of the entry for these inputs, or undefined when they cannot be named (no pipeline sources). */
export function documentsKey(layout: Layout, options: BuildOptions): string | undefined {
  const code = pipelineCode();
  if (!code) return undefined;
  const hash = createHash("sha256").update(`${FORMAT}\nnode ${process.version}\noptions ${JSON.stringify({ verifySnapshots: options.verifySnapshots ?? true, overlays: options.overlays ?? "strict" })}\n`);
  const add = (label: string, file: string) => hash.update(`${label}\n`).update(readFileSync(file)).update("\n");
  for (const [name, dir] of [["upstream", layout.upstreamDir], ["specs", layout.specsDir], ["overlays", layout.overlaysDir]] as const) {
    for (const file of filesUnder(dir)) add(`${name} ${relative(dir, file)}`, file);
  }
  if (relative(layout.upstreamDir, layout.manifestFile).startsWith("..")) add("manifest", layout.manifestFile);
  for (const file of code) add(`code ${relative(PROJECT_ROOT, file)}`, file);
  return hash.digest("hex");
}

/** buildDocuments(layout, options), from the entry of these inputs when a run kept one; `cacheDir: false` always builds. */
export async function cachedDocuments(layout: Layout, options: BuildOptions, cacheDir: string | false = DOCUMENTS_CACHE): Promise<PipelineDocuments> {
  const key = cacheDir === false ? undefined : documentsKey(layout, options);
  if (cacheDir === false || key === undefined) return buildDocuments(layout, options);
  const file = join(cacheDir, `${key}.json`);
  try {
    return JSON.parse(readFileSync(file, "utf8")) as PipelineDocuments;
  } catch {
    // no entry yet (or one cut short): build it
  }
  // What a later run reads back: the check works on the same JSON whether the entry was just made or kept.
  const text = JSON.stringify(await buildDocuments(layout, options));
  try {
    mkdirSync(cacheDir, { recursive: true });
    const staging = `${file}.${process.pid}.tmp`;
    writeFileSync(staging, text);
    renameSync(staging, file);
    const entries = readdirSync(cacheDir)
      .map((name) => ({ name, time: statSync(join(cacheDir, name)).mtimeMs }))
      .sort((a, b) => b.time - a.time);
    for (const { name } of entries.slice(KEPT)) rmSync(join(cacheDir, name), { force: true });
  } catch {
    // A read-only node_modules only costs the next run its shortcut.
  }
  return JSON.parse(text) as PipelineDocuments;
}
