/**
 * What the `.` entry costs a browser app: the entry (src/index.ts, as dist/ ships it, minus types)
 * bundled and minified by esbuild for the browser, dependencies included, then gzipped (level 9).
 *
 * - without validation: everything loaded until the first submit that validates; every
 *   dynamic import (the validation module, the request-field index) is left out, as a
 *   code-splitting bundler would;
 * - the validation chunk: what that first validating submit loads (the Ajv standalone
 *   validators and ajv-formats), bundled on its own; likewise the request-field index that
 *   `submitEndpoint()` loads (the command line's field list);
 * - with validation: the entry with the validation chunk inlined, as a bundler without code
 *   splitting would ship it.
 *
 *   npm run bench:size
 */
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build, type Plugin } from "esbuild";
import { PROJECT_ROOT } from "../scripts/layout.js";

const ENTRY = join(PROJECT_ROOT, "src", "index.ts");
const VALIDATION = join(PROJECT_ROOT, "src", "internal", "request-validation.ts");
const FIELD_INDEX = join(PROJECT_ROOT, "src", "lib", "request-fields.ts");
const GOAL_WITHOUT_VALIDATION = 8_000;

/** Leaves every lazily imported module out of the bundle, as code splitting would. */
const lazyModulesLeftOut: Plugin = {
  name: "lazy-modules-left-out",
  setup(plugin) {
    plugin.onResolve({ filter: /.*/ }, (args) => (args.kind === "dynamic-import" ? { path: args.path, external: true } : undefined));
  },
};

interface Size {
  minified: number;
  gzipped: number;
}

async function bundleSize(entry: string, options: { plugins?: Plugin[]; external?: string[] } = {}): Promise<Size> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "silent",
    ...options,
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error(`no bundle for ${entry}`);
  return { minified: output.contents.length, gzipped: gzipSync(output.contents, { level: 9 }).length };
}

/** kB of 1000 bytes. */
const kB = (bytes: number) => `${(bytes / 1000).toFixed(2)} kB`;

const withoutValidation = await bundleSize(ENTRY, { plugins: [lazyModulesLeftOut] });
const withoutOpenapiFetch = await bundleSize(ENTRY, { plugins: [lazyModulesLeftOut], external: ["openapi-fetch"] });
const validationChunk = await bundleSize(VALIDATION);
const fieldIndexChunk = await bundleSize(FIELD_INDEX);
const withValidation = await bundleSize(ENTRY);

const rows: [string, Size][] = [
  [". without validation (loaded until the first validating submit)", withoutValidation],
  ["  of which openapi-fetch (the typed client the layer sends through)", { minified: withoutValidation.minified - withoutOpenapiFetch.minified, gzipped: withoutValidation.gzipped - withoutOpenapiFetch.gzipped }],
  ["validation chunk (loaded by the first validating submit)", validationChunk],
  ["request-field index chunk (loaded by submitEndpoint())", fieldIndexChunk],
  [". with validation inlined (no code splitting)", withValidation],
];
const width = Math.max(...rows.map(([label]) => label.length));
console.log(`bundle size of the . entry (esbuild, browser, minified; gzip -9)`);
console.log(`  ${"".padEnd(width)}  ${"minified".padStart(10)}  ${"gzipped".padStart(10)}`);
for (const [label, size] of rows) console.log(`  ${label.padEnd(width)}  ${kB(size.minified).padStart(10)}  ${kB(size.gzipped).padStart(10)}`);
const verdict = withoutValidation.gzipped <= GOAL_WITHOUT_VALIDATION ? "MET" : "NOT MET";
console.log(`  goal: ${kB(GOAL_WITHOUT_VALIDATION)} gzipped without validation: ${verdict} (${kB(withoutValidation.gzipped)})`);
