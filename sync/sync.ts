/**
 * `npm run sync -- --from <DIR|live> [--commit SHA] [--check] [--timeout SECONDS] [--root DIR]`
 *
 * Replaces the upstream snapshots with the files in DIR (the layout of openapi/upstream:
 * the pages, and docs-repo/ with the docs-repository files; `--commit` names the commit those
 * come from) or downloaded live (the pages from their URLs, the repository files from the
 * repository's head commit, which the manifest then records, and with MODELSLAB_API_KEY set the
 * per-model v7 constraints from the model-search endpoint), then runs the whole pipeline on a staging copy:
 * extract, merge, overlays, codegen. It classifies every change for a client of the API, writes
 * reports/changes.json and reports/changes.md, and only then, if everything succeeded, writes
 * the new snapshots, manifest checksums and generated files. `--check` writes nothing at all.
 *
 * Exit codes: 0 no change (every page byte-identical), 10 non-breaking change, 20 breaking
 * change, 1 failure (nothing written).
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import type { PageClaims } from "../contract-tests/claims/claim.js";
import { readPageClaims } from "../contract-tests/claims/page-claims.js";
import { documentedFieldNames, runContract } from "../contract-tests/run-contract.js";
import { buildChangeReport, EXIT_CODES, renderChangeMarkdown, renderChangeSummary, type ChangeReport, type ContractOutcome, type PageStatus } from "./change-report.js";
import { diffClaims } from "./claims-diff.js";
import { downloadPages, type PageSource } from "./download-pages.js";
import { buildDocuments, buildGenerated, writeGenerated, type PipelineDocuments } from "../scripts/generate.js";
import { layoutOf, type Layout } from "../scripts/layout.js";
import { readPage, sha256 } from "../scripts/manifest.js";
import { PipelineError } from "../scripts/pipeline-error.js";
import { packageVersion, releaseFiles, releaseFor } from "./release-note.js";
import { diffSpecs } from "./spec-diff.js";

export interface SyncOptions {
  root?: string;
  from: string;
  /** With a directory: the docs-repository commit its docs-repo/ files come from (recorded in the manifest). */
  commit?: string;
  /** Report only: the work tree stays exactly as it was. */
  check?: boolean;
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Run the contract check on the new docs and report new findings and stale baseline entries (default true). */
  contract?: boolean;
  /** The release date written into CHANGELOG.md (default: today, UTC). */
  date?: string;
  /** Live: the API key the model-search endpoint takes (the per-model v7 constraints); without it they are skipped. */
  apiKey?: string;
}

export interface SyncResult {
  report: ChangeReport;
  /** Files written to the work tree, relative to the root. */
  written: string[];
}

