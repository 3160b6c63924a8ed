/** A journal row as both SQL journals store it (same column names), and the record it holds. */
import type { BatchItemState, JournalRecord } from "../lib/batch-journal.js";

export interface Row {
  key: string;
  endpoint: string;
  params: string;
  track_id: string | null;
  state: string;
  job_id: string | null;
  family: string | null;
  output: string | null;
  file: string | null;
  reason: string | null;
  failure: string | null;
  submits: number;
  refusals: number;
  updated_at: number;
}

export function recordOf(row: Row): JournalRecord {
  return {
    key: row.key,
    endpoint: row.endpoint as JournalRecord["endpoint"],
    params: JSON.parse(row.params) as Record<string, unknown>,
    trackId: row.track_id === null ? undefined : (JSON.parse(row.track_id) as string | number),
    state: row.state as BatchItemState,
    id: row.job_id ?? undefined,
    family: (row.family ?? undefined) as JournalRecord["family"],
    output: row.output === null ? undefined : (JSON.parse(row.output) as string[]),
    file: row.file ?? undefined,
    reason: row.reason ?? undefined,
    failure: (row.failure ?? undefined) as JournalRecord["failure"],
    submits: row.submits,
    refusals: row.refusals,
    updatedAt: Number(row.updated_at),
  };
}

/** The columns of a record, as every journal stores them. */
export function columnsOf(record: JournalRecord): Omit<Row, "key" | "endpoint" | "params" | "track_id"> {
  return {
    state: record.state,
    job_id: record.id ?? null,
    family: record.family ?? null,
    output: record.output === undefined ? null : JSON.stringify(record.output),
    file: record.file ?? null,
    reason: record.reason ?? null,
    failure: record.failure ?? null,
    submits: record.submits,
    refusals: record.refusals,
    updated_at: record.updatedAt,
  };
}
