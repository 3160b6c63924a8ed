/**
 * The property behind test/public-surface-property.test.ts and `npm run fuzz:hostile`: fast-check
 * generates a call of the public surface (every submit method, its `.wait()`, `wait`, `job`,
 * `uploadImage`, `parseWebhook`, the constructor) with generated JavaScript values for its
 * arguments and options (`null`, `undefined`, `NaN`, `±Infinity`, negative and huge numbers,
 * strings where numbers go, objects with throwing getters, Proxies, very long strings, unicode),
 * against a generated server (statuses including 5xx with `retry_after` bodies and 429s, ids of
 * every shape, URLs with odd escapes, bytes that are not HTTP echoing the key, a server that is
 * down), and checks for every case:
 *
 * - submits reaching the server ≤ 1, or ≤ 1 + n when every extra one followed an HTTP 429 and
 *   `rateLimitRetries` was n;
 * - every request carrying the key went to the base origin, to a route of the operation it is for
 *   (the method's submit, its family's fetch, the upload), none elsewhere (third party included);
 * - the call settled within its deadline plus a margin;
 * - it rejected (or threw) only with a ModelsLabError, or with exactly what a generated callback threw;
 * - the key appears nowhere in the result's or the error's full inspection
 *   (`util.inspect` depth Infinity with showHidden, JSON.stringify, String, each cause's message
 *   and stack) nor in a logger line, as sent, `\u`-escaped, percent-encoded, base64 or base64url.
 */
import { inspect } from "node:util";
import { createServer } from "node:net";
import fc from "fast-check";
import { fault, reply, startScriptedServer, type Reply } from "../contract-tests/harness/scripted-server.js";
import type { ThirdParty } from "../contract-tests/harness/third-party.js";
import { ModelsLab, ModelsLabError, parseWebhook, type Family, type SubmitMethod } from "../src/index.js";
import { keyForms } from "./hostile-property.js";
import { apiError, failed, rateLimited, V6_ID, v6Processing, v6Success } from "./video-responses.js";

export const KEY = "ml-surface-key-3f8a0c6e2b9d4157";
const REQUEST_TIMEOUT_MS = 150;
const WAIT_TIMEOUT_MS = 400;
/** Slack over a deadline for a loaded 2-core machine. */
const MARGIN_MS = 3_000;
/** The longest pause a generated 429 asks for (s): a plain submit's retries stay short. */
const MAX_429_PAUSE_S = 0.03;

const SUBMIT_ROUTES: Record<SubmitMethod, string> = {
  img2video: "POST /v6/video/img2video",
  img2videoUltra: "POST /v6/video/img2video_ultra",
  fusionImg2video: "POST /v7/video-fusion/image-to-video",
  enterpriseImg2video: "POST /v1/enterprise/video/img2video",
  enterpriseImg2videoUltra: "POST /v1/enterprise/image_to_video_ultra/img2video",
};
const FAMILY_OF: Record<SubmitMethod, Family> = { img2video: "v6", img2videoUltra: "v6", fusionImg2video: "v7", enterpriseImg2video: "enterprise", enterpriseImg2videoUltra: "enterprise-ultra" };
const FETCH_ROUTES: Record<Family, string> = {
  v6: "POST /v6/video/fetch/{id}",
  v7: "POST /v7/video-fusion/fetch/{id}",
  enterprise: "POST /v1/enterprise/video/fetch/{id}",
  "enterprise-ultra": "POST /v1/enterprise/image_to_video_ultra/fetch/{id}",
};
const UPLOAD_ROUTE = "POST /v6/base64_to_url";
const V6_ROUTES = new Set(["POST /v6/video/img2video", "POST /v6/video/img2video_ultra", "POST /v6/video/fetch/{id}"]);

