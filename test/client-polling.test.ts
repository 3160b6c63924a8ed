/**
 * The client against the scripted server: state across polls, faults during polls (recovered)
 * and during submits (never sent again), timeouts and aborts. Pauses are scaled down to a few ms.
 */
import { describe, expect, it } from "vitest";
import { fault, reply, type Reply, type ScriptedServer } from "../contract-tests/harness/scripted-server.js";
import {
  AbortedError,
  APIError,
  AuthenticationError,
  ConnectionError,
  GenerationFailedError,
  ModelsLab,
  RateLimitError,
  UnexpectedResponseError,
  WaitTimeoutError,
  type ModelsLabOptions,
  type WaitProgress,
} from "../src/index.js";
import { apiError, failed, IMG2VIDEO, rateLimited, V6_ID, V7_ID, v6Processing, v6Success, v7ProcessingWithoutId, v7Success } from "./video-responses.js";
import { scriptedServerPerTest } from "./scripted-servers.js";

const SUBMIT = "POST /v6/video/img2video";
const FETCH = "POST /v6/video/fetch/{id}";
const FAST = { minIntervalMs: 1, maxIntervalMs: 5, jitter: 0, backoff: 1.5 };

const serve = scriptedServerPerTest();

function clientFor(server: ScriptedServer, options: ModelsLabOptions = {}): ModelsLab {
  return new ModelsLab({ apiKey: "test-key", baseUrl: server.url, ...options, wait: { schedule: FAST, ...options.wait } });
}

function expectContractRequests(server: ScriptedServer): void {
  expect(server.requests.filter((r) => r.violations.length > 0 || r.route === "unscripted")).toEqual([]);
}

describe("submit and wait", () => {
  it("polls processing → processing → success and returns the video; one submit, each poll with the key", async () => {
    const server = await serve({
      [SUBMIT]: [reply.json(200, v6Processing(416.94))],
      [FETCH]: [reply.json(200, v6Processing(30)), reply.json(200, v6Processing(2.5)), reply.json(200, v6Success())],
    });
    const progress: WaitProgress[] = [];
    let requestsWhenEnqueued = -1;
    const video = await clientFor(server)
      .img2video(IMG2VIDEO)
      .wait({
        onEnqueue: (job) => {
          requestsWhenEnqueued = server.requests.length;
          expect(job).toEqual({ id: String(V6_ID), family: "v6", fetchUrl: `${server.url}/v6/video/fetch/${V6_ID}` });
        },
        onProgress: (p) => progress.push(p),
      });
    expect(video).toMatchObject({ id: String(V6_ID), family: "v6", output: v6Success().output, generationTime: 93.27, polls: 3, meta: v6Success().meta });
    expect(video.response.status).toBe("success");
    expect(requestsWhenEnqueued).toBe(1);
    expect(server.requestsTo(SUBMIT)).toHaveLength(1);
    expect(server.requestsTo(FETCH).map((r) => r.path)).toEqual(Array(3).fill(`/v6/video/fetch/${V6_ID}`));
    expect(server.requestsTo(FETCH).map((r) => r.body)).toEqual(Array(3).fill({ key: "test-key" }));
    expect(progress.map((p) => [p.status, p.attempt, p.eta])).toEqual([
      ["processing", 1, 30],
      ["processing", 2, 2.5],
    ]);
    expectContractRequests(server);
  });

  it("awaiting the call gives the first answer; .wait() on the same call does not submit again", async () => {
    const server = await serve({ [SUBMIT]: [reply.json(200, v6Processing())], [FETCH]: [reply.json(200, v6Success())] });
    const call = clientFor(server).img2video(IMG2VIDEO);
    const first = await call;
    expect(first.status).toBe("processing");
    if (first.status === "processing") expect(first.eta).toBe(416.94);
    expect((await call.wait()).polls).toBe(1);
    expect(server.requestsTo(SUBMIT)).toHaveLength(1);
  });

  it("returns at once, without polling, when the submit answers success", async () => {
    const server = await serve({ [SUBMIT]: [reply.json(200, v6Success())] });
    const video = await clientFor(server).img2video(IMG2VIDEO).wait();
    expect(video).toMatchObject({ polls: 0, output: v6Success().output });
    expect(server.requests).toHaveLength(1);
  });

  it("takes the id from fetch_result when a processing answer has none (v7) and polls the v7 fetch endpoint", async () => {
    const server = await serve({
      "POST /v7/video-fusion/image-to-video": [reply.json(200, v7ProcessingWithoutId())],
      "POST /v7/video-fusion/fetch/{id}": [reply.json(200, v7Success())],
    });
    const video = await clientFor(server).fusionImg2video({ model_id: "wan2.6-i2v", init_image: "https://example.com/cat.png" }).wait();
    expect(video).toMatchObject({ id: V7_ID, family: "v7" });
    expect(server.requestsTo("POST /v7/video-fusion/fetch/{id}").map((r) => r.path)).toEqual([`/v7/video-fusion/fetch/${V7_ID}`]);
    expectContractRequests(server);
  });
});

