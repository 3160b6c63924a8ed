/**
 * `createProxy`: a fetch handler (`(request: Request) => Promise<Response>`) that lets a web page
 * use the API through the app's own server without ever holding the key. It runs wherever the
 * fetch API does (Node, Deno, Bun, edge runtimes); src/proxy/node.ts adapts it to Node's `http`
 * and Express, src/proxy/hono.ts to Hono.
 *
 * Every request goes through one path, in this order, and is refused with a typed JSON error at
 * the first step it fails (nothing is sent upstream before the last one):
 *
 *   1. the route: POST to `prefix` + the path of an operation of the merged document (a submit,
 *      a submit's fetch, the upload); anything else is `not-found` or `method-not-allowed`;
 *   2. `content-type: application/json` (a cross-site form cannot send it without a preflight,
 *      which the proxy never answers);
 *   3. `authorize(request)`: the app's own session check; no user is `unauthorized`;
 *   4. the body: at most `maxBodyBytes` (counted as it streams in), JSON, an object, no `key`;
 *   5. the user may use this endpoint and this `model_id`;
 *   6. the body follows the operation's request schema (unknown fields refused);
 *   7. a submit takes one from the user's submit limit (atomically: concurrent requests cannot
 *      overshoot it);
 *   8. then the request is sent once, with the key added here, through the client's own
 *      transport (the API's origin only, redirects never followed, time limit, answer size cap),
 *      and the answer comes back with the key redacted from its body and only a few headers.
 */
import { DEFAULT_BASE_URL, operationIndex, type OperationId } from "../../generated/operations.js";
import { requestSchemas } from "../../generated/request-schemas.js";
import { InvalidRequestError, ModelsLabError, RequestTimeoutError, UnexpectedResponseError, type SubmitState, type ValidationIssue } from "../core/errors.js";
import { apiKeyProblem, baseUrlProblem } from "../internal/key-and-base-url.js";
import { jsonIssuesOf, refuseInvalid } from "../internal/request-body.js";
import { requestHeaders } from "../internal/request-headers.js";
import { validateRequest, type SubmitOperationId } from "../internal/request-validation.js";
import { submitStateNote, submitStateOf } from "../internal/submit-state.js";
import { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_REQUEST_TIMEOUT_MS } from "../core/limits.js";
import { createTransport, post, type Answer, type Fetch } from "../internal/transport.js";
import { SUBMIT_METHODS, SUBMIT_OPERATIONS, type SubmitMethod } from "../lib/submit-operations.js";
import { memorySubmitLimiter, type SubmitLimiter } from "./submit-limits.js";

/** Who is asking, as the app's `authorize` hook says, and what they may use. */
export interface ProxyUser {
  /** The user's id: what submit limits are counted by. */
  id: string;
  /** Submit endpoints this user may use (the client's method names); default: the proxy's `endpoints`. */
  endpoints?: readonly SubmitMethod[];
  /** `model_id` values this user may submit; default: any the schema allows. */
  models?: readonly string[];
}

export interface SubmitLimitOptions {
  /** Submits one user may make per window. */
  max: number;
  /** The window, in ms (a sliding window). */
  windowMs: number;
  /** Where the counts live; default an in-memory store, which holds for one process only (see docs/proxy.md). */
  store?: SubmitLimiter;
}

export interface ProxyOptions {
  /** The ModelsLab API key. It is added to each forwarded body here and never leaves this server otherwise. */
  apiKey: string;
  /** The API's base URL (default https://modelslab.com/api). */
  baseUrl?: string;
  /** The path the proxy is mounted at (default `/api/modelslab`): the page's client uses it as its `baseUrl`. */
  prefix?: string;
  /**
   * The app's own check of the request (a session cookie, a bearer token): the user, or
   * null/undefined to refuse it (HTTP 401). Default: every request is user "anonymous" (only
   * for a proxy reachable by trusted callers alone).
   */
  authorize?: (request: Request) => ProxyUser | null | undefined | Promise<ProxyUser | null | undefined>;
  /** Per-user submit limit. Default: none. */
  limits?: { submits?: SubmitLimitOptions };
  /** Submit endpoints anyone may use (the client's method names); default all five. Fetches and the upload follow. */
  endpoints?: readonly SubmitMethod[];
  /** Largest request body accepted, in bytes (default 8 MiB: a 5 MB image as base64 in JSON). */
  maxBodyBytes?: number;
  /** Time limit of each forwarded request, in ms (default 60 000, as the client's). */
  timeoutMs?: number;
  /** Cap on each answer from the API, in bytes (default 1 MiB, as the client's). */
  maxResponseBytes?: number;
  /** The fetch used to reach the API (default globalThis.fetch). */
  fetch?: Fetch;
}