/** A JSON reply as a declared off-contract fault (same status, body and headers). */
function declaredOff(scripted: Reply): Reply {
  if (scripted.kind === "json") return fault.offContract(scripted.status, JSON.stringify(scripted.body), scripted.headers);
  if (scripted.kind === "jsonText") return fault.offContract(scripted.status, scripted.text, scripted.headers);
  if (scripted.kind === "truncated") return fault.offContract(scripted.status, JSON.stringify(scripted.body).slice(0, scripted.keep));
  if (scripted.kind === "slow") return fault.slow(scripted.delayMs, declaredOff(scripted.then));
  return scripted;
}
const VALID_PARAMS: Record<SubmitMethod, Record<string, unknown>> = {
  img2video: { model_id: "wan2.2", init_image: "https://example.com/cat.png", prompt: "the cat turns its head" },
  img2videoUltra: { model_id: "wan2.2", init_image: "https://example.com/cat.png", prompt: "the cat turns its head" },
  fusionImg2video: { model_id: "wan2.6-i2v", init_image: "https://example.com/cat.png" },
  enterpriseImg2video: { model_id: "svd", init_image: "https://example.com/cat.png" },
  enterpriseImg2videoUltra: { init_image: "https://example.com/cat.png", prompt: "moving character" },
};
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

/** Marks what a generated callback throws: the only error allowed to pass the boundary unchanged. */
class CallbackMarker extends Error {}

/** A JavaScript value as a plain-JavaScript caller might pass it anywhere. */
interface Hostile {
  label: string;
  make: () => unknown;
}
const hostile: fc.Arbitrary<Hostile> = fc.oneof(
  fc.constantFrom<Hostile>(
    { label: "null", make: () => null },
    { label: "undefined", make: () => undefined },
    { label: "NaN", make: () => Number.NaN },
    { label: "Infinity", make: () => Number.POSITIVE_INFINITY },
    { label: "-Infinity", make: () => Number.NEGATIVE_INFINITY },
    { label: "-1", make: () => -1 },
    { label: "0", make: () => 0 },
    { label: "1e308", make: () => 1e308 },
    { label: "2^60", make: () => 2 ** 60 },
    { label: "1.5", make: () => 1.5 },
    { label: '"3"', make: () => "3" },
    { label: '""', make: () => "" },
    { label: "true", make: () => true },
    { label: "1n", make: () => 1n },
    { label: "a symbol", make: () => Symbol("s") },
    { label: "a function", make: () => () => 1 },
    { label: "[]", make: () => [] },
    { label: "{}", make: () => ({}) },
    { label: "a long string", make: () => "x".repeat(100_000) },
    { label: "unicode", make: () => "\u202e𝕏\u0000\ud800é" },
    { label: "a throwing getter", make: () => Object.defineProperty({}, "x", { enumerable: true, get: () => { throw new Error(`getter ${KEY}`); } }) },
    { label: "a Proxy that throws", make: () => new Proxy({}, { ownKeys: () => { throw new Error("trap"); }, get: () => { throw new Error("trap"); } }) },
    { label: "a Proxy of an object", make: () => new Proxy({ a: 1 }, {}) },
  ),
  fc.string({ maxLength: 20 }).map((text) => ({ label: JSON.stringify(text), make: () => text })),
  fc.double().map((value) => ({ label: String(value), make: () => value })),
);

/** A value for an option: a valid one (`valid`) or a hostile one. */
function optionArb(valid: fc.Arbitrary<unknown>): fc.Arbitrary<Hostile | undefined> {
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant(undefined) },
    { weight: 3, arbitrary: valid.map((value) => ({ label: String(value), make: () => value })) },
    { weight: 2, arbitrary: hostile },
  );
}

/** What a generated server answers, on one route. */
interface Scripted {
  label: string;
  reply: (third: string) => Reply;
  /** Whether this answer is an HTTP 429. */
  is429: boolean;
}

/** How an answer may echo the key: not at all, or in each encoding the redaction covers. */
const echo = fc.constantFrom(
  "",
  KEY,
  encodeURIComponent(KEY).replace(/-/g, "%2D"),
  [...KEY].map((c) => `&#x${c.charCodeAt(0).toString(16)};`).join(""),
  Buffer.from(KEY).toString("base64"),
  Buffer.from(`k:${KEY}`).toString("base64"),
  Buffer.from(`kk:${KEY}`).toString("base64url"),
);

