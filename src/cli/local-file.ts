/// <reference types="node" />
/**
 * Reading a file named on the command line (an image, a key file) safely: only a regular file,
 * up to a size cap, opened without blocking, so that a FIFO, a device (/dev/zero), a directory or
 * a huge file is refused at once with exit 2 instead of hanging or filling memory.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import { UsageError } from "./exit-status.js";

/** A key file holds one key; anything larger is not one. */
export const MAX_KEY_FILE_BYTES = 4096;

function kindOf(stats: import("node:fs").Stats): string {
  if (stats.isDirectory()) return "a directory";
  if (stats.isFIFO()) return "a FIFO (named pipe)";
  if (stats.isCharacterDevice()) return "a character device";
  if (stats.isBlockDevice()) return "a block device";
  if (stats.isSocket()) return "a socket";
  return "something else";
}

/** The bytes of `file`, a regular file of at most `maxBytes`; a UsageError naming `flag` (and `limit`, what the cap is) otherwise. */
export function readRegularFile(file: string, maxBytes: number, flag: string, limit = `the limit is ${maxBytes.toLocaleString("en")} bytes`): Uint8Array {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting for one.
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`${flag}: cannot open ${file}${code === "ENOENT" ? " (no such file)" : code ? ` (${code})` : ""}`);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new UsageError(`${flag}: ${file} is not a regular file (it is ${kindOf(stats)})`);
    if (stats.size > maxBytes) throw new UsageError(`${flag}: ${file} is ${stats.size.toLocaleString("en")} bytes; ${limit}`);
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    for (;;) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      if (length > maxBytes) throw new UsageError(`${flag}: ${file} grew while it was read, past ${maxBytes.toLocaleString("en")} bytes; ${limit}`);
    }
    return new Uint8Array(buffer.buffer, buffer.byteOffset, length);
  } finally {
    closeSync(fd);
  }
}
