/**
 * The batch runner's public constants, apart from its code (./batch-journal.ts, ./batch.ts), so
 * that the `.` entry exports them without carrying the runner.
 */

/**
 * pending: not sent. submitting: intent committed, no answer recorded. queued: the API answered an
 * id. downloading: done upstream, output URLs recorded, the download not finished. done, failed,
 * unknown: settled (unknown: the submit may have been queued; see `trackId`).
 */
export type BatchItemState = "pending" | "submitting" | "queued" | "downloading" | "done" | "failed" | "unknown";

/** Jobs a batch keeps queued at once unless told otherwise: the queue limit of ModelsLab's lowest plan. */
export const DEFAULT_BATCH_CONCURRENCY = 5;

export const BATCH_ITEM_STATES: readonly BatchItemState[] = ["pending", "submitting", "queued", "downloading", "done", "failed", "unknown"];
