/**
 * Sync step: what changed between two merged documents, per operation and field, and whether
 * each change breaks a client of the API. The rules are a table: one row per kind of change,
 * saying how it classifies in a request (what the client sends) and in a response (what the
 * client reads), and why.
 */
import { isDeepStrictEqual } from "node:util";

export type Direction = "request" | "response";

export type ChangeKind =
  | "operation-added"
  | "operation-removed"
  | "property-added"
  | "required-property-added"
  | "property-removed"
  | "became-required"
  | "became-optional"
  | "type-widened"
  | "type-narrowed"
  | "type-changed"
  | "enum-values-added"
  | "enum-values-removed"
  | "enum-added"
  | "enum-removed"
  | "limit-tightened"
  | "limit-loosened"
  | "default-changed"
  | "format-changed"
  | "format-removed"
  | "response-added"
  | "response-removed"
  | "location-changed"
  | "documentation-changed";

interface ChangeRule {
  /** Whether the change breaks a client, where the value is sent (request) and where it is read (response). */
  request: boolean;
  response: boolean;
  reason: { request: string; response: string };
}

/** The classification table. */
export const CHANGE_RULES: Record<ChangeKind, ChangeRule> = {
  "operation-added": { request: false, response: false, reason: { request: "a new operation; existing calls are unaffected", response: "" } },
  "operation-removed": { request: true, response: true, reason: { request: "calls to it stop compiling and fail at runtime", response: "" } },
  "property-added": {
    request: false,
    response: false,
    reason: { request: "a new optional field; existing requests stay valid", response: "a new field; existing readers ignore it" },
  },
  "required-property-added": {
    request: true,
    response: false,
    reason: { request: "every existing request now lacks a required field", response: "a new field that is always present; existing readers ignore it" },
  },
  "property-removed": {
    request: true,
    response: true,
    reason: { request: "requests that set it no longer type-check", response: "clients that read it get nothing" },
  },
  "became-required": {
    request: true,
    response: false,
    reason: { request: "requests that omit it are now invalid", response: "it is now always present" },
  },
  "became-optional": {
    request: false,
    response: true,
    reason: { request: "requests may now omit it", response: "clients that read it must now handle its absence" },
  },
  "type-widened": {
    request: false,
    response: true,
    reason: { request: "more values are accepted; existing requests stay valid", response: "clients must handle values of the new type" },
  },
  "type-narrowed": {
    request: true,
    response: false,
    reason: { request: "values of the dropped type are now rejected", response: "fewer kinds of values to handle" },
  },
  "type-changed": {
    request: true,
    response: true,
    reason: { request: "existing values have the wrong type", response: "clients read a value of another type" },
  },
  "enum-values-added": {
    request: false,
    response: true,
    reason: { request: "more values are accepted", response: "clients may meet a value they do not handle" },
  },
  "enum-values-removed": {
    request: true,
    response: false,
    reason: { request: "requests that send a removed value are now rejected", response: "fewer values to handle" },
  },
  "enum-added": {
    request: true,
    response: false,
    reason: { request: "only the listed values are accepted now", response: "the values are now a closed list" },
  },
  "enum-removed": {
    request: false,
    response: true,
    reason: { request: "any value is accepted now", response: "clients may meet values outside the old list" },
  },
  "limit-tightened": {
    request: true,
    response: false,
    reason: { request: "values within the old limit may now be rejected", response: "values stay within the old limit" },
  },
  "limit-loosened": {
    request: false,
    response: false,
    reason: { request: "more values are accepted", response: "values may exceed the old limit; no client relies on it" },
  },
  "default-changed": {
    request: false,
    response: false,
    reason: { request: "requests that omit it behave differently, but stay valid", response: "documentation of the value" },
  },
  "format-changed": {
    request: true,
    response: false,
    reason: { request: "values valid under the old format may be rejected", response: "values now follow a stated format" },
  },
  "format-removed": {
    request: false,
    response: true,
    reason: { request: "values of any format are accepted now", response: "values no longer promise their old format" },
  },
  "response-added": { request: false, response: false, reason: { request: "", response: "a new documented response" } },
  "response-removed": { request: false, response: false, reason: { request: "", response: "a documented response is gone; handling it is harmless" } },
  "location-changed": {
    request: true,
    response: true,
    reason: { request: "the parameter moved between the query and the body", response: "" },
  },
  "documentation-changed": {
    request: false,
    response: false,
    reason: { request: "description or examples only", response: "description or examples only" },
  },
};

