import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";
import { useScratchDirectory } from "./test/scratch-dir.js";

// The run's temporary files in memory when the machine has room for them (see the file).
useScratchDirectory();

const ALL = ["scripts/**/*.test.ts", "sync/**/*.test.ts", "src/**/*.test.ts", "contract-tests/**/*.test.ts", "test/**/*.test.ts"];

/**
 * Test files that start Prism, pack the package or run subprocesses (the built CLI, tsc, redocly):
 * the "integration" project. Everything else is the "unit" project, `npm run test:unit`, the quick
 * loop. `npm test` runs both. A new file that needs a server, a build or a child process goes here.
 */
const INTEGRATION = [
  "contract-tests/run-contract.test.ts",
  "contract-tests/report/reports.test.ts",
  "contract-tests/suggested-fixes.test.ts",
  "contract-tests/docs-repo/docs-repo.test.ts",
  "contract-tests/rules/missed-classes.test.ts",
  "contract-tests/rules/model-and-operation-classes.test.ts",
  "contract-tests/rules/fetch-answer-and-prices.test.ts",
  "contract-tests/rules/rendered-page-options.test.ts",
  "contract-tests/rules/example-prism.test.ts",
  "contract-tests/harness/prism-bundle.test.ts",
  "scripts/generate.test.ts",
  "scripts/merged-document.test.ts",
  "sync/sync.test.ts",
  "sync/sync-sources.test.ts",
  "test/batch-crash-postgres.test.ts",
  "test/batch-crash-sqlite.test.ts",
  "test/cli.test.ts",
  "test/cli-hostile.test.ts",
  "test/cli-v7-models.test.ts",
  "test/dynamic-mock-answers.test.ts",
  "test/hey-api-client.test.ts",
  "test/sdk-requests.test.ts",
  "test/cli-promises.test.ts",
  "test/client-prism.test.ts",
  "test/package.test.ts",
  "test/package-consumer.test.ts",
  "test/action.test.ts",
  "test/mcp.test.ts",
  "test/proxy-browser.test.ts",
  "test/whole-output.test.ts",
  "test/typecheck.test.ts",
  "test/typecheck-program.test.ts",
];

/**
 * The runtimes the client claims besides Node (Bun, Deno, Chromium), each installed or launched
 * for real: `npm run test:runtimes`, a step of .ci/run of its own (Bun and Deno are downloaded
 * from npm on a machine's first run), not part of `npm test`.
 */
const RUNTIMES = ["test/runtimes/**/*.test.ts"];

/**
 * Files at the end of the longest chain of work (the package is built, packed, published and
 * installed before their cases can start: test/published-package.ts, which starts the chain as the
 * run starts). A file waiting for it holds a worker doing nothing, so only the one with the most
 * to do once the package is installed (the action's two runs) starts first; the other two start
 * after the unit project's longest files, by when the chain is further on.
 */
const LONGEST_CHAIN_FIRST = ["test/action.test.ts"];
const LONGEST_CHAIN_NEXT = ["test/package-consumer.test.ts", "test/package.test.ts"];

/**
 * The unit project's longest files (their cases wait on real servers and timers; model-limits makes
 * three whole checks of docs copies while it is collected, which vitest's timing of a file leaves
 * out, so its kept timings would start it last), started first so the short files fill the cores
 * around them; without them here a fresh clone, which has no timings yet, would start them last
 * (vitest then orders by file size, and these files are small).
 */
const LONGEST_UNIT_FILES = ["contract-tests/rules/model-limits.test.ts", "test/public-surface-property.test.ts", "test/batch.test.ts", "test/hostile-network.test.ts", "test/hostile-property.test.ts"];

/** Loads the client's lazily loaded code before a file's cases time anything (see the file). */
const CLIENT_CODE_LOADED = "test/client-code-loaded.ts";

class LongestChainsFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const first = [...LONGEST_CHAIN_FIRST, ...LONGEST_UNIT_FILES, ...LONGEST_CHAIN_NEXT];
      const at = first.findIndex((path) => file.moduleId.endsWith(`/${path}`));
      return at < 0 ? first.length : at;
    };
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Most of the slow files wait on child processes and servers rather than compute: run more
    // files at once than the cores (vitest's default is cores - 1, one file at a time on 2 cores).
    maxWorkers: 4,
    // Each module's transform (TypeScript to JavaScript) kept on disk, keyed by its content, the
    // config and the lockfile: a run after the first transforms only what changed (about 1.5 s
    // less CPU for the unit project). Under node_modules/.cache, which a fresh clone lacks and
    // `npm run bench:tests -- --cold` removes.
    experimental: { fsModuleCache: true, fsModuleCachePath: "node_modules/.cache/vitest-modules" },
    sequence: { sequencer: LongestChainsFirst },
    projects: [
      // The unit files share their workers' module graph (isolate off): each worker loads the
      // client, ajv and the pipeline once instead of once per file, half the project's CPU time.
      // They keep no state between files (process.env and fake timers are restored by the file
      // that changes them). They run on worker threads rather than child processes: no file needs
      // a process of its own (none changes directory or exits), and a thread starts and loads the
      // graph for less (about 1 s less of the project's wall time on 2 cores).
      { extends: true, test: { name: "unit", include: ALL, exclude: [...INTEGRATION, ...RUNTIMES], isolate: false, pool: "threads", setupFiles: [CLIENT_CODE_LOADED] } },
      {
        extends: true,
        // One set of mock servers and one build for the whole run: see
        // contract-tests/harness/shared-servers.ts and test/built-cli.ts.
        // Limits that only catch a hang: on a busy shared machine these files are slower, not red.
        test: {
          name: "integration",
          setupFiles: [CLIENT_CODE_LOADED],
          include: INTEGRATION,
          // Each fork keeps its module graph from file to file (isolate off), as the unit project's
          // threads do: Prism's libraries, the pipeline, TypeScript and the client load once per
          // fork instead of once per file (about a fifth of the project's CPU time). No file here
          // leaves process state behind for the next: none sets process.env, changes directory,
          // adds process listeners, fakes timers or mocks modules, and each stops the servers and
          // children it starts; what modules keep is good for every file (the pipeline's builds,
          // keyed by their inputs' content; documents parsed from files no test changes).
          isolate: false,
          // The type-check (test/typecheck.ts) starts first: tsc runs beside the build and the tests;
          // the registry with the package's dependencies (test/published-package.ts) is made
          // while the build (test/built-cli.ts, last) runs.
          globalSetup: ["test/typecheck.ts", "test/published-package.ts", "contract-tests/harness/shared-servers.ts", "test/built-cli.ts"],
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      {
        extends: true,
        test: {
          name: "runtimes",
          include: RUNTIMES,
          globalSetup: ["contract-tests/harness/shared-servers.ts", "test/built-cli.ts", "test/runtimes/install.ts"],
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
