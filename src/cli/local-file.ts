/// <reference types="node" />
/**
 * Reading a file named on the command line (an image, a key file) safely: only a regular file,
 * up to a size cap, opened without blocking, so that a FIFO, a device (/dev/zero), a directory or
 * a huge file is refused at once with exit 2 instead of hanging or filling memory.
 */
import { readRegularFile as readFile } from "../node/regular-file.js";
import { UsageError } from "./exit-status.js";

/** A key file holds one key; anything larger is not one. */
export const MAX_KEY_FILE_BYTES = 4096;

/** The bytes of `file`, a regular file of at most `maxBytes`; a UsageError naming `flag` (and `limit`, what the cap is) otherwise. */
export function readRegularFile(file: string, maxBytes: number, flag: string, limit = `the limit is ${maxBytes.toLocaleString("en")} bytes`): Uint8Array {
  const read = readFile(file, maxBytes);
  if ("bytes" in read) return read.bytes;
  const refused = read.refused;
  switch (refused.reason) {
    case "cannot-open":
      throw new UsageError(`${flag}: cannot open ${file}${refused.code === "ENOENT" ? " (no such file)" : refused.code ? ` (${refused.code})` : ""}`);
    case "not-regular":
      throw new UsageError(`${flag}: ${file} is not a regular file (it is ${refused.kind})`);
    case "too-large":
      throw new UsageError(`${flag}: ${file} is ${refused.size.toLocaleString("en")} bytes; ${limit}`);
    case "grew":
      throw new UsageError(`${flag}: ${file} grew while it was read, past ${maxBytes.toLocaleString("en")} bytes; ${limit}`);
  }
}
