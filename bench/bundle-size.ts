/**
 * What the `.` entry costs a web page: `import { ModelsLab } from "modelslab-video"` (the entry
 * as the package ships it, src/index.ts, minus types) bundled by esbuild for the browser with
 * code splitting, minified, every output file gzipped (level 9) on its own as a server sends it.
 *
 * - main chunk: the entry's file and every file it imports statically, transitively: what the
 *   page loads before the client's first call, each file listed under it. The goal (8 kB) is on
 *   this figure, the sum of those files each gzipped alone; validation, `raw` (openapi-fetch) and
 *   the rest of what a first submit does not need (src/lib/deferred.ts: the polling of a wait,
 *   local images, batches, the queue count, the judging of a failed request) are each left to a
 *   chunk the first call that needs them loads (dynamic `import()`).
 * - every lazy chunk, named by the modules that start it, and the total of all files;
 * - the same first load as one file (every dynamic import left out): esbuild puts shared modules
 *   in chunk files of their own, gzipped apart, so the main chunk is larger than this;
 * - `export *` (every export of the entry) and a bundle without code splitting, for bundlers
 *   that inline dynamic imports.
 *
 *   npx tsx bench/bundle-size.ts   (npm run bench:size; also part of `npm run bench`)
 */
import { basename, join, relative } from "node:path";
import { gzipSync } from "node:zlib";
import { build, type Metafile, type OutputFile, type Plugin } from "esbuild";
import { PROJECT_ROOT } from "../scripts/layout.js";

const ENTRY = join(PROJECT_ROOT, "src", "index.ts");
const GOAL_MAIN_CHUNK = 8_000;
const OUT_DIR = join(PROJECT_ROOT, "node_modules", ".cache", "bundle-size");

/** `modelslab-video` is this project's entry, as a consumer's bundler resolves it. */
const thisPackage: Plugin = {
  name: "this-package",
  setup(plugin) {
    plugin.onResolve({ filter: /^modelslab-video$/ }, () => ({ path: ENTRY }));
  },
};

interface Size {
  minified: number;
  gzipped: number;
}

const sizeOf = (file: OutputFile): Size => ({ minified: file.contents.length, gzipped: gzipSync(file.contents, { level: 9 }).length });
const sum = (sizes: Size[]): Size => sizes.reduce((total, each) => ({ minified: total.minified + each.minified, gzipped: total.gzipped + each.gzipped }), { minified: 0, gzipped: 0 });

interface SplitBundle {
  main: Size;
  /** The main chunk's files: the entry's own first, then each file it imports statically. */
  eager: { label: string; size: Size }[];
  lazy: { label: string; size: Size }[];
  total: Size;
}

/** `source` as the page's module, bundled with code splitting: its main chunk (what loads before any call) and its lazy chunks. */
async function splitBundle(source: string): Promise<SplitBundle> {
  const result = await build({
    stdin: { contents: source, resolveDir: PROJECT_ROOT, sourcefile: "page.js" },
    bundle: true,
    splitting: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    outdir: OUT_DIR,
    write: false,
    metafile: true,
    logLevel: "silent",
    plugins: [thisPackage],
  });
  const outputs = result.metafile.outputs;
  const files = new Map(result.outputFiles.map((file) => [relative(PROJECT_ROOT, file.path), file]));
  const [entry] = Object.entries(outputs).filter(([, output]) => output.entryPoint !== undefined);
  if (!entry) throw new Error("no entry chunk");
  const eager = new Set<string>();
  const visit = (path: string) => {
    if (eager.has(path)) return;
    eager.add(path);
    for (const imported of outputs[path]?.imports ?? []) if (imported.kind === "import-statement" && outputs[imported.path]) visit(imported.path);
  };
  visit(entry[0]);
  const size = (path: string): Size => {
    const file = files.get(path);
    if (!file) throw new Error(`no output file ${path}`);
    return sizeOf(file);
  };
  const lazy = Object.keys(outputs)
    .filter((path) => !eager.has(path))
    .map((path) => ({ label: labelOf(outputs[path]!, path), size: size(path) }))
    .sort((a, b) => b.size.gzipped - a.size.gzipped);
  const main = sum([...eager].map(size));
  const eagerFiles = [...eager].map((path) => ({ label: eagerLabelOf(outputs[path]!, path), size: size(path) }));
  return { main, eager: eagerFiles, lazy, total: sum([main, ...lazy.map((each) => each.size)]) };
}

