/**
 * The one place that decides, for a submit that failed, whether anything was sent (`submitState`)
 * and whether the client sends it again (`resendDecision`). A submit is billed: it is sent again
 * only when the API answered HTTP 429 (not queued, so not billed) and the caller opted in with
 * `rateLimitRetries`, or when nothing was sent at all (the connection was never made) and the
 * caller opted in with `notSentRetries`. Every other failure is final.
 */
import { APIError, ConnectionError, InvalidRequestError, ModelsLabError, RateLimitError, UnexpectedResponseError, type SubmitState } from "../core/errors.js";
import { idOf, retryAfterMsOf } from "./answer.js";
import { wasNeverConnected } from "./connection-failure.js";

/**
 * How far a submit got when it failed: `before` nothing was handed to fetch; `request` the
 * request was handed to fetch and no answer came back; `answered` an answer came back (its
 * status and body are what the error was made from).
 */
export type SubmitStage = "before" | "request" | "answered";

const WORSE: Record<SubmitState, number> = { "not-sent": 0, refused: 1, "maybe-queued": 2 };

/** The state of a call made of several sends: the worst of them. */
export function worseState(a: SubmitState | undefined, b: SubmitState): SubmitState {
  return a !== undefined && WORSE[a] > WORSE[b] ? a : b;
}

function statusOf(error: unknown): number | undefined {
  return error instanceof APIError || error instanceof UnexpectedResponseError ? error.status : undefined;
}

/** What `error`, thrown at `stage` of one send of a submit, says about that send. */
export function submitStateOf(error: unknown, stage: SubmitStage): SubmitState {
  if (stage === "before" || error instanceof InvalidRequestError) return "not-sent";
  if (error instanceof ConnectionError && wasNeverConnected(error)) return "not-sent";
  const status = statusOf(error);
  if (status !== undefined && status >= 400 && status <= 499) return "refused";
  // HTTP 200 `status: "error"` without an id: the API says no and names no job.
  if (stage === "answered" && error instanceof APIError && status !== undefined && status >= 200 && status <= 299) {
    const body = error.body;
    const id = typeof body === "object" && body !== null ? idOf((body as { id?: unknown }).id) : undefined;
    if (id === undefined) return "refused";
  }
  return "maybe-queued";
}

const NOTES: Record<SubmitState, string> = {
  "not-sent": "nothing was sent (the connection was never made, or the request was refused before sending): safe to send again",
  refused: "nothing was queued (the API refused the submit), so nothing was billed; sending again makes a new job",
  "maybe-queued": "the job may have been queued and billed, so it was not sent again: check before submitting again",
};

/** What a submit state means, in the words errors and the command line use. */
export function submitStateNote(state: SubmitState): string {
  return NOTES[state];
}

/** `error` with its `submitState` set and the note saying what it means appended to its message. */
export function withSubmitState<E extends ModelsLabError>(error: E, state: SubmitState): E {
  const note = NOTES[state];
  const already = state === "not-sent" ? /nothing was sent/ : state === "refused" ? /nothing was queued/ : /may have been queued/;
  if (!already.test(error.message)) {
    // The stack is read first: V8 formats it on first read, from the message of that moment.
    const stack = error.stack;
    const before = error.message;
    error.message = `${before}; ${note}`;
    if (typeof stack === "string") error.stack = stack.includes(before) ? stack.replace(before, error.message) : stack;
  }
  Object.defineProperty(error, "submitState", { value: state, enumerable: true, writable: false, configurable: true });
  return error;
}

/** How many more sends a submit call may make, by reason. */
export interface ResendBudget {
  rateLimitRetries: number;
  notSentRetries: number;
}

/** The pause before sending a not-sent submit again: 250 ms, doubling, at most 10 s. */
function notSentPauseMs(attempt: number): number {
  return Math.min(250 * 2 ** Math.min(attempt, 10), 10_000);
}

export type ResendDecision = { again: false } | { again: true; budget: keyof ResendBudget; pauseMs: number | undefined };

/**
 * THE resend decision. Sent again only: (1) an answer with HTTP status 429, whatever its body,
 * while `rateLimitRetries` lasts (the pause: what the API asked for, when it said); (2) a send
 * that provably never left (connection never made), while `notSentRetries` lasts. Nothing else,
 * ever: not a 5xx, not a 200 with `retry_after`, not a timeout, not a dropped connection.
 */
export function resendDecision(error: unknown, state: SubmitState, budget: Readonly<ResendBudget>, attempt: number): ResendDecision {
  if (statusOf(error) === 429 && state === "refused" && budget.rateLimitRetries > 0) {
    const asked = error instanceof RateLimitError ? error.retryAfterMs : retryAfterMsOf((error as UnexpectedResponseError).headers, undefined);
    return { again: true, budget: "rateLimitRetries", pauseMs: typeof asked === "number" && Number.isFinite(asked) && asked >= 0 ? asked : undefined };
  }
  if (state === "not-sent" && error instanceof ConnectionError && wasNeverConnected(error) && budget.notSentRetries > 0)
    return { again: true, budget: "notSentRetries", pauseMs: notSentPauseMs(attempt) };
  return { again: false };
}
