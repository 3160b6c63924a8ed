#!/usr/bin/env node
/**
 * `npm run contract`: the contract check (contract-tests/cli.ts) run as built JavaScript rather
 * than compiled module by module by tsx at every start. The check's sources are bundled by
 * esbuild into one ES module (its packages stay packages, loaded from node_modules as they are),
 * kept in node_modules/.cache/modelslab-contract/<sha256 of every source it can be built from>/,
 * and imported from there. A run whose sources did not change since the last imports the bundle
 * at once; any byte changed in them (or another Node, or this file) gives another name and so a
 * fresh build, never a stale one. A fresh clone builds on its first run (esbuild, a fraction of
 * a second). Where node_modules cannot be written, the sources run under tsx as before.
 *
 * Each module keeps its own `import.meta` (its source file's URL, directory and name), as under
 * tsx, so paths relative to a module (the project root, Prism's libraries) resolve as from the
 * sources.
 *
 * This file is JavaScript because it starts before anything can compile TypeScript; it holds no
 * part of the check. Its types: launch.d.mts.
 */
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const PROJECT = fileURLToPath(new URL("..", import.meta.url));
/** Where the check's modules live: every source file under these is hashed (test files excepted). */
export const SOURCE_DIRS = ["contract-tests", "scripts", "generated", "src"];
const SOURCE = /\.(ts|mts|cts|js|mjs|cjs|json)$/;
const TEST = /\.test\.[mc]?[jt]s$/;
/** Builds kept (other states of the sources: branches, a change undone); the oldest go first. */
const KEPT = 4;

const posix = (path) => path.split(sep).join("/");

/** The files a build of the check under `root` can be made of, sorted: SOURCE_DIRS' sources and tsconfig.json. */
export function sourceFiles(root = PROJECT) {
  const files = SOURCE_DIRS.flatMap((dir) =>
    existsSync(join(root, dir))
      ? readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
          .filter((entry) => entry.isFile() && SOURCE.test(entry.name) && !TEST.test(entry.name))
          .map((entry) => join(entry.parentPath, entry.name))
      : [],
  );
  const tsconfig = join(root, "tsconfig.json");
  return [...files, ...(existsSync(tsconfig) ? [tsconfig] : [])].sort();
}

/** The sha256 (32 hex digits) naming a build of these files: their paths and bytes, the root, Node's version and this file. */
export function sourceKey(root = PROJECT, files = sourceFiles(root)) {
  const hash = createHash("sha256").update(`node ${process.version}\nroot ${root}\n`).update(readFileSync(fileURLToPath(import.meta.url)));
  for (const file of files) hash.update(`\n${posix(relative(root, file))}\n`).update(readFileSync(file));
  return hash.digest("hex").slice(0, 32);
}

/** esbuild plugin: each project module's import.meta.url, dirname and filename, as its source file has them. */
const ownImportMeta = {
  name: "own-import-meta",
  setup(build) {
    build.onLoad({ filter: /\.[mc]?ts$/ }, (args) => {
      if (args.path.split(sep).includes("node_modules")) return undefined;
      const values = { url: pathToFileURL(args.path).href, dirname: dirname(args.path), filename: args.path };
      const contents = readFileSync(args.path, "utf8").replace(/\bimport\.meta\.(url|dirname|filename)\b/g, (_, name) => JSON.stringify(values[name]));
      return { contents, loader: "ts" };
    });
  },
};

/** The modules of a build: the check, and its Prism side's worker thread (contract-tests/harness/prism-thread.ts). */
export const ENTRIES = { check: "contract-tests/cli.ts", "prism-thread": "contract-tests/harness/prism-thread.ts" };

async function buildBundle(root, entries, dir, files) {
  const { build } = await import("esbuild");
  const result = await build({
    absWorkingDir: root,
    entryPoints: Object.entries(entries).map(([out, source]) => ({ in: join(root, source), out })),
    bundle: true,
    platform: "node",
    target: `node${process.versions.node.split(".")[0]}`,
    format: "esm",
    packages: "external",
    write: false,
    metafile: true,
    outdir: dir,
    outExtension: { ".js": ".mjs" },
    plugins: [ownImportMeta],
    logLevel: "warning",
  });
  // Every project module in the bundle must be one the key hashed, or a change to it would go unseen.
  const hashed = new Set(files.map((path) => posix(relative(root, path))));
  const unhashed = Object.keys(result.metafile.inputs).filter((input) => !input.startsWith("node_modules/") && !hashed.has(input));
  if (unhashed.length > 0) throw new Error(`the contract check imports ${unhashed.join(", ")}, outside ${SOURCE_DIRS.join(", ")}: add its folder to SOURCE_DIRS in contract-tests/launch.mjs`);
  keepBuild(dir, result.outputFiles.map((output) => ({ name: relative(dir, output.path), contents: output.contents })));
}

/**
 * Puts a build's files in `dir`: written whole, then renamed into place, so a run racing this one
 * finds the build complete or absent; the oldest builds beside it beyond KEPT go.
 */
