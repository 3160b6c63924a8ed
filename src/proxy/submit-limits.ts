/**
 * Per-user submit limits of the proxy: a small interface, so that the counts can live where the
 * app's processes share state, and an in-memory store (for a single process).
 *
 * `take` must decide and count in one step: two requests of the same user arriving together
 * must not both see the last free submit. The in-memory store does it synchronously (nothing
 * between the check and the count yields); a shared store does it in one atomic operation (see
 * docs/proxy.md: a Redis script or sorted set, a PostgreSQL upsert, a Durable Object).
 */

export interface SubmitDecision {
  allowed: boolean;
  /** Submits left in the window after this one (0 when refused). */
  remaining: number;
  /** When refused: ms until the oldest counted submit leaves the window. */
  retryAfterMs: number;
}

export interface SubmitLimiter {
  /** Counts one submit of `user` if fewer than `max` were counted in the last `windowMs`; says whether it was. */
  take(user: string, max: number, windowMs: number): SubmitDecision | Promise<SubmitDecision>;
}

/** An in-memory sliding window per user: right for one process; each process of several would count on its own. */
export function memorySubmitLimiter(now: () => number = Date.now): SubmitLimiter {
  const taken = new Map<string, number[]>();
  return {
    take(user, max, windowMs) {
      const at = now();
      const recent = (taken.get(user) ?? []).filter((time) => time > at - windowMs);
      if (recent.length >= max) {
        taken.set(user, recent);
        return { allowed: false, remaining: 0, retryAfterMs: recent.length > 0 ? recent[0]! + windowMs - at : windowMs };
      }
      recent.push(at);
      taken.set(user, recent);
      return { allowed: true, remaining: max - recent.length, retryAfterMs: 0 };
    },
  };
}
