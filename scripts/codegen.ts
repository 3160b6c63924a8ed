/**
 * Pipeline step 4: code from the final merged document.
 * - generated/schema.d.ts: openapi-typescript's `paths`/`components`/`operations` types. Request
 *   properties that have a `default` stay optional (defaultNonNullable off): the API fills them.
 * - generated/client.ts: a typed openapi-fetch client for the merged paths, and an index of the
 *   operations (method, path, family, submit or fetch) that the hand-written layer builds on.
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
  const ast = await openapiTS(document as unknown as Parameters<typeof openapiTS>[0], {
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
  kind: "submit" | "fetch" | "upload" | "account";
}

/** Every operation of the merged document; each needs an operationId starting submit, fetch, upload or account. */
export function operationEntries(document: Record<string, unknown>): OperationEntry[] {
  const entries: OperationEntry[] = [];
  const paths = (document.paths ?? {}) as Record<string, Record<string, Record<string, unknown>>>;
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (typeof operation !== "object" || operation === null || !("responses" in operation)) continue;
      const { operationId, "x-family": family } = operation as { operationId?: unknown; "x-family"?: unknown };
      if (typeof operationId !== "string") throw new PipelineError(`generated/openapi.yaml: ${method.toUpperCase()} ${path} has no operationId`);
      const kind = (["submit", "fetch", "upload", "account"] as const).find((prefix) => operationId.startsWith(prefix));
      if (!kind) throw new PipelineError(`generated/openapi.yaml: operationId ${operationId} must start with "submit", "fetch", "upload" or "account"`);
      entries.push({ operationId, method, path, family: String(family), kind });
    }
  }
  return entries;
}

export function generateClientModule(document: Record<string, unknown>): string {
  const entries = operationEntries(document);
  const index = entries
    .map(
      (e) =>
        `  ${e.operationId}: { method: ${JSON.stringify(e.method)}, path: ${JSON.stringify(e.path)}, family: ${JSON.stringify(e.family)}, kind: ${JSON.stringify(e.kind)} },`,
    )
    .join("\n");
  return `${GENERATED_HEADER}import createClient, { type Client, type ClientOptions } from "openapi-fetch";
import type { paths } from "./schema.js";

export type { components, operations, paths } from "./schema.js";

/** The server every path of the merged document is relative to. */
export const DEFAULT_BASE_URL = ${JSON.stringify(MERGED_SERVER_URL)};

/** A typed openapi-fetch client over every path of the merged document. */
export type ModelsLabFetchClient = Client<paths>;

export function createModelsLabFetchClient(options: ClientOptions = {}): ModelsLabFetchClient {
  return createClient<paths>({ baseUrl: DEFAULT_BASE_URL, ...options });
}

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

/** The fields of each submit operation's request body (the key excepted), from the final merged document. */
export function requestFieldEntries(document: Record<string, unknown>): Map<string, RequestFieldEntry[]> {
  const schemas = ((document.components as SchemaNode | undefined)?.schemas ?? {}) as Record<string, SchemaNode>;
  const paths = (document.paths ?? {}) as Record<string, Record<string, SchemaNode>>;
  const fields = new Map<string, RequestFieldEntry[]>();
  for (const entry of operationEntries(document)) {
    if (entry.kind !== "submit") continue;
    const requestBody = paths[entry.path]?.[entry.method]?.requestBody as { content?: Record<string, { schema?: { $ref?: string } }> } | undefined;
    const ref = requestBody?.content?.["application/json"]?.schema?.$ref ?? "";
    const schema = schemas[ref.replace("#/components/schemas/", "")];
    if (!ref.startsWith("#/components/schemas/") || !schema)
      throw new PipelineError(`generated/openapi.yaml: ${entry.operationId} has no application/json request body referring to a component schema`);
    const required = new Set((schema.required as string[] | undefined) ?? []);
    const properties = (schema.properties ?? {}) as Record<string, SchemaNode>;
    fields.set(
      entry.operationId,
      Object.entries(properties)
        .filter(([name]) => name !== "key")
        .map(([name, property]) => {
          const examples = property.examples as unknown[] | undefined;
          return {
            name,
            types: typesOf(property, `${ref}/properties/${name}`),
            required: required.has(name),
            ...(Array.isArray(property.enum) ? { enum: property.enum } : {}),
            ...("default" in property ? { default: property.default } : {}),
            ...(typeof property.format === "string" ? { format: property.format } : {}),
            ...(Array.isArray(examples) && examples.length > 0 ? { example: examples[0] } : {}),
            ...(typeof property.description === "string" ? { description: property.description } : {}),
          };
        }),
    );
  }
  return fields;
}

/**
 * generated/request-fields.ts: what each submit's request body accepts, field by field (JSON
 * types, required, enum, default, format, an example, description), for code that builds
 * requests from text (a command line, a form) without parsing the OpenAPI document.
 */
export function generateRequestFieldsModule(document: Record<string, unknown>): string {
  const entries = [...requestFieldEntries(document)]
    .map(([operationId, fields]) => `  ${operationId}: [\n${fields.map((field) => `    ${JSON.stringify(field)},`).join("\n")}\n  ],`)
    .join("\n");
  return `${GENERATED_HEADER}
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

/** The fields of each submit operation's request body, in document order; \`key\` is left out (the client adds it). */
export const requestFieldIndex: Record<${[...requestFieldEntries(document).keys()].map((id) => JSON.stringify(id)).join(" | ")}, readonly RequestFieldSpec[]> = {
${entries}
};
`;
}
