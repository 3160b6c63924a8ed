/// <reference types="node" />
/**
 * Reading a file someone named (a command line, an agent) safely, for the Node-only rooms (the
 * command line, the MCP server): only a regular file, up to a size cap, opened without blocking,
 * so that a FIFO, a device (/dev/zero), a directory or a huge file is refused at once instead of
 * hanging or filling memory. Each caller words the refusal its own way.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from "node:fs";

export type RegularFileRefusal =
  | { reason: "cannot-open"; code: string | undefined }
  | { reason: "not-regular"; kind: string }
  | { reason: "too-large"; size: number }
  | { reason: "grew" };

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return "a directory";
  if (stats.isFIFO()) return "a FIFO (named pipe)";
  if (stats.isCharacterDevice()) return "a character device";
  if (stats.isBlockDevice()) return "a block device";
  if (stats.isSocket()) return "a socket";
  return "something else";
}

/** The bytes of `file` when it is a regular file of at most `maxBytes`; else why not. */
export function readRegularFile(file: string, maxBytes: number): { bytes: Uint8Array } | { refused: RegularFileRefusal } {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting for one.
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    return { refused: { reason: "cannot-open", code: (error as NodeJS.ErrnoException).code } };
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { refused: { reason: "not-regular", kind: kindOf(stats) } };
    if (stats.size > maxBytes) return { refused: { reason: "too-large", size: stats.size } };
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    for (;;) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      if (length > maxBytes) return { refused: { reason: "grew" } };
    }
    return { bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, length) };
  } finally {
    closeSync(fd);
  }
}
