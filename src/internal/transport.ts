/**
 * One POST of a JSON body to an operation of the API, through the generated openapi-fetch
 * client, with the guarantees every request that carries the key gets here and nowhere else:
 *
 * - it goes to the configured base URL's origin only, and a redirect is never followed (a 3xx
 *   is handed back as an answer, unread, for the caller to refuse);
 * - it has a time limit covering the whole exchange, headers and body (`timeoutMs`);
 * - its body is read as it streams in, up to a size cap (`maxResponseBytes`), as text, so that
 *   nothing the server sends (HTML, cut JSON) is lost before it is judged; JSON nested deeper
 *   than MAX_JSON_DEPTH is refused unparsed;
 * - the key is redacted from the body (text and every parsed string) and the headers.
 *
 * openapi-fetch builds the URL (path parameters encoded), the headers and the JSON body. In
 * place of a WHATWG `Request` it is given `OutgoingRequest`, which only holds the URL and init
 * for `fetch(url, init)`: on Node, constructing a `Request` per call costs about a third of a
 * loopback round trip (see `npm run bench`), and nothing here needs one. The fetch it is given
 * (`guardedFetch`) reads and judges the body itself and hands openapi-fetch an answer with
 * nothing left to read. The client's public `raw` is a separate, ordinary openapi-fetch client.
 */
import createClient from "openapi-fetch";
import type { paths } from "../../generated/schema.js";
import { ConnectionError, InvalidRequestError, ModelsLabError, RequestTimeoutError, UnexpectedResponseError, type ResponseHeaders } from "../core/errors.js";
import { operationIndex } from "../../generated/client.js";
import { jobIdProblem } from "../core/job.js";
import { abortion, longTimeout } from "./abort.js";
import { parseJsonExactIds } from "./exact-json.js";
import { redactorFor, REDACTED, type Redactor } from "./redaction.js";
import { connectionNeverMade, markNeverConnected } from "./connection-failure.js";

/** Receives a line per request and per answer; bodies arrive with the API key redacted. */
export interface Logger {
  debug(message: string, details?: Record<string, unknown>): void;
}

/** The fetch signature the client calls: globalThis.fetch or anything shaped like it. */
export type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** Default time limit of one request, headers and body (ms). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
/** Default cap on a response body (bytes); ModelsLab's answers are a few kB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 1_048_576;
/** JSON nested deeper than this is refused without parsing (the API's answers nest 3 deep). */
export const MAX_JSON_DEPTH = 64;
/** The SDK's name and version, sent as User-Agent where the runtime lets a script set it. */
export const SDK_VERSION = "0.1.0";
export const USER_AGENT = `modelslab-video/${SDK_VERSION}`;

/** What openapi-fetch makes of each call here: the URL and the init it computed, nothing more. */
class OutgoingRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: HeadersInit | undefined;
  readonly body: BodyInit | null | undefined;
  readonly signal: AbortSignal | null | undefined;
  constructor(url: string, init: RequestInit = {}) {
    this.url = url;
    this.method = init.method ?? "GET";
    this.headers = init.headers;
    this.body = init.body;
    this.signal = init.signal;
  }
}

/** The one call shape the layer makes; its typed methods have already typed the body. */
type PostCall = (
  method: "post",
  path: string,
  init: { params: { path?: { id: string } }; body: Record<string, unknown>; headers: Record<string, string>; parseAs: "text"; signal: AbortSignal },
) => Promise<{ response: Response }>;

export interface TransportOptions {
  baseUrl: string;
  /** Undefined: the base URL is a proxy that holds the key (see src/proxy), and bodies carry none. */
  apiKey: string | undefined;
  fetch: Fetch | undefined;
  headers: Record<string, string>;
  logger: Logger | undefined;
  /** Time limit of each request, headers and body, in ms (finite, above 0). */
  timeoutMs: number;
  /** Cap on each response body, in bytes. */
  maxResponseBytes: number;
}

