/**
 * Every error the client throws is a ModelsLabError; each kind a caller may handle differently
 * has its own subclass. No error ever holds the API key: response bodies are redacted before
 * they reach an error, and request bodies never do.
 */
import type { JobRef } from "./job.js";

/**
 * Whether a failed submit may have cost money, set on every error a submit call throws
 * (undefined on errors that do not come from a submit):
 *
 * - `"not-sent"`: nothing was sent. The connection was never made (DNS failure, connection
 *   refused, TLS handshake failure, connect timeout) or the request was refused before sending
 *   (invalid input or options, an abort before sending, a failed upload before the submit).
 *   Safe to send again; `notSentRetries` does it for you.
 * - `"refused"`: the API answered the submit with an error that queues nothing (HTTP 429 or
 *   another 4xx, or an HTTP 200 `status: "error"` without an id). Nothing was billed; sending
 *   again is a new job.
 * - `"maybe-queued"`: the request may have reached the API and been queued (and billed): a
 *   timeout or a dropped connection after sending, a 5xx, a redirect, an answer that cannot be
 *   read. Never sent again by the client: check before submitting again.
 */
export type SubmitState = "not-sent" | "refused" | "maybe-queued";

export class ModelsLabError extends Error {
  override name = "ModelsLabError";
  /** Set on every error a submit call throws: was anything sent, and may it have been queued (see SubmitState). */
  declare readonly submitState: SubmitState | undefined;
}

/** Something failed inside the client itself (a bug): please report it. Its `cause` is a redacted copy of what was thrown. */
export class InternalError extends ModelsLabError {
  override name = "InternalError";
}

/** Response headers as a plain object (lower-case names, API key redacted). */
export type ResponseHeaders = Record<string, string>;

/** The id a server or proxy gave the request, from the first of these headers that is present. */
const REQUEST_ID_HEADERS = ["x-request-id", "request-id", "x-amzn-requestid", "cf-ray"];

function requestIdOf(headers: ResponseHeaders): string | undefined {
  for (const name of REQUEST_ID_HEADERS) if (headers[name]) return headers[name];
  return undefined;
}

/** ModelsLab answered with an error: an HTTP error status, or HTTP 200 with `status: "error"`. */
export class APIError extends ModelsLabError {
  override name = "APIError";
  /** The request's id from the response headers (`x-request-id`, `request-id`, `cf-ray`...), when there is one. */
  readonly requestId: string | undefined;
  constructor(
    /** The HTTP status code (200 when the error came as `status: "error"` in a 200 answer). */
    readonly status: number,
    /** ModelsLab's own explanation, from `message` (or the legacy spelling `messege`). */
    readonly apiMessage: string | undefined,
    /** The parsed response body, API key redacted. */
    readonly body: unknown,
    message = `ModelsLab answered HTTP ${status}${apiMessage ? `: ${apiMessage}` : ""}`,
    /** The response headers, API key redacted. */
    readonly headers: ResponseHeaders = {},
  ) {
    super(message);
    this.requestId = requestIdOf(headers);
  }
}

/** The API key is missing, wrong, or not allowed to do this (HTTP 401/403, or an error about the key). */
export class AuthenticationError extends APIError {
  override name = "AuthenticationError";
}

/** Too many queued requests (HTTP 429). Nothing was queued, so nothing was billed. */
export class RateLimitError extends APIError {
  override name = "RateLimitError";
  constructor(
    status: number,
    apiMessage: string | undefined,
    body: unknown,
    /** How long ModelsLab asked to wait (Retry-After header or `retry_after`), if it said. */
    readonly retryAfterMs: number | undefined,
    headers: ResponseHeaders = {},
  ) {
    super(status, apiMessage, body, undefined, headers);
  }
}

/** One violation of the request schema: which field, which rule, and what it means. */
export interface ValidationIssue {
  /** The field's path in the request body (`num_frames`, `init_image`); empty for the body itself. */
  field: string;
  /** The JSON Schema keyword that failed (`maximum`, `enum`, `required`, `type`, `format`...). */
  rule: string;
  message: string;
}

/** The request was rejected before anything was sent. */
export class InvalidRequestError extends ModelsLabError {
  override name = "InvalidRequestError";
  constructor(
    readonly issues: ValidationIssue[],
    what = "Invalid request",
  ) {
    super(`${what}; nothing was sent:\n${issues.map((issue) => `  - ${issue.field || "(body)"}: ${issue.message} (${issue.rule})`).join("\n")}`);
  }
}

/** The generation ended with `status: "failed"` or `"error"`. */
export class GenerationFailedError extends ModelsLabError {
  override name = "GenerationFailedError";
  constructor(
    readonly id: string | undefined,
    readonly apiMessage: string | undefined,
    /** The response that reported the failure, API key redacted. */
    readonly response: unknown,
  ) {
    super(`Generation ${id ?? "(no id)"} failed${apiMessage ? `: ${apiMessage}` : ""}`);
  }
}

/** `timeoutMs` passed before the generation finished. It may still finish: resume with `wait(error.job)`. */
export class WaitTimeoutError extends ModelsLabError {
  override name = "WaitTimeoutError";
  constructor(
    readonly job: JobRef,
    readonly elapsedMs: number,
  ) {
    super(`Generation ${job.id} was not finished after ${Math.round(elapsedMs)} ms; resume with wait("${job.id}", { family: "${job.family}" }) or POST ${job.fetchUrl}`);
  }
}

/** The caller's AbortSignal fired. A queued generation keeps running upstream: `job` says which. */
export class AbortedError extends ModelsLabError {
  override name = "AbortedError";
  constructor(
    readonly job: JobRef | undefined,
    readonly reason: unknown,
  ) {
    super(job ? `Stopped waiting for generation ${job.id}; it keeps running upstream (resume with wait("${job.id}", { family: "${job.family}" }))` : "Request aborted");
  }
}

/** The request did not get an answer: DNS, refused or dropped connection, or no answer in time. */
export class ConnectionError extends ModelsLabError {
  override name = "ConnectionError";
}

/** No whole answer within the request's time limit (`timeoutMs`); the request was cancelled. */
export class RequestTimeoutError extends ConnectionError {
  override name = "RequestTimeoutError";
  constructor(
    message: string,
    /** The limit that passed, in ms. */
    readonly timeoutMs: number,
  ) {
    super(message);
  }
}

/**
 * Why an answer was refused: an HTML page, JSON that does not parse, is not an object or nests
 * deeper than the client reads, an empty body, a status outside the contract, no id, an id that
 * could change the poll's path (`.`, `..`, empty, slashes, control characters), a success whose
 * output is not a list of URLs, a redirect
 * (never followed), a body over the size cap, or an upload's answer without a URL.
 */
export type UnexpectedResponseReason =
  | "html"
  | "invalid-json"
  | "not-an-object"
  | "too-deep"
  | "empty-body"
  | "unknown-status"
  | "missing-id"
  | "invalid-id"
  | "bad-output"
  | "redirect"
  | "too-large"
  | "missing-output";

/** An answer the API contract does not allow: an HTML page, cut JSON, an unknown status... */
export class UnexpectedResponseError extends ModelsLabError {
  override name = "UnexpectedResponseError";
  constructor(
    readonly status: number,
    readonly reason: UnexpectedResponseReason,
    /** The first characters of the body, API key redacted. */
    readonly bodyStart: string,
    detail: string,
    /** The response headers, API key redacted. */
    readonly headers: ResponseHeaders = {},
  ) {
    super(`Unexpected response (HTTP ${status}, ${detail})${bodyStart ? `: ${JSON.stringify(bodyStart)}` : ""}`);
  }
}
