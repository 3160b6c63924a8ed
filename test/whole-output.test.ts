/**
 * Output written whole before the process ends (contract-tests/whole-output.ts): a program that
 * writes 160 kB and exits is run with stdout to a file, to a pipe read a second late, and to a
 * pipe closed after 100 bytes. Without the helper (`process.exit` right after the write) the late
 * pipe gets only its buffer, and the closed pipe ends in an unhandled EPIPE.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { transformSync } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../scripts/layout.js";

const dir = mkdtempSync(join(tmpdir(), "modelslab-video-output-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The helper compiled to JavaScript once (it imports nothing but a type), so each program starts
// on plain node rather than under tsx's loader.
const HELPER = join(dir, "whole-output.mjs");
writeFileSync(HELPER, transformSync(readFileSync(join(PROJECT_ROOT, "contract-tests", "whole-output.ts"), "utf8"), { loader: "ts", format: "esm", target: "node20" }).code);

const SIZE = 160_000;
const program = (helper: boolean) => {
  const file = join(dir, helper ? "whole.mjs" : "bare.mjs");
  writeFileSync(
    file,
    helper
      ? `import { toleratePipeClosing, writeAndExit } from ${JSON.stringify(HELPER)};\ntoleratePipeClosing(process.stdout);\nawait writeAndExit(process.stdout, "x".repeat(${SIZE - 1}) + "\\n", 3);\n`
      : `process.stdout.write("x".repeat(${SIZE - 1}) + "\\n");\nprocess.exit(3);\n`,
  );
  return file;
};

/** Runs `bash -c script` with $0 = node, $1 = the program, $2 = an output file; exit code and stdout/stderr. */
function shell(script: string, file: string, out = join(dir, "out")): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile("bash", ["-c", script, process.execPath, file, out], { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      done({ code: error ? Number((error as { code?: number }).code) : 0, stdout, stderr }),
    );
  });
}

const RUN = '"$0" "$1"';

describe.concurrent("output written whole before exit", () => {
  it("to a file", async () => {
    const run = await shell(`${RUN} > "$2"`, program(true));
    expect(run.code).toBe(3);
    expect(readFileSync(join(dir, "out")).byteLength).toBe(SIZE);
  });

  it("to a pipe read a second late: every byte, and the program's exit code", async () => {
    const run = await shell(`${RUN} | { sleep 1; wc -c; }; exit "\${PIPESTATUS[0]}"`, program(true));
    expect(run.code).toBe(3);
    expect(Number(run.stdout.trim())).toBe(SIZE);
  });

  it("to a pipe closed after 100 bytes: no crash, the program's exit code", async () => {
    const run = await shell(`${RUN} | head -c 100 > /dev/null; exit "\${PIPESTATUS[0]}"`, program(true));
    expect(run.stderr).not.toMatch(/EPIPE|Error/);
    expect(run.code).toBe(3);
  });

  it("the test can fail: process.exit right after the write loses what the late pipe had not read", async () => {
    const run = await shell(`${RUN} | { sleep 1; wc -c; }; exit "\${PIPESTATUS[0]}"`, program(false));
    expect(run.code).toBe(3);
    expect(Number(run.stdout.trim())).toBeLessThan(SIZE);
  });
});
