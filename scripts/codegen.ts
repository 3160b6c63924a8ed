/**
 * Pipeline step 4: code from the final merged document.
 * - generated/schema.d.ts: openapi-typescript's `paths`/`components`/`operations` types. Request
 *   properties that have a `default` stay optional (defaultNonNullable off): the API fills them.
 * - generated/operations.ts: the server and an index of the operations (method, path, family,
 *   submit or fetch) that the hand-written layer builds on; it imports nothing.
 * - generated/client.ts: a typed openapi-fetch client for the merged paths (and the index again).
 */
import { MERGED_SERVER_URL } from "./merge.js";
import { PipelineError } from "./pipeline-error.js";

export const GENERATED_HEADER = "// Machine-written by `npm run generate` from generated/openapi.yaml. Do not edit.\n";

/**
 * openapi-typescript (and with it the TypeScript compiler, about half a second to load) is loaded
 * here, when the types are generated, never by what only imports this module: the contract check
 * and sync build documents without it.
 */
export async function generateSchemaTypes(document: Record<string, unknown>): Promise<string> {
  const { default: openapiTS, astToString } = await import("openapi-typescript");
  // openapi-typescript writes into the document it reads (it adds an enum to each oneOf branch
  // of a discriminator): it gets a copy, so the other generated files see the document as it is.
  const ast = await openapiTS(structuredClone(document) as unknown as Parameters<typeof openapiTS>[0], {
    defaultNonNullable: false,
    alphabetize: false,
    silent: true,
  });
  return `${GENERATED_HEADER}${astToString(ast)}`;
}

export interface OperationEntry {
  operationId: string;
  method: string;
  path: string;
  family: string;
  kind: "submit" | "fetch" | "upload" | "describe" | "account";
}

/** Every operation of the merged document; each needs an operationId starting submit, fetch, upload, describe (model search) or account (queue count). */
export function operationEntries(document: Record<string, unknown>): OperationEntry[] {
  const entries: OperationEntry[] = [];
  const paths = (document.paths ?? {}) as Record<string, Record<string, Record<string, unknown>>>;
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (typeof operation !== "object" || operation === null || !("responses" in operation)) continue;
      const { operationId, "x-family": family } = operation as { operationId?: unknown; "x-family"?: unknown };
      if (typeof operationId !== "string") throw new PipelineError(`generated/openapi.yaml: ${method.toUpperCase()} ${path} has no operationId`);
      const kind = (["submit", "fetch", "upload", "describe", "account"] as const).find((prefix) => operationId.startsWith(prefix));
      if (!kind) throw new PipelineError(`generated/openapi.yaml: operationId ${operationId} must start with "submit", "fetch", "upload", "describe" or "account"`);
      entries.push({ operationId, method, path, family: String(family), kind });
    }
  }
  return entries;
}

export function generateClientModule(): string {
  return `${GENERATED_HEADER}import createClient, { type Client, type ClientOptions } from "openapi-fetch";
import { DEFAULT_BASE_URL } from "./operations.js";
import type { paths } from "./schema.js";

export type { components, operations, paths } from "./schema.js";
export { DEFAULT_BASE_URL, operationIndex, type OperationId } from "./operations.js";

/** A typed openapi-fetch client over every path of the merged document. */
export type ModelsLabFetchClient = Client<paths>;

export function createModelsLabFetchClient(options: ClientOptions = {}): ModelsLabFetchClient {
  return createClient<paths>({ baseUrl: DEFAULT_BASE_URL, ...options });
}
`;
}

/**
 * The server and the index of the operations, in a module of their own that imports nothing:
 * what the client's transport builds on, without pulling openapi-fetch into a bundle that never
 * uses the typed client.
 */
export function generateOperationsModule(document: Record<string, unknown>): string {
  const entries = operationEntries(document);
  const index = entries
    .map(
      (e) =>
        `  ${e.operationId}: { method: ${JSON.stringify(e.method)}, path: ${JSON.stringify(e.path)}, family: ${JSON.stringify(e.family)}, kind: ${JSON.stringify(e.kind)} },`,
    )
    .join("\n");
  return `${GENERATED_HEADER}/** The server every path of the merged document is relative to. */
export const DEFAULT_BASE_URL = ${JSON.stringify(MERGED_SERVER_URL)};

/** Each operation of the merged document: how to call it, its family, and whether it submits or fetches. */
export const operationIndex = {
${index}
} as const;

export type OperationId = keyof typeof operationIndex;
`;
}

/** A JSON Schema type name, as a request field may take it. */
type JsonTypeName = "string" | "integer" | "number" | "boolean" | "null" | "array" | "object";
const JSON_TYPE_NAMES: readonly string[] = ["string", "integer", "number", "boolean", "null", "array", "object"];

export interface RequestFieldEntry {
  name: string;
  types: JsonTypeName[];
  required: boolean;
  enum?: unknown[];
  default?: unknown;
  format?: string;
  example?: unknown;
  description?: string;
}

type SchemaNode = Record<string, unknown>;

