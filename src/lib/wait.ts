/**
 * Waiting for a queued generation: polls its family's fetch endpoint on the poll schedule until
 * `success` (done) or `failed`/`error` (thrown), retrying polls that hit a network error, a 5xx,
 * a 429 or a garbled answer. Polls are reads: retrying them costs nothing. The timeout and the
 * caller's signal both interrupt the pause between polls and the request in flight.
 *
 * The client loads this module with its first wait (its options and defaults are in
 * ./wait-options.ts, which the client carries always).
 */
import type { Video, VideoResponse, WithStatus } from "../core/api-types.js";
import {
  AbortedError,
  APIError,
  AuthenticationError,
  ConnectionError,
  GenerationFailedError,
  ModelsLabError,
  RateLimitError,
  UnexpectedResponseError,
  WaitTimeoutError,
} from "../core/errors.js";
import { FETCH_PATHS, type JobRef } from "../core/job.js";
import { linkSignals, longTimeout, sleep } from "../internal/abort.js";
import { retryAfterMsOf, videoAnswerOf, type VideoAnswer } from "../internal/answer.js";
import { publicError } from "../internal/error-boundary.js";
import { post, withKey, type Answer, type Transport } from "../internal/transport.js";
import { nextPollDelay, usableEta, type PollObservation } from "./poll-schedule.js";
import { MAX_POLL_PAUSE_MS, resolveWaitOptions, type WaitOptions } from "./wait-options.js";

export { DEFAULT_WAIT_TIMEOUT_MS, MAX_POLL_PAUSE_MS, resolveWaitOptions, type WaitOptions, type WaitProgress } from "./wait-options.js";

/** Errors after which polling again is safe and likely to help. */
export function isRetryablePollError(error: unknown): error is ModelsLabError {
  if (error instanceof ConnectionError || error instanceof RateLimitError) return true;
  if (error instanceof AuthenticationError) return false;
  if (error instanceof APIError) return error.status >= 500;
  if (error instanceof UnexpectedResponseError) return error.status >= 500 || error.reason === "invalid-json" || error.reason === "empty-body";
  return false;
}

export function videoOf<R extends VideoResponse>(job: JobRef, response: WithStatus<R, "success">, polls: number, elapsedMs: number): Video<R> {
  const { output, meta, generationTime } = response as { output?: unknown; meta?: Record<string, unknown>; generationTime?: unknown };
  return {
    id: job.id,
    family: job.family,
    output: Array.isArray(output) ? output.filter((url): url is string => typeof url === "string") : [],
    meta,
    generationTime: typeof generationTime === "number" ? generationTime : undefined,
    polls,
    elapsedMs,
    response,
  };
}

/** Reads a fetch answer; a `status: "error"` here is the generation's failure, unless it is about the key or the rate. */
function pollAnswerOf(job: JobRef, answer: Answer): VideoAnswer {
  let body: VideoAnswer;
  try {
    body = videoAnswerOf(answer, "poll");
  } catch (error) {
    if (error instanceof APIError && !(error instanceof AuthenticationError) && !(error instanceof RateLimitError) && error.status === 200)
      throw new GenerationFailedError(job.id, error.apiMessage, error.body);
    throw error;
  }
  if (body.status === "failed") {
    const message = body.message ?? body.messege;
    throw new GenerationFailedError(job.id, typeof message === "string" ? message : undefined, body);
  }
  return body;
}

/**
 * Polls until the job finishes. `first` is what the submit said (its eta sets the first pause);
 * without it (resuming from an id) the first poll goes out at once. `startedAt` is when the
 * wait began (a submit's `.wait()`: before the submit), which the deadline counts from.
 */
