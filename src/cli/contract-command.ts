/// <reference types="node" />
/**
 * `contract`: the same check as `npm run contract`, run from a checkout of the project. The check
 * reads openapi/ (docs snapshots, specs, overlays) and contract-tests/baseline.yaml and runs on
 * the project's dev dependencies (tsx, Prism, the pipeline); the published package ships none of
 * them, so outside a checkout this says so instead of checking something else.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { projectRootAbove } from "./package-root.js";
import { contractArgumentsOf } from "../../contract-tests/contract-options.js";
import { PROGRAM, type ContractArguments } from "./command-line.js";
import { CannotRunError, EXIT, type ExitCode } from "./exit-status.js";

export { projectRootAbove };

/** The checkout this command belongs to, with what the contract check needs; throws CannotRunError otherwise. */
export function checkoutForContract(start = dirname(fileURLToPath(import.meta.url))): { root: string; entry: string; tsxLoader: string } {
  const root = projectRootAbove(start);
  const entry = root && join(root, "contract-tests", "cli.ts");
  const outsideCheckout = `the contract check runs from a checkout of the project, which has the docs snapshots, specs, baseline and dev dependencies it needs (the published package does not): git clone the repository, npm ci, then ${PROGRAM} contract (or npm run contract)`;
  if (!root || !entry || !existsSync(entry) || !existsSync(join(root, "openapi", "upstream"))) throw new CannotRunError(outsideCheckout);
  let tsxLoader: string;
  try {
    tsxLoader = pathToFileURL(createRequire(join(root, "package.json")).resolve("tsx")).href;
  } catch {
    throw new CannotRunError(`the contract check needs the project's dev dependencies: run npm ci in ${root}`);
  }
  return { root, entry, tsxLoader };
}

export async function runContractCommand(args: ContractArguments): Promise<ExitCode | number> {
  const { root, entry, tsxLoader } = checkoutForContract();
  const forwarded = contractArgumentsOf(args, (path) => resolve(path));
  // Ctrl-C reaches the check too (same process group); it stops its Prism servers and exits.
  const ignore = () => {};
  process.on("SIGINT", ignore);
  try {
    const child = spawn(process.execPath, ["--import", tsxLoader, entry, ...forwarded], { cwd: root, stdio: "inherit" });
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((done, fail) => {
      child.once("error", fail);
      child.once("exit", (exitCode, exitSignal) => done([exitCode, exitSignal]));
    });
    if (signal === "SIGINT") return EXIT.interrupted;
    return code ?? EXIT.couldNotRun;
  } finally {
    process.off("SIGINT", ignore);
  }
}