export interface Transport {
  baseUrl: string;
  /** The base URL's origin: the only one a request carrying the key goes to. */
  origin: string;
  /** Undefined: the base URL is a proxy that holds the key; bodies carry none. */
  apiKey: string | undefined;
  headers: Record<string, string>;
  logger: Logger | undefined;
  timeoutMs: number;
  maxResponseBytes: number;
  redactor: Redactor;
  /** The generated openapi-fetch client the layer sends through. */
  request: PostCall;
}

/** Whether the runtime lets a script set User-Agent: not in browsers (where it is the browser's). */
function mayName(): boolean {
  const agent = (globalThis as { navigator?: { userAgent?: unknown } }).navigator?.userAgent;
  return !(typeof agent === "string" && agent.startsWith("Mozilla/"));
}

/** Something went wrong on the way, before the answer could be judged; `post` turns it into the public error. */
class TransportFault {
  constructor(
    readonly kind: "redirect" | "too-large" | "bad-status",
    readonly status: number,
    readonly headers: ResponseHeaders,
    readonly detail: string,
  ) {}
}

/** The answer handed back to openapi-fetch: already read, nothing left for it to parse. */
interface ReadAnswer {
  ok: true;
  status: number;
  headers: Headers;
  text(): Promise<string>;
  /** The body as received (before redaction). */
  bodyText: string;
}

function headersOf(headers: Headers, redactor: Redactor): ResponseHeaders {
  const out: ResponseHeaders = {};
  headers.forEach((value, name) => {
    out[redactor.text(name.toLowerCase())] = redactor.text(value);
  });
  return out;
}

