/**
 * The test run's temporary directory: os.tmpdir() of vitest's main process, its workers and every
 * child they start (TMPDIR), set by vitest.config.ts before anything runs. On Linux with a tmpfs
 * at /dev/shm that has room, it is a directory there, made for the run and removed when the run's
 * process exits; elsewhere TMPDIR stays as it is.
 *
 * The run writes and removes tens of thousands of files (the package's registry, three installs
 * of it with a hundred dependencies, PostgreSQL's data directories, the CLI's journals, copies of
 * the docs repository): on a disk each file costs journal writes, and on a machine whose disk is
 * busy the removal of the installs alone has taken 14 s of the run's last seconds. In memory it
 * costs a fraction of that. Nothing a test checks depends on where the files are: a killed
 * process leaves what it wrote in the page cache either way, and no test outlives the machine.
 * What is meant to outlive the run (a cache kept per machine) belongs in the machine's own
 * temporary directory, which SYSTEM_TMPDIR keeps.
 */
import { chmodSync, mkdtempSync, readdirSync, rmSync, statfsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const TMPFS = "/dev/shm";
/** statfs's f_type of a tmpfs (linux/magic.h). */
const TMPFS_MAGIC = 0x01021994;
/** Free space the run may need at most (its installs, PostgreSQL's clusters), with a margin. */
const ROOM = 2 * 1024 ** 3;
const PREFIX = "modelslab-video-tests-";
/** Kept across evaluations of the config in one process (vitest may load it more than once). */
const MADE = Symbol.for("modelslab-video.scratch-dir");
/** The environment variable that holds the temporary directory the run started with (os.tmpdir() before it). */
export const SYSTEM_TMPDIR = "MODELSLAB_SYSTEM_TMPDIR";

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Sets TMPDIR to the run's directory in memory (see the top) and returns it; undefined when the machine has no tmpfs with room. */
export function useScratchDirectory(): string | undefined {
  const made = (globalThis as { [MADE]?: string })[MADE];
  if (made) return made;
  let free = 0;
  try {
    const stats = statfsSync(TMPFS);
    if (stats.type === TMPFS_MAGIC) free = stats.bavail * stats.bsize;
  } catch {
    return undefined;
  }
  if (free < ROOM) return undefined;
  // What runs that ended without their exit (killed) left behind.
  for (const name of readdirSync(TMPFS)) {
    const pid = Number(/^modelslab-video-tests-(\d+)-/.exec(name)?.[1]);
    if (pid && pid !== process.pid && !isRunning(pid)) rmSync(join(TMPFS, name), { recursive: true, force: true });
  }
  const dir = mkdtempSync(join(TMPFS, `${PREFIX}${process.pid}-`));
  // As /tmp: every user may write (PostgreSQL's server runs as its own user), each its own files.
  chmodSync(dir, 0o1777);
  (globalThis as { [MADE]?: string })[MADE] = dir;
  process.env[SYSTEM_TMPDIR] ??= tmpdir();
  process.env.TMPDIR = dir;
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