export type ProxyHandler = (request: Request) => Promise<Response>;

/** What a refusal says, in `proxy_error.code`. */
export type ProxyErrorCode =
  | "not-found"
  | "method-not-allowed"
  | "unsupported-media-type"
  | "unauthorized"
  | "body-too-large"
  | "invalid-json"
  | "key-in-body"
  | "endpoint-not-allowed"
  | "model-not-allowed"
  | "invalid-request"
  | "submit-limit"
  | "upstream-redirect"
  | "upstream-unreadable"
  | "upstream-no-answer"
  | "upstream-timeout"
  | "proxy-failure";

/**
 * The JSON body of every refusal: shaped as the API's own error answer (`status: "error"`,
 * `message`), so the client turns it into its typed errors, plus `proxy_error` saying why.
 */
export interface ProxyErrorBody {
  status: "error";
  message: string;
  /** Seconds until the next submit is allowed (code `submit-limit`). */
  retry_after?: number;
  proxy_error: {
    code: ProxyErrorCode;
    /**
     * For a submit the API did not answer readably: whether it was sent at all (`not-sent`) or may
     * have been queued and billed (`maybe-queued`), as the client's `submitState` says it.
     */
    submit_state?: SubmitState;
    issues?: ValidationIssue[];
  };
}

export const DEFAULT_PROXY_PREFIX = "/api/modelslab";
export const DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;
const ANONYMOUS: ProxyUser = { id: "anonymous" };

/** A refusal: the HTTP status and the body. */
class Refusal {
  constructor(
    readonly status: number,
    readonly body: ProxyErrorBody,
    readonly headers: Record<string, string> = {},
  ) {}
}

function refusal(status: number, code: ProxyErrorCode, message: string, extra: Partial<ProxyErrorBody["proxy_error"]> = {}, headers: Record<string, string> = {}): Refusal {
  return new Refusal(status, { status: "error", message: `proxy: ${message}`, proxy_error: { code, ...extra } }, headers);
}

const SECURITY_HEADERS = { "content-type": "application/json", "cache-control": "no-store", "x-content-type-options": "nosniff" };

function respond(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...SECURITY_HEADERS, ...headers } });
}

/** The operations the proxy serves: the POSTs (a model search is the key holder's own business, not a page's). */
type ProxiedOperationId = { [K in OperationId]: (typeof operationIndex)[K]["kind"] extends "describe" ? never : K }[OperationId];

interface Route {
  operationId: ProxiedOperationId;
  kind: "submit" | "fetch" | "upload" | "account";
  /** The submit method of a submit, or the submit methods whose jobs a fetch reads. */
  methods: readonly SubmitMethod[];
  pattern: RegExp;
  path: string;
}

const METHOD_OF = Object.fromEntries(SUBMIT_METHODS.map((method) => [SUBMIT_OPERATIONS[method], method])) as Record<SubmitOperationId, SubmitMethod>;

/** One route per operation of the merged document: the proxy allows these and nothing else. */
function routesOf(prefix: string): Route[] {
  const proxied = (Object.keys(operationIndex) as OperationId[]).filter((operationId): operationId is ProxiedOperationId => operationIndex[operationId].kind !== "describe");
  return proxied.map((operationId) => {
    const { path, kind, family } = operationIndex[operationId];
    const escaped = (prefix + path).replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "([^/]+)");
    const methods =
      kind === "submit"
        ? [METHOD_OF[operationId as SubmitOperationId]]
        : kind === "fetch"
          ? SUBMIT_METHODS.filter((method) => operationIndex[SUBMIT_OPERATIONS[method]].family === family)
          : SUBMIT_METHODS;
    return { operationId, kind, methods, pattern: new RegExp(`^${escaped}$`), path };
  });
}

