/**
 * Rules on ModelsLab's OpenAPI documents themselves (the `openapi.json` files of the docs
 * repository the manifest names), whatever pages render them:
 *
 * - fetch-path: an operation whose path names a parameter (`/enterprise/video/fetch/{id}`) the
 *   operation does not declare. OpenAPI requires it; no client can fill the path. The fix declares
 *   it as the project's client fills it (openapi/overlays/enterprise-fetch.overlay.yaml, action 1:
 *   the generation id a submit answers, an integer, API-FACTS.md line 13).
 * - twin-documents: one operation documented in two documents (`base64_to_url` in the video API's
 *   document and in the general API's) with different request fields or required lists. The fix
 *   follows the document whose operation the project takes (the manifest's `operations`), which
 *   the client calls; the other document's copy is edited.
 */
import type { JsonObject, JsonValue } from "../claims/claim.js";
import { jsonEdits } from "../docs-repo/json-edits.js";
import { pointerOf, valueLines } from "../docs-repo/json-lines.js";
import type { FindingDraft } from "./finding.js";

export interface ModelsLabDocument {
  /** docs-repo/<path>, as the manifest lists it. */
  file: string;
  text: string;
  json: JsonObject;
  /** The operations the project takes from it (`POST /base64_to_url`). */
  operations: string[];
}

const METHODS = ["get", "put", "post", "delete", "patch"];
const isObject = (value: unknown): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);

function operationsOf(document: ModelsLabDocument): { path: string; method: string; operation: JsonObject; item: JsonObject }[] {
  const paths = isObject(document.json.paths) ? document.json.paths : {};
  return Object.entries(paths).flatMap(([path, item]) =>
    isObject(item) ? METHODS.filter((method) => isObject(item[method])).map((method) => ({ path, method, operation: item[method] as JsonObject, item })) : [],
  );
}

