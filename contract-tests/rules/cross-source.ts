/**
 * Rule cross-source: one operation documented in two places must say the same in both. A page
 * source of the docs repository whose front matter says `openapi: 'POST /video/img2video'`
 * renders that operation of the `openapi.json` beside it; the rendered page (a `pages` snapshot
 * with its own embedded OpenAPI) and the document are compared operation by operation: the
 * request body's properties (presence, type, enum, default, limits, format, required-ness), the
 * path parameters and the response status codes. A page of `<ParamField>` tags is compared the
 * same way with any operation of ModelsLab's documents served at its endpoint (type, default,
 * limits, enum, and fields only one of them has). Each difference is one finding naming both
 * sources with their lines.
 */
import { dirname } from "node:path";
import type { Manifest, ManifestDocument, ManifestPage } from "../../scripts/manifest.js";
import type { FieldClaim, JsonObject, JsonValue, SourceLocation } from "../claims/claim.js";
import { resolveRef, typesOf } from "../specs/schema-facts.js";
import type { CheckContext } from "./check-context.js";
import { schemaEdits } from "./claim-vs-schema.js";
import { showValue, type FindingDraft, type StatementRole, type SuggestedFix } from "./finding.js";

type FixableFacet = "type" | "enum" | "default" | "minimum" | "maximum";
const FIXABLE: readonly string[] = ["type", "enum", "default", "minimum", "maximum"];

/**
 * The suggested fix of a disagreement about one facet of a field: the page follows ModelsLab's
 * document, the machine-readable original the docs site builds from. Its edits are those that
 * make the page's OpenAPI block (or <ParamField> tag) state the document's value; none when the
 * page's line cannot be edited in place.
 */
function followDocument(context: CheckContext | undefined, pageFile: string, field: string, facet: string, value: JsonValue | undefined, document: string, why: string): SuggestedFix | undefined {
  if (!context || !FIXABLE.includes(facet)) return undefined;
  const unit = context.pages.find((candidate) => candidate.page.file === pageFile);
  const prop = unit?.request.properties.get(field);
  if (!unit || !prop) return undefined;
  const edits = schemaEdits(context, unit, prop, facet as FixableFacet, value);
  return edits.length > 0 ? { follows: `ModelsLab's document ${document} (${value === undefined ? `no ${facet}` : `${facet} ${showValue(value)}`})`, why, edits } : undefined;
}

/** A rendered page and the operation of ModelsLab's document it is rendered from. */
export interface SourcePair {
  page: ManifestPage;
  /** The page's embedded OpenAPI, as extracted (x-source lines are page lines). */
  pageDocument: JsonObject;
  /** The page source (.mdx) that links them, and the line of its `openapi:` front matter. */
  source: ManifestDocument;
  sourceLine: number;
  document: ManifestDocument;
  /** ModelsLab's document, with x-source lines (JSON lines). */
  documentJson: JsonObject;
  method: string;
  path: string;
}

const isObject = (value: unknown): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);

