/// <reference types="node" />
/**
 * The batch journal in one SQLite file (better-sqlite3 12.x): WAL, `synchronous=FULL` (a commit is
 * on disk before the runner acts on it, power loss included), one row per item, one transaction per
 * change. One runner at a time: a second file beside it (`PATH.lock`) holds an exclusive lock for
 * the runner's life, released by the OS when the process ends, however it ends.
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
import type BetterSqlite3 from "better-sqlite3";
import { applyChange, emptyCounts, recovered, UNKNOWN_AFTER_CRASH, type BatchItemState, type BatchJournal, type JournalRecord } from "../lib/batch-journal.js";
import { JournalUnavailableError } from "./journal-errors.js";
import { columnsOf, recordOf, type Row } from "./rows.js";

type Database = BetterSqlite3.Database;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS items (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  key TEXT NOT NULL UNIQUE,
  endpoint TEXT NOT NULL,
  params TEXT NOT NULL,
  track_id TEXT,
  state TEXT NOT NULL,
  job_id TEXT,
  family TEXT,
  output TEXT,
  file TEXT,
  reason TEXT,
  failure TEXT,
  submits INTEGER NOT NULL DEFAULT 0,
  refusals INTEGER NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS items_by_state ON items (state, seq);
`;

function loadDriver(): typeof BetterSqlite3 {
  try {
    return require("better-sqlite3") as typeof BetterSqlite3;
  } catch (error) {
    throw new JournalUnavailableError(`the SQLite journal needs better-sqlite3 12.x (npm install better-sqlite3@12): ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
  }
}

export interface SqliteJournalOptions {
  /** Only read (`batch status`, while a run may hold the journal): the file must exist; no lock is taken. */
  inspectOnly?: boolean;
}

/** Opens (or creates) the journal at `path`; throws JournalUnavailableError when another runner holds it. */
export function sqliteJournal(path: string, options: SqliteJournalOptions = {}): BatchJournal {
  const Driver = loadDriver();
  let lock: Database | undefined;
  try {
    if (!options.inspectOnly) {
      lock = new Driver(`${path}.lock`, { timeout: 0 });
      lock.exec("BEGIN EXCLUSIVE");
    }
  } catch (error) {
    throw new JournalUnavailableError(
      /busy|locked/i.test(String(error)) ? `${path} is in use by another batch run (a journal has one runner at a time; for several workers use a PostgreSQL journal)` : `cannot open ${path}.lock: ${String(error)}`,
    );
  }
  let db: Database;
  try {
    db = new Driver(path, { timeout: 5000, fileMustExist: options.inspectOnly === true });
    if (!options.inspectOnly) {
      db.pragma("journal_mode = WAL");
      db.pragma("synchronous = FULL");
      db.exec(SCHEMA);
    }
  } catch (error) {
    lock?.close();
    throw new JournalUnavailableError(`cannot open the journal ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const insert = db.prepare("INSERT INTO items (key, endpoint, params, track_id, state, updated_at) VALUES (?, ?, ?, ?, 'pending', ?) ON CONFLICT (key) DO NOTHING");
  const get = db.prepare<[string], Row>("SELECT * FROM items WHERE key = ?");
  const update = db.prepare(
    "UPDATE items SET state = @state, job_id = @job_id, family = @family, output = @output, file = @file, reason = @reason, failure = @failure, submits = @submits, refusals = @refusals, updated_at = @updated_at WHERE key = @key",
  );
  const pending = db.prepare<[number], Row>("SELECT * FROM items WHERE state = 'pending' ORDER BY seq LIMIT ?");
  const inStates = db.prepare<[], Row>("SELECT * FROM items WHERE state IN ('submitting', 'unknown', 'failed') ORDER BY seq");
  const toFollow = db.prepare<[], Row>("SELECT * FROM items WHERE state IN ('queued', 'downloading') ORDER BY seq");
  const counted = db.prepare<[], { state: string; n: number }>("SELECT state, count(*) AS n FROM items GROUP BY state");
  const all = db.prepare<[], Row>("SELECT * FROM items ORDER BY seq");
  const save = (record: JournalRecord) => update.run({ key: record.key, ...columnsOf(record) });
  const followed = new Set<string>();

  const addAll = db.transaction((items: Parameters<BatchJournal["add"]>[0]) => {
    const now = Date.now();
    for (const item of items) insert.run(item.key, item.endpoint, JSON.stringify(item.params), item.trackId === undefined ? null : JSON.stringify(item.trackId), now);
  });
  const recoverAll = db.transaction((resubmitUnknown: boolean) => {
    const now = Date.now();
    for (const row of inStates.all()) {
      const record = recordOf(row);
      const state = recovered(record, { resubmitUnknown });
      if (state === "unknown") save(applyChange(record, { state: "unknown", reason: UNKNOWN_AFTER_CRASH }, now));
      else if (state !== undefined) save({ ...record, state, updatedAt: now });
    }
  });
  const claim = db.transaction((count: number) => {
    const now = Date.now();
    return pending.all(count).map((row) => {
      const record = { ...recordOf(row), state: "submitting" as const, updatedAt: now };
      record.submits += 1;
      save(record);
      return record;
    });
  });
  const change = db.transaction((key: string, next: Parameters<BatchJournal["record"]>[1]) => {
    const row = get.get(key);
    if (!row) throw new Error(`journal: no item ${key}`);
    save(applyChange(recordOf(row), next, Date.now()));
  });

  return {
    shared: false,
    async add(items) {
      addAll(items);
    },
    async recover(options) {
      followed.clear();
      recoverAll(options.resubmitUnknown);
    },
    async claimSubmits(count) {
      return claim(count);
    },
    async claimFollowUps() {
      const records = toFollow
        .all()
        .filter((row) => !followed.has(row.key))
        .map(recordOf);
      for (const record of records) followed.add(record.key);
      return records;
    },
    async record(key, next) {
      change(key, next);
      if (next.state === "queued") followed.add(key);
    },
    async counts() {
      const counts = emptyCounts();
      for (const { state, n } of counted.all()) counts[state as BatchItemState] = n;
      return counts;
    },
    async list() {
      return all.all().map(recordOf);
    },
    async close() {
      db.close();
      lock?.close();
    },
  };
}

