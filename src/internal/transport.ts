/**
 * One POST of a JSON body to an operation of the API, through the generated openapi-fetch
 * client, read as text so that nothing the server sends (HTML, cut JSON) is lost before it is
 * judged, with the key redacted from what comes back.
 *
 * openapi-fetch builds the URL (path parameters encoded), the headers and the JSON body. In
 * place of a WHATWG `Request` it is given `OutgoingRequest`, which only holds the URL and init
 * for `fetch(url, init)`: on Node, constructing a `Request` per call costs about a third of a
 * loopback round trip (see `npm run bench`), and nothing here needs one. The client's public
 * `raw` is a separate, ordinary openapi-fetch client.
 */
import createClient from "openapi-fetch";
import type { paths } from "../../generated/schema.js";
import { ConnectionError } from "../core/errors.js";
import { redactText, REDACTED } from "./redaction.js";

/** Receives a line per request and per answer; bodies arrive with the API key redacted. */
export interface Logger {
  debug(message: string, details?: Record<string, unknown>): void;
}

/** The fetch signature the client calls: globalThis.fetch or anything shaped like it. */
export type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

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
  init: { params: { path?: { id: string } }; body: Record<string, unknown>; headers: Record<string, string>; parseAs: "text"; signal?: AbortSignal },
) => Promise<{ data?: string; error?: unknown; response: Response }>;

export interface Transport {
  baseUrl: string;
  apiKey: string;
  headers: Record<string, string>;
  logger: Logger | undefined;
  /** The generated openapi-fetch client the layer sends through. */
  request: PostCall;
}

/** A transport over the generated openapi-fetch client; `fetch` undefined: globalThis.fetch, looked up at each call (so later polyfills and stubs apply). */
export function createTransport(options: { baseUrl: string; apiKey: string; fetch: Fetch | undefined; headers: Record<string, string>; logger: Logger | undefined }): Transport {
  const { fetch: fetchImpl, ...rest } = options;
  const send = (request: OutgoingRequest) =>
    (fetchImpl ?? globalThis.fetch)(request.url, {
      method: request.method,
      ...(request.headers ? { headers: request.headers } : {}),
      ...(request.body !== undefined ? { body: request.body } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
    });
  const client = createClient<paths>({
    baseUrl: options.baseUrl,
    Request: OutgoingRequest as unknown as typeof Request,
    fetch: send as unknown as typeof fetch,
  });
  return { ...rest, request: client.request as unknown as PostCall };
}

/** What came back, before anyone judged it. */
export interface Answer {
  status: number;
  headers: Headers;
  /** The body as text when it is not JSON (HTML, cut JSON, empty); undefined when it parsed. */
  text: string | undefined;
  /** The parsed JSON body, key redacted. */
  json: unknown;
}

export interface PostRequest {
  path: string;
  id?: string;
  body: Record<string, unknown>;
  signal?: AbortSignal | undefined;
}

/** A submit that got no answer may still have been queued (and billed): say so, since it is never sent again. */
const SUBMIT_NOTE = "; the job may have been queued and billed, so it was not sent again: check before submitting again";

export async function post(transport: Transport, request: PostRequest, context: "submit" | "poll" | "upload" = "poll"): Promise<Answer> {
  const { apiKey, logger } = transport;
  const path = request.id === undefined ? request.path : request.path.replace("{id}", encodeURIComponent(request.id));
  const label = `POST ${path}`;
  logger?.debug(`→ ${label}`, { body: { ...request.body, key: REDACTED } });
  const started = Date.now();
  let response: Response;
  let text: string;
  try {
    const result = await transport.request("post", request.path, {
      params: request.id === undefined ? {} : { path: { id: request.id } },
      body: request.body,
      headers: transport.headers,
      parseAs: "text",
      ...(request.signal ? { signal: request.signal } : {}),
    });
    response = result.response;
    // openapi-fetch hands over an error body parsed when it is JSON, as text when it is not.
    const raw = response.ok ? (result.data ?? "") : typeof result.error === "string" ? result.error : JSON.stringify(result.error ?? "");
    text = redactText(raw, apiKey);
  } catch (error) {
    // An abort is the caller's business; they know why their signal fired.
    if (request.signal?.aborted) throw request.signal.reason;
    logger?.debug(`✗ ${label}: no answer`, { error: redactText(String(error), apiKey) });
    throw new ConnectionError(`${label}: no answer (${redactText(describe(error), apiKey)})${context === "submit" ? SUBMIT_NOTE : ""}`, { cause: safeCause(error, apiKey) });
  }
  const answer: Answer = { status: response.status, headers: response.headers, ...parseJson(text) };
  logger?.debug(`← ${label}: HTTP ${response.status} in ${Date.now() - started} ms`, { body: answer.text ?? answer.json });
  return answer;
}

function parseJson(text: string): { text: string | undefined; json: unknown } {
  try {
    return { text: undefined, json: JSON.parse(text) };
  } catch {
    return { text, json: undefined };
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.message}${cause}`;
}

/** The low-level error as the cause, unless it mentions the key (a custom fetch might): then a redacted copy. */
function safeCause(error: unknown, apiKey: string): unknown {
  if (!(error instanceof Error)) return redactText(String(error), apiKey);
  const seen = `${error.message}\n${error.stack ?? ""}\n${String(error.cause)}`;
  return apiKey && seen.includes(apiKey) ? new Error(redactText(error.message, apiKey)) : error;
}
