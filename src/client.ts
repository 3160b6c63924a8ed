/**
 * The ModelsLab client: one method per submit endpoint, each with a `.wait()` that polls the
 * generation to its end, and `wait()` to resume one from its id. The generated openapi-fetch
 * client stays reachable as `raw` for anything this layer does not cover.
 *
 * A web page loads this module before its first call, so it holds only what must answer at once:
 * the constructor's checks of its options (it throws what they find), `job()`, and a stub per
 * method. What the calls do is lib/client-calls.ts, loaded with lib/deferred.ts: the constructor
 * starts loading it, a call made before it has loaded waits for it (and fails with a
 * ConnectionError, nothing sent, if it cannot be loaded), and every later call goes straight to it.
 */
import type { ModelsLabFetchClient } from "../generated/client.js";
import { DEFAULT_BASE_URL } from "../generated/operations.js";
import { DEFAULT_REQUEST_TIMEOUT_MS } from "./core/limits.js";
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
import { ConnectionError, InvalidRequestError } from "./core/errors.js";
import type { Family, JobRef } from "./core/job.js";
import { guardSync, publicError } from "./internal/error-boundary.js";
import { environmentVariable } from "./internal/environment.js";
import { apiKeyProblem, baseUrlProblem } from "./internal/key-and-base-url.js";
import { CLIENT_OPTIONS, readOptions, SCHEDULE_OPTIONS, WAIT_DEFAULTS } from "./internal/options.js";
import { loadWithin } from "./internal/module-load.js";
import { redactorFor, type Redactor } from "./internal/redaction.js";
import { requestHeaders } from "./internal/request-headers.js";
import type { Fetch, Logger } from "./internal/transport.js";
import type { BatchItem, BatchOptions, BatchRun, SettledItem } from "./lib/batch.js";
import type { ClientCalls, ClientCore, SubmitCall, SubmitParts, WaitTarget } from "./lib/client-calls.js";
import type { ImageBytes } from "./lib/image-limits.js";
import { jobOf } from "./lib/job-target.js";
import type { UploadedImage, UploadOptions, WithLocalImage } from "./lib/local-images.js";
import type { QueueCountOptions } from "./lib/queue-count.js";
import { lazyFetchClient } from "./lib/raw-client.js";
import type { SubmitMethod } from "./lib/submit-operations.js";
import type { WaitOptions } from "./lib/wait-options.js";

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
export type { SubmitCall, WaitTarget } from "./lib/client-calls.js";

type Deferred = typeof import("./lib/deferred.js");
/** What the calls do (lib/client-calls.ts), batches and the rest of lib/deferred.ts: loading, or loaded. */
let deferred: Promise<Deferred> | undefined;
/** lib/deferred.ts once loaded: a client made or called after that has its calls at once. */
let loadedDeferred: Deferred | undefined;
/** Loads lib/deferred.ts, once; a failed load is tried again by the next call that needs it. */
const later = (): Promise<Deferred> =>
  (deferred ??= import("./lib/deferred.js").then(
    (loaded) => (loadedDeferred = loaded),
    (error: unknown) => {
      deferred = undefined;
      throw error;
    },
  ));
/**
 * What a call rejects with when lib/deferred.ts cannot be loaded (a web page gone offline, or a
 * deploy that removed the file): nothing was sent, so a submit's error says `not-sent`.
 */
function notLoaded(error: unknown, redactor: Redactor, submit: boolean): unknown {
  const failed = new ConnectionError("The client's code for this call could not be loaded; nothing was sent", { cause: error });
  if (submit) Object.defineProperty(failed, "submitState", { value: "not-sent", enumerable: true, configurable: true }); // writable: false, as defineProperty leaves it
  return publicError(failed, redactor);
}

function refuse(field: string, rule: string, message: string, what = "Invalid client options"): InvalidRequestError {
  return new InvalidRequestError([{ field, rule, message }], what);
}

/** A base URL path such as `/api/modelslab` (a proxy on the page's own origin), made absolute against the page's address. */
function absoluteBaseUrl(baseUrl: string): string {
  if (!baseUrl.startsWith("/") || baseUrl.startsWith("//")) return baseUrl;
  const page = (globalThis as { location?: { href?: unknown } }).location?.href;
  if (typeof page !== "string") throw refuse("baseUrl", "format", `${JSON.stringify(baseUrl)} is a path; outside a web page give the whole URL (http://host/...)`);
  return new URL(baseUrl, page).href;
}

