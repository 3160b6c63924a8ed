/**
 * The contract run: read every upstream page's claims, check them and the examples against
 * the specs (Ajv, Prism mocks of each page's spec), call every operation of the merged
 * document with the generated client on Prism, compare the findings with the baseline and
 * write reports/contract-report.{json,md}. `npm run contract` is a thin entry around it.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import type { PipelineDocuments } from "../scripts/documents.js";
import { layoutOf, PROJECT_ROOT, type Layout } from "../scripts/layout.js";
import { JSON_SCHEMA_DIALECT } from "../scripts/merge.js";
import { readPage, snapshotMismatches } from "../scripts/manifest.js";
import { brokenOverlayReferences, compareWithBaseline, readBaseline } from "./baseline.js";
import type { JsonObject } from "./claims/claim.js";
import { readPageClaims } from "./claims/page-claims.js";
import { openPrismSide, type PrismSide } from "./harness/prism-side.js";
import type { ContractResult, ReportedFinding } from "./report/contract-result.js";
import { markdownReport } from "./report/markdown-report.js";
import { sarifReport } from "./report/sarif-report.js";
import type { ResponseCheck } from "./responses/client-responses.js";
import type { CheckContext, PageUnderCheck } from "./rules/check-context.js";
import { checkClaimsAgainstSchema } from "./rules/claim-vs-schema.js";
import { checkAcrossEndpoints } from "./rules/cross-endpoint.js";
import { checkExamplesAgainstSchema } from "./rules/example-schema.js";
import { mergeDrafts, RULE_IDS, type Finding, type FindingDraft, type SuggestedFix } from "./rules/finding.js";
import { checkResponseMeta } from "./rules/example-meta.js";
import { checkExampleUnits } from "./rules/example-units.js";
import { checkAcrossSources, checkParamFieldsAgainstDocuments, paramFieldPairs, sourcePairs } from "./rules/cross-source.js";
import { checkModelPages } from "./rules/model-pages.js";
import { checkModelParameters } from "./rules/model-params.js";
import { checkFetchAnswers } from "./rules/fetch-answer.js";
import { checkPrices } from "./rules/prices.js";
import { checkModelLimits } from "./rules/model-limits.js";
import { checkSchemaSelfContradictions } from "./rules/schema-self.js";
import { checkSpelling } from "./rules/spelling.js";
import { checkCopiedText } from "./rules/copied-text.js";
import { checkFetchPaths, checkTwinDocuments, type ModelsLabDocument } from "./rules/document-rules.js";
import { checkRenderedPages, type RenderedPair } from "./rules/rendered-page.js";
import { checkPageOperations, type PageSourceFile } from "./rules/page-operation.js";
import { checkProseFallbacks } from "./rules/prose-fallback.js";
import { checkTypeWords } from "./rules/type-words.js";
import { checkVariantParameters } from "./rules/variant-params.js";
import { overlayDecisions } from "./specs/overlay-decisions.js";
import { pageSpecs } from "./specs/page-spec.js";
import { requestFacts } from "./specs/schema-facts.js";
import { specSource } from "./specs/spec-lines.js";
import { transcribe } from "./specs/transcription.js";
import { cachedDocuments } from "./documents-cache.js";
import { docsRepositoryInput, type RepositoryInput } from "./docs-repo/repository-input.js";
import { DOCS_PREFIX, docsPlaces, type DocsPlaces, type Place, type SourceEdit } from "./docs-repo/source-places.js";

export interface ContractOptions {
  /** Project root: specs, overlays, baseline (default: this project). */
  root?: string;
  /** A directory laid out like openapi/upstream (pages + manifest.yaml) to check instead. */
  docsDir?: string;
  /**
   * A checkout of ModelsLab's docs repository to check instead, in its own layout: the files the
   * manifest names by `path`, the rendered pages rendered from them (docs-repo/repository-input.ts).
   */
  docsRepo?: string;
  /** With docsRepo: where the pages the repository does not hold are read (default: openapi/upstream). */
  pagesDir?: string;
  /**
   * What fails the run besides failures: "new-or-stale" (default; the project's own check) or
   * "new" (default with docsRepo: a docs pull request fails on a finding it adds, not on one it fixes).
   */
  failOn?: "new" | "new-or-stale";
  /** Where the reports go (default: <root>/reports). */
  reportsDir?: string;
  /** The baseline (default: <root>/contract-tests/baseline.yaml). */
  baselineFile?: string;
  /** Call every operation with the generated client on Prism (default true). */
  responses?: boolean;
  /**
   * Send the example requests to Prism mocks of the page specs (default true). Prism's answers
   * are tool evidence on findings the other rules report too; leaving them out (with
   * `responses: false`) runs the check without starting Prism.
   */
  prism?: boolean;
  /** Receives what the rules read: each page with its spec's request facts, and the overlays' decisions. */
  inspect?: (context: CheckContext) => void;
  /**
   * Where the pipeline's documents are kept by content between runs (documents-cache.ts; default
   * node_modules/.cache/modelslab-contract-documents), or false to build them every run.
   */
  documentsCache?: string | false;
  /**
   * The built prism-thread module (contract-tests/harness/prism-thread.ts), or a worker thread
   * already started on it: Prism's servers, the examples sent to them and the client's calls then
   * run on that thread (`npm run contract` starts it first thing); without it they run in this
   * thread. Same servers, same requests, same results.
   */
  prismThread?: string | URL | Worker;
  /** How long the process took to load before the run (reported as the "load" phase; the CLI entry sets it). */
  loadMs?: number;
}

