/**
 * The `modelslab-video` bin as users get it: built by scripts/build.ts (the same build as `npm run
 * build`) into a directory of its own under node_modules/.cache, so it resolves the project's
 * dependencies and never races a build of dist/; then run as a subprocess with a clean
 * environment (no MODELSLAB_* variables unless a test gives them).
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { build } from "../scripts/build.js";
import { PROJECT_ROOT } from "../scripts/layout.js";

export interface BuiltCli {
  /** The built bin file, as package.json's `bin` names it. */
  bin: string;
  outDir: string;
  remove(): void;
}

export function buildCli(): BuiltCli {
  const cache = join(PROJECT_ROOT, "node_modules", ".cache");
  mkdirSync(cache, { recursive: true });
  const outDir = mkdtempSync(join(cache, "modelslab-video-cli-"));
  build(outDir);
  const { bin } = JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as { bin: Record<string, string> };
  return { bin: join(outDir, bin["modelslab-video"]!.replace(/^(\.\/)?dist\//, "")), outDir, remove: () => rmSync(outDir, { recursive: true, force: true }) };
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: Record<string, string>;
  cwd?: string;
}

function environment(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NO_COLOR: "1", ...extra };
}

export interface RunningCli {
  child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Resolves once stderr matches `pattern` (rejects if the process ends first). */
  stderrMatches(pattern: RegExp): Promise<void>;
  done: Promise<CliRun>;
}

/** Starts the bin (`node <bin> ...args`, as the shebang does) and collects its output. */
export function startCli(bin: string, args: string[], options: CliOptions = {}): RunningCli {
  const child = spawn(process.execPath, [bin, ...args], { env: environment(options.env), cwd: options.cwd ?? PROJECT_ROOT });
  let stdout = "";
  let stderr = "";
  const watchers: { pattern: RegExp; resolve: () => void }[] = [];
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
    for (const watcher of watchers.filter((w) => w.pattern.test(stderr))) {
      watchers.splice(watchers.indexOf(watcher), 1);
      watcher.resolve();
    }
  });
  const done = new Promise<CliRun>((resolve) => child.once("close", (code, signal) => resolve({ code, signal, stdout, stderr })));
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    stderrMatches: (pattern) =>
      pattern.test(stderr)
        ? Promise.resolve()
        : Promise.race([
            new Promise<void>((resolve) => watchers.push({ pattern, resolve })),
            done.then((run) => Promise.reject(new Error(`the command ended (exit ${run.code}) before stderr matched ${pattern}:\n${run.stderr}`))),
          ]),
    done,
  };
}

export function runCli(bin: string, args: string[], options: CliOptions = {}): Promise<CliRun> {
  return startCli(bin, args, options).done;
}