/** The JSON types a property schema admits: its `type`, or the types of its oneOf/anyOf branches. */
function typesOf(schema: SchemaNode, where: string): JsonTypeName[] {
  const own = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  const branches = [...((schema.oneOf as SchemaNode[] | undefined) ?? []), ...((schema.anyOf as SchemaNode[] | undefined) ?? [])].flatMap((branch) =>
    branch.type === undefined ? [] : Array.isArray(branch.type) ? branch.type : [branch.type],
  );
  const types = [...new Set([...own, ...branches])];
  const unknown = types.filter((type) => typeof type !== "string" || !JSON_TYPE_NAMES.includes(type));
  if (types.length === 0 || unknown.length > 0) throw new PipelineError(`generated/openapi.yaml: ${where} has no JSON type the request-field index understands`);
  return types as JsonTypeName[];
}

/**
 * A schema as one object: an `allOf` of a `$ref` and further constraints (the per-model v7
 * requests) becomes the union of their properties, each property taking the later part's
 * keywords (a model's `type` or `oneOf` replaces the generic one's), and of their required lists.
 */
export function flattenedSchema(schema: SchemaNode, schemas: Record<string, SchemaNode>, seen: string[] = []): SchemaNode {
  const ref = typeof schema.$ref === "string" ? schema.$ref.replace("#/components/schemas/", "") : undefined;
  if (ref !== undefined) {
    const target = schemas[ref];
    if (!target || seen.includes(ref)) throw new PipelineError(`generated/openapi.yaml: #/components/schemas/${ref} cannot be resolved`);
    return flattenedSchema(target, schemas, [...seen, ref]);
  }
  if (!Array.isArray(schema.allOf)) return schema;
  const properties: Record<string, SchemaNode> = {};
  const required = new Set<string>();
  for (const part of [...(schema.allOf as SchemaNode[]).map((each) => flattenedSchema(each, schemas, seen)), { ...schema, allOf: undefined }]) {
    for (const name of (part.required as string[] | undefined) ?? []) required.add(name);
    for (const [name, property] of Object.entries((part.properties ?? {}) as Record<string, SchemaNode>)) {
      const before = { ...(properties[name] ?? {}) };
      if ("type" in property || "oneOf" in property || "const" in property) for (const keyword of ["type", "oneOf", "anyOf", "const", "enum", "format"]) delete before[keyword];
      properties[name] = { ...before, ...property };
    }
  }
  return { ...schema, allOf: undefined, type: "object", required: [...required], properties };
}

function fieldEntries(schema: SchemaNode, where: string): RequestFieldEntry[] {
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const properties = (schema.properties ?? {}) as Record<string, SchemaNode>;
  return Object.entries(properties)
    .filter(([name]) => name !== "key")
    .map(([name, property]) => {
      const examples = property.examples as unknown[] | undefined;
      const allowed = "const" in property ? [property.const] : Array.isArray(property.enum) ? property.enum : undefined;
      return {
        name,
        types: typesOf(property, `${where}/properties/${name}`),
        required: required.has(name),
        ...(allowed ? { enum: allowed } : {}),
        ...("default" in property ? { default: property.default } : {}),
        ...(typeof property.format === "string" ? { format: property.format } : {}),
        ...(Array.isArray(examples) && examples.length > 0 ? { example: examples[0] } : {}),
        ...(typeof property.description === "string" ? { description: property.description } : {}),
      };
    });
}

/** One known model of a submit whose request is one schema per model: its id, page and fields. */
export interface ModelFieldsEntry {
  modelId: string;
  page: string;
  /** The component schema of this model's request. */
  schema: string;
  fields: RequestFieldEntry[];
}

export interface SubmitRequestShape {
  /** The fields every request takes: the generic request (for an unknown model_id, where the request is per model). */
  fields: RequestFieldEntry[];
  /** Where the request is one schema per model (a oneOf discriminated on model_id): each known model. */
  models?: ModelFieldsEntry[];
  /** The component schema an unknown model_id is checked against. */
  otherSchema?: string;
}

