/**
 * Per-request cost of the client against a bare fetch of the same request, on loopback: one
 * local server (in this process, as before) answering a v6 `processing` body. Rounds run a block
 * of sequential requests per contender, the contenders' order rotating each round, so drift in
 * a shared machine hits all alike; warm-up rounds are not counted. Each round's client block is
 * compared with the bare-fetch block of the same round, and the overhead is the median of those
 * paired ratios (the min and median per-request times are printed too, with the load average
 * before and after). The process's CPU time per request is measured the same way, and the goal
 * is judged on it: on a machine busy with other work, wall time is mostly waiting for a core
 * (and its overhead then moves by tens of percent from run to run), while CPU time is what each
 * contender itself costs (the server's share, the same for all three, included). On a quiet
 * machine wall time follows CPU time, its overhead a little below.
 *
 *   npx tsx bench/request-overhead.ts   (also part of `npm run bench`)
 */
import { createServer } from "node:http";
import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { ModelsLab } from "../src/index.js";

const WARM_UP_ROUNDS = 4;
const ROUNDS = 60;
const REQUESTS_PER_BLOCK = 100;
const GOAL = 0.1;
const BODY = JSON.stringify({
  status: "processing",
  eta: 416.94,
  message: "Try to fetch request after seconds estimated",
  fetch_result: "https://modelslab.com/api/v6/video/fetch/155918900",
  id: 155918900,
  output: [],
  meta: { model_id: "wan2.2" },
  future_links: ["https://pub-3626123a908346a7a8be8d9295f44e26.r2.dev/video/155918900.mp4"],
});
const PARAMS = { model_id: "wan2.2", init_image: "https://example.com/cat.png", prompt: "the cat turns its head" } as const;

const server = createServer((request, response) => {
  request.resume();
  request.on("end", () => response.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(BODY) }).end(BODY));
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const address = server.address();
if (typeof address !== "object" || address === null) throw new Error("no address");
const baseUrl = `http://127.0.0.1:${address.port}/api`;

const withoutValidation = new ModelsLab({ apiKey: "bench-key", baseUrl, validate: false });
const withValidation = new ModelsLab({ apiKey: "bench-key", baseUrl });

const BARE = "bare fetch";
const contenders: Record<string, () => Promise<unknown>> = {
  [BARE]: async () => {
    const response = await fetch(`${baseUrl}/v6/video/img2video`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...PARAMS, key: "bench-key" }),
    });
    return response.json();
  },
  "client, validation off": () => withoutValidation.img2video(PARAMS),
  "client, validation on": () => withValidation.img2video(PARAMS),
};
const names = Object.keys(contenders);

const load = () =>
  loadavg()
    .map((each) => each.toFixed(2))
    .join(" ");
const loadBefore = load();
/** Per-request µs of each contender's block, by round: wall time, and the process's CPU time. */
const samples: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
const cpuSamples: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
for (let round = -WARM_UP_ROUNDS; round < ROUNDS; round++) {
  const order = names.map((_, index) => names[(index + round + WARM_UP_ROUNDS) % names.length]!);
  for (const name of order) {
    const run = contenders[name]!;
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    for (let i = 0; i < REQUESTS_PER_BLOCK; i++) await run();
    const perRequestUs = ((performance.now() - started) / REQUESTS_PER_BLOCK) * 1000;
    const cpu = process.cpuUsage(cpuBefore);
    if (round >= 0) {
      samples[name]!.push(perRequestUs);
      cpuSamples[name]!.push((cpu.user + cpu.system) / REQUESTS_PER_BLOCK);
    }
  }
}
server.close();
const loadAfter = load();

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const median = (values: number[]) => {
  const ordered = sorted(values);
  const middle = Math.floor(ordered.length / 2);
  return ordered.length % 2 === 1 ? ordered[middle]! : (ordered[middle - 1]! + ordered[middle]!) / 2;
};
const percent = (ratio: number) => `${ratio >= 0 ? "+" : ""}${(ratio * 100).toFixed(1)}%`;
const bare = samples[BARE]!;
const bareCpu = cpuSamples[BARE]!;

console.log(`per-request time on loopback: ${ROUNDS} rounds (after ${WARM_UP_ROUNDS} warm-up) of ${REQUESTS_PER_BLOCK} sequential POSTs per contender, order rotating`);
console.log(`load average before: ${loadBefore}; after: ${loadAfter} (${process.version})`);
console.log(`  ${"wall time".padEnd(24)} ${"min".padStart(9)} ${"median".padStart(9)}   overhead (median of per-round ratios to bare fetch; by min)`);
const verdicts: string[] = [];
for (const name of names) {
  const values = samples[name]!;
  const line = `  ${name.padEnd(24)} ${`${sorted(values)[0]!.toFixed(1)} µs`.padStart(9)} ${`${median(values).toFixed(1)} µs`.padStart(9)}`;
  if (name === BARE) {
    console.log(line);
    continue;
  }
  const paired = median(values.map((value, round) => value / bare[round]! - 1));
  const byMin = sorted(values)[0]! / sorted(bare)[0]! - 1;
  console.log(`${line}   ${percent(paired)} (${(median(values) - median(bare)).toFixed(1)} µs); by min ${percent(byMin)}`);
  const cpu = median(cpuSamples[name]!.map((value, round) => value / bareCpu[round]! - 1));
  verdicts.push(`goal: ${name} within ${GOAL * 100}% of bare fetch (CPU time): ${cpu <= GOAL ? "MET" : "NOT MET"} (${percent(cpu)}; wall time ${percent(paired)})`);
}
console.log(`  ${"CPU time".padEnd(24)} ${"min".padStart(9)} ${"median".padStart(9)}   overhead (median of per-round ratios to bare fetch)`);
for (const name of names) {
  const values = cpuSamples[name]!;
  const line = `  ${name.padEnd(24)} ${`${sorted(values)[0]!.toFixed(1)} µs`.padStart(9)} ${`${median(values).toFixed(1)} µs`.padStart(9)}`;
  console.log(name === BARE ? line : `${line}   ${percent(median(values.map((value, round) => value / bareCpu[round]! - 1)))}`);
}
for (const verdict of verdicts) console.log(verdict);
