/**
 * The ModelsLab client: one method per submit endpoint, each with a `.wait()` that polls the
 * generation to its end, and `wait()` to resume one from its id. The generated openapi-fetch
 * client stays reachable as `raw` for anything this layer does not cover.
 */
import type { ModelsLabFetchClient } from "../generated/client.js";
import { DEFAULT_BASE_URL, operationIndex } from "../generated/operations.js";
import type {
  EnterpriseImg2VideoParams,
  EnterpriseUltraImg2VideoParams,
  EnterpriseUltraVideoResponse,
  EnterpriseVideoResponse,
  FusionImg2VideoParams,
  Img2VideoParams,
  Img2VideoUltraParams,
  Submitted,
  V6VideoResponse,
  V7VideoResponse,
  Video,
  VideoResponse,
} from "./core/api-types.js";
import {
  AbortedError,
  GenerationFailedError,
  InvalidRequestError,
  ModelsLabError,
  RateLimitError,
  RequestTimeoutError,
  UnexpectedResponseError,
  WaitTimeoutError,
  type SubmitState,
  type ValidationIssue,
} from "./core/errors.js";
import { fetchUrlOf, isFamily, jobIdProblem, parseFetchUrl, type Family, type JobRef } from "./core/job.js";
import { createStop, linkSignals, longTimeout, sleep, type Stop } from "./internal/abort.js";
import { acceptedAnswer, bodyStartOf, idOf } from "./internal/accepted-answer.js";
import { guard, guardSync, publicError } from "./internal/error-boundary.js";
import { environmentVariable } from "./internal/environment.js";
import { copyOf, fieldsOf, readOptions } from "./internal/options.js";
import { redactorFor, type Redactor } from "./internal/redaction.js";
import { apiKeyProblem, baseUrlProblem, jsonIssuesOf, refuseInvalid } from "./internal/request-body.js";
import type { SubmitOperationId } from "./internal/request-validation.js";
import type { ResendBudget, SubmitStage } from "./internal/submit-state.js";
import {
  createTransport,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_REQUEST_TIMEOUT_MS,
  KEY_HELD_BY_PROXY,
  post,
  withKey,
  type Fetch,
  type Logger,
  type Transport,
} from "./internal/transport.js";
import { DEFAULT_POLL_SCHEDULE } from "./lib/poll-schedule.js";
import { isImageBytes, type ImageBytes } from "./lib/image-limits.js";
import type { UploadedImage, UploadOptions, WithLocalImage } from "./lib/local-images.js";
import type { QueueCountOptions } from "./lib/queue-count.js";
import type { BatchItem, BatchOptions, BatchRun, SettledItem } from "./lib/batch.js";
import { lazyFetchClient } from "./lib/raw-client.js";
import { SUBMIT_OPERATIONS } from "./lib/submit-operations.js";
import { MAX_POLL_PAUSE_MS, resolveWaitOptions, type WaitOptions } from "./lib/wait-options.js";

export interface ModelsLabOptions {
  /**
   * Defaults to the MODELSLAB_API_KEY environment variable where the runtime has one. May be left
   * out only with a `baseUrl` given here: a proxy that holds the key (modelslab-video/proxy), to
   * which the client sends no key at all.
   */
  apiKey?: string;
  /**
   * Defaults to MODELSLAB_BASE_URL, then https://modelslab.com/api. In a web page a path
   * (`/api/modelslab`) means that path on the page's origin.
   */
  baseUrl?: string;
  /** A fetch implementation (defaults to globalThis.fetch). */
  fetch?: Fetch;
  /** Extra headers for every request. */
  headers?: Record<string, string>;
  /** Check each submit body against the API schema before sending it. Default true. */
  validate?: boolean;
  /**
   * How many times a submit answered HTTP 429 is sent again, after the pause the API asks for.
   * A 429 was not queued, so not billed. A whole number from 0 to 100; default 0. No other failed
   * submit is ever sent again (but see `notSentRetries`).
   */
  rateLimitRetries?: number;
  /**
   * How many times a submit that was never sent (`submitState: "not-sent"`: the connection was
   * never made, e.g. DNS failure or connection refused) is tried again, after a short pause
   * (250 ms, doubling, at most 10 s). Nothing reached the API, so nothing can be billed twice.
   * A whole number from 0 to 100; default 0.
   */
  notSentRetries?: number;
  /** Defaults for every wait (timeout, poll schedule, poll retries). */
  wait?: Pick<WaitOptions, "timeoutMs" | "schedule" | "maxPollRetries">;
  /** Time limit of each request, headers and whole body, in ms. Default 60 000 (1 minute). */
  timeoutMs?: number;
  /** Cap on each response body, enforced as it streams in, in bytes. Default 1 048 576 (1 MiB). */
  maxResponseBytes?: number;
  /** Receives a line per request and answer, API key redacted. */
  logger?: Logger;
}

