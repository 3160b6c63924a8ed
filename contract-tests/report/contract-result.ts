/** The result of one contract run: what `runContract` returns and reports/contract-report.json holds. */
import type { BaselineEntry } from "../baseline.js";
import type { ResponseCheck } from "../responses/client-responses.js";
import type { Place, SourceEdit } from "../docs-repo/source-places.js";
import type { Finding, RuleId, Severity, Statement, SuggestedFix } from "../rules/finding.js";

export interface ReportedFinding extends Finding {
  /** Where the finding is edited: a docs-repository file and line, a page's URL, or (transcription) the project's spec. */
  primary: Place;
  /** Each statement with its place in the files the docs team edits and, on a rendered page, the rendered line. */
  evidence: (Statement & { where: string; place: Place; rendered?: Place })[];
  /** `sourceEdits`: the fix's edits in the files the docs team edits (absent when some edit cannot be traced there). */
  fix?: SuggestedFix & { sourceEdits?: SourceEdit[] };
  options?: (SuggestedFix & { sourceEdits?: SourceEdit[] })[];
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

/** A docs-repository file the run read: an OpenAPI document (operations taken) or a page source (the page it renders). */
export interface CheckedDocument {
  file: string;
  format: "openapi-json" | "mdx";
  url: string;
  commit: string;
  operations?: string[];
  renders?: string;
}

export interface ContractResult {
  /** The docs directory checked, relative to the project root when inside it (the checkout, with --docs-repo). */
  docsDir: string;
  /** What was read: the project's snapshots, or a docs-repository checkout (--docs-repo). */
  input: "snapshots" | "docs-repository";
  /** The docs repository's root, which DOCSROOT places are relative to (openapi/upstream/docs-repo/ for the snapshots). */
  docsRoot: string;
  /** This project's root, which PROJECTROOT places are relative to. */
  projectRoot: string;
  pages: CheckedPage[];
  /** ModelsLab's documents and page sources beside the pages. */
  documents: CheckedDocument[];
  findings: ReportedFinding[];
  /** Baseline entries no finding matches any more. */
  stale: BaselineEntry[];
  /** Contract test failures: responses that do not validate, Prism or the pipeline failing. */
  failures: string[];
  checks: {
    examplesValidated: number;
    examplesSentToPrism: number;
    examplesAcceptedByPrism: number;
    /** Operations documented twice, compared by the cross-source rule: a rendered page and the document it is rendered from. */
    sourcePairs: { page: string; document: string; operation: string; via: string }[];
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
  /**
   * Phases, in ms: loading the program (when run from the command line), building the documents,
   * Prism servers listening, the checks, writing the reports (0 in the reports themselves), total.
   */
  timings: { loadMs?: number; documentsMs: number; prismStartMs: number; checksMs: number; reportsMs: number; totalMs: number };
  exitCode: 0 | 1;
  reports: { json: string; markdown: string; sarif: string };
}
