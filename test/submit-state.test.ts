/**
 * Sent or not, and the one resend decision: every error a submit call throws carries
 * `submitState` ("not-sent" | "refused" | "maybe-queued"), and a submit goes out again only
 * after an HTTP 429 with `rateLimitRetries`, or when it never left (`notSentRetries`).
 */
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { fault, reply, type Reply, type ScriptedServer } from "../contract-tests/harness/scripted-server.js";
import {
  AbortedError,
  APIError,
  ConnectionError,
  GenerationFailedError,
  InvalidRequestError,
  ModelsLab,
  ModelsLabError,
  RateLimitError,
  RequestTimeoutError,
  UnexpectedResponseError,
  type ModelsLabOptions,
  type SubmitState,
} from "../src/index.js";
import { apiError, failed, IMG2VIDEO, rateLimited, v6Processing, v6Success } from "./video-responses.js";
import { scriptedServerPerTest } from "./scripted-servers.js";

const SUBMIT = "POST /v6/video/img2video";
const FETCH = "POST /v6/video/fetch/{id}";
const FAST = { minIntervalMs: 1, maxIntervalMs: 5, jitter: 0, backoff: 1.5 };

const serve = scriptedServerPerTest();

function clientFor(url: string, options: ModelsLabOptions = {}): ModelsLab {
  // A generous request time limit (a loaded machine answers slowly: 5 s was seen to pass under load); the hang case sets its own.
  return new ModelsLab({ apiKey: "state-test-key", baseUrl: url, timeoutMs: 30_000, ...options, wait: { schedule: FAST, ...options.wait } });
}

async function rejection(promise: Promise<unknown>): Promise<ModelsLabError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelsLabError);
  return error as ModelsLabError;
}

