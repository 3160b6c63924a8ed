/**
 * One POST of a JSON body to an operation of the API, read as text so that nothing the server
 * sends (HTML, cut JSON) is lost before it is judged, with the key redacted from what comes back.
 *
 * Paths come from the generated operation index and bodies are typed by the generated schema, but
 * the request goes to `fetch(url, init)` directly rather than through the generated openapi-fetch
 * client (which stays public as `raw`): openapi-fetch builds a `Request` object per call, and on
 * Node that alone costs about a quarter of a loopback round trip (see `npm run bench`).
 */
import { ConnectionError } from "../core/errors.js";
import { redactText, REDACTED } from "./redaction.js";

/** Receives a line per request and per answer; bodies arrive with the API key redacted. */
export interface Logger {
  debug(message: string, details?: Record<string, unknown>): void;
}

/** The fetch signature the client calls: globalThis.fetch or anything shaped like it. */
export type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface Transport {
  baseUrl: string;
  apiKey: string;
  /** Undefined: globalThis.fetch, looked up at each call (so later polyfills and stubs apply). */
  fetch: Fetch | undefined;
  headers: Record<string, string>;
  logger: Logger | undefined;
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

export async function post(transport: Transport, request: PostRequest, context: "submit" | "poll" = "poll"): Promise<Answer> {
  const { apiKey, logger } = transport;
  const path = request.id === undefined ? request.path : request.path.replace("{id}", encodeURIComponent(request.id));
  const label = `POST ${path}`;
  logger?.debug(`→ ${label}`, { body: { ...request.body, key: REDACTED } });
  const started = Date.now();
  let response: Response;
  let text: string;
  try {
    response = await (transport.fetch ?? globalThis.fetch)(transport.baseUrl + path, {
      method: "POST",
      headers: { "content-type": "application/json", ...transport.headers },
      body: JSON.stringify(request.body),
      ...(request.signal ? { signal: request.signal } : {}),
    });
    text = redactText(await response.text(), apiKey);
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
