/** Where a key of a hand-written spec stands in its YAML file, so a finding can cite file and line. */
import { isMap, isSeq, LineCounter, parseDocument, type Node } from "yaml";

export interface SpecSource {
  /** The spec's path relative to the project root, e.g. openapi/specs/v1-enterprise-video.yaml. */
  file: string;
  /** The 1-based line of the key at `path` (or of the deepest key of it that exists). */
  lineOf(path: readonly (string | number)[]): number;
  /** The file's text, line by line (line N is lines[N - 1]). */
  lines: readonly string[];
}

/**
 * Sources by file and text: a spec's YAML is parsed once however many check runs read it (the
 * tests, a sync's check of an edited copy). A SpecSource is never changed. The most recent 64 are kept.
 */
const sources = new Map<string, SpecSource>();
const KEPT_SOURCES = 64;

export function specSource(file: string, text: string): SpecSource {
  const key = `${file}\n${text}`;
  let source = sources.get(key);
  if (source) sources.delete(key);
  else {
    source = parsedSource(file, text);
    if (sources.size >= KEPT_SOURCES) sources.delete(sources.keys().next().value!);
  }
  sources.set(key, source);
  return source;
}

function parsedSource(file: string, text: string): SpecSource {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter });
  return {
    file,
    lines: text.split(/\r?\n/),
    lineOf(path) {
      let node: unknown = document.contents;
      let line = 1;
      for (const part of path) {
        if (isMap(node)) {
          const pair = node.items.find((item) => (item.key as { value?: unknown } | null)?.value === part);
          if (!pair) break;
          const range = (pair.key as Node).range;
          if (range) line = lineCounter.linePos(range[0]).line;
          node = pair.value;
        } else if (isSeq(node) && typeof part === "number" && node.items[part]) {
          const range = (node.items[part] as Node).range;
          if (range) line = lineCounter.linePos(range[0]).line;
          node = node.items[part];
        } else break;
      }
      return line;
    },
  };
}
