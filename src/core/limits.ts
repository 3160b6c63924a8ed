/**
 * The client's defaults and limits, as the `.` entry exports them. A module of constants only, so
 * that what the entry exports from here brings none of the code that uses them into the code a
 * web page loads before its first call.
 */
import type { PollSchedule } from "../lib/poll-schedule.js";

/** Default time limit of one request, headers and body (ms). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
/** Default cap on a response body (bytes); ModelsLab's answers are a few kB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 1_048_576;

/** Default deadline of a wait (ms): 15 minutes. */
export const DEFAULT_WAIT_TIMEOUT_MS = 15 * 60_000;
/** The longest pause between two polls, whatever the schedule or the server (Retry-After) says. */
export const MAX_POLL_PAUSE_MS = 10 * 60_000;

/** The pause between polls when a wait's `schedule` does not say (see lib/poll-schedule.ts). */
export const DEFAULT_POLL_SCHEDULE: Readonly<PollSchedule> = Object.freeze({
  minIntervalMs: 1_000,
  maxIntervalMs: 15_000,
  backoff: 1.5,
  jitter: 0.1,
  ageFraction: 0.1,
  etaOverestimate: 6,
});
