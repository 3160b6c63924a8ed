/**
 * One POST through the generated openapi-fetch client, read as text so that nothing the server
 * sends (HTML, cut JSON) is lost before it is judged, with the key redacted from what comes back.
 */
import type { ModelsLabFetchClient } from "../../generated/client.js";
import { ConnectionError } from "../core/errors.js";
import { redactJson, redactText, REDACTED } from "./redaction.js";

/** Receives a line per request and per answer; bodies arrive with the API key redacted. */
export interface Logger {
  debug(message: string, details?: Record<string, unknown>): void;
}

export interface Transport {
  raw: ModelsLabFetchClient;
  apiKey: string;
  logger: Logger | undefined;
}

/** What came back, before anyone judged it. */
export interface Answer {
  status: number;
  headers: Headers;
  /** The body as text when it is not JSON (HTML, cut JSON, empty); the parsed JSON otherwise. */
  text: string | undefined;
  json: unknown;
}

export interface PostRequest {
  path: string;
  id?: string;
  body: Record<string, unknown>;
  signal?: AbortSignal;
}

type LoosePost = (
  path: string,
  init: { params: { path?: Record<string, string> }; body: unknown; parseAs: "text"; signal?: AbortSignal },
) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

/** A submit that got no answer may still have been queued (and billed): say so, since it is never sent again. */
const SUBMIT_NOTE = "; the job may have been queued and billed, so it was not sent again: check before submitting again";

export async function post(transport: Transport, request: PostRequest, context: "submit" | "poll" = "poll"): Promise<Answer> {
  const { raw, apiKey, logger } = transport;
  const label = `POST ${request.path.replace("{id}", request.id ?? "{id}")}`;
  logger?.debug(`→ ${label}`, { body: { ...request.body, key: REDACTED } });
  const started = Date.now();
  let result: Awaited<ReturnType<LoosePost>>;
  try {
    result = await (raw.POST as unknown as LoosePost)(request.path, {
      params: request.id === undefined ? {} : { path: { id: request.id } },
      body: request.body,
      parseAs: "text",
      signal: request.signal,
    });
  } catch (error) {
    // An abort is the caller's business; they know why their signal fired.
    if (request.signal?.aborted) throw request.signal.reason;
    logger?.debug(`✗ ${label}: no answer`, { error: redactText(String(error), apiKey) });
    throw new ConnectionError(`${label}: no answer (${redactText(describe(error), apiKey)})${context === "submit" ? SUBMIT_NOTE : ""}`, { cause: safeCause(error, apiKey) });
  }
  const { response } = result;
  const payload = response.ok ? result.data : result.error;
  let answer: Answer;
  if (typeof payload === "string" || payload === undefined) {
    const text = redactText(payload ?? "", apiKey);
    answer = { status: response.status, headers: response.headers, ...parseJson(text) };
  } else {
    // openapi-fetch already parsed an error body.
    answer = { status: response.status, headers: response.headers, text: undefined, json: redactJson(payload, apiKey) };
  }
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
