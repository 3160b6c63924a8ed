/**
 * The ModelsLab client: one method per submit endpoint, each with a `.wait()` that polls the
 * generation to its end, and `wait()` to resume one from its id. The generated openapi-fetch
 * client stays reachable as `raw` for anything this layer does not cover.
 */
import { createModelsLabFetchClient, DEFAULT_BASE_URL, operationIndex, type ModelsLabFetchClient } from "../generated/client.js";
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
  WithStatus,
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
  type ValidationIssue,
} from "./core/errors.js";
import { fetchUrlOf, isFamily, parseFetchUrl, type Family, type JobRef } from "./core/job.js";
import { linkSignals, longTimeout, sleep } from "./internal/abort.js";
import { idOf, videoAnswerOf } from "./internal/answer.js";
import { environmentVariable } from "./internal/environment.js";
import { apiKeyProblem, baseUrlProblem, jsonIssuesOf } from "./internal/request-body.js";
import type { SubmitOperationId } from "./internal/request-validation.js";
import {
  createTransport,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_REQUEST_TIMEOUT_MS,
  post,
  SUBMIT_NOTE,
  type Fetch,
  type Logger,
  type Transport,
} from "./internal/transport.js";
import { DEFAULT_POLL_SCHEDULE } from "./lib/poll-schedule.js";
import { isImageBytes, type ImageBytes } from "./lib/image-limits.js";
import type { UploadedImage, UploadOptions, WithLocalImage } from "./lib/local-images.js";
import { SUBMIT_OPERATIONS } from "./lib/submit-endpoints.js";
import { MAX_POLL_PAUSE_MS, resolveWaitOptions, videoOf, waitForJob, type WaitOptions } from "./lib/wait.js";

export interface ModelsLabOptions {
  /** Defaults to the MODELSLAB_API_KEY environment variable where the runtime has one. */
  apiKey?: string;
  /** Defaults to MODELSLAB_BASE_URL, then https://modelslab.com/api. */
  baseUrl?: string;
  /** A fetch implementation (defaults to globalThis.fetch). */
  fetch?: Fetch;
  /** Extra headers for every request. */
  headers?: Record<string, string>;
  /** Check each submit body against the API schema before sending it. Default true. */
  validate?: boolean;
  /**
   * How many times a submit answered HTTP 429 is sent again, after the pause the API asks for.
   * A 429 was not queued, so not billed. Default 0. No other failed submit is ever sent again.
   */
  rateLimitRetries?: number;
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
  /** Overrides the client's `rateLimitRetries` for this call. */
  rateLimitRetries?: number;
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

/** Why a submit in flight was stopped by its `.wait()`: the wait's whole `timeoutMs` passed. */
class WaitDeadline {
  constructor(readonly timeoutMs: number) {}
}

function refuse(field: string, rule: string, message: string, what = "Invalid client options"): InvalidRequestError {
  return new InvalidRequestError([{ field, rule, message }], what);
}

/** A request time limit: a finite number of ms above 0. */
function requestTimeoutOf(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) throw refuse(field, "range", `must be a finite number of ms above 0 (got ${String(value)})`);
  return value;
}
/** Image checks, encoding and the upload load with the first image given as bytes, not with the client. */
let localImages: Promise<typeof import("./lib/local-images.js")> | undefined;

/** Validation (and its compiled validators) load on the first submit that validates, not with the client. */
let requestValidation: Promise<typeof import("./internal/request-validation.js")> | undefined;
const RATE_LIMIT_FALLBACK_MS = 5_000;

function familyOf(operationId: SubmitOperationId): Family {
  return operationIndex[operationId].family;
}

export class ModelsLab {
  /** The generated openapi-fetch client: every path of the API, typed. Pass `key` in bodies yourself. */
  readonly raw: ModelsLabFetchClient;
  readonly baseUrl: string;
  readonly #transport: Transport;
  readonly #options: ModelsLabOptions;

