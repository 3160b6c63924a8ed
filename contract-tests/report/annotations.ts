/**
 * GitHub workflow commands (`::error file=…,line=…::message`) for every finding not in the
 * baseline and every stale baseline entry, so a pull request that edits the docs shows them on
 * the page lines. Printed by `npm run contract -- --format github`, and by default when
 * GITHUB_ACTIONS is set.
 */
import { isAbsolute, join, relative } from "node:path";
import type { Place } from "../docs-repo/source-places.js";
import type { ContractResult } from "./contract-result.js";

/** Workflow-command escaping: `%`, CR and LF in data; also `:` and `,` in properties. */
const data = (text: string): string => text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const property = (text: string): string => data(text).replace(/:/g, "%3A").replace(/,/g, "%2C");

/**
 * `cwd`: where the workflow runs (its workspace); a file is named from there, as GitHub resolves
 * annotations. A place outside it (a page on the web, the installed check's own files) is named in
 * the message instead.
 */
export function annotations(result: ContractResult, cwd: string = process.cwd()): string[] {
  const lines: string[] = [];
  const fileOf = (place: Place): string | undefined => {
    const root = place.base === "DOCSROOT" ? result.docsRoot : place.base === "PROJECTROOT" ? result.projectRoot : undefined;
    const path = root === undefined ? undefined : relative(cwd, join(root, place.uri)).replace(/\\/g, "/");
    return path === undefined || path.startsWith("../") || isAbsolute(path) ? undefined : path;
  };
  for (const finding of result.findings.filter((f) => f.status === "new")) {
    const { primary } = finding;
    const file = fileOf(primary);
    const where = file ? `file=${property(file)},line=${primary.line},` : "";
    const onPage = file ? "" : ` (${primary.uri}, line ${primary.line})`;
    const edits = finding.fix?.sourceEdits;
    const fix = finding.fix && edits ? `\nSuggested fix (follows ${finding.fix.follows}): ${edits.map((e) => `${e.uri}:${e.line} "${e.before}" → "${e.after}"`).join("; ")}` : "";
    const options = (finding.options ?? []).map((option, index) => `\nOption ${index + 1}: ${option.follows}; it would also change: ${option.changes ?? "nothing else"}`).join("");
    lines.push(`::${finding.severity} ${where}title=${property(`${finding.kind} finding ${finding.id}`)}::${data(`${finding.message}${onPage}${fix}${options}`)}`);
  }
  for (const entry of result.stale) lines.push(`::${result.input === "snapshots" ? "error file=contract-tests/baseline.yaml," : "notice "}title=${property(`stale baseline entry ${entry.id}`)}::${data(`${result.input === "snapshots" ? "No longer occurs; remove it" : "No longer occurs (fixed): the check's baseline drops it on its next release"}: ${entry.reason}`)}`);
  for (const failure of result.failures) lines.push(`::error title=contract test failure::${data(failure)}`);
  return lines;
}
