/**
 * Many videos at once: `ml.batch(items, options)`. Items go through the journal (./batch-journal.ts)
 * and nowhere else: an item is sent only after `claimSubmits` committed its intent, its id is
 * recorded when the submit answers, its result (and download) when it is done. The runner keeps at
 * most `concurrency` of its jobs queued or being submitted (the account's queue limit: 5, 10 or 15
 * by plan), asks `processing/request_count` first to start below it when other jobs of the account
 * are queued, and treats HTTP 429 as what it is: nothing queued, nothing billed. The item goes back
 * to pending, new submits pause for `retry_after`, and the concurrency drops to what fitted, then
 * grows back one at a time.
 *
 * Browser-safe: it knows the client only through BatchClient, and journals through BatchJournal.
 */
import type { Submitted, Video } from "../core/api-types.js";
import { AbortedError, APIError, GenerationFailedError, InvalidRequestError, ModelsLabError, RateLimitError } from "../core/errors.js";
import type { Family, JobRef } from "../core/job.js";
import {
  DEFAULT_BATCH_CONCURRENCY,
  emptyCounts,
  memoryJournal,
  type BatchCounts,
  type BatchFailure,
  type BatchItemState,
  type BatchJournal,
  type JournalItem,
  type JournalRecord,
} from "./batch-journal.js";
import { isSubmitMethod, SUBMIT_OPERATIONS, type SubmitMethod } from "./submit-operations.js";
import { jsonIssuesOf, refuseInvalid } from "../internal/request-body.js";
import { loadValidation } from "../internal/validation-load.js";
import { DEFAULT_REQUEST_TIMEOUT_MS } from "../core/limits.js";
import { describeEndpoint } from "./request-fields.js";
import { resolveWaitOptions, type WaitOptions } from "./wait-options.js";

export interface BatchItem {
  /** The client method that submits it (`img2video`, `fusionImg2video`...). */
  endpoint: SubmitMethod;
  /** The request body without `key` (the client adds it). */
  params: Record<string, unknown>;
  /**
   * The item's own key: what the journal knows it by and what the submit sends as `track_id`.
   * Default: derived from the content (a SHA-256 of the endpoint and params), with `#2`, `#3`
   * for the second and third identical item of the same input.
   */
  key?: string;
}

/** How an item ended, as the iterable yields it. */
export type SettledItem =
  | { state: "done"; key: string; endpoint: SubmitMethod; id: string; family: Family; output: string[]; file: string | undefined; video: Video | undefined }
  | { state: "failed"; key: string; endpoint: SubmitMethod; id: string | undefined; reason: string; failure: BatchFailure; error: ModelsLabError | undefined }
  /** The submit may have been queued (and billed): never sent again unless `resubmitUnknown`. Look for `trackId` on the dashboard or in webhooks. */
  | { state: "unknown"; key: string; endpoint: SubmitMethod; trackId: string | number | undefined; reason: string; error: ModelsLabError | undefined };

export type BatchEvent =
  | { type: "submitting" | "queued" | "downloading" | "pending"; key: string }
  | { type: "settled"; item: SettledItem }
  /** A 429: the item is pending again; new submits pause for `retryAfterMs`. */
  | { type: "refused"; key: string; retryAfterMs: number }
  | { type: "concurrency"; concurrency: number; why: string };

export interface BatchProgress {
  event: BatchEvent;
  /** Every item of the journal by state (others' changes in a shared journal are seen within a second). */
  counts: BatchCounts;
  /** How many jobs this runner lets be queued or submitting now. */
  concurrency: number;
  elapsedMs: number;
  /** Time left at this run's pace so far, once an item finished. */
  remainingMs: number | undefined;
}

export interface BatchSummary {
  /** Every item of the journal by state, at the end. */
  counts: BatchCounts;
  total: number;
  /** Settled in this run. */
  settled: number;
  /** Submits this run sent (intents committed), and how many of them the API refused with 429. */
  submits: number;
  refusals: number;
  elapsedMs: number;
  /** Whether the run stopped early (the signal fired): items left pending or queued are taken up by the next run. */
  stopped: boolean;
}

