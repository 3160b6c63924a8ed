/**
 * The pipeline's documents, in memory: the upstream snapshots' embedded and published OpenAPI
 * (extraction, selection), the hand-written specs, merged, then the overlays applied. What
 * `npm run generate` writes out (generate.ts) and what the contract check reads (it needs no
 * code generation, so it imports this step alone).
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { keptBuild } from "./build-cache.js";
import { extractEmbeddedOpenApi } from "./extract.js";
import type { Layout } from "./layout.js";
import { filesUnder } from "./pipeline-files.js";
import { FAMILIES, readManifest, readPage, snapshotMismatches, type Family, type Manifest } from "./manifest.js";
import { mergeDocuments, type SourceDocument } from "./merge.js";
import { applyOverlaysReporting, readOverlays, unmatchedOverlayError, type OverlayDocument, type OverlayResult } from "./overlay.js";
import { PipelineError } from "./pipeline-error.js";
import { withAnswerStates } from "./answer-states.js";
import { selectUpstreamOperations } from "./upstream-documents.js";
import { modelsEntryOf, parseModelsSnapshot, withModelSchemas, type ModelsSnapshot } from "./v7-models.js";
import { ReadsByText, readYaml } from "./yaml-io.js";

/** Reads the hand-written specs (openapi/specs/*.yaml); each declares its family in x-family. */
export function readHandWrittenSpecs(layout: Layout): SourceDocument[] {
  return readdirSync(layout.specsDir)
    .filter((name) => name.endsWith(".yaml"))
    .sort()
    .map((name) => {
      const label = `openapi/specs/${name}`;
      const document = readYaml(join(layout.specsDir, name), label) as Record<string, unknown>;
      const family = document?.["x-family"];
      if (!FAMILIES.includes(family as Family)) throw new PipelineError(`${label}: x-family must be one of ${FAMILIES.join(", ")}`);
      return { label, family: family as Family, document };
    });
}

export interface PipelineDocuments {
  manifest: Manifest;
  /** The v6 pages' embedded documents, as extracted (with provenance), keyed by their generated/ path. */
  extracted: SourceDocument[];
  /** The operations taken from ModelsLab's OpenAPI documents (openapi/upstream/docs-repo), with provenance. */
  upstream: SourceDocument[];
  /** The hand-written documents of openapi/specs. */
  handWritten: SourceDocument[];
  /** The per-model v7 constraints (manifest `models`), when the manifest lists them. */
  models?: ModelsSnapshot;
  /** All sources merged, before the overlays: what the docs say, in one document. */
  merged: Record<string, unknown>;
  /** The merged document with the overlays applied, then the per-model v7 schemas and the answers by status: generated/openapi.yaml. */
  final: Record<string, unknown>;
  /** Overlay actions that no longer match, or no longer change anything. */
  overlays: Pick<OverlayResult, "unmatched" | "withoutEffect">;
}

export interface BuildOptions {
  /**
   * Refuse pages whose bytes differ from their manifest sha256 (default). A draft of the docs
   * checked with `npm run contract -- --docs DIR` is built without this check.
   */
  verifySnapshots?: boolean;
  /** "report": an overlay target that matches nothing is reported in `overlays`, not thrown. */
  overlays?: "strict" | "report";
}

/** What a build makes of its inputs, before the checks that depend on how it is asked for (snapshots verified, overlays strict). */
interface Build {
  documents: Omit<PipelineDocuments, "final">;
  corrected: Record<string, unknown>;
  /** The final document, made once the first caller that needs it got past the overlay check. */
  final?: Record<string, unknown>;
}

/**
 * Builds by the content of their inputs, in this process and on disk (build-cache.ts): a second
 * build of the same inputs (a check after a sync, the contract check of a docs copy the sync just
 * built, the tests' copies of the project) is not run again. The name is a sha256 over every file the build can read (the
 * manifest, the upstream snapshots, the hand-written specs, the overlays); a build that fails is
 * not kept. Each caller gets a copy of its own.
 */
const builds = new Map<string, Promise<Build>>();
const BUILDS_KEPT = 8;

function inputsKey(layout: Layout): string {
  const hash = createHash("sha256");
  const add = (label: string, file: string) => hash.update(`${label}\n`).update(readFileSync(file)).update("\n");
  for (const [name, dir] of [["upstream", layout.upstreamDir], ["specs", layout.specsDir], ["overlays", layout.overlaysDir]] as const)
    for (const file of filesUnder(dir)) add(`${name} ${relative(dir, file)}`, file);
  if (relative(layout.upstreamDir, layout.manifestFile).startsWith("..")) add("manifest", layout.manifestFile);
  return hash.digest("hex");
}