function keepBuild(dir, files) {
  const staging = `${dir}.${process.pid}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  for (const { name, contents } of files) writeFileSync(join(staging, name), contents);
  try {
    renameSync(staging, dir);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(dir)) throw error; // else another run finished the same build first
  }
  const cache = dirname(dir);
  const builds = readdirSync(cache)
    .filter((name) => !name.endsWith(".tmp"))
    .map((name) => ({ name, time: statSync(join(cache, name)).mtimeMs }))
    .sort((a, b) => b.time - a.time);
  for (const { name } of builds.slice(KEPT)) rmSync(join(cache, name), { recursive: true, force: true });
}

/**
 * Prism's libraries (what harness/prism-mock.ts loads: @stoplight/prism-http-server, prism-http,
 * prism-core and what they require) bundled into one CommonJS file, which the Prism thread
 * compiles as one script with V8's code cache beside it (prism-mock.ts: loadPrismBundle) instead
 * of resolving, reading and compiling some 700 modules at every start. The two modules prism-mock
 * defers (faker, postman-collection) stay outside, required through it. Named by what is installed:
 * npm's record of node_modules (node_modules/.package-lock.json, rewritten by every install),
 * Node's version and this file.
 */
export const PRISM_LIBRARIES = ["@stoplight/prism-http-server", "@stoplight/prism-http", "@stoplight/prism-core"];
export const PRISM_OUTSIDE = ["@faker-js/faker", "postman-collection"];

/** The sha256 (32 hex digits) naming the Prism bundle of what is installed under `root`; undefined when npm recorded no install there. */
export function prismKey(root = PROJECT) {
  const installed = join(root, "node_modules", ".package-lock.json");
  if (!existsSync(installed)) return undefined;
  return createHash("sha256").update(`node ${process.version}\nroot ${root}\n`).update(readFileSync(fileURLToPath(import.meta.url))).update(readFileSync(installed)).digest("hex").slice(0, 32);
}

async function buildPrismBundle(root, file) {
  const { build } = await import("esbuild");
  // And the json-schema-faker prism-http generates with (prism-mock.ts draws its pattern strings).
  const jsf = createRequire(createRequire(join(root, "package.json")).resolve("@stoplight/prism-http")).resolve("json-schema-faker");
  const exported = [...PRISM_LIBRARIES.map((name) => [name, name]), ["json-schema-faker", jsf]];
  const contents = `module.exports = { ${exported.map(([name, path]) => `${JSON.stringify(name)}: require(${JSON.stringify(path)})`).join(", ")} };\n`;
  const result = await build({
    absWorkingDir: root,
    stdin: { contents, resolveDir: join(root, "contract-tests", "harness"), sourcefile: "prism-libraries.cjs", loader: "js" },
    bundle: true,
    platform: "node",
    target: `node${process.versions.node.split(".")[0]}`,
    format: "cjs",
    external: PRISM_OUTSIDE,
    // jsonc-parser's main file is a UMD wrapper whose requires a bundler cannot follow; its ES module build is the same code.
    alias: { "jsonc-parser": "jsonc-parser/lib/esm/main.js" },
    write: false,
    logLevel: "error",
  });
  keepBuild(dirname(file), [{ name: "prism.cjs", contents: result.outputFiles[0].contents }]);
}

/** Where the Prism bundle of what is installed under `root` is kept; undefined when npm recorded no install there. */
function prismBundleFile(root) {
  const key = prismKey(root);
  return key && join(root, "node_modules", ".cache", "modelslab-prism", key, "prism.cjs");
}

/**
 * The Prism bundle of what is installed under `root` if a run built it already, never building
 * it: for readers that must not race the check's own build (the command line's --mock).
 */
export function keptPrism(root = PROJECT) {
  const file = prismBundleFile(root);
  return file && existsSync(file) ? file : undefined;
}

/**
 * The Prism bundle of what is installed under `root` (a file path), built first when none is
 * there yet; undefined when Prism is not installed or the bundle cannot be built or written.
 */
export async function builtPrism(root = PROJECT) {
  const file = prismBundleFile(root);
  if (!file || !PRISM_LIBRARIES.every((name) => existsSync(join(root, "node_modules", ...name.split("/"), "package.json")))) return undefined;
  if (existsSync(file)) return file;
  try {
    await buildPrismBundle(root, file);
  } catch {
    return undefined; // Prism's libraries load module by module, as without a bundle
  }
  return file;
}

/**
 * The build of the sources under `root` as they are now: its directory, holding `<entry>.mjs` for
 * each of `entries`, built first when no run built these sources yet; undefined when it cannot be
 * written there.
 */
export async function builtCheck(root = PROJECT, entries = ENTRIES) {
  const files = sourceFiles(root);
  const dir = join(root, "node_modules", ".cache", "modelslab-contract", sourceKey(root, files));
  if (existsSync(dir)) return dir;
  try {
    await buildBundle(root, entries, dir, files);
  } catch (error) {
    if (["EACCES", "EPERM", "EROFS"].includes(error?.code)) return undefined;
    throw error;
  }
  return dir;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const [built, prismBundle] = await Promise.all([builtCheck(), builtPrism()]);
  if (built) {
    // Prism's thread first: it loads Prism while this thread loads the check and builds the documents.
    const { Worker } = await import("node:worker_threads");
    const prismThread = new Worker(pathToFileURL(join(built, "prism-thread.mjs")), { workerData: { prismBundle } });
    const { main } = await import(pathToFileURL(join(built, "check.mjs")).href);
    await main(process.argv.slice(2), { prismThread });
  } else {
    (await import("tsx/esm/api")).register();
    const { main } = await import(pathToFileURL(join(PROJECT, ENTRIES.check)).href);
    await main(process.argv.slice(2));
  }
}
