/// <reference types="node" />
/**
 * `modelslab-video batch FILE` and `batch status`: the library's batch runner over a journal that
 * survives a crash (SQLite file, or PostgreSQL shared by several workers). FILE is JSON Lines, one
 * request body (without `key`) a line, `"endpoint"` overriding --endpoint. Running the same command
 * again resumes from the journal. Progress on stderr (a live line on a terminal, one line per change
 * otherwise) and a summary table; one line per item settled on stdout (or JSON with --json).
 */
import { createReadStream, mkdirSync } from "node:fs";
import { basename, extname, join } from "node:path";
import { createInterface } from "node:readline";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { openJournal } from "../journal/index.js";
import { JournalUnavailableError } from "../journal/journal-errors.js";
import {
  BATCH_ITEM_STATES,
  InvalidRequestError,
  isSubmitMethod,
  ModelsLab,
  type BatchCounts,
  type BatchItem,
  type BatchJournal,
  type BatchProgress,
  type JournalRecord,
  type SubmitMethod,
} from "../index.js";
import { ENDPOINTS, PROGRAM } from "./command-line.js";
import { downloadTo } from "./download.js";
import { CannotRunError, EXIT, UsageError, type ExitCode } from "./exit-status.js";
import { seconds, type ProgressStream } from "./progress.js";
import { printable, printableJson } from "./terminal-text.js";
import { apiKeyOf, type Terminal } from "./video-commands.js";

