/**
 * Per-request cost of the client against a raw fetch of the same request, on loopback: one
 * local server answering a v6 `processing` body; rounds alternate between the two so drift in
 * the machine hits both alike. Prints the median per-request time of each and the overhead.
 *
 *   npm run bench
 */
import { createServer } from "node:http";
import { performance } from "node:perf_hooks";
import { ModelsLab } from "../src/index.js";

const ROUNDS = 15;
const REQUESTS_PER_ROUND = 300;
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

const contenders: Record<string, () => Promise<unknown>> = {
  "raw fetch": async () => {
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

const samples: Record<string, number[]> = Object.fromEntries(Object.keys(contenders).map((name) => [name, []]));
for (let round = -2; round < ROUNDS; round++) {
  for (const [name, run] of Object.entries(contenders)) {
    const started = performance.now();
    for (let i = 0; i < REQUESTS_PER_ROUND; i++) await run();
    const perRequestUs = ((performance.now() - started) / REQUESTS_PER_ROUND) * 1000;
    if (round >= 0) samples[name]!.push(perRequestUs); // rounds -2 and -1 warm up
  }
}
server.close();

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const baseline = median(samples["raw fetch"]!);
console.log(`per-request time on loopback, median of ${ROUNDS} rounds of ${REQUESTS_PER_ROUND} sequential POSTs`);
for (const [name, values] of Object.entries(samples)) {
  const value = median(values);
  const overhead = name === "raw fetch" ? "" : `  overhead ${value - baseline >= 0 ? "+" : ""}${(((value - baseline) / baseline) * 100).toFixed(1)}% (${(value - baseline).toFixed(1)} µs)`;
  console.log(`  ${name.padEnd(24)} ${value.toFixed(1).padStart(7)} µs${overhead}`);
}
for (const name of ["client, validation off", "client, validation on"]) {
  const overhead = (median(samples[name]!) - baseline) / baseline;
  console.log(`goal: ${name} within 10% of raw fetch: ${overhead <= 0.1 ? "MET" : "NOT MET"} (${overhead >= 0 ? "+" : ""}${(overhead * 100).toFixed(1)}%)`);
}
