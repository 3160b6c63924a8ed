/**
 * `npm run typecheck` (tsc -p tsconfig.json --noEmit --incremental) as part of `npm test`: vitest's global
 * setup starts tsc in a process of its own as the run begins, so it type-checks while the tests
 * run instead of before them; test/typecheck.test.ts waits for its verdict (test/shared-work.ts).
 * A checkout whose content passed before has that verdict at once (PASSED below).
 */
import { execFile, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { TestProject } from "vitest/node";
import { PROJECT_ROOT } from "../scripts/layout.js";
import { filesUnder } from "../scripts/pipeline-files.js";
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

/**
 * The checks that passed, by the content they checked: a file per passing check, named by the hash
 * of every file tsc can read from the checkout (CHECKED_INPUTS) and the lockfile, which fixes what
 * node_modules holds (TypeScript and the declarations). tsc's verdict is a function of that
 * content: a run of the same content has its verdict without starting tsc, which even with the
 * tsbuildinfo reads and parses every file again (about 4.5 s of CPU). Any change, a new file
 * included, runs tsc. A failing check is never kept.
 */
const PASSED = join(PROJECT_ROOT, "node_modules", ".cache", "modelslab-typecheck", "passed");
/** tsconfig.json's `include`, the root's files it reads (package.json: resolveJsonModule) and the lockfile. */
const CHECKED_DIRS = ["src", "generated", "scripts", "sync", "contract-tests", "test", "bench"];
const CHECKED_FILES = ["tsconfig.json", "vitest.config.ts", "package.json", "package-lock.json"];

/** The hash of everything the check reads from the checkout (every file of the included folders, the excluded test/consumers too). */
export function typeCheckInputsKey(): string {
  const files = [
    ...CHECKED_DIRS.flatMap((dir) => filesUnder(join(PROJECT_ROOT, dir))),
    ...CHECKED_FILES.map((file) => join(PROJECT_ROOT, file)),
  ].sort();
  const hash = createHash("sha256");
  for (const file of files) hash.update(`${relative(PROJECT_ROOT, file)}\n`).update(readFileSync(file)).update("\n");
  return hash.digest("hex").slice(0, 32);
}

/** `tsc -p tsconfig.json --noEmit --incremental`, as package.json's `typecheck` script runs it, unless this content passed before (PASSED); `child` while it runs. */
async function typeCheckProject(running: { child?: ChildProcess }): Promise<TypeCheck> {
  const passed = join(PASSED, typeCheckInputsKey());
  if (existsSync(passed)) return { code: 0, output: "" };
  const check = await runTsc(running);
  if (check.code === 0 && check.output === "") {
    mkdirSync(PASSED, { recursive: true });
    for (const name of readdirSync(PASSED)) if (join(PASSED, name) !== passed) rmSync(join(PASSED, name), { force: true });
    writeFileSync(passed, "");
  }
  return check;
}

function runTsc(running: { child?: ChildProcess }): Promise<TypeCheck> {
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
