/**
 * Pipeline step 3c: video answers by status. Every captured `success` answer and the webhook
 * success payload carry the video (API-FACTS.md lines 41-42), but a schema whose `status` and
 * `output` are independent properties also allows `status: success` with no output, and a mock in
 * dynamic mode answers exactly that. So each video response (the 200 answer of a submit or fetch
 * whose `status` may be `success` and which has an `output` list) becomes one branch per kind of
 * answer, after the overlays:
 *
 * - `success`: status `success`, `output` required with at least one URL;
 * - `not finished or failed`: every other status of the schema's own enum, output optional.
 *
 * The statuses come from the schema (the docs and the overlays), so a status the docs add or drop
 * reaches the branches, and a sync reports it. Whole branches rather than an if/then on the
 * status: a mock generating answers (Prism, json-schema-faker) follows a oneOf of complete
 * branches, not a condition, and keeps a shared `status` out of step with them.
 */
type JsonObject = Record<string, unknown>;
const isObject = (value: unknown): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);

/** The component names of the 200 JSON answers of every submit and fetch operation. */
function answerSchemas(document: JsonObject): Set<string> {
  const names = new Set<string>();
  const paths = isObject(document.paths) ? document.paths : {};
  for (const item of Object.values(paths)) {
    if (!isObject(item)) continue;
    for (const operation of Object.values(item)) {
      if (!isObject(operation) || typeof operation.operationId !== "string" || !/^(submit|fetch)/.test(operation.operationId)) continue;
      const responses = isObject(operation.responses) ? operation.responses : {};
      const ok = isObject(responses["200"]) ? responses["200"] : {};
      const content = isObject(ok.content) ? ok.content : {};
      const json = isObject(content["application/json"]) ? content["application/json"] : {};
      const ref = isObject(json.schema) ? json.schema.$ref : undefined;
      if (typeof ref === "string" && ref.startsWith("#/components/schemas/")) names.add(ref.slice("#/components/schemas/".length));
    }
  }
  return names;
}

/** One video response split by status (see the module comment); other schemas as they are. */
function splitByStatus(schema: JsonObject): JsonObject {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const status = properties.status;
  const output = properties.output;
  if (!isObject(status) || !Array.isArray(status.enum) || !status.enum.includes("success") || !isObject(output) || output.type !== "array" || "oneOf" in schema) return schema;
  const others = status.enum.filter((value) => value !== "success");
  const { status: _status, output: _output, ...shared } = properties;
  const { enum: _enum, ...statusRest } = status;
  return {
    ...schema,
    properties: shared,
    oneOf: [
      {
        title: "success",
        required: ["status", "output"],
        properties: {
          status: { ...statusRest, const: "success", description: "The generation is done; output lists the video" },
          output: { ...output, minItems: 1 },
        },
      },
      {
        title: "not finished or failed",
        required: ["status"],
        properties: { status: { ...statusRest, enum: others }, output },
      },
    ],
  };
}

/** The document with each video response split by status. */
export function withAnswerStates(document: JsonObject): JsonObject {
  const components = isObject(document.components) ? document.components : {};
  const schemas = isObject(components.schemas) ? components.schemas : {};
  const split = answerSchemas(document);
  return {
    ...document,
    components: {
      ...components,
      schemas: Object.fromEntries(Object.entries(schemas).map(([name, schema]) => [name, split.has(name) && isObject(schema) ? splitByStatus(schema) : schema])),
    },
  };
}
