/**
 * The SubmitEndpoint of each submit method, from the generated field index. Loaded on the first
 * `submitEndpoint` call (see submit-endpoints.ts, which loads this module), never with the client.
 */
import { operationIndex } from "../../generated/operations.js";
import { modelFieldIndex, requestFieldIndex, type JsonTypeName } from "../../generated/request-fields.js";
import { InvalidRequestError } from "../core/errors.js";
import { dataUriOf, imageMediaTypeOf, MAX_IMAGE_BYTES } from "./image-data.js";
import { SUBMIT_OPERATIONS, type SubmitEndpoint, type SubmitMethod } from "./submit-operations.js";

const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function parsedJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** `text` as a value of the first of `types` it can be, or undefined when it can be none. */
function valueOfTypes(types: readonly JsonTypeName[], text: string): { value: unknown } | undefined {
  if (types.includes("null") && text === "null") return { value: null };
  if (types.includes("boolean") && (text === "true" || text === "false")) return { value: text === "true" };
  if (types.includes("integer") && INTEGER.test(text) && Number.isSafeInteger(Number(text))) return { value: Number(text) };
  if (types.includes("number") && NUMBER.test(text)) return { value: Number(text) };
  if (types.includes("array") || types.includes("object")) {
    const json = parsedJson(text);
    if (types.includes("array") && Array.isArray(json)) return { value: json };
    if (types.includes("object") && typeof json === "object" && json !== null && !Array.isArray(json)) return { value: json };
  }
  if (types.includes("string")) return { value: text };
  return undefined;
}

export function describeEndpoint(method: SubmitMethod): SubmitEndpoint {
  const operationId = SUBMIT_OPERATIONS[method];
  const { path, family } = operationIndex[operationId];
  const fields = requestFieldIndex[operationId];
  const models = modelFieldIndex[operationId] ?? [];
  const fieldsFor = (modelId: string | undefined) => models.find((model) => model.modelId === modelId)?.fields ?? fields;
  const field = (name: string, modelId?: string) => fieldsFor(modelId).find((spec) => spec.name === name);
  // Only a schema default is a default: an example or the first allowed value is not what the API would pick.
  const candidate = field("model_id")?.default;
  const acceptsBase64Image = field("base64")?.types.includes("boolean") === true && field("init_image")?.format !== "uri";
  return {
    method,
    operationId,
    family,
    path,
    fields,
    models,
    fieldsFor,
    acceptsBase64Image,
    defaultModelId: typeof candidate === "string" ? candidate : undefined,
    fieldValue(name, text, modelId) {
      if (name === "key")
        throw new InvalidRequestError([{ field: "key", rule: "key", message: "is the API key, which the client sets from its apiKey; it is never a field value" }]);
      const spec = field(name, modelId);
      const known = models.find((model) => model.modelId === modelId);
      if (!spec)
        throw new InvalidRequestError([
          {
            field: name,
            rule: "additionalProperties",
            message: `is not a field of ${known ? `model ${known.modelId}` : method}; its fields are ${fieldsFor(modelId).map((each) => each.name).join(", ")}`,
          },
        ]);
      const typed = valueOfTypes(spec.types, text);
      if (!typed) throw new InvalidRequestError([{ field: name, rule: "type", message: `must be ${spec.types.join(" or ")}, not ${JSON.stringify(text)}` }]);
      return typed.value;
    },
    withImageData(params, bytes) {
      if (!acceptsBase64Image)
        throw new InvalidRequestError([
          {
            field: "init_image",
            rule: "format",
            message: `${method} takes init_image only as a URL (its request has no base64 flag): pass the bytes to the client method, which uploads them first, or upload them with ml.uploadImage()`,
          },
        ]);
      if (bytes.byteLength > MAX_IMAGE_BYTES)
        throw new InvalidRequestError([{ field: "init_image", rule: "maxBytes", message: `is ${bytes.byteLength.toLocaleString("en")} bytes; ModelsLab takes images of at most 5 MB (${MAX_IMAGE_BYTES.toLocaleString("en")} bytes)` }]);
      const mediaType = imageMediaTypeOf(bytes);
      if (!mediaType) throw new InvalidRequestError([{ field: "init_image", rule: "format", message: "is not a PNG, JPEG, GIF or WebP image" }]);
      return { ...params, init_image: dataUriOf(bytes, mediaType), base64: true };
    },
  };
}