export interface BatchOptions {
  /** Jobs queued or being submitted at once: the account's queue limit. Default 5 (the lowest plan). With a shared journal, all workers' jobs together. */
  concurrency?: number;
  /** Where the batch's state lives. Default: in memory (no resume after a crash); Node: `modelslab-video/journal`. */
  journal?: BatchJournal;
  /** Each item's wait (timeout, poll schedule, poll retries). */
  wait?: Pick<WaitOptions, "timeoutMs" | "schedule" | "maxPollRetries">;
  /**
   * Stops the run: no new submit is sent, submits in flight get their answer recorded, polls stop
   * (their jobs stay queued in the journal for the next run), then the iterable ends.
   */
  signal?: AbortSignal;
  onProgress?: (progress: BatchProgress) => void;
  /** Send again the items a crash left `unknown` (only after checking they were not queued). Default false. */
  resubmitUnknown?: boolean;
  /** Ask processing/request_count before the first submit and start below the limit by what is already queued. Default true. */
  checkQueue?: boolean;
  /** Called with each finished video before it counts as done (a download, say); returns where it was saved. */
  finish?: (record: JournalRecord, video: Video | undefined, signal: AbortSignal) => Promise<string | undefined>;
  /** Check every item against its schema before anything is sent. Default: the client's `validate`. */
  validate?: boolean;
}

/** What the runner needs of the client (ModelsLab provides it). */
export interface BatchClient {
  submit(endpoint: SubmitMethod, params: Record<string, unknown>, signal: AbortSignal | undefined): Promise<Submitted>;
  wait(target: Submitted | JobRef, options: WaitOptions): Promise<Video>;
  job(target: Submitted | { id: string; family: Family }): JobRef;
  processingRequestCount(signal: AbortSignal | undefined): Promise<number>;
  /** Throws InvalidRequestError when `params` breaks the endpoint's schema. */
  check(endpoint: SubmitMethod, params: Record<string, unknown>): Promise<void>;
  /** The types the endpoint's `track_id` takes, or undefined when it has none. */
  trackIdTypes(endpoint: SubmitMethod): Promise<readonly string[] | undefined>;
}

/** The client's methods a batch runs through (a ModelsLab client is one). */
export interface BatchHost {
  img2video(params: never, options: { signal?: AbortSignal; rateLimitRetries?: number }): Promise<Submitted>;
  wait(target: Submitted | JobRef, options: WaitOptions): Promise<Video>;
  job(target: Submitted | JobRef | string, family?: Family): JobRef;
  processingRequestCount(options: { signal?: AbortSignal }): Promise<number>;
}

/** What an item is checked with before a batch sends anything: never the real key. */
const CHECK_KEY = "batch-item-check";

/** The BatchClient of a client: its own submit methods (never resent on a 429: the batch paces itself), wait, job and queue count. */
export function batchClientOf(host: BatchHost): BatchClient {
  const submitMethods = host as unknown as Record<SubmitMethod, (params: Record<string, unknown>, options: { signal?: AbortSignal; rateLimitRetries?: number }) => Promise<Submitted>>;
  return {
    submit: (endpoint, params, signal) => submitMethods[endpoint].call(host, params, { ...(signal ? { signal } : {}), rateLimitRetries: 0 }),
    wait: (target, waitOptions) => host.wait(target, waitOptions),
    job: (target) => ("status" in target ? host.job(target) : host.job(target.id, target.family)),
    processingRequestCount: (signal) => host.processingRequestCount(signal ? { signal } : {}),
    check: async (endpoint, params) => {
      const issues = jsonIssuesOf(params);
      if (issues.length > 0) throw new InvalidRequestError(issues);
      // The client keeps its own time limit to itself; a batch item is checked under the default one.
      const { validateRequest } = await loadValidation(DEFAULT_REQUEST_TIMEOUT_MS);
      refuseInvalid(validateRequest(SUBMIT_OPERATIONS[endpoint], { ...params, key: CHECK_KEY }));
    },
    trackIdTypes: async (endpoint) => describeEndpoint(endpoint).fields.find((field) => field.name === "track_id")?.types,
  };
}

/** Settled items as they settle, and the summary once the run is over. */
export interface BatchRun extends AsyncIterable<SettledItem> {
  /** Runs the batch to its end (if nothing iterates it) and resolves with the summary. */
  summary(): Promise<BatchSummary>;
}

const RATE_LIMIT_FALLBACK_MS = 5_000;
const MAX_REFUSAL_PAUSE_MS = 10 * 60_000;
/** Submits known not to have been sent (connection refused, DNS) are tried this many times before the item fails. */
const NOT_SENT_ATTEMPTS = 3;
/** How often a runner looks at the journal while it waits (others' progress, dead workers' items). */
const TICK_MS = 500;
const ADD_CHUNK = 500;