export class ModelsLab {
  /** The generated openapi-fetch client: every path of the API, typed. Pass `key` in bodies yourself. */
  readonly raw: ModelsLabFetchClient;
  readonly baseUrl: string;
  /** The client as its options made it, every one read through the options schema: what its calls are made from. */
  readonly #core: ClientCore;
  /** This client's calls (lib/client-calls.ts), once that module has loaded. */
  #calls: ClientCalls | undefined;

  constructor(options: ModelsLabOptions = {}) {
    try {
      ({ raw: this.raw, core: this.#core } = ModelsLab.#made(options));
    } catch (error) {
      throw publicError(error, keyRedactorOf(options));
    }
    this.baseUrl = this.#core.baseUrl;
    // Starts loading what a first call needs, so that in a web page it is not waited for then:
    // lib/deferred.ts, then validation (see prefetchValidation). A failure here is caught; the call
    // that needs the module loads it again.
    const core = this.#core;
    later().then((loaded) => loaded.prefetchValidation(core), () => {});
  }

  /** What the constructor makes of its options, every one read through the options schema. */
  static #made(options: unknown): { raw: ModelsLabFetchClient; core: ClientCore } {
    const read = readOptions(CLIENT_OPTIONS, options);
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
    const waitDefaults = readOptions(WAIT_DEFAULTS, read.wait, "wait.");
    readOptions(SCHEDULE_OPTIONS, waitDefaults.schedule, "wait.schedule.");
    const fetchImpl = read.fetch as Fetch | undefined;
    const raw = lazyFetchClient({
      baseUrl,
      ...(fetchImpl ? { fetch: fetchImpl } : {}),
      ...(read.headers ? { headers: read.headers } : {}),
    });
    const core: ClientCore = {
      baseUrl,
      apiKey,
      redactor: redactorFor(apiKey ?? ""),
      fetch: fetchImpl,
      // Merged here, so that a header the runtime refuses is refused by the constructor.
      headers: requestHeaders(read.headers ?? {}),
      logger: read.logger as Logger | undefined,
      timeoutMs: read.timeoutMs,
      maxResponseBytes: read.maxResponseBytes,
      validate: read.validate ?? true,
      rateLimitRetries: read.rateLimitRetries ?? 0,
      notSentRetries: read.notSentRetries ?? 0,
      waitDefaults: waitDefaults as ClientCore["waitDefaults"],
    };
    return { raw, core };
  }

  /** v6 `POST /v6/video/img2video`. */
  img2video(params: WithLocalImage<Img2VideoParams>, options?: SubmitOptions): SubmitCall<V6VideoResponse> {
    return this.#submit("img2video", params, options);
  }

  /** v6 `POST /v6/video/img2video_ultra` (HD; billed per call). */
  img2videoUltra(params: WithLocalImage<Img2VideoUltraParams>, options?: SubmitOptions): SubmitCall<V6VideoResponse> {
    return this.#submit("img2videoUltra", params, options);
  }

  /**
   * v7 `POST /v7/video-fusion/image-to-video`. The request is typed and checked per model: a
   * model_id the merged document knows takes that model's fields and values (Hailuo-2.3-i2v: a
   * duration of "6" or "10"); any other id takes the generic v7 request.
   */
  fusionImg2video<const M extends string>(params: WithLocalImage<FusionImg2VideoParams<M>> & { model_id: M }, options?: SubmitOptions): SubmitCall<V7VideoResponse> {
    return this.#submit("fusionImg2video", params, options);
  }

  /** Enterprise `POST /v1/enterprise/video/img2video`. */
  enterpriseImg2video(params: WithLocalImage<EnterpriseImg2VideoParams>, options?: SubmitOptions): SubmitCall<EnterpriseVideoResponse> {
    return this.#submit("enterpriseImg2video", params, options);
  }

  /** Enterprise `POST /v1/enterprise/image_to_video_ultra/img2video` (HD, on its own server). */
  enterpriseImg2videoUltra(params: WithLocalImage<EnterpriseUltraImg2VideoParams>, options?: SubmitOptions): SubmitCall<EnterpriseUltraVideoResponse> {
    return this.#submit("enterpriseImg2videoUltra", params, options);
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
    return this.#withCalls((calls) => calls.uploadImage(image, options));
  }

  /**
   * How many of the account's requests ModelsLab is processing now (`POST
   * /v6/processing/request_count`, throttled by ModelsLab to 30 requests a minute). Compare it
   * with the plan's queue limit (5, 10 or 15) before sending more. Never sent again by the client.
   */
  processingRequestCount(options: QueueCountOptions = {}): Promise<number> {
    return this.#withCalls((calls) => calls.processingRequestCount(options));
  }

  /**
   * Runs many submits within the account's queue limit and yields each item as it settles (done
   * with its video, failed with its typed error, or unknown: may have been queued), then
   * `summary()`. Every item is checked before anything is sent; each submit carries the item's key
   * as `track_id` where the endpoint has one. See docs/batch.md; Node journals that survive a
   * crash: `modelslab-video/journal`.
   */
  batch(items: AsyncIterable<BatchItem> | Iterable<BatchItem>, options: BatchOptions = {}): BatchRun {
    const validate = this.#core.validate;
    const run = this.#callsOnceLoaded(false).then(() => loadedDeferred!.startBatch(loadedDeferred!.batchClientOf(this), items, options, validate));
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
    const startedAt = Date.now();
    return this.#withCalls((calls) => calls.wait(target, options, startedAt));
  }

  /** The JobRef of a submit's answer, a fetch URL, or an id of the given family: what `wait` resumes from. */
  job(target: WaitTarget, family?: Family): JobRef {
    const { baseUrl, redactor } = this.#core;
    return guardSync(redactor, () => jobOf(baseUrl, redactor, target, family));
  }

  /** This client's calls, when lib/client-calls.ts has loaded (for this client or any other). */
  #loadedCalls(): ClientCalls | undefined {
    return (this.#calls ??= loadedDeferred?.clientCallsOf(this.#core));
  }

  /** `call` made with this client's calls: at once when lib/client-calls.ts has loaded, else once it has (see #callsOnceLoaded). */
  #withCalls<T>(call: (calls: ClientCalls) => Promise<T>): Promise<T> {
    const calls = this.#loadedCalls();
    return calls ? call(calls) : this.#callsOnceLoaded(false).then(call);
  }

