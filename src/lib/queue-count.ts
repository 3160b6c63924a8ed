/**
 * How many of the account's requests ModelsLab is processing now: `POST /v6/processing/request_count`
 * (general API; throttled to 30 requests a minute). A read: it queues nothing and costs nothing.
 * The batch runner asks it once before its first submit, to start below the account's queue limit
 * when other jobs of the account are already queued.
 */
import { operationIndex } from "../../generated/operations.js";
import { UnexpectedResponseError } from "../core/errors.js";
import { bodyStartOf, videoAnswerOf } from "../internal/answer.js";
import { post, type Transport } from "../internal/transport.js";

export interface QueueCountOptions {
  signal?: AbortSignal;
}

/** The API's `processing_count`; typed errors for 401, 429 (the endpoint's own throttle) and the rest. */
export async function processingRequestCount(transport: Transport, options: QueueCountOptions = {}): Promise<number> {
  const answer = await post(transport, { path: operationIndex.accountRequestCount.path, body: { key: transport.apiKey }, signal: options.signal });
  const fields = videoAnswerOf(answer, "poll");
  const count = fields.processing_count;
  if (fields.status !== "success" || typeof count !== "number" || !Number.isSafeInteger(count) || count < 0)
    throw new UnexpectedResponseError(answer.status, "missing-count", bodyStartOf(answer), "processing/request_count answered without a processing_count of 0 or more");
  return count;
}
