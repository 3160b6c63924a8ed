/** The poll schedule as a pure function: eta (integer, float, missing, wrong), floor, ceiling, backoff, jitter, Retry-After. */
import { describe, expect, it } from "vitest";
import { DEFAULT_POLL_SCHEDULE, nextPollDelay, usableEta } from "../src/lib/poll-schedule.js";

const schedule = { minIntervalMs: 1000, maxIntervalMs: 20_000, backoff: 2, jitter: 0 };
const middle = () => 0.5;

describe("nextPollDelay", () => {
  it("waits the eta, integer or float, within floor and ceiling", () => {
    expect(nextPollDelay(schedule, { eta: 5 }, 0, middle)).toBe(5000);
    expect(nextPollDelay(schedule, { eta: 4.25 }, 0, middle)).toBe(4250);
    expect(nextPollDelay(schedule, { eta: 0.2 }, 0, middle)).toBe(1000);
    expect(nextPollDelay(schedule, { eta: 416.94 }, 0, middle)).toBe(20_000);
  });

  it("backs off from the floor when eta is missing or wrong", () => {
    for (const eta of [undefined, null, "12", 0, -4, Number.NaN, Number.POSITIVE_INFINITY, { seconds: 3 }])
      expect([0, 1, 2, 3, 10].map((streak) => nextPollDelay(schedule, { eta }, streak, middle))).toEqual([1000, 2000, 4000, 8000, 20_000]);
    expect(usableEta("12")).toBeUndefined();
    expect(usableEta(12)).toBe(12);
  });

  it("spreads by at most ±jitter and never leaves [floor, ceiling]", () => {
    const jittery = { ...schedule, jitter: 0.2 };
    expect(nextPollDelay(jittery, { eta: 10 }, 0, () => 0)).toBe(8000);
    expect(nextPollDelay(jittery, { eta: 10 }, 0, () => 1)).toBe(12_000);
    expect(nextPollDelay(jittery, { eta: 0.9 }, 0, () => 0)).toBe(1000);
    expect(nextPollDelay(jittery, { eta: 19 }, 0, () => 1)).toBe(20_000);
  });

  it("never polls before a Retry-After, even above the ceiling", () => {
    expect(nextPollDelay(schedule, { eta: 2, retryAfterMs: 30_000 }, 0, middle)).toBe(30_000);
    expect(nextPollDelay(schedule, { eta: 8, retryAfterMs: 3000 }, 0, middle)).toBe(8000);
  });

  it("defaults to a 1 s floor, a 15 s ceiling, ×1.5 backoff and ±10% jitter", () => {
    expect(DEFAULT_POLL_SCHEDULE).toEqual({ minIntervalMs: 1000, maxIntervalMs: 15_000, backoff: 1.5, jitter: 0.1 });
  });
});
