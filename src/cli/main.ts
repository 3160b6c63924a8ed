#!/usr/bin/env node
/// <reference types="node" />
/**
 * The `modelslab-video` command: `generate`, `wait`, `batch`, `contract` and `mcp`. Results go to
 * stdout, progress and errors to stderr; the exit code says how it ended (see exit-status.ts).
 *
 * Each command's module is imported when that command runs, so a start loads only what it needs:
 * `--help` and `--version` none of them, `generate` and `wait` the client without the MCP SDK,
 * the batch journals or the contract check's runner, `mcp` the MCP SDK.
 */
import { CONTRACT_HELP, generateHelp, MAIN_HELP, parseContract, parseGenerate, parseWait, refuseKeyFlags, ENDPOINTS, USAGE, WAIT_HELP, wantsHelp, type Command } from "./command-line.js";
import { useBaselineWasmOnly } from "./baseline-wasm.js";
import { EXIT, exitCodeOf, UsageError } from "./exit-status.js";
import { outputSink } from "./output-sink.js";
import { packageVersion } from "./package-root.js";
import { printable } from "./terminal-text.js";
import type { Terminal } from "./video-commands.js";

const COMMANDS: readonly Command[] = ["generate", "wait", "batch", "contract"];

async function help(command: Command, args: string[]): Promise<string> {
  if (command === "generate") {
    const named = args.find((arg) => ENDPOINTS.has(arg));
    const modelAt = args.findIndex((arg) => arg === "--model" || arg === "-m");
    const model = modelAt >= 0 ? args[modelAt + 1] : args.find((arg) => arg.startsWith("--model="))?.slice("--model=".length);
    return generateHelp(named === undefined ? undefined : ENDPOINTS.get(named), model);
  }
  if (command === "batch") return (await import("./batch-command.js")).BATCH_HELP;
  return command === "wait" ? WAIT_HELP : CONTRACT_HELP;
}

export async function main(argv: string[], terminal: Terminal): Promise<number> {
  const [first, ...args] = argv;
  if (first === undefined || first === "--help" || first === "-h" || first === "help") {
    (first === undefined ? terminal.stderr : terminal.stdout).write(MAIN_HELP);
    return first === undefined ? EXIT.invalidInput : EXIT.done;
  }
  if (first === "--version" || first === "-v" || first === "version") {
    terminal.stdout.write(`${packageVersion()}\n`);
    return EXIT.done;
  }
  if (first === "mcp") return runMcp(args, terminal);
  const command = COMMANDS.find((each) => each === first);
  if (!command) {
    terminal.stderr.write(`error: unknown command ${JSON.stringify(first)}\n${USAGE.main}\n`);
    return EXIT.invalidInput;
  }
  try {
    refuseKeyFlags(args);
    if (wantsHelp(args)) {
      terminal.stdout.write(await help(command, args));
      return EXIT.done;
    }
    if (command === "generate") {
      const parsed = parseGenerate(args);
      return await (await import("./video-commands.js")).runGenerate(parsed, terminal);
    }
    if (command === "wait") {
      const parsed = parseWait(args);
      return await (await import("./video-commands.js")).runWait(parsed, terminal);
    }
    if (command === "batch") {
      const { runBatchCommand } = await import("./batch-command.js");
      // batch-command.ts makes the client after this; a postgres:// journal's driver loads after it too.
      useBaselineWasmOnly();
      return await runBatchCommand(args, terminal);
    }
    // The contract check sends its many requests from threads of its own, on V8's default tiers.
    const parsed = parseContract(args);
    return await (await import("./contract-command.js")).runContractCommand(parsed);
  } catch (error) {
    return failure(terminal, error, USAGE[command]);
  }
}

/** The commands' own boundary: whatever one threw is a message and an exit code, never a stack trace. */
function failure(terminal: Terminal, error: unknown, usage: string): number {
  terminal.stderr.write(`error: ${printable(error instanceof Error ? error.message : String(error))}\n`);
  if (error instanceof UsageError) terminal.stderr.write(`${usage}\n`);
  return exitCodeOf(error);
}

/** `mcp`: the MCP server (src/mcp), until its client disconnects. */
async function runMcp(args: string[], terminal: Terminal): Promise<number> {
  let command: typeof import("./mcp-command.js") | undefined;
  try {
    command = await import("./mcp-command.js");
    refuseKeyFlags(args);
    return await command.runMcpCommand(args, terminal);
  } catch (error) {
    return failure(terminal, error, command?.MCP_USAGE ?? USAGE.main);
  }
}

// Results are written with process.exitCode set, never process.exit(), so a slow pipe gets them
// whole; a reader that has gone (EPIPE, on stdout or stderr) is taken by the output sink.
const sink = outputSink({ stdout: process.stdout, stderr: process.stderr });
process.exitCode = await main(process.argv.slice(2), { stdout: sink.stdout, stderr: sink.stderr, env: process.env });
