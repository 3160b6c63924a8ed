/**
 * `modelslab-video batch` on a PostgreSQL journal with two and three workers, each killed with
 * SIGKILL at its own seeded random instants (at least 20 kills per campaign), then all run to the
 * end: together they never exceed the queue limit and never submit an item twice; the items a kill
 * left between intent and answer, and only those, end unknown (see batch-crash.ts). A real
 * PostgreSQL 15 is started on loopback for this file. The tables go to reports/batch-crash-postgres.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, it } from "vitest";
import { postgresJournal } from "../src/journal/index.js";
import { startBatchServer, type BatchServer } from "./batch-server.js";
import { CAMPAIGN_TIMEOUT_MS, expectCampaignHeld, runCrashCampaign, type CrashReport } from "./batch-crash.js";
import { builtCli } from "./built-cli.js";
import { startPostgres, type PostgresServer } from "./postgres-server.js";

const cli = builtCli();
const servers: BatchServer[] = [];
let postgres: PostgresServer;
const reports: Record<string, CrashReport & { seed: number }> = {};
/** The first key of the workers' advisory locks (src/journal/postgres.ts). */
const LOCK_CLASS = 0x4d4c5642;

beforeAll(async () => {
  postgres = await startPostgres();
});
afterAll(async () => {
  for (const server of servers) await server.stop();
  postgres?.stop();
  mkdirSync("reports", { recursive: true });
  writeFileSync("reports/batch-crash-postgres.json", JSON.stringify(reports, null, 2));
});


async function campaign(workers: number, seed: number): Promise<CrashReport> {
  const database = `crash_${workers}`;
  postgres.createDatabase(database);
  const url = postgres.url(database);
  const server = await startBatchServer({ limit: 5, jobMs: 700, submitDelayMs: 15, retryAfterSeconds: 0.1, videoBytes: 64_000, chunks: 4, chunkDelayMs: 15 });
  servers.push(server);
  const inspector = new pg.Client({ connectionString: url });
  const waiter = new pg.Client({ connectionString: url });
  await inspector.connect();
  await waiter.connect();
  try {
    const report = await runCrashCampaign({
      bin: cli.bin,
      server,
      journal: url,
      workers,
      items: 100,
      killsPerWorker: Math.ceil(20 / workers) + 1,
      seed,
      concurrency: 5,
      // Queue for the worker's lock before the kill: PostgreSQL grants it to this waiter the moment the
      // worker's session ends, so no live worker recovers its items before they are read here.
      beforeKill: async (worker) => {
        if (worker === undefined) return async () => [];
        let held = false;
        const granted = waiter.query("SELECT pg_advisory_lock($1, $2)", [LOCK_CLASS, worker]).then(() => {
          held = true;
        });
        // Until the request waits behind the worker's own lock (or got it at once: the worker already ended).
        while (!held) {
          const { rowCount } = await inspector.query("SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND classid = $1 AND objid = $2 AND NOT granted", [LOCK_CLASS, worker]);
          if (rowCount) break;
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
        return async () => {
          await granted;
          try {
            const { rows } = await inspector.query<{ key: string }>("SELECT key FROM modelslab_batch_items WHERE owner = $1 AND state = 'submitting'", [worker]);
            return rows.map((row) => row.key);
          } finally {
            await waiter.query("SELECT pg_advisory_unlock($1, $2)", [LOCK_CLASS, worker]);
          }
        };
      },
      open: () => postgresJournal(url, { inspectOnly: true }),
    });
    reports[`${workers} workers`] = { seed, ...report };
    console.log(`batch crash (PostgreSQL, ${workers} workers, seed ${seed}): ${JSON.stringify(report)}`);
    return report;
  } finally {
    await inspector.end();
    await waiter.end();
  }
}

describe.concurrent("batch on a PostgreSQL journal, several workers killed independently", () => {
  for (const [workers, seed] of [
    [2, 20261202],
    [3, 20261203],
  ] as const) {
    it(`${workers} workers: never over the limit, nothing submitted twice, no result lost, exactly the interrupted intents unknown`, async () => {
      const report = await campaign(workers, seed);
      expectCampaignHeld(report, 100);
    }, CAMPAIGN_TIMEOUT_MS);
  }
});
