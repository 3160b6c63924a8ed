/**
 * `modelslab-video batch` killed with SIGKILL at seeded random instants, 20 times, on a SQLite
 * journal, then resumed to its end: every item's invariants hold (see batch-crash.ts). The table
 * goes to reports/batch-crash-sqlite.json.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { sqliteJournal } from "../src/journal/index.js";
import { startBatchServer, type BatchServer } from "./batch-server.js";
import { CAMPAIGN_TIMEOUT_MS, expectCampaignHeld, runCrashCampaign } from "./batch-crash.js";
import { builtCli, runCli, startCli } from "./built-cli.js";

const cli = builtCli();
const servers: BatchServer[] = [];
afterAll(async () => {
  for (const server of servers) await server.stop();
});

const SEED = 20261201;

// The three tests share nothing (each its own server, journal and files): they run side by side.
describe.concurrent("batch on a SQLite journal, killed 20 times", () => {
  it("ends with every item done or unknown exactly where a kill fell between intent and answer, nothing submitted twice, no result lost, every file whole", async () => {
    const server = await startBatchServer({ limit: 5, jobMs: 700, submitDelayMs: 15, retryAfterSeconds: 0.1, videoBytes: 96_000, chunks: 6, chunkDelayMs: 15 });
    servers.push(server);
    const dir = mkdtempSync(join(tmpdir(), "modelslab-batch-sqlite-"));
    const path = join(dir, "journal.db");
    const Database = createRequire(import.meta.url)("better-sqlite3") as typeof import("better-sqlite3");
    const report = await runCrashCampaign({
      bin: cli.bin,
      server,
      journal: path,
      workers: 1,
      items: 100,
      killsPerWorker: 20,
      seed: SEED,
      concurrency: 5,
      beforeKill: async () => async () => {
        try {
          const db = new Database(path, { readonly: true, fileMustExist: true });
          try {
            return (db.prepare("SELECT key FROM items WHERE state = 'submitting'").all() as { key: string }[]).map((row) => row.key);
          } finally {
            db.close();
          }
        } catch {
          return [];
        }
      },
      open: async () => sqliteJournal(path, { inspectOnly: true }),
    });
    mkdirSync("reports", { recursive: true });
    writeFileSync("reports/batch-crash-sqlite.json", JSON.stringify({ seed: SEED, ...report }, null, 2));
    console.log(`batch crash (SQLite, seed ${SEED}): ${JSON.stringify(report)}`);
    expectCampaignHeld(report, 100);

    // status reads the journal as the runs left it: every item, and the exit code of the batch.
    const status = await runCli(cli.bin, ["batch", "status", "--journal", path]);
    expect(status.stdout.trim().split("\n")).toHaveLength(100);
    expect(status.code).toBe(report.unknown > 0 ? 5 : 0);
    const json = await runCli(cli.bin, ["batch", "status", "--journal", path, "--json"]);
    const parsed = JSON.parse(json.stdout) as { counts: Record<string, number>; items: { state: string; trackId: unknown }[] };
    expect(parsed.counts.done).toBe(report.done);
    expect(parsed.items.filter((item) => item.state === "unknown").every((item) => typeof item.trackId === "string")).toBe(true);
  }, CAMPAIGN_TIMEOUT_MS);

  it("refuses a second run on the same journal while one holds it (exit 1), and a bad line before anything is sent (exit 2)", async () => {
    const server = await startBatchServer({ limit: 5, jobMs: 2000 });
    servers.push(server);
    const dir = mkdtempSync(join(tmpdir(), "modelslab-batch-lock-"));
    const file = join(dir, "items.jsonl");
    writeFileSync(file, `${JSON.stringify({ model_id: "wan2.2", init_image: "https://example.com/a.png" })}\n`);
    const journal = join(dir, "j.db");
    const holder = sqliteJournal(journal);
    try {
      const second = await runCli(cli.bin, ["batch", file, "--endpoint", "img2video", "--journal", journal, "--base-url", server.url], { env: { MODELSLAB_API_KEY: "k" } });
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(/in use by another batch run/);
    } finally {
      await holder.close();
    }
    writeFileSync(file, `${JSON.stringify({ model_id: "wan2.2", init_image: "https://example.com/a.png" })}\n${JSON.stringify({ model_id: "wan2.2", init_image: "https://example.com/b.png", num_frames: "lots" })}\n`);
    const bad = await runCli(cli.bin, ["batch", file, "--endpoint", "img2video", "--journal", join(dir, "k.db"), "--base-url", server.url], { env: { MODELSLAB_API_KEY: "k" } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${file}:2 num_frames`);
    expect(server.api.requests).toHaveLength(0);
  });

  it("Ctrl-C stops new submits, records the answers in flight and exits 130; the same command resumes and sends nothing twice", async () => {
    const server = await startBatchServer({ limit: 5, jobMs: 1500, submitDelayMs: 100 });
    servers.push(server);
    const dir = mkdtempSync(join(tmpdir(), "modelslab-batch-sigint-"));
    const file = join(dir, "items.jsonl");
    writeFileSync(file, Array.from({ length: 8 }, (_, i) => JSON.stringify({ model_id: "wan2.2", init_image: "https://example.com/a.png", prompt: `sigint ${i}` })).join("\n"));
    const args = ["batch", file, "--endpoint", "img2video", "--journal", join(dir, "j.db"), "--base-url", server.url];
    const child = startCli(cli.bin, args, { env: { MODELSLAB_API_KEY: "k" } });
    await child.stderrMatches(/: submitting/);
    child.child.kill("SIGINT");
    const stopped = await child.done;
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toMatch(/stopping: no new submit/);
    expect(stopped.stderr).toMatch(/stopped early: run the same command again to resume/);
    const resumed = await runCli(cli.bin, args, { env: { MODELSLAB_API_KEY: "k" } });
    expect(resumed.code).toBe(0);
    expect(server.tracks.size).toBe(8);
    expect([...server.tracks.values()].every((track) => track.accepted === 1)).toBe(true);
  });
});
