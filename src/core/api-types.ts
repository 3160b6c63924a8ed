/** Friendly names for the generated request and response types, and the shapes the client returns. */
import type { submitV7ImageToVideoModelRequests, submitV7ImageToVideoOtherModelRequest } from "../../generated/request-fields.js";
import type { components } from "../../generated/schema.js";
import type { Family } from "./job.js";

type Schemas = components["schemas"];

/** `meta` is a free-form object; the generated type of an empty `type: object` is too narrow to read. */
type WithReadableMeta<R> = Omit<R, "meta"> & { meta?: Record<string, unknown> };

export type V6ImageToVideoRequest = Schemas["V6ImageToVideoRequest"];
export type V6ImageToVideoUltraRequest = Schemas["V6ImageToVideoUltraRequest"];
export type V7ImageToVideoRequest = Schemas["V7ImageToVideoRequest"];
export type EnterpriseImageToVideoRequest = Schemas["EnterpriseImageToVideoRequest"];
export type EnterpriseUltraImageToVideoRequest = Schemas["EnterpriseUltraImageToVideoRequest"];

/** The body of each family's fetch (poll) endpoint. */
export type V6FetchRequest = Schemas["V6FetchVideoRequest"];
export type V7FetchRequest = Schemas["V7FetchRequest"];
export type EnterpriseFetchRequest = Schemas["EnterpriseApiKey"];
export type EnterpriseUltraFetchRequest = Schemas["EnterpriseUltraApiKey"];

/** The body of `base64_to_url` (the client sets `key`) and its answer. */
export type UploadRequest = Schemas["GeneralBase64ToUrlRequest"];
export type UploadResponse = Schemas["GeneralBase64ToUrlResponse"];

/** What each submit method takes: the request body without `key` (the client adds it). */
export type Img2VideoParams = Omit<V6ImageToVideoRequest, "key">;
export type Img2VideoUltraParams = Omit<V6ImageToVideoUltraRequest, "key">;
/** The v7 model ids the merged document knows, each with its own request schema (see docs/v7-models.md). */
export type V7ModelId = keyof submitV7ImageToVideoModelRequests;
/** A property-by-property copy of an intersection, so `string & ("6" | "10")` reads as `"6" | "10"`. */
type Flat<T> = { [K in keyof T]: T[K] } & {};
/**
 * What \`fusionImg2video\` takes for model_id \`M\`: a known model's own request (its durations,
 * its init_image, its fields), or the generic v7 request for any other id.
 */
export type FusionImg2VideoParams<M extends string = string> = M extends V7ModelId
  ? Flat<Omit<submitV7ImageToVideoModelRequests[M], "key">>
  : Flat<Omit<submitV7ImageToVideoOtherModelRequest, "key"> & { model_id: M }>;
export type EnterpriseImg2VideoParams = Omit<EnterpriseImageToVideoRequest, "key">;
export type EnterpriseUltraImg2VideoParams = Omit<EnterpriseUltraImageToVideoRequest, "key">;

export type V6VideoResponse = WithReadableMeta<Schemas["V6VideoResponse"]>;
export type V7VideoResponse = WithReadableMeta<Schemas["V7VideoResponse"]>;
export type EnterpriseVideoResponse = WithReadableMeta<Schemas["EnterpriseVideoResponse"]>;
export type EnterpriseUltraVideoResponse = WithReadableMeta<Schemas["EnterpriseUltraVideoResponse"]>;
export type VideoResponse = V6VideoResponse | V7VideoResponse | EnterpriseVideoResponse | EnterpriseUltraVideoResponse;

/** The body of an error answer (`message`, or `messege` from legacy endpoints). */
export type V6ErrorResponse = Schemas["V6Error"];
export type V7ErrorResponse = Schemas["V7Error"];
export type EnterpriseErrorResponse = Schemas["EnterpriseError"];
export type EnterpriseUltraErrorResponse = Schemas["EnterpriseUltraError"];
export type UploadErrorResponse = Schemas["GeneralError"];
export type ErrorResponse = V6ErrorResponse | V7ErrorResponse | EnterpriseErrorResponse | EnterpriseUltraErrorResponse | UploadErrorResponse;

/** A webhook delivery as ModelsLab sends it; `parseWebhook` turns one into a `WebhookPayload`. */
export type WebhookDelivery = Schemas["WebhookPayload"];

/** The body of an HTTP 429: nothing was queued or charged; `retry_after` is in seconds. */
export type RateLimitResponse = Schemas["RateLimitError"];

/** A response whose `status` is known to be `S`. */
export type WithStatus<R, S extends string> = R & { status: S };

/** The first answer to a submit: finished at once, or queued. Errors and failures are thrown. */
export type Submitted<R extends VideoResponse = VideoResponse> = WithStatus<R, "success"> | WithStatus<R, "processing">;

/** A finished generation. */
export interface Video<R extends VideoResponse = VideoResponse> {
  id: string;
  family: Family;
  /** The video URLs. */
  output: string[];
  meta: Record<string, unknown> | undefined;
  /** Seconds ModelsLab reports it spent generating, when it says. */
  generationTime: number | undefined;
  /** Polls this wait made (0 when the submit answered `success` at once). */
  polls: number;
  /** Time from the start of the wait to the answer that said `success`, in ms. */
  elapsedMs: number;
  /** The final response as sent, API key redacted. */
  response: WithStatus<R, "success">;
}
