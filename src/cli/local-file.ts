/// <reference types="node" />
/**
 * Reading a file named on the command line (an image, a key file) safely: only a regular file,
 * up to a size cap, opened without blocking, so that a FIFO, a device (/dev/zero), a directory or
 * a huge file is refused at once with exit 2 instead of hanging or filling memory.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import { UsageError } from "./exit-status.js";

/** ModelsLab takes at most 5 MB per upload (general-api/base64-to-url.mdx). */
export const MAX_IMAGE_BYTES = 5_000_000;
/** A key file holds one key; anything larger is not one. */
export const MAX_KEY_FILE_BYTES = 4096;

function kindOf(stats: import("node:fs").Stats): string {
  if (stats.isDirectory()) return "a directory";
  if (stats.isFIFO()) return "a FIFO (named pipe)";
  if (stats.isCharacterDevice()) return "a character device";
  if (stats.isBlockDevice()) return "a block device";
  if (stats.isSocket()) return "a socket";
  return "not a regular file";
}

/** The bytes of `file`, a regular file of at most `maxBytes`; a UsageError naming `flag` otherwise. */
export function readRegularFile(file: string, maxBytes: number, flag: string): Uint8Array {
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
    if (!stats.isFile()) throw new UsageError(`${flag}: ${file} is ${kindOf(stats)}; give a regular file`);
    if (stats.size > maxBytes) throw new UsageError(`${flag}: ${file} is ${stats.size} bytes, over the ${maxBytes}-byte limit`);
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    for (;;) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      if (length > maxBytes) throw new UsageError(`${flag}: ${file} grew past the ${maxBytes}-byte limit while it was read`);
    }
    return new Uint8Array(buffer.buffer, buffer.byteOffset, length);
  } finally {
    closeSync(fd);
  }
}