/** Ids of every shape a server might send (in the JSON text, so big integers stay big). */
const idText = fc.oneof(
  fc.constantFrom('"."', '".."', '""', '"a/b"', '"..%2F"', '"%2e%2e"', '"a\\\\b"', '"\\u0000x"', '"\\n"', "12345678901234567891", "-1", "1.5", "1e400", "null", "[1]", '{"toString":1}', '"𝕏-\\u202e"', `"${"9".repeat(2000)}"`),
  fc.integer({ min: 1, max: 2 ** 53 - 1 }).map(String),
  fc.string({ maxLength: 12 }).map((text) => JSON.stringify(text)),
);

/** Odd fetch_result URLs: other hosts, escapes, dot segments, other families. */
const fetchResult = fc.constantFrom(
  undefined,
  (third: string) => `${third}/v6/video/fetch/${V6_ID}`,
  () => "https://modelslab.com/api/v6/video/fetch/%2e%2e",
  () => "https://modelslab.com/api/v6/video/fetch/%E0%A4%A",
  () => "https://modelslab.com/api/v7/video-fusion/fetch/a%2Fb",
  () => "javascript:alert(1)",
  () => `https://modelslab.com/api/v1/enterprise/video/fetch/${V6_ID}?key=${KEY}`,
);

function scriptedArb(): fc.Arbitrary<Scripted> {
  const shaped = fc.record({ status: fc.constantFrom("processing", "success", "failed", "error"), id: idText, eta: fc.constantFrom("0.001", "-1", "1e9", '"soon"', "null"), output: fc.constantFrom('[]', '["https://cdn.example/v.mp4"]', '"x"', "[1,null]", '["javascript:alert(1)"]'), fetchResult, e: echo }).map(
    ({ status, id, eta, output, fetchResult: url, e }) => ({
      label: `200 ${status} id ${id.slice(0, 30)} eta ${eta} output ${output}${url ? " fetch_result" : ""}${e ? " + echo" : ""}`,
      is429: false,
      reply: (third: string) =>
        fault.offContract(200, `{"status":"${status}","id":${id},"eta":${eta},"output":${output}${url ? `,"fetch_result":${JSON.stringify(url(third))}` : ""}${e ? `,"message":${JSON.stringify(`echo ${e}`)}` : ""}}`),
    }),
  );
  const valid = fc.constantFrom<Scripted>(
    { label: "v6 processing", is429: false, reply: () => reply.json(200, v6Processing(0.001)) },
    { label: "v6 success", is429: false, reply: () => reply.json(200, v6Success()) },
    { label: "v6 failed", is429: false, reply: () => reply.json(200, failed()) },
  );
  const errors = fc.record({ status: fc.constantFrom(400, 401, 403, 404, 422, 500, 502, 503, 504), retry: fc.boolean(), e: echo }).map(({ status, retry, e }) => ({
    label: `HTTP ${status}${retry ? " retry_after" : ""}${e ? " + echo" : ""}`,
    is429: false,
    reply: () => fault.offContract(status, JSON.stringify({ ...apiError(`failure ${e}`), ...(retry ? { retry_after: 0.01 } : {}) }), retry ? { "retry-after": "0" } : undefined),
  }));
  const okWithRetry = fc.constant<Scripted>({ label: "200 status:error retry_after", is429: false, reply: () => reply.json(200, rateLimited(0.01)) });
  const limited = fc.record({ seconds: fc.double({ min: 0, max: MAX_429_PAUSE_S, noNaN: true }), html: fc.boolean() }).map(({ seconds, html }) => ({
    label: `429 retry_after ${seconds}${html ? " (HTML)" : ""}`,
    is429: true,
    reply: () => (html ? fault.offContract(429, "<html>Too Many Requests</html>", { "retry-after": String(seconds) }) : fault.offContract(429, JSON.stringify(rateLimited(seconds)))),
  }));
  const broken = fc.oneof(
    fc.constant<Scripted>({ label: "hang", is429: false, reply: () => fault.hang() }),
    fc.constant<Scripted>({ label: "drop", is429: false, reply: () => fault.dropConnection() }),
    fc.constant<Scripted>({ label: "html 502", is429: false, reply: () => fault.htmlPage(502) }),
    echo.map((e) => ({ label: `not HTTP${e ? " + echo" : ""}`, is429: false, reply: () => fault.notHttp(`HTTP/9.9 ${e || "garbage"}\r\nX: ${e}\r\n\r\n`) })),
    fc.constantFrom(301, 307, 308).map((status) => ({ label: `redirect ${status} to the third party`, is429: false, reply: (third: string) => fault.redirect(status, `${third}/v6/video/img2video`) })),
    fc.integer({ min: 0, max: 40 }).map((keep) => ({ label: `truncated at ${keep}`, is429: false, reply: () => fault.truncatedJson(v6Processing(), 200, keep) })),
  );
  return fc.oneof({ weight: 3, arbitrary: shaped }, valid, { weight: 2, arbitrary: errors }, okWithRetry, { weight: 2, arbitrary: limited }, { weight: 2, arbitrary: broken });
}

