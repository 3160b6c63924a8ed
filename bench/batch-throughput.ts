/**
 * The batch runner against the batch test server (test/batch-server.ts) on loopback:
 *
 * 1. throughput: 1000 items, 2 s jobs, concurrency 10 (the server's queue limit 10), SQLite
 *    journal: items per second against the limit (concurrency ÷ job time = 5/s). Goal: within 5%.
 * 2. journal cost per item: the journal operations one item goes through (add, intent, id, result),
 *    timed alone on SQLite (a file in the temp dir, synchronous=FULL) and PostgreSQL 15 (started
 *    here on loopback, fsync on). Goal: at most 10 ms an item, 5% of an item's share of the limit
 *    (2 s ÷ 10).
 * 3. peak memory: the runner in a child process (bench/batch-memory.ts) with 1000 and 10 000 items
 *    of 5 ms jobs, concurrency 50, SQLite journal (on /dev/shm where there is one: this part
 *    measures memory, not the disk): peak retained heap (after a full GC) and RSS. Goal: flat, the
 *    10 000-item peak within 25% or 8 MB of the 1000-item one.
 *
 * The throughput part waits with the eta trusted (etaOverestimate 1; the server's eta is exact),
 * a 20 ms floor and no jitter: it measures the runner against the limit, not the poll schedule's
 * lateness (bench/poll-schedule.ts measures that).
 *
 *   tsx bench/batch-throughput.ts [--items N] [--only journal|memory|throughput]   (N: the throughput part's items, default 1000)
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ModelsLab, type BatchJournal, type JournalItem } from "../src/index.js";
import { postgresJournal, sqliteJournal } from "../src/journal/index.js";
import { startBatchServer } from "../test/batch-server.js";
import { startPostgres } from "../test/postgres-server.js";

const at = process.argv.indexOf("--items");
const ITEMS = at >= 0 ? Number(process.argv[at + 1]) : 1000;
const JOB_MS = 2000;
const CONCURRENCY = 10;
const verdict = (met: boolean) => (met ? "MET" : "NOT MET");
const dir = mkdtempSync(join(tmpdir(), "modelslab-batch-bench-"));
const memoryDir = mkdtempSync(join(existsSync("/dev/shm") ? "/dev/shm" : tmpdir(), "modelslab-batch-memory-"));

async function throughput(): Promise<boolean> {
  const server = await startBatchServer({ limit: CONCURRENCY, jobMs: JOB_MS });
  const journal = sqliteJournal(join(dir, "throughput.db"));
  try {
    const ml = new ModelsLab({ apiKey: "bench-key", baseUrl: server.url });
    const items = Array.from({ length: ITEMS }, (_, i) => ({ endpoint: "img2video" as const, params: { model_id: "wan2.2", init_image: "https://example.com/cat.png", prompt: `item ${i}` } }));
    let firstSubmitAt = 0;
    const run = ml.batch(items, {
      concurrency: CONCURRENCY,
      journal,
      wait: { schedule: { minIntervalMs: 20, jitter: 0, etaOverestimate: 1 } },
      onProgress: (progress) => {
        if (progress.event.type === "submitting" && firstSubmitAt === 0) firstSubmitAt = Date.now();
      },
    });
    const summary = await run.summary();
    const seconds = (Date.now() - firstSubmitAt) / 1000;
    const rate = summary.counts.done / seconds;
    const limit = CONCURRENCY / (JOB_MS / 1000);
    const met = summary.counts.done === ITEMS && rate >= 0.95 * limit && server.maxQueued() <= CONCURRENCY;
    console.log(
      `batch throughput: ${summary.counts.done}/${ITEMS} done in ${seconds.toFixed(1)} s (from the first submit) = ${rate.toFixed(2)} items/s; limit ${CONCURRENCY} ÷ ${JOB_MS / 1000} s = ${limit.toFixed(2)}/s → ${((100 * rate) / limit).toFixed(1)}% of the limit (goal ≥ 95%), ${summary.refusals} 429s, most queued at once ${server.maxQueued()} — ${verdict(met)}`,
    );
    return met;
  } finally {
    await journal.close();
    await server.stop();
  }
}

/** The journal operations one item goes through, timed over `count` items. */
async function journalCost(journal: BatchJournal, count: number): Promise<number> {
  const items: JournalItem[] = Array.from({ length: count }, (_, i) => ({ key: `item-${i}`, endpoint: "img2video", params: { model_id: "wan2.2", init_image: "https://example.com/cat.png", prompt: `item ${i}` }, trackId: `item-${i}` }));
  const started = process.hrtime.bigint();
  for (let i = 0; i < count; i += 500) await journal.add(items.slice(i, i + 500));
  await journal.recover({ resubmitUnknown: false });
  for (;;) {
    const claimed = await journal.claimSubmits(10);
    if (claimed.length === 0) break;
    for (const record of claimed) await journal.record(record.key, { state: "queued", id: String(1000 + Number(record.key.slice(5))), family: "v6" });
    for (const record of claimed) await journal.record(record.key, { state: "done", output: ["https://example.com/v.mp4"] });
  }
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  const counts = await journal.counts();
  if (counts.done !== count) throw new Error(`journal bench: ${counts.done} of ${count} done`);
  return elapsed / count;
}