/** The body as text, at most `cap` bytes, counted as it streams in (a Content-Length over the cap is refused unread). */
async function bodyTextOf(request: Request, cap: number): Promise<string> {
  const tooLarge = () => refusal(413, "body-too-large", `the request body is over ${cap} bytes`);
  const declared = Number(request.headers.get("content-length"));
  // The rest is left unread rather than cancelled: on Node, cancelling would close the connection
  // before the refusal is written; the runtime discards what is left.
  if (Number.isFinite(declared) && declared > cap) throw tooLarge();
  if (!request.body) return "";
  const reader = request.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > cap) {
      reader.releaseLock();
      throw tooLarge();
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

/** Violations of a fetch or upload body: only the schema's own fields (after `key`), of its types. */
function plainBodyIssues(operationId: ProxiedOperationId, body: Record<string, unknown>): ValidationIssue[] {
  const schema = requestSchemas[operationId];
  const issues: ValidationIssue[] = [];
  for (const name of schema.required ?? []) if (!(name in body)) issues.push({ field: name, rule: "required", message: "is required" });
  for (const [name, value] of Object.entries(body)) {
    const field = schema.properties[name];
    if (!field) issues.push({ field: name, rule: "additionalProperties", message: "is not a field of this endpoint" });
    else if (field.type === "string" && typeof value !== "string") issues.push({ field: name, rule: "type", message: "must be string" });
  }
  return issues;
}

function positiveNumber(value: number, field: string): number {
  if (!Number.isFinite(value) || value <= 0) throw new InvalidRequestError([{ field, rule: "range", message: `must be a finite number above 0 (got ${String(value)})` }], "Invalid proxy options");
  return value;
}

/** The submit methods a user may use: the user's own list within the proxy's. */
function allowedMethods(user: ProxyUser, endpoints: readonly SubmitMethod[]): Set<SubmitMethod> {
  return new Set((user.endpoints ?? endpoints).filter((method) => endpoints.includes(method)));
}

export function createProxy(options: ProxyOptions): ProxyHandler {
  const keyProblem = apiKeyProblem(options.apiKey);
  if (keyProblem) throw new InvalidRequestError([{ field: "apiKey", rule: "format", message: keyProblem }], "Invalid proxy options");
  const baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
  const urlProblem = baseUrlProblem(baseUrl);
  if (urlProblem) throw new InvalidRequestError([{ field: "baseUrl", rule: "format", message: `${JSON.stringify(baseUrl)} ${urlProblem}` }], "Invalid proxy options");
  const prefix = (options.prefix ?? DEFAULT_PROXY_PREFIX).replace(/\/+$/, "");
  if (prefix !== "" && !/^\/[\w\-./~]*$/.test(prefix)) throw new InvalidRequestError([{ field: "prefix", rule: "format", message: "must be a path starting with / (letters, digits, - _ . ~ /)" }], "Invalid proxy options");
  const endpoints = options.endpoints ?? SUBMIT_METHODS;
  for (const method of endpoints)
    if (!SUBMIT_METHODS.includes(method)) throw new InvalidRequestError([{ field: "endpoints", rule: "enum", message: `${JSON.stringify(method)} is not one of ${SUBMIT_METHODS.join(", ")}` }], "Invalid proxy options");
  const maxBodyBytes = positiveNumber(options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, "maxBodyBytes");
  const submits = options.limits?.submits;
  if (submits) {
    if (!Number.isSafeInteger(submits.max) || submits.max < 0) throw new InvalidRequestError([{ field: "limits.submits.max", rule: "range", message: "must be an integer ≥ 0" }], "Invalid proxy options");
    positiveNumber(submits.windowMs, "limits.submits.windowMs");
  }
  const limiter = submits ? (submits.store ?? memorySubmitLimiter()) : undefined;
  const transport = createTransport({
    baseUrl,
    apiKey: options.apiKey,
    fetch: options.fetch,
    headers: requestHeaders({}),
    logger: undefined,
    timeoutMs: positiveNumber(options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, "timeoutMs"),
    maxResponseBytes: positiveNumber(options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES, "maxResponseBytes"),
  });
  const routes = routesOf(prefix);
  const authorize = options.authorize ?? (() => ANONYMOUS);

  const handle = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const matched = routes.map((route) => ({ route, match: route.pattern.exec(url.pathname) })).find((each) => each.match);
    if (!matched) throw refusal(404, "not-found", `${url.pathname} is not an operation of the API this proxy serves`);
    const { route } = matched;
    if (request.method !== "POST") throw refusal(405, "method-not-allowed", `${route.path} takes POST, not ${request.method}`, {}, { allow: "POST" });
    if (url.search) throw refusal(400, "invalid-request", "the API's operations take no query string");
    const mediaType = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
    if (mediaType !== "application/json") throw refusal(415, "unsupported-media-type", "the body must be sent as content-type application/json");
    const user = await authorize(request);
    if (!user || typeof user.id !== "string" || user.id === "") throw refusal(401, "unauthorized", "not authorized (the app's session check refused this request)");
    const text = await bodyTextOf(request, maxBodyBytes);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw refusal(400, "invalid-json", "the body is not JSON");
    }
    if (typeof body !== "object" || body === null || Array.isArray(body)) throw refusal(400, "invalid-json", "the body must be a JSON object");
    const fields = body as Record<string, unknown>;
    if (Object.hasOwn(fields, "key")) throw refusal(400, "key-in-body", "the body must not carry a key: the proxy holds it (configure the client with no apiKey)");
    const allowed = allowedMethods(user, endpoints);
    if (!route.methods.some((method) => allowed.has(method))) throw refusal(403, "endpoint-not-allowed", `${route.path} is not allowed for this user`);
    if (route.kind === "submit") {
      const model = fields.model_id;
      if (user.models && model !== undefined && !user.models.includes(String(model))) throw refusal(403, "model-not-allowed", `model_id ${JSON.stringify(model)} is not allowed for this user`);
      if (user.models && model === undefined && requestSchemas[route.operationId].properties.model_id) throw refusal(403, "model-not-allowed", "this user must name an allowed model_id");
      try {
        refuseInvalid(validateRequest(route.operationId as SubmitOperationId, { ...fields, key: "held-by-the-proxy" }));
      } catch (error) {
        if (error instanceof InvalidRequestError) throw refusal(400, "invalid-request", "the body does not follow the endpoint's schema; nothing was sent", { issues: error.issues });
        throw error;
      }
    } else {
      const issues = [...jsonIssuesOf(fields), ...plainBodyIssues(route.operationId, fields)];
      if (issues.length > 0) throw refusal(400, "invalid-request", "the body does not follow the endpoint's schema; nothing was sent", { issues });
    }
    if (route.kind === "submit" && limiter && submits) {
      const decision = await limiter.take(user.id, submits.max, submits.windowMs);
      if (!decision.allowed) {
        const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
        const refused = refusal(429, "submit-limit", `submit limit reached (${submits.max} per ${submits.windowMs / 1000} s); nothing was sent`, {}, { "retry-after": String(seconds) });
        refused.body.retry_after = seconds;
        throw refused;
      }
    }
    const id = matched.match?.[1];
    return forward(route, id === undefined ? undefined : decodeURIComponent(id), fields, request.signal);
  };

  const forward = async (route: Route, id: string | undefined, fields: Record<string, unknown>, signal: AbortSignal): Promise<Response> => {
    const submit = route.kind === "submit";
    let answer: Answer;
    try {
      answer = await post(transport, { path: route.path, ...(id === undefined ? {} : { id }), body: { ...fields, key: options.apiKey }, signal }, submit ? "submit" : "poll");
    } catch (error) {
      // What a failed submit amounts to is decided where the client decides it (submitStateOf).
      const state = submit ? submitStateOf(error, "request") : undefined;
      const maybe = state ? { submit_state: state } : {};
      const note = state ? `; ${submitStateNote(state)}` : "";
      if (error instanceof UnexpectedResponseError && error.reason === "redirect") throw refusal(502, "upstream-redirect", `the API answered a redirect, not followed${note}`, maybe);
      if (error instanceof UnexpectedResponseError) throw refusal(502, "upstream-unreadable", `the API's answer could not be read (${error.reason})${note}`, maybe);
      if (error instanceof RequestTimeoutError) throw refusal(504, "upstream-timeout", `no answer from the API in time${note}`, maybe);
      if (error instanceof ModelsLabError) throw refusal(502, "upstream-no-answer", `no answer from the API${note}`, maybe);
      throw error;
    }
    if (answer.json === undefined) {
      const maybe = submit ? { submit_state: "maybe-queued" as const } : {};
      throw refusal(502, "upstream-unreadable", `the API answered HTTP ${answer.status} with ${answer.tooDeep ? "JSON nested too deep" : "a body that is not JSON"}${submit ? `; ${submitStateNote("maybe-queued")}` : ""}`, maybe);
    }
    // The body is the API's, parsed and redacted of the key in every form; of the headers only these few pass.
    const headers: Record<string, string> = {};
    for (const name of ["retry-after", "x-request-id", "request-id"]) {
      const value = answer.headers[name];
      if (value !== undefined) headers[name] = value;
    }
    return respond(answer.status, answer.json, headers);
  };

  return async (request) => {
    try {
      return await handle(request);
    } catch (error) {
      if (error instanceof Refusal) return respond(error.status, error.body, error.headers);
      // Never the error itself: it could say anything. The key cannot be in this text.
      return respond(500, { status: "error", message: "proxy: internal failure", proxy_error: { code: "proxy-failure" } } satisfies ProxyErrorBody);
    }
  };
}
