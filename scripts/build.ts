/**
 * `npm run build`: the package's dist/ — src/ and generated/*.ts compiled by tsc (ESM and
 * .d.ts, layout kept: dist/src/, dist/generated/), plus the generated files tsc does not emit
 * (schema.d.ts, the standalone request validators .js and .d.ts) and the merged document as
 * dist/openapi.yaml. The `bin` of package.json is made executable.
 *
 * The `modelslab-video` bin (package.json's `bin`, dist/src/cli/main.js) is one esbuild bundle of
 * src/cli/main.ts instead of tsc's file per module: main.js and the chunks it imports (each command's
 * module and what only it needs, split where src/cli imports lazily), beside it in dist/src/cli/, so a
 * start reads, resolves and links a handful of files rather than some sixty. The packages stay
 * packages (the same ones tsc's files import), and so do the generated request validators, which the
 * client's own dist/ file imports too (one copy in the package). tsc's files of src/cli and src/mcp,
 * which nothing else imports, are left out. The chunks keep esbuild's
 * `// src/...ts` line above each module's code, which test/cli.test.ts reads to name the modules a
 * command loads.
 *
 * The contract check ships too, for `modelslab-video contract` outside a checkout (the docs
 * repository's CI): contract-tests/cli.ts bundled by esbuild into dist/contract-tests/check.js
 * (yaml, openapi-format and nspell inside it; ajv and ajv-formats, whose generated code names
 * them, dictionary-en, whose data files it reads, and Prism's libraries, the optional peers, stay
 * packages), and the data it reads from its project
 * root, dist/: openapi/upstream, specs, overlays and facts, the baseline and the word list. The
 * client's entries import none of it.
 *
 *   tsx scripts/build.ts [--out-dir DIR]   (default dist/; tests build elsewhere so they never race a build of dist/)
 */
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { buildSync } from "esbuild";
import { join, resolve } from "node:path";
import { PROJECT_ROOT } from "./layout.js";

/** generated/ file → where it goes in the output directory. */
const COPIED: Record<string, string> = {
  "schema.d.ts": "generated/schema.d.ts",
  "request-validators.js": "generated/request-validators.js",
  "request-validators.d.ts": "generated/request-validators.d.ts",
  "openapi.yaml": "openapi.yaml",
};

/** The packaged contract check, relative to the output directory. */
export const CONTRACT_CHECK = "contract-tests/check.js";
/** What the check reads from its project root (the output directory), copied as they are. */
export const CONTRACT_DATA = ["openapi/upstream", "openapi/specs", "openapi/overlays", "openapi/facts", "contract-tests/baseline.yaml", "contract-tests/words.txt"];
/** Packages the bundle imports rather than holds: ajv's (its standalone code requires them by name), data files read beside their module, the optional peers. */
const CONTRACT_EXTERNAL = ["ajv", "ajv-formats", "dictionary-en", "@stoplight/prism-core", "@stoplight/prism-http", "@stoplight/prism-http-server", "@stoplight/http-spec"];

/** The bin's bundle: where its output goes, the rooms only it uses (tsc's files of them are replaced by it), and the shared file it imports rather than holds. */
const BIN_DIR = "src/cli";
const BIN_ONLY = ["src/cli", "src/mcp"];
const BIN_EXTERNAL = ["*/generated/request-validators.js"];

function bundleBin(outDir: string): void {
  const dir = join(outDir, BIN_DIR);
  for (const room of BIN_ONLY) rmSync(join(outDir, room), { recursive: true, force: true });
  buildSync({
    entryPoints: [join(PROJECT_ROOT, "src", "cli", "main.ts")],
    // Paths in the output (the `// src/...ts` lines) are the project's, wherever the build runs from.
    absWorkingDir: PROJECT_ROOT,
    outdir: dir,
    bundle: true,
    splitting: true,
    platform: "node",
    target: "node20",
    format: "esm",
    packages: "external",
    // Relative from src/internal/ as from dist/src/cli/ (both two levels under their root): dist/generated/.
    external: BIN_EXTERNAL,
    chunkNames: "[name]-[hash]",
    legalComments: "eof",
    logLevel: "warning",
  });
  // Every file the bundle imports by a relative path (its chunks, the validators) is in the output.
  for (const file of readdirSync(dir).filter((name) => name.endsWith(".js"))) {
    for (const [, specifier] of readFileSync(join(dir, file), "utf8").matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*)"(\.\.?\/[^"]+)"/g)) {
      if (!existsSync(join(dir, specifier!))) throw new Error(`the bin's bundle: ${file} imports ${specifier}, which is not in ${outDir}`);
    }
  }
}

function bundleContractCheck(outDir: string): void {
  buildSync({
    entryPoints: [join(PROJECT_ROOT, "contract-tests", "cli.ts")],
    outfile: join(outDir, CONTRACT_CHECK),
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    external: CONTRACT_EXTERNAL,
    // The CommonJS packages inside (openapi-format) require Node's modules.
    banner: { js: 'import { createRequire as createRequireOfBundle } from "node:module";\nconst require = createRequireOfBundle(import.meta.url);' },
    legalComments: "eof",
    logLevel: "warning",
  });
  for (const path of CONTRACT_DATA) cpSync(join(PROJECT_ROOT, path), join(outDir, path), { recursive: true });
}

/** The built bin files, relative to the output directory (package.json's `bin`, which points into dist/). */
export function binFiles(): string[] {
  const { bin } = JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as { bin?: Record<string, string> };
  return Object.values(bin ?? {}).map((file) => file.replace(/^(\.\/)?dist\//, ""));
}

export function build(outDir: string): void {
  rmSync(outDir, { recursive: true, force: true });
  const tsc = spawnSync(
    process.execPath,
    [join(PROJECT_ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", join(PROJECT_ROOT, "tsconfig.build.json"), "--outDir", outDir],
    { stdio: "inherit" },
  );
  if (tsc.status !== 0) throw new Error(`tsc failed (exit ${tsc.status})`);
  mkdirSync(join(outDir, "generated"), { recursive: true });
  for (const [file, target] of Object.entries(COPIED)) copyFileSync(join(PROJECT_ROOT, "generated", file), join(outDir, target));
  bundleBin(outDir);
  for (const file of binFiles()) chmodSync(join(outDir, file), 0o755);
  bundleContractCheck(outDir);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const at = process.argv.indexOf("--out-dir");
  const outDir = resolve(at >= 0 && process.argv[at + 1] ? process.argv[at + 1]! : join(PROJECT_ROOT, "dist"));
  try {
    build(outDir);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
  console.log(`built ${outDir} (tsc + ${Object.keys(COPIED).length} generated files copied; the bin bundled; the contract check bundled with its data)`);
}
