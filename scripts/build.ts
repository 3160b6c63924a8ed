/**
 * `npm run build`: the package's dist/ — src/ and generated/client.ts compiled by tsc (ESM and
 * .d.ts, layout kept: dist/src/, dist/generated/), plus the generated files tsc does not emit
 * (schema.d.ts, the standalone request validators .js and .d.ts) and the merged document as
 * dist/openapi.yaml. package.json's `exports` and `files` name what of it ships; a command-line
 * entry compiled into dist/ and named in `bin` ships with it.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "./layout.js";

const DIST = join(PROJECT_ROOT, "dist");
/** generated/ file → where it goes in dist/. */
const COPIED: Record<string, string> = {
  "schema.d.ts": "generated/schema.d.ts",
  "request-validators.js": "generated/request-validators.js",
  "request-validators.d.ts": "generated/request-validators.d.ts",
  "openapi.yaml": "openapi.yaml",
};

rmSync(DIST, { recursive: true, force: true });
const tsc = spawnSync(process.execPath, [join(PROJECT_ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", join(PROJECT_ROOT, "tsconfig.build.json")], {
  stdio: "inherit",
});
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
mkdirSync(join(DIST, "generated"), { recursive: true });
for (const [file, target] of Object.entries(COPIED)) copyFileSync(join(PROJECT_ROOT, "generated", file), join(DIST, target));
console.log(`built dist/ (tsc + ${Object.keys(COPIED).length} generated files copied)`);
