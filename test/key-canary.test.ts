/**
 * A canary API key through every error path, every returned object and the debug log: it must
 * appear nowhere, even when the server echoes it back.
 */
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { fault, reply, type Reply, type ScriptedServer } from "../contract-tests/harness/scripted-server.js";
import {
  AbortedError,
  APIError,
  AuthenticationError,
  ConnectionError,
  GenerationFailedError,
  InvalidRequestError,
  ModelsLab,
  RateLimitError,
  UnexpectedResponseError,
  WaitTimeoutError,
} from "../src/index.js";
import { apiError, failed, IMG2VIDEO, rateLimited, v6Processing, v6Success } from "./video-responses.js";
import { scriptedServerPerTest } from "./scripted-servers.js";

const CANARY = "ml-canary-5d1f0c9a7b3e42";
const SUBMIT = "POST /v6/video/img2video";
const FETCH = "POST /v6/video/fetch/{id}";
const FAST = { minIntervalMs: 1, maxIntervalMs: 2, jitter: 0 };

const serve = scriptedServerPerTest();

const logLines: string[] = [];

async function clientFor(routes: Record<string, Reply[]>): Promise<{ client: ModelsLab; server: ScriptedServer }> {
  const server = await serve(routes);
  const client = new ModelsLab({
    apiKey: CANARY,
    baseUrl: server.url,
    wait: { schedule: FAST, maxPollRetries: 0 },
    logger: { debug: (message, details) => logLines.push(message, JSON.stringify(details), inspect(details, { depth: null })) },
  });
  return { client, server };
}

/** Every way a caller may look at a value. */
function views(value: unknown): string[] {
  const seen = [inspect(value, { depth: null, showHidden: true, getters: true }), JSON.stringify(value) ?? "", String(value)];
  for (let error = value; error instanceof Error; error = error.cause) seen.push(error.message, error.stack ?? "", inspect(error, { depth: null, showHidden: true }));
  return seen;
}

function expectNoCanary(value: unknown): void {
  for (const view of views(value)) expect(view).not.toContain(CANARY);
}

const echo = `Invalid API key ${CANARY}`;
const echoingProcessing = { ...v6Processing(), message: `queued for ${CANARY}` };

describe("the API key never leaks", () => {
  const errorPaths: [string, Record<string, Reply[]>, (client: ModelsLab) => Promise<unknown>, new (...args: never[]) => Error][] = [
    ["401 echoing the key", { [SUBMIT]: [reply.json(401, apiError(echo))] }, (c) => c.img2video(IMG2VIDEO), AuthenticationError],
    ["200 status:error echoing the key", { [SUBMIT]: [reply.json(200, apiError(`bad request for key ${CANARY}`, "messege"))] }, (c) => c.img2video(IMG2VIDEO), APIError],
    ["500", { [SUBMIT]: [reply.json(500, apiError(`crash ${CANARY}`))] }, (c) => c.img2video(IMG2VIDEO), APIError],
    ["429", { [SUBMIT]: [reply.json(429, { ...rateLimited(1), message: `slow down ${CANARY}` })] }, (c) => c.img2video(IMG2VIDEO), RateLimitError],
    ["dropped connection", { [SUBMIT]: [fault.dropConnection()] }, (c) => c.img2video(IMG2VIDEO), ConnectionError],
    ["HTML page", { [SUBMIT]: [fault.htmlPage(502)] }, (c) => c.img2video(IMG2VIDEO), UnexpectedResponseError],
    ["truncated JSON echoing the key", { [SUBMIT]: [fault.truncatedJson(echoingProcessing, 200, JSON.stringify(echoingProcessing).indexOf(CANARY) + 40)] }, (c) => c.img2video(IMG2VIDEO), UnexpectedResponseError],
    ["generation failed echoing the key", { [SUBMIT]: [reply.json(200, v6Processing())], [FETCH]: [reply.json(200, failed(`failed for ${CANARY}`))] }, (c) => c.img2video(IMG2VIDEO).wait(), GenerationFailedError],
    ["wait timed out", { [SUBMIT]: [reply.json(200, v6Processing())], [FETCH]: [reply.json(200, v6Processing(0.001))] }, (c) => c.img2video(IMG2VIDEO).then((first) => c.wait(first, { timeoutMs: 20 })), WaitTimeoutError],
    ["aborted", { [SUBMIT]: [reply.json(200, v6Processing())] }, (c) => c.img2video(IMG2VIDEO).wait({ signal: AbortSignal.abort() }), AbortedError],
    ["poll retries exhausted", { [SUBMIT]: [reply.json(200, v6Processing())], [FETCH]: [fault.dropConnection()] }, (c) => c.img2video(IMG2VIDEO).wait(), ConnectionError],
    ["invalid request", {}, (c) => c.img2video({ ...IMG2VIDEO, num_frames: 999 }), InvalidRequestError],
  ];
  for (const [what, routes, act, type] of errorPaths) {
    it(`is not in the error on ${what}`, async () => {
      const { client } = await clientFor(routes);
      const error = await act(client).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(type);
      expectNoCanary(error);
    });
  }

  it("is redacted from returned answers and videos that echo it, and from the client itself", async () => {
    const echoing = { ...v6Success(), meta: { key: CANARY, prompt: `made with ${CANARY}` } };
    const { client } = await clientFor({ [SUBMIT]: [reply.json(200, { ...v6Processing(), tip: CANARY })], [FETCH]: [reply.json(200, echoing)] });
    const call = client.img2video(IMG2VIDEO);
    expectNoCanary(await call);
    const video = await call.wait();
    expect(video.meta).toEqual({ key: "[redacted]", prompt: "made with [redacted]" });
    expectNoCanary(video);
    expectNoCanary(client);
  });

  it("reached the server in every request body, and the debug log never saw it", async () => {
    const { client, server } = await clientFor({ [SUBMIT]: [reply.json(200, v6Processing())], [FETCH]: [reply.json(200, v6Success())] });
    await client.img2video(IMG2VIDEO).wait();
    expect(server.requests.map((r) => (r.body as { key?: string }).key)).toEqual([CANARY, CANARY]);
    expect(logLines.length).toBeGreaterThan(0);
    for (const line of logLines) expect(line).not.toContain(CANARY);
  });
});
