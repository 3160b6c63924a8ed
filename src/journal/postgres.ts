/// <reference types="node" />
/**
 * The batch journal in PostgreSQL, shared by several workers (processes, machines) running one
 * batch on one account. Three tables: items (one row per item, with the worker that follows it),
 * queue slots (as many rows as the account's limit, each free or holding an item), and workers.
 *
 * - A submit needs a slot: `claimSubmits` takes free slots and pending items in one transaction,
 *   both `FOR UPDATE SKIP LOCKED`, and commits the items' intent with them. So all workers together
 *   hold at most `concurrency` jobs submitting or queued, and no item is claimed twice.
 * - A slot is freed when its item leaves the queue (done upstream, failed, refused, unknown).
 * - Each worker holds a session advisory lock on its own id for its life. A worker whose lock can
 *   be taken is gone (PostgreSQL ends a dead client's session and its locks): its intents become
 *   `unknown` (slots freed) and its queued jobs are followed by whoever takes them. No clock decides.
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
import type pg from "pg";
import { applyChange, emptyCounts, recovered, UNKNOWN_AFTER_CRASH, type BatchItemState, type BatchJournal, type JournalChange, type JournalRecord } from "../lib/batch-journal.js";
import { JournalUnavailableError } from "./journal-errors.js";
import { columnsOf, recordOf, type Row } from "./rows.js";

export interface PostgresJournalOptions {
  /** The account's queue limit all workers share: the number of queue slots. Default 5. */
  concurrency?: number;
  /** Only read (`batch status`): no worker is registered and the slots are left as they are. */
  inspectOnly?: boolean;
}

/** The first key of every advisory lock the journal takes (the second is a worker id). */
const LOCK_CLASS = 0x4d4c5642; // "MLVB"
const SETUP_LOCK = 0x4d4c5643;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS modelslab_batch_items (
  seq bigserial PRIMARY KEY,
  key text NOT NULL UNIQUE,
  endpoint text NOT NULL,
  params text NOT NULL,
  track_id text,
  state text NOT NULL,
  job_id text,
  family text,
  output text,
  file text,
  reason text,
  failure text,
  submits integer NOT NULL DEFAULT 0,
  refusals integer NOT NULL DEFAULT 0,
  updated_at bigint NOT NULL,
  owner integer
);
CREATE INDEX IF NOT EXISTS modelslab_batch_items_by_state ON modelslab_batch_items (state, seq);
CREATE TABLE IF NOT EXISTS modelslab_batch_slots (slot integer PRIMARY KEY, item text);
CREATE TABLE IF NOT EXISTS modelslab_batch_workers (id serial PRIMARY KEY, started_at bigint NOT NULL);
`;

const COLUMNS = "key, endpoint, params, track_id, state, job_id, family, output, file, reason, failure, submits, refusals, updated_at";
/** States in which an item holds a queue slot. */
const HOLDS_SLOT: readonly BatchItemState[] = ["submitting", "queued"];
/** States in which an item is followed by a worker. */
const FOLLOWED: readonly BatchItemState[] = ["submitting", "queued", "downloading"];

function loadDriver(): typeof pg {
  try {
    return require("pg") as typeof pg;
  } catch (error) {
    throw new JournalUnavailableError(`the PostgreSQL journal needs the pg package (npm install pg@8): ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
  }
}

