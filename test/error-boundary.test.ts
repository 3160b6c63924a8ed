/**
 * One error boundary and ids as exact text: plain-JavaScript misuse of every public method is a
 * ModelsLabError naming the field, causes are rebuilt from redacted copies, callers' callback
 * errors pass through, integer ids beyond 2^53 keep every digit, and an id that could change the
 * poll's path is refused before any poll.
 */
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { fault, reply } from "../contract-tests/harness/scripted-server.js";
import { InvalidRequestError, InvalidWebhookError, ModelsLab, ModelsLabError, parseWebhook, UnexpectedResponseError, type ModelsLabOptions } from "../src/index.js";
import { IMG2VIDEO, v6Processing, v6Success } from "./video-responses.js";
import { scriptedServerPerTest } from "./scripted-servers.js";

const SUBMIT = "POST /v6/video/img2video";
const FETCH = "POST /v6/video/fetch/{id}";
const KEY = "ml-boundary-key-7c1e93a0b5d24f68";
const FAST = { minIntervalMs: 1, maxIntervalMs: 5, jitter: 0, backoff: 1.5 };
const serve = scriptedServerPerTest();

function clientFor(url: string, options: ModelsLabOptions = {}): ModelsLab {
  return new ModelsLab({ apiKey: KEY, baseUrl: url, timeoutMs: 30_000, ...options, wait: { schedule: FAST } });
}

async function settle(run: () => unknown): Promise<unknown> {
  try {
    return await run();
  } catch (error) {
    return error;
  }
}

function everyView(error: unknown): string {
  let json = "";
  try {
    json = JSON.stringify(error) ?? "";
  } catch (e) {
    json = String(e);
  }
  return `${inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true, getters: true })}\n${json}\n${String(error)}`;
}

const throwing = new Proxy(
  {},
  {
    ownKeys() {
      throw new Error("no keys for you");
    },
  },
);
const getterThrows = Object.defineProperty({}, "prompt", {
  enumerable: true,
  get() {
    throw new Error("getter blew up");
  },
});

describe("plain-JavaScript values are ModelsLabErrors naming the field", () => {
  const client = () => clientFor("http://127.0.0.1:9");
  const calls: [string, () => unknown][] = [
    ["a submit with null", () => client().img2video(null as never)],
    ["a submit with undefined", () => client().img2videoUltra(undefined as never)],
    ["a submit with a string", () => client().fusionImg2video("a cat" as never)],
    ["a submit with a throwing getter", () => client().enterpriseImg2video(getterThrows as never)],
    ["a submit with a Proxy that throws", () => client().enterpriseImg2videoUltra(throwing as never)],
    ["a submit with options null", () => client().img2video(IMG2VIDEO, null as never)],
    ["a submit with options a string", () => client().img2video(IMG2VIDEO, "fast" as never)],
    ["a submit's .wait() with options a number", () => client().img2video(IMG2VIDEO).wait(5 as never)],
    ["wait(null)", () => client().wait(null as never)],
    ["wait(undefined)", () => client().wait(undefined as never)],
    ["wait with an unknown family", () => client().wait("123", { family: "v9" as never })],
    ["wait(NaN)", () => client().wait(Number.NaN, { family: "v6" })],
    ["wait(2^60) (digits lost)", () => client().wait(2 ** 60, { family: "v6" })],
    ["wait('..')", () => client().wait("..", { family: "v6" })],
    ["job('a/b')", () => client().job("a/b", "v6")],
    ["job(a JobRef with a dot id)", () => client().job({ id: ".", family: "v6", fetchUrl: "x" })],
    ["uploadImage('a path')", () => client().uploadImage("cat.png" as never)],
    ["new ModelsLab(null)", () => new ModelsLab(null as never)],
    ["new ModelsLab('key')", () => new ModelsLab("key" as never)],
    ["new ModelsLab with a throwing getter", () => new ModelsLab(Object.defineProperty({ apiKey: KEY }, "timeoutMs", { enumerable: true, get: () => { throw new Error("x"); } }) as never)],
    ["new ModelsLab with a logger that is not one", () => new ModelsLab({ apiKey: KEY, logger: {} as never })],
  ];
  for (const [what, call] of calls) {
    it(`${what}: InvalidRequestError with field and rule`, async () => {
      const error = await settle(call);
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect((error as InvalidRequestError).issues.length).toBeGreaterThan(0);
      for (const issue of (error as InvalidRequestError).issues) {
        expect(issue.rule).toMatch(/\w/);
        expect(issue.message).toMatch(/\w/);
      }
    });
  }

  it("parseWebhook with null, a Proxy or a throwing getter: InvalidWebhookError", () => {
    for (const value of [null, undefined, "not json", throwing, getterThrows, 5]) expect(settleSync(() => parseWebhook(value))).toBeInstanceOf(InvalidWebhookError);
  });
});

