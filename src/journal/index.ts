/// <reference types="node" />
/**
 * `modelslab-video/journal` (Node only): batch journals that survive a crash. A file path opens a
 * SQLite journal (one runner); a `postgres://` or `postgresql://` URL opens a PostgreSQL journal
 * that several workers, on several machines, share within one account's queue limit.
 */
import type { BatchJournal } from "../lib/batch-journal.js";
import { sqliteJournal } from "./sqlite.js";

export { JournalUnavailableError } from "./journal-errors.js";
export { sqliteJournal, type SqliteJournalOptions } from "./sqlite.js";
export { postgresJournal, type PostgresJournalOptions } from "./postgres.js";

export function isPostgresUrl(spec: string): boolean {
  return /^postgres(ql)?:\/\//i.test(spec);
}

export interface OpenJournalOptions {
  /** PostgreSQL: the account's queue limit all workers share (the number of queue slots). */
  concurrency?: number;
  /** Only read it (`batch status`): no lock, no worker, nothing changed. */
  inspectOnly?: boolean;
}

/** The journal `spec` names: a SQLite file path or a PostgreSQL URL. */
export async function openJournal(spec: string, options: OpenJournalOptions = {}): Promise<BatchJournal> {
  if (isPostgresUrl(spec)) {
    const { postgresJournal } = await import("./postgres.js");
    return postgresJournal(spec, options);
  }
  return sqliteJournal(spec, { inspectOnly: options.inspectOnly === true });
}
