/**
 * `npm run build`: the package's dist/ — src/ and generated/client.ts compiled by tsc (ESM and
 * .d.ts), plus the generated files tsc does not emit: schema.d.ts, the standalone request
 * validators (.js and .d.ts) and the merged openapi.yaml.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "./layout.js";

const DIST = join(PROJECT_ROOT, "dist");
const COPIED = ["schema.d.ts", "request-validators.js", "request-validators.d.ts", "openapi.yaml"];

rmSync(DIST, { recursive: true, force: true });
const tsc = spawnSync(process.execPath, [join(PROJECT_ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", join(PROJECT_ROOT, "tsconfig.build.json")], {
  stdio: "inherit",
});
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
mkdirSync(join(DIST, "generated"), { recursive: true });
for (const file of COPIED) copyFileSync(join(PROJECT_ROOT, "generated", file), join(DIST, "generated", file));
console.log(`built dist/ (tsc + ${COPIED.length} generated files copied)`);
