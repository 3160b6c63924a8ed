/**
 * The submit methods and what describes each one's request: the names, the operation each sends,
 * and the SubmitEndpoint shape. Shared by submit-endpoints.ts (the lazy loader) and
 * request-fields.ts (what it loads), so neither imports the other.
 */
import type { JsonTypeName, ModelFieldsSpec, RequestFieldSpec } from "../../generated/request-fields.js";
import type { Family } from "../core/job.js";
import type { SubmitOperationId } from "../internal/request-validation.js";

export type { JsonTypeName, ModelFieldsSpec, RequestFieldSpec };

/** The client's submit methods, by name. */
export type SubmitMethod = "img2video" | "img2videoUltra" | "fusionImg2video" | "enterpriseImg2video" | "enterpriseImg2videoUltra";

/** The operation of the merged document each submit method sends. */
export const SUBMIT_OPERATIONS = {
  img2video: "submitV6Img2Video",
  img2videoUltra: "submitV6Img2VideoUltra",
  fusionImg2video: "submitV7ImageToVideo",
  enterpriseImg2video: "submitEnterpriseImg2Video",
  enterpriseImg2videoUltra: "submitEnterpriseUltraImg2Video",
} as const satisfies Record<SubmitMethod, SubmitOperationId>;

export const SUBMIT_METHODS = Object.keys(SUBMIT_OPERATIONS) as SubmitMethod[];

export function isSubmitMethod(value: unknown): value is SubmitMethod {
  return typeof value === "string" && Object.hasOwn(SUBMIT_OPERATIONS, value);
}

export interface SubmitEndpoint {
  method: SubmitMethod;
  operationId: SubmitOperationId;
  family: Family;
  /** `POST` path, relative to the base URL. */
  path: string;
  /**
   * The request body's fields in document order, without `key` (the client adds it). Where the
   * request is one schema per model (v7), the generic request's: what an unknown model_id takes.
   */
  fields: readonly RequestFieldSpec[];
  /** Where the request is one schema per model (v7): each model the merged document knows, with its fields. Empty elsewhere. */
  models: readonly ModelFieldsSpec[];
  /** The fields `model_id` takes: its model's own where it is a known model, else `fields`. */
  fieldsFor(modelId: string | undefined): readonly RequestFieldSpec[];
  /**
   * Whether `init_image` may be the image itself, base64-encoded: the request has a boolean
   * `base64` flag and does not require `init_image` to be a URI.
   */
  acceptsBase64Image: boolean;
  /** `model_id`'s schema default; undefined where it has none (then a model must be chosen). */
  defaultModelId: string | undefined;
  /**
   * A field's value from text, typed as the request schema declares the field: `"81"` becomes 81
   * for an integer field and stays `"81"` for a string one; `true`/`false` become booleans, `null`
   * becomes null where the field allows it, arrays and objects are read as JSON. Throws
   * InvalidRequestError for a field the request does not have, for `key` (the client sets it), and
   * for text that is none of the field's types. Enums, limits and formats are left to validation.
   * With `modelId` a known model's fields are the ones read (kling-v1-6's init_image is an array).
   */
  fieldValue(name: string, text: string, modelId?: string): unknown;
  /**
   * `params` with the image itself as `init_image` (a `data:<type>;base64,` URI) and `base64: true`.
   * Throws InvalidRequestError, before anything is sent, when the endpoint takes `init_image` only
   * as a URL, or when the bytes are not a PNG, JPEG, GIF or WebP image.
   */
  withImageData<P extends object>(params: P, bytes: Uint8Array): P & { init_image: string; base64: true };
}