export interface SpecChange {
  /** e.g. "submitV6Img2Video (POST /v6/video/img2video)". */
  operation: string;
  /** "request body", "response 200", "parameter id", or "operation". */
  location: string;
  /** Dotted field path inside the location ("" for the location itself). */
  field: string;
  kind: ChangeKind;
  breaking: boolean;
  before?: unknown;
  after?: unknown;
  reason: string;
}

type Schema = Record<string, unknown>;
type Doc = Record<string, unknown>;

const LIMITS = {
  maximum: "upper",
  exclusiveMaximum: "upper",
  maxLength: "upper",
  maxItems: "upper",
  minimum: "lower",
  exclusiveMinimum: "lower",
  minLength: "lower",
  minItems: "lower",
} as const;
const DOC_KEYS = ["description", "summary", "title", "example", "examples"];
const HTTP_METHODS = ["get", "put", "post", "delete", "patch"];

const isObject = (v: unknown): v is Schema => typeof v === "object" && v !== null && !Array.isArray(v);

function resolve(doc: Doc, value: unknown, seen = new Set<string>()): Schema | undefined {
  if (!isObject(value)) return undefined;
  const ref = value.$ref;
  if (typeof ref !== "string") return value;
  if (seen.has(ref)) return {};
  seen.add(ref);
  const target = ref
    .replace(/^#\//, "")
    .split("/")
    .reduce<unknown>((node, key) => (isObject(node) ? node[key.replace(/~1/g, "/").replace(/~0/g, "~")] : undefined), doc);
  return resolve(doc, target, seen);
}

/** The JSON types a schema admits: `type` (string or list) and `oneOf`/`anyOf` of typed branches. */
export function typesOf(schema: Schema): Set<string> | undefined {
  const types = new Set<string>();
  const add = (t: unknown) => (Array.isArray(t) ? t.forEach((x) => types.add(String(x))) : typeof t === "string" && types.add(t));
  add(schema.type);
  for (const key of ["oneOf", "anyOf"])
    if (Array.isArray(schema[key])) for (const branch of schema[key] as unknown[]) if (isObject(branch)) add(branch.type);
  return types.size > 0 ? types : undefined;
}

/** Whether a value of JSON type `type` is admitted by `types` (an integer is a number). */
const admits = (types: Set<string>, type: string) => types.has(type) || (type === "integer" && types.has("number"));

function stripDocs(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(stripDocs);
  if (!isObject(schema)) return schema;
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([key]) => !DOC_KEYS.includes(key) && !key.startsWith("x-"))
      .map(([key, value]) => [key, stripDocs(value)]),
  );
}

export interface Context {
  oldDoc: Doc;
  newDoc: Doc;
  operation: string;
  location: string;
  direction: Direction;
  changes: SpecChange[];
}

export function record(ctx: Context, field: string, kind: ChangeKind, before?: unknown, after?: unknown): void {
  const rule = CHANGE_RULES[kind];
  ctx.changes.push({
    operation: ctx.operation,
    location: ctx.location,
    field,
    kind,
    breaking: rule[ctx.direction],
    ...(before !== undefined ? { before } : {}),
    ...(after !== undefined ? { after } : {}),
    reason: rule.reason[ctx.direction] || rule.reason.request || rule.reason.response,
  });
}

/** What names a branch of a oneOf/anyOf/allOf across two versions: its model id, its title, the schema it refers to. */
function branchKey(doc: Doc, branch: unknown, index: number): string {
  const ref = isObject(branch) && typeof branch.$ref === "string" ? branch.$ref : undefined;
  const resolved = resolve(doc, branch);
  const id = resolved?.["x-model-id"] ?? resolved?.title;
  return typeof id === "string" ? `${ref ? "ref" : "own"}:${id}` : ref ?? `#${index}`;
}

/**
 * The branches of a oneOf/anyOf/allOf (the v7 request per model, a response per status) compared
 * branch by branch: a branch's properties are the field's, so a change inside one is reported on
 * the field as any other; a known model that comes or goes is a value of model_id added or removed.
 */