/** The `openapi: 'POST /path'` of a page source's front matter, with its line. */
export function frontMatterOperation(text: string): { method: string; path: string; line: number } | undefined {
  const lines = text.split(/\r?\n/);
  if (lines[0]?.trim() !== "---") return undefined;
  for (let index = 1; index < lines.length && lines[index]!.trim() !== "---"; index++) {
    const match = lines[index]!.match(/^openapi:\s*["']?\s*(GET|POST|PUT|PATCH|DELETE)\s+(\S+?)\s*["']?\s*$/i);
    if (match) return { method: match[1]!.toLowerCase(), path: match[2]!, line: index + 1 };
  }
  return undefined;
}

/**
 * The pairs to compare: every mdx page source with `renders` and an `openapi:` front matter,
 * the openapi-json document in its directory, and the rendered page's embedded document.
 */
export function sourcePairs(
  manifest: Manifest,
  extracted: { page: string; document: JsonObject }[],
  read: (file: string) => string,
  readDocument: (text: string, file: string) => JsonObject,
): SourcePair[] {
  const pairs: SourcePair[] = [];
  for (const source of manifest.documents) {
    if (source.format !== "mdx" || !source.renders) continue;
    const link = frontMatterOperation(read(source.file));
    const page = manifest.pages.find((p) => p.file === source.renders);
    const pageDocument = extracted.find((e) => e.page === source.renders)?.document;
    const document = manifest.documents.find((d) => d.format === "openapi-json" && dirname(d.file) === dirname(source.file));
    if (!link || !page || !pageDocument || !document) continue;
    pairs.push({ page, pageDocument, source, sourceLine: link.line, document, documentJson: readDocument(read(document.file), document.file), method: link.method, path: link.path });
  }
  return pairs;
}

function lineOf(node: JsonValue | undefined, fallback: SourceLocation): SourceLocation {
  const source = isObject(node) ? node["x-source"] : undefined;
  return isObject(source) && typeof source.page === "string" && typeof source.line === "number" ? { page: source.page, line: source.line } : fallback;
}

type Facet = "type" | "enum" | "default" | "minimum" | "maximum" | "format" | "required";

function facetOf(schema: JsonObject, facet: Exclude<Facet, "required">): JsonValue | undefined {
  if (facet === "type") {
    const types = typesOf(schema);
    return types.length > 0 ? [...types].sort() : undefined;
  }
  if (facet === "enum") return Array.isArray(schema.enum) ? [...schema.enum].map((v) => JSON.stringify(v)).sort() : undefined;
  return schema[facet];
}

/** A facet as the schema states it (the enum as its values, the type as a list), for a fix to write. */
function rawFacet(schema: JsonObject, facet: Exclude<Facet, "required">): JsonValue | undefined {
  if (facet === "type") return typesOf(schema).length > 0 ? typesOf(schema) : undefined;
  return schema[facet];
}

const fixOf = (fix: SuggestedFix | undefined): { fix?: SuggestedFix } => (fix ? { fix } : {});

/** One disagreement between a page and ModelsLab's document: what each side says, and where. */
interface SourceDisagreement {
  endpoint: string;
  field: string;
  aspect: string;
  message: string;
  fix: SuggestedFix | undefined;
  page: { role: StatementRole; location: SourceLocation; says: string };
  document: { location: SourceLocation; says: string };
}

function sourceDraft(disagreement: SourceDisagreement): FindingDraft {
  const { page, document } = disagreement;
  return {
    rule: "cross-source",
    severity: "error",
    endpoints: [disagreement.endpoint],
    field: disagreement.field,
    aspect: `source-${disagreement.aspect}`,
    ...fixOf(disagreement.fix),
    message: disagreement.message,
    statements: [page, { role: "schema", location: document.location, says: `ModelsLab's document: ${document.says}` }],
  };
}

const shown = (facet: Facet, value: JsonValue | undefined): string => {
  if (value === undefined) return "nothing";
  if (facet === "enum" && Array.isArray(value)) return showValue(value.map((v) => JSON.parse(String(v)) as JsonValue));
  if (facet === "required") return value ? "required" : "optional";
  return showValue(value);
};

function operationOf(document: JsonObject, method: string, path: string): JsonObject | undefined {
  const item = isObject(document.paths) ? document.paths[path] : undefined;
  const operation = isObject(item) ? item[method] : undefined;
  return isObject(operation) ? operation : undefined;
}

function requestSchemaOf(document: JsonObject, operation: JsonObject): JsonObject | undefined {
  const body = operation.requestBody;
  const content = isObject(body) && isObject(body.content) ? body.content["application/json"] : undefined;
  return resolveRef(document, isObject(content) ? content.schema : undefined);
}

/** Every disagreement between each rendered page and the operation of the document it is rendered from. */
export function checkAcrossSources(pairs: SourcePair[], context?: CheckContext): FindingDraft[] {
  const drafts: FindingDraft[] = [];
  for (const pair of pairs) {
    const endpoint = `${pair.method.toUpperCase()} ${pair.page.endpoints[0]?.split(" ")[1]?.replace("https://modelslab.com/api", "") ?? pair.path}`;
    const link: SourceLocation = { page: pair.source.file, line: pair.sourceLine };
    const why = `The OpenAPI block of ${pair.page.file} is a rendering of ${pair.method.toUpperCase()} ${pair.path} in ${pair.document.file} (${pair.source.file} says so): the rendering should say what the document says.`;
    const draft = (
      field: string,
      aspect: string,
      pageSays: string,
      documentSays: string,
      at: { page: SourceLocation; document: SourceLocation },
      documentValue?: { value: JsonValue | undefined },
    ): FindingDraft =>
      sourceDraft({
        endpoint,
        field,
        aspect,
        fix: documentValue ? followDocument(context, pair.page.file, field, aspect, documentValue.value, pair.document.file, why) : undefined,
        message: `${field === "(operation)" ? "The operation" : `"${field}"`} ${aspect === "presence" ? "" : `${aspect}: `}the rendered page ${pair.page.file} says ${pageSays}, the document it is rendered from (${pair.document.file}, by ${pair.source.file}) says ${documentSays}.`,
        page: { role: "schema", location: at.page, says: `the page's OpenAPI: ${pageSays}` },
        document: { location: at.document, says: documentSays },
      });
    const pageOperation = operationOf(pair.pageDocument, pair.method, pair.path);
    const documentOperation = operationOf(pair.documentJson, pair.method, pair.path);
    const pageTop: SourceLocation = lineOf(pageOperation, { page: pair.page.file, line: 1 });
    const documentTop: SourceLocation = lineOf(documentOperation, link);
    if (!pageOperation || !documentOperation) {
      drafts.push(
        draft("(operation)", "presence", pageOperation ? `${pair.method.toUpperCase()} ${pair.path}` : "no such operation", documentOperation ? `${pair.method.toUpperCase()} ${pair.path}` : "no such operation", {
          page: pageTop,
          document: documentTop,
        }),
      );
      continue;
    }

    const pageSchema = requestSchemaOf(pair.pageDocument, pageOperation) ?? {};
    const documentSchema = requestSchemaOf(pair.documentJson, documentOperation) ?? {};
    const pageProps = isObject(pageSchema.properties) ? pageSchema.properties : {};
    const documentProps = isObject(documentSchema.properties) ? documentSchema.properties : {};
    const required = (schema: JsonObject) => new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
    const pageRequired = required(pageSchema);
    const documentRequired = required(documentSchema);
    for (const field of [...new Set([...Object.keys(pageProps), ...Object.keys(documentProps)])]) {
      const inPage = resolveRef(pair.pageDocument, pageProps[field]);
      const inDocument = resolveRef(pair.documentJson, documentProps[field]);
      const at = { page: lineOf(inPage, lineOf(pageSchema, pageTop)), document: lineOf(inDocument, lineOf(documentSchema, documentTop)) };
      if (!inPage || !inDocument) {
        drafts.push(draft(field, "presence", inPage ? "the request has it" : "the request has no such field", inDocument ? "the request has it" : "the request has no such field", at));
        continue;
      }
      for (const facet of ["type", "enum", "default", "minimum", "maximum", "format"] as const) {
        const a = facetOf(inPage, facet);
        const b = facetOf(inDocument, facet);
        if (JSON.stringify(a) !== JSON.stringify(b)) drafts.push(draft(field, facet, shown(facet, a), shown(facet, b), at, { value: rawFacet(inDocument, facet) }));
      }
      if (pageRequired.has(field) !== documentRequired.has(field))
        drafts.push(draft(field, "required", shown("required", pageRequired.has(field)), shown("required", documentRequired.has(field)), at));
    }

    const parameters = (operation: JsonObject) =>
      new Map((Array.isArray(operation.parameters) ? operation.parameters.filter(isObject) : []).map((p) => [`${String(p.in)} ${String(p.name)}`, p] as const));
    const pageParameters = parameters(pageOperation);
    const documentParameters = parameters(documentOperation);
    for (const key of [...new Set([...pageParameters.keys(), ...documentParameters.keys()])]) {
      const a = pageParameters.get(key);
      const b = documentParameters.get(key);
      const describe = (p: JsonObject | undefined) => (p ? `${key}${p.required ? " (required)" : ""} ${showValue(facetOf(isObject(p.schema) ? p.schema : {}, "type"))}` : "no such parameter");
      if (describe(a) !== describe(b)) drafts.push(draft(`parameter ${key}`, "parameter", describe(a), describe(b), { page: lineOf(a, pageTop), document: lineOf(b, documentTop) }));
    }

    const codes = (operation: JsonObject) => (isObject(operation.responses) ? Object.keys(operation.responses).sort() : []);
    const pageCodes = codes(pageOperation);
    const documentCodes = codes(documentOperation);
    if (JSON.stringify(pageCodes) !== JSON.stringify(documentCodes))
      drafts.push(draft("(responses)", "responses", `responses ${pageCodes.join(", ")}`, `responses ${documentCodes.join(", ")}`, { page: pageTop, document: documentTop }));
  }
  return drafts;
}

/** A `<ParamField>` page and an operation of one of ModelsLab's documents at the same endpoint. */
export interface ParamFieldPair {
  page: ManifestPage;
  /** The page's statements from its `<ParamField>` tags. */
  claims: FieldClaim[];
  document: ManifestDocument;
  documentJson: JsonObject;
  method: string;
  /** The operation's path inside the document. */
  path: string;
  /** The endpoint as the report names it ("POST /v1/…"). */
  endpoint: string;
}

/**
 * For every page with `<ParamField>` tags, the operations of the manifest's OpenAPI documents (all
 * of each document, not only the operations the project takes) served at the page's endpoint.
 */
export function paramFieldPairs(
  pages: { page: ManifestPage; claims: FieldClaim[] }[],
  documents: { entry: ManifestDocument; json: JsonObject }[],
): ParamFieldPair[] {
  const pairs: ParamFieldPair[] = [];
  for (const { page, claims } of pages) {
    const own = claims.filter((claim) => claim.origin === "param-field");
    if (own.length === 0) continue;
    const [method = "POST", url = ""] = (page.endpoints[0] ?? "").split(" ");
    for (const { entry, json } of documents) {
      const base = Array.isArray(json.servers) && isObject(json.servers[0]) && typeof json.servers[0].url === "string" ? json.servers[0].url.replace(/\/$/, "") : "";
      for (const [path, item] of Object.entries(isObject(json.paths) ? json.paths : {})) {
        const operation = isObject(item) ? item[method.toLowerCase()] : undefined;
        if (!isObject(operation)) continue;
        const server = Array.isArray(operation.servers) && isObject(operation.servers[0]) && typeof operation.servers[0].url === "string" ? operation.servers[0].url.replace(/\/$/, "") : base;
        if (`${server}${path}` !== url) continue;
        pairs.push({ page, claims: own, document: entry, documentJson: json, method: method.toLowerCase(), path, endpoint: `${method.toUpperCase()} ${url.replace("https://modelslab.com/api", "")}` });
      }
    }
  }
  return pairs;
}

/** Every disagreement between a `<ParamField>` page and the document's operation at its endpoint. */
export function checkParamFieldsAgainstDocuments(pairs: ParamFieldPair[], context?: CheckContext): FindingDraft[] {
  const drafts: FindingDraft[] = [];
  for (const pair of pairs) {
    const operation = operationOf(pair.documentJson, pair.method, pair.path)!;
    const schema = requestSchemaOf(pair.documentJson, operation) ?? {};
    const properties = isObject(schema.properties) ? schema.properties : {};
    const operationAt = lineOf(operation, { page: pair.document.file, line: 1 });
    const why = `ModelsLab's document ${pair.document.file} describes ${pair.method.toUpperCase()} ${pair.path}, the endpoint of ${pair.page.file}; the page's <ParamField> tags should say what the machine-readable document says.`;
    const draft = (
      field: string,
      aspect: string,
      pageSays: string,
      documentSays: string,
      at: { page: SourceLocation; document: SourceLocation },
      documentValue?: { value: JsonValue | undefined },
    ): FindingDraft =>
      sourceDraft({
        endpoint: pair.endpoint,
        field,
        aspect,
        fix: documentValue ? followDocument(context, pair.page.file, field, aspect, documentValue.value, pair.document.file, why) : undefined,
        message: `"${field}" ${aspect === "presence" ? "" : `${aspect}: `}the <ParamField> page ${pair.page.file} says ${pageSays}, ModelsLab's document ${pair.document.file} says ${documentSays}.`,
        page: { role: "param-field", location: at.page, says: `the <ParamField> tags: ${pageSays}` },
        document: { location: at.document, says: documentSays },
      });
    const documented = new Map(pair.claims.filter((claim) => claim.aspect === "documented").map((claim) => [claim.field, claim.location]));
    for (const [field, location] of documented) {
      const property = resolveRef(pair.documentJson, properties[field]);
      if (!property) {
        drafts.push(draft(field, "presence", "the request has it", "the request has no such field", { page: location, document: lineOf(schema, operationAt) }));
        continue;
      }
      const at = { page: location, document: lineOf(property, lineOf(schema, operationAt)) };
      for (const claim of pair.claims.filter((c) => c.field === field)) {
        if (claim.aspect === "type") {
          const pageTypes = [...(claim.value as string[])].sort();
          const documentTypes = typesOf(property).filter((t) => t !== "null").sort();
          if (documentTypes.length > 0 && JSON.stringify(pageTypes) !== JSON.stringify(documentTypes))
            drafts.push(draft(field, "type", showValue(pageTypes), showValue(documentTypes), { ...at, page: claim.location }, { value: documentTypes }));
        } else if (claim.aspect === "default" || claim.aspect === "minimum" || claim.aspect === "maximum") {
          const value = property[claim.aspect];
          if (JSON.stringify(value) !== JSON.stringify(claim.value))
            drafts.push(
              draft(field, claim.aspect, `${claim.aspect} ${showValue(claim.value)}`, value === undefined ? `no ${claim.aspect}` : `${claim.aspect} ${showValue(value)}`, { ...at, page: claim.location }, { value }),
            );
        } else if (claim.aspect === "enum" && Array.isArray(property.enum)) {
          const a = JSON.stringify([...(claim.value as JsonValue[])].map(String).sort());
          const b = JSON.stringify([...property.enum].map(String).sort());
          if (a !== b) drafts.push(draft(field, "enum", showValue(claim.value), showValue(property.enum), { ...at, page: claim.location }, { value: property.enum }));
        }
      }
    }
    const firstClaim = pair.claims[0]!.location;
    for (const field of Object.keys(properties))
      if (!documented.has(field))
        drafts.push(draft(field, "presence", "no <ParamField> for it", "the request has it", { page: firstClaim, document: lineOf(resolveRef(pair.documentJson, properties[field]), operationAt) }));
  }
  // The same statement made twice on a page (an attribute and the text) is one disagreement.
  const seen = new Set<string>();
  return drafts.filter((d) => {
    const key = JSON.stringify([d.endpoints, d.field, d.aspect, d.statements[0]?.says, d.statements[1]?.says]);
    return !seen.has(key) && Boolean(seen.add(key));
  });
}
