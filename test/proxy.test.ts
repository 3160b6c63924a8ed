/**
 * The proxy's fetch handler in-process against a scripted API: what it forwards (once, with the
 * key added), what it refuses before anything is sent, and what it hands back (never the key).
 * The same proxy in a real browser: test/proxy-browser.test.ts.
 */
import { describe, expect, it } from "vitest";
import { fault, reply, type Reply, type ScriptedServer } from "../contract-tests/harness/scripted-server.js";
import { APIError, AuthenticationError, ModelsLab, RateLimitError } from "../src/index.js";
import { createProxy, honoHandler, memorySubmitLimiter, type ProxyErrorBody, type SubmitDecision, type ProxyOptions } from "../src/proxy/index.js";
import { IMG2VIDEO, V6_ID, v6Processing, v6Success } from "./video-responses.js";
import { scriptedServerPerTest } from "./scripted-servers.js";

const KEY = "proxy-held-key-0123456789abcdef";
const SUBMIT = "POST /v6/video/img2video";
const FETCH = "POST /v6/video/fetch/{id}";
const ORIGIN = "http://app.test";
const serve = scriptedServerPerTest();

async function world(routes: Record<string, Reply[]>, options: Partial<ProxyOptions> = {}) {
  const api = await serve(routes);
  const proxy = createProxy({ apiKey: KEY, baseUrl: api.url, authorize: (request) => (request.headers.get("authorization") === "Bearer alice" ? { id: "alice" } : null), ...options });
  const call = (path: string, body: unknown, init: RequestInit = {}) =>
    proxy(
      new Request(`${ORIGIN}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: "Bearer alice" },
        body: typeof body === "string" ? body : JSON.stringify(body),
        ...init,
      }),
    );
  return { api, proxy, call };
}

async function refusalOf(response: Response): Promise<ProxyErrorBody> {
  expect(response.headers.get("content-type")).toBe("application/json");
  const body = (await response.json()) as ProxyErrorBody;
  expect(body.status).toBe("error");
  return body;
}

function expectNothingSent(api: ScriptedServer): void {
  expect(api.requests).toEqual([]);
}

describe("the proxy forwards the API's operations", () => {
  it("adds the key to a submit and a fetch, sends each once, and hands back the answer", async () => {
    const { api, call } = await world({ [SUBMIT]: [reply.json(200, v6Processing(3))], [FETCH]: [reply.json(200, v6Success())] });
    const submitted = await call("/api/modelslab/v6/video/img2video", IMG2VIDEO);
    expect(submitted.status).toBe(200);
    expect(await submitted.json()).toEqual(v6Processing(3));
    const fetched = await call(`/api/modelslab/v6/video/fetch/${V6_ID}`, {});
    expect(await fetched.json()).toEqual(v6Success());
    expect(api.requests.map((r) => [r.route, r.body, r.violations])).toEqual([
      [SUBMIT, { ...IMG2VIDEO, key: KEY }, []],
      [FETCH, { key: KEY }, []],
    ]);
    // The page's headers (its session) never go on to the API.
    expect(api.requests[0]!.headers.authorization).toBeUndefined();
  });

  it("the client works through it unchanged, with no key", async () => {
    const { api, proxy } = await world({ [SUBMIT]: [reply.json(200, v6Processing(0.01))], [FETCH]: [reply.json(200, v6Success())] });
    const ml = new ModelsLab({ baseUrl: `${ORIGIN}/api/modelslab`, headers: { authorization: "Bearer alice" }, fetch: (input, init) => proxy(new Request(input, init)), wait: { schedule: { minIntervalMs: 1, maxIntervalMs: 5 } } });
    const video = await ml.img2video(IMG2VIDEO).wait();
    expect(video.output).toEqual(v6Success().output);
    expect(api.requestsTo(SUBMIT)).toHaveLength(1);
    const stranger = new ModelsLab({ baseUrl: `${ORIGIN}/api/modelslab`, fetch: (input, init) => proxy(new Request(input, init)) });
    await expect(stranger.img2video(IMG2VIDEO)).rejects.toThrow(AuthenticationError);
    expect(api.requestsTo(SUBMIT)).toHaveLength(1);
  });

  it("redacts the key from an answer that echoes it, in any encoding, and passes only a few headers", async () => {
    const echo = { ...v6Processing(3), message: `key ${KEY} / ${encodeURIComponent(KEY)} / ${btoa(KEY)}` };
    const { call } = await world({ [SUBMIT]: [reply.json(200, echo, { "x-echo": KEY, "set-cookie": `k=${KEY}`, "x-request-id": `id-${KEY}` })] });
    const response = await call("/api/modelslab/v6/video/img2video", IMG2VIDEO);
    const text = await response.text();
    expect(text).not.toContain(KEY);
    expect(text).not.toContain(btoa(KEY).slice(0, 20));
    expect(text).toContain("[redacted]");
    expect([...response.headers.keys()].sort()).toEqual(["cache-control", "content-type", "x-content-type-options", "x-request-id"]);
    expect(response.headers.get("x-request-id")).toBe("id-[redacted]");
  });

  it("works as a Hono handler (c.req.raw)", async () => {
    const { api, proxy } = await world({ [SUBMIT]: [reply.json(200, v6Processing(3))] });
    const request = new Request(`${ORIGIN}/api/modelslab/v6/video/img2video`, { method: "POST", headers: { "content-type": "application/json", authorization: "Bearer alice" }, body: JSON.stringify(IMG2VIDEO) });
    expect((await honoHandler(proxy)({ req: { raw: request } })).status).toBe(200);
    expect(api.requests).toHaveLength(1);
  });
});

describe("the proxy refuses, before anything is sent", () => {
  const routes = { [SUBMIT]: [reply.json(200, v6Processing(3))], [FETCH]: [reply.json(200, v6Success())] };

  it("other paths, other methods, query strings, other media types", async () => {
    const { api, call, proxy } = await world(routes);
    expect((await refusalOf(await call("/api/modelslab/v6/realtime/text2img", {}))).proxy_error.code).toBe("not-found");
    expect((await refusalOf(await call("/v6/video/img2video", IMG2VIDEO))).proxy_error.code).toBe("not-found");
    expect((await refusalOf(await call("/api/modelslab/v6/video/fetch/1/../../x", {}))).proxy_error.code).toBe("not-found");
    const get = await proxy(new Request(`${ORIGIN}/api/modelslab/v6/video/img2video`, { headers: { authorization: "Bearer alice" } }));
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    expect((await refusalOf(await call("/api/modelslab/v6/video/img2video?x=1", IMG2VIDEO))).proxy_error.code).toBe("invalid-request");
    const form = await call("/api/modelslab/v6/video/img2video", JSON.stringify(IMG2VIDEO), { headers: { "content-type": "text/plain", authorization: "Bearer alice" } });
    expect(form.status).toBe(415);
    expectNothingSent(api);
  });

  it("a user the app does not authorize, a key in the body, a body that is not an object", async () => {
    const { api, call, proxy } = await world(routes);
    const stranger = await proxy(new Request(`${ORIGIN}/api/modelslab/v6/video/img2video`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(IMG2VIDEO) }));
    expect(stranger.status).toBe(401);
    expect((await refusalOf(stranger)).proxy_error.code).toBe("unauthorized");
    const keyed = await call("/api/modelslab/v6/video/img2video", { ...IMG2VIDEO, key: "someone-elses-key" });
    expect(keyed.status).toBe(400);
    expect((await refusalOf(keyed)).proxy_error.code).toBe("key-in-body");
    expect((await refusalOf(await call(`/api/modelslab/v6/video/fetch/${V6_ID}`, { key: "x" }))).proxy_error.code).toBe("key-in-body");
    expect((await refusalOf(await call("/api/modelslab/v6/video/img2video", "[1]"))).proxy_error.code).toBe("invalid-json");
    expect((await refusalOf(await call("/api/modelslab/v6/video/img2video", "{"))).proxy_error.code).toBe("invalid-json");
    expectNothingSent(api);
  });

  it("bodies over the cap, declared or streamed", async () => {
    const { api, call } = await world(routes, { maxBodyBytes: 1000 });
    const declared = await call("/api/modelslab/v6/video/img2video", { ...IMG2VIDEO, prompt: "x".repeat(2000) });
    expect(declared.status).toBe(413);
    const chunk = new TextEncoder().encode(`{"prompt":"${"x".repeat(600)}`);
    const streamed = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(chunk);
      },
    });
    const endless = await call("/api/modelslab/v6/video/img2video", undefined, { body: streamed, duplex: "half" } as RequestInit);
    expect(endless.status).toBe(413);
    expect((await refusalOf(endless)).proxy_error.code).toBe("body-too-large");
    expectNothingSent(api);
  });

  it("a body the schema refuses, naming the field and the rule", async () => {
    const { api, call } = await world(routes);
    const body = await refusalOf(await call("/api/modelslab/v6/video/img2video", { ...IMG2VIDEO, num_frames: 10_000, promt: "typo" }));
    expect(body.proxy_error.code).toBe("invalid-request");
    expect(body.proxy_error.issues).toEqual(expect.arrayContaining([expect.objectContaining({ field: "num_frames", rule: "maximum" }), expect.objectContaining({ field: "promt", rule: "additionalProperties" })]));
    expect((await refusalOf(await call(`/api/modelslab/v6/video/fetch/${V6_ID}`, { extra: 1 }))).proxy_error.issues).toEqual([expect.objectContaining({ field: "extra", rule: "additionalProperties" })]);
    expectNothingSent(api);
  });

  it("endpoints and models the user may not use", async () => {
    const { api, call } = await world(routes, {
      endpoints: ["img2video", "fusionImg2video"],
      authorize: () => ({ id: "bob", endpoints: ["img2video"], models: ["ltx-2.3"] }),
    });
    expect((await refusalOf(await call("/api/modelslab/v6/video/img2video", IMG2VIDEO))).proxy_error.code).toBe("model-not-allowed");
    expect((await refusalOf(await call("/api/modelslab/v7/video-fusion/image-to-video", { init_image: "https://example.com/a.png", prompt: "p", model_id: "ltx-2.3" }))).proxy_error.code).toBe("endpoint-not-allowed");
    expect((await refusalOf(await call("/api/modelslab/v1/enterprise/video/fetch/1", {}))).proxy_error.code).toBe("endpoint-not-allowed");
    expectNothingSent(api);
    expect((await call("/api/modelslab/v6/video/img2video", { ...IMG2VIDEO, model_id: "ltx-2.3" })).status).toBe(200);
    expect(api.requests).toHaveLength(1);
  });

  it("holds a per-user submit limit under concurrent requests; fetches are not counted", async () => {
    const { api, call } = await world({ [SUBMIT]: [fault.slow(30, reply.json(200, v6Processing(3)))], [FETCH]: [reply.json(200, v6Success())] }, { limits: { submits: { max: 3, windowMs: 60_000 } } });
    const answers = await Promise.all(Array.from({ length: 12 }, () => call("/api/modelslab/v6/video/img2video", IMG2VIDEO)));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([...Array(3).fill(200), ...Array(9).fill(429)]);
    const refused = answers.find((a) => a.status === 429)!;
    const copy = refused.clone();
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await refusalOf(refused)).proxy_error.code).toBe("submit-limit");
    expect(api.requestsTo(SUBMIT)).toHaveLength(3);
    expect((await call(`/api/modelslab/v6/video/fetch/${V6_ID}`, {})).status).toBe(200);
    // The client reads the refusal as a RateLimitError: nothing queued, nothing billed.
    const ml = new ModelsLab({ baseUrl: `${ORIGIN}/api/modelslab`, headers: { authorization: "Bearer alice" }, fetch: async () => copy });
    await expect(ml.img2video(IMG2VIDEO)).rejects.toThrow(RateLimitError);
  });

  it("the in-memory limiter's window slides", () => {
    let now = 0;
    const limiter = memorySubmitLimiter(() => now);
    const take = (user: string) => limiter.take(user, 2, 1000) as SubmitDecision;
    expect([1, 2, 3].map(() => take("u"))).toMatchObject([{ allowed: true, remaining: 1 }, { allowed: true, remaining: 0 }, { allowed: false, retryAfterMs: 1000 }]);
    expect(take("v").allowed).toBe(true);
    now = 1001;
    expect(take("u")).toMatchObject({ allowed: true });
  });
});

