/**
 * Crash campaigns for `modelslab-video batch`: the built command runs as subprocesses against the
 * batch server, each killed at a seeded random instant (after a random number of its progress
 * lines, plus a random delay: stopped with SIGSTOP there, then SIGKILL), then started again, until
 * the batch ends. Right after each
 * kill the journal is read for the items the dead process had committed an intent for without an
 * answer: exactly those must end `unknown`. The result is checked item by item against what the
 * server saw.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import type { BatchJournal, JournalRecord } from "../src/index.js";
import type { BatchServer } from "./batch-server.js";
import { startCli, type RunningCli } from "./built-cli.js";

export interface CrashCampaign {
  bin: string;
  server: BatchServer;
  /** A SQLite path or a postgres:// URL. */
  journal: string;
  workers: number;
  items: number;
  /** Kills per worker. */
  killsPerWorker: number;
  seed: number;
  concurrency: number;
  /**
   * Called just before a worker is killed; what it returns, called after the kill, gives the keys
   * the dead worker left with an intent and no answer (read before anyone recovers them).
   */
  beforeKill(worker: number | undefined): Promise<() => Promise<string[]>>;
  /** The journal's records at the end. */
  open(): Promise<BatchJournal>;
}

export interface CrashReport {
  workers: number;
  items: number;
  kills: number;
  /** Starts of the command after the first (resumes). */
  resumes: number;
  /** Submits the server accepted per item: the most, and how many items had each count. */
  maxAcceptedPerItem: number;
  refusedSubmits: number;
  unknown: number;
  expectedUnknown: number;
  /** Ids the server issued to items that are not unknown and whose final answer was never polled. */
  lostResults: number;
  /** Ids issued to unknown items (their answer never reached the journal): reported with their track_id. */
  idsOfUnknownItems: number;
  done: number;
  failed: number;
  wholeFiles: number;
  problems: string[];
  exitCodes: number[];
}

