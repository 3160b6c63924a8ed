/**
 * The property behind test/hostile-property.test.ts and `npm run fuzz:hostile`: fast-check
 * generates what a hostile server does to a submit and to its polls (status codes, headers,
 * redirects, delays, cut, endless, deep or off-contract bodies, escaped echoes of the key,
 * wrong types), and for every behaviour:
 *
 * - at most one submit reached the server;
 * - no request carrying the key reached the third party (redirect targets, fetch_result hosts);
 * - the call settled within its deadline plus a margin;
 * - it resolved, or rejected with a ModelsLabError;
 * - the key is in no output, error (message, stack, JSON.stringify, util.inspect) or logger line.
 *
 * Every deliberate fault is one of the scripted server's declared faults; every JSON reply the
 * contract is meant to allow is checked against it when the server starts.
 */
import { inspect } from "node:util";
import fc from "fast-check";
import { fault, reply, startScriptedServer, type Reply } from "../contract-tests/harness/scripted-server.js";
import type { ThirdParty } from "../contract-tests/harness/third-party.js";
import { ModelsLab, ModelsLabError } from "../src/index.js";
import { apiError, failed, IMG2VIDEO, rateLimited, V6_ID, v6Processing, v6Success } from "./video-responses.js";

export const KEY = "ml-property-key-5e3a9c1d7f02b846";
const SUBMIT = "POST /v6/video/img2video";
const FETCH = "POST /v6/video/fetch/{id}";
export const REQUEST_TIMEOUT_MS = 150;
export const WAIT_TIMEOUT_MS = 400;
/** Slack over a deadline for a loaded 2-core machine. */
export const MARGIN_MS = 3_000;

/** The key in the forms a reader could decode (those the redaction covers: as is, \u-escaped, percent-encoded, base64, base64url, HTML references). */
export function keyForms(key: string): string[] {
  const escaped = [...key].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");
  const htmlReferences = [...key].map((c) => `&#x${c.charCodeAt(0).toString(16)};`).join("");
  return [key, escaped, encodeURIComponent(key).replace(/-/g, "%2D"), Buffer.from(key).toString("base64").slice(0, -4), Buffer.from(key).toString("base64url").slice(0, -4), htmlReferences];
}

const escapedKey = keyForms(KEY)[1]!;

/** How a reply may echo the key: not at all, as is, \u-escaped, percent-encoded, in base64. */
const echo = fc.constantFrom("", KEY, escapedKey, encodeURIComponent(KEY).replace(/-/g, "%2D"), Buffer.from(`k:${KEY}`).toString("base64"));

const retryAfter = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom("0", "0.01", "1000000000", "1e308", "-5", "soon", "NaN", new Date(Date.now() + 10 * 365 * 86_400_000).toUTCString(), "Thu, 01 Jan 1970 00:00:00 GMT"),
);

function withEcho(body: Record<string, unknown>, field: string, text: string): Reply {
  // A placeholder replaced in the JSON text, so escaped forms stay escaped on the wire.
  const json = JSON.stringify({ ...body, [field]: "@@ECHO@@" }).replace("@@ECHO@@", `echo ${text.replace(/\\/g, "\\\\").replace(/\\\\u/g, "\\u")}`);
  return reply.jsonText(200, json);
}

