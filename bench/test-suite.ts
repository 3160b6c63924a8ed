/**
 * What the test suite costs (issue 21, target 1): `npm run test:unit` and `npm test`, each run
 * once exactly as a newcomer runs them, with the wall time, the CPU time of everything the run
 * started (user + system; Linux: the children's times of /proc/self/stat), vitest's own Duration,
 * the load average before and after (the machine may be shared) and the slowest files. Goals: `npm
 * test` within 60 s of wall time on a quiet 2-core machine and 90 s on a busy one, `npm run
 * test:unit` within 10 s; each line ends MET or NOT MET, and the last lines hold the figures of
 * the target side by side.
 *
 * With --cold, the caches a run leaves for the next (node_modules/.cache: the build, the pipeline
 * and contract caches; node_modules/.vite: vitest's timings) are removed before each run, so it
 * costs what it costs on a fresh clone after `npm ci`.
 *
 *   npm run bench:tests [-- --only unit|test] [-- --cold]
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { PROJECT_ROOT } from "../scripts/layout.js";

type Run = "unit" | "test";
const COMMANDS: Record<Run, { name: string; args: string[] }> = {
  unit: { name: "npm run test:unit", args: ["run", "test:unit"] },
  test: { name: "npm test", args: ["test"] },
};
/** Wall-time goals in seconds, on a quiet and on a busy machine. */
const GOALS: Record<Run, { quiet: number; busy: number }> = { test: { quiet: 60, busy: 90 }, unit: { quiet: 10, busy: 10 } };
/** A 1-minute load average at or above this many runnable tasks per core counts as busy. */
const BUSY_LOAD_PER_CORE = 1;
/** What a run leaves for the next one: a fresh clone has none of it. */
const CACHES = [join(PROJECT_ROOT, "node_modules", ".cache"), join(PROJECT_ROOT, "node_modules", ".vite")];

interface Report {
  testResults: { name: string; startTime: number; endTime: number; assertionResults: unknown[] }[];
  numTotalTests: number;
  numPassedTests: number;
}

interface Measured {
  name: string;
  wall: number;
  cpu: number;
  goal: number;
  busy: boolean;
  met: boolean;
  passed: boolean;
}

/** CPU seconds of this process's waited-for children so far (user + system). */
function childrenCpuSeconds(): number {
  const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

const load = () => loadavg().map((value) => value.toFixed(2)).join(" ");
const verdict = (run: Measured) => (run.met ? "MET" : `NOT MET${run.passed ? "" : " (tests failed)"}`);

async function measure(run: Run, cold: boolean): Promise<Measured> {
  if (cold) for (const dir of CACHES) rmSync(dir, { recursive: true, force: true });
  const dir = mkdtempSync(join(tmpdir(), "modelslab-video-bench-tests-"));
  const json = join(dir, "report.json");
  const loadBefore = load();
  const busy = loadavg()[0]! >= BUSY_LOAD_PER_CORE * cpus().length;
  const { name, args } = COMMANDS[run];
  const cpuBefore = childrenCpuSeconds();
  const started = performance.now();
  let output = "";
  const code = await new Promise<number | null>((done) => {
    const child = spawn("npm", [...args, "--", "--reporter=default", "--reporter=json", `--outputFile.json=${json}`], { cwd: PROJECT_ROOT, env: { ...process.env, NO_COLOR: "1" } });
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("close", done);
  });
  const wall = (performance.now() - started) / 1000;
  const cpu = childrenCpuSeconds() - cpuBefore;
  const duration = /Duration\s+([\d.]+)s/.exec(output)?.[1];
  const report = JSON.parse(readFileSync(json, "utf8")) as Report;
  rmSync(dir, { recursive: true, force: true });
  const goal = busy ? GOALS[run].busy : GOALS[run].quiet;
  const passed = code === 0;
  const measured = { name, wall, cpu, goal, busy, passed, met: passed && wall <= goal };
  console.log(
    `${name}${cold ? " (cold: no caches)" : ""}: ${report.numPassedTests}/${report.numTotalTests} tests passed (exit ${code}) in ${report.testResults.length} files; wall ${wall.toFixed(1)} s, CPU ${cpu.toFixed(1)} s (user + sys; at best ${(cpu / cpus().length).toFixed(1)} s of wall on ${cpus().length} cores), vitest Duration ${duration ?? "?"} s; load average ${loadBefore} before, ${load()} after`,
  );
  const files = report.testResults.map((file) => ({ file: file.name.slice(PROJECT_ROOT.length + 1), seconds: (file.endTime - file.startTime) / 1000, tests: file.assertionResults.length })).sort((a, b) => b.seconds - a.seconds);
  console.log("  slowest files (their tests' time in their worker, imports and setup left out):");
  for (const file of files.slice(0, 15)) console.log(`  ${file.seconds.toFixed(1).padStart(7)} s  ${String(file.tests).padStart(4)} tests  ${file.file}`);
  console.log(`  goal: ${name} within ${goal} s of wall time (${busy ? "busy" : "quiet"} machine: 1-minute load ${loadBefore.split(" ")[0]} on ${cpus().length} cores): ${verdict(measured)}`);
  return measured;
}

const only = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : undefined;
const cold = process.argv.includes("--cold");
const runs: Measured[] = [];
if (only !== "test") runs.push(await measure("unit", cold));
if (only !== "unit") runs.push(await measure("test", cold));
console.log(`target 1 (test suite)${cold ? ", cold runs" : ""}:`);
for (const run of runs)
  console.log(`  ${run.name.padEnd(17)}  wall ${run.wall.toFixed(1).padStart(6)} s  CPU ${run.cpu.toFixed(1).padStart(6)} s  goal ≤ ${run.goal} s (${run.busy ? "busy" : "quiet"} machine)  ${verdict(run)}`);
