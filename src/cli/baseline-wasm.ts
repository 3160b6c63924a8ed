/// <reference types="node" />
/**
 * A command sends a few requests and exits (the MCP server a few per tool call). Node's fetch
 * (undici) parses HTTP with a WebAssembly module, compiled as undici loads, that V8 compiles twice
 * by default: at once with its baseline compiler (Liftoff), then again, optimised, in the
 * background as soon as the parser runs hot, which is at the first answer. That second compile
 * costs a command more CPU than it can save (about 0.05 s, a third of a `generate` with one submit
 * and a fifth of a short batch life; a 200 MB download is no faster on the optimised code: the
 * parser's share of any run is headers and chunk framing), so the command line keeps the baseline
 * code: `npx tsx bench/command-times.ts --cli` prints what a start costs.
 *
 * The one place the command line sets it. Call it once the command's modules are loaded and before
 * anything touches fetch or its classes (Headers, Request, Response), which load undici: a module
 * compiled before the flag keeps V8's default tiers. Not at the start: V8 refuses the code cache of
 * Node's own modules compiled after a flag changes (`mcp` on stdio cost 0.03 s more with the flag
 * set at the start, a `--mock` start more still, as Prism's libraries load).
 */
import { setFlagsFromString } from "node:v8";

export function useBaselineWasmOnly(): void {
  setFlagsFromString("--liftoff-only");
}
