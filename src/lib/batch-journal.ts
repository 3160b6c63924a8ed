/**
 * The journal a batch keeps: one record per item, each change committed before the runner acts on
 * it. What this file defines is the contract every journal keeps (the in-memory one below, SQLite
 * and PostgreSQL in src/journal/, Node only):
 *
 * - `claimSubmits` commits an item's intent (state `submitting`) before its submit is sent, and
 *   is the only way an item reaches a submit;
 * - `recover` turns every intent without an answer (of this runner's last life, or of a worker
 *   that died) into `unknown`: it may have been queued, so it is never sent again unless the
 *   caller says so (`resubmitUnknown`);
 * - an id is recorded as soon as the submit answers it, and a result before its download.
 */
import type { Family } from "../core/job.js";
import type { SubmitMethod } from "./submit-operations.js";

export { BATCH_ITEM_STATES, DEFAULT_BATCH_CONCURRENCY, type BatchItemState } from "./batch-constants.js";
import type { BatchItemState } from "./batch-constants.js";


/**
 * Why an item failed. `generation`, `refused` and `invalid` are final; `wait` (timed out or the
 * polls kept failing) and `download` are picked up again by the next run, since the job's result
 * may still be had.
 */
export type BatchFailure = "generation" | "refused" | "invalid" | "wait" | "download";

export interface JournalItem {
  key: string;
  endpoint: SubmitMethod;
  /** The request body without `key` and without the `track_id` the runner adds. */
  params: Record<string, unknown>;
  /** What the submit sends as `track_id` (string or integer, as the endpoint takes it), if the endpoint has one. */
  trackId: string | number | undefined;
}

export interface JournalRecord extends JournalItem {
  state: BatchItemState;
  /** The job's id, once the submit answered it. */
  id: string | undefined;
  family: Family | undefined;
  /** The video URLs, once done upstream. */
  output: string[] | undefined;
  /** Where the video was saved, when the runner downloads. */
  file: string | undefined;
  /** Why it failed or is unknown. */
  reason: string | undefined;
  failure: BatchFailure | undefined;
  /** Intents committed (each may have sent one submit). */
  submits: number;
  /** Submits the API refused with HTTP 429 (not queued, not billed). */
  refusals: number;
  /** Last change, ms since the epoch. */
  updatedAt: number;
}

/** The changes a runner records; each is committed before `record` resolves. */
export type JournalChange =
  | { state: "queued"; id: string; family: Family }
  /** Back to pending: the API refused the submit with 429 (`refused`), or it was known not to have been sent. */
  | { state: "pending"; refused: boolean }
  | { state: "downloading"; output: string[] }
  | { state: "done"; output: string[]; file?: string | undefined }
  | { state: "failed"; reason: string; failure: BatchFailure }
  | { state: "unknown"; reason: string };

export type BatchCounts = Record<BatchItemState, number>;

export interface RecoverOptions {
  /** Also make `unknown` items pending again (after the caller checked they were not queued). */
  resubmitUnknown: boolean;
}

export interface BatchJournal {
  /** Whether other runners (workers on other machines) change it too. */
  readonly shared: boolean;
  /** A shared journal's id of this worker (what it marks the items it follows with). */
  readonly worker?: number;
  /** Adds the items whose key it does not hold yet; items it holds are left as they are. */
  add(items: readonly JournalItem[]): Promise<void>;
  /**
   * The crash-resume rules, once per run before anything is sent: intents without an answer
   * become `unknown` (here: all of this journal's; shared journals: those of workers that are
   * gone), failures that may still have a result go back to `queued`/`downloading`.
   */
  recover(options: RecoverOptions): Promise<void>;
  /** Up to `count` pending items, oldest first, each with its intent committed (state `submitting`, `submits` + 1). */
  claimSubmits(count: number): Promise<JournalRecord[]>;
  /** Items `queued` or `downloading` that no live runner follows; the caller follows them from now on. */
  claimFollowUps(): Promise<JournalRecord[]>;
  record(key: string, change: JournalChange): Promise<void>;
  counts(): Promise<BatchCounts>;
  /** Every record, oldest first. */
  list(): Promise<JournalRecord[]>;
  close(): Promise<void>;
}

