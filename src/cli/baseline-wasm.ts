/// <reference types="node" />
/**
 * A command sends a few requests and exits (the MCP server a few per tool call). Node's fetch
 * (undici) parses HTTP with a WebAssembly module, compiled as undici loads, that V8 compiles twice
 * by default: at once with its baseline compiler (Liftoff), then again, optimised, in the
 * background as soon as the parser runs hot, which is at the first answer. That second compile
 * costs a command more CPU than it can save (about 0.05 s, a third of a `generate` with one submit;
 * a 200 MB download is no faster on the optimised code), so the command line keeps the baseline
 * code: `npx tsx bench/command-times.ts --cli` prints what a start costs.
 *
 * Call it once the command's modules are loaded and before anything touches fetch or its classes
 * (Headers, Request, Response), which load undici: a module compiled before the flag keeps V8's
 * default tiers, and V8 refuses the code cache of Node's own modules compiled after a flag changes.
 */
import { setFlagsFromString } from "node:v8";

export function useBaselineWasmOnly(): void {
  setFlagsFromString("--liftoff-only");
}
