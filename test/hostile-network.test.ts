/**
 * The client against a hostile server: one attack class per test, each with a second listener
 * standing for a third party. For every class: how many submits reached the server (at most 1),
 * how many third-party requests carried the key (0), how long the call took to settle (within
 * its deadline plus a margin for a busy machine), and the error class (always a ModelsLabError).
 * Each row is written to reports/hostile-network.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { inspect } from "node:util";
import { afterAll, describe, expect, it, type RunnerTask, type TestContext } from "vitest";
import { fault, reply, startScriptedServer, type Reply, type ScriptedServer } from "../contract-tests/harness/scripted-server.js";
import { startThirdParty, type ThirdParty } from "../contract-tests/harness/third-party.js";
import { PROJECT_ROOT } from "../scripts/layout.js";
import {
  AbortedError,
  APIError,
  GenerationFailedError,
  InvalidRequestError,
  ModelsLab,
  ModelsLabError,
  RequestTimeoutError,
  UnexpectedResponseError,
  WaitTimeoutError,
  type ModelsLabOptions,
} from "../src/index.js";
import { apiError, failed, IMG2VIDEO, rateLimited, V6_ID, v6Processing, v6Success } from "./video-responses.js";

const KEY = "ml-hostile-key-7c4e19d2a05b83f6";
const SUBMIT = "POST /v6/video/img2video";
const FETCH = "POST /v6/video/fetch/{id}";
const FAST = { minIntervalMs: 5, maxIntervalMs: 20, jitter: 0, backoff: 1.5 };
/** Slack over a deadline for a loaded 2-core CI machine; deadlines here are a few hundred ms. */
const MARGIN_MS = 3_000;

export interface Observation {
  attack: string;
  test: string;
  submits: number;
  keyToThirdParty: number;
  settledMs: number;
  deadlineMs: number;
  outcome: string;
}
const observations: Observation[] = [];
afterAll(() => {
  const dir = join(PROJECT_ROOT, "reports");
  mkdirSync(dir, { recursive: true });
  // In the order of the file (the tests run side by side and finish in any order).
  const rows = observations.map((row, index) => ({ row, index })).sort((a, b) => positions.get(a.row)!.localeCompare(positions.get(b.row)!) || a.index - b.index);
  writeFileSync(join(dir, "hostile-network.json"), `${JSON.stringify(rows.map(({ row }) => row), null, 2)}\n`);
});
/** Where each observation's test is in the file (a sortable key). */
const positions = new Map<Observation, string>();

/**
 * The servers of one test (the API and a third party), stopped when it ends. The tests run side
 * by side (describe.concurrent): most of their time is waits on the clock a deadline sets.
 */
async function world(t: TestContext, routes: (third: ThirdParty) => Record<string, Reply[]>, options: ModelsLabOptions = {}) {
  const third = await startThirdParty();
  t.onTestFinished(() => third.stop());
  const server: ScriptedServer = await startScriptedServer({ routes: routes(third) });
  t.onTestFinished(() => server.stop());
  const lines: string[] = [];
  const client = new ModelsLab({
    apiKey: KEY,
    baseUrl: server.url,
    logger: { debug: (message, details) => lines.push(message, inspect(details, { depth: null })) },
    ...options,
    wait: { schedule: FAST, ...options.wait },
  });
  return { server, third, client, lines };
}

/** Every way a caller may look at a value. */
function views(value: unknown): string[] {
  const seen = [inspect(value, { depth: null, showHidden: true, getters: true }), safeJson(value), String(value)];
  for (let error = value; error instanceof Error; error = error.cause) seen.push(error.message, error.stack ?? "", inspect(error, { depth: null, showHidden: true }));
  return seen;
}
function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? "";
  } catch (error) {
    return String(error);
  }
}

