/**
 * When to poll next. ModelsLab's `eta` is its estimate of the seconds left; a usable one sets the
 * pause (within the floor and ceiling). Without one (missing, not a number, zero or negative) the
 * pause grows from the floor by `backoff` per poll. Jitter spreads clients that started together;
 * a server's Retry-After/retry_after is a lower bound that no ceiling shortens.
 */

export interface PollSchedule {
  /** Shortest pause between two polls, in ms (the floor). */
  minIntervalMs: number;
  /** Longest pause between two polls, in ms (the ceiling), unless the server asks for more. */
  maxIntervalMs: number;
  /** Growth factor of the pause per poll while `eta` is unusable, and per failed poll. */
  backoff: number;
  /** Random spread of each pause, as a fraction (0.1 = ±10%). */
  jitter: number;
}

export const DEFAULT_POLL_SCHEDULE: Readonly<PollSchedule> = Object.freeze({
  minIntervalMs: 1_000,
  maxIntervalMs: 15_000,
  backoff: 1.5,
  jitter: 0.1,
});

/** What the last poll said. */
export interface PollObservation {
  /** The `eta` field as received (any type: it is checked here). */
  eta?: unknown;
  /** How long the server asked to wait (Retry-After header or `retry_after`), in ms. */
  retryAfterMs?: number | undefined;
}

/** An `eta` the schedule can rely on: a finite, positive number of seconds. */
export function usableEta(eta: unknown): number | undefined {
  return typeof eta === "number" && Number.isFinite(eta) && eta > 0 ? eta : undefined;
}

/**
 * The pause before the next poll, in ms. `streak` counts the polls in a row that gave no usable
 * eta (or failed); it sets how far the backoff has grown.
 */
export function nextPollDelay(schedule: PollSchedule, observation: PollObservation, streak: number, random: () => number = Math.random): number {
  const eta = usableEta(observation.eta);
  const base = eta !== undefined ? eta * 1000 : schedule.minIntervalMs * schedule.backoff ** Math.max(0, streak);
  const jittered = base * (1 + schedule.jitter * (2 * random() - 1));
  const bounded = Math.min(schedule.maxIntervalMs, Math.max(schedule.minIntervalMs, jittered));
  return Math.round(Math.max(bounded, observation.retryAfterMs ?? 0));
}
