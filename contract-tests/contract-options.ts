/// <reference types="node" />
/**
 * The contract check's options: one table read by `npm run contract` (contract-tests/cli.ts) and
 * by `modelslab-video contract` (src/cli), so both take the same options with the same rules and
 * the same help. An option added here is parsed, documented and forwarded by both.
 */
import { parseArgs } from "node:util";

export type OutputFormat = "text" | "sarif" | "github";
export const OUTPUT_FORMATS: readonly OutputFormat[] = ["text", "sarif", "github"];

interface OptionSpec {
  /** The flag without `--`. */
  flag: string;
  /** The value's name in the usage line; a boolean flag has none. */
  value?: string;
  /** A directory or file, resolved against the caller's working directory before forwarding. */
  path?: boolean;
  /** The values a string option may take. */
  oneOf?: readonly string[];
  help: string;
}

export const CONTRACT_OPTION_TABLE = [
  { flag: "docs", value: "DIR", path: true, help: "check this copy of the docs (laid out like openapi/upstream) instead of openapi/upstream" },
  {
    flag: "docs-repo",
    value: "DIR",
    path: true,
    help: "check a checkout of ModelsLab's docs repository (docs-v2) in its own layout: findings and fixes in its files; fails only on new findings",
  },
  { flag: "reports", value: "DIR", path: true, help: "write contract-report.{json,md,sarif} here (default: reports/)" },
  { flag: "no-responses", help: "skip the client's calls on Prism" },
  { flag: "format", value: "FORMAT", oneOf: OUTPUT_FORMATS, help: "what stdout gets: text (the summary), sarif (the SARIF 2.1.0 report) or github (workflow annotations, then the summary; the default when GITHUB_ACTIONS=true)" },
] as const satisfies readonly OptionSpec[];

/** The options as parsed: each flag's value (string) or presence (true), by flag name. */
export type ContractFlags = Partial<Record<(typeof CONTRACT_OPTION_TABLE)[number]["flag"], string | true>>;

/** What the check is asked to do, in runContract's terms plus the output format. */
export interface ContractRequest {
  docsDir?: string;
  docsRepo?: string;
  reportsDir?: string;
  responses?: false;
  format?: OutputFormat;
}

export class ContractUsageError extends Error {
  override readonly name = "ContractUsageError";
}

/** `[--docs DIR] [--reports DIR] [--no-responses] [--format text|sarif|github]` */
export function contractUsageOptions(): string {
  return CONTRACT_OPTION_TABLE.map((option: OptionSpec) => `[--${option.flag}${option.value ? ` ${option.oneOf ? option.oneOf.join("|") : option.value}` : ""}]`).join(" ");
}

/** One line per option, aligned, for a help text. */
export function contractOptionsHelp(indent = "  "): string {
  const names = CONTRACT_OPTION_TABLE.map((option: OptionSpec) => `--${option.flag}${option.value ? ` ${option.value}` : ""}`);
  const width = Math.max(...names.map((name) => name.length));
  return CONTRACT_OPTION_TABLE.map((option, index) => `${indent}${names[index]!.padEnd(width)}  ${option.help}`).join("\n");
}

/** Reads the flags of `argv` (no positionals, no unknown flags), checking each value against its rule. */
export function parseContractFlags(argv: readonly string[]): ContractFlags {
  const options = Object.fromEntries(CONTRACT_OPTION_TABLE.map((option: OptionSpec) => [option.flag, { type: option.value ? "string" : "boolean" } as const]));
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: false, strict: true });
  } catch (error) {
    // parseArgs names the option, never the value that followed it.
    throw new ContractUsageError(error instanceof Error ? error.message.split(". To specify a positional")[0]! : String(error));
  }
  const flags: Record<string, string | true> = {};
  for (const option of CONTRACT_OPTION_TABLE as readonly OptionSpec[]) {
    const value = parsed.values[option.flag];
    if (value === undefined || value === false) continue;
    if (option.value) {
      if (typeof value !== "string" || value === "" || value.startsWith("--")) throw new ContractUsageError(`--${option.flag} needs ${option.value}`);
      if (option.oneOf && !option.oneOf.includes(value)) throw new ContractUsageError(`--${option.flag} must be ${option.oneOf.join(", ")}, not ${JSON.stringify(value)}`);
    }
    flags[option.flag] = value as string | true;
  }
  if (flags.docs !== undefined && flags["docs-repo"] !== undefined) throw new ContractUsageError("--docs and --docs-repo are two inputs: give one");
  return flags as ContractFlags;
}

/** The flags as runContract options. */
export function contractRequestOf(flags: ContractFlags): ContractRequest {
  return {
    ...(typeof flags.docs === "string" ? { docsDir: flags.docs } : {}),
    ...(typeof flags["docs-repo"] === "string" ? { docsRepo: flags["docs-repo"] } : {}),
    ...(typeof flags.reports === "string" ? { reportsDir: flags.reports } : {}),
    ...(flags["no-responses"] ? { responses: false as const } : {}),
    ...(typeof flags.format === "string" ? { format: flags.format as OutputFormat } : {}),
  };
}

/** The flags as arguments again, with every path option made absolute against `cwd` (for a check run elsewhere). */
export function contractArgumentsOf(flags: ContractFlags, resolvePath: (path: string) => string): string[] {
  return (CONTRACT_OPTION_TABLE as readonly OptionSpec[]).flatMap((option) => {
    const value = (flags as Record<string, string | true | undefined>)[option.flag];
    if (value === undefined) return [];
    if (value === true) return [`--${option.flag}`];
    return [`--${option.flag}`, option.path ? resolvePath(value) : value];
  });
}
