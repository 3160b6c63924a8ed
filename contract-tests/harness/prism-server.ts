/**
 * Real Prism mock servers for tests: each on a free loopback port, started from the installed
 * @stoplight/prism-cli, ready when Prism says it is listening, and stopped however the run ends
 * (stop(), the process exiting, Ctrl-C or SIGTERM). Safe with parallel workers: no fixed ports.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
const PRISM_BIN = join(dirname(require.resolve("@stoplight/prism-cli/package.json")), "dist", "index.js");

export interface PrismOptions {
  /** The OpenAPI document to serve (a file path). */
  document: string;
  /** Generate responses from the schemas (`-d`) instead of examples. */
  dynamic?: boolean;
  /** Seed for dynamic generation, so runs repeat. */
  seed?: number;
  /** Give up waiting for Prism after this many ms (default 20 s). */
  startTimeoutMs?: number;
}

export interface PrismServer {
  url: string;
  port: number;
  /** Everything Prism printed so far. */
  output(): string;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
let exitHooksInstalled = false;

function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  const killAll = () => {
    for (const child of running) child.kill("SIGKILL");
    running.clear();
  };
  process.once("exit", killAll);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(signal, () => {
      killAll();
      process.kill(process.pid, signal);
    });
  }
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
  const args = [PRISM_BIN, "mock", "--host", "127.0.0.1", "--port", String(port), "--errors", "false"];
  if (options.dynamic) args.push("--dynamic");
  if (options.seed !== undefined) args.push("--seed", String(options.seed));
  args.push(options.document);
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } });
  running.add(child);
  installExitHooks();
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

/** Lines Prism printed that are warnings or errors about the document itself (not about requests). */
export function documentWarnings(output: string): string[] {
  return output
    .split("\n")
    .filter((line) => /(warning|error|✖|⚠)/i.test(line) && !/\[(HTTP SERVER|VALIDATOR|NEGOTIATOR)\]/.test(line) && !/^\s*\[.*\]\s*›\s{4}/.test(line));
}