/** The request body's component schema of each submit operation, and whether it is one schema per model. */
export function submitRequestShapes(document: Record<string, unknown>): Map<string, SubmitRequestShape> {
  const schemas = ((document.components as SchemaNode | undefined)?.schemas ?? {}) as Record<string, SchemaNode>;
  const paths = (document.paths ?? {}) as Record<string, Record<string, SchemaNode>>;
  const shapes = new Map<string, SubmitRequestShape>();
  for (const entry of operationEntries(document)) {
    if (entry.kind !== "submit") continue;
    const requestBody = paths[entry.path]?.[entry.method]?.requestBody as { content?: Record<string, { schema?: { $ref?: string } }> } | undefined;
    const ref = requestBody?.content?.["application/json"]?.schema?.$ref ?? "";
    const schema = schemas[ref.replace("#/components/schemas/", "")];
    if (!ref.startsWith("#/components/schemas/") || !schema)
      throw new PipelineError(`generated/openapi.yaml: ${entry.operationId} has no application/json request body referring to a component schema`);
    if (!Array.isArray(schema.oneOf) || schema["x-discriminated-on"] !== "model_id") {
      shapes.set(entry.operationId, { fields: fieldEntries(flattenedSchema(schema, schemas), ref) });
      continue;
    }
    const branches = (schema.oneOf as SchemaNode[]).map((branch) => {
      const name = String(branch.$ref ?? "").replace("#/components/schemas/", "");
      const target = schemas[name];
      if (!target) throw new PipelineError(`generated/openapi.yaml: ${ref} has a oneOf branch that is not a component schema`);
      return { name, target };
    });
    const other = branches.filter(({ target }) => typeof target["x-model-id"] !== "string");
    if (other.length !== 1) throw new PipelineError(`generated/openapi.yaml: ${ref} needs exactly one branch for the models it does not list (no x-model-id)`);
    const models = branches
      .filter(({ target }) => typeof target["x-model-id"] === "string")
      .map(({ name, target }) => ({
        modelId: target["x-model-id"] as string,
        page: String((target["x-source"] as SchemaNode | undefined)?.page ?? ""),
        schema: name,
        fields: fieldEntries(flattenedSchema(target, schemas), `#/components/schemas/${name}`),
      }));
    const fields = fieldEntries(flattenedSchema(other[0]!.target, schemas), `#/components/schemas/${other[0]!.name}`).map((field) =>
      field.name === "model_id" ? (({ enum: _none, ...rest }) => rest)(field) : field,
    );
    shapes.set(entry.operationId, { fields, models, otherSchema: other[0]!.name });
  }
  return shapes;
}

/** The fields of each submit operation's request body (the key excepted), from the final merged document. */
export function requestFieldEntries(document: Record<string, unknown>): Map<string, RequestFieldEntry[]> {
  return new Map([...submitRequestShapes(document)].map(([operationId, shape]) => [operationId, shape.fields]));
}

/**
 * generated/request-fields.ts: what each submit's request body accepts, field by field (JSON
 * types, required, enum, default, format, an example, description), for code that builds
 * requests from text (a command line, a form) without parsing the OpenAPI document.
 */
export function generateRequestFieldsModule(document: Record<string, unknown>): string {
  const shapes = submitRequestShapes(document);
  const fieldLines = (fields: RequestFieldEntry[], indent: string) => fields.map((field) => `${indent}${JSON.stringify(field)},`).join("\n");
  const entries = [...shapes].map(([operationId, shape]) => `  ${operationId}: [\n${fieldLines(shape.fields, "    ")}\n  ],`).join("\n");
  const perModel = [...shapes]
    .filter(([, shape]) => shape.models)
    .map(
      ([operationId, shape]) =>
        `  ${operationId}: [\n${shape
          .models!.map((model) => `    {\n      modelId: ${JSON.stringify(model.modelId)},\n      page: ${JSON.stringify(model.page)},\n      fields: [\n${fieldLines(model.fields, "        ")}\n      ],\n    },`)
          .join("\n")}\n  ],`,
    )
    .join("\n");
  const operationIds = [...shapes.keys()].map((id) => JSON.stringify(id)).join(" | ");
  const modelTypes = [...shapes]
    .filter(([, shape]) => shape.models)
    .map(
      ([operationId, shape]) =>
        `/** The request of each model ${operationId} knows, by model_id (the key included). */\nexport interface ${operationId}ModelRequests {\n${shape
          .models!.map((model) => `  ${JSON.stringify(model.modelId)}: components["schemas"][${JSON.stringify(model.schema)}];`)
          .join("\n")}\n}\n\n/** The request of a model_id ${operationId} does not know. */\nexport type ${operationId}OtherModelRequest = components["schemas"][${JSON.stringify(shape.otherSchema)}];\n`,
    )
    .join("\n");
  return `${GENERATED_HEADER}import type { components } from "./schema.js";

/** A JSON Schema type name. */
export type JsonTypeName = "string" | "integer" | "number" | "boolean" | "null" | "array" | "object";

/** One field of a submit request body, as the merged document declares it. */
export interface RequestFieldSpec {
  readonly name: string;
  /** The JSON types it accepts (its \`type\`, or those of its oneOf/anyOf branches). */
  readonly types: readonly JsonTypeName[];
  readonly required: boolean;
  readonly enum?: readonly unknown[];
  readonly default?: unknown;
  readonly format?: string;
  /** The first documented example. */
  readonly example?: unknown;
  readonly description?: string;
}

/** One model of a submit whose request depends on the model: its id, the page its constraints come from, its fields. */
export interface ModelFieldsSpec {
  readonly modelId: string;
  readonly page: string;
  readonly fields: readonly RequestFieldSpec[];
}

/**
 * The fields of each submit operation's request body, in document order; \`key\` is left out (the
 * client adds it). Where the request is one schema per model, these are the generic request's
 * fields, which a model_id not in \`modelFieldIndex\` is checked against.
 */
export const requestFieldIndex: Record<${operationIds}, readonly RequestFieldSpec[]> = {
${entries}
};

/** The submits whose request is one schema per model (discriminated on model_id): each known model's fields. */
export const modelFieldIndex: Partial<Record<${operationIds}, readonly ModelFieldsSpec[]>> = {
${perModel}
};

${modelTypes}`;
}
