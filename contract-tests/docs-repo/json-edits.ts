/**
 * A change to the OpenAPI view of a rendered page, made in the `openapi.json` it is rendered from:
 * the view before and after is compared value by value (the view's pointers are the document's),
 * and each difference becomes a line edit of the document's text — a value replaced on its key's
 * line, a key removed (with the comma of the line before when it was the last), a key added after
 * its object's opening line, the items of a list rewritten. Commas stay right, so the document
 * stays JSON.
 */
import type { JsonValue } from "../claims/claim.js";
import type { PageEdit } from "../rules/finding.js";
import { pathOf, pointerOf, valueLines, type ValueLines } from "./json-lines.js";

const isObject = (value: unknown): value is Record<string, JsonValue> => typeof value === "object" && value !== null && !Array.isArray(value);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const inline = (value: JsonValue | undefined): string => JSON.stringify(value, null, 1).replace(/\n\s*/g, " ").replace(/\[ /g, "[").replace(/ \]/g, "]").replace(/\{ /g, "{").replace(/ \}/g, "}");

/** The line edits of `json` (a document's text, `file` its name) that turn the value at each pointer of `before` into `after`; undefined when some change cannot be written as line edits. */
export function jsonEdits(file: string, json: string, before: JsonValue, after: JsonValue, root: readonly string[] = []): PageEdit[] | undefined {
  const lines = json.split("\n");
  const at = valueLines(json);
  const edits: PageEdit[] = [];
  const text = (line: number) => (lines[line - 1] ?? "").replace(/\r$/, "");
  const indentOf = (line: number) => text(line).match(/^\s*/)![0];
  let failed = false;

  const removeLines = (range: ValueLines) => {
    for (let line = range.line; line <= range.endLine; line++) edits.push({ page: file, line, before: text(line), after: "" });
  };
  const replaceValue = (pointer: string, value: JsonValue) => {
    const range = at.get(pointer);
    if (!range || range.line !== range.endLine) return void (failed = true);
    const key = pathOf(pointer).at(-1)!;
    const line = text(range.line);
    const keyed = line.match(/^(\s*("(?:[^"\\]|\\.)*")\s*:\s*)(.*?)(,?)\s*$/);
    const item = line.match(/^(\s*)()(.*?)(,?)\s*$/);
    const match = keyed && keyed[2] === JSON.stringify(key) ? keyed : item;
    if (!match) return void (failed = true);
    edits.push({ page: file, line: range.line, before: line, after: `${match[1]}${inline(value)}${match[4]}` });
  };

  const diff = (path: string[], old: JsonValue | undefined, next: JsonValue | undefined) => {
    if (same(old, next)) return;
    const pointer = pointerOf(path);
    if (isObject(old) && isObject(next)) {
      // An object written on one line (`"schema": { "$ref": "…" }`) is rewritten whole.
      const whole = at.get(pointer);
      if (whole && whole.line === whole.endLine && path.length > 0) return replaceValue(pointer, next);
      const keys = Object.keys(old);
      const removed = keys.filter((key) => !(key in next));
      const kept = keys.filter((key) => key in next);
      for (const key of removed) {
        const range = at.get(pointerOf([...path, key]));
        if (!range) return void (failed = true);
        removeLines(range);
      }
      // The last key left loses its comma when every key after it went.
      const lastKept = kept.at(-1);
      if (lastKept !== undefined && removed.some((key) => keys.indexOf(key) > keys.indexOf(lastKept))) {
        const range = at.get(pointerOf([...path, lastKept]))!;
        const line = text(range.endLine);
        if (line.trimEnd().endsWith(",")) edits.push({ page: file, line: range.endLine, before: line, after: line.replace(/,\s*$/, "") });
      }
      for (const key of kept) diff([...path, key], old[key], next[key]);
      const added = Object.keys(next).filter((key) => !(key in old));
      if (added.length > 0) {
        const opening = at.get(pointer);
        if (!opening || !text(opening.line).trimEnd().endsWith("{")) return void (failed = true);
        const childIndent = kept.length > 0 ? indentOf(at.get(pointerOf([...path, kept[0]!]))!.line) : `${indentOf(opening.line)}  `;
        const written = added.map((key, index) => `${childIndent}${JSON.stringify(key)}: ${inline(next[key])}${index < added.length - 1 || kept.length > 0 ? "," : ""}`);
        edits.push({ page: file, line: opening.line, before: text(opening.line), after: [text(opening.line), ...written].join("\n") });
      }
      return;
    }
    if (Array.isArray(old) && Array.isArray(next)) {
      const range = at.get(pointer);
      if (!range) return void (failed = true);
      if (range.line === range.endLine || old.length === 0) return replaceValue(pointer, next);
      const items = old.map((_, index) => at.get(pointerOf([...path, index]))!);
      if (items.some((item) => !item || item.line !== item.endLine)) return void (failed = true);
      const indent = indentOf(items[0]!.line);
      if (next.length === 0) return replaceValue(pointer, next);
      edits.push({ page: file, line: items[0]!.line, before: text(items[0]!.line), after: next.map((item, index) => `${indent}${inline(item)}${index < next.length - 1 ? "," : ""}`).join("\n") });
      for (const item of items.slice(1)) edits.push({ page: file, line: item.line, before: text(item.line), after: "" });
      return;
    }
    if (old === undefined || next === undefined) return void (failed = true);
    replaceValue(pointer, next);
  };
  diff([...root], before, after);
  return failed ? undefined : edits;
}
