/**
 * The pipeline's documents for the contract check (scripts/documents.ts's buildDocuments: the
 * extraction, the merge and the overlays), the overlays as read, and ModelsLab's documents read
 * with their lines (scripts/upstream-documents.ts's readUpstreamDocument), kept by content. An entry is named by the sha256 of
 * everything buildDocuments reads and runs — every file of the docs copy, the hand-written specs
 * and the overlays, the pipeline's code (scripts/), package-lock.json, Node's version and the
 * build options — so a changed byte anywhere gives another name and a fresh build: an entry is
 * never stale, only unused. A build that fails is not kept. Entries live in
 * node_modules/.cache/modelslab-contract-documents (never committed; a fresh clone has none).
 * Without the pipeline's sources (the packaged check) nothing is kept: every run builds.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { buildDocuments, type BuildOptions, type PipelineDocuments } from "../scripts/documents.js";
import { filesUnder, pipelineCode } from "../scripts/pipeline-files.js";
import { PROJECT_ROOT, type Layout } from "../scripts/layout.js";
import { readPage } from "../scripts/manifest.js";
import { readOverlays, type OverlayDocument } from "../scripts/overlay.js";
import { readUpstreamDocument } from "../scripts/upstream-documents.js";
import type { JsonObject } from "./claims/claim.js";

export const DOCUMENTS_CACHE = join(PROJECT_ROOT, "node_modules", ".cache", "modelslab-contract-documents");
/** Entries kept (the tests check many copies of the docs); the oldest go first. */
const KEPT = 48;
/** Bumped when what an entry holds changes shape. */
const FORMAT = "pipeline-documents 3";

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

/** What the check reads of the pipeline: its documents, and ModelsLab's documents with their lines. */
export interface CheckDocuments {
  documents: PipelineDocuments;
  /** The overlays as scripts/overlay.ts reads them (readOverlays of the layout's overlays). */
  overlays: OverlayDocument[];
  /** readUpstreamDocument(text, file), a copy of its own for each caller (read once for the text an entry holds). */
  readUpstream(text: string, file: string): JsonObject;
}

interface Entry {
  documents: PipelineDocuments;
  overlays: OverlayDocument[];
  /** Each openapi-json snapshot of the manifest, read: by file, with the sha256 of the text read. */
  upstream: Record<string, { sha256: string; json: JsonObject }>;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

async function buildEntry(layout: Layout, options: BuildOptions): Promise<Entry> {
  const documents = await buildDocuments(layout, options);
  const upstream: Entry["upstream"] = {};
  for (const entry of documents.manifest.documents.filter((e) => e.format === "openapi-json")) {
    const text = readPage(layout, entry);
    upstream[entry.file] = { sha256: sha256(text), json: readUpstreamDocument(text, entry.file) };
  }
  return { documents, overlays: readOverlays(layout.overlaysDir), upstream };
}

function readEntry(text: string): CheckDocuments {
  const { documents, overlays, upstream } = JSON.parse(text) as Entry;
  const read = new Map<string, { sha256: string; json: JsonObject }>(Object.entries(upstream));
  return {
    documents,
    overlays,
    readUpstream(pageText, file) {
      const hash = sha256(pageText);
      let known = read.get(file);
      if (known?.sha256 !== hash) read.set(file, (known = { sha256: hash, json: readUpstreamDocument(pageText, file) }));
      return structuredClone(known.json);
    },
  };
}

/** The check's documents, from the entry of these inputs when a run kept one; `cacheDir: false` always builds. */
export async function cachedDocuments(layout: Layout, options: BuildOptions, cacheDir: string | false = DOCUMENTS_CACHE): Promise<CheckDocuments> {
  const key = cacheDir === false ? undefined : documentsKey(layout, options);
  // What a kept entry holds, as JSON: the check works on the same JSON whether built now, just kept or kept by an earlier run.
  if (cacheDir === false || key === undefined) return readEntry(JSON.stringify(await buildEntry(layout, options)));
  const file = join(cacheDir, `${key}.json`);
  try {
    return readEntry(readFileSync(file, "utf8"));
  } catch {
    // no entry yet (or one cut short): build it
  }
  const text = JSON.stringify(await buildEntry(layout, options));
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
  return readEntry(text);
}