type SubmitState = "not-sent" | "refused" | "maybe-queued";

/** Whether the submit that threw `error` may have been queued: the error's own `submitState`, else what its class says. */
export function submitStateOf(error: unknown): SubmitState {
  const declared = (error as { submitState?: unknown } | null)?.submitState;
  if (declared === "not-sent" || declared === "refused" || declared === "maybe-queued") return declared;
  if (error instanceof InvalidRequestError) return "not-sent";
  if (error instanceof RateLimitError) return "refused";
  if (error instanceof APIError && ((error.status >= 400 && error.status < 500) || error.status === 200)) return "refused";
  return "maybe-queued";
}

function refuse(field: string, rule: string, message: string): InvalidRequestError {
  return new InvalidRequestError([{ field, rule, message }], "Invalid batch");
}

function checkedOptions(options: BatchOptions): { concurrency: number } {
  const concurrency = options.concurrency ?? DEFAULT_BATCH_CONCURRENCY;
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) throw refuse("concurrency", "range", `must be a whole number ≥ 1 (got ${String(concurrency)})`);
  if (options.finish !== undefined && typeof options.finish !== "function") throw refuse("finish", "type", "must be a function");
  if (options.onProgress !== undefined && typeof options.onProgress !== "function") throw refuse("onProgress", "type", "must be a function");
  resolveWaitOptions(options.wait ?? {});
  return { concurrency };
}