describe("the API misbehaving behind the proxy", () => {
  it("a redirect is not followed; a submit's page says it may have been queued", async () => {
    const { api, call } = await world({ [SUBMIT]: [fault.redirect(307, "https://elsewhere.example/steal")] });
    const response = await call("/api/modelslab/v6/video/img2video", IMG2VIDEO);
    expect(response.status).toBe(502);
    expect(response.headers.get("location")).toBeNull();
    expect((await refusalOf(response)).proxy_error).toEqual({ code: "upstream-redirect", submit_state: "maybe-queued" });
    expect(api.requests).toHaveLength(1);
  });

  it("an HTML page and a dropped connection are typed errors, never resent", async () => {
    const { api, call } = await world({ [SUBMIT]: [fault.htmlPage(502), fault.dropConnection()] });
    expect((await refusalOf(await call("/api/modelslab/v6/video/img2video", IMG2VIDEO))).proxy_error.code).toBe("upstream-unreadable");
    expect((await refusalOf(await call("/api/modelslab/v6/video/img2video", IMG2VIDEO))).proxy_error.code).toBe("upstream-no-answer");
    expect(api.requests).toHaveLength(2);
    const ml = new ModelsLab({ baseUrl: `${ORIGIN}/api/modelslab`, fetch: async () => Response.json({ status: "error", message: "proxy: no answer", proxy_error: { code: "upstream-no-answer", submit_state: "maybe-queued" } }, { status: 502 }) });
    await expect(ml.img2video(IMG2VIDEO)).rejects.toThrow(APIError);
  });

  it("refuses bad options at creation", () => {
    expect(() => createProxy({ apiKey: "" })).toThrow(/apiKey/);
    expect(() => createProxy({ apiKey: KEY, baseUrl: "ftp://x" })).toThrow(/baseUrl/);
    expect(() => createProxy({ apiKey: KEY, endpoints: ["nope" as never] })).toThrow(/endpoints/);
    expect(() => createProxy({ apiKey: KEY, limits: { submits: { max: -1, windowMs: 1 } } })).toThrow(/limits.submits.max/);
  });
});
