/// <reference types="node" />
/**
 * Progress on stderr: a live line redrawn in place on a terminal, one plain line per event
 * otherwise (logs, CI, pipes), nothing at all with --quiet. Notes (the job id, the resume
 * command) are whole lines in both modes.
 */
import type { WaitProgress } from "../index.js";
import { printable } from "./terminal-text.js";

export type ProgressMode = "live" | "lines" | "quiet";

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export function progressModeOf(stream: ProgressStream, quiet: boolean): ProgressMode {
  if (quiet) return "quiet";
  return stream.isTTY ? "live" : "lines";
}

const CLEAR_LINE = "\r\x1b[2K";
const TICK_MS = 1000;

export function seconds(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  return total < 60 ? `${total} s` : `${Math.floor(total / 60)} min ${String(total % 60).padStart(2, "0")} s`;
}

export function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

export class ProgressReporter {
  readonly #stream: ProgressStream;
  readonly mode: ProgressMode;
  /** The live line shown now, without its clearing prefix. */
  #live = "";
  #ticker: ReturnType<typeof setInterval> | undefined;

  constructor(stream: ProgressStream, mode: ProgressMode) {
    this.#stream = stream;
    this.mode = mode;
  }

  /** A whole line that stays (not in quiet mode); control characters and line breaks are shown escaped. */
  note(line: string): void {
    if (this.mode === "quiet") return;
    const text = printable(line);
    if (this.mode === "live" && this.#live) this.#stream.write(`${CLEAR_LINE}${text}\n${this.#live}`);
    else this.#stream.write(`${text}\n`);
  }

  /** The state of a wait, after a poll. On a terminal the elapsed time keeps counting between polls. */
  waiting(progress: WaitProgress): void {
    if (this.mode === "quiet") return;
    const describe = (elapsedMs: number) => {
      const parts = [
        `job ${printable(progress.job.id)}: ${progress.status === "retrying" ? `poll failed (${progress.error?.name ?? "error"}), retrying` : "processing"}`,
        progress.eta === undefined ? undefined : `eta ${seconds(progress.eta * 1000)}`,
        `elapsed ${seconds(elapsedMs)}`,
        `poll ${progress.attempt}`,
      ];
      return parts.filter((part) => part !== undefined).join(" · ");
    };
    if (this.mode === "lines") {
      this.#stream.write(`${describe(progress.elapsedMs)}\n`);
      return;
    }
    const since = Date.now() - progress.elapsedMs;
    this.#show(describe(progress.elapsedMs));
    this.#restartTicker(() => this.#show(describe(Date.now() - since)));
  }

  /** Bytes of a download so far, out of `total` when the server said. */
  downloading(file: string, received: number, total: number | undefined): void {
    if (this.mode !== "live") return;
    if (total === undefined || total <= 0) {
      this.#show(`${file}: ${megabytes(received)}`);
      return;
    }
    const width = 24;
    const filled = Math.min(width, Math.round((received / total) * width));
    this.#show(`${file} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${Math.floor((received / total) * 100)}% ${megabytes(received)} of ${megabytes(total)}`);
  }

  /** Removes the live line, if any. */
  end(): void {
    this.#restartTicker(undefined);
    if (this.mode === "live" && this.#live) this.#stream.write(CLEAR_LINE);
    this.#live = "";
  }

  #show(text: string): void {
    this.#live = text;
    this.#stream.write(`${CLEAR_LINE}${text}`);
  }

  #restartTicker(tick: (() => void) | undefined): void {
    clearInterval(this.#ticker);
    this.#ticker = undefined;
    if (!tick) return;
    this.#ticker = setInterval(tick, TICK_MS);
    this.#ticker.unref();
  }
}
