/**
 * Pipeline step 1b: the operations the project takes from ModelsLab's own OpenAPI documents
 * (openapi/upstream/docs-repo/…/openapi.json), as a spec document ready to merge. The document
 * is what ModelsLab publishes; this step only selects the operations the manifest names and the
 * components they reference, adds provenance (`x-source` with the JSON line of every operation,
 * parameter, schema and property, as extraction does for the pages), gives the operations their
 * own server when they declare one, and reads an OpenAPI 3.0 document as the 3.1 it equals.
 */
import { isMap, LineCounter, parseDocument } from "yaml";
import { annotateSources } from "./extract.js";
import type { ManifestDocument } from "./manifest.js";
import type { SourceDocument } from "./merge.js";
import { PipelineError } from "./pipeline-error.js";
import { ReadsByText } from "./yaml-io.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (value: unknown): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);

/** The label a document goes by in merge errors and x-merged-from. */
export const documentLabel = (entry: Pick<ManifestDocument, "file">): string => `openapi/upstream/${entry.file}`;

/** An OpenAPI 3.0 schema as 3.1 reads it: `nullable: true` becomes a "null" type; boolean exclusive limits are refused. */
function schemaAs31(value: Json, at: string): Json {
  if (Array.isArray(value)) return value.map((item, index) => schemaAs31(item, `${at}[${index}]`));
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === "nullable") continue;
    if ((key === "exclusiveMinimum" || key === "exclusiveMaximum") && typeof child === "boolean")
      throw new PipelineError(`${at}.${key}: a boolean exclusive limit (OpenAPI 3.0) is not converted; add the case to upstream-documents.ts`);
    out[key] = key === "example" || key === "examples" || key === "x-source" ? child : schemaAs31(child, `${at}.${key}`);
  }
  if (value.nullable === true) {
    const type = out.type;
    if (typeof type === "string") out.type = [type, "null"];
    else if (Array.isArray(type) && !type.includes("null")) out.type = [...type, "null"];
  }
  return out;
}

/** Every `$ref` string a value holds, at any depth, added to `found`. */
export function refsIn(value: unknown, found: Set<string>): Set<string> {
  if (Array.isArray(value)) for (const item of value) refsIn(item, found);
  else if (isObject(value))
    for (const [key, child] of Object.entries(value)) {
      if (key === "$ref" && typeof child === "string") found.add(child);
      else refsIn(child, found);
    }
  return found;
}

/**
 * A document snapshot as JSON with provenance: `x-source: { page: <file>, line }` on every
 * operation, parameter, component schema and property, the line being the JSON line of its key.
 */
export function readUpstreamDocument(text: string, file: string): JsonObject {
  return readDocuments.read(file, text, () => readDocument(text, file));
}

const readDocuments = new ReadsByText<JsonObject>(64);

function readDocument(text: string, file: string): JsonObject {
  const lineCounter = new LineCounter();
  const yamlDoc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const [error] = yamlDoc.errors;
  if (error) throw new PipelineError(`${file}:${lineCounter.linePos(error.pos[0]).line}: not valid JSON: ${error.message.split("\n")[0]}`);
  if (!isMap(yamlDoc.contents)) throw new PipelineError(`${file}: not a JSON object`);
  annotateSources(yamlDoc, lineCounter, file);
  return yamlDoc.toJS() as JsonObject;
}

/** Reads a document snapshot and returns the manifest's operations of it as a spec to merge. */
export function selectUpstreamOperations(text: string, entry: ManifestDocument): SourceDocument {
  const label = documentLabel(entry);
  const document = readUpstreamDocument(text, entry.file);
  const version = document.openapi;
  if (typeof version !== "string" || !/^3\.[01]\.\d+$/.test(version)) throw new PipelineError(`${entry.file}: not an OpenAPI 3.0 or 3.1 document (openapi: ${String(version)})`);
  const upgrade = (value: Json, at: string): Json => (version.startsWith("3.0") ? schemaAs31(value, at) : value);
  const paths = isObject(document.paths) ? document.paths : {};
  const documentServer = Array.isArray(document.servers) && isObject(document.servers[0]) ? document.servers[0].url : undefined;

  const selected: JsonObject = {};
  let server: string | undefined;
  for (const wanted of entry.operations ?? []) {
    const [method = "", path = ""] = wanted.split(" ");
    const item = paths[path];
    const operation = isObject(item) ? item[method.toLowerCase()] : undefined;
    if (!isObject(operation)) throw new PipelineError(`${entry.file}: has no ${wanted} (named in openapi/upstream/manifest.yaml)`);
    const own = Array.isArray(operation.servers) && isObject(operation.servers[0]) ? operation.servers[0].url : undefined;
    const url = typeof own === "string" ? own : documentServer;
    if (typeof url !== "string") throw new PipelineError(`${entry.file}: ${wanted} has no server URL`);
    if (server !== undefined && server !== url) throw new PipelineError(`${entry.file}: the operations taken from it have different servers (${server}, ${url})`);
    server = url;
    const { servers: _servers, ...rest } = operation;
    const target = (selected[path] ??= {}) as JsonObject;
    if (isObject(item) && Array.isArray(item.parameters)) target.parameters = upgrade(item.parameters, `${entry.file} ${path}.parameters`);
    target[method.toLowerCase()] = upgrade(rest, `${entry.file} ${wanted}`);
  }

  const components = isObject(document.components) ? document.components : {};
  const kept: Record<string, JsonObject> = {};
  const pending = [...refsIn(selected, new Set())];
  const done = new Set<string>();
  while (pending.length > 0) {
    const ref = pending.pop()!;
    if (done.has(ref)) continue;
    done.add(ref);
    const match = ref.match(/^#\/components\/([^/]+)\/([^/]+)$/);
    const section = match?.[1];
    const name = match?.[2];
    const value = section && name && isObject(components[section]) ? (components[section] as JsonObject)[name] : undefined;
    if (!section || !name || value === undefined) throw new PipelineError(`${entry.file}: $ref ${ref} points at nothing`);
    (kept[section] ??= {})[name] = upgrade(value, `${entry.file} ${ref}`);
    pending.push(...refsIn(value, new Set()));
  }
  const sortedComponents = Object.fromEntries(
    Object.keys(kept)
      .sort()
      .map((section) => [section, Object.fromEntries(Object.entries(kept[section]!).sort(([a], [b]) => a.localeCompare(b)))]),
  );

  return {
    label,
    family: entry.family!,
    document: {
      openapi: "3.1.0",
      info: isObject(document.info) ? document.info : { title: entry.file, version: "0" },
      servers: [{ url: server! }],
      paths: selected,
      components: sortedComponents,
      "x-family": entry.family!,
      "x-extracted-from": { page: entry.file, repository: entry.origin.repository, path: entry.origin.path, commit: entry.origin.commit },
    },
  };
}