/**
 * The overlays' corrections by content: the merged document's JSON text and the overlays'. Inputs
 * that differ only where the merge does not read (a page the hand-written specs transcribe, prose
 * no document is extracted from: most of the docs copies the contract tests check) merge to the
 * same document, which is then corrected once. The result is shared read-only: buildDocuments
 * hands out copies. The most recently used 8 are kept; a correction that fails is not kept.
 */
const corrections = new Map<string, Promise<OverlayResult>>();
const CORRECTIONS_KEPT = 8;

function correctedOnce(merged: Record<string, unknown>, overlays: OverlayDocument[]): Promise<OverlayResult> {
  const key = createHash("sha256").update(JSON.stringify(merged)).update("\n").update(JSON.stringify(overlays)).digest("hex");
  let corrected = corrections.get(key);
  if (corrected) corrections.delete(key);
  else {
    corrected = applyOverlaysReporting(merged, overlays);
    corrected.catch(() => corrections.delete(key));
    if (corrections.size >= CORRECTIONS_KEPT) corrections.delete(corrections.keys().next().value!);
  }
  corrections.set(key, corrected);
  return corrected;
}

/** Pages' embedded documents by the page's text, file and family: inputs that differ elsewhere extract the same page once. */
const extractions = new ReadsByText<SourceDocument["document"]>(32);

async function build(layout: Layout, manifest: Manifest): Promise<Build> {
  const extracted = manifest.pages
    .filter((page) => page.format === "markdown-openapi")
    .map((page): SourceDocument => {
      const text = readPage(layout, page);
      const document = extractions.read(JSON.stringify([page.file, page.family]), text, () => extractEmbeddedOpenApi(text, page.file, page.family).document);
      return { label: `generated/extracted/${page.file.replace(/\.[^.]+$/, "")}.yaml`, family: page.family, document };
    });
  const upstream = manifest.documents
    .filter((entry) => entry.format === "openapi-json")
    .map((entry) => selectUpstreamOperations(readPage(layout, entry), entry));
  const handWritten = readHandWrittenSpecs(layout);
  const modelsEntry = modelsEntryOf(manifest);
  const models = modelsEntry ? parseModelsSnapshot(readPage(layout, modelsEntry), `openapi/upstream/${modelsEntry.file}`) : undefined;
  const merged = mergeDocuments([...extracted, ...upstream, ...handWritten]);
  const { document: corrected, unmatched, withoutEffect } = await correctedOnce(merged, readOverlays(layout.overlaysDir));
  return { documents: { manifest, extracted, upstream, handWritten, ...(models ? { models } : {}), merged, overlays: { unmatched, withoutEffect } }, corrected };
}

function builtOnce(layout: Layout, manifest: Manifest): Promise<Build> {
  const key = inputsKey(layout);
  let built = builds.get(key);
  if (!built) {
    // Other processes (the tests' other workers, an earlier run) may have built these inputs: see build-cache.ts.
    built = keptBuild("documents", key, () => build(layout, manifest));
    builds.set(key, built);
    built.catch(() => builds.delete(key));
    for (const old of [...builds.keys()].slice(0, Math.max(0, builds.size - BUILDS_KEPT))) builds.delete(old);
  }
  return built;
}

/** Runs extraction, merge and overlays in memory; throws a PipelineError naming the culprit. */
export async function buildDocuments(layout: Layout, options: BuildOptions = {}): Promise<PipelineDocuments> {
  const manifest = readManifest(layout);
  const edited = options.verifySnapshots === false ? [] : snapshotMismatches(layout, manifest);
  if (edited.length > 0)
    throw new PipelineError(
      `openapi/upstream: ${edited.join(", ")} no longer match${edited.length === 1 ? "es" : ""} the sha256 in manifest.yaml; snapshots are never edited by hand (refresh them with the sync step)`,
    );
  const built = await builtOnce(layout, manifest);
  const { documents, corrected } = built;
  const [firstUnmatched] = documents.overlays.unmatched;
  if (firstUnmatched && options.overlays !== "report") throw unmatchedOverlayError(firstUnmatched);
  if (!built.final) {
    const modelsEntry = modelsEntryOf(documents.manifest);
    const byModel =
      modelsEntry && documents.models
        ? withModelSchemas(structuredClone(corrected), documents.models, `openapi/upstream/${modelsEntry.file}`, modelsEntry.endpoint.replace(/^POST https:\/\/modelslab\.com\/api/, ""))
        : structuredClone(corrected);
    built.final = withAnswerStates(byModel);
  }
  return structuredClone({ ...documents, final: built.final });
}
