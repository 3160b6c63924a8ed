/**
 * The GitHub Action (action.yml) run step by step as GitHub runs a composite action
 * (test/action-steps.ts) on copies of the docs repository, installing the package the run
 * published on its local registry (test/published-package.ts).
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { docsRepoCopy } from "../contract-tests/test-support/docs-repo-copy.js";
import { PROJECT_ROOT } from "../scripts/layout.js";
import { readAction, runAction, type ActionRun } from "./action-steps.js";
import { installedConsumer, manifest, NPM, type InstalledConsumer } from "./published-package.js";

const run = promisify(execFile);

let published: InstalledConsumer;

// Packing every runtime dependency (the MCP SDK brings about a hundred), publishing them and the
// install take minutes on a busy machine. The action's install starts from the consumer's
// (test/action-npm-stand-in.mjs), as from a runner's restored cache.
beforeAll(async () => {
  published = await installedConsumer();
}, 420_000);

/** A run of the action installs the package and runs the contract check: only a hang reaches this on a busy machine. */
const ACTION_RUN_LIMIT = 300_000;

// The two runs side by side: each has its own checkout, runner directory and install prefix.
describe.concurrent("the GitHub Action (action.yml), its steps run as GitHub runs them", () => {
  const action = readAction(join(PROJECT_ROOT, "action.yml"));
  const SHIM = join(PROJECT_ROOT, "test", "action-npm-stand-in.mjs");

  /** The action on a docs checkout, with its default inputs: the package from the local registry (Prism from this project), the uses steps checked. */
  async function runOn(workspace: string): Promise<ActionRun & { npm: string[][]; uploaded: Record<string, string>[] }> {
    const temp = mkdtempSync(join(published.root, "runner-"));
    const bin = join(temp, "bin");
    mkdirSync(bin);
    const log = join(temp, "npm.log");
    writeFileSync(log, "");
    const realNpm = (await run("bash", ["-c", `command -v ${NPM}`])).stdout.trim();
    const stand = {
      STAND_IN_LOG: log,
      STAND_IN_PROJECT: PROJECT_ROOT,
      STAND_IN_REAL_NPM: realNpm,
      STAND_IN_PATH: process.env.PATH ?? "",
      STAND_IN_NPM_ARGS: JSON.stringify([`--userconfig=${published.npmrc}`, `--cache=${published.npmCache}`, `--registry=${published.registryUrl}/`, "--ignore-scripts"]),
      // The prefix starts from the consumer's install of the same package from the same registry.
      STAND_IN_SEED: published.dir,
    };
    const exports = Object.entries(stand).map(([name, value]) => `export ${name}=${JSON.stringify(value)}`).join("\n");
    writeFileSync(join(bin, "npm"), `#!/usr/bin/env bash\n${exports}\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(SHIM)} "$@"\n`, { mode: 0o755 });
    const uploaded: Record<string, string>[] = [];
    const result = await runAction(action, {
      actionPath: PROJECT_ROOT,
      workspace,
      runnerTemp: join(temp, "runner"),
      inputs: {},
      path: [bin],
      uses: {
        "actions/setup-node": (_, inputs) => {
          // The pinned Node: the runner's (this test's) major version.
          expect(inputs["node-version"]).toMatch(/^20\.\d+\.\d+$/);
          expect(process.versions.node.split(".")[0]).toBe(inputs["node-version"]!.split(".")[0]);
        },
        "github/codeql-action/upload-sarif": (_, inputs) => {
          uploaded.push(inputs);
          const log = JSON.parse(readFileSync(inputs.sarif_file!, "utf8")) as { version: string; runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }[] }[] }[] };
          expect(log.version).toBe("2.1.0");
          // Code scanning resolves the results in the checkout it is given.
          for (const result of log.runs[0]!.results) {
            const artifact = result.locations[0]!.physicalLocation.artifactLocation;
            if (artifact.uriBaseId === "DOCSROOT") expect(readFileSync(join(inputs.checkout_path!, artifact.uri), "utf8").length).toBeGreaterThan(0);
          }
        },
      },
    });
    return { ...result, npm: readFileSync(log, "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line) as string[]), uploaded };
  }

  it("on today's docs: installs the published package's version with the pinned Prism peers, reports every finding as baselined, writes the summary, uploads SARIF, passes", async () => {
    const copy = docsRepoCopy();
    const run = await runOn(copy.repo);
    expect(run.npm).toHaveLength(1);
    expect(run.npm[0]).toEqual(expect.arrayContaining(["install", `modelslab-video@${manifest.version}`, "@stoplight/prism-core@5.8.0", "@stoplight/prism-http@5.12.0", "@stoplight/prism-http-server@5.12.2"]));
    const check = run.steps.find((step) => step.step.id === "check")!;
    expect(check.outputs["exit-code"], check.stderr).toBe("0");
    expect(check.stdout).toContain("contract: the docs repository at");
    expect(check.stdout).toContain("new: 0");
    expect(check.stdout).not.toMatch(/^::(error|warning) /m);
    expect(run.outputs["new-findings"]).toBe("0");
    expect(run.summary).toContain("# Contract report");
    expect(run.uploaded).toHaveLength(1);
    expect(run.uploaded[0]).toMatchObject({ category: "modelslab-video-contract", checkout_path: `${copy.repo}/.` });
    expect(run.steps.find((step) => step.step.name === "Fail on new findings")!.skipped).toBe(true);
    expect(run.exitCode).toBe(0);
    rmSync(dirname(copy.repo), { recursive: true, force: true });
  }, ACTION_RUN_LIMIT);

  it("on a pull request that adds a problem: annotates its line in the repository's file, fails on it alone", async () => {
    const copy = docsRepoCopy([{ uri: "video-api/img-to-video.mdx", base: "DOCSROOT", line: 8, before: "Generate videos from images.", after: "Generate vidoes from images." }]);
    const run = await runOn(copy.repo);
    const check = run.steps.find((step) => step.step.id === "check")!;
    expect(check.outputs["exit-code"]).toBe("1");
    expect(run.outputs["new-findings"]).toBe("1");
    const annotations = check.stdout.split("\n").filter((line) => /^::(error|warning) /.test(line));
    expect(annotations).toHaveLength(1);
    expect(annotations[0]).toMatch(/^::warning file=video-api\/img-to-video\.mdx,line=8,title=docs finding spelling-[0-9a-f]{10}::"vidoes" is not an English word/);
    expect(run.summary).toContain("**new**");
    expect(run.uploaded).toHaveLength(1);
    const fail = run.steps.find((step) => step.step.name === "Fail on new findings")!;
    expect(fail.skipped).toBe(false);
    expect(fail.exitCode).toBe(1);
    expect(run.exitCode).toBe(1);
    rmSync(dirname(copy.repo), { recursive: true, force: true });
  }, ACTION_RUN_LIMIT);

});
