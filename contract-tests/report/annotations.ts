/**
 * GitHub workflow commands (`::error file=…,line=…::message`) for every finding not in the
 * baseline and every stale baseline entry, so a pull request that edits the docs shows them on
 * the page lines. Printed by `npm run contract -- --format github`, and by default when
 * GITHUB_ACTIONS is set.
 */
import type { ContractResult } from "./contract-result.js";

/** Workflow-command escaping: `%`, CR and LF in data; also `:` and `,` in properties. */
const data = (text: string): string => text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const property = (text: string): string => data(text).replace(/:/g, "%3A").replace(/,/g, "%2C");

export function annotations(result: ContractResult): string[] {
  const lines: string[] = [];
  for (const finding of result.findings.filter((f) => f.status === "new")) {
    // A file of the docs repository is named from the repository's root (the workflow's checkout);
    // a page on the web has no file to annotate and is named in the message.
    const { primary } = finding;
    const where = primary.base === "DOCSROOT" || (primary.base === "PROJECTROOT" && result.input === "snapshots") ? `file=${property(primary.base === "DOCSROOT" && result.input === "snapshots" ? `openapi/upstream/docs-repo/${primary.uri}` : primary.uri)},line=${primary.line},` : "";
    const onPage = where ? "" : ` (${primary.uri}, line ${primary.line})`;
    const edits = finding.fix?.sourceEdits;
    const fix = finding.fix && edits ? `\nSuggested fix (follows ${finding.fix.follows}): ${edits.map((e) => `${e.uri}:${e.line} "${e.before}" → "${e.after}"`).join("; ")}` : "";
    lines.push(`::${finding.severity} ${where}title=${property(`${finding.kind} finding ${finding.id}`)}::${data(`${finding.message}${onPage}${fix}`)}`);
  }
  for (const entry of result.stale) lines.push(`::${result.input === "snapshots" ? "error file=contract-tests/baseline.yaml," : "notice "}title=${property(`stale baseline entry ${entry.id}`)}::${data(`${result.input === "snapshots" ? "No longer occurs; remove it" : "No longer occurs (fixed): the check's baseline drops it on its next release"}: ${entry.reason}`)}`);
  for (const failure of result.failures) lines.push(`::error title=contract test failure::${data(failure)}`);
  return lines;
}
