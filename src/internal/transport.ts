/**
 * One POST of a JSON body to an operation of the API, with the guarantees every request that
 * carries the key gets here and nowhere else:
 *
 * - it goes to the configured base URL's origin only, to exactly the path of the operation it
 *   sends, and a redirect is never followed (a 3xx is handed back as an answer, unread, for the
 *   caller to refuse);
 * - it has a time limit covering the whole exchange, headers and body (`timeoutMs`; it ends the
 *   request at most a hundredth of the limit, and at most a second, after the limit);
 * - its body is read as it streams in, up to a size cap (`maxResponseBytes`), as text, so that
 *   nothing the server sends (HTML, cut JSON) is lost before it is judged; JSON nested deeper
 *   than MAX_JSON_DEPTH is refused unparsed;
 * - the key is redacted from the body (text and every parsed string) and the headers.
 *
 * The request is the one shape the layer sends, a POST of JSON to a path of the generated
 * operation index, so it is built here directly (URL, headers fixed at construction, body)
 * rather than through openapi-fetch: that costs a Headers merge, a Request and a middleware pass
 * per call, and its code would be most of the entry a web page loads. Each guarantee is paid
 * once per request, or less: the URL check once per operation without an id (once per request
 * with one), the time limit in a slot shared with the requests of the same limit starting about
 * then (./time-limits.ts: one AbortController and one timer for up to 32 requests), a controller
 * and a listener of the request's own only on a signal the caller passed, the headers made into a
 * redacted record only when read. The client's public `raw` is an ordinary openapi-fetch client
 * (src/lib/raw-client.ts).
 */
import { ConnectionError, InvalidRequestError, ModelsLabError, RequestTimeoutError, UnexpectedResponseError, type ResponseHeaders } from "../core/errors.js";
import { operationIndex } from "../../generated/operations.js";
import { jobIdProblem } from "../core/job.js";
import type { Stop } from "./abort.js";
import { slotFor, type TimedRequest } from "./time-limits.js";
import { parseJsonExactIds } from "./exact-json.js";
import { redactorFor, REDACTED, type Redactor } from "./redaction.js";

/** Receives a line per request and per answer; bodies arrive with the API key redacted. */
export interface Logger {
  debug(message: string, details?: Record<string, unknown>): void;
}

