/**
 * Wall time of a command, run several times in one or more checkouts, interleaved (A, B, A, B, …)
 * so a busy machine weighs on each the same. Prints every run, then min and median per checkout,
 * and the load average before and after.
 *
 *   npx tsx bench/command-times.ts --runs 5 --cwd . --cwd ../before [--save DIR] -- npm run contract
 *
 * --save DIR keeps each run's output (DIR/<checkout name>-<run>.txt), e.g. vitest's per-file times.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { basename, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";

function parse(argv: string[]): { runs: number; dirs: string[]; command: string[]; quiet: boolean; save?: string } {
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
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
for (const dir of dirs) {
  const values = times.get(dir)!;
  console.log(`${dir}: min ${Math.min(...values).toFixed(2)} s  median ${median(values).toFixed(2)} s  failed ${failures.get(dir)}/${values.length}`);
}
console.log(`load after: ${load()}`);