/** The key in any form a reader could decode: as is, JSON-escaped, percent-encoded, base64. */
export function keyForms(key: string): string[] {
  const escaped = [...key].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");
  const b64 = Buffer.from(key).toString("base64");
  return [key, escaped, encodeURIComponent(key).replace(/-/g, "%2D"), b64.slice(0, -4), Buffer.from(key).toString("base64url").slice(0, -4)];
}

function expectNoKey(value: unknown): void {
  for (const view of views(value)) for (const form of keyForms(KEY)) expect(view).not.toContain(form);
}

/** Runs `act`, then checks the four promises and records the row. */
async function attack(
  name: string,
  test: { name: string; position: string },
  w: Awaited<ReturnType<typeof world>>,
  deadlineMs: number,
  act: () => Promise<unknown>,
  expected: (new (...args: never[]) => ModelsLabError) | "resolves",
): Promise<unknown> {
  const started = performance.now();
  const outcome = await act().then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  const settledMs = Math.round(performance.now() - started);
  const submits = w.server.requestsTo(SUBMIT).length;
  const keyToThirdParty = w.third.carrying(KEY).length;
  const label = "error" in outcome ? ((outcome.error as Error)?.constructor?.name ?? String(outcome.error)) : "resolved";
  const row = { attack: name, test: test.name, submits, keyToThirdParty, settledMs, deadlineMs, outcome: label };
  observations.push(row);
  positions.set(row, test.position);
  expect(submits).toBeLessThanOrEqual(1);
  expect(keyToThirdParty).toBe(0);
  expect(settledMs).toBeLessThan(deadlineMs + MARGIN_MS);
  if (expected === "resolves") expect("value" in outcome, label).toBe(true);
  else {
    expect("error" in outcome, "it should reject").toBe(true);
    expect((outcome as { error: unknown }).error).toBeInstanceOf(ModelsLabError);
    expect((outcome as { error: unknown }).error).toBeInstanceOf(expected);
  }
  const result = "error" in outcome ? outcome.error : outcome.value;
  expectNoKey(result);
  for (const line of w.lines) for (const form of keyForms(KEY)) expect(line).not.toContain(form);
  return result;
}

describe.concurrent("redirects: a request carrying the key goes to the base URL's origin and nowhere else", () => {
  for (const status of [301, 302, 303, 307, 308]) {
    it(`a ${status} to a submit pointing at another host is an error saying the job may have been queued; nothing reaches that host`, async (t) => {
      const w = await world(t, (third) => ({ [SUBMIT]: [fault.redirect(status, `${third.url}/v6/video/img2video`)] }));
      const error = (await attack(`HTTP ${status} to a submit, Location on a third party`, this_test(t), w, 60_000, () => w.client.img2video(IMG2VIDEO).wait(), UnexpectedResponseError)) as UnexpectedResponseError;
      expect(error.reason).toBe("redirect");
      expect(error.status).toBe(status);
      expect(error.message).toMatch(/may have been queued/);
      expect(w.third.requests).toHaveLength(0);
    });
  }

  it("a 308 to a submit pointing at the same URL is not followed: one submit, not 21", async (t) => {
    const w = await world(t, () => ({ [SUBMIT]: [fault.redirect(308, "/v6/video/img2video")] }));
    const error = (await attack("HTTP 308 to a submit, Location the same URL", this_test(t), w, 60_000, () => w.client.img2video(IMG2VIDEO), UnexpectedResponseError)) as UnexpectedResponseError;
    expect(error.reason).toBe("redirect");
    expect(w.server.requests).toHaveLength(1);
  });

  it("a 307 to a poll pointing at another host is a typed error; the poll is not followed and not retried", async (t) => {
    const w = await world(t, (third) => ({ [SUBMIT]: [reply.json(200, v6Processing(0.001))], [FETCH]: [fault.redirect(307, `${third.url}/v6/video/fetch/${V6_ID}`)] }));
    const error = (await attack("HTTP 307 to a poll, Location on a third party", this_test(t), w, 60_000, () => w.client.img2video(IMG2VIDEO).wait(), UnexpectedResponseError)) as UnexpectedResponseError;
    expect(error.reason).toBe("redirect");
    expect(w.server.requestsTo(FETCH)).toHaveLength(1);
    expect(w.third.requests).toHaveLength(0);
  });

  it("a 307 to an upload (a local image on a URL-only endpoint) is not followed, and no submit follows", async (t) => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
    const w = await world(t, (third) => ({ "POST /v6/base64_to_url": [fault.redirect(307, `${third.url}/v6/base64_to_url`)], [SUBMIT]: [reply.json(200, v6Processing())] }));
    const error = (await attack("HTTP 307 to an upload, Location on a third party", this_test(t), w, 60_000, () => w.client.img2video({ ...IMG2VIDEO, init_image: png }), UnexpectedResponseError)) as UnexpectedResponseError;
    expect(error.reason).toBe("redirect");
    expect(w.server.requests.map((r) => r.route)).toEqual(["POST /v6/base64_to_url"]);
    expect(w.third.requests).toHaveLength(0);
  });

  it("a fetch_result on another host only names the job: the polls go to the base URL", async (t) => {
    const w = await world(t, (third) => ({
      [SUBMIT]: [reply.json(200, { ...v6Processing(0.001), fetch_result: `${third.url}/v6/video/fetch/${V6_ID}` })],
      [FETCH]: [reply.json(200, v6Success())],
    }));
    await attack("fetch_result on a third party", this_test(t), w, 60_000, () => w.client.img2video(IMG2VIDEO).wait(), "resolves");
    expect(w.server.requestsTo(FETCH)).toHaveLength(1);
  });
});