describe("waiting ends", () => {
  it("throws GenerationFailedError with the id and message on status failed", async () => {
    const server = await serve({ [SUBMIT]: [reply.json(200, v6Processing())], [FETCH]: [reply.json(200, v6Processing()), reply.json(200, failed("NSFW content"))] });
    const error = await clientFor(server).img2video(IMG2VIDEO).wait().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GenerationFailedError);
    expect(error).toMatchObject({ id: String(V6_ID), apiMessage: "NSFW content" });
    expect(server.requestsTo(FETCH)).toHaveLength(2);
  });

  it("treats an HTTP 200 status:error from the fetch endpoint as the generation's failure, reading messege too", async () => {
    const server = await serve({ [SUBMIT]: [reply.json(200, v6Processing())], [FETCH]: [reply.json(200, apiError("Out of memory", "messege"))] });
    const error = await clientFor(server).img2video(IMG2VIDEO).wait().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GenerationFailedError);
    expect(error).toMatchObject({ id: String(V6_ID), apiMessage: "Out of memory" });
  });

  it("throws WaitTimeoutError with the id and fetch URL, and wait(error.job) resumes the same job", async () => {
    const server = await serve({ [SUBMIT]: [reply.json(200, v6Processing())], [FETCH]: [reply.json(200, v6Processing(1))] });
    const client = clientFor(server);
    // The wait alone (a submit's .wait() would count the submit too, and this one must answer first).
    const error = await client.wait(await client.img2video(IMG2VIDEO), { timeoutMs: 30 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    const { job } = error as WaitTimeoutError;
    expect(job).toEqual({ id: String(V6_ID), family: "v6", fetchUrl: `${server.url}/v6/video/fetch/${V6_ID}` });
    expect((error as Error).message).toContain(job.fetchUrl);
    expect(server.requestsTo(SUBMIT)).toHaveLength(1);

    const resumed = await serve({ [FETCH]: [reply.json(200, v6Success())] });
    const video = await clientFor(resumed).wait(JSON.parse(JSON.stringify(job)));
    expect(video.id).toBe(String(V6_ID));
  });
});

describe("resuming with wait()", () => {
  it("polls the right family from a fetch URL, an id with its family, or a submit answer that was serialized", async () => {
    const server = await serve({
      "POST /v7/video-fusion/fetch/{id}": [reply.json(200, v7Success())],
      "POST /v1/enterprise/video/fetch/{id}": [reply.json(200, { ...v6Success(), id: 42 })],
      [FETCH]: [reply.json(200, v6Success())],
    });
    const client = clientFor(server);
    await client.wait(`https://modelslab.com/api/v7/video-fusion/fetch/${V7_ID}`);
    await client.wait(42, { family: "enterprise" });
    await client.wait(JSON.parse(JSON.stringify(v6Processing())));
    expect(server.requests.map((r) => r.path)).toEqual([`/v7/video-fusion/fetch/${V7_ID}`, "/v1/enterprise/video/fetch/42", `/v6/video/fetch/${V6_ID}`]);
    expectContractRequests(server);
  });

  it("refuses a bare id without its family, sending nothing", async () => {
    const server = await serve({ [FETCH]: [reply.json(200, v6Success())] });
    await expect(clientFor(server).wait("123")).rejects.toThrow(/family/);
    expect(server.requests).toHaveLength(0);
  });
});

