/**
 * Pipeline step 1: pull the OpenAPI YAML that a docs page embeds (a ```yaml fence whose first
 * line is `openapi: …`) into a spec document. The document is what the page says; extraction
 * only adds provenance: `x-family`, `x-extracted-from`, and an `x-source` {page, line} on every
 * operation, parameter, component schema and schema property, so later checks can point back
 * at the line of the page.
 */
import { isMap, isScalar, LineCounter, parseDocument, type Document, type Pair, type YAMLMap } from "yaml";
import type { Family } from "./manifest.js";
import { PipelineError } from "./pipeline-error.js";

export interface FencedBlock {
  info: string;
  /** 1-based line of the first content line (the line after the opening fence). */
  firstLine: number;
  lines: string[];
}

/** Every fenced code block of a Markdown page, with the line its content starts on. */
export function fencedBlocks(pageText: string, page: string): FencedBlock[] {
  const lines = pageText.split(/\r?\n/);
  const blocks: FencedBlock[] = [];
  let open: { fence: string; info: string; openLine: number; lines: string[] } | undefined;
  lines.forEach((line, index) => {
    if (open) {
      const close = line.match(/^ {0,3}(`{3,}|~{3,})\s*$/);
      if (close?.[1] && close[1][0] === open.fence[0] && close[1].length >= open.fence.length) {
        blocks.push({ info: open.info, firstLine: open.openLine + 1, lines: open.lines });
        open = undefined;
      } else {
        open.lines.push(line);
      }
      return;
    }
    const start = line.match(/^ {0,3}(`{3,}|~{3,})(.*)$/);
    if (start?.[1]) open = { fence: start[1], info: (start[2] ?? "").trim(), openLine: index + 1, lines: [] };
  });
  if (open) throw new PipelineError(`${page}:${open.openLine}: the code block opened here is never closed`);
  return blocks;
}

const HTTP_METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

export interface ExtractedSpec {
  page: string;
  family: Family;
  document: Record<string, unknown>;
}

/** Extracts and annotates the page's embedded OpenAPI document; throws naming the page. */
export function extractEmbeddedOpenApi(pageText: string, page: string, family: Family): ExtractedSpec {
  const candidates = fencedBlocks(pageText, page).filter(
    (block) => /^ya?ml\b/i.test(block.info) && /^openapi\s*:/.test(block.lines.find((l) => l.trim() !== "") ?? ""),
  );
  if (candidates.length === 0)
    throw new PipelineError(`${page}: no embedded OpenAPI block (expected a \`\`\`yaml code fence whose first line is "openapi: 3.1.x")`);
  if (candidates.length > 1)
    throw new PipelineError(`${page}: ${candidates.length} embedded OpenAPI blocks (lines ${candidates.map((b) => b.firstLine).join(", ")}); expected one`);
  const block = candidates[0]!;
  const lastLine = block.firstLine + block.lines.length - 1;

  const lineCounter = new LineCounter();
  const yamlDoc = parseDocument(block.lines.join("\n"), { lineCounter, uniqueKeys: true, prettyErrors: false });
  const [yamlError] = yamlDoc.errors;
  if (yamlError) {
    const line = lineCounter.linePos(yamlError.pos[0]).line + block.firstLine - 1;
    throw new PipelineError(`${page}:${line}: the embedded OpenAPI block is not valid YAML: ${yamlError.message.split("\n")[0]}`);
  }
  const root = yamlDoc.contents;
  if (!isMap(root)) throw new PipelineError(`${page}:${block.firstLine}: the embedded OpenAPI block is not a YAML mapping`);
  const version = root.get("openapi");
  if (typeof version !== "string" || !/^3\.1\.\d+$/.test(version))
    throw new PipelineError(`${page}:${block.firstLine}: the embedded block is not OpenAPI 3.1 (openapi: ${String(version)})`);
  const paths = root.get("paths");
  if (!isMap(paths) || paths.items.length === 0)
    throw new PipelineError(`${page}:${block.firstLine}: the embedded OpenAPI document has no paths`);
  if (!isMap(root.get("info"))) throw new PipelineError(`${page}:${block.firstLine}: the embedded OpenAPI document has no info object`);
  annotateSources(yamlDoc, lineCounter, page, block.firstLine);

  const document = yamlDoc.toJS() as Record<string, unknown>;
  return {
    page,
    family,
    document: {
      ...document,
      "x-family": family,
      "x-extracted-from": { page, firstLine: block.firstLine, lastLine },
    },
  };
}

/**
 * Adds `x-source: { page, line }` to every operation, parameter, component schema and schema
 * property of a parsed OpenAPI document (YAML or JSON text); `firstLine` is the page line of the
 * text's first line.
 */
export function annotateSources(yamlDoc: Document.Parsed, lineCounter: LineCounter, page: string, firstLine = 1): void {
  const root = yamlDoc.contents;
  if (!isMap(root)) return;
  const lineAt = (offset: number | undefined) => lineCounter.linePos(offset ?? 0).line + firstLine - 1;
  const pageLineOf = (pair: Pair): number => lineAt((pair.key as { range?: [number, number, number] } | null)?.range?.[0]);
  const mark = (map: unknown, pair: Pair) => {
    if (isMap(map)) map.set("x-source", yamlDoc.createNode({ page, line: pageLineOf(pair) }, { flow: true }));
  };
  const markSchema = (schemaPair: Pair) => {
    mark(schemaPair.value, schemaPair);
    const properties = isMap(schemaPair.value) ? schemaPair.value.get("properties") : undefined;
    if (isMap(properties)) for (const prop of properties.items) markSchema(prop);
    const items = isMap(schemaPair.value) ? schemaPair.value.items.find((p) => isScalar(p.key) && p.key.value === "items") : undefined;
    if (items) markSchema(items);
  };
  const paths = root.get("paths");
  if (isMap(paths))
    for (const pathPair of paths.items) {
      if (!isMap(pathPair.value)) continue;
      for (const opPair of (pathPair.value as YAMLMap).items) {
        if (!isScalar(opPair.key) || !HTTP_METHODS.has(String(opPair.key.value))) continue;
        mark(opPair.value, opPair);
        const parameters = isMap(opPair.value) ? opPair.value.get("parameters") : undefined;
        if (parameters && typeof parameters === "object" && "items" in parameters)
          for (const param of (parameters as { items: unknown[] }).items)
            if (isMap(param)) param.set("x-source", yamlDoc.createNode({ page, line: lineAt(param.range?.[0]) }, { flow: true }));
      }
    }
  const schemas = isMap(root.get("components")) ? (root.get("components") as YAMLMap).get("schemas") : undefined;
  if (isMap(schemas)) for (const schemaPair of schemas.items) markSchema(schemaPair);
}