const MERGED_LABEL = "generated/openapi.yaml";

/** The client's calls on Prism, by the sha256 of the merged document they were made against (this process's runs). */
const responseChecksByDocument = new Map<string, ResponseCheck[]>();

function layoutFor(root: string, docsDir: string | undefined): Layout {
  const layout = layoutOf(root);
  if (!docsDir) return layout;
  const upstreamDir = resolve(docsDir);
  return { ...layout, upstreamDir, manifestFile: join(upstreamDir, "manifest.yaml") };
}

const shown = (root: string, path: string): string => {
  const rel = relative(root, path);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
};

/** Every parameter name the page and hand-written specs use (helps the flattened-table parser split rows). */
export function documentedFieldNames(documents: Pick<PipelineDocuments, "extracted" | "handWritten">): Set<string> {
  const names = new Set<string>();
  for (const source of [...documents.extracted, ...documents.handWritten]) {
    const schemas = ((source.document.components as JsonObject | undefined)?.schemas ?? {}) as Record<string, { properties?: Record<string, unknown> }>;
    for (const schema of Object.values(schemas)) for (const name of Object.keys(schema?.properties ?? {})) names.add(name);
  }
  return names;
}

/** A spec as Prism should read it, as OpenAPI 3.1 means it: the per-page documents do not set jsonSchemaDialect. */
const prismDocument = (document: JsonObject): JsonObject => ({ ...document, jsonSchemaDialect: JSON_SCHEMA_DIALECT });

/**
 * A finding placed in the files the docs team edits: its primary location (a docs-repository file,
 * a page's URL, or for a transcription finding the project's spec), each statement's place and,
 * for a rendered page, the rendered line; the fix's edits made in the sources when each can be traced.
 */
function locatedInSources(finding: Finding, places: DocsPlaces | undefined): Omit<ReportedFinding, "status"> {
  const placeOf = (page: string, line: number): Place => places?.placeOf(page, line) ?? { uri: `openapi/upstream/${page}`, line, base: "PROJECTROOT" };
  const evidence = finding.evidence.map((statement) => {
    const { page, line, spec } = statement.location;
    const rendered = spec ? undefined : places?.renderedPlace(page, line);
    return { ...statement, place: spec ? { uri: spec.file, line: spec.line, base: "PROJECTROOT" as const } : placeOf(page, line), ...(rendered ? { rendered } : {}) };
  });
  const primaryStatement =
    finding.kind === "transcription" ? evidence.find((s) => s.location.spec) : (evidence.find((s) => s.place.base === "DOCSROOT") ?? evidence.find((s) => !s.place.base) ?? evidence[0]);
  const first = finding.locations[0] ?? { page: "manifest.yaml", line: 1 };
  const primary = primaryStatement?.place ?? placeOf(first.page, first.line);
  const traced = <T extends SuggestedFix>(fix: T): T & { sourceEdits?: SourceEdit[] } => {
    const sourceEdits = places?.sourceEdits(fix.edits);
    return { ...fix, ...(sourceEdits ? { sourceEdits } : {}) };
  };
  return {
    ...finding,
    primary,
    evidence,
    ...(finding.fix ? { fix: traced(finding.fix) } : {}),
    ...(finding.options ? { options: finding.options.map(traced) } : {}),
  };
}

