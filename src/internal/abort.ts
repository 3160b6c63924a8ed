/** Timers and signal plumbing that any abort interrupts at once, safe for any duration. */

/** The longest delay a single timer holds in every runtime (browsers, Node, Deno, Bun): 2^31 − 1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Calls `fire` after `ms` (Infinity: never), chaining timers for delays a single timer cannot
 * hold (a larger value would overflow to about 1 ms). Returns the function that cancels it.
 */
export function longTimeout(ms: number, fire: () => void): () => void {
  if (ms === Number.POSITIVE_INFINITY) return () => {};
  const due = Date.now() + Math.max(0, Number.isFinite(ms) ? ms : 0);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    const left = due - Date.now();
    if (left <= 0) {
      timer = undefined;
      fire();
      return;
    }
    timer = setTimeout(arm, Math.min(left, MAX_TIMER_MS));
  };
  timer = setTimeout(arm, Math.min(Math.max(0, due - Date.now()), MAX_TIMER_MS));
  return () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      cancel();
      reject(signal?.reason);
    };
    const cancel = longTimeout(ms, () => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    });
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export interface LinkedSignal {
  signal: AbortSignal;
  /** Stops following the parents; call when done so long-lived parents keep no listeners. */
  release(): void;
}

/** A signal that aborts when any parent does, with that parent's reason (the parent itself when there is only one). */
export function linkSignals(...parents: (AbortSignal | undefined)[]): LinkedSignal {
  const present = parents.filter((parent): parent is AbortSignal => parent !== undefined);
  if (present.length === 1) return { signal: present[0]!, release: () => {} };
  const controller = new AbortController();
  const links: (() => void)[] = [];
  for (const parent of parents) {
    if (!parent) continue;
    if (parent.aborted) {
      controller.abort(parent.reason);
      break;
    }
    const onAbort = () => controller.abort(parent.reason);
    parent.addEventListener("abort", onAbort, { once: true });
    links.push(() => parent.removeEventListener("abort", onAbort));
  }
  return { signal: controller.signal, release: () => links.forEach((unlink) => unlink()) };
}

/** Rejects with the signal's reason when it aborts; for racing work that does not watch the signal itself. */
export function abortion(signal: AbortSignal): { promise: Promise<never>; release(): void } {
  let onAbort: (() => void) | undefined;
  const promise = new Promise<never>((_, reject) => {
    if (signal.aborted) return reject(signal.reason);
    onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
  });
  promise.catch(() => {});
  return { promise, release: () => onAbort && signal.removeEventListener("abort", onAbort) };
}

/**
 * A stop that costs almost nothing until it is used: what a submit's `.wait()` stops the submit
 * with, made for every submit. (On Node 20 an AbortController and each listener on its signal
 * cost more than anything else a request does here, so a submit makes none for this.) The
 * transport hooks the request in flight to it; `signal()` makes an AbortSignal that follows it,
 * for the rare work that takes one (an upload, a pause before a resend).
 */
export interface Stop {
  readonly stopped: boolean;
  readonly reason: unknown;
  /** Stops with `reason` (the first stop wins); every hook is called once. */
  stop(reason: unknown): void;
  /** Calls `hook` with the reason when stopped (at once if it already is); returns the function that unhooks it. */
  onStop(hook: (reason: unknown) => void): () => void;
  /** A signal that aborts with the reason when stopped, or when `other` aborts (with its reason); release it when done. */
  signal(other?: AbortSignal): LinkedSignal;
}

/** Stop's one implementation: methods on the prototype, so a submit makes one small object and no closures. */
class SubmitStop implements Stop {
  stopped = false;
  reason: unknown = undefined;
  #hooks: ((reason: unknown) => void)[] | undefined;

  stop(reason: unknown): void {
    if (this.stopped) return;
    this.stopped = true;
    this.reason = reason;
    const called = this.#hooks ?? [];
    this.#hooks = undefined;
    for (const hook of called) hook(reason);
  }

  onStop(hook: (reason: unknown) => void): () => void {
    if (this.stopped) {
      hook(this.reason);
      return () => {};
    }
    (this.#hooks ??= []).push(hook);
    return () => {
      const at = this.#hooks?.indexOf(hook) ?? -1;
      if (at >= 0) this.#hooks!.splice(at, 1);
    };
  }

  signal(other?: AbortSignal): LinkedSignal {
    const controller = new AbortController();
    const linked = linkSignals(other, controller.signal);
    const unhook = this.onStop((reason) => controller.abort(reason));
    return {
      signal: linked.signal,
      release: () => {
        unhook();
        linked.release();
      },
    };
  }
}

export function createStop(): Stop {
  return new SubmitStop();
}