function resolve(document: JsonObject, value: JsonValue | undefined): JsonObject | undefined {
  if (!isObject(value)) return undefined;
  const ref = value.$ref;
  if (typeof ref !== "string") return value;
  let node: JsonValue | undefined = document;
  for (const part of ref.replace(/^#\//, "").split("/")) node = isObject(node) ? node[part] : undefined;
  return isObject(node) ? node : undefined;
}

const lineOf = (document: ModelsLabDocument, path: (string | number)[]) => {
  const lines = valueLines(document.text);
  for (let at = [...path]; ; at = at.slice(0, -1)) {
    const found = lines.get(pointerOf(at));
    if (found || at.length === 0) return found?.line ?? 1;
  }
};

export function checkFetchPaths(documents: readonly ModelsLabDocument[]): FindingDraft[] {
  const drafts: FindingDraft[] = [];
  for (const document of documents) {
    for (const { path, method, operation, item } of operationsOf(document)) {
      const declared = [...(Array.isArray(item.parameters) ? item.parameters : []), ...(Array.isArray(operation.parameters) ? operation.parameters : [])]
        .map((parameter) => (isObject(parameter) && parameter.in === "path" ? parameter.name : undefined))
        .filter((name): name is string => typeof name === "string");
      for (const name of [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!).filter((name) => !declared.includes(name))) {
        const where = ["paths", path, method];
        const parameter: JsonObject = { name, in: "path", required: true, description: "The generation id returned by the submit call.", schema: { type: "integer" } };
        const after: JsonObject = { ...operation, parameters: [...(Array.isArray(operation.parameters) ? operation.parameters : []), parameter] };
        const edits = name === "id" ? jsonEdits(document.file, document.text, operation, after, where) : undefined;
        drafts.push({
          rule: "fetch-path",
          severity: "error",
          endpoints: [`${method.toUpperCase()} ${path}`],
          field: name,
          aspect: "path-parameter",
          cause: JSON.stringify(["fetch-path", document.file, method, path, name]),
          message: `${document.file.replace(/^docs-repo\//, "")} documents ${method.toUpperCase()} ${path}, whose path names {${name}}, but declares no path parameter "${name}".`,
          statements: [
            { role: "schema", location: { page: document.file, line: lineOf(document, ["paths", path]) }, says: `the path names {${name}}` },
            { role: "schema", location: { page: document.file, line: lineOf(document, where) }, says: `${method.toUpperCase()} ${path} declares ${declared.length > 0 ? `only ${declared.join(", ")}` : "no path parameter"}` },
          ],
          ...(edits && edits.length > 0
            ? {
                fix: {
                  follows: `the path template and the client (an integer path parameter "${name}")`,
                  why: `OpenAPI requires a path parameter for {${name}}. It is the generation id a submit answers, an integer (API-FACTS.md line 13), as openapi/overlays/enterprise-fetch.overlay.yaml (action 1) declares it for the client.`,
                  resolvedBy: ["openapi/overlays/enterprise-fetch.overlay.yaml#1"],
                  edits,
                },
              }
            : {}),
        });
      }
    }
  }
  return drafts;
}

/** The last path segment names an operation across documents (`/video/base64_to_url`, `/base64_to_url`). */
const operationName = (path: string): string | undefined => {
  const last = path.split("/").filter(Boolean).at(-1);
  return last && !last.startsWith("{") ? last : undefined;
};

export function checkTwinDocuments(documents: readonly ModelsLabDocument[]): FindingDraft[] {
  const drafts: FindingDraft[] = [];
  const all = documents.flatMap((document) => operationsOf(document).map((op) => ({ document, ...op, name: operationName(op.path), taken: document.operations.includes(`${op.method.toUpperCase()} ${op.path}`) })));
  for (const taken of all.filter((op) => op.taken && op.name)) {
    for (const twin of all.filter((op) => op.document !== taken.document && op.name === taken.name && op.method === taken.method && !op.taken)) {
      const body = (op: typeof taken) => {
        const content = isObject(op.operation.requestBody) && isObject(op.operation.requestBody.content) ? op.operation.requestBody.content["application/json"] : undefined;
        const raw = isObject(content) ? content.schema : undefined;
        const ref = isObject(raw) && typeof raw.$ref === "string" ? raw.$ref : undefined;
        return { schema: resolve(op.document.json, raw), pointer: ref ? ref.replace(/^#\//, "").split("/") : undefined };
      };
      const ours = body(taken);
      const theirs = body(twin);
      if (!ours.schema || !theirs.schema || !theirs.pointer) continue;
      const fields = (schema: JsonObject) => Object.keys(isObject(schema.properties) ? schema.properties : {});
      const required = (schema: JsonObject) => (Array.isArray(schema.required) ? schema.required.map(String) : []);
      const onlyOurs = fields(ours.schema).filter((f) => !fields(theirs.schema!).includes(f));
      const onlyTheirs = fields(theirs.schema).filter((f) => !fields(ours.schema!).includes(f));
      const requiredDiffers = JSON.stringify([...required(ours.schema)].sort()) !== JSON.stringify([...required(theirs.schema)].sort());
      if (onlyOurs.length === 0 && onlyTheirs.length === 0 && !requiredDiffers) continue;
      const show = (list: string[]) => (list.length > 0 ? list.map((f) => `"${f}"`).join(", ") : "nothing else");
      const ourName = `${taken.document.file.replace(/^docs-repo\//, "")} (${taken.method.toUpperCase()} ${taken.path})`;
      const theirName = `${twin.document.file.replace(/^docs-repo\//, "")} (${twin.method.toUpperCase()} ${twin.path})`;
      // The twin's request schema becomes the taken one's (its properties and required list).
      const after: JsonObject = { ...theirs.schema, properties: ours.schema.properties ?? {}, required: ours.schema.required ?? [] };
      const edits = jsonEdits(twin.document.file, twin.document.text, theirs.schema, after, theirs.pointer);
      drafts.push({
        rule: "twin-documents",
        severity: "error",
        endpoints: [`${taken.method.toUpperCase()} ${taken.path}`, `${twin.method.toUpperCase()} ${twin.path}`],
        field: [...onlyOurs, ...onlyTheirs].join(", ") || "(required)",
        aspect: "request",
        cause: JSON.stringify(["twin-documents", taken.document.file, taken.path, twin.document.file, twin.path]),
        message: `"${taken.name}" takes ${show(onlyOurs)} in ${ourName} but ${show(onlyTheirs)} in ${theirName}${requiredDiffers ? `; required: ${show(required(ours.schema))} vs ${show(required(theirs.schema))}` : ""}.`,
        statements: [
          { role: "schema", location: { page: taken.document.file, line: lineOf(taken.document, ours.pointer ?? ["paths", taken.path, taken.method]) }, says: `${ourName} takes ${show(fields(ours.schema))} (required ${show(required(ours.schema))})` },
          { role: "schema", location: { page: twin.document.file, line: lineOf(twin.document, theirs.pointer) }, says: `${theirName} takes ${show(fields(theirs.schema))} (required ${show(required(theirs.schema))})` },
        ],
        ...(edits && edits.length > 0
          ? {
              fix: {
                follows: ourName,
                why: `openapi/upstream/manifest.yaml takes ${taken.method.toUpperCase()} ${taken.path} from ${taken.document.file.replace(/^docs-repo\//, "")}; it is the operation the project's client calls for uploads.`,
                edits,
              },
            }
          : {}),
      });
    }
  }
  return drafts;
}
