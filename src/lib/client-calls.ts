/**
 * What the client's calls do, loaded with their first use rather than with the client (through
 * ./deferred.ts): the transport, each submit and its `.wait()`, the client's `wait`, uploads and
 * the queue count. client.ts keeps only what must answer at once: the constructor's checks,
 * `job()`, and a stub per method that hands the call over here, waiting for this module only
 * while it has not loaded yet.
 */
import { operationIndex } from "../../generated/operations.js";
import type { Submitted, Video, VideoResponse } from "../core/api-types.js";
import { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_POLL_SCHEDULE, DEFAULT_REQUEST_TIMEOUT_MS, MAX_POLL_PAUSE_MS } from "../core/limits.js";
import {
  AbortedError,
  GenerationFailedError,
  InvalidRequestError,
  ModelsLabError,
  RequestTimeoutError,
  UnexpectedResponseError,
  WaitTimeoutError,
  type SubmitState,
  type ValidationIssue,
} from "../core/errors.js";
import { idOf, jobIdProblem, parseFetchUrl, type Family, type JobRef } from "../core/job.js";
import { createStop, linkSignals, longTimeout, sleep, type Stop } from "../internal/abort.js";
import { acceptedAnswer, bodyStartOf } from "../internal/accepted-answer.js";
import { videoAnswerOf } from "../internal/answer.js";
import { guard } from "../internal/error-boundary.js";
import { SUBMIT_OPTIONS, UPLOAD_OPTIONS, WAIT_OPTIONS } from "../internal/call-options.js";
import { fieldsOf, readOptions, SCHEDULE_OPTIONS } from "../internal/options.js";
import type { Redactor } from "../internal/redaction.js";
import { jsonIssuesOf, refuseInvalid } from "../internal/request-body.js";
import type { SubmitOperationId } from "../internal/request-validation.js";
import { resendDecision, submitStateOf, withSubmitState, worseState, type ResendBudget, type SubmitStage } from "../internal/submit-state.js";
import { createTransport, KEY_HELD_BY_PROXY, post, withKey, type Fetch, type Logger, type Transport } from "../internal/transport.js";
import { loadedValidation, loadValidation } from "../internal/validation-load.js";
import { isImageBytes, type ImageBytes } from "./image-limits.js";
import { JOB, jobOf, type JobTag } from "./job-target.js";
import { uploadImage, withLocalImage, type UploadedImage } from "./local-images.js";
import { processingRequestCount } from "./queue-count.js";
import { SUBMIT_OPERATIONS, type SubmitMethod } from "./submit-operations.js";
import { waitFor } from "./wait.js";
import { resolveWaitOptions, type WaitOptions } from "./wait-options.js";

/** A submit in flight: await it for the first answer, or call `.wait()` for the finished video. */
export type SubmitCall<R extends VideoResponse> = Promise<Submitted<R>> & {
  /** Submits once, then polls until the video is done. Same submit as awaiting the call. */
  wait(options?: WaitOptions): Promise<Video<R>>;
};

/** What `wait` accepts: a submit's answer, a persisted JobRef, a fetch URL, or an id (with `family`). */
export type WaitTarget<R extends VideoResponse = VideoResponse> = Submitted<R> | JobRef | string | number;

/** What a client is, as its constructor read and checked it (client.ts): everything its calls need. */
export interface ClientCore {
  baseUrl: string;
  /** Undefined: the base URL is a proxy that holds the key (modelslab-video/proxy); bodies carry none. */
  apiKey: string | undefined;
  /** The key's redactor (redactorFor(apiKey)). */
  redactor: Redactor;
  fetch: Fetch | undefined;
  /** The headers of every request, merged by the constructor (internal/request-headers.ts). */
  headers: Record<string, string>;
  logger: Logger | undefined;
  timeoutMs: number | undefined;
  maxResponseBytes: number | undefined;
  validate: boolean;
  rateLimitRetries: number;
  notSentRetries: number;
  waitDefaults: Pick<WaitOptions, "timeoutMs" | "schedule" | "maxPollRetries">;
}

