/** Reading YAML with errors that name the file and line, and writing it deterministically. */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Document, isMap, isScalar, LineCounter, parseDocument, visit } from "yaml";
import { BUILD_CACHE, keptValue } from "./build-cache.js";
import { PipelineError } from "./pipeline-error.js";

/**
 * Values read from a text, by the text: the pipeline and the contract check read the same specs,
 * overlays, manifests and documents many times in a process (every docs copy a test checks holds
 * mostly unchanged files), and reading one is many times the cost of copying what it gave. Each
 * caller gets a copy of its own (structuredClone keeps what YAML aliases share); a text that fails
 * is not kept; the least recently read goes first once `kept` are held.
 */
export class ReadsByText<T> {
  private readonly values = new Map<string, T>();
  constructor(private readonly kept = 128) {}

  read(key: string, text: string, parse: () => T): T {
    const name = `${createHash("sha256").update(text).digest("hex")} ${key}`;
    let value = this.values.get(name);
    if (value === undefined) {
      value = parse();
      if (this.values.size >= this.kept) this.values.delete(this.values.keys().next().value!);
    } else this.values.delete(name);
    // The most recently read last: the oldest read goes first, not the first read (the texts every run reads stay).
    this.values.set(name, value);
    return structuredClone(value);
  }
}

const parsedYaml = new ReadsByText<unknown>();

/**
 * Texts at least this long are also kept on disk by content (build-cache.ts): the merged
 * document, which every test worker and scripted server reads, is parsed once, not once per
 * thread and process (a cold parse of it is ~0.3 s; reading the kept JSON ~1 ms).
 */
const KEPT_ON_DISK_FROM = 32 * 1024;
const YAML_READS = join(BUILD_CACHE, "yaml");

/** Parses YAML text; `label` names the source in errors, `firstLine` offsets line numbers. */
export function parseYaml(text: string, label: string, firstLine = 1): unknown {
  return parsedYaml.read(String(firstLine), text, () =>
    text.length < KEPT_ON_DISK_FROM
      ? parseYamlText(text, label, firstLine)
      : keptValue("yaml", `${firstLine}\n${createHash("sha256").update(text).digest("hex")}`, () => parseYamlText(text, label, firstLine), YAML_READS),
  );
}

function parseYamlText(text: string, label: string, firstLine: number): unknown {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const [error] = doc.errors;
  if (error) {
    const line = lineCounter.linePos(error.pos[0]).line + firstLine - 1;
    const reason = error.message.split("\n")[0];
    throw new PipelineError(`${label}:${line}: invalid YAML: ${reason}`);
  }
  return doc.toJS({ maxAliasCount: 100 });
}

export function readYaml(file: string, label: string = file): unknown {
  return parseYaml(readFileSync(file, "utf8"), label);
}

/** The one YAML style every generated file uses: same input, same bytes. */
export function stringifyYaml(value: unknown): string {
  // YAML 1.1 quoting: a string a YAML 1.1 reader (PyYAML, SnakeYAML…) would take for a boolean,
  // number or null (yes, no, on, 0123, 1:20, ~) is quoted, so YAML 1.1 and 1.2 readers agree.
  const doc = new Document(value, { aliasDuplicateObjects: false, version: "1.1" });
  // Provenance stays on one line ({ page: …, line: … }) so a schema still reads as a schema.
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && String(pair.key.value).startsWith("x-source") && isMap(pair.value)) pair.value.flow = true;
    },
  });
  return doc.toString({ lineWidth: 0, indent: 2, singleQuote: true });
}
