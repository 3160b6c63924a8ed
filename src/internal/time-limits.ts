/**
 * The time limits of requests in flight, kept in slots rather than one timer and one
 * AbortController per request: on Node 20 making an AbortSignal, and undici following the one a
 * fetch is given, cost more than anything else a request does here. A slot gathers the requests
 * of one time limit that start within a short window (a hundredth of the limit, at most a second)
 * or until it holds SLOT_REQUESTS of them; they share its controller, whose signal each fetch is
 * given, and one timer, armed while any of them is in flight. The timer fires once the last
 * request that joined is due (at most the window after the first one was), and then:
 *
 * - every request of the slot still in flight is told its time is up (`timeUp`: it ends with its
 *   own RequestTimeoutError and cancels its body), and
 * - the shared signal aborts, which makes fetch drop every one of them; those already answered
 *   are not touched by it.
 *
 * So a request's time limit ends it between the limit and the window after it. Aborting one
 * request alone (its caller's signal, a submit's stop) cannot use the shared signal: the request
 * ends at once for its caller (see transport.ts), and its connection is dropped when the slot's
 * time is up, or as soon as its answer arrives. A fetch given a signal of its caller's gets a
 * controller of its own (transport.ts), still timed here.
 */
import { longTimeout, MAX_TIMER_MS } from "./abort.js";

/** A request in flight, as its time limit sees it. */
export interface TimedRequest {
  /** The request's time is up: end it. */
  timeUp(): void;
}

/** The most requests one slot (one controller, one signal with a listener of undici's per request) gathers. */
const SLOT_REQUESTS = 32;
/** The longest window a slot gathers requests in, in ms: the most a time limit may end late. */
const MAX_WINDOW_MS = 1_000;
/** How many slots may wait, empty, for more requests before the empty ones are let go. */
const IDLE_SLOTS = 32;

export class LimitSlot {
  readonly controller = new AbortController();
  readonly inFlight = new Set<TimedRequest>();
  joined = 0;
  #cancelTimer: (() => void) | undefined;

  constructor(
    readonly timeoutMs: number,
    /** Requests start in this slot until this time (ms since the epoch). */
    readonly joinUntil: number,
    /** When every request of the slot is due (ms since the epoch). */
    readonly dueAt: number,
  ) {}

  /** `request` is in flight: its time limit is this slot's. */
  enter(request: TimedRequest): void {
    this.inFlight.add(request);
    if (this.inFlight.size === 1) this.#arm();
  }

  /** `request` ended (answered, failed or stopped). */
  leave(request: TimedRequest): void {
    if (!this.inFlight.delete(request) || this.inFlight.size > 0) return;
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
    if (Date.now() >= this.joinUntil) this.#close();
  }

  #arm(): void {
    const ms = Math.max(0, this.dueAt - Date.now());
    if (ms <= MAX_TIMER_MS) {
      const timer = setTimeout(() => this.#fire(), ms);
      this.#cancelTimer = () => clearTimeout(timer);
    } else this.#cancelTimer = longTimeout(ms, () => this.#fire());
  }

  #fire(): void {
    this.#cancelTimer = undefined;
    this.#close();
    const due = [...this.inFlight];
    this.inFlight.clear();
    for (const request of due) request.timeUp();
    this.controller.abort(new Error(`request time limit (${this.timeoutMs} ms) reached`));
  }

  /** Closed: no longer the slot requests of its limit start in (a request never joins one that fired). */
  #close(): void {
    if (open.get(this.timeoutMs) === this) open.delete(this.timeoutMs);
  }
}

/** The slot requests of each time limit start in now. */
const open = new Map<number, LimitSlot>();

/** The slot a request with this time limit (ms, finite, above 0) starting now joins. */
export function slotFor(timeoutMs: number): LimitSlot {
  const now = Date.now();
  let slot = open.get(timeoutMs);
  if (!slot || slot.joined >= SLOT_REQUESTS || now >= slot.joinUntil) {
    const window = Math.min(MAX_WINDOW_MS, timeoutMs / 100);
    slot = new LimitSlot(timeoutMs, now + window, now + window + timeoutMs);
    if (open.size >= IDLE_SLOTS) for (const [limit, each] of open) if (each.inFlight.size === 0) open.delete(limit);
    open.set(timeoutMs, slot);
  }
  slot.joined += 1;
  return slot;
}