export async function postgresJournal(url: string, options: PostgresJournalOptions = {}): Promise<BatchJournal> {
  const concurrency = options.concurrency ?? 5;
  const { Client } = loadDriver();
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    throw new JournalUnavailableError(`cannot connect to the PostgreSQL journal: ${error instanceof Error ? error.message : String(error)}`);
  }
  // One connection, one operation at a time: transactions never interleave.
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => {});
    return next;
  };
  const transaction = <T>(work: () => Promise<T>): Promise<T> =>
    exclusive(async () => {
      await client.query("BEGIN");
      try {
        const result = await work();
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      }
    });
  const rows = async (sql: string, values: unknown[] = []) => (await client.query<Row & { owner: number | null }>(sql, values)).rows;
  const save = async (record: JournalRecord) => {
    const c = columnsOf(record);
    const owner = FOLLOWED.includes(record.state) ? me : null;
    await client.query(
      "UPDATE modelslab_batch_items SET state = $2, job_id = $3, family = $4, output = $5, file = $6, reason = $7, failure = $8, submits = $9, refusals = $10, updated_at = $11, owner = $12 WHERE key = $1",
      [record.key, c.state, c.job_id, c.family, c.output, c.file, c.reason, c.failure, c.submits, c.refusals, c.updated_at, owner],
    );
    if (!HOLDS_SLOT.includes(record.state)) await client.query("UPDATE modelslab_batch_slots SET item = NULL WHERE item = $1", [record.key]);
  };

  let me = 0;
  try {
    await transaction(async () => {
      await client.query("SELECT pg_advisory_xact_lock($1)", [SETUP_LOCK]);
      // CREATE INDEX IF NOT EXISTS would lock the table against the other workers' writes first.
      const [exists] = (await client.query<{ found: boolean }>("SELECT to_regclass('modelslab_batch_workers') IS NOT NULL AS found")).rows;
      if (!exists?.found) await client.query(SCHEMA);
      if (options.inspectOnly) return;
      await client.query("INSERT INTO modelslab_batch_slots (slot) SELECT generate_series(1, $1::int) ON CONFLICT (slot) DO NOTHING", [concurrency]);
      await client.query("DELETE FROM modelslab_batch_slots WHERE slot > $1 AND item IS NULL", [concurrency]);
      const [worker] = (await client.query<{ id: number }>("INSERT INTO modelslab_batch_workers (started_at) VALUES ($1) RETURNING id", [Date.now()])).rows;
      me = worker!.id;
      // Held for the session's life, taken before the row is visible: no one sees this worker without its lock.
      await client.query("SELECT pg_advisory_lock($1, $2)", [LOCK_CLASS, me]);
    });
  } catch (error) {
    await client.end().catch(() => {});
    throw new JournalUnavailableError(`cannot set up the PostgreSQL journal: ${error instanceof Error ? error.message : String(error)}`);
  }

  /** Takes over what workers that are gone left: intents become unknown, queued jobs free to follow. */
  const buryDeadWorkers = () =>
    exclusive(async () => {
      const others = (await client.query<{ id: number }>("SELECT id FROM modelslab_batch_workers WHERE id <> $1", [me])).rows;
      for (const { id } of others) {
        const [taken] = (await client.query<{ dead: boolean }>("SELECT pg_try_advisory_lock($1, $2) AS dead", [LOCK_CLASS, id])).rows;
        if (!taken?.dead) continue;
        try {
          await client.query("BEGIN");
          const now = Date.now();
          for (const row of await rows(`SELECT ${COLUMNS} FROM modelslab_batch_items WHERE owner = $1 AND state = 'submitting' FOR UPDATE`, [id])) {
            await save(applyChange(recordOf(row), { state: "unknown", reason: UNKNOWN_AFTER_CRASH }, now));
          }
          await client.query("UPDATE modelslab_batch_items SET owner = NULL WHERE owner = $1", [id]);
          await client.query("DELETE FROM modelslab_batch_workers WHERE id = $1", [id]);
          await client.query("COMMIT");
        } catch (error) {
          await client.query("ROLLBACK").catch(() => {});
          throw error;
        } finally {
          await client.query("SELECT pg_advisory_unlock($1, $2)", [LOCK_CLASS, id]);
        }
      }
    });

  return {
    shared: true,
    ...(options.inspectOnly ? {} : { worker: me }),
    async add(items) {
      if (items.length === 0) return;
      const now = Date.now();
      await transaction(async () => {
        await client.query(
          `INSERT INTO modelslab_batch_items (key, endpoint, params, track_id, state, updated_at)
           SELECT key, endpoint, params, track_id, 'pending', $5 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS t(key, endpoint, params, track_id)
           ON CONFLICT (key) DO NOTHING`,
          [items.map((i) => i.key), items.map((i) => i.endpoint), items.map((i) => JSON.stringify(i.params)), items.map((i) => (i.trackId === undefined ? null : JSON.stringify(i.trackId))), now],
        );
      });
    },
    async recover(recoverOptions) {
      await buryDeadWorkers();
      await transaction(async () => {
        const now = Date.now();
        // Only what no live worker follows: unknown and failed items (owner NULL).
        for (const row of await rows(`SELECT ${COLUMNS} FROM modelslab_batch_items WHERE owner IS NULL AND state IN ('unknown', 'failed') ORDER BY seq FOR UPDATE SKIP LOCKED`)) {
          const record = recordOf(row);
          const state = recovered(record, recoverOptions);
          if (state === undefined || state === "unknown") continue;
          await client.query("UPDATE modelslab_batch_items SET state = $2, updated_at = $3, owner = NULL WHERE key = $1", [record.key, state, now]);
        }
      });
    },
    async claimSubmits(count) {
      if (count <= 0) return [];
      return transaction(async () => {
        const slots = (await client.query<{ slot: number }>("SELECT slot FROM modelslab_batch_slots WHERE item IS NULL ORDER BY slot LIMIT $1 FOR UPDATE SKIP LOCKED", [count])).rows;
        if (slots.length === 0) return [];
        const claimed = await rows(`SELECT ${COLUMNS} FROM modelslab_batch_items WHERE state = 'pending' ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`, [slots.length]);
        const now = Date.now();
        const records: JournalRecord[] = [];
        for (const [index, row] of claimed.entries()) {
          const record: JournalRecord = { ...recordOf(row), state: "submitting", updatedAt: now };
          record.submits += 1;
          await client.query("UPDATE modelslab_batch_slots SET item = $2 WHERE slot = $1", [slots[index]!.slot, record.key]);
          await save(record);
          records.push(record);
        }
        return records;
      });
    },
    async claimFollowUps() {
      await buryDeadWorkers();
      return transaction(async () => {
        const claimed = await rows(`SELECT ${COLUMNS} FROM modelslab_batch_items WHERE owner IS NULL AND state IN ('queued', 'downloading') ORDER BY seq FOR UPDATE SKIP LOCKED`);
        if (claimed.length > 0) await client.query("UPDATE modelslab_batch_items SET owner = $1 WHERE key = ANY($2::text[])", [me, claimed.map((row) => row.key)]);
        return claimed.map(recordOf);
      });
    },
    async record(key: string, change: JournalChange) {
      await transaction(async () => {
        const [row] = await rows(`SELECT ${COLUMNS} FROM modelslab_batch_items WHERE key = $1 FOR UPDATE`, [key]);
        if (!row) throw new Error(`journal: no item ${key}`);
        await save(applyChange(recordOf(row), change, Date.now()));
      });
    },
    async counts() {
      const counts = emptyCounts();
      for (const { state, n } of (await exclusive(() => client.query<{ state: string; n: number }>("SELECT state, count(*)::int AS n FROM modelslab_batch_items GROUP BY state"))).rows)
        counts[state as BatchItemState] = n;
      return counts;
    },
    async list() {
      return (await exclusive(() => rows(`SELECT ${COLUMNS} FROM modelslab_batch_items ORDER BY seq`))).map(recordOf);
    },
    async close() {
      await exclusive(async () => {
        // What this worker leaves queued is for the next one to follow; an intent in flight stays its own (unknown once it is gone).
        await client.query("UPDATE modelslab_batch_items SET owner = NULL WHERE owner = $1 AND state IN ('queued', 'downloading')", [me]);
        await client.query("DELETE FROM modelslab_batch_workers WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM modelslab_batch_items WHERE owner = $1)", [me]);
      }).catch(() => {});
      await client.end().catch(() => {});
    },
  };
}
