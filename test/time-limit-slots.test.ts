/**
 * The time-limit slots (src/internal/time-limits.ts), the one mechanism every request's time limit
 * goes through, on a fake clock that only moves forward: for generated time limits and generated
 * requests (when each starts, when it ends or that it never does), whatever slots they fall into
 * and however many share one,
 *
 * - a request that ends before its limit is never told its time is up;
 * - one still in flight at its limit is told so once, not before the limit and not later than the
 *   slot's window after it (a hundredth of the limit, at most a second);
 * - a slot's shared signal aborts only once every request still following it is past its limit.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { slotFor, type LimitSlot } from "../src/internal/time-limits.js";

beforeAll(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
});
afterAll(() => {
  vi.useRealTimers();
});

interface Planned {
  startAt: number;
  /** How long after its start the request ends (its answer arrives); null: it never does. */
  endsAfter: number | null;
}

const planArb = fc.record({
  timeoutMs: fc.constantFrom(100, 250, 1_000, 30_000, 150_000),
  requests: fc.array(
    fc.record({ startAt: fc.nat({ max: 3_000 }), endsAfter: fc.option(fc.nat({ max: 200_000 }), { nil: null }) }),
    { minLength: 1, maxLength: 90 },
  ),
});

describe("time-limit slots", () => {
  it("end each request in flight at its limit (within the slot's window), never one that ended first, and abort a shared signal only past every member's limit", () => {
    let runs = 0;
    fc.assert(
      fc.property(planArb, ({ timeoutMs, requests }) => {
        runs += 1;
        const window = Math.min(1_000, timeoutMs / 100);
        const origin = Date.now();
        const seen = requests.map((planned: Planned) => ({ planned, startedAt: 0, endedAt: undefined as number | undefined, timeUps: [] as number[], slot: undefined as LimitSlot | undefined }));
        const slots = new Set<LimitSlot>();
        const earlyAborts: string[] = [];
        for (const each of seen) {
          setTimeout(() => {
            each.startedAt = Date.now();
            const slot = slotFor(timeoutMs);
            each.slot = slot;
            if (!slots.has(slot)) {
              slots.add(slot);
              slot.controller.signal.addEventListener("abort", () => {
                const now = Date.now();
                for (const member of seen) if (member.slot === slot && member.endedAt === undefined && now < member.startedAt + timeoutMs) earlyAborts.push(`aborted at ${now - origin} ms, a member started at ${member.startedAt - origin} ms`);
              });
            }
            const request = { timeUp: () => void each.timeUps.push(Date.now()) };
            slot.enter(request);
            if (each.planned.endsAfter !== null)
              setTimeout(() => {
                if (each.timeUps.length > 0) return; // already ended by its limit
                each.endedAt = Date.now();
                slot.leave(request);
              }, each.planned.endsAfter);
          }, each.planned.startAt);
        }
        vi.advanceTimersByTime(3_000 + 200_000 + timeoutMs + 2_000);
        for (const { planned, startedAt, endedAt, timeUps } of seen) {
          const limit = startedAt + timeoutMs;
          expect(startedAt).toBe(origin + planned.startAt);
          if (endedAt !== undefined && endedAt < limit) expect(timeUps, "told its time was up after it ended").toEqual([]);
          else if (endedAt === undefined) {
            expect(timeUps, "in flight past its limit, never told").toHaveLength(1);
            expect(timeUps[0]!).toBeGreaterThanOrEqual(limit);
            expect(timeUps[0]!).toBeLessThanOrEqual(limit + window);
          } else expect(endedAt, "ended by its answer later than the slot's window after its limit").toBeLessThanOrEqual(limit + window);
        }
        expect(earlyAborts, "a shared signal aborted before a member's limit").toEqual([]);
        expect(vi.getTimerCount(), "a timer left behind").toBe(0);
      }),
      { seed: 20261201, numRuns: 300 },
    );
    expect(runs).toBe(300);
  });
});
