import { describe, expect, it } from "vitest";
import { reply } from "../contract-tests/harness/scripted-server.js";
import { InvalidRequestError, memoryJournal, ModelsLab, type BatchItem, type BatchProgress, type SettledItem } from "../src/index.js";
import { startBatchServer, type BatchServer, type BatchServerOptions } from "./batch-server.js";
import { serveFixture } from "./scripted-servers.js";

const image = "https://example.com/cat.png";
const FAST = { schedule: { minIntervalMs: 10, maxIntervalMs: 200, jitter: 0 } };
const items = (count: number): BatchItem[] => Array.from({ length: count }, (_, i) => ({ endpoint: "img2video", params: { model_id: "wan2.2", init_image: image, prompt: `item ${i}` } }));

/** Each test's batch servers, stopped when that test ends. */
async function batchServerFixture({}: object, use: (start: (options: BatchServerOptions) => Promise<BatchServer>) => Promise<void>): Promise<void> {
  const started: BatchServer[] = [];
  await use(async (options) => {
    const server = await startBatchServer(options);
    started.push(server);
    return server;
  });
  for (const server of started) await server.stop();
}

// Side by side (each test has servers of its own): most of their time is jobs and pauses on the clock.
const test = it.extend({ scripted: serveFixture, batchServer: batchServerFixture });