describe("poll scheduling over the wire", () => {
  it("follows a float eta, and backs off from the floor when eta is missing or wrong (0, negative)", async () => {
    const server = await serve({
      [SUBMIT]: [reply.json(200, v6Processing(0.004))],
      [FETCH]: [
        reply.json(200, v6Processing(0.0035)),
        reply.json(200, v6Processing(null)),
        reply.json(200, v6Processing(0)),
        // A negative eta is off the contract (no server sends one): a declared fault.
        fault.offContract(200, JSON.stringify(v6Processing(-3)), { "content-type": "application/json" }),
        reply.json(200, v6Success()),
      ],
    });
    const progress: WaitProgress[] = [];
    // The bound by the job's age is out of the way here (it has a test of its own below).
    const schedule = { minIntervalMs: 2, maxIntervalMs: 1000, jitter: 0, backoff: 2, ageFraction: 1000, etaOverestimate: 1 };
    await clientFor(server, { wait: { schedule } }).img2video(IMG2VIDEO).wait({ onProgress: (p) => progress.push(p) });
    // eta 3.5 ms → 4 ms (rounded); then no usable eta three times: 2, 4, 8 ms.
    expect(progress.map((p) => [p.eta, p.nextPollInMs])).toEqual([
      [0.0035, 4],
      [undefined, 2],
      [undefined, 4],
      [undefined, 8],
    ]);
  });

  it("bounds each pause by the job's age, so an eta stuck too high does not hold the wait past the job", async () => {
    const stuck = v6Processing(60);
    const server = await serve({ [SUBMIT]: [reply.json(200, stuck)], [FETCH]: [reply.json(200, stuck), reply.json(200, stuck), reply.json(200, stuck), reply.json(200, v6Success())] });
    const progress: WaitProgress[] = [];
    // Scaled down: "60 s" left may be 6000× too high, so the first pause is 11 ms, not the 2 s ceiling.
    const schedule = { minIntervalMs: 1, maxIntervalMs: 2000, jitter: 0, backoff: 1.5, ageFraction: 0.1, etaOverestimate: 6000 };
    const video = await clientFor(server, { wait: { schedule } }).img2video(IMG2VIDEO).wait({ onProgress: (p) => progress.push(p) });
    expect(video.polls).toBe(4);
    expect(progress).toHaveLength(3);
    for (const p of progress) expect(p.nextPollInMs).toBeLessThanOrEqual(Math.round(0.1 * p.elapsedMs + 11) + 1);
  });
});

describe("faults during polls are retried", () => {
  it("recovers from a 500, a dropped connection, an HTML 502 page, truncated JSON and a 429 with retry_after", async () => {
    const server = await serve({
      [SUBMIT]: [reply.json(200, v6Processing(0.001))],
      [FETCH]: [
        reply.json(500, apiError("Internal server error")),
        fault.dropConnection(),
        fault.htmlPage(502),
        fault.truncatedJson(v6Processing()),
        reply.json(429, rateLimited(0.02)),
        reply.json(200, v6Success()),
      ],
    });
    const progress: WaitProgress[] = [];
    const video = await clientFor(server).img2video(IMG2VIDEO).wait({ onProgress: (p) => progress.push(p) });
    expect(video.polls).toBe(6);
    expect(progress.map((p) => p.error?.constructor)).toEqual([APIError, ConnectionError, UnexpectedResponseError, UnexpectedResponseError, RateLimitError]);
    expect(progress.every((p) => p.status === "retrying")).toBe(true);
    // retry_after (20 ms) outweighs the 5 ms ceiling.
    expect(progress[4]?.nextPollInMs).toBe(20);
    expect(server.requestsTo(SUBMIT)).toHaveLength(1);
  });

  it("honours a Retry-After header on a poll", async () => {
    const server = await serve({
      [SUBMIT]: [reply.json(200, v6Processing(0.001))],
      [FETCH]: [reply.json(429, rateLimited(0), { "retry-after": "0.03" }), reply.json(200, v6Success())],
    });
    const progress: WaitProgress[] = [];
    await clientFor(server).img2video(IMG2VIDEO).wait({ onProgress: (p) => progress.push(p) });
    expect(progress.map((p) => p.nextPollInMs)).toEqual([30]);
  });

  it("gives up after maxPollRetries failed polls in a row, throwing the last error", async () => {
    const server = await serve({ [SUBMIT]: [reply.json(200, v6Processing(0.001))], [FETCH]: [reply.json(500, apiError("down"))] });
    const error = await clientFor(server).img2video(IMG2VIDEO).wait({ maxPollRetries: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({ status: 500, apiMessage: "down" });
    expect(server.requestsTo(FETCH)).toHaveLength(3);
  });

  it("does not retry a poll answered 401", async () => {
    const server = await serve({ [SUBMIT]: [reply.json(200, v6Processing(0.001))], [FETCH]: [reply.json(401, apiError("Invalid API key"))] });
    await expect(clientFor(server).img2video(IMG2VIDEO).wait()).rejects.toBeInstanceOf(AuthenticationError);
    expect(server.requestsTo(FETCH)).toHaveLength(1);
  });
});

describe("a submit is never sent twice unless it was rate limited and the caller opted in", () => {
  const cases: [string, Reply, new (...args: never[]) => Error, RegExp][] = [
    ["HTTP 500", reply.json(500, apiError("Internal server error")), APIError, /not sent again/],
    ["a dropped connection", fault.dropConnection(), ConnectionError, /may have been queued/],
    ["an HTML 502 page", fault.htmlPage(502), UnexpectedResponseError, /HTML page.*not sent again/],
    ["truncated JSON", fault.truncatedJson(v6Processing()), UnexpectedResponseError, /not valid JSON/],
  ];
  for (const [what, answer, type, message] of cases) {
    it(`throws on ${what}, after exactly one submit reached the server`, async () => {
      const server = await serve({ [SUBMIT]: [answer, reply.json(200, v6Processing())], [FETCH]: [reply.json(200, v6Success())] });
      const error = await clientFor(server, { rateLimitRetries: 3 }).img2video(IMG2VIDEO).wait().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(type);
      expect((error as Error).message).toMatch(message);
      expect(server.requests.map((r) => r.route)).toEqual([SUBMIT]);
    });
  }

  it("reports an HTML page with its status and first bytes, and cut JSON with its first bytes", async () => {
    const server = await serve({ [SUBMIT]: [fault.htmlPage(502), fault.truncatedJson(v6Processing(), 200, 30)] });
    const client = clientFor(server);
    const html = (await client.img2video(IMG2VIDEO).catch((e: unknown) => e)) as UnexpectedResponseError;
    expect(html).toMatchObject({ status: 502, reason: "html" });
    expect(html.bodyStart).toMatch(/^<html>/);
    const cut = (await client.img2video(IMG2VIDEO).catch((e: unknown) => e)) as UnexpectedResponseError;
    expect(cut).toMatchObject({ status: 200, reason: "invalid-json", bodyStart: JSON.stringify(v6Processing()).slice(0, 30) });
  });

  it("throws an HTTP 200 status:error answer to a submit as an APIError, reading messege", async () => {
    const server = await serve({ [SUBMIT]: [reply.json(200, apiError("Model is loading", "messege"))] });
    const error = await clientFor(server).img2video(IMG2VIDEO).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({ status: 200, apiMessage: "Model is loading" });
  });

  it("throws a 429 as RateLimitError with retry_after, once, by default", async () => {
    const server = await serve({ [SUBMIT]: [reply.json(429, rateLimited(30)), reply.json(200, v6Processing())] });
    const error = await clientFor(server).img2video(IMG2VIDEO).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 30_000 });
    expect(server.requestsTo(SUBMIT)).toHaveLength(1);
  });

  it("sends a 429'd submit again after retry_after when rateLimitRetries allows", async () => {
    const server = await serve({ [SUBMIT]: [reply.json(429, rateLimited(0.01)), reply.json(429, rateLimited(0.01)), reply.json(200, v6Processing())] });
    const client = clientFor(server, { rateLimitRetries: 1 });
    await expect(client.img2video(IMG2VIDEO)).rejects.toBeInstanceOf(RateLimitError);
    expect(server.requestsTo(SUBMIT)).toHaveLength(2);
    const submitted = await client.img2video(IMG2VIDEO, { rateLimitRetries: 1 });
    expect(submitted.status).toBe("processing");
    expect(server.requestsTo(SUBMIT)).toHaveLength(3);
  });
});

