/**
 * `npm run typecheck` (tsc -p tsconfig.json --noEmit) as part of `npm test`: vitest's global
 * setup starts tsc in a process of its own as the run begins, so it type-checks while the tests
 * run instead of before them; test/typecheck.test.ts waits for its verdict (test/shared-work.ts).
 */
import { execFile, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { PROJECT_ROOT } from "../scripts/layout.js";
import { askWork, serveWork } from "./shared-work.js";

const SETUP = "typecheck";

export interface TypeCheck {
  /** tsc's exit code. */
  code: number;
  /** What tsc printed: its diagnostics, nothing when the project type-checks. */
  output: string;
}

/** `tsc -p tsconfig.json --noEmit`, as package.json's `typecheck` script runs it; `child` while it runs. */
function typeCheckProject(running: { child?: ChildProcess }): Promise<TypeCheck> {
  return new Promise((resolve) => {
    running.child = execFile(
      process.execPath,
      [join(PROJECT_ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", join(PROJECT_ROOT, "tsconfig.json"), "--noEmit", "--pretty", "false"],
      { cwd: PROJECT_ROOT, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        running.child = undefined;
        resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, output: `${stdout}${stderr}` });
      },
    );
  });
}

/**
 * vitest global setup: the type-check starts at once, beside the build (a full run has it); when
 * the run ends before anyone asked for it (a run of a few files), tsc is stopped, not waited for.
 */
export function setup(project: TestProject): Promise<() => Promise<void>> {
  const running: { child?: ChildProcess } = {};
  return serveWork(
    project,
    SETUP,
    { project: () => typeCheckProject(running) },
    { startAtOnce: ["project"], stop: () => running.child?.kill() },
  );
}

/** The run's type-check of the project, once tsc is done. */
export function projectTypeCheck(): Promise<TypeCheck> {
  return askWork(SETUP, "project");
}
