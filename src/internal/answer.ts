/**
 * Judging an answer: a usable video response (./accepted-answer.ts says which), or the typed error
 * it amounts to.
 */
import { APIError, AuthenticationError, RateLimitError, UnexpectedResponseError, type ResponseHeaders } from "../core/errors.js";
import { acceptedAnswer, bodyStartOf, KNOWN_STATUSES, type AnswerContext, type VideoAnswer } from "./accepted-answer.js";
import type { Answer } from "./transport.js";

export { bodyStartOf, type AnswerContext, type VideoAnswer } from "./accepted-answer.js";
export { idOf } from "../core/job.js";

/** ModelsLab reports a bad key as HTTP 200 `status: "error"` on some endpoints; these messages mean the key. */
const KEY_PROBLEM = /\b(api[ _-]?key|unauthori[sz]ed|not authori[sz]ed)\b/i;

function apiMessageOf(body: Record<string, unknown>): string | undefined {
  const message = body.message ?? body.messege;
  return typeof message === "string" ? message : undefined;
}

/** Retry-After (seconds or an HTTP date) or the body's `retry_after` (seconds), in ms. */
export function retryAfterMsOf(headers: ResponseHeaders, body: unknown): number | undefined {
  const header = headers["retry-after"];
  if (header) {
    const seconds = Number(header);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const date = Date.parse(header);
    if (!Number.isNaN(date)) return Math.max(0, date - Date.now());
  }
  const field = typeof body === "object" && body !== null ? (body as Record<string, unknown>).retry_after : undefined;
  return typeof field === "number" && Number.isFinite(field) && field >= 0 ? field * 1000 : undefined;
}

/** Throws the typed error an answer amounts to, or returns its body. */
export function videoAnswerOf(answer: Answer, context: AnswerContext): VideoAnswer {
  const accepted = acceptedAnswer(answer);
  if (accepted) return accepted;
  const { status } = answer;
  if (answer.json === undefined) {
    const { headers } = answer;
    const text = answer.text ?? "";
    const reason = answer.tooDeep
      ? "too-deep"
      : /^\s*</.test(text) || /html/i.test(headers["content-type"] ?? "")
        ? "html"
        : text.trim() === ""
          ? "empty-body"
          : "invalid-json";
    const detail = { "too-deep": "JSON nested deeper than the client reads", html: "an HTML page", "empty-body": "an empty body", "invalid-json": "a body that is not valid JSON" }[reason];
    throw new UnexpectedResponseError(status, reason, bodyStartOf(answer), detail, headers);
  }
  const body = answer.json;
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw new UnexpectedResponseError(status, "not-an-object", bodyStartOf(answer), "JSON that is not an object", answer.headers);
  // The headers (made into a redacted record when first read) go only into an error.
  const fields = body as Record<string, unknown>;
  const apiMessage = apiMessageOf(fields);
  if (status === 429 || (fields.status === "error" && fields.retry_after !== undefined))
    throw new RateLimitError(status, apiMessage, fields, retryAfterMsOf(answer.headers, fields), answer.headers);
  if (status === 401 || status === 403 || (fields.status === "error" && apiMessage && KEY_PROBLEM.test(apiMessage)))
    throw new AuthenticationError(status, apiMessage, fields, undefined, answer.headers);
  if (status >= 300 || status < 200 || fields.status === "error")
    throw new APIError(status, apiMessage, fields, `ModelsLab answered HTTP ${status}${apiMessage ? `: ${apiMessage}` : ""}`, answer.headers);
  if (typeof fields.status !== "string" || !KNOWN_STATUSES.has(fields.status))
    throw new UnexpectedResponseError(status, "unknown-status", bodyStartOf(answer), `status ${JSON.stringify(fields.status)?.slice(0, 80) ?? "missing"}`, answer.headers);
  // The one field a finished job is used for: the contract promises a list of URLs (strings).
  if (fields.status === "success" && fields.output !== undefined && !(Array.isArray(fields.output) && fields.output.every((url) => typeof url === "string")))
    throw new UnexpectedResponseError(status, "bad-output", bodyStartOf(answer), "a success whose output is not a list of URLs", answer.headers);
  return fields as VideoAnswer;
}

