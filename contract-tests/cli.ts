/**
 * `npm run contract [-- --docs DIR] [--reports DIR] [--no-responses]`: runs the contract checks,
 * prints the summary and exits non-zero on a new finding, a stale baseline entry or a failure.
 */
import { performance } from "node:perf_hooks";
import { summaryText } from "./report/summary.js";
import { runContract, type ContractOptions } from "./run-contract.js";

/** Milliseconds from the process's start to this module running: loading the program. */
const loadedMs = performance.now();

export function parseArguments(argv: string[]): ContractOptions {
  const options: ContractOptions = {};
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    const value = () => {
      const next = argv[++index];
      if (next === undefined || next.startsWith("--")) throw new Error(`${argument} needs a directory`);
      return next;
    };
    if (argument === "--docs") options.docsDir = value();
    else if (argument === "--reports") options.reportsDir = value();
    else if (argument === "--no-responses") options.responses = false;
    else throw new Error(`unknown argument ${argument}; usage: npm run contract [-- --docs DIR] [--reports DIR] [--no-responses]`);
  }
  return options;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let options: ContractOptions;
  try {
    options = parseArguments(process.argv.slice(2));
  } catch (error) {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  }
  runContract({ ...options, loadMs: loadedMs }).then(
    (result) => {
      console.log(summaryText(result));
      process.exit(result.exitCode);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