  constructor(options: ModelsLabOptions = {}) {
    const apiKey = options.apiKey ?? environmentVariable("MODELSLAB_API_KEY");
    if (!apiKey)
      throw new InvalidRequestError([{ field: "apiKey", rule: "required", message: "pass { apiKey } or set MODELSLAB_API_KEY" }], "No API key");
    const keyProblem = apiKeyProblem(apiKey);
    // The message never quotes the key.
    if (keyProblem) throw refuse("apiKey", "format", keyProblem, "Invalid API key");
    this.baseUrl = (options.baseUrl ?? environmentVariable("MODELSLAB_BASE_URL") ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
    const urlProblem = baseUrlProblem(this.baseUrl);
    if (urlProblem) throw refuse("baseUrl", "format", `${JSON.stringify(this.baseUrl)} ${urlProblem}`);
    const timeoutMs = requestTimeoutOf(options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, "timeoutMs");
    const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    if (!Number.isSafeInteger(maxResponseBytes) || maxResponseBytes <= 0) throw refuse("maxResponseBytes", "range", `must be a whole number of bytes above 0 (got ${String(maxResponseBytes)})`);
    const rateLimitRetries = options.rateLimitRetries ?? 0;
    if (!Number.isSafeInteger(rateLimitRetries) || rateLimitRetries < 0) throw refuse("rateLimitRetries", "range", `must be an integer ≥ 0 (got ${String(rateLimitRetries)})`);
    resolveWaitOptions(options.wait ?? {});
    this.raw = createModelsLabFetchClient({
      baseUrl: this.baseUrl,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.headers ? { headers: options.headers } : {}),
    });
    this.#transport = createTransport({ baseUrl: this.baseUrl, apiKey, fetch: options.fetch, headers: options.headers ?? {}, logger: options.logger, timeoutMs, maxResponseBytes });
    this.#options = options;
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
  async uploadImage(image: ImageBytes, options: UploadOptions = {}): Promise<UploadedImage> {
    const { uploadImage } = await (localImages ??= import("./lib/local-images.js"));
    return uploadImage(this.#transport, image, options.signal);
  }

  /**
   * Polls a generation until it is done. Takes a submit's answer (its `id`, or the id in its
   * `fetch_result`), a JobRef, a fetch URL, or an id together with `options.family`.
   */
  wait<R extends VideoResponse = VideoResponse>(target: WaitTarget<R>, options: WaitOptions & { family?: Family } = {}): Promise<Video<R>> {
    return this.#wait(target, options, Date.now());
  }

  #waitOptions(options: WaitOptions): WaitOptions {
    const merged = { ...this.#options.wait, ...options, schedule: { ...DEFAULT_POLL_SCHEDULE, ...this.#options.wait?.schedule, ...options.schedule } };
    resolveWaitOptions(merged);
    return merged;
  }

  #wait<R extends VideoResponse>(target: WaitTarget<R>, options: WaitOptions & { family?: Family }, startedAt: number): Promise<Video<R>> {
    return new Promise<Video<R>>((resolve) => {
      const waitOptions = this.#waitOptions(options);
      const job = this.job(target, options.family);
      if (typeof target === "object" && "status" in target && target.status === "success") {
        resolve(Promise.resolve(waitOptions.onEnqueue?.(job)).then(() => videoOf(job, target as WithStatus<R, "success">, 0, Date.now() - startedAt)));
        return;
      }
      const first = typeof target === "object" && "status" in target ? { eta: target.eta } : undefined;
      resolve(waitForJob<R>(this.#transport, job, first, waitOptions, Math.random, startedAt));
    });
  }

  /** The JobRef of a submit's answer, a fetch URL, or an id of the given family: what `wait` resumes from. */
  job(target: WaitTarget, family?: Family): JobRef {
    if (typeof target === "object" && "fetchUrl" in target && isFamily(target.family))
      return { id: target.id, family: family ?? target.family, fetchUrl: fetchUrlOf(this.baseUrl, family ?? target.family, target.id) };
    let id: string | undefined;
    let found: Family | undefined;
    if (typeof target === "string" && /^https?:\/\//i.test(target)) {
      const parsed = parseFetchUrl(target);
      if (!parsed) throw new InvalidRequestError([{ field: "target", rule: "format", message: `${target} is not a fetch URL of the API` }], "Cannot wait");
      ({ id, family: found } = parsed);
    } else if (typeof target === "string" || typeof target === "number") {
      id = String(target);
    } else if ("status" in target) {
      const tagged = (target as { [JOB]?: JobRef })[JOB];
      const fromUrl = typeof target.fetch_result === "string" ? parseFetchUrl(target.fetch_result) : undefined;
      id = idOf(target.id) ?? tagged?.id ?? fromUrl?.id;
      found = tagged?.family ?? fromUrl?.family;
      if (id === undefined)
        throw new UnexpectedResponseError(200, "missing-id", JSON.stringify(target).slice(0, 200), "a response with neither a usable id nor fetch_result");
    } else {
      throw new InvalidRequestError([{ field: "target", rule: "type", message: "must be a submit answer, a JobRef, a fetch URL or an id" }], "Cannot wait");
    }
    const chosen = family ?? found;
    if (!chosen) throw new InvalidRequestError([{ field: "family", rule: "required", message: 'say which API the id belongs to: "v6", "v7", "enterprise" or "enterprise-ultra"' }], "Cannot wait");
    return { id, family: chosen, fetchUrl: fetchUrlOf(this.baseUrl, chosen, id) };
  }

  /** `params` with a local `init_image` (bytes) made into what the request takes (see lib/local-images.ts). */
  async #withImage(operationId: SubmitOperationId, params: object, options: SubmitOptions): Promise<object> {
    if (!isImageBytes((params as { init_image?: unknown }).init_image)) return params;
    const { withLocalImage } = await (localImages ??= import("./lib/local-images.js"));
    const validate = options.validate ?? this.#options.validate ?? true;
    return withLocalImage(this.#transport, operationId, params, { validate, signal: options.signal });
  }

  #submit<R extends VideoResponse>(operationId: SubmitOperationId, params: object, options: SubmitOptions = {}): SubmitCall<R> {
    const family = familyOf(operationId);
    // Lets the call's `.wait()` stop the submit (and an upload before it): its deadline, its
    // signal, or its options being invalid.
    const stopper = new AbortController();
    const submitted = this.#prepareAndSend<R>(operationId, family, params, options, stopper.signal);
    const wait = (waitOptions: WaitOptions = {}): Promise<Video<R>> => {
      const startedAt = Date.now();
      let timeoutMs: number;
      try {
        timeoutMs = resolveWaitOptions(this.#waitOptions(waitOptions)).timeoutMs;
      } catch (error) {
        // Called at once (the usual `ml.img2video(...).wait(...)`), this stops the submit before it is sent.
        stopper.abort(error);
        submitted.catch(() => {});
        return Promise.reject(error);
      }
      const cancelDeadline = longTimeout(timeoutMs, () => stopper.abort(new WaitDeadline(timeoutMs)));
      const linked = linkSignals(waitOptions.signal);
      const onAbort = () => stopper.abort(waitOptions.signal?.reason);
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
          if (answer.status !== "success" && Date.now() - startedAt >= timeoutMs) throw new WaitTimeoutError(this.job(answer, family), Date.now() - startedAt);
          return this.#wait<R>(answer, { ...waitOptions, family }, startedAt);
        },
        (error: unknown) => {
          done();
          throw error;
        },
      );
    };
    return Object.assign(submitted, { wait });
  }

  /** The error a submit stopped by its `.wait()` ends with. */
  #stopped(operationId: SubmitOperationId, reason: unknown): ModelsLabError {
    if (reason instanceof WaitDeadline)
      return new RequestTimeoutError(`POST ${operationIndex[operationId].path}: no answer within the wait's timeoutMs (${reason.timeoutMs} ms)${SUBMIT_NOTE}`, reason.timeoutMs);
    if (reason instanceof ModelsLabError) return reason;
    return new AbortedError(undefined, reason);
  }

