/**
 * The poll schedule as a pure function: eta (integer, float, missing, wrong), floor, ceiling,
 * backoff, jitter, Retry-After, and the bound by the job's age that keeps a wrong eta from
 * making a finished job noticed late (property-based over job lengths, etas and jitter draws).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_POLL_SCHEDULE } from "../src/core/limits.js";
import { nextPollDelay, usableEta, type PollSchedule } from "../src/lib/poll-schedule.js";

const schedule: PollSchedule = { minIntervalMs: 1000, maxIntervalMs: 20_000, backoff: 2, jitter: 0, ageFraction: 0.1, etaOverestimate: 6 };
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

  it("jitter only lengthens the pause (never a poll before the eta says), by at most `jitter`, within [floor, ceiling]", () => {
    const jittery = { ...schedule, jitter: 0.2 };
    expect(nextPollDelay(jittery, { eta: 10 }, 0, () => 0)).toBe(10_000);
    expect(nextPollDelay(jittery, { eta: 10 }, 0, () => 0.5)).toBe(11_000);
    expect(nextPollDelay(jittery, { eta: 10 }, 0, () => 1)).toBe(12_000);
    expect(nextPollDelay(jittery, { eta: 0.5 }, 0, () => 0)).toBe(1000);
    expect(nextPollDelay(jittery, { eta: 19 }, 0, () => 1)).toBe(20_000);
  });

  it("never polls before a Retry-After, even above the ceiling or the age bound", () => {
    expect(nextPollDelay(schedule, { eta: 2, retryAfterMs: 30_000 }, 0, middle)).toBe(30_000);
    expect(nextPollDelay(schedule, { eta: 8, retryAfterMs: 3000 }, 0, middle)).toBe(8000);
    expect(nextPollDelay(schedule, { eta: 60, retryAfterMs: 12_000, ageMs: 0 }, 0, middle)).toBe(12_000);
  });

  it("bounds the pause by the job's age: a tenth of it, plus the time left if the eta is 6× too high", () => {
    // The API says 60 s at the submit: the job may be done in 10 s, so poll after 11 s.
    expect(nextPollDelay(schedule, { eta: 60, ageMs: 0 }, 0, middle)).toBe(11_000);
    // Still saying 60 after 100 s: 10 s + 11 s, within the ceiling.
    expect(nextPollDelay(schedule, { eta: 60, ageMs: 100_000 }, 0, middle)).toBe(20_000);
    expect(nextPollDelay(schedule, { eta: 6, ageMs: 20_000 }, 0, middle)).toBe(3100);
    // Without an eta the backoff is bounded too; never below the floor.
    expect(nextPollDelay(schedule, { ageMs: 30_000 }, 5, middle)).toBe(3000);
    expect(nextPollDelay(schedule, { ageMs: 0 }, 5, middle)).toBe(1000);
    // An accurate, short eta is waited as is; etaOverestimate 1 trusts the eta.
    expect(nextPollDelay(schedule, { eta: 2, ageMs: 30_000 }, 0, middle)).toBe(2000);
    expect(nextPollDelay({ ...schedule, etaOverestimate: 1 }, { eta: 60, ageMs: 0 }, 0, middle)).toBe(20_000);
  });

  it("notices a finished job at most ageFraction of its length late (or one floor) for any eta up to etaOverestimate× too high, too low, or missing", () => {
    const jobs = fc.record({
      jobMs: fc.integer({ min: 100, max: 3_600_000 }),
      // eta = time left × factor: 6× too high down to 1/50 of it; 0 = no usable eta.
      factor: fc.oneof(fc.double({ min: 0.02, max: 6, noNaN: true }), fc.constant(0)),
      draws: fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 1, maxLength: 64 }),
      settings: fc.record({
        minIntervalMs: fc.integer({ min: 10, max: 2000 }),
        maxIntervalMs: fc.integer({ min: 2000, max: 60_000 }),
        jitter: fc.double({ min: 0, max: 0.5, noNaN: true }),
        ageFraction: fc.double({ min: 0.01, max: 0.5, noNaN: true }),
      }),
    });
    fc.assert(
      fc.property(jobs, ({ jobMs, factor, draws, settings }) => {
        const s: PollSchedule = { ...settings, backoff: 1.5, etaOverestimate: 6 };
        let draw = 0;
        const random = () => draws[draw++ % draws.length]!;
        let now = 0;
        let streak = 0;
        for (;;) {
          const eta = factor > 0 ? ((jobMs - now) / 1000) * factor : undefined;
          now += nextPollDelay(s, { eta, ageMs: now }, streak, random);
          streak = eta === undefined ? streak + 1 : 0;
          if (now >= jobMs) break;
        }
        expect(now - jobMs).toBeLessThanOrEqual(Math.max(s.minIntervalMs, s.ageFraction * jobMs) + 1);
      }),
      { numRuns: 300 },
    );
  });

  it("defaults to a 1 s floor, a 15 s ceiling, ×1.5 backoff, up to 10% jitter, a tenth of the age, etas up to 6× too high", () => {
    expect(DEFAULT_POLL_SCHEDULE).toEqual({ minIntervalMs: 1000, maxIntervalMs: 15_000, backoff: 1.5, jitter: 0.1, ageFraction: 0.1, etaOverestimate: 6 });
  });
});
