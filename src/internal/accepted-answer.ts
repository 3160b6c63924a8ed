/**
 * The answer a request is used with: a JSON object, status 2xx, whose `status` is success,
 * processing or failed, and whose `output`, on a success, is a list of URLs. `acceptedAnswer` is
 * that rule, the whole of what a successful call pays for judging; every other answer is an error,
 * which ./answer.ts works out (loaded with the first answer that needs it).
 */
import type { Answer } from "./transport.js";

const BODY_START_LENGTH = 200;
export const KNOWN_STATUSES: ReadonlySet<unknown> = new Set(["success", "processing", "failed"]);

/** A response body that passed the checks: an object whose status is success, processing or failed. */
export interface VideoAnswer {
  status: "success" | "processing" | "failed";
  [field: string]: unknown;
}

export type AnswerContext = "submit" | "poll" | "upload";

/** The body of `answer` when it is one a call goes on with (see above); undefined: videoAnswerOf (./answer.ts) throws the error it amounts to. */
export function acceptedAnswer(answer: Answer): VideoAnswer | undefined {
  const { status, json } = answer;
  if (status < 200 || status >= 300 || typeof json !== "object" || json === null || Array.isArray(json)) return undefined;
  const fields = json as Record<string, unknown>;
  if (typeof fields.status !== "string" || !KNOWN_STATUSES.has(fields.status)) return undefined;
  // The one field a finished job is used for: the contract promises a list of URLs (strings).
  if (fields.status === "success" && fields.output !== undefined && !(Array.isArray(fields.output) && fields.output.every((url) => typeof url === "string"))) return undefined;
  return fields as VideoAnswer;
}

export function bodyStartOf(answer: Answer): string {
  const text = answer.text ?? JSON.stringify(answer.json) ?? "";
  return text.slice(0, BODY_START_LENGTH);
}