function compareBranches(ctx: Context, a: Schema, b: Schema, field: string): void {
  for (const key of ["oneOf", "anyOf", "allOf"]) {
    const before = Array.isArray(a[key]) ? (a[key] as unknown[]) : [];
    const after = Array.isArray(b[key]) ? (b[key] as unknown[]) : [];
    if (before.length === 0 && after.length === 0) continue;
    const oldBranches = new Map(before.map((branch, index) => [branchKey(ctx.oldDoc, branch, index), branch]));
    const newBranches = new Map(after.map((branch, index) => [branchKey(ctx.newDoc, branch, index), branch]));
    const modelId = (doc: Doc, branch: unknown) => resolve(doc, branch)?.["x-model-id"];
    for (const [name, branch] of oldBranches) {
      if (newBranches.has(name)) compareSchemas(ctx, branch, newBranches.get(name), field);
      else {
        const id = modelId(ctx.oldDoc, branch);
        if (typeof id === "string") record(ctx, field ? `${field}.model_id` : "model_id", "enum-values-removed", [id], undefined);
      }
    }
    for (const [name, branch] of newBranches) {
      if (oldBranches.has(name)) continue;
      const id = modelId(ctx.newDoc, branch);
      if (typeof id === "string") record(ctx, field ? `${field}.model_id` : "model_id", "enum-values-added", undefined, [id]);
    }
  }
}

function compareSchemas(ctx: Context, oldValue: unknown, newValue: unknown, field: string): void {
  const a = resolve(ctx.oldDoc, oldValue) ?? {};
  const b = resolve(ctx.newDoc, newValue) ?? {};

  const oldTypes = typesOf(a);
  const newTypes = typesOf(b);
  if (oldTypes && newTypes && !isDeepStrictEqual([...oldTypes].sort(), [...newTypes].sort())) {
    const widened = [...oldTypes].every((t) => admits(newTypes, t));
    const narrowed = [...newTypes].every((t) => admits(oldTypes, t));
    record(ctx, field, widened ? "type-widened" : narrowed ? "type-narrowed" : "type-changed", [...oldTypes].join("|"), [...newTypes].join("|"));
  }

  const oldEnum = Array.isArray(a.enum) ? a.enum : undefined;
  const newEnum = Array.isArray(b.enum) ? b.enum : undefined;
  if (oldEnum && newEnum) {
    const added = newEnum.filter((v) => !oldEnum.some((o) => isDeepStrictEqual(o, v)));
    const removed = oldEnum.filter((v) => !newEnum.some((n) => isDeepStrictEqual(n, v)));
    if (removed.length) record(ctx, field, "enum-values-removed", removed, undefined);
    if (added.length) record(ctx, field, "enum-values-added", undefined, added);
  } else if (newEnum && !oldEnum) record(ctx, field, "enum-added", undefined, newEnum);
  else if (oldEnum && !newEnum) record(ctx, field, "enum-removed", oldEnum, undefined);

  for (const [key, side] of Object.entries(LIMITS)) {
    const before = typeof a[key] === "number" ? (a[key] as number) : undefined;
    const after = typeof b[key] === "number" ? (b[key] as number) : undefined;
    if (before === after) continue;
    const tightened =
      before === undefined ? true : after === undefined ? false : side === "upper" ? after < before : after > before;
    record(ctx, field ? `${field} (${key})` : key, tightened ? "limit-tightened" : "limit-loosened", before, after);
  }

  if (!isDeepStrictEqual(a.default, b.default)) record(ctx, field, "default-changed", a.default, b.default);
  if (a.format !== b.format) record(ctx, field, b.format === undefined ? "format-removed" : "format-changed", a.format, b.format);

  const oldProps = isObject(a.properties) ? a.properties : {};
  const newProps = isObject(b.properties) ? b.properties : {};
  const oldRequired = new Set(Array.isArray(a.required) ? (a.required as string[]) : []);
  const newRequired = new Set(Array.isArray(b.required) ? (b.required as string[]) : []);
  const child = (name: string) => (field ? `${field}.${name}` : name);
  for (const name of Object.keys(oldProps)) if (!(name in newProps)) record(ctx, child(name), "property-removed");
  for (const name of Object.keys(newProps)) {
    if (!(name in oldProps)) {
      record(ctx, child(name), newRequired.has(name) ? "required-property-added" : "property-added");
      continue;
    }
    if (!oldRequired.has(name) && newRequired.has(name)) record(ctx, child(name), "became-required");
    if (oldRequired.has(name) && !newRequired.has(name)) record(ctx, child(name), "became-optional");
    compareSchemas(ctx, oldProps[name], newProps[name], child(name));
  }
  if (a.items !== undefined || b.items !== undefined) compareSchemas(ctx, a.items, b.items, `${field}[]`);
  compareBranches(ctx, a, b, field);

  const structural = (s: Schema) => stripDocs({ ...s, properties: undefined, items: undefined, oneOf: undefined, anyOf: undefined, allOf: undefined });
  const docsOnly = isDeepStrictEqual(structural(a), structural(b)) && !isDeepStrictEqual(docsOf(a), docsOf(b));
  if (docsOnly) record(ctx, field, "documentation-changed");
}

