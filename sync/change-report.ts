/** Sync step: the change report, as JSON for machines and Markdown for a pull request body. */
import type { OverlayIssue } from "../scripts/overlay.js";
import type { SpecChange } from "./spec-diff.js";

export type Verdict = "no-change" | "non-breaking" | "breaking" | "failed";

export const EXIT_CODES: Record<Verdict, number> = { "no-change": 0, "non-breaking": 10, breaking: 20, failed: 1 };

export interface PageStatus {
  file: string;
  status: "unchanged" | "changed" | "skipped" | "failed";
  note?: string;
  sha256?: { before: string; after?: string };
}

export interface ChangeReport {
  source: string;
  verdict: Verdict;
  exitCode: number;
  pages: PageStatus[];
  changes: SpecChange[];
  counts: { breaking: number; nonBreaking: number };
  overlays: { unmatched: OverlayIssue[]; withoutEffect: OverlayIssue[] };
  /** Why the sync failed, when it did. */
  errors: string[];
  /** The contract check of the new docs against the baseline, when it ran. */
  contract?: ContractOutcome;
  /** The version bump the change calls for, when it changes the generated client (written to package.json and CHANGELOG.md). */
  release?: { before: string; version: string; bump: "major" | "minor" | "patch" };
}

export interface ContractOutcome {
  /** specEdits: for a transcription finding, the proposed edits of the hand-written spec (file, line, before → after). */
  newFindings: Array<{ id: string; severity: string; rule: string; message: string; specEdits?: Array<{ file: string; line: number; before: string; after: string }> }>;
  /** Baseline entries the new docs made stale (the inconsistency is gone). */
  staleBaseline: Array<{ id: string; reason: string }>;
  failures: string[];
}

export function verdictOf(report: Omit<ChangeReport, "verdict" | "exitCode" | "counts">): Verdict {
  if (report.errors.length > 0 || report.overlays.unmatched.length > 0) return "failed";
  if (report.pages.every((page) => page.status !== "changed")) return "no-change";
  return report.changes.some((change) => change.breaking) ? "breaking" : "non-breaking";
}

export function buildChangeReport(input: Omit<ChangeReport, "verdict" | "exitCode" | "counts">): ChangeReport {
  const verdict = verdictOf(input);
  const breaking = input.changes.filter((c) => c.breaking).length;
  return { ...input, verdict, exitCode: EXIT_CODES[verdict], counts: { breaking, nonBreaking: input.changes.length - breaking } };
}

const cell = (value: unknown) =>
  value === undefined ? "" : `\`${(typeof value === "string" ? value : JSON.stringify(value)).replace(/\|/g, "\\|")}\``;

function changeTable(changes: SpecChange[]): string[] {
  return [
    "| operation | where | field | change | before | after | why |",
    "|---|---|---|---|---|---|---|",
    ...changes.map((c) => `| ${c.operation} | ${c.location} | ${c.field ? cell(c.field) : ""} | ${c.kind} | ${cell(c.before)} | ${cell(c.after)} | ${c.reason} |`),
  ];
}

const HEADLINE: Record<Verdict, string> = {
  "no-change": "No change: every upstream page is byte-identical to its snapshot.",
  "non-breaking": "Non-breaking change: the docs changed, and no change breaks an existing client.",
  breaking: "Breaking change: at least one change breaks existing clients of the API.",
  failed: "The sync failed: nothing was written.",
};

