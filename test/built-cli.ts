/**
 * The `modelslab-video` bin as users get it: built by `tsx scripts/build.ts` (what `npm run build`
 * runs) once per content, in a child process, then run as a subprocess with a clean environment
 * (no MODELSLAB_* variables unless a test gives them).
 *
 * The build lives in node_modules/.cache/modelslab-video-build/<sha256 of everything it is made
 * from>, so it resolves the project's dependencies, never races a build of dist/, and is made
 * once: by the test run's global setup (vitest.config.ts), or by the first run after src/,
 * generated/, a tsconfig, package.json or the lockfile changed. The CLI and package tests share it.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { TestProject } from "vitest/node";
import { inject } from "vitest";
import { PROJECT_ROOT } from "../scripts/layout.js";

export interface BuiltCli {
  /** The built bin file, as package.json's `bin` names it. */
  bin: string;
  /** The build: what `npm run build` puts in dist/. */
  outDir: string;
}

const CACHE = join(PROJECT_ROOT, "node_modules", ".cache", "modelslab-video-build");
const COMPLETE = ".complete";

function buildInputs(): string[] {
  const under = (dir: string) =>
    readdirSync(join(PROJECT_ROOT, dir), { withFileTypes: true, recursive: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name));
  // What tsc compiles into dist/: src/, generated/ and the contract-tests/ modules the command line
  // imports; and what the packaged contract check is bundled from and reads (scripts/, openapi/, the
  // baseline and word list).
  const contractModules = under("contract-tests").filter((file) => !file.endsWith(".test.ts"));
  const pipeline = under("scripts").filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"));
  const files = [...under("src"), ...under("generated"), ...contractModules, ...pipeline, ...under("openapi"), ...["tsconfig.json", "tsconfig.build.json", "package.json", "package-lock.json", "scripts/build.ts"].map((f) => join(PROJECT_ROOT, f))];
  return files.sort();
}

/** Builds being made by this process, by output directory. */
const building = new Map<string, Promise<string>>();

/**
 * The build of the current sources, made if no run made it yet (safe when two processes race).
 * `npm run build` (tsx scripts/build.ts) runs in a child process, so the process that asked (vitest's
 * main process, where the local registry and Prism serve) goes on while tsc and esbuild work.
 */
export function cachedBuild(): Promise<string> {
  const hash = createHash("sha256").update(`node ${process.version}\n`);
  for (const file of buildInputs()) hash.update(`${relative(PROJECT_ROOT, file)}\n`).update(readFileSync(file)).update("\n");
  const key = hash.digest("hex").slice(0, 32);
  const outDir = join(CACHE, key);
  if (existsSync(join(outDir, COMPLETE))) return Promise.resolve(outDir);
  let made = building.get(outDir);
  if (!made) {
    made = makeBuild(key, outDir);
    building.set(outDir, made);
    made.finally(() => building.delete(outDir)).catch(() => undefined);
  }
  return made;
}

async function makeBuild(key: string, outDir: string): Promise<string> {
  mkdirSync(CACHE, { recursive: true });
  const staging = `${outDir}.${process.pid}.tmp`;
  await new Promise<void>((built, failed) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(PROJECT_ROOT, "scripts", "build.ts"), "--out-dir", staging], { cwd: PROJECT_ROOT, stdio: ["ignore", "pipe", "pipe"] });
    // What it printed (tsc's diagnostics go to stdout), for the error if it fails.
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.once("error", failed);
    child.once("close", (code) => (code === 0 ? built() : failed(new Error(`the build (tsx scripts/build.ts --out-dir ${staging}) failed (exit ${code}):\n${output}`))));
  });
  writeFileSync(join(staging, COMPLETE), "");
  try {
    renameSync(staging, outDir);
  } catch {
    rmSync(staging, { recursive: true, force: true }); // another process finished the same build first
  }
  // Keep the newest few builds (other checkouts of the sources), drop the rest.
  const builds = readdirSync(CACHE)
    .filter((name) => !name.endsWith(".tmp"))
    .map((name) => ({ name, time: statSync(join(CACHE, name)).mtimeMs }))
    .sort((a, b) => b.time - a.time);
  for (const { name } of builds.slice(4)) if (name !== key) rmSync(join(CACHE, name), { recursive: true, force: true });
  return outDir;
}

declare module "vitest" {
  export interface ProvidedContext {
    builtPackage: string;
  }
}

/** vitest global setup: build once for the whole run (see the comment at the top). */
export async function setup(project: TestProject): Promise<void> {
  project.provide("builtPackage", await cachedBuild());
}

/** The run's build and its bin. */
export function builtCli(): BuiltCli {
  const outDir = inject("builtPackage");
  const { bin } = JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as { bin: Record<string, string> };
  return { bin: join(outDir, bin["modelslab-video"]!.replace(/^(\.\/)?dist\//, "")), outDir };
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
  /** Node's own flags, before the bin (`node <flags> <bin> ...args`). */
  node?: string[];
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
  const child = spawn(process.execPath, [...(options.node ?? []), bin, ...args], { env: environment(options.env), cwd: options.cwd ?? PROJECT_ROOT });
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
