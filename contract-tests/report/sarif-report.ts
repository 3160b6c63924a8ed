/**
 * reports/contract-report.sarif: the findings as SARIF 2.1.0, which GitHub code scanning and
 * editors read. A docs finding sits on the file and line of the docs repository the docs team
 * edits (relative to DOCSROOT, `originalUriBaseIds`), with every statement and the rendered page's
 * lines as related locations and its suggested fix, made in those files, as SARIF `fixes`; a page
 * the repository does not hold keeps its URL; a transcription finding sits on the line of the
 * project's hand-written spec (PROJECTROOT). Tool evidence goes to each result's properties.
 */
import { pathToFileURL } from "node:url";
import type { Log, Result } from "sarif";
import type { Place } from "../docs-repo/source-places.js";
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
  "type-words": "A parameter's words contradict its declared type (they say to pass null; the type does not allow it).",
  "copied-text": "A page shows words naming another product than the one it documents.",
  "variant-params": "An endpoint declared a variant of another lacks parameters its sibling takes.",
  "fetch-path": "An operation's path names a parameter the operation does not declare.",
  "twin-documents": "One operation documented in two OpenAPI documents with different request fields.",
  "rendered-page": "A page of the site differs from the source it is rendered from.",
  "prose-fallback": "The words say what a field falls back to; the schema gives it no such default.",
  "model-params": "An endpoint documents parameters that only another model's endpoints document.",
  "fetch-answer": "A fetch operation answers less than the same operation of a sibling document: not the generation it fetches.",
  prices: "Two pages state different prices or plan credits for one call.",
  "model-limits": "A limit stated for one model of an endpoint that takes others, with nothing stated for them.",
  "page-operation": "A page disagrees with the operation its front matter names: the method, the URL or the body it sends.",
  "model-pages": "A v7 model page disagrees with another model page or with the v7 page, which documents the endpoint for every model.",
};

const artifact = (place: Place) => ({ uri: place.uri, ...(place.base ? { uriBaseId: place.base } : {}) });
const at = (place: Place) => ({ physicalLocation: { artifactLocation: artifact(place), region: { startLine: place.line } } });

function resultOf(finding: ReportedFinding): Result {
  const related = finding.evidence.flatMap((statement) => [
    { ...at(statement.place), message: { text: `${statement.where}: ${statement.says}` } },
    ...(statement.rendered ? [{ ...at(statement.rendered), message: { text: `as rendered: ${statement.where}` } }] : []),
  ]);
  const fixOf = (fix: NonNullable<ReportedFinding["fix"]>, label: string) => {
    const edits = fix.sourceEdits ?? [];
    return {
      description: { text: `${label}${fix.follows}: ${fix.why}${fix.changes ? ` It would also change: ${fix.changes}.` : ""}` },
      artifactChanges: [...new Map(edits.map((edit) => [`${edit.base ?? ""}|${edit.uri}`, edit])).values()].map((file) => ({
        artifactLocation: artifact(file),
        replacements: edits
          .filter((edit) => edit.uri === file.uri && edit.base === file.base)
          .map((edit) => ({ deletedRegion: { startLine: edit.line, snippet: { text: edit.before } }, insertedContent: { text: edit.after } })),
      })),
    };
  };
  // SARIF `fixes` are alternatives: the one fix, or each option where the evidence does not decide.
  // (An option that edits nothing, such as publishing the site anew, is no SARIF fix: it is in the properties.)
  const fixes = [
    ...(finding.fix?.sourceEdits?.length ? [fixOf(finding.fix, "Follow ")] : []),
    ...(finding.options ?? []).flatMap((option, index) => (option.sourceEdits?.length ? [fixOf(option, `Option ${index + 1} of ${finding.options!.length}: `)] : [])),
  ];
  return {
    ruleId: finding.rule,
    level: finding.severity,
    message: { text: finding.message },
    locations: [at(finding.primary)],
    relatedLocations: related.map((location, index) => ({ id: index + 1, ...location })),
    partialFingerprints: { findingId: finding.id },
    ...(fixes.length > 0 ? { fixes } : {}),
    properties: {
      kind: finding.kind,
      status: finding.status,
      field: finding.field,
      endpoints: finding.endpoints,
      ...(finding.baseline ? { baseline: finding.baseline } : {}),
      toolEvidence: finding.toolEvidence.map((s) => `${s.location.page}:${s.location.line} ${s.says}`),
      ...(finding.options ? { options: finding.options.map((option) => ({ follows: option.follows, why: option.why, changes: option.changes ?? "", edits: option.sourceEdits?.length ?? 0 })) } : {}),
    },
  };
}

const directoryUri = (path: string): string => {
  const href = pathToFileURL(path).href;
  return href.endsWith("/") ? href : `${href}/`;
};

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
        originalUriBaseIds: {
          DOCSROOT: { uri: directoryUri(result.docsRoot), description: { text: "The root of the ModelsLab docs repository checkout (docs-v2)." } },
          PROJECTROOT: { uri: directoryUri(result.projectRoot), description: { text: "The root of the modelslab-video project: its hand-written specs and facts." } },
        },
        results: result.findings.map(resultOf),
      },
    ],
  };
}
