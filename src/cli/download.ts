/// <reference types="node" />
/**
 * `--out FILE`: saves a finished video. The output URLs are public links, so the request carries
 * no key and no credentials (no cookies, no referrer). It must be http(s). An idle timeout (no
 * byte for DOWNLOAD_IDLE_TIMEOUT_MS, headers included) ends a stalled download, so large files
 * still finish however long they take. The bytes go to FILE.part first and become FILE only once
 * complete.
 */
import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { DownloadError } from "./exit-status.js";
import { printable } from "./terminal-text.js";

export interface DownloadProgress {
  (received: number, total: number | undefined): void;
}

/** A download with no new byte for this long (ms) is given up. */
export const DOWNLOAD_IDLE_TIMEOUT_MS = 30_000;

/** Downloads `url` to `file`; returns the number of bytes written. */
export async function downloadTo(url: string, file: string, onProgress: DownloadProgress, signal: AbortSignal, idleTimeoutMs = DOWNLOAD_IDLE_TIMEOUT_MS): Promise<number> {
  const shown = printable(url);
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    throw new DownloadError(`could not download ${shown}: not a URL`);
  }
  if (protocol !== "https:" && protocol !== "http:") throw new DownloadError(`could not download ${shown}: only http(s) URLs are downloaded`);
  const idle = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stalled = () => new DownloadError(`could not download ${shown}: no data for ${idleTimeoutMs / 1000} s`);
  const touch = () => {
    clearTimeout(timer);
    timer = setTimeout(() => idle.abort(stalled()), idleTimeoutMs);
  };
  const both = AbortSignal.any([signal, idle.signal]);
  touch();
  try {
    let response: Response;
    try {
      response = await fetch(url, { signal: both, credentials: "omit", referrerPolicy: "no-referrer", cache: "no-store" });
    } catch (error) {
      if (signal.aborted) throw error;
      if (idle.signal.aborted) throw idle.signal.reason;
      throw new DownloadError(`could not download ${shown}: ${printable(error instanceof Error ? error.message : String(error))}`);
    }
    if (!response.ok || !response.body) throw new DownloadError(`could not download ${shown}: HTTP ${response.status}`);
    const length = Number(response.headers.get("content-length"));
    const total = Number.isFinite(length) && length > 0 ? length : undefined;
    let received = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        touch();
        received += chunk.length;
        onProgress(received, total);
        callback(null, chunk);
      },
    });
    const partial = `${file}.part`;
    try {
      await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), counter, createWriteStream(partial), { signal: both });
      if (total !== undefined && received !== total) throw new DownloadError(`could not download ${shown}: got ${received} of ${total} bytes`);
      await rename(partial, file);
    } catch (error) {
      await rm(partial, { force: true });
      if (signal.aborted || error instanceof DownloadError) throw error;
      if (idle.signal.aborted) throw idle.signal.reason;
      throw new DownloadError(`could not save ${shown} to ${file}: ${printable(error instanceof Error ? error.message : String(error))}`);
    }
    return received;
  } finally {
    clearTimeout(timer);
  }
}
