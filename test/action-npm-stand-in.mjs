#!/usr/bin/env node
// npm for the action test (test/action.test.ts): `npm install --prefix P <package> <peers…>`
// as the action runs it. The package comes from the test's local registry (verdaccio, holding
// the published tarball and its dependencies) by the real npm; Prism's libraries, which that
// registry does not hold, are this project's. It records the arguments and serves nothing else.
// An install with the same arguments as an earlier one of the run (STAND_IN_INSTALLS keeps one
// per set) gets a copy of that one's prefix instead of a second identical install.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { appendFileSync, cpSync, existsSync, mkdirSync, renameSync, symlinkSync } from "node:fs";
import { join } from "node:path";

const args = process.argv.slice(2);
appendFileSync(process.env.STAND_IN_LOG, `${JSON.stringify(args)}\n`);
const prefixAt = args.indexOf("--prefix");
if (args[0] !== "install" || prefixAt < 0) {
  console.error(`npm stand-in: only \`npm install --prefix DIR …\` is served, not: npm ${args.join(" ")}`);
  process.exit(1);
}
const prefix = args[prefixAt + 1];
const installs = process.env.STAND_IN_INSTALLS;
const key = createHash("sha256").update(JSON.stringify(args.filter((_, i) => i !== prefixAt + 1))).digest("hex").slice(0, 16);
const kept = installs ? join(installs, key) : undefined;
if (kept && existsSync(kept)) {
  cpSync(kept, prefix, { recursive: true, verbatimSymlinks: true });
  process.exit(0);
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
if (kept) {
  mkdirSync(installs, { recursive: true });
  cpSync(prefix, `${kept}.${process.pid}`, { recursive: true, verbatimSymlinks: true });
  renameSync(`${kept}.${process.pid}`, kept);
}
