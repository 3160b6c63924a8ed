/**
 * JSON example bodies wherever a page has them: in code fences, inside JavaScript
 * (`JSON.stringify({...})`), and as bare JSON text on pages rendered as plain text (one line
 * or many). Each keeps its first line and the line of every top-level property.
 */
import type { ExampleBody, JsonObject } from "./claim.js";

/** Index just past the `}` that closes the `{` at `start`, or -1; strings and escapes respected. */
function closingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === "\\") i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === "{") depth++;
    else if (ch === "}" && --depth === 0) return i + 1;
  }
  return -1;
}

/** Lines inside ```yaml fences (embedded OpenAPI), which hold schemas, not examples. */
function yamlFenceLines(lines: string[]): Set<number> {
  const inside = new Set<number>();
  let fence: string | undefined;
  lines.forEach((line, index) => {
    const marker = line.match(/^ {0,3}(`{3,}|~{3,})(.*)$/);
    if (fence) {
      if (marker?.[1] && marker[1][0] === fence[0] && marker[1].length >= fence.length && (marker[2] ?? "").trim() === "") fence = undefined;
      else inside.add(index);
    } else if (marker?.[1] && /^ya?ml\b/i.test((marker[2] ?? "").trim())) fence = marker[1];
  });
  return inside;
}

/** Whether the nearest heading-like line above `index` announces a response. */
function kindAt(lines: string[], index: number): ExampleBody["kind"] {
  for (let i = index - 1, seen = 0; i >= 0 && seen < 8; i--) {
    const text = lines[i]!.replace(/^#+\s*/, "").trim();
    if (text === "") continue;
    seen++;
    if (/^(example\s+)?responses?\b/i.test(text)) return "response";
    if (/^(request|body|example)\b/i.test(text) || /request/i.test(text)) return "request";
  }
  return "request";
}

function fieldLinesOf(body: JsonObject, lines: string[], firstLine: number, lastLine: number): Record<string, number> {
  const result: Record<string, number> = {};
  for (const field of Object.keys(body)) {
    const pattern = new RegExp(`"${field.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"\\s*:`);
    for (let line = firstLine; line <= lastLine; line++)
      if (pattern.test(lines[line - 1] ?? "")) {
        result[field] = line;
        break;
      }
  }
  return result;
}

/** Every JSON object example on the page, top to bottom. */
export function jsonExamples(pageText: string, page: string): ExampleBody[] {
  const lines = pageText.split(/\r?\n/);
  const skip = yamlFenceLines(lines);
  const lineStarts: number[] = [];
  let offset = 0;
  for (const line of lines) {
    lineStarts.push(offset);
    offset += line.length + 1;
  }
  const text = lines.join("\n");
  const lineOf = (position: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= position) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const examples: ExampleBody[] = [];
  let inFence = false;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (/^ {0,3}(`{3,}|~{3,})/.test(line)) inFence = !inFence;
    if (skip.has(index)) continue;
    const stringify = line.match(/JSON\.stringify\(\s*\{/);
    const bare = /^\s*\{/.test(line);
    if (!stringify && !bare) continue;
    const column = stringify ? line.indexOf("{", stringify.index) : line.indexOf("{");
    const start = lineStarts[index]! + column;
    const end = closingBrace(text, start);
    if (end < 0) continue;
    let body: unknown;
    try {
      body = JSON.parse(text.slice(start, end));
    } catch {
      continue;
    }
    if (typeof body !== "object" || body === null || Array.isArray(body)) continue;
    const firstLine = index + 1;
    const lastLine = lineOf(end - 1);
    examples.push({
      kind: stringify ? "request" : kindAt(lines, index),
      body: body as JsonObject,
      location: { page, line: firstLine },
      fieldLines: fieldLinesOf(body as JsonObject, lines, firstLine, lastLine),
      embedding: stringify ? "stringify" : inFence ? "fence" : "text",
    });
    index = lastLine - 1;
  }
  return examples;
}
