/**
 * Pipeline step 3b: the v7 request per model. ModelsLab's v7 image-to-video endpoint serves many
 * models, and what a request may hold depends on the model (Hailuo takes a duration of "6" or
 * "10", the Kling models "5" or "10", kling-v1-6 an array of images). The models snapshot
 * (openapi/upstream/v7-models.json, manifest `models`) gives each known model's constraints as a
 * JSON Schema; this step adds to the document, after the overlays (so every correction of the
 * generic request reaches each model):
 *
 * - one component per known model, `V7Model<Name>Request`: the generic v7 request's fields (with
 *   the overlays' corrections) with the model's own constraints laid over them, `model_id` fixed
 *   to the model's id (`const`);
 * - `V7OtherModelRequest`: the generic request for every other id (the API serves more models
 *   than any snapshot knows), `model_id` none of the known ones;
 * - `V7ImageToVideoRequestByModel`: one of them, discriminated on `model_id`, which the
 *   operation's request body now refers to. Each branch fixes model_id with `const` (or excludes
 *   the known ids), so exactly one branch matches any request; `x-discriminated-on: model_id`
 *   marks it for the code generators here.
 */
import { PipelineError } from "./pipeline-error.js";
import type { Manifest, ManifestModels } from "./manifest.js";

type JsonObject = Record<string, unknown>;
const isObject = (value: unknown): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);

/** One model of the snapshot. */
export interface ModelConstraints {
  model_id: string;
  /** Where the constraints were read: the model page, or the model-search detail URL. */
  page: string;
  /** The page's example body (key placeholder included), when the snapshot records it. */
  example?: Record<string, unknown>;
  /** JSON Schema of the request fields this model takes beyond (or instead of) the generic ones. */
  parameters: { type?: "object"; required?: string[]; properties: Record<string, JsonObject> };
}

export interface ModelsSnapshot {
  endpoint: string;
  /** "model pages" (transcribed) or "model-search" (read live). */
  source: string;
  note?: string;
  /** The fields every model page documents besides key and model_id (init_image, prompt): every model takes them. */
  common: string[];
  models: ModelConstraints[];
}

export const BY_MODEL_SCHEMA = "V7ImageToVideoRequestByModel";
export const OTHER_MODEL_SCHEMA = "V7OtherModelRequest";
const GENERIC_SCHEMA = "V7ImageToVideoRequest";

/** `Hailuo-2.3-i2v` → `Hailuo23I2v`: the model id's letters and digits, each part capitalised. */
export function modelSchemaName(modelId: string): string {
  const parts = modelId.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return `V7Model${parts.map((part) => part[0]!.toUpperCase() + part.slice(1)).join("")}Request`;
}

/** Parses and checks a models snapshot (JSON text); `label` names it in errors. */
export function parseModelsSnapshot(text: string, label: string): ModelsSnapshot {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new PipelineError(`${label}: not valid JSON (${(error as Error).message})`);
  }
  if (!isObject(raw) || typeof raw.endpoint !== "string" || typeof raw.source !== "string" || !Array.isArray(raw.models) || raw.models.length === 0)
    throw new PipelineError(`${label}: expected { endpoint, source, models: [...] } with at least one model`);
  if (!Array.isArray(raw.common) || !raw.common.every((name) => typeof name === "string")) throw new PipelineError(`${label}: common must list the fields every model takes`);
  const ids = new Set<string>();
  const names = new Set<string>();
  raw.models.forEach((model: unknown, index: number) => {
    const at = `${label}: models[${index}]`;
    if (!isObject(model) || typeof model.model_id !== "string" || model.model_id === "") throw new PipelineError(`${at}: model_id must be a non-empty string`);
    if (ids.has(model.model_id)) throw new PipelineError(`${at}: model ${model.model_id} is listed twice`);
    ids.add(model.model_id);
    const name = modelSchemaName(model.model_id);
    if (names.has(name)) throw new PipelineError(`${at}: model ${model.model_id} has the same schema name as another model (${name})`);
    names.add(name);
    if (typeof model.page !== "string" || !/^https?:\/\//.test(model.page)) throw new PipelineError(`${at}: page must be the URL the constraints were read from`);
    const parameters = model.parameters;
    if (!isObject(parameters) || !isObject(parameters.properties)) throw new PipelineError(`${at}: parameters must be a JSON Schema object with properties`);
    if (parameters.required !== undefined && !(Array.isArray(parameters.required) && parameters.required.every((name) => typeof name === "string")))
      throw new PipelineError(`${at}: parameters.required must list property names`);
    if (model.example !== undefined && !(isObject(model.example) && model.example.model_id === model.model_id))
      throw new PipelineError(`${at}: example must be a request body whose model_id is ${model.model_id}`);
    for (const [field, schema] of Object.entries(parameters.properties)) {
      if (!isObject(schema)) throw new PipelineError(`${at}: parameters.properties.${field} must be a schema`);
      if (field === "model_id" || field === "key") throw new PipelineError(`${at}: parameters.properties.${field}: the model id and the key are not model constraints`);
    }
  });
  return raw as unknown as ModelsSnapshot;
}

/** The models entry of the manifest serving `endpoint`'s family v7, if any. */
export function modelsEntryOf(manifest: Manifest): ManifestModels | undefined {
  return manifest.models.find((entry) => entry.family === "v7");
}

/** Keywords that say what a value is: a model's own replace the generic property's. */
const TYPE_KEYWORDS = ["type", "oneOf", "anyOf", "const", "enum", "format", "items", "minItems", "maxItems"];

