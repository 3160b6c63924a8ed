/**
 * `memoryJournal` as the `.` entry exports it: the journal in memory (./batch-journal.ts), whose
 * code loads with its first use, together with the batch runner's (./deferred.ts), rather than with
 * the client. Every method of a journal is asynchronous, so each waits for that load, then is the
 * journal's own.
 */
import type { BatchJournal } from "./batch-journal.js";

/**
 * A journal in memory: the default of `ml.batch()` where no journal is given (browsers, scripts that
 * need no resume). It keeps every promise within one process; it does not survive one.
 */
export function memoryJournal(): BatchJournal {
  let made: Promise<BatchJournal> | undefined;
  const journal = () => (made ??= import("./deferred.js").then((deferred) => deferred.memoryJournal()));
  return {
    shared: false,
    add: async (items) => (await journal()).add(items),
    recover: async (options) => (await journal()).recover(options),
    claimSubmits: async (count) => (await journal()).claimSubmits(count),
    claimFollowUps: async () => (await journal()).claimFollowUps(),
    record: async (key, change) => (await journal()).record(key, change),
    counts: async () => (await journal()).counts(),
    list: async () => (await journal()).list(),
    close: async () => (await journal()).close(),
  };
}
