/**
 * The pipeline's results kept on disk by content, for every process that runs the pipeline from
 * this project's sources: the test workers (each thread and fork would otherwise build the same
 * documents and code again), `npm run generate`, the sync. An entry is named by the sha256 of
 * what made it — a kind, the name its caller gives its inputs (a hash of every file read, or of
 * the merged document), the pipeline's code (scripts/ but its tests), package-lock.json (the
 * libraries it calls) and Node's version — so any changed byte gives another name and a fresh
 * build: an entry is never stale, only unused. A result is kept only when its JSON reads back as
 * exactly the value built (isDeepStrictEqual), so a reader gets what a build gives; a build that
 * fails is not kept. Entries live in node_modules/.cache/modelslab-pipeline (never committed; a
 * fresh clone has none). Without the pipeline's sources (a packaged copy) nothing is kept.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { pipelineCode } from "./pipeline-files.js";
import { PROJECT_ROOT } from "./layout.js";

export const BUILD_CACHE = join(PROJECT_ROOT, "node_modules", ".cache", "modelslab-pipeline");
/** Entries kept (the tests build many copies of the docs); the oldest go first. */
const KEPT = 96;
/** Bumped when what an entry holds changes shape. */
const FORMAT = "pipeline-results 1";

let codeHash: string | null | undefined;

/** sha256 of the pipeline's code, the lockfile and Node's version; null where the sources are not. */
function pipelineCodeHash(): string | null {
  if (codeHash !== undefined) return codeHash;
  const code = pipelineCode();
  if (!code) return (codeHash = null);
  const hash = createHash("sha256").update(`${FORMAT}\nnode ${process.version}\n`);
  for (const file of code) hash.update(`${relative(PROJECT_ROOT, file)}\n`).update(readFileSync(file)).update("\n");
  return (codeHash = hash.digest("hex"));
}

/** The entry's file for `kind` and `inputs`, or undefined when nothing is kept (no sources, or `cacheDir` false). */
function entryFile(kind: string, inputs: string, cacheDir: string | false): string | undefined {
  const code = cacheDir === false ? null : pipelineCodeHash();
  if (cacheDir === false || code === null) return undefined;
  return join(cacheDir, `${createHash("sha256").update(`${kind}\n${inputs}\n${code}`).digest("hex")}.json`);
}

/** What an earlier build kept in `file`; undefined when there is no entry (or one cut short). */
function readEntry<T>(file: string): { value: T } | undefined {
  try {
    return { value: JSON.parse(readFileSync(file, "utf8")) as T };
  } catch {
    return undefined;
  }
}

/** Keeps `value` in `file` when its JSON reads back as exactly `value`; drops the oldest entries past KEPT. */
function keep(file: string, value: unknown): void {
  const text = JSON.stringify(value);
  if (text === undefined || !isDeepStrictEqual(JSON.parse(text), value)) return;
  const dir = dirname(file);
  try {
    mkdirSync(dir, { recursive: true });
    const staging = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    writeFileSync(staging, text);
    renameSync(staging, file);
    const entries = readdirSync(dir)
      .filter((name) => name.endsWith(".json"))
      .map((name) => ({ name, time: statSync(join(dir, name), { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
      .sort((a, b) => b.time - a.time);
    for (const { name } of entries.slice(KEPT)) rmSync(join(dir, name), { force: true });
  } catch {
    // A read-only node_modules only costs the next build its shortcut.
  }
}

/**
 * The result `make` gives for inputs named `inputs` (of `kind`): read from the entry an earlier
 * build kept, else built now and kept. `cacheDir: false` always builds.
 */
export async function keptBuild<T>(kind: string, inputs: string, make: () => Promise<T>, cacheDir: string | false = BUILD_CACHE): Promise<T> {
  const file = entryFile(kind, inputs, cacheDir);
  if (!file) return make();
  const kept = readEntry<T>(file);
  if (kept) return kept.value;
  const value = await make();
  keep(file, value);
  return value;
}

/** keptBuild for a build that is not asynchronous (a parse). */
export function keptValue<T>(kind: string, inputs: string, make: () => T, cacheDir: string | false = BUILD_CACHE): T {
  const file = entryFile(kind, inputs, cacheDir);
  if (!file) return make();
  const kept = readEntry<T>(file);
  if (kept) return kept.value;
  const value = make();
  keep(file, value);
  return value;
}