export async function waitForJob<R extends VideoResponse>(
  transport: Transport,
  job: JobRef,
  first: PollObservation | undefined,
  options: WaitOptions = {},
  random: () => number = Math.random,
  startedAt: number = Date.now(),
): Promise<Video<R>> {
  const { timeoutMs, schedule, maxPollRetries } = resolveWaitOptions(options);
  const started = startedAt;
  const deadlineAt = started + timeoutMs;
  const deadline = new AbortController();
  const cancelDeadline = longTimeout(deadlineAt - Date.now(), () => deadline.abort());
  const linked = linkSignals(options.signal, deadline.signal);
  const signal = linked.signal;

  /** Polls in a row without a usable eta (or failed): how far the backoff has grown. */
  let streak = 0;
  const pauseAfter = (observation: PollObservation): number => {
    const wanted = nextPollDelay(schedule, { ...observation, ageMs: Date.now() - started }, streak, random);
    streak = usableEta(observation.eta) === undefined ? streak + 1 : 0;
    // Never longer than the sane maximum, nor past the deadline (the deadline then ends the pause).
    const bounded = Math.min(Number.isNaN(wanted) ? schedule.maxIntervalMs : wanted, MAX_POLL_PAUSE_MS, Math.max(0, deadlineAt - Date.now()));
    return Math.max(0, Math.round(bounded));
  };
  let failures = 0;
  let attempt = 0;
  let eta = usableEta(first?.eta);
  let delay = first ? pauseAfter(first) : 0;
  try {
    if (signal.aborted) throw signal.reason;
    await options.onEnqueue?.(job);
    for (;;) {
      if (delay > 0) await sleep(delay, signal);
      if (signal.aborted) throw signal.reason;
      attempt += 1;
      let answer: Answer;
      let body: VideoAnswer;
      try {
        answer = await post(transport, { path: FETCH_PATHS[job.family], id: job.id, body: withKey(transport, {}), signal });
        body = pollAnswerOf(job, answer);
      } catch (error) {
        if (signal.aborted || !isRetryablePollError(error) || failures >= maxPollRetries) throw error;
        failures += 1;
        delay = pauseAfter({ retryAfterMs: error instanceof RateLimitError ? error.retryAfterMs : undefined });
        // The error goes to the caller's callback: through the boundary's redaction first, as if thrown.
        options.onProgress?.({ job, status: "retrying", eta, attempt, elapsedMs: Date.now() - started, nextPollInMs: delay, error: publicError(error, transport.redactor) as ModelsLabError });
        continue;
      }
      failures = 0;
      if (body.status === "success") return videoOf(job, body as unknown as WithStatus<R, "success">, attempt, Date.now() - started);
      eta = usableEta(body.eta);
      delay = pauseAfter({ eta: body.eta, retryAfterMs: retryAfterMsOf(answer.headers, body) });
      options.onProgress?.({ job, status: "processing", eta, attempt, elapsedMs: Date.now() - started, nextPollInMs: delay });
    }
  } catch (error) {
    if (options.signal?.aborted) throw new AbortedError(job, options.signal.reason);
    if (deadline.signal.aborted) throw new WaitTimeoutError(job, Date.now() - started);
    throw error;
  } finally {
    cancelDeadline();
    linked.release();
  }
}

/**
 * A wait from what `wait` was given, once its options are read and its job known: a submit's
 * answer that is already a success is the video at once (after `onEnqueue`); any other answer's
 * eta sets the first pause; a JobRef or an id polls at once.
 */
export async function waitFor<R extends VideoResponse>(transport: Transport, job: JobRef, target: unknown, options: WaitOptions, startedAt: number): Promise<Video<R>> {
  const answer = typeof target === "object" && target !== null && "status" in target ? (target as { status: unknown; eta?: unknown }) : undefined;
  if (answer?.status === "success") {
    await options.onEnqueue?.(job);
    return videoOf(job, answer as unknown as WithStatus<R, "success">, 0, Date.now() - startedAt);
  }
  return waitForJob<R>(transport, job, answer ? { eta: answer.eta } : undefined, options, Math.random, startedAt);
}
