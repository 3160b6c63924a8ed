/**
 * Pipeline step 6: the JSON Schema of every operation's request body, as the final merged
 * document declares it (descriptions, enums, defaults, limits, formats, examples), with `key`
 * left out (whoever sends the request adds it) and the `x-` extensions (sources) dropped:
 * generated/request-schemas.ts. What builds requests from outside the code reads it: the MCP
 * server's tool input schemas, the proxy's checks of fetch and upload bodies.
 */
import { GENERATED_HEADER, operationEntries } from "./codegen.js";
import { PipelineError } from "./pipeline-error.js";

/** A copy of a schema without `x-` extensions (a property named `x-…` is kept: `properties` maps names). */
function withoutExtensions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutExtensions);
  if (typeof value !== "object" || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (key.startsWith("x-")) continue;
    copy[key] =
      key === "properties" && typeof child === "object" && child !== null
        ? Object.fromEntries(Object.entries(child).map(([name, schema]) => [name, withoutExtensions(schema)]))
        : withoutExtensions(child);
  }
  return copy;
}

/** Replaces each `$ref` to a component schema with a copy of it (request schemas nest no cycles). */
function dereferenced(value: unknown, schemas: Record<string, unknown>, trail: string[] = []): unknown {
  if (Array.isArray(value)) return value.map((each) => dereferenced(each, schemas, trail));
  if (typeof value !== "object" || value === null) return value;
  const ref = (value as { $ref?: unknown }).$ref;
  if (typeof ref === "string") {
    const name = ref.replace(/^#\/components\/schemas\//, "");
    if (name === ref || !(name in schemas) || trail.includes(name)) throw new PipelineError(`generated/openapi.yaml: request schema $ref ${ref} cannot be inlined`);
    return dereferenced(schemas[name], schemas, [...trail, name]);
  }
  return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, dereferenced(child, schemas, trail)]));
}

type ObjectSchema = { type?: unknown; properties?: Record<string, unknown>; required?: unknown; [keyword: string]: unknown };

/** An object schema as one: the parts of an `allOf` merged (properties, later parts' winning; required lists joined). */
function asOneObject(schema: ObjectSchema): ObjectSchema {
  if (!Array.isArray(schema.allOf)) return schema;
  const parts = (schema.allOf as ObjectSchema[]).map(asOneObject);
  const { allOf: _allOf, ...rest } = schema;
  return {
    ...Object.assign({}, ...parts.map(({ properties: _p, required: _r, ...keywords }) => keywords)),
    ...rest,
    type: "object",
    properties: Object.assign({}, ...parts.map((part) => part.properties ?? {})),
    required: [...new Set(parts.flatMap((part) => (Array.isArray(part.required) ? (part.required as string[]) : [])))],
  };
}

/**
 * A request that is one schema per model (the v7 `oneOf` on model_id) as one object schema: every
 * field any branch has (the generic request's first), required what every branch requires, and
 * the branches kept as its `oneOf`, so a validator still checks each model's own values.
 */
function perModelAsObject(body: ObjectSchema): ObjectSchema {
  if (body.type !== undefined || !Array.isArray(body.oneOf)) return body;
  const branches = (body.oneOf as ObjectSchema[]).map(asOneObject);
  const ordered = [...branches].reverse();
  const properties = Object.assign({}, ...ordered.map((branch) => branch.properties ?? {}));
  const requiredOf = (branch: ObjectSchema) => (Array.isArray(branch.required) ? (branch.required as string[]) : []);
  const required = requiredOf(branches[0]!).filter((name) => branches.every((branch) => requiredOf(branch).includes(name)));
  const { oneOf: _oneOf, ...rest } = body;
  return {
    ...rest,
    type: "object",
    properties,
    required,
    oneOf: branches.map(({ properties: own, required: needs, examples: _examples, ...keywords }) => {
      const { key: _key, ...fields } = own ?? {};
      return { ...keywords, properties: fields, required: (Array.isArray(needs) ? (needs as string[]) : []).filter((name) => name !== "key") };
    }),
  };
}

/** Each operation's request body schema without `key`, keyed by operationId, in document order. */
export function requestSchemaEntries(document: Record<string, unknown>): Map<string, Record<string, unknown>> {
  const paths = document.paths as Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: unknown }> } }>>;
  const schemas = ((document.components as { schemas?: Record<string, unknown> } | undefined)?.schemas ?? {}) as Record<string, unknown>;
  const entries = new Map<string, Record<string, unknown>>();
  for (const entry of operationEntries(document)) {
    // A GET (model search) sends no body: it has no request schema.
    if (entry.method === "get") continue;
    const schema = paths[entry.path]?.[entry.method]?.requestBody?.content?.["application/json"]?.schema;
    if (schema === undefined) throw new PipelineError(`generated/openapi.yaml: ${entry.operationId} has no application/json request body`);
    const body = perModelAsObject(withoutExtensions(dereferenced(schema, schemas)) as ObjectSchema);
    if (body.type !== "object" || typeof body.properties !== "object") throw new PipelineError(`generated/openapi.yaml: the request body of ${entry.operationId} is not an object schema with properties`);
    const { key: _key, ...properties } = body.properties as Record<string, unknown>;
    const required = Array.isArray(body.required) ? body.required.filter((name) => name !== "key") : [];
    const { required: _required, properties: _properties, ...rest } = body;
    entries.set(entry.operationId, { ...rest, properties, ...(required.length > 0 ? { required } : {}) });
  }
  return entries;
}

export function generateRequestSchemasModule(document: Record<string, unknown>): string {
  const entries = requestSchemaEntries(document);
  const ids = [...entries.keys()].map((id) => JSON.stringify(id)).join(" | ");
  return `${GENERATED_HEADER}
/** A JSON Schema (2020-12, as OpenAPI 3.1 writes it) of a request body. */
export interface RequestBodySchema {
  readonly type: "object";
  readonly properties: { readonly [name: string]: { readonly [keyword: string]: unknown } };
  readonly required?: readonly string[];
  readonly [keyword: string]: unknown;
}

/**
 * Each operation's request body, as the merged document declares it, without \`key\` (whoever
 * sends the request adds it) and without the \`x-\` extensions.
 */
export const requestSchemas: Record<${ids}, RequestBodySchema> = {
${[...entries].map(([id, schema]) => `  ${id}: ${JSON.stringify(schema)},`).join("\n")}
};
`;
}
