#!/usr/bin/env node
// npm for the action test (test/action.test.ts): `npm install --prefix P <package> <peers…>`
// as the action runs it. The package comes from the test's local registry (verdaccio, holding
// the published tarball and its dependencies) by the real npm; Prism's libraries, which that
// registry does not hold, are this project's. It records the arguments and serves nothing else.
// The prefix starts as a copy of the run's consumer install (STAND_IN_SEED: the empty project
// that installed the package from the same registry), as a runner's restored cache would: the
// real npm still resolves the action's install against the registry, and finds it satisfied.
import { spawnSync } from "node:child_process";
import { appendFileSync, mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";

const args = process.argv.slice(2);
appendFileSync(process.env.STAND_IN_LOG, `${JSON.stringify(args)}\n`);
const prefixAt = args.indexOf("--prefix");
if (args[0] !== "install" || prefixAt < 0) {
  console.error(`npm stand-in: only \`npm install --prefix DIR …\` is served, not: npm ${args.join(" ")}`);
  process.exit(1);
}
const prefix = args[prefixAt + 1];
// cp -a (links kept as they are): Node's cpSync of the four thousand files costs about twice its CPU.
if (process.env.STAND_IN_SEED) {
  mkdirSync(prefix, { recursive: true });
  const copied = spawnSync("cp", ["-a", join(process.env.STAND_IN_SEED, "node_modules"), join(prefix, "node_modules")], { stdio: "inherit" });
  if (copied.status !== 0) process.exit(copied.status ?? 1);
}
const prism = args.filter((arg) => arg.startsWith("@stoplight/"));
const rest = args.filter((arg) => !arg.startsWith("@stoplight/"));
const installed = spawnSync(process.env.STAND_IN_REAL_NPM, [...rest, ...JSON.parse(process.env.STAND_IN_NPM_ARGS)], { stdio: "inherit", env: { ...process.env, PATH: process.env.STAND_IN_PATH } });
if (installed.status !== 0) process.exit(installed.status ?? 1);
mkdirSync(join(prefix, "node_modules", "@stoplight"), { recursive: true });
for (const spec of prism) {
  const name = spec.slice(0, spec.lastIndexOf("@"));
  symlinkSync(join(process.env.STAND_IN_PROJECT, "node_modules", name), join(prefix, "node_modules", name));
}