function docsOf(schema: Schema): unknown {
  return DOC_KEYS.map((key) => schema[key]);
}

function operationsOf(doc: Doc): Map<string, { method: string; path: string; operation: Schema }> {
  const ops = new Map<string, { method: string; path: string; operation: Schema }>();
  const paths = isObject(doc.paths) ? doc.paths : {};
  for (const [path, item] of Object.entries(paths))
    for (const method of HTTP_METHODS) {
      const operation = isObject(item) ? item[method] : undefined;
      if (isObject(operation)) ops.set(`${method.toUpperCase()} ${path}`, { method, path, operation });
    }
  return ops;
}

const jsonBody = (doc: Doc, container: unknown): unknown => {
  const resolved = resolve(doc, container);
  const content = resolved && isObject(resolved.content) ? resolved.content : undefined;
  const media = content && isObject(content["application/json"]) ? content["application/json"] : undefined;
  return media?.schema;
};

/** Every change between two merged documents, classified. */
export function diffSpecs(oldDoc: Doc, newDoc: Doc): SpecChange[] {
  const changes: SpecChange[] = [];
  const oldOps = operationsOf(oldDoc);
  const newOps = operationsOf(newDoc);
  const label = (key: string, op: Schema) => (typeof op.operationId === "string" ? `${op.operationId} (${key})` : key);

  for (const [key, { operation }] of oldOps)
    if (!newOps.has(key)) record({ oldDoc, newDoc, operation: label(key, operation), location: "operation", direction: "request", changes }, "", "operation-removed");
  for (const [key, { operation: after }] of newOps) {
    const before = oldOps.get(key)?.operation;
    const operation = label(key, after);
    if (!before) {
      record({ oldDoc, newDoc, operation, location: "operation", direction: "request", changes }, "", "operation-added");
      continue;
    }
    const request: Context = { oldDoc, newDoc, operation, location: "request body", direction: "request", changes };
    compareSchemas(request, jsonBody(oldDoc, before.requestBody), jsonBody(newDoc, after.requestBody), "");

    const params = (op: Schema, doc: Doc) =>
      new Map(
        (Array.isArray(op.parameters) ? op.parameters : [])
          .map((p) => resolve(doc, p))
          .filter(isObject)
          .map((p) => [`${String(p.in)} ${String(p.name)}`, p] as const),
      );
    const oldParams = params(before, oldDoc);
    const newParams = params(after, newDoc);
    for (const [name, p] of newParams) {
      const ctx: Context = { ...request, location: `parameter ${name}` };
      const old = oldParams.get(name);
      if (!old) record(ctx, "", p.required ? "required-property-added" : "property-added");
      else {
        if (!old.required && p.required) record(ctx, "", "became-required");
        compareSchemas(ctx, old.schema, p.schema, "");
      }
    }
    for (const name of oldParams.keys()) if (!newParams.has(name)) record({ ...request, location: `parameter ${name}` }, "", "property-removed");

    const oldResponses = isObject(before.responses) ? before.responses : {};
    const newResponses = isObject(after.responses) ? after.responses : {};
    for (const status of new Set([...Object.keys(oldResponses), ...Object.keys(newResponses)])) {
      const ctx: Context = { oldDoc, newDoc, operation, location: `response ${status}`, direction: "response", changes };
      if (!(status in oldResponses)) record(ctx, "", "response-added");
      else if (!(status in newResponses)) record(ctx, "", "response-removed");
      else compareSchemas(ctx, jsonBody(oldDoc, oldResponses[status]), jsonBody(newDoc, newResponses[status]), "");
    }
  }
  return changes;
}