export type Call =
  | { kind: "submit"; method: SubmitMethod; params: Hostile | "valid" | { field: string; value: Hostile } | "image"; options: Record<string, Hostile | undefined>; wait: Record<string, Hostile | undefined> | undefined; unknownOption: boolean }
  | { kind: "wait"; target: Hostile; family: Hostile | undefined; options: Record<string, Hostile | undefined> }
  | { kind: "job"; target: Hostile; family: Hostile | undefined }
  | { kind: "uploadImage"; image: Hostile | "png" }
  | { kind: "parseWebhook"; body: Hostile | { text: string } }
  | { kind: "constructor"; options: Record<string, Hostile | undefined> };

const methodArb = fc.constantFrom<SubmitMethod>("img2video", "img2videoUltra", "fusionImg2video", "enterpriseImg2video", "enterpriseImg2videoUltra");
const familyValue = fc.constantFrom("v6", "v7", "enterprise", "enterprise-ultra");
const callback = fc.constantFrom<Hostile>(
  { label: "a callback", make: () => () => undefined },
  { label: "a throwing callback", make: () => () => { throw new CallbackMarker("mine"); } },
  { label: "an async rejecting callback", make: () => async () => { throw new CallbackMarker("mine"); } },
);

const waitOptionsArb = fc.record(
  {
    timeoutMs: fc.oneof(fc.constant({ label: String(WAIT_TIMEOUT_MS), make: () => WAIT_TIMEOUT_MS }), fc.constantFrom<Hostile>({ label: "NaN", make: () => Number.NaN }, { label: "-1", make: () => -1 }, { label: '"400"', make: () => "400" }, { label: "null", make: () => null })),
    maxPollRetries: optionArb(fc.integer({ min: 0, max: 3 })),
    onProgress: fc.option(callback, { nil: undefined }),
    onEnqueue: fc.option(callback, { nil: undefined }),
    schedule: fc.option(fc.oneof(hostile, fc.constant({ label: "fast", make: () => ({ minIntervalMs: 5, maxIntervalMs: 20 }) })), { nil: undefined }),
  },
  { requiredKeys: ["timeoutMs"] },
);

function validOption(valid: fc.Arbitrary<unknown>): fc.Arbitrary<Hostile> {
  return valid.map((value) => ({ label: String(value), make: () => value }));
}

const cleanWaitOptions = fc.record(
  { timeoutMs: fc.constant<Hostile>({ label: String(WAIT_TIMEOUT_MS), make: () => WAIT_TIMEOUT_MS }), onProgress: fc.option(callback, { nil: undefined }) },
  { requiredKeys: ["timeoutMs"] },
);

/** Request time limits: a short valid one, or a value the rule refuses (never a huge valid one: a hang would last it). */
const requestTimeout = fc.oneof(fc.constant({ label: String(REQUEST_TIMEOUT_MS), make: () => REQUEST_TIMEOUT_MS }), fc.constantFrom<Hostile>({ label: "NaN", make: () => Number.NaN }, { label: "Infinity", make: () => Number.POSITIVE_INFINITY }, { label: "0", make: () => 0 }, { label: '"150"', make: () => "150" }, { label: "null", make: () => null }));

