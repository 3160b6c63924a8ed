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
import { AbortedError, GenerationFailedError, InvalidRequestError, RateLimitError, UnexpectedResponseError } from "./core/errors.js";
import { fetchUrlOf, isFamily, parseFetchUrl, type Family, type JobRef } from "./core/job.js";
import { sleep } from "./internal/abort.js";
import { videoAnswerOf } from "./internal/answer.js";
import { environmentVariable } from "./internal/environment.js";
import type { SubmitOperationId } from "./internal/request-validation.js";
import { createTransport, post, type Fetch, type Logger, type Transport } from "./internal/transport.js";
import { DEFAULT_POLL_SCHEDULE } from "./lib/poll-schedule.js";
import { isImageBytes, type ImageBytes } from "./lib/image-limits.js";
import type { UploadedImage, UploadOptions, WithLocalImage } from "./lib/local-images.js";
import { SUBMIT_OPERATIONS } from "./lib/submit-endpoints.js";
import { videoOf, waitForJob, type WaitOptions } from "./lib/wait.js";

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
  /** Receives a line per request and answer, API key redacted. */
  logger?: Logger;
}

export interface SubmitOptions {
  signal?: AbortSignal;
  /** Overrides the client's `validate` for this call. */
  validate?: boolean;
  /** Overrides the client's `rateLimitRetries` for this call. */
  rateLimitRetries?: number;
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
    this.baseUrl = (options.baseUrl ?? environmentVariable("MODELSLAB_BASE_URL") ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
    this.raw = createModelsLabFetchClient({
      baseUrl: this.baseUrl,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.headers ? { headers: options.headers } : {}),
    });
    this.#transport = createTransport({ baseUrl: this.baseUrl, apiKey, fetch: options.fetch, headers: options.headers ?? {}, logger: options.logger });
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

  /** v7 `POST /v7/video-fusion/image-to-video`. */
  fusionImg2video(params: WithLocalImage<FusionImg2VideoParams>, options?: SubmitOptions): SubmitCall<V7VideoResponse> {
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
    const waitOptions = { ...this.#options.wait, ...options, schedule: { ...DEFAULT_POLL_SCHEDULE, ...this.#options.wait?.schedule, ...options.schedule } };
    return new Promise<Video<R>>((resolve) => {
      const job = this.job(target, options.family);
      if (typeof target === "object" && "status" in target && target.status === "success") {
        resolve(Promise.resolve(waitOptions.onEnqueue?.(job)).then(() => videoOf(job, target as WithStatus<R, "success">, 0, 0)));
        return;
      }
      const first = typeof target === "object" && "status" in target ? { eta: target.eta } : undefined;
      resolve(waitForJob<R>(this.#transport, job, first, waitOptions));
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
      id = target.id !== undefined && target.id !== "" ? String(target.id) : (tagged?.id ?? fromUrl?.id);
      found = tagged?.family ?? fromUrl?.family;
      if (id === undefined)
        throw new UnexpectedResponseError(200, "missing-id", JSON.stringify(target).slice(0, 200), "a response with neither id nor fetch_result");
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
    const submitted = this.#withImage(operationId, params, options).then((ready) => this.#send<R>(operationId, family, ready, options));
    return Object.assign(submitted, {
      wait: (waitOptions?: WaitOptions) => submitted.then((answer) => this.wait<R>(answer, { ...waitOptions, family })),
    });
  }

  async #send<R extends VideoResponse>(operationId: SubmitOperationId, family: Family, params: object, options: SubmitOptions): Promise<Submitted<R>> {
    const body = { ...params, key: this.#transport.apiKey };
    if (options.validate ?? this.#options.validate ?? true) {
      requestValidation ??= import("./internal/request-validation.js");
      (await requestValidation).validateRequest(operationId, body);
    }
    const { signal } = options;
    let rateLimitRetries = options.rateLimitRetries ?? this.#options.rateLimitRetries ?? 0;
    for (;;) {
      try {
        if (signal?.aborted) throw signal.reason;
        const answer = videoAnswerOf(await post(this.#transport, { path: operationIndex[operationId].path, body, signal }, "submit"), "submit");
        if (answer.status === "failed") {
          const message = answer.message ?? answer.messege;
          throw new GenerationFailedError(answer.id === undefined ? undefined : String(answer.id), typeof message === "string" ? message : undefined, answer);
        }
        const submitted = answer as unknown as Submitted<R>;
        const id = answer.id ?? (typeof answer.fetch_result === "string" ? parseFetchUrl(answer.fetch_result)?.id : undefined);
        if (id !== undefined && id !== "") {
          const job: JobRef = { id: String(id), family, fetchUrl: fetchUrlOf(this.baseUrl, family, String(id)) };
          Object.defineProperty(submitted, JOB, { value: job, enumerable: false });
        }
        return submitted;
      } catch (error) {
        if (signal?.aborted) throw new AbortedError(undefined, signal.reason);
        if (!(error instanceof RateLimitError) || rateLimitRetries <= 0) throw error;
        rateLimitRetries -= 1;
        try {
          await sleep(error.retryAfterMs ?? RATE_LIMIT_FALLBACK_MS, signal);
        } catch {
          throw new AbortedError(undefined, signal?.reason);
        }
      }
    }
  }
}
