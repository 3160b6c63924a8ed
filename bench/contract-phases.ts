/**
 * The contract check's phases and its servers' cost per document, measured on this machine.
 *
 * 1. What `npm run contract` runs (package.json's `contract` script, without npm's own start, as
 *    the Prism CLI below is started without npx), run RUNS times as a fresh process: wall time
 *    and each phase of its summary (load, documents, servers listening, checks, reports, total);
 *    min and median.
 * 2. Servers listening for 6 and for 16 distinct documents (copies of the merged document with
 *    distinct titles, so none shares a parse), each count in a fresh process: the cost of one
 *    more document is the difference over 10.
 *
 * 3. The goal: one contract check (wall, process start to exit) within 1.0× one start of the
 *    `prism mock` CLI on the merged document (process start to its "Prism is listening" line),
 *    the two interleaved run by run so a change in the machine's load hits both; MET or NOT MET.
 *
 * The load average is printed too: the machine may be shared. Nothing here is asserted.
 *
 *   npm run bench    (or: tsx bench/contract-phases.ts [runs])
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { PROJECT_ROOT } from "../scripts/layout.js";

const RUNS = Number(process.argv[2] ?? 5);
const TSX = join(PROJECT_ROOT, "node_modules", ".bin", "tsx");
const load = () => loadavg().map((l) => l.toFixed(2)).join(" ");
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const figures = (values: number[]) => `min ${Math.min(...values).toFixed(2)} s  median ${median(values).toFixed(2)} s`;

/** Starts `count` servers of distinct documents in a fresh process; prints the seconds until all listen. */
const SERVERS_SCRIPT = `
import { startPrism } from ${JSON.stringify(join(PROJECT_ROOT, "contract-tests", "harness", "prism-mock.ts"))};
import { readYaml } from ${JSON.stringify(join(PROJECT_ROOT, "scripts", "yaml-io.ts"))};
const merged = readYaml(${JSON.stringify(join(PROJECT_ROOT, "generated", "openapi.yaml"))});
const count = Number(process.argv[2]);
const documents = Array.from({ length: count }, (_, i) => ({ ...merged, info: { ...merged.info, title: "copy " + i } }));
const started = performance.now();
const servers = await Promise.all(documents.map((document) => startPrism({ document })));
console.log(((performance.now() - started) / 1000).toFixed(3));
await Promise.all(servers.map((server) => server.stop()));
`;

const scratch = mkdtempSync(join(tmpdir(), "bench-servers-"));
const serversScript = join(scratch, "servers.mts");
writeFileSync(serversScript, SERVERS_SCRIPT);
process.once("exit", () => rmSync(scratch, { recursive: true, force: true }));

function serversListening(count: number): number {
  const run = spawnSync(TSX, [serversScript, String(count)], { cwd: PROJECT_ROOT, encoding: "utf8" });
  const seconds = Number(run.stdout.trim());
  if (run.status !== 0 || !Number.isFinite(seconds) || run.stdout.trim() === "") throw new Error(`servers for ${count} documents: ${run.stdout}${run.stderr}`);
  return seconds;
}

/** package.json's `contract` script, as npm runs it (its first word from node_modules/.bin when there). */
const CONTRACT_SCRIPT = (JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts["contract"]!;
const [contractProgram, ...contractArgs] = CONTRACT_SCRIPT.split(/\s+/) as [string, ...string[]];
const contractCommand = contractProgram === "node" ? process.execPath : join(PROJECT_ROOT, "node_modules", ".bin", contractProgram);

const PRISM_CLI = join(PROJECT_ROOT, "node_modules", "@stoplight", "prism-cli", "dist", "index.js");
const MERGED = join(PROJECT_ROOT, "generated", "openapi.yaml");

/** Seconds from spawning `prism mock` on the merged document to its "listening" line; the process is then stopped. */
function prismCliStart(): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [PRISM_CLI, "mock", "--host", "127.0.0.1", "--port", "0", MERGED], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } });
  let output = "";
  let listening: number | undefined;
  return new Promise((done, fail) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      if (listening === undefined && /Prism is listening on/.test(output)) {
        listening = (performance.now() - started) / 1000;
        child.kill("SIGTERM");
      }
    };
    child.stdout.on("data", read);
    child.stderr.on("data", read);
    child.once("exit", (code) => (listening !== undefined ? done(listening) : fail(new Error(`prism exited (code ${code}) before listening:\n${output}`))));
  });
}

/** One run of the check as `npm run contract` starts it: its wall seconds and its summary's phases. */
function contractRun(): { wall: number; time: string } {
  const started = performance.now();
  const result = spawnSync(contractCommand, contractArgs, { cwd: PROJECT_ROOT, encoding: "utf8" });
  const wall = (performance.now() - started) / 1000;
  const time = /time: (.*)/.exec(result.stdout)?.[1] ?? "";
  if (result.status !== 0 || !time) throw new Error(`the contract check failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  return { wall, time };
}

console.log(`contract check: ${RUNS} runs of \`${CONTRACT_SCRIPT}\` (npm run contract), each paired with one start of the prism CLI, which goes first in every other pair; one pair before, not counted, warms both (load ${load()})`);
contractRun();
await prismCliStart();
const phases = new Map<string, number[]>();
const walls: number[] = [];
const prismStarts: number[] = [];
for (let run = 0; run < RUNS; run++) {
  if (run % 2 === 1) prismStarts.push(await prismCliStart());
  const { wall, time } = contractRun();
  walls.push(wall);
  for (const [, name, seconds] of time.matchAll(/([a-z ]+) ([\d.]+) s/g)) {
    const key = name!.trim();
    phases.set(key, [...(phases.get(key) ?? []), Number(seconds)]);
  }
  if (run % 2 === 0) prismStarts.push(await prismCliStart());
}
console.log(`  wall (process start to exit)  ${figures(walls)}`);
for (const [name, values] of phases) console.log(`  ${name.padEnd(29)} ${figures(values)}`);
console.log(`  prism mock CLI start         ${figures(prismStarts)}`);
const ratio = median(walls) / median(prismStarts);
console.log(`goal: contract check within 1.0× one prism CLI start: ${ratio <= 1 ? "MET" : "NOT MET"} (${ratio.toFixed(2)}×, medians; load ${load()})`);

const few: number[] = [];
const many: number[] = [];
for (let run = 0; run < RUNS; run++) {
  few.push(serversListening(6));
  many.push(serversListening(16));
}
console.log(`servers listening, fresh process, Prism's libraries loaded by the first (load ${load()})`);
console.log(`  6 documents   ${figures(few)}`);
console.log(`  16 documents  ${figures(many)}`);
console.log(`  per additional document: ${((median(many) - median(few)) / 10).toFixed(3)} s (difference of the medians / 10)`);