export function renderChangeMarkdown(report: ChangeReport): string {
  const lines = [`# Upstream docs sync (${report.source})`, "", `**${HEADLINE[report.verdict]}** (exit code ${report.exitCode})`, ""];
  if (report.errors.length > 0) lines.push("## Errors", "", ...report.errors.map((e) => `- ${e}`), "");
  lines.push("## Pages", "", "| page | status | note |", "|---|---|---|");
  for (const page of report.pages) lines.push(`| ${page.file} | ${page.status} | ${page.note ?? ""} |`);
  lines.push("");
  const breaking = report.changes.filter((c) => c.breaking);
  const other = report.changes.filter((c) => !c.breaking);
  if (breaking.length > 0) lines.push(`## Breaking changes (${breaking.length})`, "", ...changeTable(breaking), "");
  if (other.length > 0) lines.push(`## Non-breaking changes (${other.length})`, "", ...changeTable(other), "");
  if (report.changes.length === 0 && report.verdict === "non-breaking")
    lines.push("The pages changed, but the merged document did not: a documentation-only edit.", "");
  if (report.contract) {
    const { newFindings, staleBaseline, failures } = report.contract;
    lines.push("## Contract check of the new docs", "");
    if (newFindings.length + staleBaseline.length + failures.length === 0) lines.push("No new finding, no stale baseline entry.", "");
    for (const f of newFindings) {
      lines.push(`- new ${f.severity} \`${f.id}\` (${f.rule}): ${f.message}`);
      for (const edit of f.specEdits ?? []) lines.push(`  - proposed: ${edit.file}:${edit.line} \`${edit.before.trim()}\` → ${edit.after === "" ? "(remove the line)" : `\`${edit.after.trim().replace(/\n\s*/g, " ⏎ ")}\``}`);
    }
    for (const e of staleBaseline) lines.push(`- stale baseline entry \`${e.id}\`: the docs no longer say this (${e.reason}); remove it from contract-tests/baseline.yaml`);
    for (const failure of failures) lines.push(`- contract failure: ${failure}`);
    lines.push("");
  }
  if (report.release)
    lines.push("## Release", "", `The generated client changed: version ${report.release.before} → ${report.release.version} (${report.release.bump}), with an entry in CHANGELOG.md.`, "");
  if (report.overlays.unmatched.length > 0 || report.overlays.withoutEffect.length > 0) {
    lines.push("## Overlays to review", "");
    for (const o of report.overlays.unmatched) lines.push(`- ${o.overlay} action #${o.action}: target \`${o.target}\` matches nothing any more`);
    for (const o of report.overlays.withoutEffect)
      lines.push(`- ${o.overlay} action #${o.action}: \`${o.target}\` changes nothing any more; the docs may now say it themselves`);
    lines.push("");
  }
  return lines.join("\n");
}

export function renderChangeSummary(report: ChangeReport): string {
  const changed = report.pages.filter((p) => p.status === "changed").map((p) => p.file);
  const lines = [
    HEADLINE[report.verdict],
    `pages: ${changed.length} changed${changed.length ? ` (${changed.join(", ")})` : ""}, ${report.pages.filter((p) => p.status === "skipped").length} skipped`,
    `changes: ${report.counts.breaking} breaking, ${report.counts.nonBreaking} non-breaking`,
  ];
  for (const change of report.changes.filter((c) => c.breaking))
    lines.push(`  breaking: ${change.operation} ${change.location}${change.field ? ` ${change.field}` : ""}: ${change.kind} (${change.reason})`);
  for (const o of report.overlays.unmatched) lines.push(`overlay: ${o.overlay} action #${o.action} matches nothing (${o.target})`);
  for (const o of report.overlays.withoutEffect) lines.push(`overlay: ${o.overlay} action #${o.action} changes nothing any more (${o.target})`);
  if (report.contract)
    lines.push(
      `contract: ${report.contract.newFindings.length} new finding(s), ${report.contract.staleBaseline.length} stale baseline entr${report.contract.staleBaseline.length === 1 ? "y" : "ies"}${report.contract.failures.length ? `, ${report.contract.failures.length} failure(s)` : ""}`,
    );
  for (const f of report.contract?.newFindings ?? []) {
    lines.push(`  new ${f.severity} ${f.id}: ${f.message}`);
    for (const edit of f.specEdits ?? []) lines.push(`    proposed: ${edit.file}:${edit.line} ${JSON.stringify(edit.before.trim())} → ${JSON.stringify(edit.after.trim())}`);
  }
  for (const e of report.contract?.staleBaseline ?? []) lines.push(`  stale baseline ${e.id}`);
  if (report.release) lines.push(`release: ${report.release.before} → ${report.release.version} (${report.release.bump}; package.json and CHANGELOG.md)`);
  for (const error of report.errors) lines.push(`error: ${error}`);
  return lines.join("\n");
}
