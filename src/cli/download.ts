/// <reference types="node" />
/**
 * `--out FILE`: saves a finished video. The output URLs are public links, so the request carries
 * no key. The bytes go to FILE.part first and become FILE only once complete.
 */
import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { DownloadError } from "./exit-status.js";

export interface DownloadProgress {
  (received: number, total: number | undefined): void;
}

/** Downloads `url` to `file`; returns the number of bytes written. */
export async function downloadTo(url: string, file: string, onProgress: DownloadProgress, signal: AbortSignal): Promise<number> {
  let response: Response;
  try {
    response = await fetch(url, { signal });
  } catch (error) {
    if (signal.aborted) throw error;
    throw new DownloadError(`could not download ${url}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!response.ok || !response.body) throw new DownloadError(`could not download ${url}: HTTP ${response.status}`);
  const length = Number(response.headers.get("content-length"));
  const total = Number.isFinite(length) && length > 0 ? length : undefined;
  let received = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      onProgress(received, total);
      callback(null, chunk);
    },
  });
  const partial = `${file}.part`;
  try {
    await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), counter, createWriteStream(partial), { signal });
    if (total !== undefined && received !== total) throw new DownloadError(`could not download ${url}: got ${received} of ${total} bytes`);
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true });
    if (signal.aborted || error instanceof DownloadError) throw error;
    throw new DownloadError(`could not save ${url} to ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return received;
}