describe("cancellation", () => {
  it("an abort during a long pause between polls settles the wait at once, with the job to resume", async () => {
    const server = await serve({ [SUBMIT]: [reply.json(200, v6Processing(600))], [FETCH]: [reply.json(200, v6Processing(600))] });
    const controller = new AbortController();
    const client = clientFor(server, { wait: { schedule: { minIntervalMs: 60_000, maxIntervalMs: 60_000, jitter: 0 } } });
    let settled: unknown;
    let pausing!: () => void;
    const paused = new Promise<void>((resolve) => (pausing = resolve));
    const waiting = client
      .wait(200, { family: "v6", signal: controller.signal, onProgress: () => pausing() })
      .then(
        () => (settled = "resolved"),
        (e: unknown) => (settled = e),
      );
    // The first poll goes out at once (a resumed wait); after it a 60 s pause begins.
    await paused;
    controller.abort();
    // Settled by the next turn of the event loop: the pause's 60 s timer was not waited for.
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBeInstanceOf(AbortedError);
    expect((settled as AbortedError).job?.id).toBe("200");
    await waiting;
    expect(server.requests).toHaveLength(1);
  });

  it("an abort while a poll is in flight cancels the request", async () => {
    const server = await serve({ [FETCH]: [fault.hang()] });
    const controller = new AbortController();
    const waiting = clientFor(server).wait(7, { family: "v6", signal: controller.signal });
    await server.received(1);
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(AbortedError);
  });

  it("an abort while a submit is in flight throws AbortedError (and the submit is not sent again)", async () => {
    const server = await serve({ [SUBMIT]: [fault.hang()] });
    const controller = new AbortController();
    const submitting = clientFor(server).img2video(IMG2VIDEO, { signal: controller.signal });
    await server.received(1);
    controller.abort();
    await expect(submitting).rejects.toBeInstanceOf(AbortedError);
    expect(server.requests).toHaveLength(1);
  });

  it("a signal aborted before the call sends nothing", async () => {
    const server = await serve({ [SUBMIT]: [reply.json(200, v6Processing())] });
    await expect(clientFor(server).img2video(IMG2VIDEO, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortedError);
    expect(server.requests).toHaveLength(0);
  });
});