async function journalCosts(): Promise<boolean> {
  const count = 1000;
  const sqlite = sqliteJournal(join(dir, "cost.db"));
  let sqliteMs: number;
  try {
    sqliteMs = await journalCost(sqlite, count);
  } finally {
    await sqlite.close();
  }
  let postgresMs: number | undefined;
  let postgresNote = "";
  try {
    const server = await startPostgres({ fsync: true });
    try {
      server.createDatabase("bench");
      const journal = await postgresJournal(server.url("bench"), { concurrency: 10 });
      try {
        postgresMs = await journalCost(journal, count);
      } finally {
        await journal.close();
      }
    } finally {
      server.stop();
    }
  } catch (error) {
    postgresNote = ` (PostgreSQL not measured: ${error instanceof Error ? error.message.split("\n")[0] : String(error)})`;
  }
  const goal = 10;
  const met = sqliteMs <= goal && postgresMs !== undefined && postgresMs <= goal;
  console.log(
    `batch journal cost per item (add, intent, id, result; ${count} items, 10 claimed at a time): SQLite ${sqliteMs.toFixed(2)} ms (WAL, synchronous=FULL, ${tmpdir()}), PostgreSQL ${postgresMs === undefined ? "—" : `${postgresMs.toFixed(2)} ms (loopback, fsync on)`}${postgresNote}; goal ≤ ${goal} ms — ${verdict(met)}`,
  );
  return met;
}

interface MemoryReport {
  items: number;
  done: number;
  peakHeapMb: number;
  peakRssMb: number;
  seconds: number;
}

async function memoryRun(items: number): Promise<MemoryReport> {
  const server = await startBatchServer({ limit: 50, jobMs: 5 });
  try {
    const child = spawn(process.execPath, ["--expose-gc", "--import", "tsx", join(import.meta.dirname, "batch-memory.ts"), server.url, String(items), join(memoryDir, `memory-${items}.db`)], { stdio: ["ignore", "pipe", "inherit"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
    if (code !== 0) throw new Error(`batch-memory.ts exited ${code}`);
    return JSON.parse(output) as MemoryReport;
  } finally {
    await server.stop();
  }
}

async function memory(): Promise<boolean> {
  const small = await memoryRun(1000);
  const large = await memoryRun(10_000);
  const met = large.done === 10_000 && small.done === 1000 && large.peakHeapMb <= Math.max(small.peakHeapMb * 1.25, small.peakHeapMb + 8);
  console.log(
    `batch peak memory (runner in its own process, SQLite journal in ${memoryDir.startsWith("/dev/shm") ? "/dev/shm" : tmpdir()}, 5 ms jobs, concurrency 50): 1000 items retained heap ${small.peakHeapMb.toFixed(1)} MB / RSS ${small.peakRssMb.toFixed(1)} MB (${small.seconds.toFixed(1)} s); 10 000 items retained heap ${large.peakHeapMb.toFixed(1)} MB / RSS ${large.peakRssMb.toFixed(1)} MB (${large.seconds.toFixed(1)} s); goal: flat (10 000-item peak within 25% or 8 MB of the 1000-item one) — ${verdict(met)}`,
  );
  return met;
}

const only = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : undefined;
try {
  if (!only || only === "journal") await journalCosts();
  if (!only || only === "memory") await memory();
  if (!only || only === "throughput") await throughput();
} finally {
  rmSync(dir, { recursive: true, force: true });
  rmSync(memoryDir, { recursive: true, force: true });
}