export const callArb: fc.Arbitrary<Call> = fc.oneof(
  { weight: 10, arbitrary: fc.record({
    kind: fc.constant("submit" as const),
    method: methodArb,
    params: fc.oneof({ weight: 8, arbitrary: fc.constant("valid" as const) }, fc.constant("image" as const), hostile, fc.record({ field: fc.constantFrom("prompt", "num_frames", "init_image", "model_id", "__proto__", "key"), value: hostile })),
    options: fc.oneof(
      { weight: 3, arbitrary: fc.record({ rateLimitRetries: fc.option(validOption(fc.integer({ min: 0, max: 3 })), { nil: undefined }), notSentRetries: fc.option(validOption(fc.integer({ min: 0, max: 2 })), { nil: undefined }) }, { requiredKeys: [] }) },
      fc.record({ rateLimitRetries: optionArb(fc.integer({ min: 0, max: 3 })), notSentRetries: optionArb(fc.integer({ min: 0, max: 2 })), timeoutMs: fc.option(requestTimeout, { nil: undefined }), validate: optionArb(fc.boolean()) }, { requiredKeys: [] }),
    ),
    wait: fc.option(fc.oneof({ weight: 3, arbitrary: cleanWaitOptions }, waitOptionsArb), { nil: undefined }),
    unknownOption: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
  }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("wait" as const), target: fc.oneof(fc.constant<Hostile>({ label: String(V6_ID), make: () => String(V6_ID) }), hostile, idText.map((text) => ({ label: text, make: () => { try { return JSON.parse(text) as unknown; } catch { return text; } } }))), family: optionArb(familyValue), options: fc.oneof({ weight: 3, arbitrary: cleanWaitOptions }, waitOptionsArb) }) },
  fc.record({ kind: fc.constant("job" as const), target: hostile, family: optionArb(familyValue) }),
  fc.record({ kind: fc.constant("uploadImage" as const), image: fc.oneof(fc.constant("png" as const), hostile) }),
  fc.record({ kind: fc.constant("parseWebhook" as const), body: fc.oneof(hostile, fc.record({ id: idText, status: fc.constantFrom("success", "failed", "x") }).map(({ id, status }) => ({ text: `{"status":"${status}","id":${id},"output":[]}` }))) }),
  fc.record({ kind: fc.constant("constructor" as const), options: fc.record({ baseUrl: fc.option(fc.oneof(hostile, fc.constantFrom<Hostile>({ label: "creds", make: () => `https://u:${KEY}@api.example` }, { label: "query", make: () => `https://api.example/?key=${KEY}` })), { nil: undefined }), rateLimitRetries: optionArb(fc.integer({ min: 0, max: 3 })), timeoutMs: optionArb(fc.constant(150)), headers: optionArb(fc.constant({ "x-a": "b" })), logger: optionArb(fc.constant({ debug() {} })), fetch: optionArb(fc.constant(fetch)), wait: optionArb(fc.constant({ timeoutMs: 400 })) }, { requiredKeys: [] }) }),
);

export interface Case {
  call: Call;
  /** The submit route's answers in order (the last repeats), the fetch route's, the upload's. */
  submits: Scripted[];
  polls: Scripted[];
  upload: Scripted;
  /** The base URL points at a closed port: every connection is refused. */
  down: boolean;
}

export const caseArb: fc.Arbitrary<Case> = fc.record({
  call: callArb,
  submits: fc.array(scriptedArb(), { minLength: 1, maxLength: 4 }),
  polls: fc.array(scriptedArb(), { minLength: 1, maxLength: 3 }),
  upload: fc.oneof(fc.constant<Scripted>({ label: "upload ok", is429: false, reply: () => fault.offContract(200, JSON.stringify({ status: "success", id: 4321, output: ["https://cdn.example/img.png"] })) }), scriptedArb()),
  down: fc.integer({ min: 0, max: 7 }).map((n) => n === 0),
});

function describeHostile(value: Hostile | undefined): string {
  return value === undefined ? "-" : value.label.slice(0, 40);
}

