/**
 * reports/contract-report.md: one table row per finding, written for the docs writer who has
 * to fix it — the page and line, what it says there, and what contradicts it.
 */
import type { Statement } from "../rules/finding.js";
import type { ContractResult, ReportedFinding } from "./contract-result.js";

const cell = (text: string): string => text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
const at = (statement: Statement): string => `\`${statement.location.page}:${statement.location.line}\``;

/** The places a finding is about (the docs' claims and examples) and the ones that contradict them (schemas, Prism). */
function sides(finding: ReportedFinding): { says: Statement[]; contradicts: Statement[] } {
  const claims = finding.evidence.filter((s) => s.role !== "schema" && s.role !== "prism");
  const against = finding.evidence.filter((s) => s.role === "schema" || s.role === "prism");
  if (claims.length > 0) return { says: claims, contradicts: against };
  return { says: against.slice(0, 1), contradicts: against.slice(1) };
}

function row(finding: ReportedFinding): string {
  const { says, contradicts } = sides(finding);
  const where = [...new Set(says.map(at))].join("<br>");
  const said = says.map((s) => `${at(s)} ${s.says}`).join("<br>");
  const against = contradicts.map((s) => `${at(s)} ${s.says}`).join("<br>");
  const status = finding.status === "new" ? "**new**" : finding.baseline?.resolvedBy ? `baselined, resolved by \`${finding.baseline.resolvedBy}\`` : "baselined";
  return `| ${finding.severity} | ${cell(where)} | ${cell(finding.message)}<br>${cell(said)} | ${cell(against)} | \`${finding.field}\` on ${cell(finding.endpoints.join(", "))} | \`${finding.id}\` (${finding.rule}) ${status} |`;
}

export function markdownReport(result: ContractResult): string {
  const { counts } = result;
  const lines = [
    "# Contract report",
    "",
    `Docs checked: \`${result.docsDir}\` (${result.pages.length} pages). ${counts.findings} findings: ${counts.bySeverity.error} errors, ${counts.bySeverity.warning} warnings; ${counts.new} new, ${counts.baselined} baselined, ${counts.stale} stale baseline entries; ${counts.failures} contract test failures.`,
    "",
    "| Page | Endpoint | Checked against |",
    "|---|---|---|",
    ...result.pages.map((page) => `| [\`${page.file}\`](${page.url}) | ${page.endpoint} | \`${page.spec}\` |`),
    "",
    "## Findings",
    "",
    "Each row: where the docs say it, what they say, and what contradicts it (the schema the page documents, Prism's mock of it, or another page).",
    "",
    "| Severity | Page:line | What it says | What contradicts it | Parameter | Finding |",
    "|---|---|---|---|---|---|",
    ...result.findings.map(row),
    "",
  ];
  if (result.stale.length > 0)
    lines.push("## Stale baseline entries", "", "These are in contract-tests/baseline.yaml but no longer occur: remove them.", "", ...result.stale.map((entry) => `- \`${entry.id}\`: ${entry.reason}`), "");
  if (result.failures.length > 0) lines.push("## Contract test failures", "", ...result.failures.map((failure) => `- ${cell(failure)}`), "");
  return lines.join("\n");
}
