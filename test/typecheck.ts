/**
 * `npm run typecheck` (tsc -p tsconfig.json --noEmit --incremental) as part of `npm test`: vitest's global
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

/**
 * What tsc knows from the last check of this checkout (package.json's `typecheck` script keeps it
 * there too): the files' hashes, their diagnostics and what depends on what. A check re-checks the
 * files that changed and those their changes can reach, and reports the others' diagnostics from
 * it; a fresh clone has none, and checks every file.
 */
const TSBUILDINFO = join(PROJECT_ROOT, "node_modules", ".cache", "modelslab-typecheck", "tsconfig.tsbuildinfo");

/** `tsc -p tsconfig.json --noEmit --incremental`, as package.json's `typecheck` script runs it; `child` while it runs. */
function typeCheckProject(running: { child?: ChildProcess }): Promise<TypeCheck> {
  return new Promise((resolve) => {
    running.child = execFile(
      process.execPath,
      [join(PROJECT_ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", join(PROJECT_ROOT, "tsconfig.json"), "--noEmit", "--incremental", "--tsBuildInfoFile", TSBUILDINFO, "--pretty", "false"],
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
