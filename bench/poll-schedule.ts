/**
 * Polls and detection delay of the client's poll schedule against fixed 500 ms and 2 s polling,
 * on simulated jobs of 5 s, 60 s and 600 s (simulated time: nothing sleeps). Detection delay is
 * the time from the job finishing to the poll that sees `success`, also shown as a share of the
 * job's length (mean, and the worst of the runs). Each job runs under these eta behaviours:
 * accurate (eta = time left), 6× too high, 6× too low, noisy (time left × 0.5–1.5), stuck (the
 * submit's eta, right at the start, repeated by every poll), and missing. The schedule is driven
 * as the wait loop drives it: the submit's eta sets the first pause, each observation carries the
 * job's age. Each run's job lasts its nominal length ±10%, the same draws for every strategy;
 * jitter, noise and lengths come from a seeded generator, so runs repeat; figures are over 200 runs.
 *
 *   npm run bench          (tsx bench/poll-schedule.ts alone for this table)
 */
import { DEFAULT_POLL_SCHEDULE } from "../src/core/limits.js";
import { nextPollDelay, usableEta, type PollSchedule } from "../src/lib/poll-schedule.js";

/** The eta a poll answers, from the seconds really left and the job's whole length. */
type EtaModel = (remainingSeconds: number, jobSeconds: number, random: () => number) => number | undefined;
const ETA_MODELS: Record<string, EtaModel> = {
  accurate: (remaining) => remaining,
  "6x too high": (remaining) => remaining * 6,
  "6x too low": (remaining) => remaining / 6,
  noisy: (remaining, _, random) => remaining * (0.5 + random()),
  stuck: (_, job) => job,
  missing: () => undefined,
};

/** Mulberry32: a small seeded generator. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Outcome {
  polls: number;
  delayMs: number;
  jobMs: number;
}

function simulateSchedule(schedule: PollSchedule, jobMs: number, eta: EtaModel, random: () => number): Outcome {
  let now = 0;
  let streak = 0;
  let observation = { eta: eta(jobMs / 1000, jobMs / 1000, random), ageMs: 0 };
  for (let polls = 1; ; polls++) {
    now += nextPollDelay(schedule, observation, streak, random);
    streak = usableEta(observation.eta) === undefined ? streak + 1 : 0;
    if (now >= jobMs) return { polls, delayMs: now - jobMs, jobMs };
    observation = { eta: eta((jobMs - now) / 1000, jobMs / 1000, random), ageMs: now };
  }
}

function simulateFixed(intervalMs: number, jobMs: number): Outcome {
  const polls = Math.ceil(jobMs / intervalMs);
  return { polls, delayMs: polls * intervalMs - jobMs, jobMs };
}

const JOBS_MS = [5_000, 60_000, 600_000];
const RUNS = 200;
const rows: string[][] = [["job", "eta", "strategy", "polls", "vs 500 ms", "delay", "delay/job", "worst"]];
const row = (jobMs: number, eta: string, strategy: string, outcomes: Outcome[]) => {
  const mean = (pick: (o: Outcome) => number) => outcomes.reduce((sum, o) => sum + pick(o), 0) / outcomes.length;
  const fixed = mean((o) => Math.ceil(o.jobMs / 500));
  rows.push([
    `${jobMs / 1000} s`,
    eta,
    strategy,
    mean((o) => o.polls).toFixed(1),
    `${((100 * mean((o) => o.polls)) / fixed).toFixed(0)}%`,
    `${(mean((o) => o.delayMs) / 1000).toFixed(2)} s`,
    `${(100 * mean((o) => o.delayMs / o.jobMs)).toFixed(1)}%`,
    `${(100 * Math.max(...outcomes.map((o) => o.delayMs / o.jobMs))).toFixed(1)}%`,
  ]);
};
for (const nominalMs of JOBS_MS) {
  const lengths = seeded(nominalMs);
  const jobs = Array.from({ length: RUNS }, () => nominalMs * (0.9 + 0.2 * lengths()));
  for (const [etaName, eta] of Object.entries(ETA_MODELS)) {
    const random = seeded(nominalMs + etaName.length);
    row(nominalMs, etaName, "client schedule", jobs.map((jobMs) => simulateSchedule(DEFAULT_POLL_SCHEDULE, jobMs, eta, random)));
  }
  for (const intervalMs of [500, 2_000]) row(nominalMs, "(ignored)", `fixed ${intervalMs} ms`, jobs.map((jobMs) => simulateFixed(intervalMs, jobMs)));
}

console.log(`poll schedule ${JSON.stringify(DEFAULT_POLL_SCHEDULE)} vs fixed intervals, simulated time, ${RUNS} runs each`);
const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
for (const row of rows) console.log("  " + row.map((cell, column) => cell.padEnd(widths[column]!)).join("  "));
