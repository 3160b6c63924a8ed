/**
 * Wall time of a command, run several times in one or more checkouts, interleaved (A, B, A, B, …)
 * so a busy machine weighs on each the same. Prints every run, then min and median per checkout,
 * and the load average before and after.
 *
 *   npx tsx bench/command-times.ts --runs 5 --cwd . --cwd ../before [--save DIR] -- npm run contract
 *
 * --save DIR keeps each run's output (DIR/<checkout name>-<run>.txt), e.g. vitest's per-file times.
 *
 * With --cli, the start of the built `modelslab-video` (dist/src/cli/main.js of each checkout, built
 * with `npm run build` where it is missing) per command: CPU (user + system, read by the child
 * itself as it exits) and wall, median and min of --runs starts each, interleaved across checkouts.
 * Numbers only: what a start costs is a figure to compare, not a pass or fail.
 *
 *   npx tsx bench/command-times.ts --cli --runs 9 --cwd . --cwd ../before
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { loadavg, tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";

/** What a child reports of itself as it exits: its CPU time in microseconds, on file descriptor 3. */
const CPU_AT_EXIT = `data:text/javascript,${encodeURIComponent('import { writeSync } from "node:fs"; process.on("exit", () => { const { user, system } = process.cpuUsage(); try { writeSync(3, `${user + system}\\n`); } catch {} });')}`;

function parse(argv: string[]): { runs: number; dirs: string[]; command: string[]; quiet: boolean; save?: string } {
  if (argv.includes("--cli")) return { ...parse([...argv.filter((arg) => arg !== "--cli"), "--", "modelslab-video"]), command: [] };
  const split = argv.indexOf("--");
  if (split < 0 || split === argv.length - 1) throw new Error("usage: command-times [--runs N] [--cwd DIR]... [--show-output] -- command args...");
  const options = argv.slice(0, split);
  let runs = 5;
  let quiet = true;
  let save: string | undefined;
  const dirs: string[] = [];
  for (let i = 0; i < options.length; i++) {
    if (options[i] === "--runs") runs = Number(options[++i]);
    else if (options[i] === "--cwd") dirs.push(resolve(options[++i]!));
    else if (options[i] === "--show-output") quiet = false;
    else if (options[i] === "--save") save = resolve(options[++i]!);
    else throw new Error(`unknown option ${options[i]}`);
  }
  if (!Number.isInteger(runs) || runs < 1) throw new Error("--runs takes a positive integer");
  return { runs, dirs: dirs.length > 0 ? dirs : [process.cwd()], command: argv.slice(split + 1), quiet: quiet || save !== undefined, ...(save ? { save } : {}) };
}

const { runs, dirs, command, quiet, save } = parse(process.argv.slice(2));
if (save) mkdirSync(save, { recursive: true });
const load = () => loadavg().map((l) => l.toFixed(2)).join(" ");
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
if (command.length === 0) {
  await cliStarts();
  process.exit(0);
}
const times = new Map<string, number[]>(dirs.map((dir) => [dir, []]));
const failures = new Map<string, number>(dirs.map((dir) => [dir, 0]));
console.log(`${command.join(" ")}: ${runs} runs in ${dirs.length} checkout(s), interleaved; load ${load()}`);
for (let run = 0; run < runs; run++) {
  for (const dir of dirs) {
    const started = performance.now();
    const result = spawnSync(command[0]!, command.slice(1), { cwd: dir, stdio: quiet ? ["ignore", "pipe", "pipe"] : "inherit", maxBuffer: 256 * 1024 * 1024 });
    const seconds = (performance.now() - started) / 1000;
    times.get(dir)!.push(seconds);
    if (result.status !== 0) failures.set(dir, failures.get(dir)! + 1);
    if (save) writeFileSync(join(save, `${basename(dir)}-${run + 1}.txt`), `${String(result.stdout)}${String(result.stderr)}`);
    const tail = quiet && result.status !== 0 ? ` FAILED (exit ${result.status}): ${String(result.stdout).split("\n").slice(-6).join(" | ")} ${String(result.stderr).split("\n").slice(-4).join(" | ")}` : "";
    console.log(`  run ${run + 1}  ${dir}  ${seconds.toFixed(2)} s  (load ${load()})${tail}`);
  }
}
for (const dir of dirs) {
  const values = times.get(dir)!;
  console.log(`${dir}: min ${Math.min(...values).toFixed(2)} s  median ${median(values).toFixed(2)} s  failed ${failures.get(dir)}/${values.length}`);
}
console.log(`load after: ${load()}`);

interface Start {
  cpuSeconds: number;
  wallSeconds: number;
  code: number | null;
}