/** Reads a body up to `cap` bytes as it streams in; the caller's signal (time limit, abort) interrupts it. */
async function readCapped(response: Response, cap: number, signal: AbortSignal, redactor: Redactor): Promise<string> {
  const declared = Number(response.headers.get("content-length"));
  const tooLarge = () => new TransportFault("too-large", response.status, headersOf(response.headers, redactor), `a body over the ${cap}-byte cap`);
  if (Number.isFinite(declared) && declared > cap) {
    await response.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  const stop = abortion(signal);
  try {
    if (!response.body) return await Promise.race([response.text(), stop.promise]);
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let text = "";
    let received = 0;
    try {
      for (;;) {
        const { done, value } = await Promise.race([reader.read(), stop.promise]);
        if (done) break;
        received += value.byteLength;
        if (received > cap) throw tooLarge();
        text += decoder.decode(value, { stream: true });
      }
      return text + decoder.decode();
    } catch (error) {
      reader.cancel().catch(() => {});
      throw error;
    }
  } finally {
    stop.release();
  }
}

/** A transport over the generated openapi-fetch client; `fetch` undefined: globalThis.fetch, looked up at each call (so later polyfills and stubs apply). */
export function createTransport(options: TransportOptions): Transport {
  const { fetch: fetchImpl, ...rest } = options;
  const origin = new URL(options.baseUrl).origin;
  const redactor = redactorFor(options.apiKey ?? "");
  const headers = mayName() ? { "User-Agent": USER_AGENT, ...options.headers } : { ...options.headers };
  const guardedFetch = async (request: OutgoingRequest): Promise<ReadAnswer> => {
    // The one gate of every request carrying the key: to the base URL's origin, and to exactly
    // the URL `post` built for the operation it sends (no dot segment or encoding trick may change it).
    const expected = request.signal ? expectedUrls.get(request.signal) : undefined;
    const url = new URL(request.url);
    if (url.origin !== origin)
      throw new InvalidRequestError([{ field: "url", rule: "origin", message: `${redactor.text(request.url)} is not on ${origin}, the only origin the key is sent to` }], "Refused");
    if (expected === undefined || url.href !== expected.href || url.pathname !== expected.pathname)
      throw new InvalidRequestError([{ field: "url", rule: "path", message: `${redactor.text(url.pathname)} is not the path of the operation being sent` }], "Refused");
    const signal = request.signal!;
    const response = await (fetchImpl ?? globalThis.fetch)(request.url, {
      method: request.method,
      ...(request.headers ? { headers: request.headers } : {}),
      ...(request.body !== undefined ? { body: request.body } : {}),
      signal,
      redirect: "manual",
      // With a key, no cookies ever go along. Without one the base URL is the app's own proxy,
      // whose session check may be a cookie of its origin: sent there, never to another origin.
      credentials: options.apiKey === undefined ? "same-origin" : "omit",
    });
    const status = response.status;
    if (response.type === "opaqueredirect" || (status >= 300 && status < 400)) {
      await response.body?.cancel().catch(() => {});
      const location = response.headers.get("location");
      throw new TransportFault("redirect", status, headersOf(response.headers, redactor), `a redirect${location ? ` to ${redactor.text(location)}` : ""}, not followed`);
    }
    if (!(status >= 200 && status <= 599)) {
      await response.body?.cancel().catch(() => {});
      throw new TransportFault("bad-status", status, headersOf(response.headers, redactor), `HTTP status ${status}`);
    }
    const bodyText = await readCapped(response, options.maxResponseBytes, signal, redactor);
    return { ok: true, status, headers: response.headers, text: () => Promise.resolve(""), bodyText };
  };
  const client = createClient<paths>({
    baseUrl: options.baseUrl,
    Request: OutgoingRequest as unknown as typeof Request,
    fetch: guardedFetch as unknown as typeof fetch,
  });
  return { ...rest, headers, origin, redactor, request: client.request as unknown as PostCall };
}

/** `body` with the key, when the client holds one (a client of a proxy sends none: the proxy adds it). */
export function withKey(transport: Transport, body: Record<string, unknown>): Record<string, unknown> {
  return transport.apiKey === undefined ? body : { ...body, key: transport.apiKey };
}

/**
 * The key a request is validated with when the client holds none: the schemas require `key`, and
 * the proxy that will add it is not there to ask. Never sent.
 */
export const KEY_HELD_BY_PROXY = "held-by-the-proxy";

/** What came back, before anyone judged it. */
export interface Answer {
  status: number;
  /** The response headers, key redacted. */
  headers: ResponseHeaders;
  /** The body as text when it is not JSON (HTML, cut JSON, empty); undefined when it parsed. Key redacted. */
  text: string | undefined;
  /** The parsed JSON body, key redacted from every string. */
  json: unknown;
  /** Set when the JSON nests deeper than MAX_JSON_DEPTH (then `json` is undefined and `text` its start). */
  tooDeep?: boolean;
}

export interface PostRequest {
  path: string;
  id?: string;
  body: Record<string, unknown>;
  signal?: AbortSignal | undefined;
  /** This request's time limit in ms (default: the transport's). */
  timeoutMs?: number | undefined;
}

const BODY_START_LENGTH = 200;

/** The URL each request in flight may go to, by its signal (unique per request): what `guardedFetch` holds it to. */
const expectedUrls = new WeakMap<AbortSignal, { href: string; pathname: string }>();

/** Every operation path of the API (from the generated client): the only paths a request carrying the key is sent to. */
const OPERATION_PATHS = new Set<string>(Object.values(operationIndex).map((operation) => operation.path));

export async function post(transport: Transport, request: PostRequest, context: "submit" | "poll" | "upload" = "poll"): Promise<Answer> {
  const { logger, redactor } = transport;
  const template = request.path;
  const takesId = template.includes("{id}");
  if (!OPERATION_PATHS.has(template) || takesId !== (request.id !== undefined))
    throw new InvalidRequestError([{ field: "path", rule: "operation", message: `${template} is not an operation of the API taking ${takesId ? "an id" : "no id"}` }], "Refused");
  const idProblem = request.id === undefined ? undefined : jobIdProblem(request.id);
  if (idProblem !== undefined)
    throw new UnexpectedResponseError(0, "invalid-id", "", `a job id that ${idProblem}; refused so that the poll cannot go to another path`);
  const path = request.id === undefined ? template : template.replace("{id}", encodeURIComponent(request.id));
  const label = `POST ${path}`;
  logger?.debug(`→ ${label}`, { body: { ...(redactor.value(request.body) as object), ...(transport.apiKey === undefined ? {} : { key: REDACTED }) } });
  const started = Date.now();
  const timeoutMs = request.timeoutMs ?? transport.timeoutMs;
  // One signal for the request: the time limit and the caller's signal both abort it.
  const limit = new AbortController();
  // The path as written (base path, then the operation's, the id one encoded segment); the URL
  // as resolved must keep it exactly, so nothing in the id can make the request go elsewhere.
  expectedUrls.set(limit.signal, { href: new URL(transport.baseUrl + path).href, pathname: new URL(transport.baseUrl).pathname.replace(/\/+$/, "") + path });
  let timedOut = false;
  const cancelLimit = longTimeout(timeoutMs, () => {
    timedOut = true;
    limit.abort(new RequestTimeoutError(`${label}: no whole answer within ${timeoutMs} ms`, timeoutMs));
  });
  const parent = request.signal;
  const onParentAbort = () => limit.abort(parent?.reason);
  if (parent?.aborted) onParentAbort();
  else parent?.addEventListener("abort", onParentAbort, { once: true });
  let response: ReadAnswer;
  try {
    const result = await transport.request("post", request.path, {
      params: request.id === undefined ? {} : { path: { id: request.id } },
      body: request.body,
      headers: transport.headers,
      parseAs: "text",
      signal: limit.signal,
    });
    response = result.response as unknown as ReadAnswer;
  } catch (error) {
    // An abort is the caller's business; they know why their signal fired.
    if (request.signal?.aborted) throw request.signal.reason;
    if (timedOut) {
      logger?.debug(`✗ ${label}: no whole answer within ${timeoutMs} ms`);
      throw limit.signal.reason;
    }
    if (error instanceof TransportFault) {
      logger?.debug(`✗ ${label}: HTTP ${error.status}, ${error.detail}`);
      throw new UnexpectedResponseError(error.status, error.kind === "bad-status" ? "unknown-status" : error.kind, "", error.detail, error.headers);
    }
    if (error instanceof ModelsLabError) throw error;
    logger?.debug(`✗ ${label}: no answer`, { error: redactor.text(String(error)) });
    // The raw failure is the cause; the error boundary (internal/error-boundary.ts) rebuilds it as a redacted copy.
    const failed = new ConnectionError(`${label}: no answer (${redactor.text(describe(error))})`, { cause: error });
    // Whether the request can have left: the submit's state (internal/submit-state.ts) reads this.
    throw connectionNeverMade(error) ? markNeverConnected(failed) : failed;
  } finally {
    cancelLimit();
    parent?.removeEventListener("abort", onParentAbort);
  }
  const answer: Answer = { status: response.status, headers: headersOf(response.headers, redactor), ...parseJson(response.bodyText, redactor) };
  logger?.debug(`← ${label}: HTTP ${response.status} in ${Date.now() - started} ms`, { body: answer.text ?? answer.json });
  return answer;
}

/** How deep `text` nests, read as JSON (brackets outside strings), stopping once past `limit`. */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

function parseJson(raw: string, redactor: Redactor): { text: string | undefined; json: unknown; tooDeep?: boolean } {
  if (jsonDepthExceeds(raw, MAX_JSON_DEPTH)) return { text: redactor.text(raw.slice(0, BODY_START_LENGTH * 4)), json: undefined, tooDeep: true };
  try {
    return { text: undefined, json: redactor.value(parseJsonExactIds(raw)) };
  } catch {
    return { text: redactor.text(raw), json: undefined };
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.message}${cause}`;
}