export interface SubmitOptions {
  signal?: AbortSignal;
  /** Overrides the client's `validate` for this call. */
  validate?: boolean;
  /** Overrides the client's `rateLimitRetries` for this call (same rule). */
  rateLimitRetries?: number;
  /** Overrides the client's `notSentRetries` for this call (same rule). */
  notSentRetries?: number;
  /** Overrides the client's request `timeoutMs` for this submit. */
  timeoutMs?: number;
  /**
   * Fields the spec does not know yet, sent as given. Any other field the endpoint's schema lacks
   * is refused before sending (the API ignores unknown fields silently, so a typo would cost a
   * billed, wrong video).
   */
  extraFields?: Record<string, unknown>;
}

export type { UploadedImage, UploadOptions, WithLocalImage } from "./lib/local-images.js";

/** A submit in flight: await it for the first answer, or call `.wait()` for the finished video. */
export type SubmitCall<R extends VideoResponse> = Promise<Submitted<R>> & {
  /** Submits once, then polls until the video is done. Same submit as awaiting the call. */
  wait(options?: WaitOptions): Promise<Video<R>>;
};

/** What `wait` accepts: a submit's answer, a persisted JobRef, a fetch URL, or an id (with `family`). */
export type WaitTarget<R extends VideoResponse = VideoResponse> = Submitted<R> | JobRef | string | number;

const JOB = Symbol("modelslab.job");
/** What a submit's answer is tagged with (under JOB): the job's id and family as the call knew them. */
type JobTag = Pick<JobRef, "id" | "family">;

/** Why a submit in flight was stopped by its `.wait()`: the wait's whole `timeoutMs` passed. */
class WaitDeadline {
  constructor(readonly timeoutMs: number) {}
}

function refuse(field: string, rule: string, message: string, what = "Invalid client options"): InvalidRequestError {
  return new InvalidRequestError([{ field, rule, message }], what);
}

/** Waiting, local images, the queue count and batches load with the first call that needs one of them (see lib/deferred.ts). */
let deferred: Promise<typeof import("./lib/deferred.js")> | undefined;
const later = () => (deferred ??= import("./lib/deferred.js"));

/** Validation (and its compiled validators) load on the first submit that validates, not with the client. */
let requestValidation: Promise<typeof import("./internal/request-validation.js")> | undefined;
/** The validation module once loaded: later submits use it without waiting a turn. */
let loadedValidation: typeof import("./internal/request-validation.js") | undefined;
/** A submit without extraFields (the usual one): nothing to merge, check or name. */
const NO_FIELDS: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;
const NO_NAMES: readonly string[] = Object.freeze([]);
const RATE_LIMIT_FALLBACK_MS = 5_000;

/** A base URL path such as `/api/modelslab` (a proxy on the page's own origin), made absolute against the page's address. */
function absoluteBaseUrl(baseUrl: string): string {
  if (!baseUrl.startsWith("/") || baseUrl.startsWith("//")) return baseUrl;
  const page = (globalThis as { location?: { href?: unknown } }).location?.href;
  if (typeof page !== "string") throw refuse("baseUrl", "format", `${JSON.stringify(baseUrl)} is a path; outside a web page give the whole URL (http://host/...)`);
  return new URL(baseUrl, page).href;
}

function familyOf(operationId: SubmitOperationId): Family {
  return operationIndex[operationId].family;
}

export class ModelsLab {
  /** The generated openapi-fetch client: every path of the API, typed. Pass `key` in bodies yourself. */
  readonly raw: ModelsLabFetchClient;
  readonly baseUrl: string;
  readonly #transport: Transport;
  /** The client's submit settings, read through the options schema; a call's own options override them. */
  readonly #settings: SubmitSettings;
  readonly #waitDefaults: NonNullable<ModelsLabOptions["wait"]>;