/** The fetch signature the client calls: globalThis.fetch or anything shaped like it. */
export type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** JSON nested deeper than this is refused without parsing (the API's answers nest 3 deep). */
export const MAX_JSON_DEPTH = 64;

export interface TransportOptions {
  baseUrl: string;
  /** Undefined: the base URL is a proxy that holds the key (see src/proxy), and bodies carry none. */
  apiKey: string | undefined;
  fetch: Fetch | undefined;
  /** The headers of every request, merged once (./request-headers.ts). */
  headers: Record<string, string>;
  logger: Logger | undefined;
  /** Time limit of each request, headers and body, in ms (finite, above 0). */
  timeoutMs: number;
  /** Cap on each response body, in bytes. */
  maxResponseBytes: number;
  /** The key's redactor, when the caller has made it already (redactorFor(apiKey)). */
  redactor?: Redactor | undefined;
}

export interface Transport {
  baseUrl: string;
  /** The base URL's origin: the only one a request carrying the key goes to. */
  origin: string;
  /** The base URL's path (no trailing slash): every request's path starts with it, then the operation's. */
  basePath: string;
  /** Undefined: the base URL is a proxy that holds the key; bodies carry none. */
  apiKey: string | undefined;
  /** The headers of every request, merged once (lower-case names): JSON, User-Agent, the caller's. */
  headers: Record<string, string>;
  logger: Logger | undefined;
  timeoutMs: number;
  maxResponseBytes: number;
  redactor: Redactor;
  /** Undefined: globalThis.fetch, looked up at each call (so later polyfills and stubs apply). */
  fetch: Fetch | undefined;
  /** The URL of each operation without an id, once it passed the gate in `post`: the same every time for this base URL. */
  checkedHrefs: Map<string, string>;
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

/**
 * The response headers as a plain record, key redacted. Every name and value is looked at once,
 * joined: only when the key could show in one of them (redactor.mayHold) is each redacted.
 */
function headersOf(headers: Headers, redactor: Redactor): ResponseHeaders {
  const out: ResponseHeaders = {};
  let joined = "";
  headers.forEach((value, name) => {
    out[name] = value;
    joined += `${name}\n${value}\n`;
  });
  if (!redactor.mayHold(joined)) return out;
  const redacted: ResponseHeaders = {};
  for (const name in out) redacted[redactor.text(name.toLowerCase())] = redactor.text(out[name]!);
  return redacted;
}

/**
 * What came back, its headers made into a redacted record only when someone reads them (an
 * error, a poll's Retry-After): a successful submit never does.
 */
class ReceivedAnswer implements Answer {
  readonly status: number;
  readonly text: string | undefined;
  readonly json: unknown;
  readonly tooDeep?: boolean;
  #received: Headers;
  #redactor: Redactor;
  #headers: ResponseHeaders | undefined;

  constructor(status: number, received: Headers, redactor: Redactor, body: ParsedBody) {
    this.status = status;
    this.text = body.text;
    this.json = body.json;
    if (body.tooDeep) this.tooDeep = true;
    this.#received = received;
    this.#redactor = redactor;
  }

  get headers(): ResponseHeaders {
    return (this.#headers ??= headersOf(this.#received, this.#redactor));
  }
}

/** Decodes whole bodies only (never a stream of parts), so one decoder serves every request. */
const UTF8 = new TextDecoder();

/**
 * One request in flight, and what ends it early, once: its time limit (`timeUp`, from its slot in
 * ./time-limits.ts), its caller's signal or a stop (`end`). Ending it cancels the body being read
 * (which ends a pending read even where a fetch implementation does not end the body on abort),
 * aborts the request's own controller when it has one, and rejects `interrupted`, which the wait
 * for the answer's headers races (so that it ends even where the fetch goes on).
 */
class InFlight implements TimedRequest {
  ended = false;
  timedOut = false;
  reason: unknown = undefined;
  reader: ReadableStreamDefaultReader<Uint8Array> | undefined = undefined;
  readonly interrupted: Promise<never>;
  #reject: ((reason: unknown) => void) | undefined;

  constructor(
    /** The request's own controller: only a request given a signal of its caller's has one (its fetch follows the slot's otherwise). */
    readonly own: AbortController | undefined,
    readonly label: string,
    readonly timeoutMs: number,
  ) {
    this.interrupted = new Promise<never>((_, reject) => {
      this.#reject = reject;
    });
    this.interrupted.catch(() => {});
  }

  end(reason: unknown): void {
    if (this.ended) return;
    this.ended = true;
    this.reason = reason;
    this.own?.abort(reason);
    this.reader?.cancel(reason).catch(() => {});
    this.#reject?.(reason);
  }

  timeUp(): void {
    if (this.ended) return;
    this.timedOut = true;
    this.end(new RequestTimeoutError(`${this.label}: no whole answer within ${this.timeoutMs} ms`, this.timeoutMs));
  }
}

/**
 * Reads a body up to `cap` bytes as it streams in. `request` gets the reader, so that what ends
 * the request early cancels it; the read then throws the reason it ended with.
 */
async function readCapped(response: Response, cap: number, request: InFlight, redactor: Redactor): Promise<string> {
  const declared = Number(response.headers.get("content-length"));
  const tooLarge = () => new TransportFault("too-large", response.status, headersOf(response.headers, redactor), `a body over the ${cap}-byte cap`);
  if (Number.isFinite(declared) && declared > cap) {
    await response.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  if (!response.body) return await response.text();
  const reader = response.body.getReader();
  request.reader = reader;
  const parts: Uint8Array[] = [];
  let received = 0;
  try {
    if (request.ended) throw request.reason;
    for (;;) {
      const { done, value } = await reader.read();
      if (request.ended) throw request.reason;
      if (done) break;
      received += value.byteLength;
      if (received > cap) throw tooLarge();
      parts.push(value);
    }
  } catch (error) {
    reader.cancel().catch(() => {});
    throw error;
  } finally {
    request.reader = undefined;
  }
  if (parts.length === 1) return UTF8.decode(parts[0]);
  const whole = new Uint8Array(received);
  let at = 0;
  for (const part of parts) {
    whole.set(part, at);
    at += part.byteLength;
  }
  return UTF8.decode(whole);
}

/** A transport for `options`: everything a request needs that does not change per request, worked out once. */
export function createTransport(options: TransportOptions): Transport {
  const base = new URL(options.baseUrl);
  const redactor = options.redactor ?? redactorFor(options.apiKey ?? "");
  return {
    baseUrl: options.baseUrl,
    origin: base.origin,
    basePath: base.pathname.replace(/\/+$/, ""),
    apiKey: options.apiKey,
    headers: options.headers,
    logger: options.logger,
    timeoutMs: options.timeoutMs,
    maxResponseBytes: options.maxResponseBytes,
    redactor,
    fetch: options.fetch,
    checkedHrefs: new Map(),
  };
}

/** `body` with the key, when the client holds one (a client of a proxy sends none: the proxy adds it). */
export function withKey(transport: Transport, body: Record<string, unknown>): Record<string, unknown> {
  if (transport.apiKey === undefined) return body;
  // Copied field by field, not spread: on V8 an object spread with a field added is one every
  // later reader (the validator, JSON.stringify) reads several times slower.
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(body)) {
    if (name === "key") continue;
    if (name === "__proto__") Object.defineProperty(out, name, { value: body[name], enumerable: true, writable: true, configurable: true });
    else out[name] = body[name];
  }
  out.key = transport.apiKey;
  return out;
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
  /** The caller's signal: aborting it aborts the request (the error is its reason). */
  signal?: AbortSignal | undefined;
  /** A stop that also aborts the request (a submit's `.wait()`); the error is its reason. */
  stop?: Stop | undefined;
  /** This request's time limit in ms (default: the transport's). */
  timeoutMs?: number | undefined;
}

const BODY_START_LENGTH = 200;
/** What tells a connection never made from one that failed later: loaded with the first request that failed. */
let connectionFailure: Promise<typeof import("./connection-failure.js")> | undefined;
const ONCE = { once: true } as const;

/** Every operation path of the API (from the generated client): the only paths a request carrying the key is sent to. */
const OPERATION_PATHS = new Set<string>(Object.values(operationIndex).map((operation) => operation.path));

/**
 * The one gate of every request carrying the key: to the base URL's origin, and to exactly the
 * path written (base path, then the operation's, the id one encoded segment): URL resolution must
 * keep it as it is, so no dot segment or encoding trick in an id can send it elsewhere. Returns
 * the URL to send to.
 */
function gate(transport: Transport, path: string): string {
  const { redactor } = transport;
  const href = transport.baseUrl + path;
  const url = new URL(href);
  if (url.origin !== transport.origin)
    throw new InvalidRequestError([{ field: "url", rule: "origin", message: `${redactor.text(href)} is not on ${transport.origin}, the only origin the key is sent to` }], "Refused");
  if (url.pathname !== transport.basePath + path || url.search !== "" || url.hash !== "")
    throw new InvalidRequestError([{ field: "url", rule: "path", message: `${redactor.text(url.pathname)} is not the path of the operation being sent` }], "Refused");
  return href;
}

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
  const href = (request.id === undefined ? transport.checkedHrefs.get(template) : undefined) ?? gate(transport, path);
  if (request.id === undefined) transport.checkedHrefs.set(template, href);
  const label = `POST ${path}`;
  logger?.debug(`→ ${label}`, { body: { ...(redactor.value(request.body) as object), ...(transport.apiKey === undefined ? {} : { key: REDACTED }) } });
  const started = logger ? Date.now() : 0;
  const timeoutMs = request.timeoutMs ?? transport.timeoutMs;
  const { signal: parent, stop } = request;
  // The time limit is the slot's (./time-limits.ts): its signal is the one fetch is given, unless
  // the caller gave one: then the request has a controller of its own, which both abort.
  const slot = slotFor(timeoutMs);
  const inFlight = new InFlight(parent ? new AbortController() : undefined, label, timeoutMs);
  slot.enter(inFlight);
  const onParentAbort = parent ? () => inFlight.end(parent.reason) : undefined;
  if (parent?.aborted) onParentAbort!();
  else if (onParentAbort) parent!.addEventListener("abort", onParentAbort, ONCE);
  const unhookStop = stop?.onStop((reason) => inFlight.end(reason));
  let status: number;
  let responseHeaders: Headers;
  let bodyText: string;
  let fetched: Promise<Response> | undefined;
  try {
    // Ended before it was sent (a stop, an aborted signal): nothing is sent.
    if (inFlight.ended) throw inFlight.reason;
    fetched = (transport.fetch ?? globalThis.fetch)(href, {
      method: "POST",
      headers: transport.headers,
      body: JSON.stringify(request.body),
      signal: (inFlight.own ?? slot.controller).signal,
      redirect: "manual",
      // With a key, no cookies ever go along. Without one the base URL is the app's own proxy,
      // whose session check may be a cookie of its origin: sent there, never to another origin.
      credentials: transport.apiKey === undefined ? "same-origin" : "omit",
    });
    const response = await Promise.race([fetched, inFlight.interrupted]);
    status = response.status;
    responseHeaders = response.headers;
    if (response.type === "opaqueredirect" || (status >= 300 && status < 400)) {
      await response.body?.cancel().catch(() => {});
      const location = responseHeaders.get("location");
      throw new TransportFault("redirect", status, headersOf(responseHeaders, redactor), `a redirect${location ? ` to ${redactor.text(location)}` : ""}, not followed`);
    }
    if (!(status >= 200 && status <= 599)) {
      await response.body?.cancel().catch(() => {});
      throw new TransportFault("bad-status", status, headersOf(responseHeaders, redactor), `HTTP status ${status}`);
    }
    bodyText = await readCapped(response, transport.maxResponseBytes, inFlight, redactor);
  } catch (error) {
    // Ended while its headers were awaited: an answer that still arrives is dropped unread.
    if (inFlight.ended) fetched?.then((late) => late.body?.cancel().catch(() => {}), () => {});
    // An abort is the caller's business; they know why their signal fired (or their stop).
    if (parent?.aborted) throw parent.reason;
    if (stop?.stopped) throw stop.reason;
    if (inFlight.timedOut) {
      logger?.debug(`✗ ${label}: no whole answer within ${timeoutMs} ms`);
      throw inFlight.reason;
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
    // Worked out only for a request that failed, with code loaded then.
    const { connectionNeverMade, markNeverConnected } = await (connectionFailure ??= import("./connection-failure.js"));
    throw connectionNeverMade(error) ? markNeverConnected(failed) : failed;
  } finally {
    slot.leave(inFlight);
    if (onParentAbort) parent?.removeEventListener("abort", onParentAbort);
    unhookStop?.();
  }
  const answer: Answer = new ReceivedAnswer(status, responseHeaders, redactor, parseJson(bodyText, redactor));
  logger?.debug(`← ${label}: HTTP ${status} in ${Date.now() - started} ms`, { body: answer.text ?? answer.json });
  return answer;
}

/** How deep `text` nests, read as JSON (brackets outside strings), stopping once past `limit`. */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  // Nesting deeper than `limit` takes more than `limit` opening brackets: counted first (native
  // searches), most answers are cleared without the walk below.
  let brackets = 0;
  for (const open of ["{", "["]) for (let at = text.indexOf(open); at >= 0 && brackets <= limit; at = text.indexOf(open, at + 1)) brackets += 1;
  if (brackets <= limit) return false;
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

interface ParsedBody {
  text: string | undefined;
  json: unknown;
  tooDeep?: boolean;
}

function parseJson(raw: string, redactor: Redactor): ParsedBody {
  if (jsonDepthExceeds(raw, MAX_JSON_DEPTH)) return { text: redactor.text(raw.slice(0, BODY_START_LENGTH * 4)), json: undefined, tooDeep: true };
  try {
    const json = parseJsonExactIds(raw);
    // The walk over every parsed string is paid only by a body that can hold the key at all.
    return { text: undefined, json: redactor.mayHold(raw) ? redactor.value(json) : json };
  } catch {
    return { text: redactor.text(raw), json: undefined };
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.message}${cause}`;
}

