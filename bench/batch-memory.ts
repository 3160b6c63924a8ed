/**
 * The child process of bench/batch-throughput.ts's memory part: runs one batch of N generated
 * items (read as the runner needs them, never held in an array) against the server at URL with a
 * SQLite journal, and prints as JSON the peaks of its retained heap (heap used right after a full
 * GC, sampled every 250 ms: what the runner holds, not garbage waiting to be collected) and of RSS.
 *
 *   node --expose-gc --import tsx bench/batch-memory.ts URL N JOURNAL
 */
import { ModelsLab, type BatchItem } from "../src/index.js";
import { sqliteJournal } from "../src/journal/index.js";

const [url, count, path] = process.argv.slice(2);
const items = Number(count);

function* generated(): Generator<BatchItem> {
  for (let i = 0; i < items; i++) yield { endpoint: "img2video", params: { model_id: "wan2.2", init_image: "https://example.com/cat.png", prompt: `item ${i}` } };
}

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with --expose-gc");
let peakHeap = 0;
let peakRss = 0;
const sample = () => {
  gc();
  const usage = process.memoryUsage();
  peakHeap = Math.max(peakHeap, usage.heapUsed);
  peakRss = Math.max(peakRss, usage.rss);
};
const sampler = setInterval(sample, 250);
const started = Date.now();
const journal = sqliteJournal(path!);
const ml = new ModelsLab({ apiKey: "bench-key", baseUrl: url! });
const summary = await ml.batch(generated(), { concurrency: 50, journal, wait: { schedule: { minIntervalMs: 5, jitter: 0 } } }).summary();
await journal.close();
clearInterval(sampler);
sample();
process.stdout.write(JSON.stringify({ items, done: summary.counts.done, peakHeapMb: peakHeap / 1e6, peakRssMb: peakRss / 1e6, seconds: (Date.now() - started) / 1000 }));
