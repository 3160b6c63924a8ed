/**
 * Runs the steps of action.yml the way GitHub runs a composite action, for a test (`act` is not
 * available, and the runner reaches no registry): each `run` step in bash in its working
 * directory, with its `env`, its `${{ }}` expressions (inputs, step outputs, github.workspace)
 * and its `if:` evaluated, GITHUB_OUTPUT read back as the step's outputs, GITHUB_STEP_SUMMARY,
 * GITHUB_ACTION_PATH (this repository) and RUNNER_TEMP set. A `uses` step is handed to the
 * caller's stand-in (setup-node: the Node running; upload-sarif: a check of the file it would
 * upload), as is the one thing that needs the network: `npm` on PATH is the caller's.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse } from "yaml";

export interface ActionStep {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  "working-directory"?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}

export interface ActionDefinition {
  inputs: Record<string, { default?: string; required?: boolean }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

export interface StepRun {
  step: ActionStep;
  skipped: boolean;
  exitCode: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
}

export interface ActionRun {
  steps: StepRun[];
  /** The action's outputs, as its `outputs:` map them. */
  outputs: Record<string, string>;
  summary: string;
  /** 0 when every step that ran succeeded. */
  exitCode: number;
}

export function readAction(file: string): ActionDefinition {
  return parse(readFileSync(file, "utf8")) as ActionDefinition;
}

interface Context {
  inputs: Record<string, string>;
  steps: Record<string, { outputs: Record<string, string>; outcome: "success" | "failure" | "skipped" }>;
  github: { workspace: string };
  failed: boolean;
}

function valueOf(expression: string, context: Context): string {
  const text = expression.trim();
  const quoted = text.match(/^'(.*)'$/);
  if (quoted) return quoted[1]!;
  const parts = text.split(".");
  if (parts[0] === "inputs" && parts.length === 2) return context.inputs[parts[1]!] ?? "";
  if (parts[0] === "steps" && parts[2] === "outputs" && parts.length === 4) return context.steps[parts[1]!]?.outputs[parts[3]!] ?? "";
  if (text === "github.workspace") return context.github.workspace;
  throw new Error(`an expression this runner does not know: ${expression}`);
}

/** `${{ … }}` in a string. */
export function substitute(text: string, context: Context): string {
  return text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expression: string) => valueOf(expression, context));
}

/** An `if:` of the forms the action uses: terms joined by &&, each always(), success(), A == 'x', A != 'x'. */
function condition(text: string | undefined, context: Context): boolean {
  const expression = (text ?? "success()").replace(/^\$\{\{\s*|\s*\}\}$/g, "");
  const terms = expression.split("&&").map((term) => term.trim());
  const always = terms.includes("always()");
  if (!always && context.failed) return false;
  return terms
    .filter((term) => term !== "always()" && term !== "success()")
    .every((term) => {
      const match = term.match(/^(.+?)\s*(==|!=)\s*(.+)$/);
      if (!match) throw new Error(`a condition this runner does not know: ${term}`);
      const [left, right] = [valueOf(match[1]!, context), valueOf(match[3]!, context)];
      return match[2] === "==" ? left === right : left !== right;
    });
}

function bash(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn("bash", ["--noprofile", "--norc", "-e", "-o", "pipefail", "-c", script], { cwd, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", fail);
    child.once("close", (code) => done({ exitCode: code ?? 1, stdout, stderr }));
  });
}

const readOutputs = (file: string): Record<string, string> =>
  Object.fromEntries(
    (existsSync(file) ? readFileSync(file, "utf8") : "")
      .split("\n")
      .filter((line) => line.includes("="))
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );

export interface RunOptions {
  /** The action's directory (GITHUB_ACTION_PATH). */
  actionPath: string;
  /** The workflow's workspace: the docs repository's checkout. */
  workspace: string;
  /** RUNNER_TEMP. */
  runnerTemp: string;
  inputs: Record<string, string>;
  /** Prepended to PATH (the stand-in npm). */
  path: string[];
  /** Stand-ins for the `uses` steps, by action name (before the @): what they would do, checked. */
  uses: Record<string, (step: ActionStep, inputs: Record<string, string>) => Promise<void> | void>;
}

export async function runAction(action: ActionDefinition, options: RunOptions): Promise<ActionRun> {
  const inputs = Object.fromEntries(Object.entries(action.inputs).map(([name, spec]) => [name, options.inputs[name] ?? spec.default ?? ""]));
  for (const name of Object.keys(options.inputs)) if (!(name in action.inputs)) throw new Error(`action.yml has no input ${name}`);
  const context: Context = { inputs, steps: {}, github: { workspace: options.workspace }, failed: false };
  const summary = join(options.runnerTemp, "step-summary.md");
  mkdirSync(options.runnerTemp, { recursive: true });
  writeFileSync(summary, "");
  const runs: StepRun[] = [];
  for (const [index, step] of action.runs.steps.entries()) {
    if (!condition(step.if, context)) {
      runs.push({ step, skipped: true, exitCode: 0, stdout: "", stderr: "", outputs: {} });
      if (step.id) context.steps[step.id] = { outputs: {}, outcome: "skipped" };
      continue;
    }
    const outputsFile = join(options.runnerTemp, `output-${index}`);
    writeFileSync(outputsFile, "");
    let result = { exitCode: 0, stdout: "", stderr: "" };
    if (step.uses) {
      const stand = options.uses[step.uses.split("@")[0]!];
      if (!stand) throw new Error(`no stand-in for ${step.uses}`);
      const withInputs = Object.fromEntries(Object.entries(step.with ?? {}).map(([key, value]) => [key, substitute(String(value), context)]));
      try {
        await stand(step, withInputs);
      } catch (error) {
        result = { exitCode: 1, stdout: "", stderr: error instanceof Error ? error.message : String(error) };
      }
    } else {
      if (step.shell !== "bash") throw new Error(`${step.name}: a run step of a composite action names its shell (bash)`);
      const env: NodeJS.ProcessEnv = {
        PATH: [...options.path, process.env.PATH ?? ""].join(":"),
        HOME: process.env.HOME ?? options.runnerTemp,
        GITHUB_ACTIONS: "true",
        GITHUB_ACTION_PATH: options.actionPath,
        GITHUB_WORKSPACE: options.workspace,
        GITHUB_OUTPUT: outputsFile,
        GITHUB_STEP_SUMMARY: summary,
        RUNNER_TEMP: options.runnerTemp,
        ...Object.fromEntries(Object.entries(step.env ?? {}).map(([key, value]) => [key, substitute(String(value), context)])),
      };
      const cwd = resolve(options.workspace, substitute(step["working-directory"] ?? ".", context));
      result = await bash(substitute(step.run ?? "", context), cwd, env);
    }
    const outputs = readOutputs(outputsFile);
    runs.push({ step, skipped: false, ...result, outputs });
    if (step.id) context.steps[step.id] = { outputs, outcome: result.exitCode === 0 ? "success" : "failure" };
    if (result.exitCode !== 0) context.failed = true;
  }
  return {
    steps: runs,
    outputs: Object.fromEntries(Object.entries(action.outputs).map(([name, { value }]) => [name, substitute(value, context)])),
    summary: readFileSync(summary, "utf8"),
    exitCode: context.failed ? 1 : 0,
  };
}
