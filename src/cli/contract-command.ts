/// <reference types="node" />
/**
 * `contract`: the same check as `npm run contract`. In a checkout of the project it runs the
 * check's sources as `npm run contract` does (contract-tests/launch.mjs: the sources bundled once
 * per content, on the project's dev dependencies; contract-tests/cli.ts under tsx where the
 * checkout has no launcher); installed from npm it
 * runs the check the package ships (dist/contract-tests/check.js, one bundle with its data beside
 * it: the snapshots, specs, overlays, facts and baseline under dist/openapi and dist/contract-tests),
 * which needs Prism's libraries, the package's optional peers. Neither is ever reached from the
 * client's `.` entry.
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

/** Prism's libraries the check starts its mock servers with (the package's optional peers). */
export const PRISM_PACKAGES = ["@stoplight/prism-http-server@5.12.2", "@stoplight/prism-http@5.12.0", "@stoplight/prism-core@5.8.0"] as const;

export interface ContractProgram {
  /** The node arguments before the check's own. */
  node: string[];
  /** Where the check runs (a checkout's root, or the caller's directory for the packaged check). */
  cwd: string;
  /** The packaged check (true) or the checkout's sources. */
  packaged: boolean;
}

/** The check this command runs: a checkout's sources, else the package's bundle; throws CannotRunError when neither can run. */
export function contractProgram(start = dirname(fileURLToPath(import.meta.url))): ContractProgram {
  const root = projectRootAbove(start);
  if (!root) throw new CannotRunError(`no package.json of the project above ${start}`);
  const sources = join(root, "contract-tests", "cli.ts");
  if (existsSync(sources) && existsSync(join(root, "openapi", "upstream"))) {
    let tsxLoader: string;
    try {
      tsxLoader = pathToFileURL(createRequire(join(root, "package.json")).resolve("tsx")).href;
    } catch {
      throw new CannotRunError(`the contract check needs the project's dev dependencies: run npm ci in ${root}`);
    }
    const launcher = join(root, "contract-tests", "launch.mjs");
    return { node: existsSync(launcher) ? [launcher] : ["--import", tsxLoader, sources], cwd: root, packaged: false };
  }
  const bundle = join(root, "dist", "contract-tests", "check.js");
  if (!existsSync(bundle) || !existsSync(join(root, "dist", "openapi", "upstream", "manifest.yaml")))
    throw new CannotRunError(`this installation of the package has no contract check (${bundle} is missing): reinstall it, or run ${PROGRAM} contract from a checkout`);
  const require = createRequire(bundle);
  const missing = PRISM_PACKAGES.filter((spec) => {
    try {
      require.resolve(spec.slice(0, spec.lastIndexOf("@")));
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length > 0) throw new CannotRunError(`the contract check starts Prism mock servers, whose libraries are optional peers of the package: npm install ${PRISM_PACKAGES.join(" ")}`);
  return { node: [bundle], cwd: process.cwd(), packaged: true };
}

export async function runContractCommand(args: ContractArguments): Promise<ExitCode | number> {
  const program = contractProgram();
  const forwarded = contractArgumentsOf(args, (path) => resolve(path));
  // The packaged check's own directory is no place for reports: they go to ./reports of the caller.
  if (program.packaged && args.reports === undefined) forwarded.push("--reports", resolve("reports"));
  // Ctrl-C reaches the check too (same process group); it stops its Prism servers and exits.
  const ignore = () => {};
  process.on("SIGINT", ignore);
  try {
    const child = spawn(process.execPath, [...program.node, ...forwarded], { cwd: program.cwd, stdio: "inherit" });
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