/** A reply a hostile server might give; `where` picks bodies the contract allows there. */
function replyArb(where: "submit" | "poll"): fc.Arbitrary<{ label: string; reply: (third: string) => Reply }> {
  const processing = fc.record({ eta: fc.oneof(fc.constant(0.001), fc.double({ min: -10, max: 1e300, noNaN: true }), fc.constant(1e9)), echo, away: fc.boolean() }).map(({ eta, echo: e, away }) => ({
    label: `processing eta ${eta}${e ? " + echo" : ""}${away ? ", fetch_result on the third party" : ""}`,
    reply: (third: string) => {
      const body = { ...v6Processing(eta), ...(away ? { fetch_result: `${third}/v6/video/fetch/${V6_ID}` } : {}) };
      const scripted = e ? withEcho(body, "message", e) : reply.json(200, body);
      // An eta below zero is off the contract (no server sends one): a declared fault.
      if (eta >= 0) return scripted;
      return fault.offContract(200, scripted.kind === "jsonText" ? scripted.text : JSON.stringify(body), { "content-type": "application/json" });
    },
  }));
  const success = echo.map((e) => ({ label: `success${e ? " + echo" : ""}`, reply: () => (e ? withEcho(v6Success(), "tip", e) : reply.json(200, v6Success())) }));
  const failure = echo.map((e) => ({ label: `failed${e ? " + echo" : ""}`, reply: () => (e ? withEcho(failed(), "message", e) : reply.json(200, failed())) }));
  const errorStatus = fc.record({ status: fc.constantFrom(400, 401, 403, 404, 500, 502, 503), e: echo, ra: retryAfter }).map(({ status, e, ra }) => ({
    label: `HTTP ${status}${ra ? ` retry-after ${ra}` : ""}`,
    reply: () => {
      const headers = { ...(ra ? { "retry-after": ra } : {}), "x-echo": e || "none" };
      // Statuses the contract declares are checked against it; the others are declared faults.
      return [400, 401, 500].includes(status)
        ? reply.json(status, apiError(`failure ${e}`), headers)
        : fault.offContract(status, JSON.stringify(apiError(`failure ${e}`)), headers);
    },
  }));
  const limited = fc.record({ seconds: fc.oneof(fc.constant(0.01), fc.double({ min: 0, max: 1e12, noNaN: true })), ra: retryAfter }).map(({ seconds, ra }) => ({
    label: `429 retry_after ${seconds}${ra ? ` retry-after ${ra}` : ""}`,
    reply: () => reply.json(429, rateLimited(seconds), ra ? { "retry-after": ra } : undefined),
  }));
  const redirect = fc.record({ status: fc.constantFrom(301, 302, 303, 307, 308), to: fc.constantFrom("third", "same", "relative") }).map(({ status, to }) => ({
    label: `redirect ${status} to ${to}`,
    reply: (third: string) =>
      fault.redirect(status, to === "third" ? `${third}${where === "submit" ? "/v6/video/img2video" : `/v6/video/fetch/${V6_ID}`}` : to === "same" ? (where === "submit" ? "/v6/video/img2video" : `/v6/video/fetch/${V6_ID}`) : "../elsewhere"),
  }));
  const broken = fc.oneof(
    fc.constant({ label: "hang", reply: () => fault.hang() }),
    fc.constant({ label: "drop", reply: () => fault.dropConnection() }),
    fc.constant({ label: "html", reply: () => fault.htmlPage(502) }),
    fc.integer({ min: 0, max: 60 }).map((keep) => ({ label: `truncated at ${keep}`, reply: () => fault.truncatedJson(v6Processing(), 200, keep) })),
    fc.integer({ min: 0, max: 30 }).map((keep) => ({ label: `body stalls after ${keep}`, reply: () => fault.stallBody(v6Processing(), 200, keep) })),
    fc.constant({ label: "endless body", reply: () => fault.endlessBody() }),
    fc.integer({ min: 65, max: 200_000 }).map((depth) => ({ label: `deep ${depth}`, reply: () => fault.deepJson(depth) })),
    fc.record({ status: fc.constantFrom(200, 201, 299, 400, 500, 599), body: fc.jsonValue({ maxDepth: 4 }) }).map(({ status, body }) => ({
      label: `off-contract ${status} ${JSON.stringify(body).slice(0, 40)}`,
      reply: () => fault.offContract(status, JSON.stringify(body)),
    })),
    fc.record({ status: fc.constantFrom("processing", "success", 5, null), id: fc.oneof(fc.constant({ toString: 1 }), fc.constant([1]), fc.constant(""), fc.constant(null), fc.string({ maxLength: 5 })), eta: fc.oneof(fc.string(), fc.constant(null), fc.constant([1])), output: fc.oneof(fc.constant("x"), fc.constant([1, null]), fc.constant({})) }).map((body) => ({
      label: `wrong types ${JSON.stringify(body).slice(0, 60)}`,
      reply: () => fault.offContract(200, JSON.stringify(body)),
    })),
  );
  const any = fc.oneof({ weight: 3, arbitrary: processing }, success, failure, errorStatus, limited, { weight: 2, arbitrary: redirect }, { weight: 4, arbitrary: broken });
  return fc.oneof({ weight: 4, arbitrary: any }, fc.record({ delay: fc.integer({ min: 1, max: 250 }), then: any }).map(({ delay, then }) => ({ label: `after ${delay} ms: ${then.label}`, reply: (third: string) => fault.slow(delay, then.reply(third)) })));
}

