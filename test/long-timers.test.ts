/** Timers past what one setTimeout holds (2^31 − 1 ms), on a fake clock: they fire when due, not at once. */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { longTimeout, MAX_TIMER_MS, sleep } from "../src/internal/abort.js";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("longTimeout", () => {
  it("fires 30 days on, after chaining timers, and not a moment before", () => {
    const fired = vi.fn();
    longTimeout(30 * 86_400_000, fired);
    vi.advanceTimersByTime(MAX_TIMER_MS + 10);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(30 * 86_400_000 - MAX_TIMER_MS - 20);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(20);
    expect(fired).toHaveBeenCalledOnce();
  });

  it("never fires for Infinity, and cancel stops it", () => {
    const never = vi.fn();
    const cancelled = vi.fn();
    longTimeout(Infinity, never);
    const cancel = longTimeout(5_000, cancelled);
    cancel();
    vi.advanceTimersByTime(100 * 86_400_000);
    expect(never).not.toHaveBeenCalled();
    expect(cancelled).not.toHaveBeenCalled();
  });

  it("sleep past the timer limit resolves when due", async () => {
    let done = false;
    void sleep(2 ** 32).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(2 ** 31);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(2 ** 31);
    expect(done).toBe(true);
  });
});