/** A loopback port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("one resend decision: only HTTP 429, only when opted in", () => {
  const final: [string, Reply, new (...args: never[]) => Error, SubmitState][] = [
    ["HTTP 500 with a retry_after body", reply.json(500, { ...apiError("busy"), retry_after: 0.01 }), APIError, "maybe-queued"],
    ["HTTP 503 with a retry_after body and Retry-After", fault.offContract(503, JSON.stringify({ ...apiError("busy"), retry_after: 0.01 }), { "retry-after": "0" }), APIError, "maybe-queued"],
    ["HTTP 200 status:error with retry_after", reply.json(200, rateLimited(0.01)), RateLimitError, "refused"],
    ["HTTP 400", reply.json(400, apiError("bad prompt")), APIError, "refused"],
    ["HTTP 401", reply.json(401, apiError("Invalid API key")), APIError, "refused"],
    ["HTTP 200 status:error without an id", reply.json(200, apiError("Model is loading")), APIError, "refused"],
    ["a dropped connection", fault.dropConnection(), ConnectionError, "maybe-queued"],
    ["no answer within the request timeout", fault.hang(), RequestTimeoutError, "maybe-queued"],
    ["an HTML 502 page", fault.htmlPage(502), UnexpectedResponseError, "maybe-queued"],
    ["cut JSON", fault.truncatedJson(v6Processing()), UnexpectedResponseError, "maybe-queued"],
    ["a redirect", fault.redirect(307, "/v6/video/img2video"), UnexpectedResponseError, "maybe-queued"],
    ["HTTP 200 status:failed with an id", reply.json(200, failed()), GenerationFailedError, "maybe-queued"],
  ];
  for (const [what, answer, type, state] of final) {
    it(`${what}: ${type.name}, submitState ${state}, exactly one submit with rateLimitRetries: 3 and notSentRetries: 3`, async () => {
      const server = await serve({ [SUBMIT]: [answer, reply.json(200, v6Processing())], [FETCH]: [reply.json(200, v6Success())] });
      const error = await rejection(clientFor(server.url, { rateLimitRetries: 3, notSentRetries: 3, ...(answer.kind === "hang" ? { timeoutMs: 300 } : {}) }).img2video(IMG2VIDEO).wait());
      expect(error).toBeInstanceOf(type);
      expect(error.submitState).toBe(state);
      expect(error.message).toMatch(state === "maybe-queued" ? /may have been queued/ : /nothing was queued/);
      expect(server.requestsTo(SUBMIT)).toHaveLength(1);
    });
  }

  it("HTTP 429 is sent again n times with rateLimitRetries: n (client or call), then is refused, nothing queued", async () => {
    const server = await serve({ [SUBMIT]: [reply.json(429, rateLimited(0.01))] });
    const error = await rejection(clientFor(server.url, { rateLimitRetries: 2 }).img2video(IMG2VIDEO));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.submitState).toBe("refused");
    expect(server.requestsTo(SUBMIT)).toHaveLength(3);
    await rejection(clientFor(server.url).img2video(IMG2VIDEO, { rateLimitRetries: 1 }));
    expect(server.requestsTo(SUBMIT)).toHaveLength(5);
    await rejection(clientFor(server.url, { rateLimitRetries: 4 }).img2video(IMG2VIDEO, { rateLimitRetries: 0 }));
    expect(server.requestsTo(SUBMIT)).toHaveLength(6);
  });

  it("an HTML page with status 429 is a 429 too: sent again when opted in", async () => {
    const server = await serve({ [SUBMIT]: [fault.offContract(429, "<html><body>Too Many Requests</body></html>", { "retry-after": "0" }), reply.json(200, v6Processing())] });
    const submitted = await clientFor(server.url, { rateLimitRetries: 1 }).img2video(IMG2VIDEO);
    expect(submitted.status).toBe("processing");
    expect(server.requestsTo(SUBMIT)).toHaveLength(2);
  });

  const badCounts: unknown[] = [Number.NaN, Number.POSITIVE_INFINITY, -1, 1.5, "3", 101, null];
  for (const value of badCounts) {
    it(`rateLimitRetries ${String(value)} (${typeof value}) is refused by the same rule per call and per client; nothing is sent`, async () => {
      const server = await serve({ [SUBMIT]: [reply.json(429, rateLimited(0))] });
      const perCall = await rejection(clientFor(server.url).img2video(IMG2VIDEO, { rateLimitRetries: value as number }));
      expect(perCall).toBeInstanceOf(InvalidRequestError);
      expect(perCall.submitState).toBe("not-sent");
      expect((perCall as InvalidRequestError).issues).toEqual([expect.objectContaining({ field: "rateLimitRetries", rule: "range" })]);
      const perClient = (() => {
        try {
          clientFor(server.url, { rateLimitRetries: value as number });
        } catch (error) {
          return error;
        }
      })() as InvalidRequestError;
      expect(perClient).toBeInstanceOf(InvalidRequestError);
      expect(perClient.issues[0]!.message).toBe((perCall as InvalidRequestError).issues[0]!.message);
      expect(server.requestsTo(SUBMIT)).toHaveLength(0);
    });
  }

  it("an unknown option is refused, naming it", async () => {
    const error = (await rejection(clientFor("http://127.0.0.1:9").img2video(IMG2VIDEO, { rateLimitRetry: 3 } as never))) as InvalidRequestError;
    expect(error.issues).toEqual([expect.objectContaining({ field: "rateLimitRetry", rule: "unknown" })]);
  });
});

describe("sent or not", () => {
  it("a refused connection is not-sent, and says nothing was sent; notSentRetries tries again", async () => {
    const port = await closedPort();
    const error = await rejection(clientFor(`http://127.0.0.1:${port}`).img2video(IMG2VIDEO));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.submitState).toBe("not-sent");
    expect(error.message).toMatch(/nothing was sent/);
    expect(error.message).not.toMatch(/may have been queued/);
    let calls = 0;
    const flaky: typeof fetch = async (input, init) => {
      calls += 1;
      if (calls <= 2) throw Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error("getaddrinfo ENOTFOUND api.example"), { code: "ENOTFOUND" }) });
      return fetch(input, init);
    };
    const server = await serve({ [SUBMIT]: [reply.json(200, v6Processing())] });
    const submitted = await clientFor(server.url, { fetch: flaky, notSentRetries: 2 }).img2video(IMG2VIDEO);
    expect(submitted.status).toBe("processing");
    expect(calls).toBe(3);
    expect(server.requestsTo(SUBMIT)).toHaveLength(1);
  });

  it("a connection reset (an error the runtime does not name as before connecting) is maybe-queued and never sent again", async () => {
    let calls = 0;
    const reset: typeof fetch = async () => {
      calls += 1;
      throw Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }) });
    };
    const error = await rejection(clientFor("http://127.0.0.1:9", { fetch: reset, notSentRetries: 3 }).img2video(IMG2VIDEO));
    expect(error.submitState).toBe("maybe-queued");
    expect(calls).toBe(1);
  });

  it("a request refused before sending is not-sent: bad input, an abort before sending, a failed upload before the submit", async () => {
    const server = await serve({ [SUBMIT]: [reply.json(200, v6Processing())], "POST /v6/base64_to_url": [reply.json(500, apiError("down"))] });
    const client = clientFor(server.url);
    const invalid = await rejection(client.img2video({ ...IMG2VIDEO, num_frames: Number.POSITIVE_INFINITY }));
    expect(invalid.submitState).toBe("not-sent");
    const aborted = await rejection(client.img2video(IMG2VIDEO, { signal: AbortSignal.abort() }));
    expect(aborted).toBeInstanceOf(AbortedError);
    expect(aborted.submitState).toBe("not-sent");
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    const upload = await rejection(client.img2video({ ...IMG2VIDEO, init_image: png }));
    expect(upload).toBeInstanceOf(APIError);
    expect(upload.submitState).toBe("not-sent");
    const waitOptions = await rejection(client.img2video(IMG2VIDEO).wait({ timeoutMs: Number.NaN }));
    expect(waitOptions.submitState).toBe("not-sent");
    expect(server.requestsTo(SUBMIT)).toHaveLength(0);
  });

  it("an abort while the submit is in flight is maybe-queued; errors of the polls carry no submitState", async () => {
    const server = await serve({ [SUBMIT]: [fault.slow(400, reply.json(200, v6Processing(0.001)))], [FETCH]: [reply.json(200, failed())] });
    const client = clientFor(server.url, { timeoutMs: 30_000 });
    const aborted = await rejection(client.img2video(IMG2VIDEO, { signal: AbortSignal.timeout(100) }));
    expect(aborted.submitState).toBe("maybe-queued");
    const server2 = await serve({ [SUBMIT]: [reply.json(200, v6Processing(0.001))], [FETCH]: [reply.json(200, failed())] });
    const pollError = await rejection(clientFor(server2.url).img2video(IMG2VIDEO).wait());
    expect(pollError).toBeInstanceOf(GenerationFailedError);
    expect(pollError.submitState).toBeUndefined();
  });

  it("a 429 then an abort during the pause is refused: nothing was queued", async () => {
    const server = await serve({ [SUBMIT]: [reply.json(429, rateLimited(30))] });
    const error = await rejection(clientFor(server.url, { rateLimitRetries: 2 }).img2video(IMG2VIDEO, { signal: AbortSignal.timeout(150) }));
    expect(error).toBeInstanceOf(AbortedError);
    expect(error.submitState).toBe("refused");
    expect(server.requestsTo(SUBMIT)).toHaveLength(1);
  });

  it("submitState is a readonly, enumerable field (it shows in JSON.stringify)", async () => {
    const server = await serve({ [SUBMIT]: [reply.json(400, apiError("no"))] });
    const error = await rejection(clientFor(server.url).img2video(IMG2VIDEO));
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ submitState: "refused" });
    expect(() => {
      (error as { submitState: string }).submitState = "not-sent";
    }).toThrow(TypeError);
  });
});
