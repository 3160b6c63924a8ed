/**
 * The command line's stderr rendering, which a subprocess on a pipe cannot show: a live line
 * redrawn in place on a terminal, plain lines elsewhere, nothing with --quiet. And where the
 * `contract` command finds its checkout.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { contractProgram, projectRootAbove } from "../src/cli/contract-command.js";
import { ProgressReporter, progressModeOf, seconds } from "../src/cli/progress.js";
import { PROJECT_ROOT } from "../scripts/layout.js";
import type { WaitProgress } from "../src/index.js";

function stream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, isTTY, write: (text: string) => writes.push(text) };
}

const progress: WaitProgress = {
  job: { id: "155918900", family: "v6", fetchUrl: "https://modelslab.com/api/v6/video/fetch/155918900" },
  status: "processing",
  eta: 12.4,
  attempt: 3,
  elapsedMs: 34_000,
  nextPollInMs: 12_400,
};

describe("progress on stderr", () => {
  it("chooses a live line on a terminal, plain lines elsewhere, nothing with --quiet", () => {
    expect(progressModeOf(stream(true), false)).toBe("live");
    expect(progressModeOf(stream(false), false)).toBe("lines");
    expect(progressModeOf(stream(true), true)).toBe("quiet");
  });

  it("on a terminal redraws one line in place, keeps notes above it and clears it at the end", () => {
    const tty = stream(true);
    const reporter = new ProgressReporter(tty, "live");
    reporter.waiting(progress);
    reporter.note("job 155918900 (v6) queued");
    reporter.waiting({ ...progress, attempt: 4, eta: undefined });
    reporter.end();
    expect(tty.writes).toEqual([
      "\r\x1b[2Kjob 155918900: processing · eta 12 s · elapsed 34 s · poll 3",
      "\r\x1b[2Kjob 155918900 (v6) queued\njob 155918900: processing · eta 12 s · elapsed 34 s · poll 3",
      "\r\x1b[2Kjob 155918900: processing · elapsed 34 s · poll 4",
      "\r\x1b[2K",
    ]);
  });

  it("elsewhere writes one whole line per event; a failed poll says it is retried", () => {
    const pipe = stream(false);
    const reporter = new ProgressReporter(pipe, "lines");
    reporter.waiting(progress);
    reporter.waiting({ ...progress, status: "retrying", attempt: 4 });
    reporter.downloading("cat.mp4", 10, 100);
    reporter.end();
    expect(pipe.writes).toEqual([
      "job 155918900: processing · eta 12 s · elapsed 34 s · poll 3\n",
      "job 155918900: poll failed (error), retrying · eta 12 s · elapsed 34 s · poll 4\n",
    ]);
  });

  it("draws a download bar on a terminal", () => {
    const tty = stream(true);
    new ProgressReporter(tty, "live").downloading("cat.mp4", 1_500_000, 3_000_000);
    expect(tty.writes).toEqual(["\r\x1b[2Kcat.mp4 [############............] 50% 1.5 MB of 3.0 MB"]);
  });

  it("writes nothing with --quiet", () => {
    const tty = stream(true);
    const reporter = new ProgressReporter(tty, "quiet");
    reporter.note("job queued");
    reporter.waiting(progress);
    reporter.downloading("cat.mp4", 1, 2);
    reporter.end();
    expect(tty.writes).toEqual([]);
  });

  it("shows durations in seconds, then minutes", () => {
    expect([seconds(400), seconds(59_400), seconds(61_000), seconds(754_000)]).toEqual(["0 s", "59 s", "1 min 01 s", "12 min 34 s"]);
  });
});

describe("where `contract` runs", () => {
  it("finds this checkout from anywhere inside it, and runs its sources as npm run contract does", () => {
    expect(projectRootAbove(join(PROJECT_ROOT, "node_modules", ".cache"))).toBe(PROJECT_ROOT);
    const program = contractProgram(join(PROJECT_ROOT, "dist", "src", "cli"));
    expect(program).toMatchObject({ cwd: PROJECT_ROOT, packaged: false });
    const { scripts } = JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
    expect(scripts.contract).toBe("node contract-tests/launch.mjs");
    expect(program.node).toEqual([join(PROJECT_ROOT, "contract-tests", "launch.mjs")]);
  });

  it("installed without the packaged check, says what is missing", () => {
    const installed = mkdtempSync(join(tmpdir(), "installed-"));
    writeFileSync(join(installed, "package.json"), JSON.stringify({ name: "modelslab-video", version: "0.0.0" }));
    expect(() => contractProgram(installed)).toThrow(/has no contract check/);
    expect(() => contractProgram(mkdtempSync(join(tmpdir(), "elsewhere-")))).toThrow(/no package.json of the project/);
  });
});