  /** This client's calls once lib/client-calls.ts has loaded; a ConnectionError (nothing sent) when it cannot be. */
  async #callsOnceLoaded(submit: boolean): Promise<ClientCalls> {
    try {
      await loadWithin(later, this.#core.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
    } catch (error) {
      throw notLoaded(error, this.#core.redactor, submit);
    }
    return this.#loadedCalls()!;
  }

  #submit<R extends VideoResponse>(method: SubmitMethod, params: unknown, options: unknown): SubmitCall<R> {
    const calls = this.#loadedCalls();
    return calls ? calls.submit<R>(method, params, options) : this.#submitOnceLoaded<R>(method, params, options);
  }

  /**
   * A submit called before lib/client-calls.ts has loaded: made as soon as it has, together with
   * every `.wait()` asked for by then (each bounded from the moment it was asked), so that such a
   * wait still sees the submit before anything is sent, as it does once the module is loaded.
   */
  #submitOnceLoaded<R extends VideoResponse>(method: SubmitMethod, params: unknown, options: unknown): SubmitCall<R> {
    let parts: SubmitParts<R> | undefined;
    const asked: { options: WaitOptions | undefined; startedAt: number; resolve(video: Promise<Video<R>>): void }[] = [];
    const loading = this.#callsOnceLoaded(true);
    const submitted = loading.then((calls) => {
      parts = calls.submitParts<R>(method, params, options);
      for (const each of asked.splice(0)) each.resolve(parts.waitFrom(each.options, each.startedAt));
      return parts.submitted;
    });
    const wait = (waitOptions?: WaitOptions): Promise<Video<R>> => {
      // The wait settles with the submit's error, as it does once the module is loaded.
      submitted.catch(() => {});
      if (parts) return parts.waitFrom(waitOptions, Date.now());
      const startedAt = Date.now();
      return new Promise<Video<R>>((resolve, reject) => {
        asked.push({ options: waitOptions, startedAt, resolve });
        // The module could not be loaded (now, or before this wait was asked for): the submit's error.
        loading.catch(reject);
      });
    };
    return Object.assign(submitted, { wait });
  }
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

/** A base URL as an error may show it: origin and path only (never credentials, query or fragment). */
function shownBaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return JSON.stringify(`${parsed.origin === "null" ? `${parsed.protocol}//…` : parsed.origin}${parsed.pathname}`);
  } catch {
    return `the value given (${url.length} characters, not shown)`;
  }
}