/** JSON with object keys sorted: the same content gives the same text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object")
    return `{${Object.keys(value as object)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`)
      .join(",")}}`;
  return JSON.stringify(value) ?? "null";
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

const KEY_PATTERN = /^[\x21-\x7e]{1,128}$/;

/** The journal entries of the items, checked before anything is sent. */
async function journalItems(client: BatchClient, items: AsyncIterable<BatchItem> | Iterable<BatchItem>, validate: boolean, add: (chunk: JournalItem[]) => Promise<void>): Promise<number> {
  const seen = new Map<string, number>();
  const trackTypes = new Map<SubmitMethod, readonly string[] | undefined>();
  let chunk: JournalItem[] = [];
  let index = 0;
  for await (const item of items) {
    const at = `items[${index}]`;
    if (item === null || typeof item !== "object") throw refuse(at, "type", "must be an object { endpoint, params, key? }");
    if (!isSubmitMethod(item.endpoint)) throw refuse(`${at}.endpoint`, "enum", `must be one of ${Object.keys(SUBMIT_OPERATIONS).join(", ")} (got ${JSON.stringify(item.endpoint)})`);
    if (item.params === null || typeof item.params !== "object" || Array.isArray(item.params)) throw refuse(`${at}.params`, "type", "must be an object (the request body without key)");
    if ("key" in item.params) throw refuse(`${at}.params.key`, "not", "the API key comes from the client, never from an item");
    if (item.key !== undefined && (typeof item.key !== "string" || !KEY_PATTERN.test(item.key)))
      throw refuse(`${at}.key`, "format", "must be 1 to 128 printable ASCII characters without spaces");
    if (validate) {
      try {
        await client.check(item.endpoint, item.params);
      } catch (error) {
        if (error instanceof InvalidRequestError) throw new InvalidRequestError(error.issues.map((issue) => ({ ...issue, field: issue.field ? `${at}.params.${issue.field}` : `${at}.params` })), "Invalid batch item");
        throw error;
      }
    }
    let key = item.key;
    if (key === undefined) {
      const base = (await sha256Hex(canonicalJson({ endpoint: item.endpoint, params: item.params }))).slice(0, 32);
      const nth = (seen.get(base) ?? 0) + 1;
      seen.set(base, nth);
      key = nth === 1 ? base : `${base}#${nth}`;
    }
    if (!trackTypes.has(item.endpoint)) trackTypes.set(item.endpoint, await client.trackIdTypes(item.endpoint));
    const types = trackTypes.get(item.endpoint);
    const own = item.params.track_id;
    const trackId =
      own !== undefined && own !== null
        ? (own as string | number)
        : types === undefined
          ? undefined
          : types.includes("string")
            ? key
            : types.includes("integer")
              ? Number.parseInt((await sha256Hex(key)).slice(0, 12), 16)
              : undefined;
    chunk.push({ key, endpoint: item.endpoint, params: item.params, trackId });
    index += 1;
    if (chunk.length >= ADD_CHUNK) {
      await add(chunk);
      chunk = [];
    }
  }
  if (chunk.length > 0) await add(chunk);
  return index;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function unsettled(counts: BatchCounts): number {
  return counts.pending + counts.submitting + counts.queued + counts.downloading;
}

export function startBatch(client: BatchClient, items: AsyncIterable<BatchItem> | Iterable<BatchItem>, options: BatchOptions = {}, validateByDefault = true): BatchRun {
  let summary: Promise<BatchSummary> | undefined;
  let iterating = false;
  const buffered: SettledItem[] = [];
  let wake: (() => void) | undefined;
  let finished = false;
  let failure: { error: unknown } | undefined;

  const start = (): Promise<BatchSummary> =>
    (summary ??= runBatch(client, items, options, validateByDefault, (item) => {
      if (!iterating) return;
      buffered.push(item);
      wake?.();
    }).then(
      (result) => {
        finished = true;
        wake?.();
        return result;
      },
      (error: unknown) => {
        finished = true;
        failure = { error };
        wake?.();
        throw error;
      },
    ));

  return {
    summary: () => start(),
    [Symbol.asyncIterator](): AsyncIterator<SettledItem> {
      if (iterating || summary) throw new Error("a batch run is iterated once");
      iterating = true;
      start().catch(() => {});
      return {
        async next(): Promise<IteratorResult<SettledItem>> {
          for (;;) {
            const item = buffered.shift();
            if (item) return { value: item, done: false };
            if (failure) throw failure.error;
            if (finished) return { value: undefined, done: true };
            await new Promise<void>((resolve) => (wake = resolve));
            wake = undefined;
          }
        },
        async return(): Promise<IteratorResult<SettledItem>> {
          iterating = false;
          buffered.length = 0;
          return { value: undefined, done: true };
        },
      };
    },
  };
}

interface Slot {
  record: JournalRecord;
}

async function runBatch(
  client: BatchClient,
  items: AsyncIterable<BatchItem> | Iterable<BatchItem>,
  options: BatchOptions,
  validateByDefault: boolean,
  yieldItem: (item: SettledItem) => void,
): Promise<BatchSummary> {
  const { concurrency: limit } = checkedOptions(options);
  const journal = options.journal ?? memoryJournal();
  const startedAt = Date.now();
  const stop = options.signal;
  // Polls and downloads stop with the caller's signal; submits in flight do not (their answer must be recorded).
  // Each followed item has a signal of its own, all stopped by one listener here.
  const following = new AbortController();
  const followers = new Set<AbortController>();
  const onStop = () => {
    following.abort(stop?.reason);
    for (const follower of followers) follower.abort(stop?.reason);
  };
  const followerSignal = (): { signal: AbortSignal; release: () => void } => {
    const follower = new AbortController();
    if (following.signal.aborted) follower.abort(following.signal.reason);
    followers.add(follower);
    return { signal: follower.signal, release: () => followers.delete(follower) };
  };
  /** Wakes the main loop (a slot was freed or a task ended), or keeps it from sleeping if it is busy. */
  let woken = false;
  let wakeWaiter: (() => void) | undefined;
  const wake = () => {
    woken = true;
    wakeWaiter?.();
  };
  const freeSlot = () => {
    inFlight -= 1;
    wake();
  };
  if (stop?.aborted) onStop();
  else stop?.addEventListener("abort", onStop, { once: true });

  let concurrency = limit;
  let submitsSent = 0;
  let refusals = 0;
  let settledHere = 0;
  let finishedHere = 0;
  let pauseUntil = 0;
  /** Submits accepted since the last 429: each `concurrency` of them allow one more. */
  let acceptedStreak = 0;
  const notSentTries = new Map<string, number>();
  let counts = emptyCounts();
  /** Jobs of this runner holding a queue slot: submitting or queued. */
  let inFlight = 0;
  const tasks = new Set<Promise<void>>();
  /** The first error a task could not record (the journal failed): it ends the run. */
  const broken: unknown[] = [];

  const progress = (event: BatchEvent) => {
    if (!options.onProgress) return;
    const elapsedMs = Date.now() - startedAt;
    const left = unsettled(counts);
    const remainingMs = finishedHere > 0 && left > 0 ? (elapsedMs / finishedHere) * left : finishedHere > 0 ? 0 : undefined;
    options.onProgress({ event, counts: { ...counts }, concurrency, elapsedMs, remainingMs });
  };
  const move = (from: BatchItemState, to: BatchItemState) => {
    counts[from] = Math.max(0, counts[from] - 1);
    counts[to] += 1;
  };
  const settle = (item: SettledItem, from: BatchItemState) => {
    move(from, item.state);
    settledHere += 1;
    if (item.state === "done") finishedHere += 1;
    yieldItem(item);
    progress({ type: "settled", item });
  };
  const setConcurrency = (value: number, why: string) => {
    const next = Math.max(1, Math.min(limit, value));
    if (next === concurrency) return;
    concurrency = next;
    progress({ type: "concurrency", concurrency, why });
  };

  try {
    const validate = options.validate ?? validateByDefault;
    await journalItems(client, items, validate, (chunk) => journal.add(chunk));
    await journal.recover({ resubmitUnknown: options.resubmitUnknown === true });
    counts = await journal.counts();

    const follow = async (record: JournalRecord, first: Submitted | undefined): Promise<void> => {
      const { signal, release } = followerSignal();
      try {
        await followWith(record, first, signal);
      } finally {
        release();
      }
    };
    const followWith = async (record: JournalRecord, first: Submitted | undefined, signal: AbortSignal): Promise<void> => {
      let state: BatchItemState = record.state;
      let video: Video | undefined;
      let output = record.output;
      if (state === "queued") {
        const job = first ? client.job(first) : client.job({ id: record.id!, family: record.family! });
        try {
          video = await client.wait(first ?? job, { ...options.wait, signal });
        } catch (error) {
          freeSlot();
          if (signal.aborted && error instanceof AbortedError) return;
          const failure: BatchFailure = error instanceof GenerationFailedError ? "generation" : "wait";
          await journal.record(record.key, { state: "failed", reason: messageOf(error), failure });
          settle({ state: "failed", key: record.key, endpoint: record.endpoint, id: job.id, reason: messageOf(error), failure, error: error instanceof ModelsLabError ? error : undefined }, "queued");
          return;
        }
        freeSlot();
        output = video.output;
        if (options.finish) {
          await journal.record(record.key, { state: "downloading", output });
          move("queued", "downloading");
          state = "downloading";
          progress({ type: "downloading", key: record.key });
        }
      }
      let file = record.file;
      if (options.finish) {
        try {
          file = await options.finish({ ...record, output, state: "downloading" }, video, signal);
        } catch (error) {
          if (signal.aborted) return;
          await journal.record(record.key, { state: "failed", reason: messageOf(error), failure: "download" });
          settle({ state: "failed", key: record.key, endpoint: record.endpoint, id: record.id ?? video?.id, reason: messageOf(error), failure: "download", error: error instanceof ModelsLabError ? error : undefined }, state);
          return;
        }
      }
      await journal.record(record.key, { state: "done", output: output ?? [], file });
      settle({ state: "done", key: record.key, endpoint: record.endpoint, id: record.id ?? video!.id, family: record.family ?? video!.family, output: output ?? [], file, video }, state);
    };

    const submit = async (record: JournalRecord): Promise<void> => {
      progress({ type: "submitting", key: record.key });
      submitsSent += 1;
      const params = record.trackId === undefined ? record.params : { ...record.params, track_id: record.trackId };
      let answer: Submitted;
      try {
        answer = await client.submit(record.endpoint, params, undefined);
      } catch (error) {
        freeSlot();
        const state = submitStateOf(error);
        const failed = async (reason: string, failure: BatchFailure) => {
          await journal.record(record.key, { state: "failed", reason, failure });
          settle({ state: "failed", key: record.key, endpoint: record.endpoint, id: undefined, reason, failure, error: error instanceof ModelsLabError ? error : undefined }, "submitting");
        };
        if (error instanceof RateLimitError) {
          refusals += 1;
          await journal.record(record.key, { state: "pending", refused: true });
          move("submitting", "pending");
          const retryAfterMs = Math.min(error.retryAfterMs ?? RATE_LIMIT_FALLBACK_MS, MAX_REFUSAL_PAUSE_MS);
          pauseUntil = Math.max(pauseUntil, Date.now() + retryAfterMs);
          acceptedStreak = 0;
          progress({ type: "refused", key: record.key, retryAfterMs });
          setConcurrency(Math.min(concurrency - 1, inFlight), `HTTP 429 with ${inFlight} of this runner's jobs queued`);
        } else if (state === "not-sent" && !(error instanceof InvalidRequestError) && (notSentTries.get(record.key) ?? 0) + 1 < NOT_SENT_ATTEMPTS) {
          notSentTries.set(record.key, (notSentTries.get(record.key) ?? 0) + 1);
          await journal.record(record.key, { state: "pending", refused: false });
          move("submitting", "pending");
          pauseUntil = Math.max(pauseUntil, Date.now() + 1000 * (notSentTries.get(record.key) ?? 1));
          progress({ type: "pending", key: record.key });
        } else if (state === "not-sent") {
          await failed(messageOf(error), error instanceof InvalidRequestError ? "invalid" : "refused");
        } else if (state === "refused") {
          await failed(messageOf(error), error instanceof GenerationFailedError ? "generation" : "refused");
        } else if (error instanceof GenerationFailedError) {
          await failed(messageOf(error), "generation");
        } else {
          const reason = `the submit may have been queued (and billed): ${messageOf(error)}`;
          await journal.record(record.key, { state: "unknown", reason });
          settle({ state: "unknown", key: record.key, endpoint: record.endpoint, trackId: record.trackId, reason, error: error instanceof ModelsLabError ? error : undefined }, "submitting");
        }
        return;
      }
      const job = client.job(answer);
      await journal.record(record.key, { state: "queued", id: job.id, family: job.family });
      move("submitting", "queued");
      progress({ type: "queued", key: record.key });
      acceptedStreak += 1;
      if (acceptedStreak >= concurrency && concurrency < limit) {
        acceptedStreak = 0;
        setConcurrency(concurrency + 1, `${concurrency} submits accepted without a 429`);
      }
      await follow({ ...record, state: "queued", id: job.id, family: job.family }, answer);
    };

    const launch = (work: Promise<void>) => {
      const task = work.catch((error: unknown) => {
        broken.push(error);
      });
      tasks.add(task);
      void task.finally(() => {
        tasks.delete(task);
        wake();
      });
    };
    const takeFollowUps = async () => {
      for (const record of await journal.claimFollowUps()) {
        if (record.state === "queued") inFlight += 1;
        launch(follow(record, undefined));
      }
    };
    await takeFollowUps();

    if (options.checkQueue !== false && counts.pending > 0 && !following.signal.aborted) {
      try {
        const processing = await client.processingRequestCount(following.signal);
        const others = Math.max(0, processing - counts.queued - counts.submitting);
        if (others > 0) setConcurrency(limit - others, `processing/request_count: ${others} other job(s) of the account already queued`);
      } catch {
        // The count is advice: without it the runner starts at the limit and learns from 429s.
      }
    }

    let lastTick = Date.now();
    for (;;) {
      if (broken.length > 0) throw broken[0];
      const now = Date.now();
      if (!following.signal.aborted && now >= pauseUntil && inFlight < concurrency && counts.pending > 0) {
        const claimed = await journal.claimSubmits(concurrency - inFlight);
        for (const record of claimed) {
          inFlight += 1;
          move("pending", "submitting");
          launch(submit(record));
        }
      }
      if (now - lastTick >= TICK_MS) {
        lastTick = now;
        if (!following.signal.aborted) await takeFollowUps();
        // A shared journal changes under other workers too; this runner's own counts are exact otherwise.
        if (journal.shared) counts = await journal.counts();
      }
      if (tasks.size === 0) {
        if (following.signal.aborted) break;
        const fresh = await journal.counts();
        counts = fresh;
        if (unsettled(fresh) === 0) break;
      }
      const waitMs = Math.max(10, Math.min(TICK_MS, pauseUntil > now ? pauseUntil - now : TICK_MS));
      if (!woken)
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, waitMs);
          wakeWaiter = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      wakeWaiter = undefined;
      woken = false;
    }
    await Promise.all(tasks);
    if (broken.length > 0) throw broken[0];
    counts = await journal.counts();
    const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
    return { counts, total, settled: settledHere, submits: submitsSent, refusals, elapsedMs: Date.now() - startedAt, stopped: following.signal.aborted && unsettled(counts) > 0 };
  } finally {
    stop?.removeEventListener("abort", onStop);
    if (!options.journal) await journal.close();
  }
}

