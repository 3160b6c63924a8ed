/// <reference types="node" />
/**
 * Prism mock servers of an OpenAPI document: each on a free loopback port, started from the
 * installed @stoplight/prism-cli, ready when Prism says it is listening, and stopped however the
 * process ends (stop(), the process exiting, and unless told otherwise Ctrl-C or SIGTERM).
 * Safe with parallel users: no fixed ports. `modelslab-video --mock` and the tests use it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join } from "node:path";

export interface PrismOptions {
  /** The OpenAPI document to serve (a file path). */
  document: string;
  /** Generate responses from the schemas (`-d`) instead of examples. */
  dynamic?: boolean;
  /** Seed for dynamic generation, so runs repeat. */
  seed?: number;
  /** Give up waiting for Prism after this many ms (default 20 s). */
  startTimeoutMs?: number;
  /**
   * Kill Prism and re-raise the signal on SIGINT, SIGTERM and SIGHUP (default true). A program
   * with its own signal handling passes false: Prism is still killed when the process exits.
   */
  stopOnSignals?: boolean;
}

export interface PrismServer {
  url: string;
  port: number;
  /** Everything Prism printed so far. */
  output(): string;
  stop(): Promise<void>;
}

/** Prism is not installed where this module can resolve it. */
export class PrismUnavailableError extends Error {
  override name = "PrismUnavailableError";
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;
let signalHooksInstalled = false;

function killAll(): void {
  for (const child of running) child.kill("SIGKILL");
  running.clear();
}

function installExitHooks(stopOnSignals: boolean): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once("exit", killAll);
  }
  if (!stopOnSignals || signalHooksInstalled) return;
  signalHooksInstalled = true;
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(signal, () => {
      killAll();
      process.kill(process.pid, signal);
    });
  }
}

/** The entry point of the installed Prism CLI. */
export function prismBin(): string {
  const require = createRequire(import.meta.url);
  let manifest: string;
  try {
    manifest = require.resolve("@stoplight/prism-cli/package.json");
  } catch {
    throw new PrismUnavailableError("@stoplight/prism-cli is not installed; install it next to modelslab-video (npm install --save-dev @stoplight/prism-cli@5.14.2)");
  }
  return join(dirname(manifest), "dist", "index.js");
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

async function startOnce(options: PrismOptions, port: number): Promise<PrismServer> {
  const args = [prismBin(), "mock", "--host", "127.0.0.1", "--port", String(port), "--errors", "false"];
  if (options.dynamic) args.push("--dynamic");
  if (options.seed !== undefined) args.push("--seed", String(options.seed));
  args.push(options.document);
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } });
  running.add(child);
  installExitHooks(options.stopOnSignals ?? true);
  let output = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.once("exit", () => running.delete(child));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 2000);
      await exited;
      clearTimeout(timer);
    }
  };

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`Prism did not start within ${options.startTimeoutMs ?? 20000} ms:\n${output}`));
    }, options.startTimeoutMs ?? 20000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      if (/Prism is listening on/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Prism exited (code ${code}) before listening:\n${output}`));
    });
  });
  return { url: `http://127.0.0.1:${port}`, port, output: () => output, stop };
}

/** Starts Prism on a free port; retries with another port if the chosen one was taken meanwhile. */
export async function startPrism(options: PrismOptions): Promise<PrismServer> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(options, await freePort());
    } catch (error) {
      lastError = error;
      if (!/EADDRINUSE/.test(String(error))) throw error;
    }
  }
  throw lastError;
}