describe.concurrent("every wait ends", () => {
  const hugeWaits: [string, Reply][] = [
    ["Retry-After: 1e9 seconds", reply.json(429, rateLimited(1), { "retry-after": "1000000000" })],
    ["Retry-After: an HTTP date years ahead", reply.json(429, rateLimited(1), { "retry-after": new Date(Date.now() + 20 * 365 * 86_400_000).toUTCString() })],
    ["retry_after: 1e9 in the body", reply.json(429, rateLimited(1e9))],
  ];
  for (const [what, answer] of hugeWaits) {
    it(`${what}: the pause is capped by the deadline (no timer overflow, no poll storm)`, async (t) => {
      const w = await world(t, () => ({ [SUBMIT]: [reply.json(200, v6Processing(0.001))], [FETCH]: [answer] }));
      await attack(what, this_test(t), w, 1500, () => w.client.img2video(IMG2VIDEO).wait({ timeoutMs: 1500 }), WaitTimeoutError);
      // Without the cap, an overflowed timer polls every ms: hundreds of polls.
      expect(w.server.requestsTo(FETCH).length).toBeLessThanOrEqual(2);
    });
  }

  it("timeoutMs of 30 days is a deadline 30 days away (not 36 ms): the wait goes on until aborted", async (t) => {
    const w = await world(t, () => ({ [SUBMIT]: [reply.json(200, v6Processing(0.001))], [FETCH]: [reply.json(200, v6Processing(0.02))] }));
    const controller = new AbortController();
    // Aborted after the fourth poll: three 20 ms pauses, already past the 36 ms an overflowed deadline gave.
    const onProgress = ({ attempt }: { attempt: number }) => attempt >= 4 && controller.abort();
    await attack("timeoutMs 30 days", this_test(t), w, 0, () => w.client.img2video(IMG2VIDEO).wait({ timeoutMs: 30 * 86_400_000, signal: controller.signal, onProgress }), AbortedError);
    expect(w.server.requestsTo(FETCH)).toHaveLength(4);
  });

  it("timeoutMs: Infinity is an explicit no deadline, and still ends on abort", async (t) => {
    const w = await world(t, () => ({ [SUBMIT]: [reply.json(200, v6Processing(0.001))], [FETCH]: [reply.json(200, v6Processing(0.02))] }));
    const controller = new AbortController();
    const onProgress = ({ attempt }: { attempt: number }) => attempt >= 4 && controller.abort();
    await attack("timeoutMs Infinity (no deadline)", this_test(t), w, 0, () => w.client.img2video(IMG2VIDEO).wait({ timeoutMs: Infinity, signal: controller.signal, onProgress }), AbortedError);
    expect(w.server.requestsTo(FETCH)).toHaveLength(4);
  });

  for (const bad of [Number.NaN, 0, -5, Number.NEGATIVE_INFINITY, "600" as unknown as number]) {
    it(`timeoutMs ${String(bad)} (${typeof bad}) is refused before the submit is sent`, async (t) => {
      const w = await world(t, () => ({ [SUBMIT]: [reply.json(200, v6Processing())] }));
      const error = (await attack(`timeoutMs ${String(bad)}`, this_test(t), w, 0, () => w.client.img2video(IMG2VIDEO).wait({ timeoutMs: bad }), InvalidRequestError)) as InvalidRequestError;
      expect(error.issues[0]).toMatchObject({ field: "timeoutMs", rule: "range" });
      expect(w.server.requests).toHaveLength(0);
    });
  }

  it("a submit that never answers ends at the client's request timeoutMs, as a RequestTimeoutError saying it may have been queued", async (t) => {
    const w = await world(t, () => ({ [SUBMIT]: [fault.hang()] }), { timeoutMs: 250 });
    const error = await attack("submit never answers (plain submit, request timeoutMs 250)", this_test(t), w, 250, () => w.client.img2video(IMG2VIDEO), RequestTimeoutError);
    expect((error as Error).message).toMatch(/may have been queued/);
  });

  it("the per-call timeoutMs overrides the client's", async (t) => {
    const w = await world(t, () => ({ [SUBMIT]: [fault.hang()] }));
    await attack("submit never answers (per-call timeoutMs 200)", this_test(t), w, 200, () => w.client.img2video(IMG2VIDEO, { timeoutMs: 200 }), RequestTimeoutError);
  });

  it("the whole of .wait() is bounded by its timeoutMs, the submit included", async (t) => {
    const w = await world(t, () => ({ [SUBMIT]: [fault.hang()] }));
    const error = await attack("submit never answers inside .wait({ timeoutMs: 300 })", this_test(t), w, 300, () => w.client.img2video(IMG2VIDEO).wait({ timeoutMs: 300 }), RequestTimeoutError);
    expect((error as Error).message).toMatch(/wait's timeoutMs \(300 ms\).*may have been queued/);
  });

  it("a slow submit eats into the wait's timeoutMs: the polls get only what is left", async (t) => {
    const w = await world(t, () => ({ [SUBMIT]: [fault.slow(200, reply.json(200, v6Processing(0.001)))], [FETCH]: [reply.json(200, v6Processing(0.01))] }));
    const error = (await attack("slow submit (200 ms), then polls, inside .wait({ timeoutMs: 1500 })", this_test(t), w, 1500, () => w.client.img2video(IMG2VIDEO).wait({ timeoutMs: 1500 }), WaitTimeoutError)) as WaitTimeoutError;
    // The deadline counted from the call, the submit included.
    expect(error.elapsedMs).toBeGreaterThanOrEqual(1499);
  });

  it("a body that stalls after its headers ends at the request timeout", async (t) => {
    const w = await world(t, () => ({ [SUBMIT]: [fault.stallBody(v6Processing(), 200, 12)] }), { timeoutMs: 250 });
    await attack("submit body stalls after headers", this_test(t), w, 250, () => w.client.img2video(IMG2VIDEO), RequestTimeoutError);
  });

  // Alone, not beside the others: its submit must be answered within the 200 ms request timeout.
  it.sequential("a poll that never answers is cut at the request timeout and retried, and the wait still ends at its deadline", async (t) => {
    const w = await world(t, () => ({ [SUBMIT]: [reply.json(200, v6Processing(0.001))], [FETCH]: [fault.hang()] }), { timeoutMs: 200 });
    await attack("every poll hangs (request timeoutMs 200, wait 1500)", this_test(t), w, 1500, () => w.client.img2video(IMG2VIDEO).wait({ timeoutMs: 1500, maxPollRetries: 100 }), WaitTimeoutError);
    expect(w.server.requestsTo(FETCH).length).toBeGreaterThan(1);
  });
});

describe.concurrent("bodies", () => {
  it("a body that never ends is cut at the size cap while it streams in", async (t) => {
    const w = await world(t, () => ({ [SUBMIT]: [fault.endlessBody()] }), { maxResponseBytes: 256 * 1024 });
    const error = (await attack("submit body never ends", this_test(t), w, 60_000, () => w.client.img2video(IMG2VIDEO), UnexpectedResponseError)) as UnexpectedResponseError;
    expect(error.reason).toBe("too-large");
    expect(error.message).toMatch(/may have been queued/);
  });

  it("a Content-Length over the cap is refused before reading", async (t) => {
    const big = { ...v6Processing(), tip: "x".repeat(5000) };
    const w = await world(t, () => ({ [SUBMIT]: [reply.json(200, big)] }), { maxResponseBytes: 1000 });
    const error = (await attack("submit body over the cap (Content-Length)", this_test(t), w, 60_000, () => w.client.img2video(IMG2VIDEO), UnexpectedResponseError)) as UnexpectedResponseError;
    expect(error.reason).toBe("too-large");
  });

  const deep: [string, Record<string, Reply[]>][] = [
    ["submit", { [SUBMIT]: [fault.deepJson(100_000)] }],
    ["poll", { [SUBMIT]: [reply.json(200, v6Processing(0.001))], [FETCH]: [fault.deepJson(100_000)] }],
    ["submit error status", { [SUBMIT]: [fault.deepJson(100_000, 500)] }],
  ];
  for (const [where, routes] of deep) {
    it(`JSON nested 10^5 deep on a ${where} is an UnexpectedResponseError, not a RangeError`, async (t) => {
      const w = await world(t, () => routes);
      const error = (await attack(`JSON nested 10^5 deep (${where})`, this_test(t), w, 60_000, () => w.client.img2video(IMG2VIDEO).wait(), UnexpectedResponseError)) as UnexpectedResponseError;
      expect(error.reason).toBe("too-deep");
    });
  }

  it("wrong types where the contract has ids, statuses and etas are typed errors", async (t) => {
    const w = await world(t, () => ({ [SUBMIT]: [fault.offContract(200, JSON.stringify({ status: "processing", id: { toString: 1 }, eta: "soon", fetch_result: 42 }))] }));
    const error = (await attack("wrong types (id an object, eta a string)", this_test(t), w, 60_000, () => w.client.img2video(IMG2VIDEO).wait(), UnexpectedResponseError)) as UnexpectedResponseError;
    expect(error.reason).toBe("missing-id");
  });

  it("an HTTP status outside the contract (299, 199-like) is typed", async (t) => {
    const w = await world(t, () => ({ [SUBMIT]: [fault.offContract(299, "{}")] }));
    await attack("HTTP 299 with {}", this_test(t), w, 60_000, () => w.client.img2video(IMG2VIDEO), UnexpectedResponseError);
  });
});

describe.concurrent("redaction cannot be bypassed", () => {
  const escaped = keyForms(KEY)[1]!;
  it("a key echoed with \\u escapes is redacted from the answer, the video, errors and logs", async (t) => {
    const processing = JSON.stringify({ ...v6Processing(0.001), message: "KEY" }).replace('"KEY"', `"echo ${escaped}"`);
    const success = JSON.stringify({ ...v6Success(), meta: { model_id: "wan2.2", KEY: "KEY" } }).replace(/"KEY"/g, `"${escaped}"`);
    const w = await world(t, () => ({ [SUBMIT]: [reply.jsonText(200, processing)], [FETCH]: [reply.jsonText(200, success)] }));
    const call = w.client.img2video(IMG2VIDEO);
    expectNoKey(await call);
    const video = await attack("key echoed with \\u escapes (values and object keys)", this_test(t), w, 60_000, () => call.wait(), "resolves");
    expect(JSON.stringify(video)).toContain("[redacted]");
  });

  it("a key echoed in a failure message with escapes, in headers, percent-encoded or in base64 is redacted", async (t) => {
    const failure = JSON.stringify(failed("KEY")).replace('"KEY"', `"bad key ${escaped} / ${encodeURIComponent(KEY).replace(/-/g, "%2D")} / ${Buffer.from(`k=${KEY}`).toString("base64")}"`);
    const w = await world(t, () => ({ [SUBMIT]: [reply.json(200, v6Processing(0.001))], [FETCH]: [reply.jsonText(200, failure, { "x-echo": KEY, "x-request-id": "req-123" })] }));
    await attack("key echoed in a failure: escaped, percent-encoded, base64, in headers", this_test(t), w, 60_000, () => w.client.img2video(IMG2VIDEO).wait(), GenerationFailedError);
  });

  it("headers and the request id are on every APIError, key redacted", async (t) => {
    const w = await world(t, () => ({ [SUBMIT]: [reply.json(500, apiError("down"), { "x-request-id": "req-42", "x-echo": `k=${KEY}` })] }));
    const error = (await attack("key echoed in a header of a 500", this_test(t), w, 60_000, () => w.client.img2video(IMG2VIDEO), APIError)) as APIError;
    expect(error.requestId).toBe("req-42");
    expect(error.headers["x-echo"]).toBe("k=[redacted]");
  });
});

describe.concurrent("input is checked before anything is sent", () => {
  it("non-finite numbers, unknown fields and a key with whitespace are refused; extraFields is the escape hatch", async (t) => {
    const w = await world(t, () => ({ [SUBMIT]: [reply.json(200, v6Processing())] }));
    const infinite = (await attack("num_frames: Infinity", this_test(t), w, 0, () => w.client.img2video({ ...IMG2VIDEO, num_frames: Infinity }), InvalidRequestError)) as InvalidRequestError;
    expect(infinite.issues).toContainEqual(expect.objectContaining({ field: "num_frames", rule: "finite" }));
    const typo = { ...IMG2VIDEO, promt: "a cat" };
    const unknown = (await attack("unknown field promt through a variable", this_test(t), w, 0, () => w.client.img2video(typo), InvalidRequestError)) as InvalidRequestError;
    expect(unknown.issues).toContainEqual(expect.objectContaining({ field: "promt", rule: "additionalProperties" }));
    expect(w.server.requests).toHaveLength(0);
    await w.client.img2video(IMG2VIDEO, { extraFields: { new_field: 1 } });
    expect(w.server.requests[0]?.body).toMatchObject({ new_field: 1, key: KEY });
    for (const key of ["   ", `${KEY}\n`, `${KEY} `, "a\u0000b"]) {
      expect(() => new ModelsLab({ apiKey: key, baseUrl: w.server.url })).toThrow(InvalidRequestError);
    }
    expect(() => new ModelsLab({ apiKey: KEY, baseUrl: "ftp://example.com" })).toThrow(/baseUrl/);
    expect(w.server.requests).toHaveLength(1);
  });
});

/** The test as the report names it, and where it is in the file. */
function this_test(t: TestContext): { name: string; position: string } {
  const names: string[] = [];
  const position: string[] = [];
  for (let at: RunnerTask = t.task; at !== t.task.file; at = at.suite ?? t.task.file) {
    names.unshift(at.name);
    position.unshift(String((at.suite ?? t.task.file).tasks.indexOf(at)).padStart(4, "0"));
  }
  return { name: `test/hostile-network.test.ts > ${names.join(" > ")}`, position: position.join(".") };
}
