/**
 * What a page spec's request schema says about each parameter (type, enum, default, limits,
 * required-ness, location) and the page line of each statement: x-source gives the line of
 * the property; for an OpenAPI block embedded in a page the line of the keyword itself
 * (`maximum:`, the first `enum` value, the `- model_id` of `required:`) is found below it.
 */
import type { JsonObject, JsonType, JsonValue, SourceLocation } from "../claims/claim.js";
import type { PageSpec } from "./page-spec.js";

export type SchemaKeyword = "type" | "enum" | "default" | "minimum" | "maximum" | "required" | "properties" | "format" | "description";

export interface PropertyFacts {
  field: string;
  types: JsonType[];
  enum?: JsonValue[];
  default?: JsonValue;
  hasDefault: boolean;
  minimum?: number;
  maximum?: number;
  format?: string;
  description?: string;
  required: boolean;
  /** "query" where the page declares it so (x-source declaredIn), else "body". */
  location: "query" | "body";
  /** The page line of one of the property's keywords. */
  at(keyword: SchemaKeyword): SourceLocation;
}

export interface RequestFacts {
  spec: PageSpec;
  /** The request schema as written (after resolving the body's $ref). */
  schema: JsonObject;
  /** `#/components/schemas/…` of the request body, when it is a $ref. */
  pointer?: string;
  properties: Map<string, PropertyFacts>;
  /** Where the schema object itself is (its x-source). */
  at(keyword: "properties" | "required", field?: string): SourceLocation;
}

const isObject = (value: unknown): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);

export function resolveRef(document: JsonObject, schema: JsonValue | undefined): JsonObject | undefined {
  if (!isObject(schema)) return undefined;
  const ref = schema.$ref;
  if (typeof ref !== "string" || !ref.startsWith("#/")) return schema;
  let node: JsonValue | undefined = document;
  for (const part of ref.slice(2).split("/")) node = isObject(node) ? node[part.replace(/~1/g, "/").replace(/~0/g, "~")] : undefined;
  return isObject(node) ? node : undefined;
}

/** The body schema of the operation's request, or of its response with `status`. */
export function bodySchema(spec: PageSpec, which: "request" | string): { schema: JsonObject; pointer?: string } | undefined {
  const holder = which === "request" ? spec.operation.requestBody : isObject(spec.operation.responses) ? spec.operation.responses[which] : undefined;
  const content = isObject(holder) && isObject(holder.content) ? holder.content["application/json"] : undefined;
  const raw = isObject(content) ? content.schema : undefined;
  const schema = resolveRef(spec.document, raw);
  if (!schema) return undefined;
  const ref = isObject(raw) && typeof raw.$ref === "string" ? raw.$ref : undefined;
  return ref ? { schema, pointer: ref } : { schema };
}

export function typesOf(schema: JsonObject): JsonType[] {
  const own = schema.type;
  if (typeof own === "string") return [own as JsonType];
  if (Array.isArray(own)) return own.filter((t): t is JsonType => typeof t === "string") as JsonType[];
  const branches = [schema.oneOf, schema.anyOf].find(Array.isArray) as JsonValue[] | undefined;
  return branches ? [...new Set(branches.flatMap((branch) => (isObject(branch) ? typesOf(branch) : [])))] : [];
}

function sourceOf(node: JsonObject): SourceLocation | undefined {
  const source = node["x-source"];
  return isObject(source) && typeof source.page === "string" && typeof source.line === "number" ? { page: source.page, line: source.line } : undefined;
}

/**
 * The line of `keyword` under the YAML key at `start` (1-based) on an embedded-OpenAPI page;
 * for `enum` and `required`, the line of the list item (`itemValue`, or the first one).
 */
