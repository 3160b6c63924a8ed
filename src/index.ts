export {
  ModelsLab,
  type ModelsLabOptions,
  type SubmitCall,
  type SubmitOptions,
  type UploadedImage,
  type UploadOptions,
  type WaitTarget,
  type WithLocalImage,
} from "./client.js";
export type {
  BatchClient,
  BatchEvent,
  BatchItem,
  BatchOptions,
  BatchProgress,
  BatchRun,
  BatchSummary,
  SettledItem,
} from "./lib/batch.js";
export { BATCH_ITEM_STATES, DEFAULT_BATCH_CONCURRENCY, type BatchItemState } from "./lib/batch-constants.js";
export { memoryJournal } from "./lib/memory-journal.js";
export type { BatchCounts, BatchFailure, BatchJournal, JournalChange, JournalItem, JournalRecord, RecoverOptions } from "./lib/batch-journal.js";
export { MAX_IMAGE_BYTES, type ImageBytes } from "./lib/image-limits.js";
export {
  AbortedError,
  APIError,
  AuthenticationError,
  ConnectionError,
  GenerationFailedError,
  InternalError,
  InvalidRequestError,
  ModelsLabError,
  RateLimitError,
  RequestTimeoutError,
  UnexpectedResponseError,
  WaitTimeoutError,
  type ResponseHeaders,
  type SubmitState,
  type UnexpectedResponseReason,
  type ValidationIssue,
} from "./core/errors.js";
export type * from "./core/api-types.js";
export { isFamily, type Family, type JobRef } from "./core/job.js";
export { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_REQUEST_TIMEOUT_MS, DEFAULT_POLL_SCHEDULE, DEFAULT_WAIT_TIMEOUT_MS, MAX_POLL_PAUSE_MS } from "./core/limits.js";
export type { Logger } from "./internal/transport.js";
export type { QueueCountOptions } from "./lib/queue-count.js";
export type { PollSchedule } from "./lib/poll-schedule.js";
export {
  isSubmitMethod,
  submitEndpoint,
  SUBMIT_METHODS,
  SUBMIT_OPERATIONS,
  type JsonTypeName,
  type RequestFieldSpec,
  type SubmitEndpoint,
  type SubmitMethod,
} from "./lib/submit-endpoints.js";
export type { WaitOptions, WaitProgress } from "./lib/wait-options.js";
export { InvalidWebhookError, parseWebhook, type WebhookFailure, type WebhookPayload, type WebhookSuccess } from "./lib/webhooks.js";
export type { ModelsLabFetchClient } from "../generated/client.js";
export { DEFAULT_BASE_URL } from "../generated/operations.js";
