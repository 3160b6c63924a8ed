/// <reference types="node" />
/**
 * A command sends a few requests and exits (the MCP server a few per tool call). Node's fetch
 * (undici) parses HTTP with a WebAssembly module, compiled at the first request, that V8 compiles twice
 * by default: at once with its baseline compiler (Liftoff), then again, optimised, in the
 * background as soon as the parser runs hot, which is at the first answer. That second compile
 * costs a command more CPU than it can save (about 0.05 s, a third of a `generate` with one submit
 * and a fifth of a short batch life; a 200 MB download is no faster on the optimised code: the
 * parser's share of any run is headers and chunk framing), so the command line keeps the baseline
 * code: `npx tsx bench/command-times.ts --cli` prints what a start costs.
 *
 * The one place the command line sets it (not at the start of every process, which cost `mcp` on
 * stdio 0.03 s and a `--mock` start more, as Prism's libraries load after it). Call it once the
 * command's modules are loaded and before the first request, which compiles the
 * parser (the first fetch makes undici's HTTP/1 client, whose module compiles it). V8 refuses the
 * code cache of Node's own modules compiled after a flag changes (the flags are part of the cache's
 * key), so fetch's module itself is loaded first, with its cache: a `new Headers()` loads undici
 * without making a client, and the parser is still compiled after the flag (a batch start with 5
 * items: about 0.02 s of CPU less than with undici compiled from source after the flag; `perf`
 * shows no optimised WebAssembly compile either way).
 */
import { setFlagsFromString } from "node:v8";

export function useBaselineWasmOnly(): void {
  void new Headers();
  setFlagsFromString("--liftoff-only");
}
