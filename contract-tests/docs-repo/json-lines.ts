/**
 * Where each value of a JSON (or YAML) text stands: for every JSON pointer (`/paths/~1video~1img2video/post`),
 * the lines its key (or sequence item) starts and its value ends on. JSON is YAML, so one reader does both.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from "yaml";

export interface ValueLines {
  /** The line of the key (or of the sequence item). */
  line: number;
  /** The last line of the value. */
  endLine: number;
}

export const pointerOf = (path: readonly (string | number)[]): string => path.map((part) => `/${String(part).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");

export function pathOf(pointer: string): string[] {
  return pointer === "" ? [] : pointer.slice(1).split("/").map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"));
}

const read = new Map<string, Map<string, ValueLines>>();

/** Every pointer of `text` with its lines (offset so that the text's first line is `firstLine`); one reading per text. */
export function valueLines(text: string, firstLine = 1): Map<string, ValueLines> {
  const key = `${firstLine}\n${text}`;
  const known = read.get(key);
  if (known) return known;
  if (read.size > 64) read.clear();
  const lines = jsonValueLines(text, firstLine) ?? readValueLines(text, firstLine);
  read.set(key, lines);
  return lines;
}

/**
 * readValueLines for a text that is JSON, without building YAML's syntax tree of it (the rules read
 * ModelsLab's openapi.json documents this way, a tenth of the time): the same pointers, in the same
 * order (each before its children; a repeated key keeps its first place and takes the last
 * value's lines), the same lines. Undefined for a text JSON.parse refuses (YAML).
 */
export function jsonValueLines(text: string, firstLine = 1): Map<string, ValueLines> | undefined {
  try {
    JSON.parse(text);
  } catch {
    return undefined;
  }
  const out = new Map<string, ValueLines>();
  let lastLine = firstLine;
  for (let at = text.indexOf("\n"); at !== -1 && at < text.length - 1; at = text.indexOf("\n", at + 1)) lastLine++;
  out.set("", { line: firstLine, endLine: lastLine });
  let at = 0;
  let line = firstLine;
  // JSON has newlines only between tokens: the line is counted as the space between them is passed.
  const space = () => {
    for (; at < text.length; at++) {
      const code = text.charCodeAt(at);
      if (code === 10) line++;
      else if (code !== 32 && code !== 9 && code !== 13) return;
    }
  };
  const string = (): string => {
    const start = at++;
    for (;;) {
      const code = text.charCodeAt(at++);
      if (code === 92) at++;
      else if (code === 34) return JSON.parse(text.slice(start, at)) as string;
    }
  };
  const value = (pointer: string): void => {
    const open = text[at];
    if (open === "{" || open === "[") {
      const close = open === "{" ? "}" : "]";
      at++;
      space();
      for (let index = 0; text[at] !== close; index++) {
        const startLine = line;
        const child = `${pointer}/${open === "{" ? string().replace(/~/g, "~0").replace(/\//g, "~1") : index}`;
        if (open === "{") {
          space();
          at++; // the colon
          space();
        }
        const lines = { line: startLine, endLine: startLine };
        out.set(child, lines);
        value(child);
        lines.endLine = line;
        space();
        if (text[at] === ",") {
          at++;
          space();
        }
      }
      at++;
      return;
    }
    if (open === '"') {
      string();
      return;
    }
    while (at < text.length && !/[\s,\]}]/.test(text[at]!)) at++; // a number, true, false or null
  };
  space();
  value("");
  return out;
}

/** Every pointer of a YAML (or JSON) text with its lines, from YAML's syntax tree of it. */
export function readValueLines(text: string, firstLine: number): Map<string, ValueLines> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const out = new Map<string, ValueLines>();
  const lineAt = (offset: number | undefined) => (offset === undefined ? firstLine : lineCounter.linePos(offset).line + firstLine - 1);
  const endOf = (node: Node | null | undefined, fallback: number) => (node?.range ? lineAt(Math.max(node.range[0], node.range[1] - 1)) : fallback);
  const walk = (node: unknown, path: (string | number)[]) => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair) || !isScalar(pair.key)) continue;
        const child = [...path, String(pair.key.value)];
        const line = lineAt(pair.key.range?.[0]);
        out.set(pointerOf(child), { line, endLine: endOf(pair.value as Node | null, line) });
        walk(pair.value, child);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => {
        const line = lineAt((item as Node | null)?.range?.[0]);
        out.set(pointerOf([...path, index]), { line, endLine: endOf(item as Node | null, line) });
        walk(item, [...path, index]);
      });
    }
  };
  out.set("", { line: firstLine, endLine: lineAt(text.length - 1) });
  walk(doc.contents, []);
  return out;
}

/** For each line of the text, the innermost pointer whose key or item starts on it or before it (continuation lines take the value they continue). */
export function pointerByLine(lines: Map<string, ValueLines>): Map<number, string> {
  const byLine = new Map<number, string>();
  const sorted = [...lines].filter(([pointer]) => pointer !== "").sort((a, b) => a[1].line - b[1].line || a[0].length - b[0].length);
  for (const [pointer, { line }] of sorted) byLine.set(line, pointer);
  return byLine;
}