/** A lazy chunk named by what starts it (its entry module), or by its largest inputs when it is shared code. */
function labelOf(output: Metafile["outputs"][string], path: string): string {
  if (output.entryPoint) return `${output.entryPoint.replace(/^.*node_modules\//, "")} (lazy)`;
  const inputs = Object.entries(output.inputs)
    .sort(([, a], [, b]) => b.bytesInOutput - a.bytesInOutput)
    .slice(0, 2)
    .map(([input]) => basename(input));
  return `${basename(path)}: shared by lazy chunks (${inputs.join(", ")}${Object.keys(output.inputs).length > 2 ? ", …" : ""})`;
}

/** A file of the main chunk, named by its largest inputs (esbuild's own helpers when it has none). */
function eagerLabelOf(output: Metafile["outputs"][string], path: string): string {
  const inputs = Object.entries(output.inputs)
    .filter(([, each]) => each.bytesInOutput > 0)
    .sort(([, a], [, b]) => b.bytesInOutput - a.bytesInOutput)
    .map(([input]) => basename(input));
  const named = inputs.length === 0 ? "esbuild's module helpers, imported by every chunk" : `${inputs.slice(0, 3).join(", ")}${inputs.length > 3 ? `, … (${inputs.length} modules)` : ""}`;
  return `${output.entryPoint ? "the entry's own file" : basename(path)}: ${named}`;
}

/** Leaves every lazily imported module out, as a splitter that chunks by statement rather than by file would. */
const lazyModulesLeftOut: Plugin = {
  name: "lazy-modules-left-out",
  setup(plugin) {
    plugin.onResolve({ filter: /.*/ }, (args) => (args.kind === "dynamic-import" ? { path: args.path, external: true } : undefined));
  },
};

/** `source` bundled into one file: a bundler that inlines dynamic imports, or (`lazyLeftOut`) what the page loads first, in one file, with nothing shared with a lazy chunk. */
async function wholeBundle(source: string, lazyLeftOut = false): Promise<Size> {
  const result = await build({
    stdin: { contents: source, resolveDir: PROJECT_ROOT, sourcefile: "page.js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "silent",
    plugins: lazyLeftOut ? [thisPackage, lazyModulesLeftOut] : [thisPackage],
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error("no bundle");
  return sizeOf(output);
}

/** kB of 1000 bytes. */
const kB = (bytes: number) => `${(bytes / 1000).toFixed(2)} kB`;

const FIRST_CALL = `import { ModelsLab } from "modelslab-video"; export { ModelsLab };`;
const EVERYTHING = `export * from "modelslab-video";`;
const split = await splitBundle(FIRST_CALL);
const everything = await splitBundle(EVERYTHING);
const inlined = await wholeBundle(FIRST_CALL);
const firstLoadInOneFile = await wholeBundle(FIRST_CALL, true);

const rows: [string, Size][] = [
  ["main chunk of import { ModelsLab } (loaded before the first call; without validation)", split.main],
  ...split.eager.map(({ label, size }): [string, Size] => [`  loaded first: ${label}`, size]),
  ...split.lazy.map(({ label, size }): [string, Size] => [`  ${label}`, size]),
  ["all files of import { ModelsLab } (main + every lazy chunk)", split.total],
  ["import { ModelsLab } before the first call in one file (every dynamic import left out)", firstLoadInOneFile],
  ["main chunk of export * (every export of the entry)", everything.main],
  ["import { ModelsLab } in one file (no code splitting, validation inlined)", inlined],
];
const width = Math.max(...rows.map(([label]) => label.length));
console.log(`bundle size of the . entry (esbuild ${(await import("esbuild")).version}, browser, code splitting, minified; each file gzip -9)`);
console.log(`  ${"".padEnd(width)}  ${"minified".padStart(10)}  ${"gzipped".padStart(10)}`);
for (const [label, size] of rows) console.log(`  ${label.padEnd(width)}  ${kB(size.minified).padStart(10)}  ${kB(size.gzipped).padStart(10)}`);
const verdict = split.main.gzipped <= GOAL_MAIN_CHUNK ? "MET" : "NOT MET";
console.log(`goal: main chunk ${kB(GOAL_MAIN_CHUNK)} gzipped without validation: ${verdict} (${kB(split.main.gzipped)})`);