export function emptyCounts(): BatchCounts {
  return { pending: 0, submitting: 0, queued: 0, downloading: 0, done: 0, failed: 0, unknown: 0 };
}

/** The record an item starts as. */
export function newRecord(item: JournalItem, now: number): JournalRecord {
  return { ...item, state: "pending", id: undefined, family: undefined, output: undefined, file: undefined, reason: undefined, failure: undefined, submits: 0, refusals: 0, updatedAt: now };
}

/** `record` after `change`: the one place the fields each change sets are decided (every journal uses it). */
export function applyChange(record: JournalRecord, change: JournalChange, now: number): JournalRecord {
  const next: JournalRecord = { ...record, state: change.state, updatedAt: now };
  switch (change.state) {
    case "queued":
      return { ...next, id: change.id, family: change.family, reason: undefined, failure: undefined };
    case "pending":
      return { ...next, refusals: record.refusals + (change.refused ? 1 : 0) };
    case "downloading":
      return { ...next, output: change.output, reason: undefined, failure: undefined };
    case "done":
      return { ...next, output: change.output, file: change.file ?? record.file, reason: undefined, failure: undefined };
    case "failed":
      return { ...next, reason: change.reason, failure: change.failure };
    case "unknown":
      return { ...next, reason: change.reason, failure: undefined };
  }
}

/** Where `recover` puts a record (undefined: it stays). `recoverable` says whether its runner is gone. */
export function recovered(record: JournalRecord, options: RecoverOptions): BatchItemState | undefined {
  if (record.state === "submitting") return "unknown";
  if (record.state === "unknown" && options.resubmitUnknown) return "pending";
  if (record.state === "failed" && record.failure === "wait" && record.id !== undefined) return "queued";
  if (record.state === "failed" && record.failure === "download" && record.output !== undefined) return "downloading";
  return undefined;
}

export const UNKNOWN_AFTER_CRASH = "the runner stopped after committing the submit's intent and before recording its answer: it may have been queued (and billed); check the dashboard for its track_id, then run again with resubmitUnknown (--resubmit-unknown) if it was not";

/**
 * A journal in memory: the default of `ml.batch()` where no journal is given (browsers, scripts that
 * need no resume). It keeps every promise within one process; it does not survive one.
 */
export function memoryJournal(): BatchJournal {
  const records = new Map<string, JournalRecord>();
  const followed = new Set<string>();
  const update = (key: string, next: JournalRecord) => records.set(key, next);
  return {
    shared: false,
    async add(items) {
      const now = Date.now();
      for (const item of items) if (!records.has(item.key)) records.set(item.key, newRecord(item, now));
    },
    async recover(options) {
      const now = Date.now();
      followed.clear();
      for (const record of records.values()) {
        const state = recovered(record, options);
        if (state === "unknown") update(record.key, applyChange(record, { state: "unknown", reason: UNKNOWN_AFTER_CRASH }, now));
        else if (state !== undefined) update(record.key, { ...record, state, updatedAt: now });
      }
    },
    async claimSubmits(count) {
      const claimed: JournalRecord[] = [];
      for (const record of records.values()) {
        if (claimed.length >= count) break;
        if (record.state !== "pending") continue;
        const next = { ...record, state: "submitting" as const, submits: record.submits + 1, updatedAt: Date.now() };
        update(record.key, next);
        claimed.push(next);
      }
      return claimed;
    },
    async claimFollowUps() {
      const claimed = [...records.values()].filter((record) => (record.state === "queued" || record.state === "downloading") && !followed.has(record.key));
      for (const record of claimed) followed.add(record.key);
      return claimed;
    },
    async record(key, change) {
      const record = records.get(key);
      if (!record) throw new Error(`journal: no item ${key}`);
      update(key, applyChange(record, change, Date.now()));
      if (change.state === "queued") followed.add(key);
    },
    async counts() {
      const counts = emptyCounts();
      for (const record of records.values()) counts[record.state] += 1;
      return counts;
    },
    async list() {
      return [...records.values()];
    },
    async close() {},
  };
}