export function describeCase(c: Case): string {
  const { call } = c;
  const options = (record: Record<string, Hostile | undefined>) => Object.entries(record).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${describeHostile(v)}`).join(",");
  const what =
    call.kind === "submit"
      ? `${call.method}(${typeof call.params === "string" ? call.params : "field" in call.params ? `${call.params.field}=${describeHostile(call.params.value)}` : describeHostile(call.params)}, {${options(call.options)}${call.unknownOption ? ",rateLimitRetry" : ""}})${call.wait ? `.wait({${options(call.wait)}})` : ""}`
      : call.kind === "wait"
        ? `wait(${describeHostile(call.target)}, {family=${describeHostile(call.family)},${options(call.options)}})`
        : call.kind === "job"
          ? `job(${describeHostile(call.target)}, ${describeHostile(call.family)})`
          : call.kind === "uploadImage"
            ? `uploadImage(${call.image === "png" ? "png" : describeHostile(call.image)})`
            : call.kind === "parseWebhook"
              ? `parseWebhook(${"text" in call.body ? call.body.text.slice(0, 60) : describeHostile(call.body)})`
              : `new ModelsLab({${options(call.options)}})`;
  return `${what}; submits: ${c.submits.map((s) => s.label).join(" | ")}; polls: ${c.polls.map((p) => p.label).join(" | ")}; upload: ${c.upload.label}${c.down ? "; server down" : ""}`;
}

function made(record: Record<string, Hostile | undefined>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(record)) if (value !== undefined) out[name] = value.make();
  return out;
}

function views(value: unknown): string[] {
  const seen: string[] = [];
  const safe = (read: () => string) => {
    try {
      seen.push(read());
    } catch (error) {
      seen.push(`(unreadable: ${String(error)})`);
    }
  };
  safe(() => inspect(value, { depth: Number.POSITIVE_INFINITY, showHidden: true, getters: true }));
  safe(() => String(value));
  safe(() => JSON.stringify(value) ?? "");
  let depth = 0;
  for (let error = value; error instanceof Error && depth < 20; error = error.cause, depth++) safe(() => `${(error as Error).message}\n${(error as Error).stack ?? ""}`);
  return seen;
}

function fail(what: string): never {
  throw new Error(what);
}

async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** A whole number from 0 to 100, as the options schema takes it; else undefined. */
function count(value: unknown): number | undefined {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0 && value <= 100 ? value : undefined;
}

/** Runs one case and throws, naming the broken promise, if any promise breaks. */
export async function checkCase(c: Case, third: ThirdParty): Promise<void> {
  const { call } = c;
  const method: SubmitMethod = call.kind === "submit" ? call.method : "img2video";
  const family = FAMILY_OF[method];
  const routes: Record<string, Reply[]> = {};
  for (const m of Object.keys(SUBMIT_ROUTES) as SubmitMethod[]) routes[SUBMIT_ROUTES[m]] = m === method ? c.submits.map((s) => s.reply(third.url)) : [fault.offContract(400, JSON.stringify(apiError("not this route")))];
  for (const f of Object.keys(FETCH_ROUTES) as Family[]) routes[FETCH_ROUTES[f]] = c.polls.map((p) => p.reply(third.url));
  routes[UPLOAD_ROUTE] = [c.upload.reply(third.url)];
  // v6-shaped answers are checked against the contract on the v6 routes they are written for;
  // on any other route they are declared faults (off-contract bodies).
  for (const route of Object.keys(routes)) if (!V6_ROUTES.has(route)) routes[route] = routes[route]!.map(declaredOff);
  const server = await startScriptedServer({ routes });
  const baseUrl = c.down ? await closedPortUrl() : server.url;
  const lines: string[] = [];
  const before = third.carrying(KEY).length;
  const clientOptions = {
    apiKey: KEY,
    baseUrl,
    timeoutMs: REQUEST_TIMEOUT_MS,
    maxResponseBytes: 64 * 1024,
    logger: { debug: (message: string, details?: unknown) => lines.push(message, inspect(details, { depth: null })) },
    wait: { schedule: { minIntervalMs: 5, maxIntervalMs: 20, jitter: 0.1, backoff: 1.5 }, maxPollRetries: 2 },
  };
  let deadline = REQUEST_TIMEOUT_MS;
  let allowedSubmits = 1;
  const started = performance.now();
  const outcome = await (async () => {
    const client = new ModelsLab(clientOptions);
    switch (call.kind) {
      case "submit": {
        const params =
          call.params === "valid" ? { ...VALID_PARAMS[method] } : call.params === "image" ? { ...VALID_PARAMS[method], init_image: PNG } : "field" in call.params ? { ...VALID_PARAMS[method], [call.params.field]: call.params.value.make() } : call.params.make();
        const options: Record<string, unknown> = { ...made(call.options), ...(call.unknownOption ? { rateLimitRetry: 3 } : {}) };
        // A bad or unknown option refuses the call before anything is sent; a valid one sets the budget.
        const rateLimitRetries = count(options.rateLimitRetries) ?? 0;
        const notSentRetries = count(options.notSentRetries) ?? 0;
        allowedSubmits = 1 + rateLimitRetries;
        // Sends (each up to a request time limit, the upload first), the 429 pauses asked for, the not-sent pauses.
        deadline = (2 + rateLimitRetries + notSentRetries) * REQUEST_TIMEOUT_MS + rateLimitRetries * MAX_429_PAUSE_S * 1000 + 250 * (2 ** notSentRetries - 1);
        const submitCall = client[method](params as never, options as never);
        if (!call.wait) return submitCall;
        deadline = WAIT_TIMEOUT_MS;
        return submitCall.wait(made(call.wait) as never);
      }
      case "wait":
        deadline = WAIT_TIMEOUT_MS;
        return client.wait(call.target.make() as never, { ...made(call.options), ...(call.family ? { family: call.family.make() } : {}) } as never);
      case "job":
        return client.job(call.target.make() as never, call.family?.make() as never);
      case "uploadImage":
        return client.uploadImage((call.image === "png" ? PNG : call.image.make()) as never);
      case "parseWebhook":
        return parseWebhook("text" in call.body ? call.body.text : call.body.make());
      case "constructor":
        return new ModelsLab({ apiKey: KEY, ...made(call.options) } as never);
    }
  })().then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  const settled = performance.now() - started;
  // Let anything still in flight land before counting (a bug could send after settling).
  await new Promise((resolve) => setTimeout(resolve, 20));
  try {
    const submits = server.requestsTo(SUBMIT_ROUTES[method]);
    if (submits.length > allowedSubmits) fail(`${submits.length} submits reached the server (at most ${allowedSubmits} allowed)`);
    for (let i = 1; i < submits.length; i++) {
      const before429 = c.submits[Math.min(i - 1, c.submits.length - 1)]!;
      if (!before429.is429) fail(`submit ${i + 1} was sent after "${before429.label}", not after an HTTP 429`);
    }
    const allowed = new Set([SUBMIT_ROUTES[method], FETCH_ROUTES[call.kind === "wait" ? ((): Family => { const f = call.family?.make(); return typeof f === "string" && f in FETCH_ROUTES ? (f as Family) : family; })() : family], UPLOAD_ROUTE]);
    const elsewhere = server.requests.filter((r) => !allowed.has(r.route));
    // A wait whose family comes from the target (a fetch URL) may poll that family's fetch: still a fetch operation.
    const stray = elsewhere.filter((r) => !(call.kind === "wait" && Object.values(FETCH_ROUTES).includes(r.route)));
    if (stray.length > 0) fail(`requests went to ${stray.map((r) => `${r.route} ${r.path}`).join(", ")}, not an operation of this call`);
    const leaked = third.carrying(KEY).length - before;
    if (leaked > 0) fail(`${leaked} requests carrying the key reached the third party`);
    if (settled > deadline + MARGIN_MS) fail(`settled after ${Math.round(settled)} ms, deadline ${deadline} ms`);
    if ("error" in outcome && !(outcome.error instanceof ModelsLabError) && !(outcome.error instanceof CallbackMarker)) fail(`rejected with a non-ModelsLabError: ${inspect(outcome.error).slice(0, 500)}`);
    const result = "error" in outcome ? outcome.error : outcome.value;
    const looked = call.kind === "constructor" && !("error" in outcome) ? [] : views(result);
    for (const view of [...looked, ...lines]) for (const form of keyForms(KEY)) if (view.includes(form)) fail(`the key (as ${JSON.stringify(form.slice(0, 12))}…) appears in: ${view.slice(Math.max(0, view.indexOf(form) - 150), view.indexOf(form) + 100)}`);
  } finally {
    await server.stop();
  }
}
