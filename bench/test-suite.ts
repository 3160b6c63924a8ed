/**
 * What the test suite costs: `npm test` (the unit and integration projects) and `npm run
 * test:unit`, each run once as a newcomer runs it, with the wall time, vitest's own Duration, the
 * CPU time of everything the run started (Linux: the children's times of /proc/self/stat), the
 * load average before and after (the machine may be shared), and the slowest files. Goals: `npm
 * test` within 60 s on a quiet 2-core machine and 90 s on a busy one, `npm run test:unit` within
 * 10 s; each line ends MET or NOT MET.
 *
 *   npm run bench:tests [-- --only unit|test]
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { PROJECT_ROOT } from "../scripts/layout.js";

const GOALS = { test: { quiet: 60, busy: 90 }, unit: { quiet: 10, busy: 10 } };
/** A 1-minute load average at or above this many runnable tasks per core counts as busy. */
const BUSY_LOAD_PER_CORE = 1;

interface Report {
  testResults: { name: string; startTime: number; endTime: number; assertionResults: unknown[] }[];
  numTotalTests: number;
  numPassedTests: number;
}

/** CPU seconds of this process's waited-for children so far (user + system). */
function childrenCpuSeconds(): number {
  const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

const load = () => loadavg().map((value) => value.toFixed(2)).join(" ");

async function measure(label: "test" | "unit", args: string[]): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "modelslab-video-bench-tests-"));
  const json = join(dir, "report.json");
  const loadBefore = load();
  const busy = loadavg()[0]! >= BUSY_LOAD_PER_CORE * cpus().length;
  const cpuBefore = childrenCpuSeconds();
  const started = performance.now();
  let output = "";
  const code = await new Promise<number | null>((done) => {
    const child = spawn("npx", ["vitest", "run", ...args, "--reporter=default", "--reporter=json", `--outputFile.json=${json}`], { cwd: PROJECT_ROOT, env: { ...process.env, NO_COLOR: "1" } });
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("close", done);
  });
  const wall = (performance.now() - started) / 1000;
  const cpu = childrenCpuSeconds() - cpuBefore;
  const duration = /Duration\s+([\d.]+)s/.exec(output)?.[1];
  const report = JSON.parse(readFileSync(json, "utf8")) as Report;
  rmSync(dir, { recursive: true, force: true });
  const goal = busy ? GOALS[label].busy : GOALS[label].quiet;
  const seconds = Number(duration ?? wall);
  const name = label === "test" ? "npm test" : "npm run test:unit";
  console.log(`${name}: ${report.numPassedTests}/${report.numTotalTests} tests passed (exit ${code}) in ${report.testResults.length} files; Duration ${duration ?? "?"} s, wall ${wall.toFixed(1)} s, CPU ${cpu.toFixed(1)} s (${cpus().length} cores); load average ${loadBefore} before, ${load()} after`);
  const files = report.testResults.map((file) => ({ file: file.name.slice(PROJECT_ROOT.length + 1), seconds: (file.endTime - file.startTime) / 1000, tests: file.assertionResults.length })).sort((a, b) => b.seconds - a.seconds);
  console.log("  slowest files (their tests' time, imports and setup left out):");
  for (const file of files.slice(0, 15)) console.log(`  ${file.seconds.toFixed(1).padStart(7)} s  ${String(file.tests).padStart(4)} tests  ${file.file}`);
  console.log(`  goal: ${name} within ${goal} s (${busy ? "busy" : "quiet"} machine: 1-minute load ${loadavg()[0]!.toFixed(2)} on ${cpus().length} cores): ${code === 0 && seconds <= goal ? "MET" : `NOT MET (${seconds.toFixed(1)} s${code === 0 ? "" : ", failed"})`}`);
}

const only = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : undefined;
if (only !== "test") await measure("unit", ["--project", "unit"]);
if (only !== "unit") await measure("test", ["--project", "unit", "--project", "integration"]);