function keywordLine(lines: string[], start: number, keyword: string, itemValue?: string): number | undefined {
  const indentOf = (line: string) => line.length - line.trimStart().length;
  const base = indentOf(lines[start - 1] ?? "");
  for (let index = start; index < lines.length; index++) {
    const line = lines[index]!;
    if (line.trim() === "") continue;
    if (indentOf(line) <= base) return undefined;
    if (indentOf(line) === base + 2 && new RegExp(`^\\s*${keyword}\\s*:`).test(line)) {
      if (keyword !== "enum" && keyword !== "required") return index + 1;
      for (let item = index + 1; item < lines.length && /^\s*-\s/.test(lines[item]!); item++)
        if (itemValue === undefined || lines[item]!.replace(/^\s*-\s*/, "").replace(/^['"]|['"]\s*$/g, "").trim() === itemValue) return item + 1;
      return index + 1;
    }
  }
  return undefined;
}

/**
 * @param pageLines the lines of each page whose OpenAPI is embedded (markdown-openapi), by file
 *   name; on other pages x-source already names the line of the whole statement.
 */
export function requestFacts(spec: PageSpec, pageLines: ReadonlyMap<string, string[]>): RequestFacts | undefined {
  const body = bodySchema(spec, "request");
  if (!body) return undefined;
  const { schema } = body;
  const fallback: SourceLocation = sourceOf(spec.operation) ?? { page: spec.specLabel, line: 1 };
  const objectSource = sourceOf(schema) ?? fallback;
  const schemaPath = body.pointer?.startsWith("#/") ? body.pointer.slice(2).split("/") : undefined;
  const requiredList = Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === "string") : [];
  /** The spec file and line of a statement of a hand-written spec (its transcription of the page). */
  const specAt = (path: (string | number)[]): SourceLocation["spec"] =>
    spec.source && schemaPath ? { file: spec.source.file, line: spec.source.lineOf([...schemaPath, ...path]) } : undefined;
  const lineAt = (source: SourceLocation, keyword: string, item?: string, field?: string): SourceLocation => {
    const lines = pageLines.get(source.page);
    const line = lines ? keywordLine(lines, source.line, keyword, item) : undefined;
    const path: (string | number)[] =
      keyword === "required" ? (item !== undefined && requiredList.includes(item) ? ["required", requiredList.indexOf(item)] : ["required"]) : field ? ["properties", field, keyword] : [keyword];
    const inSpec = specAt(path);
    return { page: source.page, line: line ?? source.line, ...(inSpec ? { spec: inSpec } : {}) };
  };
  const required = new Set(requiredList);
  const properties = new Map<string, PropertyFacts>();
  for (const [field, raw] of Object.entries(isObject(schema.properties) ? schema.properties : {})) {
    const prop = resolveRef(spec.document, raw);
    if (!prop) continue;
    const source = sourceOf(prop) ?? objectSource;
    const declaredIn = isObject(prop["x-source"]) ? prop["x-source"].declaredIn : undefined;
    properties.set(field, {
      field,
      types: typesOf(prop),
      ...(Array.isArray(prop.enum) ? { enum: prop.enum } : {}),
      ...("default" in prop ? { default: prop.default } : {}),
      hasDefault: "default" in prop,
      ...(typeof prop.minimum === "number" ? { minimum: prop.minimum } : {}),
      ...(typeof prop.maximum === "number" ? { maximum: prop.maximum } : {}),
      ...(typeof prop.format === "string" ? { format: prop.format } : {}),
      ...(typeof prop.description === "string" ? { description: prop.description } : {}),
      required: required.has(field),
      location: declaredIn === "query" ? "query" : "body",
      at: (keyword) => (keyword === "required" ? lineAt(objectSource, "required", field) : lineAt(source, keyword, undefined, field)),
    });
  }
  return {
    spec,
    schema,
    ...(body.pointer ? { pointer: body.pointer } : {}),
    properties,
    at: (keyword, field) => (keyword === "required" ? lineAt(objectSource, "required", field) : lineAt(objectSource, "properties")),
  };
}
