/**
 * reports/contract-report.sarif: the findings as SARIF 2.1.0, which GitHub code scanning and
 * editors read. A docs finding sits on its page lines (openapi/upstream/…, or the --docs
 * directory) with its suggested fix as SARIF `fixes`; a transcription finding sits on the line of
 * the hand-written spec. Tool evidence goes to each result's properties.
 */
import type { Log, Result } from "sarif";
import { RULE_IDS, type RuleId } from "../rules/finding.js";
import type { ContractResult, ReportedFinding } from "./contract-result.js";

const RULE_TEXT: Record<RuleId, string> = {
  transcription: "A hand-written spec no longer matches the page line it cites.",
  "claim-vs-schema": "What a page states contradicts the schema it documents.",
  "example-schema": "An example does not validate against the schema of its page.",
  "example-prism": "A mock of the page's own schema does not accept the example request.",
  "example-units": "A parameter described in a unit is sent as text by the example.",
  "example-meta": "An example response's meta contradicts the request or the limits.",
  "cross-endpoint": "The same parameter is documented differently on two endpoints.",
  "schema-self": "A schema contradicts itself.",
  "cross-source": "A page disagrees with the ModelsLab OpenAPI document it is rendered from.",
  spelling: "A word is neither English nor in the project's word list.",
};

/** Where a location's file is, relative to the project root (the docs directory or the spec file). */
function uriOf(result: ContractResult, page: string, spec?: { file: string }): string {
  if (spec) return spec.file;
  if (page === "API-FACTS.md") return "openapi/facts/API-FACTS.md";
  return `${result.docsDir.replace(/\\/g, "/").replace(/\/$/, "")}/${page}`;
}

function resultOf(result: ContractResult, finding: ReportedFinding): Result {
  const primary = finding.kind === "transcription" ? finding.evidence.find((s) => s.location.spec) : undefined;
  const first = primary?.location ?? finding.locations[0] ?? { page: "manifest.yaml", line: 1 };
  const place = (page: string, line: number, spec?: { file: string; line: number }) => ({
    physicalLocation: { artifactLocation: { uri: uriOf(result, page, spec) }, region: { startLine: spec?.line ?? line } },
  });
  return {
    ruleId: finding.rule,
    level: finding.severity,
    message: { text: finding.message },
    locations: [place(first.page, first.line, first.spec)],
    relatedLocations: finding.evidence.map((statement, index) => ({
      id: index + 1,
      ...place(statement.location.page, statement.location.line, statement.location.spec),
      message: { text: `${statement.where}: ${statement.says}` },
    })),
    partialFingerprints: { findingId: finding.id },
    ...(finding.fix
      ? {
          fixes: [
            {
              description: { text: `Follow ${finding.fix.follows}: ${finding.fix.why}` },
              artifactChanges: [...new Set(finding.fix.edits.map((edit) => edit.page))].map((page) => ({
                artifactLocation: { uri: uriOf(result, page) },
                replacements: finding.fix!.edits
                  .filter((edit) => edit.page === page)
                  .map((edit) => ({ deletedRegion: { startLine: edit.line, snippet: { text: edit.before } }, insertedContent: { text: edit.after } })),
              })),
            },
          ],
        }
      : {}),
    properties: {
      kind: finding.kind,
      status: finding.status,
      field: finding.field,
      endpoints: finding.endpoints,
      ...(finding.baseline ? { baseline: finding.baseline } : {}),
      toolEvidence: finding.toolEvidence.map((s) => `${s.location.page}:${s.location.line} ${s.says}`),
    },
  };
}

export function sarifReport(result: ContractResult): Log {
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "modelslab-video contract",
            informationUri: "https://docs.modelslab.com",
            rules: RULE_IDS.map((id) => ({ id, shortDescription: { text: RULE_TEXT[id] } })),
          },
        },
        results: result.findings.map((finding) => resultOf(result, finding)),
      },
    ],
  };
}
