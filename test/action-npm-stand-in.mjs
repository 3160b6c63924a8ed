#!/usr/bin/env node
// The registry's stand-in for the action test (test/package.test.ts): `npm install --prefix P
// <package> <peers…>` as the action runs it, served from what the test installed offline (the
// package's tarball with its dependencies) and this project's Prism libraries. It records the
// arguments and refuses anything else.
import { appendFileSync, cpSync, mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";

const args = process.argv.slice(2);
appendFileSync(process.env.STAND_IN_LOG, `${JSON.stringify(args)}\n`);
const prefixAt = args.indexOf("--prefix");
if (args[0] !== "install" || prefixAt < 0) {
  console.error(`npm stand-in: only \`npm install --prefix DIR …\` is served, not: npm ${args.join(" ")}`);
  process.exit(1);
}
const prefix = args[prefixAt + 1];
const specs = args.slice(1).filter((arg, index) => !arg.startsWith("--") && index !== prefixAt);
const prism = specs.filter((spec) => spec.startsWith("@stoplight/"));
cpSync(join(process.env.STAND_IN_CONSUMER, "node_modules"), join(prefix, "node_modules"), { recursive: true, verbatimSymlinks: true });
mkdirSync(join(prefix, "node_modules", "@stoplight"), { recursive: true });
for (const spec of prism) {
  const name = spec.slice(0, spec.lastIndexOf("@"));
  symlinkSync(join(process.env.STAND_IN_PROJECT, "node_modules", name), join(prefix, "node_modules", name));
}
console.log(`added ${specs.length} packages (stand-in)`);
