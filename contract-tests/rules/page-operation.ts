/**
 * Rule page-operation: an `.mdx` page of the docs repository against the operation its front
 * matter names (`openapi: 'POST /processing/request_count'`) in the `openapi.json` beside it —
 * the site shows both on one page, so they must agree:
 *
 * - the method: the page's words ("Send a `GET` request") and its curl line (`--request GET`)
 *   against the operation's (general-api/check-requests.mdx says GET, its front matter and the
 *   document POST); the front matter naming a method the document has no operation for;
 * - the URL of its curl line against the document's servers and path;
 * - its body example against the operation's request schema: a field the example sends that the
 *   document does not define, or sends as another type (a field renamed or retyped in the
 *   `openapi.json` only). A page that renders a page of the manifest has its examples checked
 *   against that page's spec already (example-schema), so only the other pages' are checked here.
 *
 * A method stated in words against the front matter and the document (two sources, and the
 * operation the manifest takes and the client calls) follows the document. A body field's name or
 * type with only the page and the document to go by offers both sides.
 */
import type { JsonObject, JsonValue } from "../claims/claim.js";
import { jsonExamples } from "../claims/json-examples.js";
import { jsonEdits } from "../docs-repo/json-edits.js";
import { pointerOf, valueLines } from "../docs-repo/json-lines.js";
import { frontMatterOf } from "../docs-repo/render-page.js";
import type { ModelsLabDocument } from "./document-rules.js";
import type { FindingDraft, PageEdit, Statement } from "./finding.js";

/** An `.mdx` file of the docs repository as the check read it (docs-repo/<path>). */
export interface PageSourceFile {
  file: string;
  text: string;
  /** The page of the manifest it renders, whose examples the example rules check already. */
  renders?: string;
}