function settleSync(run: () => unknown): unknown {
  try {
    return run();
  } catch (error) {
    return error;
  }
}

describe("what passes the boundary", () => {
  it("errors of the caller's own callbacks pass through as they are", async () => {
    const server = await serve({ [SUBMIT]: [reply.json(200, v6Processing(0.001))], [FETCH]: [reply.json(200, v6Processing(0.001)), reply.json(200, v6Success())] });
    const mine = new RangeError("my progress bar broke");
    const error = await settle(() => clientFor(server.url).img2video(IMG2VIDEO).wait({ onProgress: () => { throw mine; } }));
    expect(error).toBe(mine);
    const enqueue = new Error("my database is down");
    expect(await settle(() => clientFor(server.url).wait("155918900", { family: "v6", onEnqueue: async () => { throw enqueue; } }))).toBe(enqueue);
  });

  it("a cause chain holding the key (a custom fetch's error, nested, in fields) comes out redacted in every view", async () => {
    const deep = Object.assign(new Error(`socket to key=${KEY} closed`), { code: "ECONNRESET", secret: KEY, config: { headers: { key: KEY } } });
    const middle = new AggregateError([new Error(`inner ${KEY}`)], `aggregate ${Buffer.from(KEY).toString("base64")}`, { cause: deep });
    const leaky: typeof fetch = async () => {
      throw new TypeError(`fetch failed for ${encodeURIComponent(KEY)}`, { cause: middle });
    };
    const error = await settle(() => clientFor("http://127.0.0.1:9", { fetch: leaky }).img2video(IMG2VIDEO));
    expect(error).toBeInstanceOf(ModelsLabError);
    const seen = everyView(error);
    for (let cause: unknown = error; cause instanceof Error; cause = cause.cause) expect(cause.message).not.toContain(KEY);
    expect(seen).not.toContain(KEY);
    expect(seen).not.toContain(Buffer.from(KEY).toString("base64").slice(0, 20));
    expect(seen).toContain("ECONNRESET");
  });

  it("unparseable HTTP that echoes the key leaves no trace of it in the error", async () => {
    const server = await serve({ [SUBMIT]: [fault.offContract(200, `<html>key ${KEY}</html>`)] });
    const error = await settle(() => clientFor(server.url).img2video(IMG2VIDEO));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(everyView(error)).not.toContain(KEY);
  });

  it("a base URL with credentials, a query or a fragment is refused without being quoted", () => {
    for (const baseUrl of [`https://user:${KEY}@api.example`, `https://api.example/api?key=${KEY}`, `https://api.example/api#${KEY}`]) {
      const error = settleSync(() => new ModelsLab({ apiKey: "another-key-123456", baseUrl }));
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect(everyView(error)).not.toContain(KEY);
    }
  });
});

describe("ids as exact text", () => {
  const BIG = "12345678901234567891";

  it("an integer id above 2^53 keeps every digit: the answer, the poll's URL and the video", async () => {
    const processing = JSON.stringify({ ...v6Processing(0.001), fetch_result: undefined }).replace('"id":155918900', `"id":${BIG}`);
    const success = JSON.stringify(v6Success()).replace('"id":155918900', `"id":${BIG}`);
    const server = await serve({ [SUBMIT]: [fault.offContract(200, processing)], [FETCH]: [fault.offContract(200, success)] });
    const client = clientFor(server.url);
    const first = await client.img2video(IMG2VIDEO);
    expect(first.id).toBe(BIG);
    const video = await client.wait(first);
    expect(video.id).toBe(BIG);
    expect(server.requestsTo(FETCH).map((r) => r.path)).toEqual([`/v6/video/fetch/${BIG}`]);
  });

  it("parseWebhook keeps a big integer id exact from text, and refuses one that has lost digits", () => {
    const text = `{"status":"success","id":${BIG},"output":["https://cdn.example/v.mp4"],"track_id":${BIG}}`;
    const payload = parseWebhook(text);
    expect(payload.id).toBe(BIG);
    expect(payload.track_id).toBe(BIG);
    expect(parseWebhook(new TextEncoder().encode(text)).id).toBe(BIG);
    expect(settleSync(() => parseWebhook(JSON.parse(text)))).toBeInstanceOf(InvalidWebhookError);
  });

  for (const id of [".", "..", "a/b", "..\\x", "a\nb", ""]) {
    it(`a server id ${JSON.stringify(id)} is refused as UnexpectedResponseError before any poll`, async () => {
      const server = await serve({ [SUBMIT]: [fault.offContract(200, JSON.stringify({ status: "processing", eta: 0.001, id }))], [FETCH]: [reply.json(200, v6Success())] });
      const error = await settle(() => clientFor(server.url).img2video(IMG2VIDEO).wait());
      expect(error).toBeInstanceOf(UnexpectedResponseError);
      expect(server.requests.map((r) => r.route)).toEqual([SUBMIT]);
    });
  }
});
