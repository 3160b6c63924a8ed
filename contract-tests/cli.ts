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
import { runContract } from "./run-contract.js";
import { toleratePipeClosing, writeAndExit } from "./whole-output.js";

/** Milliseconds from the process's start to this module running: loading the program. */
const loadedMs = performance.now();

const USAGE = `usage: npm run contract [-- ${contractUsageOptions()}]`;

export function parseArguments(argv: string[]): ContractRequest {
  return contractRequestOf(parseContractFlags(argv));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  toleratePipeClosing(process.stdout);
  let request: ContractRequest;
  try {
    request = parseArguments(process.argv.slice(2));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await writeAndExit(process.stderr, `error: ${message}${error instanceof ContractUsageError ? `\n${USAGE}` : ""}\n`, 2);
  }
  const { format: requested, ...options } = request!;
  runContract({ ...options, loadMs: loadedMs }).then(
    async (result) => {
      const format = requested ?? (process.env.GITHUB_ACTIONS === "true" ? "github" : "text");
      const text =
        format === "sarif" ? `${JSON.stringify(sarifReport(result), null, 2)}\n` : `${format === "github" ? annotations(result).map((line) => `${line}\n`).join("") : ""}${summaryText(result)}\n`;
      await writeAndExit(process.stdout, text, result.exitCode);
    },
    async (error: unknown) => {
      await writeAndExit(process.stderr, `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`, 1);
    },
  );
}