function startOnce(bin: string, args: string[], cwd: string, env: Record<string, string>): Promise<Start> {
  const started = performance.now();
  const child = spawn(process.execPath, ["--import", CPU_AT_EXIT, bin, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NO_COLOR: "1", ...env },
    stdio: ["ignore", "ignore", "ignore", "pipe"],
  });
  let reported = "";
  child.stdio[3]!.on("data", (chunk: Buffer) => (reported += chunk.toString("utf8")));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolve({ cpuSeconds: Number(reported.trim()) / 1e6, wallSeconds: (performance.now() - started) / 1000, code }));
  });
}

/** A loopback API that answers every request with a finished v6 job (the submit of `generate`). */
async function finishedJobServer(): Promise<{ url: string; close(): void }> {
  const answer = JSON.stringify({ status: "success", id: 155918900, output: ["https://cdn.example.com/155918900.mp4"], proxy_links: [], meta: {} });
  const server = createServer((request, response) => {
    request.resume();
    request.once("end", () => response.writeHead(200, { "content-type": "application/json" }).end(answer));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

async function cliStarts(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), "modelslab-video-cli-starts-"));
  const journal = join(scratch, "journal.db");
  const api = await finishedJobServer();
  const key = { MODELSLAB_API_KEY: "bench-key" };
  // Each command once, as a user types it: help texts, usage errors, one submit (and one poll)
  // answered at once by a loopback server, `batch status` opening a SQLite journal that is not there
  // (the driver loads, the open fails), the MCP server on a closed stdin (it starts, then its client
  // is gone), --mock end to end (Prism).
  const image = ["--model", "wan2.2", "--image", "https://example.com/cat.png"];
  const commands: [string, string[], Record<string, string>?][] = [
    ["--help", ["--help"]],
    ["--version", ["--version"]],
    ["generate --help", ["generate", "--help"]],
    ["generate img2video --help", ["generate", "img2video", "--help"]],
    ["generate (no key: exit 2)", ["generate", "img2video", ...image]],
    ["generate (one submit, done)", ["generate", "img2video", ...image, "--base-url", api.url, "--quiet"], key],
    ["wait (usage error)", ["wait", "155918900"]],
    ["wait (one poll, done)", ["wait", "155918900", "--family", "v6", "--base-url", api.url, "--quiet"], key],
    ["batch --help", ["batch", "--help"]],
    ["batch status (no journal: exit 1)", ["batch", "status", "--journal", journal]],
    ["contract --help", ["contract", "--help"]],
    ["mcp --help", ["mcp", "--help"]],
    ["mcp (stdin closed)", ["mcp", "--base-url", api.url], key],
    ["mcp --mock (stdin closed)", ["mcp", "--mock"]],
    ["generate --mock", ["generate", "img2video", "--mock", ...image, "--quiet"]],
  ];
  const bins = dirs.map((dir) => {
    const bin = join(dir, "dist", "src", "cli", "main.js");
    if (!existsSync(bin)) {
      console.log(`${dir}: no ${bin}, running npm run build there`);
      if (spawnSync("npm", ["run", "build"], { cwd: dir, stdio: "inherit" }).status !== 0) throw new Error(`npm run build failed in ${dir}`);
    }
    return { dir, bin };
  });
  console.log(`modelslab-video start, per command: ${runs} runs in ${bins.length} checkout(s), interleaved; load ${load()}`);
  const results = new Map<string, Start[]>();
  for (let run = 0; run < runs; run++) {
    for (const [name, args, env = {}] of commands) {
      for (const { dir, bin } of bins) {
        const start = await startOnce(bin, args, scratch, env);
        const key = `${name}\u0000${dir}`;
        results.set(key, [...(results.get(key) ?? []), start]);
      }
    }
  }
  const width = Math.max(...commands.map(([name]) => name.length));
  for (const [name] of commands) {
    for (const { dir } of bins) {
      const starts = results.get(`${name}\u0000${dir}`)!;
      const cpu = starts.map((start) => start.cpuSeconds);
      const wall = starts.map((start) => start.wallSeconds);
      const codes = [...new Set(starts.map((start) => start.code))].join(",");
      console.log(
        `  ${name.padEnd(width)}  ${bins.length > 1 ? `${basename(dir)}  ` : ""}CPU median ${median(cpu).toFixed(3)} s (min ${Math.min(...cpu).toFixed(3)})  wall median ${median(wall).toFixed(3)} s (min ${Math.min(...wall).toFixed(3)})  exit ${codes}`,
      );
    }
  }
  console.log(`load after: ${load()}`);
  api.close();
}
