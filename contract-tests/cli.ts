/**
 * `npm run contract [-- options]`: runs the contract checks, prints the summary (or the SARIF
 * report, or workflow annotations) and exits non-zero on a new finding, a stale baseline entry
 * (not with --docs-repo: a docs pull request fails on what it adds, not on what it fixes) or a
 * failure. The options are contract-options.ts's table, shared with `modelslab-video contract`.
 */
import { performance } from "node:perf_hooks";
import { contractRequestOf, contractUsageOptions, ContractUsageError, parseContractFlags, type ContractRequest } from "./contract-options.js";
import { annotations } from "./report/annotations.js";
import { sarifReport } from "./report/sarif-report.js";
import { summaryText } from "./report/summary.js";
import { runContract, type ContractOptions } from "./run-contract.js";
import { toleratePipeClosing, writeAndExit } from "./whole-output.js";

/** Milliseconds from the process's start to this module running: loading the program. */
const loadedMs = performance.now();

const USAGE = `usage: npm run contract [-- ${contractUsageOptions()}]`;

export function parseArguments(argv: string[]): ContractRequest {
  return contractRequestOf(parseContractFlags(argv));
}

/**
 * Runs the check with `argv`'s options, writes its output whole and ends the process with its exit
 * code. `run`: how this process runs it (launch.mjs gives the built Prism thread).
 */
export async function main(argv: string[], run: Pick<ContractOptions, "prismThread"> = {}): Promise<never> {
  toleratePipeClosing(process.stdout);
  let request: ContractRequest;
  try {
    request = parseArguments(argv);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return writeAndExit(process.stderr, `error: ${message}${error instanceof ContractUsageError ? `\n${USAGE}` : ""}\n`, 2);
  }
  const { format: requested, ...options } = request;
  let result: Awaited<ReturnType<typeof runContract>>;
  try {
    result = await runContract({ ...options, ...run, loadMs: loadedMs });
  } catch (error) {
    return writeAndExit(process.stderr, `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`, 1);
  }
  const format = requested ?? (process.env.GITHUB_ACTIONS === "true" ? "github" : "text");
  const text =
    format === "sarif" ? `${JSON.stringify(sarifReport(result), null, 2)}\n` : `${format === "github" ? annotations(result).map((line) => `${line}\n`).join("") : ""}${summaryText(result)}\n`;
  return writeAndExit(process.stdout, text, result.exitCode);
}

// Run as a program (tsx contract-tests/cli.ts, the packaged bundle: Prism in this thread); contract-tests/launch.mjs calls main() itself.
if (import.meta.url === `file://${process.argv[1]}`) await main(process.argv.slice(2));
