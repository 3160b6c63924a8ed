/// <reference types="node" />
/**
 * Writing a command's output whole before the process ends, whatever stdout is: a file, a pipe
 * (whose reader may be slower than the writer: a write that does not fit the pipe is queued, and
 * `process.exit()` would drop the queue) or a pipe whose reader has gone (EPIPE: nothing more can
 * be delivered, so the command ends with its own exit code instead of an unhandled error).
 */
import type { Writable } from "node:stream";

/** Resolves once `text` has been handed to the operating system, or the reader has gone. */
export function writeWhole(stream: Writable, text: string): Promise<void> {
  return new Promise((done) => {
    if (stream.destroyed || stream.writableEnded) return done();
    const finish = () => {
      stream.off("error", finish);
      done();
    };
    stream.once("error", finish);
    stream.write(text, () => finish());
  });
}

/**
 * After this, a reader that goes away (EPIPE) no longer crashes the process: the output is
 * dropped and the exit code stays the command's.
 */
export function toleratePipeClosing(stream: Writable): void {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE" && error.code !== "ERR_STREAM_DESTROYED") throw error;
  });
}

/** Writes `text` whole, then ends the process with `code`. */
export async function writeAndExit(stream: Writable, text: string, code: number): Promise<never> {
  await writeWhole(stream, text);
  process.exit(code);
}
