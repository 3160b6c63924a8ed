/**
 * Bun and Deno for the runtime tests, installed from npm at pinned versions (their npm packages
 * carry the binaries) into node_modules/.cache/modelslab-video-runtimes/<versions>, once per
 * machine: a later run finds them there. vitest global setup of the `runtimes` project.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { inject } from "vitest";
import { PROJECT_ROOT } from "../../scripts/layout.js";

/** The versions the runtime tests run; the README names them. */
export const RUNTIME_VERSIONS = { bun: "1.4.5", deno: "2.9.6" } as const;

export interface Runtimes {
  bun: string;
  deno: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    runtimes: Runtimes;
  }
}

export function installedRuntimes(): Runtimes {
  const key = Object.entries(RUNTIME_VERSIONS).map(([name, version]) => `${name}-${version}`).join("_");
  const dir = join(PROJECT_ROOT, "node_modules", ".cache", "modelslab-video-runtimes", key);
  const bins = { bun: join(dir, "node_modules", ".bin", "bun"), deno: join(dir, "node_modules", ".bin", "deno") };
  if (existsSync(join(dir, ".complete"))) return bins;
  const staging = `${dir}.${process.pid}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  writeFileSync(join(staging, "package.json"), JSON.stringify({ private: true }));
  // Their install scripts put the platform's binary in place (from their optional dependencies).
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--no-save", ...Object.entries(RUNTIME_VERSIONS).map(([name, version]) => `${name}@${version}`)], { cwd: staging, stdio: "ignore" });
  writeFileSync(join(staging, ".complete"), "");
  try {
    renameSync(staging, dir);
  } catch {
    rmSync(staging, { recursive: true, force: true }); // another process installed them first
  }
  return bins;
}

export function setup(project: TestProject): void {
  project.provide("runtimes", installedRuntimes());
}

export function runtimes(): Runtimes {
  return inject("runtimes");
}