export async function runContract(options: ContractOptions = {}): Promise<ContractResult> {
  const started = performance.now();
  const root = resolve(options.root ?? PROJECT_ROOT);
  const repository: RepositoryInput | undefined = options.docsRepo ? docsRepositoryInput(options.docsRepo, layoutOf(root), options.pagesDir) : undefined;
  const layout = layoutFor(root, repository?.upstreamDir ?? options.docsDir);
  let places: DocsPlaces | undefined;
  const reportsDir = resolve(options.reportsDir ?? join(root, "reports"));
  const baselineFile = options.baselineFile ?? join(root, "contract-tests", "baseline.yaml");
  const failures: string[] = [];
  const drafts: FindingDraft[] = [];
  const checks: ContractResult["checks"] = { examplesValidated: 0, examplesSentToPrism: 0, examplesAcceptedByPrism: 0, sourcePairs: [], responses: [] };
  const timings = { documentsMs: 0, prismStartMs: 0, checksMs: 0, reportsMs: 0, totalMs: 0 };
  let pages: ContractResult["pages"] = [];
  let sources: ContractResult["documents"] = [];
  // Prism's side starts at once: on a thread of its own it loads Prism while the documents are built.
  const wantPrism = options.prism !== false || options.responses !== false || options.prismThread instanceof Worker;
  let prismSide: PrismSide | undefined;

  try {
    if (wantPrism) prismSide = openPrismSide(options.prismThread);
    const { documents, overlays, readUpstream } = await cachedDocuments(layout, { verifySnapshots: !options.docsDir && !repository }, options.documentsCache);
    // The merged document as Prism serves it, known now: the side parses it while the pages' specs are read.
    const merged = { label: MERGED_LABEL, document: documents.final as JsonObject };
    const mergedForPrism = prismDocument(merged.document);
    // The client's calls depend on the merged document alone: a document already checked in this
    // process (another run on a copy of the docs whose merged document is the same) is not checked again.
    const mergedKey = createHash("sha256").update(JSON.stringify(mergedForPrism)).digest("hex");
    const knownResponses = options.responses !== false ? responseChecksByDocument.get(mergedKey) : undefined;
    const wantResponses = options.responses !== false && !knownResponses;
    if (wantResponses) prismSide?.prepare(mergedForPrism);
    places = docsPlaces(layout.upstreamDir, documents.manifest, repository ? "url" : "snapshot");
    if (repository && repository.missing.length > 0) process.stderr.write(`note: ${repository.missing.join(", ")} not in ${repository.repositoryDir}: the project's snapshots stand in for them\n`);
    if (options.docsDir) {
      const drafted = snapshotMismatches(layout, documents.manifest);
      if (drafted.length > 0) process.stderr.write(`note: ${drafted.join(", ")} differ from the sha256 in ${shown(root, layout.manifestFile)} (a draft): checked as they are\n`);
    }
    const known = documentedFieldNames(documents);
    const { specs, unmatched } = pageSpecs(documents.manifest.pages, documents.extracted, documents.handWritten);
    for (const page of unmatched) failures.push(`${page.file}: no spec serves ${page.endpoints[0] ?? "its endpoint"}`);
    const pageLines = new Map<string, string[]>();
    const texts = new Map<string, string>();
    for (const page of documents.manifest.pages) {
      const text = readPage(layout, page);
      texts.set(page.file, text);
      if (page.format === "markdown-openapi") pageLines.set(page.file, text.split(/\r?\n/));
    }
    const units: PageUnderCheck[] = [];
    const snapshots = layoutOf(root);
    for (const pageSpec of specs) {
      const claims = readPageClaims(texts.get(pageSpec.page.file)!, pageSpec.page.file, pageSpec.page.format, known);
      let spec = pageSpec;
      if (spec.specLabel.startsWith("openapi/specs/") && spec.page.format !== "markdown-openapi") {
        // A hand-written spec: check the page against what it says now, and report where the transcription went stale.
        spec = { ...spec, source: specSource(spec.specLabel, readFileSync(join(layout.specsDir, spec.specLabel.slice("openapi/specs/".length)), "utf8")) };
        const snapshotFile = join(snapshots.upstreamDir, spec.page.file);
        const snapshot = existsSync(snapshotFile) ? readPageClaims(readFileSync(snapshotFile, "utf8"), spec.page.file, spec.page.format, known) : claims;
        const transcription = transcribe(spec, claims, snapshot);
        spec = transcription.spec;
        drafts.push(...transcription.drafts);
      }
      const request = requestFacts(spec, pageLines);
      if (!request) {
        failures.push(`${spec.page.file}: ${spec.specLabel} has no JSON request body for ${spec.endpoint}`);
        continue;
      }
      units.push({ page: spec.page, spec, request, claims });
    }
    pages = specs.map((spec) => ({ file: spec.page.file, url: spec.page.url, endpoint: spec.endpoint, spec: spec.specLabel }));
    const context: CheckContext = {
      pages: units,
      lines: new Map([...texts].map(([file, text]) => [file, text.split(/\r?\n/)])),
      decisions: overlayDecisions(overlays, documents.final as JsonObject, documents.merged as JsonObject),
    };
    options.inspect?.(context);

    // Prism (prism-side.ts): one server per page spec and two for the merged document (static,
    // dynamic), which share one parse of it. Ready when listening: no start-up limit. The side
    // starts them, sends the pages' examples to them (example-prism) and makes the client's calls
    // while the rules below run.
    const prismStarted = performance.now();
    const specLabels = options.prism === false ? [] : [...new Set(units.map((unit) => unit.spec.specLabel))];
    const pageServers = specLabels.map((label) => ({ label, document: prismDocument(units.find((u) => u.spec.specLabel === label)!.spec.document) }));
    const serving =
      prismSide && (specLabels.length > 0 || wantResponses)
        ? prismSide.serve({
            pages: pageServers,
            ...(options.prism === false ? {} : { examples: context }),
            ...(wantResponses ? { merged: { label: merged.label, document: mergedForPrism } } : {}),
          })
        : undefined;
    const listening = (serving?.listening ?? Promise.resolve([])).then(
      () => {
        timings.prismStartMs = performance.now() - prismStarted;
      },
      (error: unknown) => {
        throw new Error(`Prism did not start: ${String(error instanceof Error ? error.message : error).split("\n")[0]}`);
      },
    );
    listening.catch(() => {});

    const modelsEntry = documents.manifest.models[0];
    const modelsUnderCheck = modelsEntry && documents.models ? { file: modelsEntry.file, snapshot: documents.models, text: readPage(layout, modelsEntry) } : undefined;
    const pairs = sourcePairs(
      documents.manifest,
      documents.extracted.map((source) => ({ page: String((source.document["x-extracted-from"] as JsonObject).page), document: source.document as JsonObject })),
      (file) => readPage(layout, { file }),
      readUpstream,
    );
    const fieldPairs = paramFieldPairs(
      units.map((unit) => ({ page: unit.page, claims: unit.claims.fields })),
      documents.manifest.documents.filter((entry) => entry.format === "openapi-json").map((entry) => ({ entry, json: readUpstream(readPage(layout, entry), entry.file) })),
    );
    const modelsLabDocuments: ModelsLabDocument[] = documents.manifest.documents
      .filter((entry) => entry.format === "openapi-json")
      .map((entry) => {
        const text = readPage(layout, entry);
        // openapi.json files are JSON: read as they are (no provenance keys: fixes diff them against the text).
        return { file: entry.file, text, json: JSON.parse(text) as JsonObject, operations: entry.operations ?? [] };
      });
    const pageSources: PageSourceFile[] = documents.manifest.documents.filter((entry) => entry.format === "mdx").map((entry) => ({ file: entry.file, text: readPage(layout, entry), ...(entry.renders ? { renders: entry.renders } : {}) }));
    const renderedPairs: RenderedPair[] = documents.manifest.documents.flatMap((entry) => {
      const page = entry.renders ? units.find((unit) => unit.page.file === entry.renders) : undefined;
      if (entry.format !== "mdx" || !page) return [];
      const beside = join(dirname(entry.file), "openapi.json");
      const document = modelsLabDocuments.find((d) => d.file === beside)?.json;
      return [{ page: page.page.file, pageText: texts.get(page.page.file)!, endpoint: page.spec.endpoint, source: entry.file, sourcePath: entry.origin.path, sourceText: readPage(layout, entry), ...(document ? { document } : {}) }];
    });
    checks.sourcePairs = [
      ...pairs.map((pair) => ({ page: pair.page.file, document: pair.document.file, operation: `${pair.method.toUpperCase()} ${pair.path}`, via: pair.source.file })),
      ...fieldPairs.map((pair) => ({ page: pair.page.file, document: pair.document.file, operation: `${pair.method.toUpperCase()} ${pair.path}`, via: "<ParamField> tags" })),
    ];
    sources = documents.manifest.documents.map((entry) => ({
      file: entry.file,
      format: entry.format,
      url: entry.url,
      commit: entry.origin.commit,
      ...(entry.operations ? { operations: entry.operations } : {}),
      ...(entry.renders ? { renders: entry.renders } : {}),
    }));

    timings.documentsMs = performance.now() - started;


    const checksStarted = performance.now();
    const schemaResult = checkExamplesAgainstSchema(context);
    const ruleDrafts = [
      ...schemaResult.drafts,
      ...checkClaimsAgainstSchema(context),
      ...checkAcrossEndpoints(context),
      ...checkSchemaSelfContradictions(context),
      ...checkExampleUnits(context),
      ...checkResponseMeta(context),
      ...checkSpelling(context),
      ...checkAcrossSources(pairs, context),
      ...checkParamFieldsAgainstDocuments(fieldPairs, context),
      ...checkTypeWords(context),
      ...checkCopiedText(context),
      ...checkVariantParameters(context),
      ...checkFetchPaths(modelsLabDocuments),
      ...checkTwinDocuments(modelsLabDocuments),
      ...checkPageOperations(pageSources, modelsLabDocuments),
      ...checkProseFallbacks(context),
      ...checkModelParameters(context, modelsLabDocuments),
      ...checkFetchAnswers(modelsLabDocuments),
      ...checkPrices(context),
      ...checkModelLimits(context),
      // Only the snapshots hold the site's rendering; a checkout's pages are rendered from it.
      ...(repository ? [] : checkRenderedPages(renderedPairs)),
      ...checkModelPages(context, modelsUnderCheck),
    ];
    // A Prism that did not start fails the run before any rule's finding counts.
    await listening;
    checks.examplesValidated = schemaResult.validated;
    drafts.push(...ruleDrafts);
    const prismChecks = Promise.all([
      serving?.examples ?? Promise.resolve({ drafts: [], sent: 0, accepted: 0 }),
      wantResponses && serving ? serving.responses : Promise.resolve<ResponseCheck[]>(knownResponses ?? []),
    ]);
    // While Prism answers: the fixes of the findings so far traced into the files the docs team edits
    // (the reports' slowest step, each fix traced once: the reports then find them traced).
    for (const finding of mergeDrafts(drafts)) for (const fix of [finding.fix, ...(finding.options ?? [])]) if (fix) places?.sourceEdits(fix.edits);
    const [prismResult, responses] = await prismChecks;
    if (wantResponses) responseChecksByDocument.set(mergedKey, responses);
    drafts.push(...prismResult.drafts);
    checks.examplesSentToPrism = prismResult.sent;
    checks.examplesAcceptedByPrism = prismResult.accepted;
    checks.responses = responses;
    for (const check of responses.filter((c) => !c.passed)) failures.push(`${check.operation} (${check.mode}): ${check.problems.join("; ")}`);
    timings.checksMs = performance.now() - checksStarted;
  } catch (error) {
    failures.push(error instanceof Error ? error.message : String(error));
  }
  // Prism's servers stop while the reports are made (nothing in them comes from Prism any more);
  // stopping is under way whatever happens next, and awaited before the run returns.
  const stopped = prismSide?.close();
  repository?.remove();
  const reportsStarted = performance.now();

  const findings: Finding[] = mergeDrafts(drafts);
  let baseline: ReturnType<typeof readBaseline> = [];
  try {
    baseline = readBaseline(baselineFile);
    for (const broken of brokenOverlayReferences(baseline, root)) failures.push(`${shown(root, baselineFile)}: ${broken} names no overlay action`);
  } catch (error) {
    failures.push(error instanceof Error ? error.message : String(error));
  }
  // A rule that cannot run on this input (the site's renderings are not in a checkout) leaves its entries unjudged, not stale.
  const notRun = repository ? ["rendered-page"] : [];
  const judged = baseline.filter((entry) => !notRun.some((rule) => entry.id.startsWith(`${rule}-`)));
  const comparison = compareWithBaseline(findings, judged);
  const acknowledged = new Map(comparison.acknowledged.map(({ finding, entry }) => [finding.id, entry]));
  const reported: ReportedFinding[] = findings.map((finding) => {
    const entry = acknowledged.get(finding.id);
    const located = locatedInSources(finding, places);
    if (!entry) return { ...located, status: "new" };
    // The overlay actions that decided a finding are the side its fix follows.
    const fix = located.fix && entry.resolvedBy ? { fix: { ...located.fix, resolvedBy: [...new Set([...(located.fix.resolvedBy ?? []), ...entry.resolvedBy])] } } : {};
    return { ...located, ...fix, status: "baselined", baseline: { reason: entry.reason, ...(entry.resolvedBy ? { resolvedBy: entry.resolvedBy } : {}) } };
  });
  const byRule: ContractResult["counts"]["byRule"] = {};
  for (const rule of RULE_IDS) {
    const count = findings.filter((f) => f.rule === rule).length;
    if (count > 0) byRule[rule] = count;
  }
  const failOn = options.failOn ?? (repository ? "new" : "new-or-stale");
  const exitCode = comparison.unacknowledged.length > 0 || (failOn === "new-or-stale" && comparison.stale.length > 0) || failures.length > 0 ? 1 : 0;
  const jsonPath = join(reportsDir, "contract-report.json");
  const markdownPath = join(reportsDir, "contract-report.md");
  const sarifPath = join(reportsDir, "contract-report.sarif");
  const result: ContractResult = {
    docsDir: repository ? repository.repositoryDir : shown(root, layout.upstreamDir),
    docsRoot: repository ? repository.repositoryDir : join(layout.upstreamDir, DOCS_PREFIX),
    projectRoot: root,
    input: repository ? "docs-repository" : "snapshots",
    pages,
    documents: sources,
    findings: reported,
    stale: comparison.stale,
    failures,
    checks,
    counts: {
      findings: findings.length,
      byRule,
      bySeverity: { error: findings.filter((f) => f.severity === "error").length, warning: findings.filter((f) => f.severity === "warning").length },
      new: comparison.unacknowledged.length,
      baselined: comparison.acknowledged.length,
      stale: comparison.stale.length,
      failures: failures.length,
      responseChecks: { passed: checks.responses.filter((c) => c.passed).length, failed: checks.responses.filter((c) => !c.passed).length },
    },
    timings: {
      ...(options.loadMs !== undefined ? { loadMs: Math.round(options.loadMs) } : {}),
      documentsMs: Math.round(timings.documentsMs),
      prismStartMs: Math.round(timings.prismStartMs),
      checksMs: Math.round(timings.checksMs),
      reportsMs: 0,
      totalMs: 0,
    },
    exitCode,
    reports: { json: shown(root, jsonPath), markdown: shown(root, markdownPath), sarif: shown(root, sarifPath) },
  };
  // The reports carry the whole run's time, their own writing excepted (measured after).
  result.timings.totalMs = Math.round(performance.now() - started);
  mkdirSync(reportsDir, { recursive: true });
  writeFileSync(jsonPath, `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(markdownPath, markdownReport(result));
  writeFileSync(sarifPath, `${JSON.stringify(sarifReport(result), null, 2)}\n`);
  result.timings.reportsMs = Math.round(performance.now() - reportsStarted);
  result.timings.totalMs = Math.round(performance.now() - started);
  await stopped;
  return result;
}