describe.concurrent("ml.batch within the account's queue limit", () => {
  test("finishes 200 items with none failed, never more than the limit queued, 429s resent without failing, starting below the limit", async ({ batchServer }) => {
    const server = await batchServer({ limit: 5, jobMs: 60, others: 2, othersUntil: 60, retryAfterSeconds: 0.05 });
    const ml = new ModelsLab({ apiKey: "k-batch", baseUrl: server.url });
    const concurrencies: number[] = [];
    const run = ml.batch(items(200), { concurrency: 5, wait: FAST, onProgress: (p: BatchProgress) => concurrencies.push(p.concurrency) });
    const settled: SettledItem[] = [];
    for await (const item of run) settled.push(item);
    const summary = await run.summary();
    expect(settled.filter((item) => item.state !== "done")).toEqual([]);
    expect(settled).toHaveLength(200);
    expect(summary.counts).toMatchObject({ done: 200, failed: 0, unknown: 0, pending: 0 });
    expect(server.maxQueued()).toBeLessThanOrEqual(5);
    // processing/request_count said 2 others were queued: the runner started at 3.
    expect(server.countRequests()).toBe(1);
    expect(concurrencies[0]).toBe(3);
    for (const [trackId, track] of server.tracks) expect(track.accepted, trackId).toBe(1);
    expect(server.tracks.size).toBe(200);
    expect(summary.refusals).toBe([...server.tracks.values()].reduce((sum, track) => sum + track.refused, 0));
    expect([...server.jobs.values()].every((job) => job.finalPolled)).toBe(true);
    expect(server.api.contractErrors).toEqual([]);
    expect(server.api.requests.flatMap((request) => request.violations)).toEqual([]);
    // Each submit carries the item's key as track_id.
    expect(new Set(settled.map((item) => item.key))).toEqual(new Set(server.tracks.keys()));
  });

  test("lowers its concurrency while 429s come and grows back", async ({ batchServer }) => {
    // The others are invisible to the count (it is asked before they arrive): only 429s teach the runner.
    const server = await batchServer({ limit: 4, jobMs: 40, others: 3, othersUntil: 15, retryAfterSeconds: 0.05 });
    const ml = new ModelsLab({ apiKey: "k-batch", baseUrl: server.url });
    const seen: number[] = [];
    const summary = await ml.batch(items(40), { concurrency: 4, checkQueue: false, wait: FAST, onProgress: (p) => seen.push(p.concurrency) }).summary();
    expect(summary.counts.done).toBe(40);
    expect(summary.refusals).toBeGreaterThan(0);
    expect(Math.min(...seen)).toBeLessThan(4);
    expect(seen.at(-1)).toBe(4);
    expect(server.maxQueued()).toBeLessThanOrEqual(4);
  });

  test("checks every item before anything is sent, naming the item and the field", async ({ batchServer }) => {
    const server = await batchServer({ limit: 5, jobMs: 10 });
    const ml = new ModelsLab({ apiKey: "k-batch", baseUrl: server.url });
    const bad: BatchItem[] = [...items(2), { endpoint: "img2video", params: { model_id: "wan2.2", init_image: image, num_frames: "many" } }];
    await expect(ml.batch(bad).summary()).rejects.toSatisfy((error: unknown) => error instanceof InvalidRequestError && error.issues[0]!.field === "items[2].params.num_frames");
    await expect(ml.batch([{ endpoint: "img2vid" as "img2video", params: {} }]).summary()).rejects.toThrow(/items\[0\]\.endpoint/);
    await expect(ml.batch(items(1), { concurrency: 0 }).summary()).rejects.toThrow(/concurrency/);
    expect(server.api.requests).toHaveLength(0);
  });

  test("a submit answered 500 ends unknown and is never sent again; 400 fails; both reported with the item", async ({ scripted }) => {
    const server = await scripted({
      "POST /v6/video/img2video": [reply.json(500, { status: "error", message: "Server Error" }), reply.json(400, { status: "error", message: "bad image" })],
      "POST /v6/processing/request_count": [reply.json(200, { status: "success", processing_count: 0 })],
    });
    const ml = new ModelsLab({ apiKey: "k-batch", baseUrl: server.url });
    const journal = memoryJournal();
    const settled: SettledItem[] = [];
    for await (const item of ml.batch(items(2), { concurrency: 1, journal })) settled.push(item);
    expect(settled.map((item) => item.state)).toEqual(["unknown", "failed"]);
    expect(settled[0]).toMatchObject({ state: "unknown", trackId: settled[0]!.key });
    // A second run sends nothing: the unknown item waits for resubmitUnknown, the failed one is final.
    await ml.batch(items(2), { concurrency: 1, journal }).summary();
    expect(server.requestsTo("POST /v6/video/img2video")).toHaveLength(2);
    const again = await ml.batch(items(2), { concurrency: 1, journal, resubmitUnknown: true }).summary();
    expect(server.requestsTo("POST /v6/video/img2video")).toHaveLength(3);
    expect(again.counts).toMatchObject({ failed: 2, unknown: 0 });
  });

  test("the same content twice is two items; a resume knows each by its key", async ({ batchServer }) => {
    const server = await batchServer({ limit: 5, jobMs: 10 });
    const ml = new ModelsLab({ apiKey: "k-batch", baseUrl: server.url });
    const twice = [...items(1), ...items(1)];
    const journal = memoryJournal();
    const summary = await ml.batch(twice, { journal, wait: FAST }).summary();
    expect(summary.counts.done).toBe(2);
    const keys = (await journal.list()).map((record) => record.key);
    expect(keys[1]).toBe(`${keys[0]}#2`);
    await ml.batch(twice, { journal, wait: FAST }).summary();
    expect(server.tracks.size).toBe(2);
    expect([...server.tracks.values()].every((track) => track.accepted === 1)).toBe(true);
  });

  test("an intent without an answer is unknown after a crash, and only that", async () => {
    const journal = memoryJournal();
    await journal.add([
      { key: "a", endpoint: "img2video", params: {}, trackId: "a" },
      { key: "b", endpoint: "img2video", params: {}, trackId: "b" },
    ]);
    const [claimed] = await journal.claimSubmits(1);
    expect(claimed).toMatchObject({ key: "a", state: "submitting", submits: 1 });
    await journal.recover({ resubmitUnknown: false });
    expect((await journal.list()).map((record) => [record.key, record.state])).toEqual([
      ["a", "unknown"],
      ["b", "pending"],
    ]);
  });
});
