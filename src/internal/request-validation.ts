/**
 * Client-side validation of submit bodies with the Ajv validators compiled by `npm run generate`
 * (generated/request-validators.js). The client imports this module on first use (see
 * client.ts), so one that turns validation off never loads it or the validators.
 */
import { modelFieldIndex, requestFieldIndex } from "../../generated/request-fields.js";
import {
  modelValidators,
  otherModelValidators,
  submitEnterpriseImg2Video,
  submitEnterpriseUltraImg2Video,
  submitV6Img2Video,
  submitV6Img2VideoUltra,
  submitV7ImageToVideo,
  type RequestValidationError,
  type RequestValidator,
} from "../../generated/request-validators.js";
import type { ValidationIssue } from "../core/errors.js";

export type SubmitOperationId = "submitV6Img2Video" | "submitV6Img2VideoUltra" | "submitV7ImageToVideo" | "submitEnterpriseImg2Video" | "submitEnterpriseUltraImg2Video";

/** The validator of each submit operation's request (named, not read off the module's namespace: a bundler then needs no namespace object). */
const REQUEST_VALIDATORS: Record<SubmitOperationId, RequestValidator> = {
  submitV6Img2Video,
  submitV6Img2VideoUltra,
  submitV7ImageToVideo,
  submitEnterpriseImg2Video,
  submitEnterpriseUltraImg2Video,
};

/**
 * Every violation of the operation's request schema, and every field the schema does not have (the
 * API ignores those silently: a typo would cost a billed, wrong video) unless it is one of
 * `extraFields`; none: the body is valid. `refuseInvalid` (internal/request-body.ts) makes them
 * the InvalidRequestError. (This module holds no error class, so that a web page's bundle shares
 * nothing with it but the generated field index.)
 */
export function validateRequest(operationId: SubmitOperationId, body: Record<string, unknown>, extraFields: readonly string[] = []): RequestIssues {
  // Where the request is one schema per model (v7), a known model_id is checked against its own
  // schema and fields, any other id against the generic request.
  const modelId = body.model_id;
  const model = typeof modelId === "string" ? modelFieldIndex[operationId]?.find((each) => each.modelId === modelId) : undefined;
  const validate = (model ? modelValidators[operationId]?.[model.modelId] : otherModelValidators[operationId]) ?? REQUEST_VALIDATORS[operationId];
  const issues = validate(body) ? [] : issuesOf(validate.errors ?? []);
  const known = knownFieldsOf(operationId, model);
  for (const name of Object.keys(body)) {
    if (!known.has(name) && !extraFields.includes(name))
      issues.push({
        field: name,
        rule: "additionalProperties",
        message: model
          ? `is not a field of model ${model.modelId} (its fields: ${model.fields.map((field) => field.name).join(", ")})`
          : "is not a field of this endpoint (pass it in extraFields if the API takes it and the spec does not know it yet)",
      });
  }
  return { issues, title: issues.length > 0 && model ? `Invalid request for model_id ${JSON.stringify(model.modelId)}` : undefined };
}

/** What validateRequest found: the issues (none: valid), and the error's title when they are a model's. */
export interface RequestIssues {
  issues: ValidationIssue[];
  title: string | undefined;
}

/** The fields each request (an operation's, or a model's of it) has, `key` included: made once per request kind. */
const knownFields = new Map<string, ReadonlySet<string>>();

function knownFieldsOf(operationId: SubmitOperationId, model: { modelId: string; fields: readonly { name: string }[] } | undefined): ReadonlySet<string> {
  const kind = model ? `${operationId} ${model.modelId}` : operationId;
  let known = knownFields.get(kind);
  if (!known) {
    known = new Set(["key", ...(model ? model.fields : requestFieldIndex[operationId]).map((field) => field.name)]);
    knownFields.set(kind, known);
  }
  return known;
}

function fieldOf(instancePath: string): string {
  return instancePath
    .split("/")
    .slice(1)
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .join(".");
}

/** Ajv's errors as one issue per field and rule; the branches of a oneOf/anyOf of types become one "must be X or Y". */
export function issuesOf(errors: RequestValidationError[]): ValidationIssue[] {
  const issues = new Map<string, ValidationIssue>();
  const alternatives = new Map<string, string[]>();
  for (const error of errors) {
    const params = error.params;
    if (error.keyword === "required") {
      const field = [fieldOf(error.instancePath), String(params.missingProperty)].filter(Boolean).join(".");
      issues.set(`${field} required`, { field, rule: "required", message: "is required" });
      continue;
    }
    const field = fieldOf(error.instancePath);
    if (error.keyword === "oneOf" || error.keyword === "anyOf") continue;
    if (error.keyword === "type" && /\/(oneOf|anyOf)\/\d+\//.test(error.schemaPath)) {
      alternatives.set(field, [...(alternatives.get(field) ?? []), String(params.type)]);
      continue;
    }
    const allowed = Array.isArray(params.allowedValues) ? `: ${params.allowedValues.map((value) => JSON.stringify(value)).join(", ")}` : "";
    issues.set(`${field} ${error.keyword}`, { field, rule: error.keyword, message: `${error.message ?? "is invalid"}${allowed}` });
  }
  for (const [field, types] of alternatives) issues.set(`${field} type`, { field, rule: "type", message: `must be ${types.join(" or ")}` });
  return [...issues.values()];
}
