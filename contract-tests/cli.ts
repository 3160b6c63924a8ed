/**
 * `npm run contract [-- --docs DIR | --docs-repo DIR] [--reports DIR] [--no-responses]`: runs the
 * contract checks, prints the summary and exits non-zero on a new finding, a stale baseline entry
 * (not with --docs-repo: a docs pull request fails on what it adds) or a failure.
 */
import { performance } from "node:perf_hooks";
import { annotations } from "./report/annotations.js";
import { sarifReport } from "./report/sarif-report.js";
import { summaryText } from "./report/summary.js";
import { runContract, type ContractOptions } from "./run-contract.js";

/** Milliseconds from the process's start to this module running: loading the program. */
const loadedMs = performance.now();

export type OutputFormat = "text" | "sarif" | "github";
const USAGE = "usage: npm run contract [-- --docs DIR | --docs-repo DIR] [--reports DIR] [--no-responses] [--format text|sarif|github]";

export function parseArguments(argv: string[]): ContractOptions & { format?: OutputFormat } {
  const options: ContractOptions & { format?: OutputFormat } = {};
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    const value = () => {
      const next = argv[++index];
      if (next === undefined || next.startsWith("--")) throw new Error(`${argument} needs ${argument === "--format" ? "a format" : "a directory"}`);
      return next;
    };
    if (argument === "--docs") options.docsDir = value();
    else if (argument === "--docs-repo") options.docsRepo = value();
    else if (argument === "--reports") options.reportsDir = value();
    else if (argument === "--no-responses") options.responses = false;
    else if (argument === "--format") {
      const format = value();
      if (format !== "text" && format !== "sarif" && format !== "github") throw new Error(`--format must be text, sarif or github, not ${format}; ${USAGE}`);
      options.format = format;
    } else throw new Error(`unknown argument ${argument}; ${USAGE}`);
  }
  if (options.docsDir !== undefined && options.docsRepo !== undefined) throw new Error(`--docs and --docs-repo are two inputs: give one; ${USAGE}`);
  return options;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let options: ReturnType<typeof parseArguments>;
  try {
    options = parseArguments(process.argv.slice(2));
  } catch (error) {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  }
  runContract({ ...options, loadMs: loadedMs }).then(
    (result) => {
      const format = options.format ?? (process.env.GITHUB_ACTIONS === "true" ? "github" : "text");
      if (format === "sarif") console.log(JSON.stringify(sarifReport(result), null, 2));
      else {
        if (format === "github") for (const line of annotations(result)) console.log(line);
        console.log(summaryText(result));
      }
      process.exit(result.exitCode);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