  constructor(options: ModelsLabOptions = {}) {
    try {
      ({ raw: this.raw, baseUrl: this.baseUrl, transport: this.#transport, settings: this.#settings, waitDefaults: this.#waitDefaults } = ModelsLab.#made(options));
    } catch (error) {
      throw publicError(error, keyRedactorOf(options));
    }
  }

  /** What the constructor makes of its options, every one read through the options schema. */
  static #made(options: unknown): { raw: ModelsLabFetchClient; baseUrl: string; transport: Transport; settings: SubmitSettings; waitDefaults: NonNullable<ModelsLabOptions["wait"]> } {
    const read = readOptions("client", options);
    const apiKey = read.apiKey ?? environmentVariable("MODELSLAB_API_KEY");
    // No key is allowed only with a base URL given here: a proxy that holds the key (see
    // modelslab-video/proxy). The API itself never answers a request without one.
    if (apiKey === undefined && read.baseUrl === undefined)
      throw new InvalidRequestError(
        [{ field: "apiKey", rule: "required", message: 'pass { apiKey } or set MODELSLAB_API_KEY (or pass the baseUrl of a proxy that holds the key, e.g. { baseUrl: "/api/modelslab" })' }],
        "No API key",
      );
    if (apiKey !== undefined) {
      const keyProblem = apiKeyProblem(apiKey);
      // The message never quotes the key.
      if (keyProblem) throw refuse("apiKey", "format", keyProblem, "Invalid API key");
    }
    const baseUrl = absoluteBaseUrl(read.baseUrl ?? environmentVariable("MODELSLAB_BASE_URL") ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
    const urlProblem = baseUrlProblem(baseUrl);
    // The message never quotes a base URL that may hold a secret (credentials, a query, a fragment).
    if (urlProblem) throw refuse("baseUrl", "format", `${shownBaseUrl(baseUrl)} ${urlProblem}`);
    const waitDefaults = readOptions("waitDefaults", read.wait, "wait.");
    readOptions("schedule", waitDefaults.schedule, "wait.schedule.");
    const settings: SubmitSettings = {
      validate: read.validate ?? true,
      rateLimitRetries: read.rateLimitRetries ?? 0,
      notSentRetries: read.notSentRetries ?? 0,
      timeoutMs: read.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    };
    const fetchImpl = read.fetch as Fetch | undefined;
    const headers = read.headers ?? {};
    const raw = lazyFetchClient({
      baseUrl,
      ...(fetchImpl ? { fetch: fetchImpl } : {}),
      ...(read.headers ? { headers } : {}),
    });
    const transport = createTransport({
      baseUrl,
      apiKey,
      fetch: fetchImpl,
      headers,
      logger: read.logger,
      timeoutMs: settings.timeoutMs,
      maxResponseBytes: read.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    });
    return { raw, baseUrl, transport, settings, waitDefaults: waitDefaults as NonNullable<ModelsLabOptions["wait"]> };
  }

  /** v6 `POST /v6/video/img2video`. */
  img2video(params: WithLocalImage<Img2VideoParams>, options?: SubmitOptions): SubmitCall<V6VideoResponse> {
    return this.#submit(SUBMIT_OPERATIONS.img2video, params, options);
  }

  /** v6 `POST /v6/video/img2video_ultra` (HD; billed per call). */
  img2videoUltra(params: WithLocalImage<Img2VideoUltraParams>, options?: SubmitOptions): SubmitCall<V6VideoResponse> {
    return this.#submit(SUBMIT_OPERATIONS.img2videoUltra, params, options);
  }

  /**
   * v7 `POST /v7/video-fusion/image-to-video`. The request is typed and checked per model: a
   * model_id the merged document knows takes that model's fields and values (Hailuo-2.3-i2v: a
   * duration of "6" or "10"); any other id takes the generic v7 request.
   */
  fusionImg2video<const M extends string>(params: WithLocalImage<FusionImg2VideoParams<M>> & { model_id: M }, options?: SubmitOptions): SubmitCall<V7VideoResponse> {
    return this.#submit(SUBMIT_OPERATIONS.fusionImg2video, params, options);
  }

  /** Enterprise `POST /v1/enterprise/video/img2video`. */
  enterpriseImg2video(params: WithLocalImage<EnterpriseImg2VideoParams>, options?: SubmitOptions): SubmitCall<EnterpriseVideoResponse> {
    return this.#submit(SUBMIT_OPERATIONS.enterpriseImg2video, params, options);
  }

  /** Enterprise `POST /v1/enterprise/image_to_video_ultra/img2video` (HD, on its own server). */
  enterpriseImg2videoUltra(params: WithLocalImage<EnterpriseUltraImg2VideoParams>, options?: SubmitOptions): SubmitCall<EnterpriseUltraVideoResponse> {
    return this.#submit(SUBMIT_OPERATIONS.enterpriseImg2videoUltra, params, options);
  }

  /**
   * Puts a local image online through `POST /v6/base64_to_url` and returns its URL, which
   * expires 24 hours after the upload. The image is checked before anything is sent: a PNG,
   * JPEG, GIF or WebP image of at most 5 MB (InvalidRequestError otherwise). The upload is one
   * request with the API key, through the same transport as every other call; its failures are
   * the client's typed errors (APIError, AuthenticationError, RateLimitError, ConnectionError,
   * UnexpectedResponseError), and it is never sent again by the client.
   */
  uploadImage(image: ImageBytes, options: UploadOptions = {}): Promise<UploadedImage> {
    return guard(this.#transport.redactor, async () => {
      const { signal } = readOptions("upload", options);
      if (!isImageBytes(image)) throw new InvalidRequestError([{ field: "image", rule: "type", message: "must be the image's bytes (a Uint8Array or a Blob)" }], "Image refused");
      const { uploadImage } = await later();
      return uploadImage(this.#transport, image, signal);
    });
  }

  /**
   * How many of the account's requests ModelsLab is processing now (`POST
   * /v6/processing/request_count`, throttled by ModelsLab to 30 requests a minute). Compare it
   * with the plan's queue limit (5, 10 or 15) before sending more. Never sent again by the client.
   */
  async processingRequestCount(options: QueueCountOptions = {}): Promise<number> {
    const { processingRequestCount } = await later();
    return processingRequestCount(this.#transport, options);
  }

  /**
   * Runs many submits within the account's queue limit and yields each item as it settles (done
   * with its video, failed with its typed error, or unknown: may have been queued), then
   * `summary()`. Every item is checked before anything is sent; each submit carries the item's key
   * as `track_id` where the endpoint has one. See docs/batch.md; Node journals that survive a
   * crash: `modelslab-video/journal`.
   */
  batch(items: AsyncIterable<BatchItem> | Iterable<BatchItem>, options: BatchOptions = {}): BatchRun {
    const validate = this.#settings.validate;
    const run = later().then((runner) => runner.startBatch(runner.batchClientOf(this), items, options, validate));
    run.catch(() => {});
    return {
      summary: () => run.then((started) => started.summary()),
      [Symbol.asyncIterator](): AsyncIterator<SettledItem> {
        let iterator: AsyncIterator<SettledItem> | undefined;
        return {
          next: async () => (iterator ??= (await run)[Symbol.asyncIterator]()).next(),
          return: async () => (await iterator?.return?.()) ?? { value: undefined, done: true },
        };
      },
    };
  }

  /**
   * Polls a generation until it is done. Takes a submit's answer (its `id`, or the id in its
   * `fetch_result`), a JobRef, a fetch URL, or an id together with `options.family`.
   */
  wait<R extends VideoResponse = VideoResponse>(target: WaitTarget<R>, options: WaitOptions & { family?: Family } = {}): Promise<Video<R>> {
    return guard(this.#transport.redactor, () => this.#wait(target, options, Date.now()));
  }

  #waitOptions(options: WaitOptions): WaitOptions {
    const own = readOptions("wait", options) as WaitOptions & { family?: string };
    const merged: WaitOptions = { ...this.#waitDefaults, ...own, schedule: { ...DEFAULT_POLL_SCHEDULE, ...this.#waitDefaults.schedule, ...readOptions("schedule", own.schedule, "schedule.") } };
    resolveWaitOptions(merged);
    return merged;
  }

  async #wait<R extends VideoResponse>(target: WaitTarget<R>, options: WaitOptions & { family?: Family }, startedAt: number): Promise<Video<R>> {
    const waitOptions = this.#waitOptions(options) as WaitOptions & { family?: Family };
    const job = this.#jobOf(target, waitOptions.family);
    const { waitFor } = await later();
    return waitFor<R>(this.#transport, job, target, waitOptions, startedAt);
  }

  /** The JobRef of a submit's answer, a fetch URL, or an id of the given family: what `wait` resumes from. */
  job(target: WaitTarget, family?: Family): JobRef {
    return guardSync(this.#transport.redactor, () => this.#jobOf(target, family));
  }

  #jobOf(target: unknown, family: unknown): JobRef {
    const cannot = (field: string, rule: string, message: string) => new InvalidRequestError([{ field, rule, message }], "Cannot wait");
    if (family !== undefined && !isFamily(family)) throw cannot("family", "enum", 'must be "v6", "v7", "enterprise" or "enterprise-ultra"');
    const callerId = (id: string, field: string): string => {
      const problem = jobIdProblem(id);
      if (problem) throw cannot(field, "format", `a job id that ${problem} cannot name a job`);
      return id;
    };
    let id: string | undefined;
    let found: Family | undefined;
    if (typeof target === "string" && /^https?:\/\//i.test(target)) {
      const parsed = parseFetchUrl(target);
      if (!parsed) throw cannot("target", "format", `${printableStart(this.#transport.redactor.text(target))} is not a fetch URL of the API with a usable id`);
      ({ id, family: found } = parsed);
    } else if (typeof target === "string") {
      id = callerId(target, "target");
    } else if (typeof target === "number") {
      if (!Number.isSafeInteger(target)) throw cannot("target", "format", `${String(target)} is not a whole number a job id can be (above 2^53 digits are lost: pass the id as a string)`);
      id = String(target);
    } else if (typeof target === "object" && target !== null && !Array.isArray(target)) {
      let tagged: JobTag | undefined;
      try {
        tagged = (target as { [JOB]?: JobTag })[JOB];
      } catch {
        tagged = undefined;
      }
      const fields = copyOf(target, "target");
      if ("fetchUrl" in fields && !("status" in fields)) {
        if (!isFamily(fields.family)) throw cannot("target.family", "enum", 'must be "v6", "v7", "enterprise" or "enterprise-ultra"');
        if (typeof fields.id !== "string") throw cannot("target.id", "type", "must be a string");
        id = callerId(fields.id, "target.id");
        found = fields.family;
      } else if ("status" in fields) {
        // A submit's answer: what the server chose.
        const own = idOf(fields.id);
        const fromUrl = typeof fields.fetch_result === "string" ? parseFetchUrl(fields.fetch_result) : undefined;
        id = tagged?.id ?? own ?? fromUrl?.id;
        found = tagged?.family ?? fromUrl?.family;
        if (id === undefined) throw new UnexpectedResponseError(200, "missing-id", answerStart(fields, this.#transport.redactor), "a response with neither a usable id nor fetch_result");
        const problem = jobIdProblem(id);
        if (problem) throw new UnexpectedResponseError(200, "invalid-id", answerStart(fields, this.#transport.redactor), `a job id that ${problem}`);
      } else {
        throw cannot("target", "type", "must be a submit answer, a JobRef, a fetch URL or an id");
      }
    } else {
      throw cannot("target", "type", `must be a submit answer, a JobRef, a fetch URL or an id (got ${target === null ? "null" : Array.isArray(target) ? "an array" : typeof target})`);
    }
    const chosen = (family as Family | undefined) ?? found;
    if (!chosen) throw cannot("family", "required", 'say which API the id belongs to: "v6", "v7", "enterprise" or "enterprise-ultra"');
    return { id, family: chosen, fetchUrl: fetchUrlOf(this.baseUrl, chosen, id) };
  }

  /** `params` with a local `init_image` (bytes) made into what the request takes (see lib/local-images.ts). */
  async #withImage(operationId: SubmitOperationId, params: Record<string, unknown>, validate: boolean, callerSignal: AbortSignal | undefined, stop: Stop): Promise<Record<string, unknown>> {
    const { withLocalImage } = await later();
    const linked = stop.signal(callerSignal);
    try {
      return (await withLocalImage(this.#transport, operationId, params, { validate, signal: linked.signal })) as Record<string, unknown>;
    } finally {
      linked.release();
    }
  }

  #submit<R extends VideoResponse>(operationId: SubmitOperationId, params: unknown, options: unknown): SubmitCall<R> {
    const family = familyOf(operationId);
    // Lets the call's `.wait()` stop the submit (and an upload before it): its deadline, its
    // signal, or its options being invalid.
    const stop = createStop();
    const progress: SubmitProgress = { stage: "before", earlier: undefined };
    const redactor = this.#transport.redactor;
    const submitted = guard(redactor, () => this.#prepareAndSend<R>(operationId, family, params, options, stop, progress));
    const wait = (waitOptions: WaitOptions = {}): Promise<Video<R>> => guard(redactor, () => this.#submitAndWait(submitted, stop, progress, family, waitOptions));
    return Object.assign(submitted, { wait });
  }

  /** A submit call's `.wait()`: bounds the submit in flight by the wait's deadline and signal, then polls. */
  #submitAndWait<R extends VideoResponse>(submitted: Promise<Submitted<R>>, stop: Stop, progress: SubmitProgress, family: Family, waitOptions: WaitOptions): Promise<Video<R>> {
    {
      const startedAt = Date.now();
      let timeoutMs: number;
      try {
        timeoutMs = resolveWaitOptions(this.#waitOptions(waitOptions)).timeoutMs;
      } catch (error) {
        // Called at once (the usual `ml.img2video(...).wait(...)`), this stops the submit before it is sent.
        const unsent = progress.stage === "before" && progress.earlier === undefined;
        stop.stop(error);
        submitted.catch(() => {});
        if (!(unsent && error instanceof ModelsLabError)) return Promise.reject(error);
        return later().then(({ withSubmitState }) => Promise.reject(withSubmitState(error, "not-sent")));
      }
      const cancelDeadline = longTimeout(timeoutMs, () => stop.stop(new WaitDeadline(timeoutMs)));
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
          if (answer.status !== "success" && Date.now() - startedAt >= timeoutMs) throw new WaitTimeoutError(this.#jobOf(answer, family), Date.now() - startedAt);
          return this.#wait<R>(answer, { ...waitOptions, family }, startedAt);
        },
        (error: unknown) => {
          done();
          throw error;
        },
      );
    }
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
      const call = readOptions("submit", options);
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
      // What was sent is judged only when something failed (internal/submit-state.ts, loaded then).
      const { submitStateOf, withSubmitState, worseState } = await later();
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
      const validation = loadedValidation ?? (await (requestValidation ??= import("./internal/request-validation.js")));
      loadedValidation = validation;
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
        // Any other answer is an error, worked out by code loaded with the first one (internal/answer.ts).
        const answer = acceptedAnswer(sent) ?? (await later()).videoAnswerOf(sent, "submit");
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
        const { resendDecision, submitStateOf, worseState } = await later();
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

/** A redactor of the key the options (or the environment) give, when it can be read; for the constructor's errors. */
function keyRedactorOf(options: unknown): Redactor | undefined {
  let key: unknown;
  try {
    key = typeof options === "object" && options !== null ? (options as { apiKey?: unknown }).apiKey : undefined;
  } catch {
    key = undefined;
  }
  key ??= environmentVariable("MODELSLAB_API_KEY");
  return typeof key === "string" && key !== "" ? redactorFor(key) : undefined;
}

/** The start of an answer a caller handed back, as an error shows it (key redacted). */
function answerStart(fields: Record<string, unknown>, redactor: Redactor): string {
  try {
    return redactor.text(JSON.stringify(fields) ?? "").slice(0, 200);
  } catch {
    return "";
  }
}

/** The start of a caller's text, for a message. */
function printableStart(text: string): string {
  return JSON.stringify(text.length > 120 ? `${text.slice(0, 120)}…` : text);
}

/** A base URL as an error may show it: origin and path only (never credentials, query or fragment). */
function shownBaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return JSON.stringify(`${parsed.origin === "null" ? `${parsed.protocol}//…` : parsed.origin}${parsed.pathname}`);
  } catch {
    return `the value given (${url.length} characters, not shown)`;
  }
}