const METHODS = ["get", "put", "post", "delete", "patch"];
const isObject = (value: unknown): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);
const shortName = (file: string) => file.replace(/^docs-repo\//, "");
const dirOf = (file: string) => file.slice(0, file.lastIndexOf("/") + 1);

/** The line of the value at `path` in a document, or of its nearest ancestor that has one. */
function lineIn(document: ModelsLabDocument, path: (string | number)[]): number {
  const lines = valueLines(document.text);
  for (let at = [...path]; ; at = at.slice(0, -1)) {
    const found = lines.get(pointerOf(at));
    if (found || at.length === 0) return found?.line ?? 1;
  }
}

function resolve(document: JsonObject, value: JsonValue | undefined): { schema?: JsonObject; pointer?: string[] } {
  if (!isObject(value)) return {};
  if (typeof value.$ref !== "string") return { schema: value };
  const pointer = value.$ref.replace(/^#\//, "").split("/");
  let node: JsonValue | undefined = document;
  for (const part of pointer) node = isObject(node) ? node[part] : undefined;
  return isObject(node) ? { schema: node, pointer } : {};
}

/** JSON Schema type names of a property (a `type` list, or oneOf/anyOf branches). */
function typesOf(schema: JsonObject): string[] {
  const direct = Array.isArray(schema.type) ? schema.type.map(String) : typeof schema.type === "string" ? [schema.type] : [];
  const branches = [...(Array.isArray(schema.oneOf) ? schema.oneOf : []), ...(Array.isArray(schema.anyOf) ? schema.anyOf : [])].flatMap((b) => (isObject(b) ? typesOf(b) : []));
  return [...new Set([...direct, ...branches])];
}

function typeOfValue(value: JsonValue): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}
const fits = (value: JsonValue, types: string[]) => types.length === 0 || types.includes(typeOfValue(value)) || (typeOfValue(value) === "integer" && types.includes("number"));

/** Lines where the page states a request method: "Make a `POST` request", "Send a `GET` request", `--request GET`. */
function statedMethods(lines: readonly string[], from: number): { line: number; method: string; quote: string }[] {
  const stated: { line: number; method: string; quote: string }[] = [];
  lines.forEach((text, index) => {
    if (index + 1 < from) return;
    for (const match of text.matchAll(/\b(?:make|send)\s+an?\s+`?(GET|POST|PUT|PATCH|DELETE)`?\s+request\b|--request\s+(GET|POST|PUT|PATCH|DELETE)\b|-X\s+(GET|POST|PUT|PATCH|DELETE)\b/gi)) {
      const method = (match[1] ?? match[2] ?? match[3])!.toUpperCase();
      stated.push({ line: index + 1, method, quote: match[0] });
    }
  });
  return stated;
}

export function checkPageOperations(sources: readonly PageSourceFile[], documents: readonly ModelsLabDocument[]): FindingDraft[] {
  const drafts: FindingDraft[] = [];
  for (const source of sources) {
    const front = frontMatterOf(source.text);
    if (!front.openapi) continue;
    const document = documents.find((d) => d.file === `${dirOf(source.file)}openapi.json`);
    if (!document) continue;
    const [named = "", path = ""] = front.openapi.trim().split(/\s+/);
    const method = named.toLowerCase();
    const lines = source.text.split("\n");
    const frontLine = front.lines.openapi ?? 1;
    const item = isObject(document.json.paths) ? document.json.paths[path] : undefined;
    const operation = isObject(item) && isObject(item[method]) ? (item[method] as JsonObject) : undefined;
    const page = shortName(source.file);
    const doc = shortName(document.file);
    if (!operation) {
      const others = isObject(item) ? METHODS.filter((m) => isObject(item[m])).map((m) => m.toUpperCase()) : [];
      drafts.push({
        rule: "page-operation",
        severity: "error",
        endpoints: [`${named.toUpperCase()} ${path}`],
        field: "(operation)",
        aspect: "operation",
        cause: JSON.stringify(["page-operation", source.file, "operation"]),
        message: `${page}'s front matter names ${named.toUpperCase()} ${path}, but ${doc} documents ${others.length > 0 ? `${path} for ${others.join(", ")} only` : `no path ${path}`}.`,
        statements: [
          { role: "prose", location: { page: source.file, line: frontLine }, says: `the front matter names ${named.toUpperCase()} ${path}` },
          { role: "schema", location: { page: document.file, line: lineIn(document, ["paths", path]) }, says: others.length > 0 ? `${path} has ${others.join(", ")}` : `no path ${path}` },
        ],
        ...(others.length === 1 && lines[frontLine - 1]?.includes(named)
          ? {
              fix: {
                follows: `${doc} (${others[0]} ${path})`,
                why: `The site renders the page's OpenAPI block from ${doc}, which documents ${path} for ${others[0]} only.`,
                edits: [{ page: source.file, line: frontLine, before: named, after: others[0]! }],
              },
            }
          : {}),
      });
      continue;
    }
    const where = ["paths", path, method];
    const operationStatement: Statement = { role: "schema", location: { page: document.file, line: lineIn(document, where) }, says: `${doc} documents ${method.toUpperCase()} ${path}` };

    // The method the page's words and curl line state.
    const differing = statedMethods(lines, front.bodyLine).filter((s) => s.method !== method.toUpperCase());
    if (differing.length > 0) {
      const said = [...new Set(differing.map((s) => s.method))];
      const edits: PageEdit[] = differing.map((s) => ({ page: source.file, line: s.line, before: s.quote, after: s.quote.replace(new RegExp(s.method, "i"), method.toUpperCase()) }));
      drafts.push({
        rule: "page-operation",
        severity: "error",
        endpoints: [`${method.toUpperCase()} ${path}`],
        field: "(method)",
        aspect: "method",
        cause: JSON.stringify(["page-operation", source.file, "method"]),
        message: `${page} says to send ${said.join(", ")} (${differing.map((s) => `"${s.quote}"`).join(", ")}), but its front matter and ${doc} document ${method.toUpperCase()} ${path}.`,
        statements: [
          ...differing.map((s): Statement => ({ role: "prose", location: { page: source.file, line: s.line }, says: `says "${s.quote}"` })),
          { role: "prose", location: { page: source.file, line: frontLine }, says: `the front matter names ${method.toUpperCase()} ${path}` },
          operationStatement,
        ],
        fix: {
          follows: `${doc} and the page's front matter (${method.toUpperCase()} ${path})`,
          why: `The front matter and ${doc} agree on ${method.toUpperCase()}, and the page shows that operation's OpenAPI block under the words; openapi/upstream/manifest.yaml takes ${method.toUpperCase()} ${path} from ${doc}, the operation the project's client calls.`,
          edits,
        },
      });
    }

    // The curl line's URL against the document's servers and the path.
    const servers = [...(Array.isArray(operation.servers) ? operation.servers : []), ...(Array.isArray(document.json.servers) ? document.json.servers : [])]
      .map((s) => (isObject(s) && typeof s.url === "string" ? s.url.replace(/\/$/, "") : undefined))
      .filter((url): url is string => url !== undefined);
    lines.forEach((text, index) => {
      if (index + 1 < front.bodyLine) return;
      const url = text.match(/--request\s+\w+\s+'(https?:\/\/[^']+)'/)?.[1];
      if (!url || servers.length === 0 || servers.some((server) => `${server}${path}` === url)) return;
      drafts.push({
        rule: "page-operation",
        severity: "error",
        endpoints: [`${method.toUpperCase()} ${path}`],
        field: "(url)",
        aspect: "url",
        cause: JSON.stringify(["page-operation", source.file, "url"]),
        message: `${page} sends its request to ${url}, but ${doc} serves ${method.toUpperCase()} ${path} at ${servers.map((s) => `${s}${path}`).join(" or ")}.`,
        statements: [{ role: "prose", location: { page: source.file, line: index + 1 }, says: `the curl line names ${url}` }, operationStatement],
        ...(servers.length === 1
          ? { fix: { follows: `${doc} (${servers[0]}${path})`, why: `The site renders the page's OpenAPI block, servers included, from ${doc}.`, edits: [{ page: source.file, line: index + 1, before: url, after: `${servers[0]}${path}` }] } }
          : {}),
      });
    });

    // The body example against the request schema.
    const content = isObject(operation.requestBody) && isObject(operation.requestBody.content) ? operation.requestBody.content["application/json"] : undefined;
    const { schema, pointer } = resolve(document.json, isObject(content) ? content.schema : undefined);
    const properties = schema && isObject(schema.properties) ? schema.properties : undefined;
    const example = jsonExamples(source.text, source.file).find((e) => e.kind === "request" && e.location.line >= front.bodyLine);
    if (!properties || !example || source.renders) continue;
    const schemaPath = pointer ?? [...where, "requestBody", "content", "application/json", "schema"];
    const unsent = Object.keys(properties).filter((name) => !(name in example.body));
    for (const [name, value] of Object.entries(example.body)) {
      const prop = properties[name];
      const exampleLine = example.fieldLines[name] ?? example.location.line;
      if (!isObject(prop)) {
        // Renamed: the document names a field the example does not send, the example one the document lacks.
        const renamed = unsent.length === 1 ? unsent[0] : undefined;
        const renameOptions =
          renamed !== undefined
            ? (() => {
                const after: JsonObject = { ...schema!, properties: Object.fromEntries(Object.entries(properties).map(([k, v]) => [k === renamed ? name : k, v])), ...(Array.isArray(schema!.required) ? { required: schema!.required.map((r) => (r === renamed ? name : r)) } : {}) };
                const documentEdits = jsonEdits(document.file, document.text, schema!, after, schemaPath) ?? [];
                const line = lines[exampleLine - 1] ?? "";
                const pageEdits: PageEdit[] = line.includes(`"${name}"`) ? [{ page: source.file, line: exampleLine, before: `"${name}"`, after: `"${renamed}"` }] : [];
                return documentEdits.length > 0 && pageEdits.length > 0
                  ? [
                      { follows: `${page}'s example ("${name}")`, why: `The example shows the body the page documents; the document names the field "${renamed}".`, edits: documentEdits, changes: `the document's "${renamed}" becomes "${name}"; callers generated from ${doc} send "${name}"` },
                      { follows: `${doc} ("${renamed}")`, why: `The document is what the site renders the page's OpenAPI block from; the example sends "${name}".`, edits: pageEdits, changes: `the example sends "${renamed}"; if the API reads "${name}", the document is the wrong side` },
                    ]
                  : undefined;
              })()
            : undefined;
        drafts.push({
          rule: "page-operation",
          severity: "error",
          endpoints: [`${method.toUpperCase()} ${path}`],
          field: name,
          aspect: "request-field",
          cause: JSON.stringify(["page-operation", source.file, "field", name]),
          message: `${page}'s example sends "${name}", but ${doc} (${method.toUpperCase()} ${path}) defines no "${name}"${renamed !== undefined ? ` and names "${renamed}" instead` : ""}.`,
          statements: [
            { role: "example", location: { page: source.file, line: exampleLine }, says: `sends "${name}"` },
            { role: "schema", location: { page: document.file, line: lineIn(document, renamed !== undefined ? [...schemaPath, "properties", renamed] : [...schemaPath, "properties"]) }, says: renamed !== undefined ? `defines "${renamed}", not "${name}"` : `defines ${Object.keys(properties).map((k) => `"${k}"`).join(", ")}` },
          ],
          ...(renameOptions ? { options: renameOptions } : {}),
        });
        continue;
      }
      const types = typesOf(prop);
      if (fits(value, types)) continue;
      const sent = typeOfValue(value);
      const documentEdits = jsonEdits(document.file, document.text, prop, { ...prop, type: sent }, [...schemaPath, "properties", name]) ?? [];
      drafts.push({
        rule: "page-operation",
        severity: "error",
        endpoints: [`${method.toUpperCase()} ${path}`],
        field: name,
        aspect: "request-type",
        cause: JSON.stringify(["page-operation", source.file, "type", name]),
        message: `${page}'s example sends "${name}" as ${sent} (${JSON.stringify(value)}), but ${doc} (${method.toUpperCase()} ${path}) types it ${types.join(" or ")}.`,
        statements: [
          { role: "example", location: { page: source.file, line: exampleLine }, says: `sends "${name}": ${JSON.stringify(value)}` },
          { role: "schema", location: { page: document.file, line: lineIn(document, [...schemaPath, "properties", name, "type"]) }, says: `types "${name}" ${types.join(" or ")}` },
        ],
        ...(documentEdits.length > 0
          ? {
              options: [
                { follows: `${page}'s example (${sent})`, why: `The example shows the body the page documents.`, edits: documentEdits, changes: `${doc} types "${name}" ${sent}; callers generated from it send ${sent}` },
                {
                  follows: `${doc} (${types.join(" or ")})`,
                  why: `The document is what the site renders the page's OpenAPI block from.`,
                  edits: [{ page: source.file, line: exampleLine, before: JSON.stringify(value), after: JSON.stringify(types.includes("string") ? String(value) : types.includes("integer") || types.includes("number") ? Number(value) || 0 : value) }],
                  changes: `the example sends "${name}" as ${types.join(" or ")}; if the API reads ${sent}, the document is the wrong side`,
                },
              ],
            }
          : {}),
      });
    }
  }
  return drafts;
}
