/// <reference types="node" />
/**
 * The files `upload_image` may read: regular files inside the directories given on the command
 * line (`--allow-dir`), judged after every symbolic link is resolved, so that `../`, a link out
 * of the directory or a device cannot reach anything else on the disk (read by
 * src/node/regular-file.ts: regular files only, without blocking, up to a cap).
 */
import { realpathSync, statSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { readRegularFile } from "../node/regular-file.js";

/** Why a file was not read; the message names the path as given and the rule. */
export class FileRefusedError extends Error {
  override name = "FileRefusedError";
}

export interface AllowedFiles {
  /** The allowed directories, resolved (symbolic links followed). */
  readonly directories: readonly string[];
  /** The bytes of `path`, when it is a regular file of at most `maxBytes` inside an allowed directory. */
  read(path: string, maxBytes: number): Uint8Array;
}

function inside(directory: string, file: string): boolean {
  const way = relative(directory, file);
  return way === "" ? false : !way.startsWith(`..${sep}`) && way !== ".." && !isAbsolute(way);
}

export function allowedFiles(directories: readonly string[]): AllowedFiles {
  const resolved = directories.map((directory) => {
    let real: string;
    try {
      real = realpathSync(directory);
    } catch {
      throw new FileRefusedError(`--allow-dir ${directory}: no such directory`);
    }
    if (!statSync(real).isDirectory()) throw new FileRefusedError(`--allow-dir ${directory}: not a directory`);
    return real;
  });
  return {
    directories: resolved,
    read(path, maxBytes) {
      if (resolved.length === 0) throw new FileRefusedError("no directory is allowed: start the server with --allow-dir DIR to let upload_image read files there");
      if (path.includes("\0")) throw new FileRefusedError("the path holds a NUL character");
      const candidate = isAbsolute(path) ? path : resolve(resolved[0]!, path);
      let real: string;
      try {
        real = realpathSync(candidate);
      } catch {
        throw new FileRefusedError(`${path}: no such file`);
      }
      if (!resolved.some((directory) => inside(directory, real))) throw new FileRefusedError(`${path} is not inside an allowed directory (${resolved.join(", ")})`);
      const read = readRegularFile(real, maxBytes);
      if ("bytes" in read) return read.bytes;
      const refused = read.refused;
      if (refused.reason === "cannot-open") throw new FileRefusedError(`${path}: cannot open it (${refused.code ?? "error"})`);
      if (refused.reason === "not-regular") throw new FileRefusedError(`${path} is not a regular file (it is ${refused.kind})`);
      if (refused.reason === "too-large") throw new FileRefusedError(`${path} is ${refused.size.toLocaleString("en")} bytes; the limit is ${maxBytes.toLocaleString("en")} bytes`);
      throw new FileRefusedError(`${path} grew past ${maxBytes.toLocaleString("en")} bytes while it was read`);
    },
  };
}