/** Writes through a temporary file and a rename, so a reader never sees half a file. */
function writeFileAtomically(file: string, content: string | Buffer): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.sync-${process.pid}`;
  writeFileSync(temp, content);
  renameSync(temp, file);
}

/** A copy of the pipeline's inputs with the new pages in place, to run the pipeline on. */
function stage(layout: Layout, newPages: Map<string, Buffer>, newManifest: string): Layout {
  const root = mkdtempSync(join(tmpdir(), "modelslab-sync-"));
  cpSync(join(layout.root, "openapi"), join(root, "openapi"), { recursive: true });
  const staged = layoutOf(root);
  for (const [file, content] of newPages) {
    mkdirSync(dirname(join(staged.upstreamDir, file)), { recursive: true });
    writeFileSync(join(staged.upstreamDir, file), content);
  }
  writeFileSync(staged.manifestFile, newManifest);
  return staged;
}

function claimsOf(layout: Layout, documents: PipelineDocuments): PageClaims[] {
  const known = documentedFieldNames(documents);
  return documents.manifest.pages.map((page) => readPageClaims(readPage(layout, page), page.file, page.format, known));
}

/** The contract check of the staged docs, against the project's own specs, overlays and baseline. */
async function contractOutcome(layout: Layout, staged: Layout): Promise<ContractOutcome> {
  const result = await runContract({ root: layout.root, docsDir: staged.upstreamDir, reportsDir: join(staged.root, "reports"), responses: false });
  return {
    newFindings: result.findings.filter((f) => f.status === "new").map(({ id, severity, rule, message, specEdits }) => ({ id, severity, rule, message, ...(specEdits ? { specEdits } : {}) })),
    staleBaseline: result.stale.map(({ id, reason }) => ({ id, reason })),
    failures: result.failures,
  };
}

/** The manifest text with one repository file's entry moved to another commit (its `commit` and its `url`). */
function repinned(manifest: string, file: string, before: string, after: string, url: string | undefined): string {
  const start = manifest.indexOf(`  - file: ${file}\n`);
  if (start < 0) throw new PipelineError(`openapi/upstream/manifest.yaml: no entry for ${file}`);
  const next = manifest.slice(start + 1).search(/\n(  - file: |\S)/);
  const end = next < 0 ? manifest.length : start + 1 + next + 1;
  let entry = manifest.slice(start, end).replace(`    commit: ${before}\n`, `    commit: ${after}\n`);
  entry = url ? entry.replace(/    url: \S+\n/, `    url: ${url}\n`) : entry.split(before).join(after);
  return manifest.slice(0, start) + entry + manifest.slice(end);
}

export async function sync(options: SyncOptions): Promise<SyncResult> {
  const layout = layoutOf(options.root);
  const sourceLabel = options.from === "live" ? "live docs" : options.from;
  const fail = (errors: string[], pages: PageStatus[] = []): SyncResult => ({
    report: buildChangeReport({ source: sourceLabel, pages, changes: [], overlays: { unmatched: [], withoutEffect: [] }, errors }),
    written: [],
  });
  let current: PipelineDocuments;
  try {
    current = await buildDocuments(layout);
  } catch (error) {
    if (error instanceof PipelineError) return fail([`the current tree does not build: ${error.message}`]);
    throw error;
  }
  const source: PageSource =
    options.from === "live"
      ? {
          kind: "live",
          timeoutMs: options.timeoutMs ?? 15_000,
          ...(options.fetch ? { fetch: options.fetch } : {}),
          ...(current.models ? { models: current.models } : {}),
          ...(options.apiKey ? { apiKey: options.apiKey } : {}),
        }
      : { kind: "directory", dir: resolve(options.from), ...(options.commit ? { commit: options.commit } : {}) };


  const downloads = await downloadPages(current.manifest, source);
  const pages: PageStatus[] = downloads.map((d) => {
    const before = d.page.sha256;
    if (d.status === "failed") return { file: d.page.file, status: "failed", note: d.error, sha256: { before } };
    if (d.status === "skipped") return { file: d.page.file, status: "skipped", note: d.why, sha256: { before } };
    const after = sha256(d.content);
    return { file: d.page.file, status: after === before ? "unchanged" : "changed", sha256: { before, after } };
  });
  const failures = downloads.flatMap((d) => (d.status === "failed" ? [`${d.page.file}: ${d.error}`] : []));
  if (failures.length > 0) return fail(failures, pages);

  const newPages = new Map(downloads.flatMap((d) => (d.status === "fetched" && sha256(d.content) !== d.page.sha256 ? [[d.page.file, d.content] as const] : [])));
  if (newPages.size === 0)
    return { report: buildChangeReport({ source: sourceLabel, pages, changes: [], overlays: { unmatched: [], withoutEffect: [] }, errors: [] }), written: [] };

  const repositoryChanged = downloads.some((d) => d.page.origin && d.status === "fetched" && newPages.has(d.page.file));
  if (repositoryChanged && !downloads.some((d) => d.status === "fetched" && d.commit))
    return fail([`docs-repository files changed, but not the commit they come from: pass --commit SHA (the manifest pins every repository file to a commit)`], pages);
  let newManifest = readFileSync(layout.manifestFile, "utf8");
  for (const page of pages) if (page.status === "changed" && page.sha256?.after) newManifest = newManifest.replace(page.sha256.before, page.sha256.after);
  for (const d of downloads)
    if (d.status === "fetched" && d.commit && d.page.origin && d.commit !== d.page.origin.commit)
      newManifest = repinned(newManifest, d.page.file, d.page.origin.commit, d.commit, d.url);

  const staged = stage(layout, newPages, newManifest);
  try {
    let next: PipelineDocuments;
    let outputs: Map<string, string>;
    try {
      next = await buildDocuments(staged, { overlays: "report" });
      outputs = next.overlays.unmatched.length === 0 ? await buildGenerated(staged) : new Map();
    } catch (error) {
      if (error instanceof PipelineError) return fail([`the new docs do not build: ${error.message}`], pages);
      throw error;
    }
    const endpointOf = (file: string) => current.manifest.pages.find((p) => p.file === file)?.endpoints[0]?.replace("https://modelslab.com/api", "") ?? file;
    const changes = [...diffSpecs(current.final, next.final), ...diffClaims(claimsOf(layout, current), claimsOf(staged, next), endpointOf)];
    const contract = options.contract !== false && next.overlays.unmatched.length === 0 ? await contractOutcome(layout, staged) : undefined;
    const report = buildChangeReport({ source: sourceLabel, pages, changes, overlays: next.overlays, errors: [], ...(contract ? { contract } : {}) });
    const written: string[] = [];
    const generatedChanges = [...outputs].filter(([path, content]) => !existsSync(join(layout.root, path)) || readFileSync(join(layout.root, path), "utf8") !== content);
    if (report.exitCode !== EXIT_CODES.failed && generatedChanges.length > 0 && existsSync(join(layout.root, "package.json"))) {
      const release = releaseFor(packageVersion(layout.root), changes, sourceLabel, options.date ?? new Date().toISOString().slice(0, 10));
      report.release = { before: release.before, version: release.version, bump: release.bump };
      if (!options.check)
        for (const [file, content] of releaseFiles(layout.root, release)) {
          writeFileAtomically(join(layout.root, file), content);
          written.push(file);
        }
    }
    if (!options.check && report.exitCode !== EXIT_CODES.failed) {
      for (const [file, content] of newPages) {
        writeFileAtomically(join(layout.upstreamDir, file), content);
        written.push(`openapi/upstream/${file}`);
      }
      writeFileAtomically(layout.manifestFile, newManifest);
      written.push("openapi/upstream/manifest.yaml");
      const generated = writeGenerated(layout, outputs);
      written.push(...generated.written, ...generated.removed);
    }
    return { report, written };
  } finally {
    rmSync(staged.root, { recursive: true, force: true });
  }
}

function writeReports(root: string, report: ChangeReport): string[] {
  const dir = join(root, "reports");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "changes.json"), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(dir, "changes.md"), renderChangeMarkdown(report));
  return ["reports/changes.json", "reports/changes.md"];
}

function parseArgs(argv: string[]): SyncOptions {
  const value = (flag: string) => {
    const index = argv.indexOf(flag);
    if (index < 0) return undefined;
    const v = argv[index + 1];
    if (v === undefined || v.startsWith("--")) throw new PipelineError(`${flag} needs a value`);
    return v;
  };
  const known = new Set(["--from", "--check", "--timeout", "--root", "--commit"]);
  const unknown = argv.filter((a, i) => a.startsWith("--") && !known.has(a) && !(i > 0 && ["--from", "--timeout", "--root", "--commit"].includes(argv[i - 1]!)));
  if (unknown.length > 0) throw new PipelineError(`unknown option ${unknown[0]}`);
  const from = value("--from");
  if (!from) throw new PipelineError("usage: npm run sync -- --from <DIR|live> [--commit SHA] [--check] [--timeout SECONDS]");
  const commit = value("--commit");
  if (commit !== undefined && !/^[0-9a-f]{40}$/.test(commit)) throw new PipelineError("--commit takes a full 40-digit commit sha");
  if (commit !== undefined && from === "live") throw new PipelineError("--commit goes with --from DIR; live sync takes the repository's head commit");
  const timeout = value("--timeout");
  if (timeout !== undefined && !(Number(timeout) > 0)) throw new PipelineError("--timeout takes a number of seconds");
  return {
    from,
    check: argv.includes("--check"),
    ...(commit !== undefined ? { commit } : {}),
    ...(timeout !== undefined ? { timeoutMs: Number(timeout) * 1000 } : {}),
    ...(value("--root") ? { root: value("--root") } : {}),
    ...(from === "live" && process.env.MODELSLAB_API_KEY?.trim() ? { apiKey: process.env.MODELSLAB_API_KEY.trim() } : {}),
  };
}

async function main(argv: string[]): Promise<number> {
  const options = parseArgs(argv);
  const { report, written } = await sync(options);
  console.log(renderChangeSummary(report));
  if (!options.check) {
    const reports = writeReports(layoutOf(options.root).root, report);
    for (const file of written) console.log(`wrote   ${file}`);
    console.log(`reports: ${reports.join(", ")}`);
  } else console.log("--check: nothing written");
  return report.exitCode;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof PipelineError ? `error: ${error.message}` : error);
      process.exit(EXIT_CODES.failed);
    },
  );
}