/** A submit: the promise of its answer, and its `.wait()` as asked for at `startedAt` (the moment the caller asked, which is earlier for a call made before this module loaded). */
export interface SubmitParts<R extends VideoResponse> {
  submitted: Promise<Submitted<R>>;
  waitFrom(options: WaitOptions | undefined, startedAt: number): Promise<Video<R>>;
}

/** Why a submit in flight was stopped by its `.wait()`: the wait's whole `timeoutMs` passed. */
class WaitDeadline {
  constructor(readonly timeoutMs: number) {}
}

/**
 * Starts loading validation in a web page (where it is fetched from a server), for a client that
 * validates, as soon as this module has loaded (the constructor started that), so that the first
 * submit seldom waits for it; a failed load is caught here, and the submit loads it again.
 */
export function prefetchValidation(core: ClientCore): void {
  if (core.validate && !loadedValidation && typeof (globalThis as { document?: unknown }).document === "object")
    loadValidation(core.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS).catch(() => {});
}
/** A submit without extraFields (the usual one): nothing to merge, check or name. */
const NO_FIELDS: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;
const NO_NAMES: readonly string[] = Object.freeze([]);
const RATE_LIMIT_FALLBACK_MS = 5_000;

function familyOf(operationId: SubmitOperationId): Family {
  return operationIndex[operationId].family;
}

/** The calls of the client `core` describes, with its transport (made once, here). */
export function clientCallsOf(core: ClientCore): ClientCalls {
  return new ClientCalls(core);
}

export class ClientCalls {
  readonly #baseUrl: string;
  readonly #transport: Transport;
  /** The client's submit settings, read through the options schema; a call's own options override them. */
  readonly #settings: SubmitSettings;
  readonly #waitDefaults: ClientCore["waitDefaults"];

