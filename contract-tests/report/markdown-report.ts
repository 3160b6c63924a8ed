/**
 * reports/contract-report.md, written for the person who edits the docs: a one-screen summary
 * by page first, then each finding — what is wrong, every place it occurs (named as a docs
 * writer names it), the suggested fix (which side the project follows and why, the edits), and
 * below that the tools' evidence.
 */
import type { Place } from "../docs-repo/source-places.js";
import type { ContractResult, ReportedFinding } from "./contract-result.js";

const code = (text: string): string => `\`${text.replace(/`/g, "'")}\``;
/** A place as a docs writer opens it: a repository file and line, a project file, or a page's URL. */
export const placeText = (place: Place): string => (place.base === "PROJECTROOT" ? `${place.uri}:${place.line} (this project)` : `${place.uri}:${place.line}`);

function summaryByPage(result: ContractResult): string[] {
  const rows = result.pages.map((page) => {
    const on = result.findings.filter((f) => f.locations.some((l) => l.page === page.file));
    const count = (kind: string, severity: string) => on.filter((f) => f.kind === kind && f.severity === severity).length;
    return `| ${code(page.file)} | ${count("docs", "error")} | ${count("docs", "warning")} | ${on.filter((f) => f.kind === "transcription").length} | ${on.filter((f) => f.status === "new").length} |`;
  });
  return ["| Page | Docs errors | Docs warnings | Transcription | New |", "|---|---|---|---|---|", ...rows];
}

function section(finding: ReportedFinding): string[] {
  const status = finding.status === "new" ? "**new**" : `baselined${finding.baseline?.resolvedBy ? `, resolved by ${finding.baseline.resolvedBy.map(code).join(", ")}` : ""}`;
  const lines = [
    `### ${finding.severity}: ${finding.message}`,
    "",
    `${finding.kind === "docs" ? "Docs" : "Transcription (the project's to fix)"} · at ${code(placeText(finding.primary))} · ${code(finding.field)} on ${finding.endpoints.join(", ")} · ${code(finding.id)} (${finding.rules.join(", ")}) · ${status}`,
    "",
    ...finding.evidence.map((s) => `- ${code(placeText(s.place))} — ${s.where}: ${s.says}`),
  ];
  const fixLines = (fix: NonNullable<ReportedFinding["fix"]>) => {
    const edits = fix.sourceEdits ?? fix.edits.map((edit) => ({ uri: edit.page, line: edit.line, before: edit.before, after: edit.after }));
    if (!fix.sourceEdits) lines.push("(edits of the rendered pages: they could not be traced to the files the docs team edits)", "");
    for (const edit of edits) lines.push(`- ${code(`${edit.uri}:${edit.line}`)}: ${edit.after === "" ? `remove ${code(edit.before)}` : `${code(edit.before)} → ${code(edit.after.replace(/\n/g, "⏎"))}`}`);
  };
  if (finding.fix) {
    lines.push("", `**Suggested fix** — follow ${finding.fix.follows}. ${finding.fix.why}`, "");
    fixLines(finding.fix);
  }
  for (const [index, option] of (finding.options ?? []).entries()) {
    lines.push("", `**Option ${index + 1} of ${finding.options!.length}** (the evidence does not decide) — ${option.follows}. ${option.why} It would also change: ${option.changes ?? "nothing else"}.`, "");
    fixLines(option);
  }
  if (finding.baseline) lines.push("", `Baseline: ${finding.baseline.reason}`);
  if (finding.toolEvidence.length > 0) lines.push("", "<details><summary>Tool evidence</summary>", "", ...finding.toolEvidence.map((s) => `- ${s.where}: ${s.says}`), "", "</details>");
  lines.push("");
  return lines;
}

export function markdownReport(result: ContractResult): string {
  const { counts } = result;
  const docs = result.findings.filter((f) => f.kind === "docs");
  const transcription = result.findings.filter((f) => f.kind === "transcription");
  const lines = [
    "# Contract report",
    "",
    `Docs checked: ${code(result.docsDir)} (${result.pages.length} pages). ${docs.length} docs findings (${counts.bySeverity.error} errors and ${counts.bySeverity.warning} warnings in all), ${transcription.length} transcription findings; ${counts.new} new, ${counts.baselined} baselined, ${counts.stale} stale baseline entries; ${counts.failures} contract test failures.`,
    "",
    ...summaryByPage(result),
    "",
    "Docs findings are the documentation contradicting itself: each has a suggested fix, checked by the tests (applied alone, the finding goes and nothing new appears). Transcription findings are the project's hand-written specs no longer matching the page line they cite.",
    "",
    "| Page | Endpoint | Checked against |",
    "|---|---|---|",
    ...result.pages.map((page) => `| [${code(page.file)}](${page.url}) | ${page.endpoint} | ${code(page.spec)} |`),
    "",
    "## Docs findings",
    "",
    ...(docs.length > 0 ? docs.flatMap(section) : ["None.", ""]),
    "## Transcription findings",
    "",
    ...(transcription.length > 0 ? transcription.flatMap(section) : ["None: every hand-written spec matches the lines it cites.", ""]),
  ];
  if (result.stale.length > 0)
    lines.push("## Stale baseline entries", "", "These are in contract-tests/baseline.yaml but no longer occur: remove them.", "", ...result.stale.map((entry) => `- ${code(entry.id)}: ${entry.reason}`), "");
  if (result.failures.length > 0) lines.push("## Contract test failures", "", ...result.failures.map((failure) => `- ${failure}`), "");
  return lines.join("\n");
}