/** mulberry32: a small seeded generator, so a failing campaign can be replayed. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function runCrashCampaign(campaign: CrashCampaign): Promise<CrashReport> {
  const dir = mkdtempSync(join(tmpdir(), "modelslab-batch-crash-"));
  const file = join(dir, "items.jsonl");
  const outDir = join(dir, "videos");
  writeFileSync(file, Array.from({ length: campaign.items }, (_, i) => JSON.stringify({ model_id: "wan2.2", init_image: "https://example.com/cat.png", prompt: `item ${i}` })).join("\n") + "\n");
  const random = seeded(campaign.seed);
  const args = ["batch", file, "--endpoint", "img2video", "--journal", campaign.journal, "--concurrency", String(campaign.concurrency), "--out-dir", outDir, "--base-url", campaign.server.url];
  const env = { MODELSLAB_API_KEY: "crash-test-key" };
  const expectedUnknown = new Set<string>();
  const exitCodes: number[] = [];
  let kills = 0;
  let starts = 0;

  const life = async (worker: number, kill: boolean): Promise<void> => {
    starts += 1;
    const child: RunningCli = startCli(campaign.bin, args, { env });
    if (!kill) {
      const run = await child.done;
      exitCodes.push(run.code ?? -1);
      if (run.code !== 0 && run.code !== 5) throw new Error(`worker ${worker} exited ${run.code}:\n${run.stderr.slice(-2000)}`);
      return;
    }
    const lines = 2 + Math.floor(random() * 12);
    const delay = Math.floor(random() * 120);
    const progressLines = () => child.stderr().split("\n").filter((line) => line.startsWith("[")).length;
    // Counted at each piece of stderr as it arrives (startCli's own listener has appended it by then).
    await new Promise<void>((resolve) => {
      const check = () => {
        if (progressLines() < lines) return;
        child.child.stderr.off("data", check);
        setTimeout(resolve, delay);
      };
      child.child.stderr.on("data", check);
      void child.done.then(() => {
        child.child.stderr.off("data", check);
        resolve();
      });
      check();
    });
    // The instant of death: the process is stopped here (SIGSTOP: it sends, writes and commits nothing
    // more), and killed once beforeKill is ready. Without the stop it went on working while beforeKill
    // ran, longer the busier the machine, and a busy run's batch could end before its planned kills.
    if (child.child.exitCode === null && child.child.signalCode === null) child.child.kill("SIGSTOP");
    const workerId = /journal: PostgreSQL worker (\d+)/.exec(child.stderr())?.[1];
    const afterKill = await campaign.beforeKill(workerId === undefined ? undefined : Number(workerId));
    child.child.kill("SIGKILL");
    const run = await child.done;
    const left = await afterKill();
    if (run.signal === "SIGKILL") {
      kills += 1;
      for (const key of left) expectedUnknown.add(key);
    } else {
      exitCodes.push(run.code ?? -1);
      if (run.code !== 0 && run.code !== 5) throw new Error(`worker ${worker} exited ${run.code}:\n${run.stderr.slice(-2000)}`);
    }
  };

  // Each worker dies `killsPerWorker` times at its own instants, independently of the others.
  await Promise.all(
    Array.from({ length: campaign.workers }, async (_, worker) => {
      for (let i = 0; i < campaign.killsPerWorker; i++) await life(worker, true);
    }),
  );
  // Then every worker runs to its end: the batch must finish.
  await Promise.all(Array.from({ length: campaign.workers }, (_, worker) => life(worker, false)));

  const journal = await campaign.open();
  let records: JournalRecord[];
  try {
    records = await journal.list();
  } finally {
    await journal.close();
  }
  return checkCampaign(campaign, records, expectedUnknown, { kills, resumes: starts - campaign.workers, exitCodes, outDir });
}

function checkCampaign(
  campaign: CrashCampaign,
  records: JournalRecord[],
  expectedUnknown: Set<string>,
  run: { kills: number; resumes: number; exitCodes: number[]; outDir: string },
): CrashReport {
  const { server } = campaign;
  const problems: string[] = [];
  const unknownKeys = new Set(records.filter((record) => record.state === "unknown").map((record) => record.key));
  let maxAccepted = 0;
  let refused = 0;
  let lostResults = 0;
  let idsOfUnknownItems = 0;
  let wholeFiles = 0;
  for (const record of records) {
    const track = server.tracks.get(String(record.trackId));
    const accepted = track?.accepted ?? 0;
    refused += track?.refused ?? 0;
    maxAccepted = Math.max(maxAccepted, accepted);
    if (accepted > 1) problems.push(`${record.key}: the server accepted ${accepted} submits`);
    for (const id of track?.ids ?? []) {
      if (unknownKeys.has(record.key)) idsOfUnknownItems += 1;
      else if (!server.jobs.get(id)?.finalPolled) {
        lostResults += 1;
        problems.push(`${record.key}: id ${id} was never polled to its end`);
      }
    }
    if (record.state === "done") {
      if (record.id === undefined || !track?.ids.includes(Number(record.id))) problems.push(`${record.key}: done with id ${record.id}, which the server did not issue for it`);
      const expected = record.id === undefined ? undefined : server.video(Number(record.id));
      if (!record.file || !existsSync(record.file)) problems.push(`${record.key}: no file`);
      else if (!expected || !readFileSync(record.file).equals(expected)) problems.push(`${record.key}: ${record.file} is not the whole video`);
      else wholeFiles += 1;
    } else if (record.state !== "unknown") problems.push(`${record.key}: ended ${record.state}${record.reason ? ` (${record.reason})` : ""}`);
  }
  for (const key of unknownKeys) if (!expectedUnknown.has(key)) problems.push(`${key}: unknown, but no kill left it between intent and answer`);
  for (const key of expectedUnknown) if (!unknownKeys.has(key)) problems.push(`${key}: a kill left it between intent and answer, but it ended ${records.find((r) => r.key === key)?.state}`);
  const leftovers = readdirSync(run.outDir).filter((name) => name.endsWith(".part"));
  const doneKeys = new Set(records.filter((record) => record.state === "done").map((record) => record.key));
  for (const name of leftovers) if (doneKeys.has(name.replace(/\.mp4\.part$/, ""))) problems.push(`${name}: a temporary file left beside a finished video`);
  if (server.maxQueued() > campaign.concurrency) problems.push(`the server saw ${server.maxQueued()} jobs queued at once (limit ${campaign.concurrency})`);
  if (server.api.contractErrors.length > 0) problems.push(...server.api.contractErrors);
  return {
    workers: campaign.workers,
    items: records.length,
    kills: run.kills,
    resumes: run.resumes,
    maxAcceptedPerItem: maxAccepted,
    refusedSubmits: refused,
    unknown: unknownKeys.size,
    expectedUnknown: expectedUnknown.size,
    lostResults,
    idsOfUnknownItems,
    done: doneKeys.size,
    failed: records.filter((record) => record.state === "failed").length,
    wholeFiles,
    problems,
    exitCodes: run.exitCodes,
  };
}

/**
 * A campaign's time limit, which only catches a hang: its 20-odd lives run one after another, each
 * a node start and a few of the server's 700 ms jobs, so on a shared 2-core machine at a load of
 * 25 one campaign has taken over 120 s (vitest's limit for the integration files) without anything
 * being wrong.
 */
export const CAMPAIGN_TIMEOUT_MS = 600_000;

/** What every campaign must show: at least 20 kills, no item submitted twice, no result lost, exactly the interrupted intents unknown, the rest done. */
export function expectCampaignHeld(report: CrashReport, items: number): void {
  expect(report.problems).toEqual([]);
  expect(report.kills).toBeGreaterThanOrEqual(20);
  expect(report.items).toBe(items);
  expect(report.maxAcceptedPerItem).toBeLessThanOrEqual(1);
  expect(report.lostResults).toBe(0);
  expect(report.unknown).toBe(report.expectedUnknown);
  expect(report.done + report.unknown).toBe(items);
}
