/**
 * What a wait takes, with its defaults: read through the options schema (internal/options.ts).
 * Small, so the client carries it always and checks a `.wait()`'s options before the submit is
 * sent; the polling itself (./wait.ts) loads with the first wait.
 */
import type { JobRef } from "../core/job.js";
import type { ModelsLabError } from "../core/errors.js";
import { WAIT_OPTIONS } from "../internal/call-options.js";
import { readOptions, SCHEDULE_OPTIONS } from "../internal/options.js";
import { DEFAULT_POLL_SCHEDULE, DEFAULT_WAIT_TIMEOUT_MS } from "../core/limits.js";
import type { PollSchedule } from "./poll-schedule.js";

export { DEFAULT_WAIT_TIMEOUT_MS, MAX_POLL_PAUSE_MS } from "../core/limits.js";

export interface WaitProgress {
  job: JobRef;
  /** `processing`: the last poll said so; `retrying`: the last poll failed and will be repeated. */
  status: "processing" | "retrying";
  /** The last usable `eta`, in seconds. */
  eta: number | undefined;
  /** Polls made so far. */
  attempt: number;
  elapsedMs: number;
  /** The pause before the next poll, in ms. */
  nextPollInMs: number;
  /** Why the last poll failed (status `retrying`). */
  error?: ModelsLabError;
}

export interface WaitOptions {
  /**
   * Give up after this long (ms), throwing WaitTimeoutError; the job may still finish. Default 15
   * minutes. A finite number above 0, or `Infinity` for no deadline. On a submit's `.wait()` it
   * bounds the submit too.
   */
  timeoutMs?: number;
  /** Stops waiting (and the request in flight) at once, throwing AbortedError. The job keeps running upstream. */
  signal?: AbortSignal;
  /** Receives the job before the first pause: persist it to resume after a crash with `wait(job)`. */
  onEnqueue?: (job: JobRef) => void | Promise<void>;
  /** Called after each poll that did not finish the wait. */
  onProgress?: (progress: WaitProgress) => void;
  /** Floor, ceiling, backoff and jitter of the pause between polls. */
  schedule?: Partial<PollSchedule>;
  /** Failed polls in a row tolerated before the last error is thrown. Default 6. */
  maxPollRetries?: number;
}

const DEFAULT_MAX_POLL_RETRIES = 6;

/**
 * The options of a wait with their defaults, each checked by the options schema
 * (internal/options.ts); an InvalidRequestError names every bad one.
 */
export function resolveWaitOptions(options: WaitOptions): { timeoutMs: number; schedule: PollSchedule; maxPollRetries: number } {
  const read = readOptions(WAIT_OPTIONS, options);
  const schedule = { ...DEFAULT_POLL_SCHEDULE, ...readOptions(SCHEDULE_OPTIONS, read.schedule, "schedule.") };
  return { timeoutMs: read.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS, schedule, maxPollRetries: read.maxPollRetries ?? DEFAULT_MAX_POLL_RETRIES };
}
