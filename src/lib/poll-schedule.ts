/**
 * When to poll next. ModelsLab's `eta` is its estimate of the seconds left; a usable one sets the
 * pause (within the floor and ceiling). Without one (missing, not a number, zero or negative) the
 * pause grows from the floor by `backoff` per poll. Jitter spreads clients that started together;
 * a server's Retry-After/retry_after is a lower bound that no ceiling shortens.
 *
 * An eta can be wrong, and one too high would make the client notice a finished job late. So when
 * the job's age is known the pause is also bounded by it: at most `ageFraction` of the time since
 * the submit, plus the time left even if the eta is `etaOverestimate` times too high. A job that
 * finishes early is then noticed at most about `ageFraction` of its length late (plus jitter),
 * whatever its eta said; an accurate eta costs a few more polls, spread over the job's length.
 * Jitter only lengthens a pause: no poll goes out before the eta (or the bound) says.
 */

export interface PollSchedule {
  /** Shortest pause between two polls, in ms (the floor). */
  minIntervalMs: number;
  /** Longest pause between two polls, in ms (the ceiling), unless the server asks for more. */
  maxIntervalMs: number;
  /** Growth factor of the pause per poll while `eta` is unusable, and per failed poll. */
  backoff: number;
  /** Random lengthening of each pause, as a fraction (0.1 = up to 10% longer). */
  jitter: number;
  /** Bound on the pause as a fraction of the job's age (0.1: at most a tenth of the time since the submit, plus the eta's share). */
  ageFraction: number;
  /** How many times too high an eta may be and still be noticed within `ageFraction` of the job's length (1 trusts the eta). */
  etaOverestimate: number;
}

/** What the last poll said. */
export interface PollObservation {
  /** The `eta` field as received (any type: it is checked here). */
  eta?: unknown;
  /** How long the server asked to wait (Retry-After header or `retry_after`), in ms. */
  retryAfterMs?: number | undefined;
  /** The job's age when this was observed (ms since the submit); without it the pause is not bounded by age. */
  ageMs?: number | undefined;
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
  const jitter = Math.max(0, schedule.jitter);
  let base = eta !== undefined ? eta * 1000 : schedule.minIntervalMs * schedule.backoff ** Math.max(0, streak);
  const age = observation.ageMs;
  if (age !== undefined && Number.isFinite(age) && age >= 0) {
    const fraction = Math.max(0, schedule.ageFraction);
    // If the eta is `etaOverestimate` times too high, the job ends after eta / etaOverestimate:
    // poll by then, late by at most `fraction` of the job's age at that point. The bound holds
    // with the jitter added (the jitter spreads polls below it).
    const etaShare = eta !== undefined ? ((eta * 1000) / Math.max(1, schedule.etaOverestimate)) * (1 + fraction) : 0;
    base = Math.min(base, (fraction * age + etaShare) / (1 + jitter));
  }
  const jittered = base * (1 + jitter * random());
  const bounded = Math.min(schedule.maxIntervalMs, Math.max(schedule.minIntervalMs, jittered));
  return Math.round(Math.max(bounded, observation.retryAfterMs ?? 0));
}
