/** The short summary `npm run contract` prints. */
import { RULE_IDS } from "../rules/finding.js";
import type { ContractResult } from "./contract-result.js";
import { placeText } from "./markdown-report.js";

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

export function summaryText(result: ContractResult): string {
  const { counts, checks, timings } = result;
  const lines = [
    result.input === "docs-repository"
      ? `contract: the docs repository at ${result.docsDir} (${result.documents.length} files, ${result.pages.length} pages)`
      : `contract: ${result.pages.length} pages and ${result.documents.length} docs-repository files of ${result.docsDir}`,
    `  pages: ${result.pages.map((page) => page.file).join(", ")}`,
    `  documents: ${
      result.documents
        .filter((d) => d.format === "openapi-json")
        .map((d) => `${d.file} (${d.operations?.join(", ") ?? ""})`)
        .join(", ") || "none"
    }`,
    `  page sources: ${result.documents.filter((d) => d.format === "mdx").map((d) => d.file).join(", ") || "none"}`,
    `  cross-source: ${checks.sourcePairs.length} operation${checks.sourcePairs.length === 1 ? "" : "s"} documented both on a page and in a ModelsLab document, compared${checks.sourcePairs.length ? ` (${checks.sourcePairs.map((p) => `${p.page} ↔ ${p.document} ${p.operation}`).join("; ")})` : ""}`,
    `  examples: ${checks.examplesValidated} validated with Ajv, ${checks.examplesSentToPrism} sent to Prism (${checks.examplesAcceptedByPrism} accepted)`,
    `  responses: ${counts.responseChecks.passed} of ${counts.responseChecks.passed + counts.responseChecks.failed} client calls on Prism (static + dynamic) valid`,
    `  findings: ${counts.findings} (${counts.bySeverity.error} error, ${counts.bySeverity.warning} warning): ${result.findings.filter((f) => f.kind === "docs").length} docs, ${result.findings.filter((f) => f.kind === "transcription").length} transcription`,
    ...RULE_IDS.filter((rule) => counts.byRule[rule]).map((rule) => `    ${rule.padEnd(16)} ${counts.byRule[rule]}`),
    `  new: ${counts.new}   baselined: ${counts.baselined}   stale baseline entries: ${counts.stale}   contract test failures: ${counts.failures}`,
  ];
  for (const finding of result.findings.filter((f) => f.status === "new"))
    lines.push(`  NEW ${finding.kind} ${finding.severity} ${finding.id} ${placeText(finding.primary)}: ${finding.message}`);
  for (const entry of result.stale)
    lines.push(`  STALE ${entry.id} (${result.input === "snapshots" ? "no longer occurs; remove it from contract-tests/baseline.yaml" : "no longer occurs: fixed"}): ${entry.reason}`);
  for (const failure of result.failures) lines.push(`  FAIL ${failure}`);
  lines.push(`  reports: ${result.reports.json}, ${result.reports.markdown}, ${result.reports.sarif}`);
  const load = timings.loadMs !== undefined ? `load ${seconds(timings.loadMs)}, ` : "";
  lines.push(
    `  time: ${load}documents ${seconds(timings.documentsMs)}, servers listening ${seconds(timings.prismStartMs)}, checks ${seconds(timings.checksMs)}, reports ${seconds(timings.reportsMs)}, total ${seconds(timings.totalMs)}`,
  );
  lines.push(result.exitCode === 0 ? "contract: OK" : "contract: FAILED");
  return lines.join("\n");
}