export interface Behaviour {
  submit: { label: string; reply: (third: string) => Reply };
  polls: { label: string; reply: (third: string) => Reply }[];
  /** Submit and wait (true) or a plain submit (false). */
  wait: boolean;
  maxPollRetries: number;
}

export const behaviourArb: fc.Arbitrary<Behaviour> = fc.record({
  submit: replyArb("submit"),
  polls: fc.array(replyArb("poll"), { minLength: 1, maxLength: 4 }),
  wait: fc.boolean(),
  maxPollRetries: fc.integer({ min: 0, max: 3 }),
});

export function describeBehaviour(b: Behaviour): string {
  return `${b.wait ? "submit+wait" : "submit"}; submit: ${b.submit.label}; polls: ${b.polls.map((p) => p.label).join(" | ")}; retries ${b.maxPollRetries}`;
}

function views(value: unknown): string[] {
  const seen = [inspect(value, { depth: null, showHidden: true, getters: true }), String(value)];
  try {
    seen.push(JSON.stringify(value) ?? "");
  } catch (error) {
    seen.push(String(error));
  }
  for (let error = value; error instanceof Error; error = error.cause) seen.push(error.message, error.stack ?? "", inspect(error, { depth: null, showHidden: true }));
  return seen;
}

function fail(what: string): never {
  throw new Error(what);
}

/** Runs one behaviour and throws, naming the broken promise, if any promise breaks. */
export async function checkBehaviour(b: Behaviour, third: ThirdParty): Promise<void> {
  const submitReply = b.submit.reply(third.url);
  const server = await startScriptedServer({ routes: { [SUBMIT]: [submitReply], [FETCH]: b.polls.map((p) => p.reply(third.url)) } });
  const lines: string[] = [];
  const before = third.carrying(KEY).length;
  try {
    const client = new ModelsLab({
      apiKey: KEY,
      baseUrl: server.url,
      timeoutMs: REQUEST_TIMEOUT_MS,
      maxResponseBytes: 64 * 1024,
      logger: { debug: (message, details) => lines.push(message, inspect(details, { depth: null })) },
      wait: { schedule: { minIntervalMs: 5, maxIntervalMs: 20, jitter: 0.1, backoff: 1.5 }, maxPollRetries: b.maxPollRetries },
    });
    const deadline = b.wait ? WAIT_TIMEOUT_MS : REQUEST_TIMEOUT_MS;
    const started = performance.now();
    const outcome = await (b.wait ? client.img2video(IMG2VIDEO).wait({ timeoutMs: WAIT_TIMEOUT_MS }) : client.img2video(IMG2VIDEO)).then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    const settled = performance.now() - started;
    const submits = server.requestsTo(SUBMIT).length;
    if (submits > 1) fail(`${submits} submits reached the server`);
    const leaked = third.carrying(KEY).length - before;
    if (leaked > 0) fail(`${leaked} requests carrying the key reached the third party`);
    if (settled > deadline + MARGIN_MS) fail(`settled after ${Math.round(settled)} ms, deadline ${deadline} ms`);
    if ("error" in outcome && !(outcome.error instanceof ModelsLabError)) fail(`rejected with a non-ModelsLabError: ${inspect(outcome.error)}`);
    const result = "error" in outcome ? outcome.error : outcome.value;
    for (const view of [...views(result), ...lines]) for (const form of keyForms(KEY)) if (view.includes(form)) fail(`the key (as ${JSON.stringify(form.slice(0, 12))}…) appears in: ${view.slice(0, 300)}`);
  } finally {
    await server.stop();
  }
}
