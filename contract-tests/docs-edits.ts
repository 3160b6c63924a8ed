/**
 * Applying suggested fixes to the text of pages: each edit changes part of one line (`before` →
 * `after`; an empty `after` for a whole line removes it). Edits apply from the bottom of a page
 * up, so the line numbers of the ones above stay true; several edits of one line apply in turn.
 * An edit whose `before` is no longer on its line (another edit changed it) is a conflict and is
 * left out, so a set of fixes can be applied in rounds.
 */
import type { PageEdit } from "./rules/finding.js";

export interface AppliedEdits {
  text: string;
  applied: PageEdit[];
  conflicts: PageEdit[];
}

export function applyEdits(text: string, edits: readonly PageEdit[]): AppliedEdits {
  const lines = text.split("\n");
  const applied: PageEdit[] = [];
  const conflicts: PageEdit[] = [];
  const byLine = new Map<number, PageEdit[]>();
  for (const edit of edits) byLine.set(edit.line, [...(byLine.get(edit.line) ?? []), edit]);
  for (const line of [...byLine.keys()].sort((a, b) => b - a)) {
    let current: string | undefined = lines[line - 1];
    if (current === undefined) {
      conflicts.push(...byLine.get(line)!);
      continue;
    }
    let removed = false;
    for (const edit of byLine.get(line)!) {
      const hasCarriageReturn: boolean = current.endsWith("\r") && !edit.before.endsWith("\r");
      const body: string = hasCarriageReturn ? current.slice(0, -1) : current;
      if (removed || !body.includes(edit.before)) {
        conflicts.push(edit);
        continue;
      }
      if (edit.after === "" && edit.before === body) removed = true;
      else current = body.replace(edit.before, edit.after) + (hasCarriageReturn ? "\r" : "");
      applied.push(edit);
    }
    if (removed) lines.splice(line - 1, 1);
    else lines.splice(line - 1, 1, ...current.split("\n"));
  }
  return { text: lines.join("\n"), applied, conflicts };
}
