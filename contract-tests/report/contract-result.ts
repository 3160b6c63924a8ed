/** The result of one contract run: what `runContract` returns and reports/contract-report.json holds. */
import type { BaselineEntry } from "../baseline.js";
import type { ResponseCheck } from "../responses/client-responses.js";
import type { Finding, RuleId, Severity } from "../rules/finding.js";

export interface ReportedFinding extends Finding {
  status: "new" | "baselined";
  baseline?: { reason: string; resolvedBy?: string[] };
}

export interface CheckedPage {
  file: string;
  url: string;
  endpoint: string;
  /** The spec the page is checked against. */
  spec: string;
}

export interface ContractResult {
  /** The docs directory checked, relative to the project root when inside it. */
  docsDir: string;
  pages: CheckedPage[];
  findings: ReportedFinding[];
  /** Baseline entries no finding matches any more. */
  stale: BaselineEntry[];
  /** Contract test failures: responses that do not validate, Prism or the pipeline failing. */
  failures: string[];
  checks: {
    examplesValidated: number;
    examplesSentToPrism: number;
    examplesAcceptedByPrism: number;
    responses: ResponseCheck[];
  };
  counts: {
    findings: number;
    byRule: Partial<Record<RuleId, number>>;
    bySeverity: Record<Severity, number>;
    new: number;
    baselined: number;
    stale: number;
    failures: number;
    responseChecks: { passed: number; failed: number };
  };
  timings: { prismStartMs: number; checksMs: number; totalMs: number };
  exitCode: 0 | 1;
  reports: { json: string; markdown: string; sarif: string };
}
