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
    const spec = finding.kind === "transcription" ? finding.evidence.find((s) => s.location.spec)?.location.spec : undefined;
    const first = finding.locations[0];
    const file = spec ? spec.file : first ? `${result.docsDir}/${first.page}` : result.docsDir;
    const line = spec?.line ?? first?.line ?? 1;
    const fix = finding.fix ? `\nSuggested fix (follows ${finding.fix.follows}): ${finding.fix.edits.map((e) => `${e.page}:${e.line} "${e.before}" → "${e.after}"`).join("; ")}` : "";
    lines.push(`::${finding.severity} file=${property(file)},line=${line},title=${property(`${finding.kind} finding ${finding.id}`)}::${data(`${finding.message}${fix}`)}`);
  }
  for (const entry of result.stale) lines.push(`::error file=contract-tests/baseline.yaml,title=${property(`stale baseline entry ${entry.id}`)}::${data(`No longer occurs; remove it: ${entry.reason}`)}`);
  for (const failure of result.failures) lines.push(`::error title=contract test failure::${data(failure)}`);
  return lines;
}
