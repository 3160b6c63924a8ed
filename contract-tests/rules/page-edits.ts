/**
 * Building suggested fixes: edits of single page lines, each checked against the line it
 * changes, and the shapes the pages use (an OpenAPI block's keyword lines, <ParamField>
 * attributes, table rows, JSON example lines).
 */
import type { JsonType, JsonValue } from "../claims/claim.js";
import type { CheckContext } from "./check-context.js";
import type { PageEdit } from "./finding.js";

/** `before` (a part of the line) → `after`; undefined when the line does not hold `before`. */
export function lineEdit(context: CheckContext, page: string, line: number, before: string, after: string): PageEdit | undefined {
  const text = context.lines.get(page)?.[line - 1];
  if (text === undefined || !text.includes(before) || before === after) return undefined;
  return { page, line, before, after };
}

/** Removes a whole line. */
export function removeLine(context: CheckContext, page: string, line: number): PageEdit | undefined {
  const text = context.lines.get(page)?.[line - 1];
  return text === undefined ? undefined : { page, line, before: text, after: "" };
}

/** Adds lines after `line` (indented like it unless they carry their own indentation). */
export function insertAfter(context: CheckContext, page: string, line: number, added: string[]): PageEdit | undefined {
  const text = context.lines.get(page)?.[line - 1];
  return text === undefined ? undefined : { page, line, before: text, after: [text, ...added].join("\n") };
}

export const indentOf = (text: string): string => text.match(/^\s*/)![0];

/** A JSON value as YAML writes it on one line. */
export function yamlValue(value: JsonValue): string {
  if (typeof value === "string") return /^[\w.-]+$/.test(value) && !/^(yes|no|true|false|null|[\d.]+)$/i.test(value) ? value : `'${value.replace(/'/g, "''")}'`;
  return JSON.stringify(value);
}

/** A <ParamField> attribute value, entities as the pages write them. */
export function attributeValue(value: JsonValue): string {
  return (Array.isArray(value) ? JSON.stringify(value).replace(/,/g, ", ") : String(value)).replace(/"/g, "&#x22;");
}

/** How a page spells a type in a <ParamField> tag or a table's values column. */
export function typeWords(types: JsonType[], style: "param-field" | "table"): string {
  const named = types.filter((t) => t !== "null");
  const base = named.length === 1 ? named[0]! : named.join(" | ");
  const word = style === "table" ? base.charAt(0).toUpperCase() + base.slice(1) : base;
  return types.includes("null") ? `${word}${style === "table" ? " or null" : " | null"}` : word;
}

/** Edits of every `"field": value` in a JSON example line. */
export function exampleValueEdit(context: CheckContext, page: string, line: number, field: string, to: JsonValue): PageEdit | undefined {
  const text = context.lines.get(page)?.[line - 1];
  const match = text?.match(new RegExp(`"${field.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"\\s*:\\s*("(?:[^"\\\\]|\\\\.)*"|[^,}\\s]+)`));
  if (!match) return undefined;
  return lineEdit(context, page, line, match[0], match[0].replace(match[1]!, JSON.stringify(to)));
}

export function defined<T>(values: (T | undefined)[]): T[] {
  return values.filter((value): value is T => value !== undefined);
}

/** The line of the key at `path` (e.g. ["meta", "prompt"]) in a JSON example that starts at `from`. */
export function jsonLineOf(context: CheckContext, page: string, from: number, path: string[]): number | undefined {
  const lines = context.lines.get(page) ?? [];
  let line = from;
  for (const part of path) {
    const pattern = new RegExp(`"${part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"\\s*:`);
    while (line <= lines.length && !pattern.test(lines[line - 1]!)) line++;
    if (line > lines.length) return undefined;
  }
  return line;
}