  constructor(core: ClientCore) {
    this.#baseUrl = core.baseUrl;
    this.#settings = {
      validate: core.validate,
      rateLimitRetries: core.rateLimitRetries,
      notSentRetries: core.notSentRetries,
      timeoutMs: core.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    };
    this.#waitDefaults = core.waitDefaults;
    this.#transport = createTransport({
      baseUrl: core.baseUrl,
      apiKey: core.apiKey,
      fetch: core.fetch,
      headers: core.headers,
      logger: core.logger,
      timeoutMs: this.#settings.timeoutMs,
      maxResponseBytes: core.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      redactor: core.redactor,
    });
  }

  /** The submit method `method` called with `params` and `options`. */
  submit<R extends VideoResponse>(method: SubmitMethod, params: unknown, options: unknown): SubmitCall<R> {
    const { submitted, waitFrom } = this.submitParts<R>(method, params, options);
    return Object.assign(submitted, { wait: (waitOptions?: WaitOptions) => waitFrom(waitOptions, Date.now()) });
  }

  /** `submit`, in parts: what client.ts joins itself for a call made before this module loaded. */
  submitParts<R extends VideoResponse>(method: SubmitMethod, params: unknown, options: unknown): SubmitParts<R> {
    const operationId = SUBMIT_OPERATIONS[method];
    const family = familyOf(operationId);
    // Lets the call's `.wait()` stop the submit (and an upload before it): its deadline, its
    // signal, or its options being invalid.
    const stop = createStop();
    const progress: SubmitProgress = { stage: "before", earlier: undefined };
    const redactor = this.#transport.redactor;
    const submitted = guard(redactor, () => this.#prepareAndSend<R>(operationId, family, params, options, stop, progress));
    const waitFrom = (waitOptions: WaitOptions = {}, startedAt: number): Promise<Video<R>> =>
      guard(redactor, () => this.#submitAndWait(submitted, stop, progress, family, waitOptions, startedAt));
    return { submitted, waitFrom };
  }

  /** The client's `wait(target, options)`, asked for at `startedAt`. */
  wait<R extends VideoResponse>(target: WaitTarget<R>, options: WaitOptions & { family?: Family }, startedAt: number): Promise<Video<R>> {
    return guard(this.#transport.redactor, () => this.#wait(target, options, startedAt));
  }

  /** The client's `uploadImage(image, options)`. */
  uploadImage(image: ImageBytes, options: unknown): Promise<UploadedImage> {
    return guard(this.#transport.redactor, async () => {
      const { signal } = readOptions(UPLOAD_OPTIONS, options);
      if (!isImageBytes(image)) throw new InvalidRequestError([{ field: "image", rule: "type", message: "must be the image's bytes (a Uint8Array or a Blob)" }], "Image refused");
      return uploadImage(this.#transport, image, signal);
    });
  }

  /** The client's `processingRequestCount(options)`. */
  processingRequestCount(options: unknown): Promise<number> {
    return guard(this.#transport.redactor, () => processingRequestCount(this.#transport, options as { signal?: AbortSignal }));
  }

  #waitOptions(options: WaitOptions): WaitOptions {
    const own = readOptions(WAIT_OPTIONS, options) as WaitOptions & { family?: string };
    const merged: WaitOptions = { ...this.#waitDefaults, ...own, schedule: { ...DEFAULT_POLL_SCHEDULE, ...this.#waitDefaults.schedule, ...readOptions(SCHEDULE_OPTIONS, own.schedule, "schedule.") } };
    resolveWaitOptions(merged);
    return merged;
  }

  async #wait<R extends VideoResponse>(target: WaitTarget<R>, options: WaitOptions & { family?: Family }, startedAt: number): Promise<Video<R>> {
    const waitOptions = this.#waitOptions(options) as WaitOptions & { family?: Family };
    const job = jobOf(this.#baseUrl, this.#transport.redactor, target, waitOptions.family);
    return waitFor<R>(this.#transport, job, target, waitOptions, startedAt);
  }

  /** `params` with a local `init_image` (bytes) made into what the request takes (see ./local-images.ts). */
  async #withImage(operationId: SubmitOperationId, params: Record<string, unknown>, validate: boolean, callerSignal: AbortSignal | undefined, stop: Stop): Promise<Record<string, unknown>> {
    const linked = stop.signal(callerSignal);
    try {
      return (await withLocalImage(this.#transport, operationId, params, { validate, signal: linked.signal })) as Record<string, unknown>;
    } finally {
      linked.release();
    }
  }

  /** A submit call's `.wait()`: bounds the submit in flight by the wait's deadline (from `startedAt`) and signal, then polls. */
  #submitAndWait<R extends VideoResponse>(submitted: Promise<Submitted<R>>, stop: Stop, progress: SubmitProgress, family: Family, waitOptions: WaitOptions, startedAt: number): Promise<Video<R>> {
    let timeoutMs: number;
    try {
      timeoutMs = resolveWaitOptions(this.#waitOptions(waitOptions)).timeoutMs;
    } catch (error) {
      // Called at once (the usual `ml.img2video(...).wait(...)`), this stops the submit before it is sent.
      const unsent = progress.stage === "before" && progress.earlier === undefined;
      stop.stop(error);
      submitted.catch(() => {});
      if (!(unsent && error instanceof ModelsLabError)) return Promise.reject(error);
      return Promise.reject(withSubmitState(error, "not-sent"));
    }
    const cancelDeadline = longTimeout(timeoutMs - (Date.now() - startedAt), () => stop.stop(new WaitDeadline(timeoutMs)));
    const linked = linkSignals(waitOptions.signal);
    const onAbort = () => stop.stop(waitOptions.signal?.reason);
    linked.signal.addEventListener("abort", onAbort, { once: true });
    if (linked.signal.aborted) onAbort();
    const done = () => {
      cancelDeadline();
      linked.signal.removeEventListener("abort", onAbort);
      linked.release();
    };
    return submitted.then(
      (answer) => {
        done();
        if (answer.status !== "success" && Date.now() - startedAt >= timeoutMs) throw new WaitTimeoutError(jobOf(this.#baseUrl, this.#transport.redactor, answer, family), Date.now() - startedAt);
        return this.#wait<R>(answer, { ...waitOptions, family }, startedAt);
      },
      (error: unknown) => {
        done();
        throw error;
      },
    );
  }

  /** The error a submit stopped by its `.wait()` ends with. */
  #stopped(operationId: SubmitOperationId, reason: unknown): ModelsLabError {
    if (reason instanceof WaitDeadline)
      return new RequestTimeoutError(`POST ${operationIndex[operationId].path}: no answer within the wait's timeoutMs (${reason.timeoutMs} ms)`, reason.timeoutMs);
    if (reason instanceof ModelsLabError) return reason;
    return new AbortedError(undefined, reason);
  }

  /**
   * Reads the call's options (one schema with the client's) and body once, checks what every
   * body must be, turns a local image into what the request takes (maybe an upload), then
   * submits. Every error it throws says whether anything was sent (`submitState`).
   */
  async #prepareAndSend<R extends VideoResponse>(
    operationId: SubmitOperationId,
    family: Family,
    params: unknown,
    options: unknown,
    stop: Stop,
    progress: SubmitProgress,
  ): Promise<Submitted<R>> {
    let signal: AbortSignal | undefined;
    try {
      // One turn first, so that a `.wait()` chained on the call can stop the submit before anything is sent.
      await null;
      if (stop.stopped) throw this.#stopped(operationId, stop.reason);
      const call = readOptions(SUBMIT_OPTIONS, options);
      signal = call.signal;
      const settings: SubmitSettings = {
        validate: call.validate ?? this.#settings.validate,
        rateLimitRetries: call.rateLimitRetries ?? this.#settings.rateLimitRetries,
        notSentRetries: call.notSentRetries ?? this.#settings.notSentRetries,
        timeoutMs: call.timeoutMs ?? this.#settings.timeoutMs,
      };
      const extraFields = call.extraFields ?? NO_FIELDS;
      const body = requestBodyOf(params);
      if (call.extraFields !== undefined) {
        const issues: ValidationIssue[] = [
          ...jsonIssuesOf(extraFields, "extraFields"),
          ...("key" in extraFields ? [{ field: "extraFields.key", rule: "not", message: "the key comes from the client, never from a field" }] : []),
        ];
        if (issues.length > 0) throw new InvalidRequestError(issues);
      }
      const ready = isImageBytes(body.init_image) ? await this.#withImage(operationId, body, settings.validate, signal, stop) : body;
      return await this.#send<R>(operationId, family, ready, settings, signal, stop, extraFields, progress);
    } catch (error) {
      let final = error;
      if (signal?.aborted) final = error instanceof AbortedError ? error : new AbortedError(undefined, signal.reason);
      else if (stop.stopped) final = this.#stopped(operationId, stop.reason);
      if (!(final instanceof ModelsLabError)) throw final;
      // What was sent is judged only when something failed (internal/submit-state.ts).
      throw withSubmitState(final, worseState(progress.earlier, submitStateOf(final, progress.stage)));
    }
  }

  async #send<R extends VideoResponse>(
    operationId: SubmitOperationId,
    family: Family,
    params: Record<string, unknown>,
    settings: SubmitSettings,
    signal: AbortSignal | undefined,
    stop: Stop,
    extraFields: Record<string, unknown>,
    progress: SubmitProgress,
  ): Promise<Submitted<R>> {
    const body = withKey(this.#transport, extraFields === NO_FIELDS ? params : { ...params, ...extraFields });
    if (settings.validate) {
      const validation = loadedValidation ?? (await loadValidation(settings.timeoutMs));
      refuseInvalid(validation.validateRequest(operationId, this.#transport.apiKey === undefined ? { ...body, key: KEY_HELD_BY_PROXY } : body, extraFields === NO_FIELDS ? NO_NAMES : Object.keys(extraFields)));
    }
    const budget: ResendBudget = { rateLimitRetries: settings.rateLimitRetries, notSentRetries: settings.notSentRetries };
    for (let attempt = 0; ; attempt++) {
      progress.stage = "before";
      try {
        if (signal?.aborted) throw signal.reason;
        if (stop.stopped) throw stop.reason;
        progress.stage = "request";
        const sent = await post(this.#transport, { path: operationIndex[operationId].path, body, signal, stop, timeoutMs: settings.timeoutMs }, "submit");
        progress.stage = "answered";
        // Any other answer is an error, worked out by internal/answer.ts.
        const answer = acceptedAnswer(sent) ?? videoAnswerOf(sent, "submit");
        if (answer.status === "failed") {
          const message = answer.message ?? answer.messege;
          throw new GenerationFailedError(idOf(answer.id), typeof message === "string" ? message : undefined, answer);
        }
        const submitted = answer as unknown as Submitted<R>;
        const own = idOf(answer.id);
        const ownProblem = own === undefined ? undefined : jobIdProblem(own);
        if (ownProblem !== undefined) throw new UnexpectedResponseError(sent.status, "invalid-id", bodyStartOf(sent), `a job id that ${ownProblem}`, sent.headers);
        const id = own ?? (typeof answer.fetch_result === "string" ? parseFetchUrl(answer.fetch_result)?.id : undefined);
        // The id and family the call knows (a later `wait(answer)` reads them); the fetch URL is made when one is asked for.
        if (id !== undefined) Object.defineProperty(submitted, JOB, { value: { id, family } satisfies JobTag, enumerable: false });
        return submitted;
      } catch (error) {
        if (signal?.aborted || stop.stopped) throw error;
        const state = submitStateOf(error, progress.stage);
        const decision = resendDecision(error, state, budget, attempt);
        if (!decision.again) throw error;
        budget[decision.budget] -= 1;
        progress.earlier = worseState(progress.earlier, state);
        progress.stage = "before";
        const linked = stop.signal(signal);
        try {
          await sleep(Math.min(decision.pauseMs ?? RATE_LIMIT_FALLBACK_MS, MAX_POLL_PAUSE_MS), linked.signal);
        } finally {
          linked.release();
        }
      }
    }
  }
}

/** The settings of one submit: the call's options over the client's, all read through the options schema. */
interface SubmitSettings {
  validate: boolean;
  rateLimitRetries: number;
  notSentRetries: number;
  timeoutMs: number;
}

/** How far a submit call got: the stage of its current send, and the state its earlier sends (resent) left. */
interface SubmitProgress {
  stage: SubmitStage;
  earlier: SubmitState | undefined;
}

/**
 * The request body a caller's value stands for, read once: a plain object whose own fields are
 * copied (a throwing getter or Proxy trap is an InvalidRequestError, not a TypeError), checked to
 * be JSON as written, and made into exactly what JSON will carry (so what is validated is what is
 * sent). An image given as bytes stays bytes.
 */
function requestBodyOf(params: unknown): Record<string, unknown> {
  if (typeof params !== "object" || params === null || Array.isArray(params))
    throw new InvalidRequestError([{ field: "(body)", rule: "type", message: `must be an object of request fields (got ${params === null ? "null" : Array.isArray(params) ? "an array" : typeof params})` }]);
  // A body of plain values only (the usual one), read once, already is what JSON will carry: no walk, no round trip.
  const { flat, copy } = flatBodyOf(params);
  if (flat) return flat;
  const image = isImageBytes(copy.init_image) ? copy.init_image : undefined;
  if (image !== undefined) copy.init_image = "";
  let issues: ValidationIssue[];
  let json: Record<string, unknown>;
  try {
    issues = jsonIssuesOf(copy);
    json = issues.length > 0 ? {} : (JSON.parse(JSON.stringify(copy)) as Record<string, unknown>);
  } catch (error) {
    throw new InvalidRequestError([{ field: "(body)", rule: "readable", message: `reading it threw (${error instanceof Error ? error.message.slice(0, 80) : "a value that cannot be shown"})` }]);
  }
  if (issues.length > 0) throw new InvalidRequestError(issues);
  return image === undefined ? json : { ...json, init_image: image };
}

/**
 * `params` read once, field by field (fieldsOf: a throwing getter or Proxy trap is an
 * InvalidRequestError naming the field): as an ordinary object when every field is a string, a
 * finite number, a boolean or null (and none is named `__proto__`); else copyOf's copy of it.
 */
function flatBodyOf(params: object): { flat?: Record<string, unknown>; copy: Record<string, unknown> } {
  const { names, values } = fieldsOf(params, "");
  let plain = true;
  for (let at = 0; at < names.length && plain; at++) {
    const value = values[at];
    plain = names[at] !== "__proto__" && (typeof value === "string" || typeof value === "boolean" || value === null || (typeof value === "number" && Number.isFinite(value)));
  }
  const copy = (plain ? {} : Object.create(null)) as Record<string, unknown>;
  for (let at = 0; at < names.length; at++) copy[names[at]!] = values[at];
  return plain ? { flat: copy, copy } : { copy };
}