/**
 * The schema of one known model: the key, model_id fixed to the model's id (`const`), the fields
 * every model page documents (`common`), then the model's own, each laid over the generic
 * request's property of that name. A model property replaces what the generic one says its value
 * is (its type, its values) and keeps the rest (the description), so a model may also widen a
 * field (wan2.6-i2v-flash's page sends init_audio null), which an allOf could not express. A
 * field of the generic request the model's page does not document is not the model's.
 */
function modelSchema(model: ModelConstraints, common: readonly string[], generic: JsonObject, label: string): JsonObject {
  const genericProperties = isObject(generic.properties) ? generic.properties : {};
  const names = [...new Set(["key", "model_id", ...common, ...Object.keys(model.parameters.properties)])];
  const properties: JsonObject = {};
  for (const name of names) {
    const own = model.parameters.properties[name];
    const before = isObject(genericProperties[name]) ? { ...(genericProperties[name] as JsonObject) } : {};
    if (name === "model_id") {
      for (const keyword of [...TYPE_KEYWORDS, "examples"]) delete before[keyword];
      properties[name] = { ...before, type: "string", const: model.model_id };
    } else if (own) {
      // The generic property's examples and default describe the generic values, not the model's.
      if (TYPE_KEYWORDS.some((keyword) => keyword in own)) for (const keyword of [...TYPE_KEYWORDS, "examples", "default"]) delete before[keyword];
      delete before["x-source"];
      properties[name] = { ...before, ...own };
    } else if (Object.keys(before).length > 0) properties[name] = before;
    else throw new PipelineError(`${label}: ${model.model_id} takes ${name}, which neither the generic request nor the model's parameters describe`);
  }
  const required = [...new Set([...((generic.required as string[] | undefined) ?? []), "model_id", ...(model.parameters.required ?? [])])].filter((name) => name in properties);
  return {
    type: "object",
    title: model.model_id,
    description: `The v7 request for model_id ${model.model_id}: the fields its page documents (${model.page}).`,
    required,
    properties,
    ...(model.example ? { examples: [model.example] } : {}),
    "x-model-id": model.model_id,
    "x-source": { page: model.page, snapshot: label },
  };
}

/**
 * The merged document with the per-model schemas (see the module comment). The v7 submit must
 * exist and refer to the generic request; a model field the generic request lacks (kling-v1-6's
 * aspect_ratio) is that model's alone.
 */
export function withModelSchemas(merged: JsonObject, snapshot: ModelsSnapshot, label: string, submitPath: string): JsonObject {
  const components = isObject(merged.components) ? merged.components : {};
  const schemas = isObject(components.schemas) ? { ...components.schemas } : {};
  if (!isObject(schemas[GENERIC_SCHEMA])) throw new PipelineError(`${label}: the merged document has no ${GENERIC_SCHEMA} to build the per-model schemas on`);
  const paths = isObject(merged.paths) ? merged.paths : {};
  const item = paths[submitPath];
  const operation = isObject(item) ? item.post : undefined;
  const body = isObject(operation) && isObject(operation.requestBody) ? operation.requestBody : undefined;
  const json = body && isObject(body.content) ? body.content["application/json"] : undefined;
  if (!isObject(json) || !isObject(json.schema) || json.schema.$ref !== `#/components/schemas/${GENERIC_SCHEMA}`)
    throw new PipelineError(`${label}: POST ${submitPath} does not take ${GENERIC_SCHEMA} as its JSON request body`);
  const ids = snapshot.models.map((model) => model.model_id);
  const generic = schemas[GENERIC_SCHEMA] as JsonObject;
  for (const model of snapshot.models) schemas[modelSchemaName(model.model_id)] = modelSchema(model, snapshot.common, generic, label);
  schemas[OTHER_MODEL_SCHEMA] = {
    title: "another model",
    description: `The v7 request for a model_id ${label} does not list: the generic request, checked as the v7 page documents it.`,
    allOf: [{ $ref: `#/components/schemas/${GENERIC_SCHEMA}` }, { type: "object", required: ["model_id"], properties: { model_id: { type: "string", not: { enum: ids } } } }],
    "x-source": { page: snapshot.endpoint, snapshot: label },
  };
  schemas[BY_MODEL_SCHEMA] = {
    description: `The v7 image-to-video request: one schema per model known to ${label} (${snapshot.source}), chosen by model_id; any other model_id takes the generic request.`,
    oneOf: [...snapshot.models.map((model) => ({ $ref: `#/components/schemas/${modelSchemaName(model.model_id)}` })), { $ref: `#/components/schemas/${OTHER_MODEL_SCHEMA}` }],
    // Discriminated by each branch's `const` model_id. Not an OpenAPI `discriminator` object: it
    // cannot say "any other id", and tools read an unmapped value as a schema name (a generated
    // type would give the generic branch model_id: "V7OtherModelRequest").
    "x-discriminated-on": "model_id",
    "x-source": { page: snapshot.endpoint, snapshot: label },
  };
  const sorted = Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b)));
  const newJson = { ...json, schema: { $ref: `#/components/schemas/${BY_MODEL_SCHEMA}` } };
  const newOperation = { ...(operation as JsonObject), requestBody: { ...body, content: { ...(body!.content as JsonObject), "application/json": newJson } } };
  return {
    ...merged,
    paths: { ...paths, [submitPath]: { ...(item as JsonObject), post: newOperation } },
    components: { ...components, schemas: sorted },
  };
}