const BATCH_OPTIONS = {
  endpoint: { type: "string", short: "e" },
  journal: { type: "string", short: "j" },
  concurrency: { type: "string", short: "c" },
  "out-dir": { type: "string", short: "o" },
  "resubmit-unknown": { type: "boolean" },
  timeout: { type: "string" },
  json: { type: "boolean" },
  quiet: { type: "boolean", short: "q" },
  "base-url": { type: "string" },
  "key-file": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const satisfies ParseArgsConfig["options"];

export const BATCH_USAGE = `Usage: ${PROGRAM} batch FILE --endpoint NAME --journal PATH|postgres://... [--concurrency N] [--out-dir DIR] [--resubmit-unknown] [--timeout SECONDS|none] [--json] [--quiet] [--base-url URL] [--key-file FILE]
       ${PROGRAM} batch status --journal PATH|postgres://... [--json]`;

export const BATCH_HELP = `${BATCH_USAGE}

Submits every line of FILE (JSON Lines: one request body without "key" a line; "endpoint" in a line
overrides --endpoint) within the account's queue limit, waits for each video, and downloads it with
--out-dir. The journal records every step before the next: run the same command again after a crash
(or Ctrl-C) and it resumes. A submit whose answer the journal never got is "unknown" (it may have been
queued and billed) and is not sent again unless you check and pass --resubmit-unknown. Each submit
carries the item's key as track_id (where the endpoint has one), to match webhooks and the dashboard.

Options:
  --endpoint, -e NAME       ${[...ENDPOINTS.keys()].join(", ")}
  --journal, -j PATH|URL    a SQLite file (created if missing; one run at a time), or postgres://...
                            shared by several workers on one account (see docs/batch.md)
  --concurrency, -c N       jobs queued at once: the account's queue limit (5, 10 or 15 by plan).
                            Default 5. With PostgreSQL, all workers together
  --out-dir, -o DIR         download each video to DIR/<key>.mp4 (via a temporary name)
  --resubmit-unknown        send the unknown items again (only after checking they were not queued)
  --timeout SECONDS|none    how long each item's wait may take (default 900)
  --json                    print the journal's items as JSON at the end instead of one line per item
  --quiet, -q               no progress on stderr
  --base-url URL, --key-file FILE   as for generate (default key: MODELSLAB_API_KEY)

Example:
  ${PROGRAM} batch cats.jsonl --endpoint img2video --journal cats.db --out-dir videos/
  ${PROGRAM} batch status --journal cats.db

Exit codes: 0 every item done · 3 an item failed · 5 an item is unknown (may have been queued: check it,
            then --resubmit-unknown) · 2 invalid input, nothing sent · 1 could not run (journal in use) ·
            130 interrupted (run again to resume)
`;

interface BatchArguments {
  file: string;
  endpoint: SubmitMethod | undefined;
  journal: string;
  concurrency: number;
  outDir: string | undefined;
  resubmitUnknown: boolean;
  timeoutMs: number | undefined;
  json: boolean;
  quiet: boolean;
  baseUrl: string | undefined;
  keyFile: string | undefined;
}

function parsed(args: string[]) {
  try {
    return parseArgs({ args, options: BATCH_OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.split(". To specify a positional")[0]! : String(error));
  }
}

function endpointOf(name: string, where: string): SubmitMethod {
  const method = ENDPOINTS.get(name) ?? (isSubmitMethod(name) ? name : undefined);
  if (!method) throw new UsageError(`${where}: unknown endpoint ${JSON.stringify(name)}; the endpoints are ${[...ENDPOINTS.keys()].join(", ")}`);
  return method;
}

function parseBatch(args: string[]): BatchArguments {
  const { values, positionals } = parsed(args);
  const [file, ...extra] = positionals;
  if (file === undefined) throw new UsageError("say which file: batch FILE (JSON Lines, one request body a line)");
  if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
  if (values.journal === undefined) throw new UsageError("--journal PATH|postgres://... is required: it is what makes a run resumable");
  const concurrency = values.concurrency === undefined ? 5 : Number(values.concurrency);
  if (!/^\d+$/.test(values.concurrency ?? "5") || !Number.isSafeInteger(concurrency) || concurrency < 1) throw new UsageError(`--concurrency must be a whole number ≥ 1, not ${JSON.stringify(values.concurrency)}`);
  let timeoutMs: number | undefined;
  if (values.timeout !== undefined) {
    timeoutMs = values.timeout === "none" ? Number.POSITIVE_INFINITY : Number(values.timeout) * 1000;
    if (values.timeout !== "none" && (!/^\d+(\.\d+)?$/.test(values.timeout) || !(timeoutMs > 0))) throw new UsageError(`--timeout must be a number of seconds above 0, or none, not ${JSON.stringify(values.timeout)}`);
  }
  return {
    file,
    endpoint: values.endpoint === undefined ? undefined : endpointOf(values.endpoint, "--endpoint"),
    journal: values.journal,
    concurrency,
    outDir: values["out-dir"],
    resubmitUnknown: values["resubmit-unknown"] === true,
    timeoutMs,
    json: values.json === true,
    quiet: values.quiet === true,
    baseUrl: values["base-url"],
    keyFile: values["key-file"],
  };
}

/** The items of FILE, read as they are needed; `lines[i]` is the line of item i. */
async function* itemsOf(file: string, endpoint: SubmitMethod | undefined, lines: number[]): AsyncGenerator<BatchItem> {
  const input = createReadStream(file, { encoding: "utf8" });
  const opened = new Promise<void>((resolve, reject) => {
    input.once("open", () => resolve());
    input.once("error", (error) => reject(new UsageError(`cannot read ${file}: ${error.message}`)));
  });
  await opened;
  let number = 0;
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    number += 1;
    if (line.trim() === "") continue;
    let body: unknown;
    try {
      body = JSON.parse(line);
    } catch {
      throw new UsageError(`${file}:${number}: not a JSON object`);
    }
    if (body === null || typeof body !== "object" || Array.isArray(body)) throw new UsageError(`${file}:${number}: not a JSON object`);
    const { endpoint: named, ...params } = body as Record<string, unknown>;
    if ("key" in params) throw new UsageError(`${file}:${number}: has "key"; the API key is never in a request file (set MODELSLAB_API_KEY or use --key-file)`);
    if (named !== undefined && typeof named !== "string") throw new UsageError(`${file}:${number}: "endpoint" must be a string`);
    const method = named === undefined ? endpoint : endpointOf(named, `${file}:${number}`);
    if (!method) throw new UsageError(`${file}:${number}: no endpoint: pass --endpoint NAME or put "endpoint" in the line`);
    lines.push(number);
    yield { endpoint: method, params };
  }
}

const CLEAR_LINE = "\r\x1b[2K";

function countsLine(counts: BatchCounts): string {
  return `done ${counts.done} · queued ${counts.queued + counts.submitting} · pending ${counts.pending} · failed ${counts.failed} · unknown ${counts.unknown}${counts.downloading ? ` · downloading ${counts.downloading}` : ""}`;
}

/** Progress on stderr: live line on a terminal, one line per change otherwise, nothing with --quiet. */
function progressView(stream: ProgressStream, quiet: boolean) {
  const live = !quiet && stream.isTTY === true;
  let last: BatchProgress | undefined;
  let shown = 0;
  const line = (progress: BatchProgress, elapsedMs = progress.elapsedMs) =>
    `${countsLine(progress.counts)} · elapsed ${seconds(elapsedMs)}${progress.remainingMs === undefined ? "" : ` · left ~${seconds(progress.remainingMs)}`}`;
  const started = Date.now();
  const ticker = live
    ? setInterval(() => {
        if (last) stream.write(`${CLEAR_LINE}${line(last, Date.now() - started)}`);
      }, 1000)
    : undefined;
  ticker?.unref();
  return {
    update(progress: BatchProgress) {
      last = progress;
      if (quiet) return;
      const { event } = progress;
      if (live) {
        if (event.type === "settled" && event.item.state !== "done") stream.write(`${CLEAR_LINE}${printable(describeSettled(event.item.key, event.item.state, event.item.reason))}\n`);
        else if (event.type === "concurrency") stream.write(`${CLEAR_LINE}concurrency ${event.concurrency}: ${printable(event.why)}\n`);
        if (Date.now() - shown >= 100 || event.type === "settled") {
          shown = Date.now();
          stream.write(`${CLEAR_LINE}${line(progress)}`);
        }
        return;
      }
      const what =
        event.type === "settled"
          ? describeSettled(event.item.key, event.item.state, event.item.state === "done" ? undefined : event.item.reason)
          : event.type === "refused"
            ? `${event.key}: HTTP 429 (queue full, not billed): pending again, new submits wait ${seconds(event.retryAfterMs)}`
            : event.type === "concurrency"
              ? `concurrency ${event.concurrency}: ${event.why}`
              : `${event.key}: ${event.type}`;
      stream.write(`[${seconds(progress.elapsedMs)}] ${printable(what)} (${line(progress)})\n`);
    },
    end() {
      clearInterval(ticker);
      if (live && last) stream.write(CLEAR_LINE);
    },
  };
}

function describeSettled(key: string, state: string, reason: string | undefined): string {
  return `${key}: ${state}${reason ? ` — ${reason}` : ""}`;
}

function exitCodeOfCounts(counts: BatchCounts, stopped: boolean): ExitCode {
  if (counts.unknown > 0) return EXIT.unknown;
  if (counts.failed > 0) return EXIT.failed;
  if (stopped) return EXIT.interrupted;
  return EXIT.done;
}

function summaryTable(counts: BatchCounts, extra: string[]): string {
  const rows = BATCH_ITEM_STATES.map((state) => `  ${state.padEnd(12)} ${String(counts[state]).padStart(7)}`);
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  return `summary\n${rows.join("\n")}\n  ${"total".padEnd(12)} ${String(total).padStart(7)}\n${extra.map((line) => `  ${line}\n`).join("")}`;
}

/** A file name for an item's video in --out-dir: its key, made safe, with the URL's extension. */
function fileNameOf(record: JournalRecord, url: string): string {
  let extension = ".mp4";
  try {
    const fromUrl = extname(basename(new URL(url).pathname));
    if (/^\.[a-z0-9]{1,5}$/i.test(fromUrl)) extension = fromUrl;
  } catch {
    // keep .mp4
  }
  return `${record.key.replace(/[^A-Za-z0-9._-]/g, "_")}${extension}`;
}

function recordLine(record: JournalRecord): string {
  const detail =
    record.state === "done"
      ? (record.file ?? record.output?.join(" ") ?? "")
      : record.state === "queued"
        ? `id ${record.id}`
        : record.state === "downloading"
          ? `id ${record.id}; ${record.output?.[0] ?? ""}`
          : record.state === "unknown"
            ? `track_id ${String(record.trackId ?? "(none)")}: ${record.reason ?? ""}`
            : record.state === "failed"
              ? `${record.failure}: ${record.reason ?? ""}`
              : "";
  return printable(`${record.state.padEnd(11)} ${record.key}${record.id && record.state !== "queued" ? ` id ${record.id}` : ""}${detail ? `  ${detail}` : ""}`);
}

async function opened(spec: string, concurrency: number | undefined, inspectOnly: boolean): Promise<BatchJournal> {
  try {
    return await openJournal(spec, { ...(concurrency ? { concurrency } : {}), inspectOnly });
  } catch (error) {
    if (error instanceof JournalUnavailableError) throw new CannotRunError(error.message);
    throw error;
  }
}

async function runStatus(args: string[], terminal: Terminal): Promise<ExitCode> {
  const { values, positionals } = parsed(args);
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
  if (values.journal === undefined) throw new UsageError("--journal PATH|postgres://... is required");
  const journal = await opened(values.journal, undefined, true);
  try {
    const records = await journal.list();
    const counts = await journal.counts();
    if (values.json) terminal.stdout.write(`${printableJson({ counts, items: records.map(({ params: _params, ...record }) => record) })}\n`);
    else {
      for (const record of records) terminal.stdout.write(`${recordLine(record)}\n`);
      terminal.stderr.write(summaryTable(counts, []));
    }
    return exitCodeOfCounts(counts, false);
  } finally {
    await journal.close();
  }
}

export async function runBatchCommand(args: string[], terminal: Terminal): Promise<ExitCode> {
  if (args[0] === "status") return runStatus(args.slice(1), terminal);
  const options = parseBatch(args);
  const ml = new ModelsLab({ apiKey: apiKeyOf({ keyFile: options.keyFile }, terminal.env), ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}) });
  if (options.outDir !== undefined) mkdirSync(options.outDir, { recursive: true });
  const journal = await opened(options.journal, options.concurrency, false);
  if (journal.worker !== undefined && !options.quiet) terminal.stderr.write(`journal: PostgreSQL worker ${journal.worker}\n`);
  const view = progressView(terminal.stderr, options.quiet);
  const stop = new AbortController();
  let interrupts = 0;
  const onInterrupt = () => {
    interrupts += 1;
    if (interrupts > 1) process.exit(EXIT.interrupted);
    terminal.stderr.write(`${CLEAR_LINE}stopping: no new submit; waiting for the answers of submits in flight (Ctrl-C again to quit at once; run the same command to resume)\n`);
    stop.abort();
  };
  process.on("SIGINT", onInterrupt);
  const lines: number[] = [];
  const outDir = options.outDir;
  try {
    const run = ml.batch(itemsOf(options.file, options.endpoint, lines), {
      concurrency: options.concurrency,
      journal,
      signal: stop.signal,
      resubmitUnknown: options.resubmitUnknown,
      ...(options.timeoutMs !== undefined ? { wait: { timeoutMs: options.timeoutMs } } : {}),
      onProgress: (progress) => view.update(progress),
      ...(outDir !== undefined
        ? {
            finish: async (record: JournalRecord, _video: unknown, signal: AbortSignal) => {
              const url = record.output?.[0];
              if (url === undefined) throw new Error("the finished job has no output URL");
              const file = join(outDir, fileNameOf(record, url));
              await downloadTo(url, file, () => {}, signal);
              return file;
            },
          }
        : {}),
    });
    for await (const item of run) {
      if (options.json) continue;
      const detail = item.state === "done" ? (item.file ?? item.output.join(" ")) : item.state === "unknown" ? `track_id ${String(item.trackId ?? "(none)")}` : item.reason;
      terminal.stdout.write(`${printable(`${item.state} ${item.key} ${detail}`)}\n`);
    }
    const summary = await run.summary();
    view.end();
    if (options.json) terminal.stdout.write(`${printableJson({ summary, items: (await journal.list()).map(({ params: _params, ...record }) => record) })}\n`);
    if (!options.quiet)
      terminal.stderr.write(
        summaryTable(summary.counts, [
          `this run: ${summary.settled} settled, ${summary.submits} submits sent, ${summary.refusals} refused with 429 (resent, not billed), ${seconds(summary.elapsedMs)}`,
          ...(summary.counts.unknown > 0 ? [`unknown items may have been queued: find their track_id on the dashboard (${PROGRAM} batch status --journal ...), then run again with --resubmit-unknown for those that were not`] : []),
          ...(summary.stopped ? ["stopped early: run the same command again to resume"] : []),
        ]),
      );
    return exitCodeOfCounts(summary.counts, summary.stopped);
  } catch (error) {
    view.end();
    if (error instanceof InvalidRequestError)
      throw new InvalidRequestError(
        error.issues.map((issue) => ({ ...issue, field: issue.field.replace(/^items\[(\d+)\]\.params\.?/, (_all, index: string) => `${options.file}:${lines[Number(index)] ?? "?"} `) })),
        "Invalid batch item",
      );
    throw error;
  } finally {
    process.off("SIGINT", onInterrupt);
    await journal.close();
  }
}

