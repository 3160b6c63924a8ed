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
  const lines = readValueLines(text, firstLine);
  read.set(key, lines);
  return lines;
}

function readValueLines(text: string, firstLine: number): Map<string, ValueLines> {
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