  /** Checks what every body must be, turns a local image into what the request takes (maybe an upload), then submits once. */
  async #prepareAndSend<R extends VideoResponse>(
    operationId: SubmitOperationId,
    family: Family,
    params: object,
    options: SubmitOptions,
    stop: AbortSignal,
  ): Promise<Submitted<R>> {
    // One turn first, so that a `.wait()` chained on the call can stop the submit before anything is sent.
    await null;
    if (stop.aborted) throw this.#stopped(operationId, stop.reason);
    const extraFields = options.extraFields ?? {};
    const image = (params as { init_image?: unknown }).init_image;
    const issues: ValidationIssue[] = [
      ...jsonIssuesOf(isImageBytes(image) ? { ...params, init_image: "" } : params),
      ...jsonIssuesOf(extraFields, "extraFields"),
      ...("key" in extraFields ? [{ field: "extraFields.key", rule: "not", message: "the key comes from the client, never from a field" }] : []),
    ];
    const timeoutMs = requestTimeoutOf(options.timeoutMs ?? this.#transport.timeoutMs, "timeoutMs");
    if (issues.length > 0) throw new InvalidRequestError(issues);
    const linked = linkSignals(options.signal, stop);
    try {
      const ready = await this.#withImage(operationId, params, { ...options, signal: linked.signal });
      return await this.#send<R>(operationId, family, ready, options, linked.signal, timeoutMs, extraFields);
    } catch (error) {
      if (options.signal?.aborted) throw error instanceof AbortedError ? error : new AbortedError(undefined, options.signal.reason);
      if (stop.aborted) throw this.#stopped(operationId, stop.reason);
      throw error;
    } finally {
      linked.release();
    }
  }

  async #send<R extends VideoResponse>(
    operationId: SubmitOperationId,
    family: Family,
    params: object,
    options: SubmitOptions,
    signal: AbortSignal,
    timeoutMs: number,
    extraFields: Record<string, unknown>,
  ): Promise<Submitted<R>> {
    const body = { ...params, ...extraFields, key: this.#transport.apiKey };
    if (options.validate ?? this.#options.validate ?? true) {
      requestValidation ??= import("./internal/request-validation.js");
      (await requestValidation).validateRequest(operationId, body, Object.keys(extraFields));
    }
    let rateLimitRetries = options.rateLimitRetries ?? this.#options.rateLimitRetries ?? 0;
    for (;;) {
      try {
        if (signal.aborted) throw signal.reason;
        const answer = videoAnswerOf(await post(this.#transport, { path: operationIndex[operationId].path, body, signal, timeoutMs }, "submit"), "submit");
        if (answer.status === "failed") {
          const message = answer.message ?? answer.messege;
          throw new GenerationFailedError(idOf(answer.id), typeof message === "string" ? message : undefined, answer);
        }
        const submitted = answer as unknown as Submitted<R>;
        const id = idOf(answer.id) ?? (typeof answer.fetch_result === "string" ? parseFetchUrl(answer.fetch_result)?.id : undefined);
        if (id !== undefined) {
          const job: JobRef = { id, family, fetchUrl: fetchUrlOf(this.baseUrl, family, id) };
          Object.defineProperty(submitted, JOB, { value: job, enumerable: false });
        }
        return submitted;
      } catch (error) {
        if (signal.aborted || !(error instanceof RateLimitError) || rateLimitRetries <= 0) throw error;
        rateLimitRetries -= 1;
        await sleep(Math.min(error.retryAfterMs ?? RATE_LIMIT_FALLBACK_MS, MAX_POLL_PAUSE_MS), signal);
      }
    }
  }
}
