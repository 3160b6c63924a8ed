/**
 * The package as another repository gets it, made once per test run and shared by the files that
 * test it (test/package.test.ts, test/package-consumer.test.ts, test/action.test.ts).
 *
 * The run's build (what `npm run build` makes: test/built-cli.ts) goes to dist/, then `npm pack`
 * makes the tarball once. A real registry (verdaccio, test/local-registry.ts) on loopback gets the
 * runtime dependencies (packed out of this project's node_modules, put in its storage) and, through
 * `npm publish`, the tarball; an empty project then runs `npm install modelslab-video` against it (nothing else is
 * reachable: a dependency the package does not declare is not there to install).
 *
 * vitest's global setup (vitest.config.ts) runs this in the main process, where the registry
 * lives until the run ends (test/shared-work.ts). A run of other files never pays for it: when one
 * of its files will ask, the whole chain starts as the run starts, without waiting for a file to
 * ask: the registry and the dependencies on it beside the build (which they do not need), the
 * package's pack as soon as the build is done (beside the registry), its publish once both are,
 * then the install. `publishedPackage()` answers once the package is on the registry,
 * `installedConsumer()` once the empty project has installed it.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { promisify } from "node:util";
import type { TestProject } from "vitest/node";
import { PROJECT_ROOT } from "../scripts/layout.js";
import { cachedBuild } from "./built-cli.js";
import { startLocalRegistry, type LocalRegistry } from "./local-registry.js";
import { askWork, serveWork } from "./shared-work.js";

const run = promisify(execFile);
export const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const CONSUMER_PROGRAMS = join(PROJECT_ROOT, "test", "consumers");

export interface PackageJson {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  bin?: string | Record<string, string>;
}
export const manifest = JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as PackageJson;

/** The published package: where the registry is and what `npm publish` printed. */
export interface PublishedPackage {
  /** The run's temporary directory (the registry's storage is its registry/ folder). */
  root: string;
  /** The tarball `npm pack` made (and `npm publish` sent). */
  tarball: string;
  registryUrl: string;
  /** An .npmrc with the registry's URL and its user's token. */
  npmrc: string;
  /** The npm cache every install of the run shares. */
  npmCache: string;
  /** What `npm publish` printed, the lines worth reading. */
  publishOutput: string[];
}

/** The empty project after `npm install modelslab-video`. */
export interface InstalledConsumer extends PublishedPackage {
  dir: string;
  /** What `npm install` printed. */
  installOutput: string[];
}

interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

/**
 * The installed directories (node_modules/…) of the package's runtime dependencies and theirs,
 * found in package-lock.json the way Node resolves them: nearest node_modules first.
 */
function runtimeDependencyDirs(): string[] {
  const packages = (JSON.parse(readFileSync(join(PROJECT_ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, LockEntry> }).packages;
  const found = new Set<string>();
  const locate = (name: string, from: string): string | undefined => {
    for (let dir = from; ; ) {
      const key = `${dir ? `${dir}/` : ""}node_modules/${name}`;
      if (packages[key]) return key;
      if (!dir) return undefined;
      const parent = dir.lastIndexOf("/node_modules/");
      dir = parent < 0 ? "" : dir.slice(0, parent);
    }
  };
  const visit = (from: string, entry: LockEntry): void => {
    const optional = new Set([...Object.keys(entry.optionalDependencies ?? {}), ...Object.entries(entry.peerDependenciesMeta ?? {}).filter(([, meta]) => meta.optional).map(([name]) => name)]);
    for (const name of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies, ...entry.peerDependencies })) {
      const key = locate(name, from);
      if (!key) {
        if (optional.has(name)) continue;
        throw new Error(`${name} (needed by ${from || "the package"}) is not in package-lock.json`);
      }
      if (found.has(key)) continue;
      found.add(key);
      visit(key, packages[key] ?? {});
    }
  };
  visit("", { dependencies: manifest.dependencies ?? {} });
  return [...found];
}

/** `npm pack` of the project into `destination`; returns the tarball. */
async function packProject(destination: string): Promise<string> {
  const { stdout } = await run(NPM, ["pack", "--json", "--ignore-scripts", "--pack-destination", destination, "."], { cwd: PROJECT_ROOT, maxBuffer: 64 * 1024 * 1024 });
  const [packed] = JSON.parse(stdout) as { filename: string }[];
  if (!packed) throw new Error("npm pack made no tarball");
  return join(destination, packed.filename);
}

/** Tarballs packed at once (each a tar process). */
const PACKING_AT_ONCE = 4;

/**
 * Each installed dependency directory as the tarball it was installed from, into `destination`:
 * its files under package/ (npm installs a tarball's files as they are, and puts its own
 * dependencies in node_modules/ beside them, which stay out), as npm pack lays them out (the
 * file name, owner 0, npm's fixed mtime), made by GNU tar: `npm pack` of the hundred-odd
 * directories costs about ten times the CPU. Returns the tarball files, one per name and version.
 */
async function packDependencies(dirs: string[], destination: string): Promise<string[]> {
  const byFile = new Map<string, string>();
  for (const dir of dirs) {
    const { name, version, bundleDependencies, bundledDependencies } = JSON.parse(readFileSync(join(PROJECT_ROOT, dir, "package.json"), "utf8")) as PackageJson & { bundleDependencies?: unknown; bundledDependencies?: unknown };
    // Bundled dependencies live in the package's node_modules/ and would be left out.
    if (bundleDependencies || bundledDependencies) throw new Error(`${name}@${version} bundles dependencies: pack it with npm pack`);
    // Keyed by file name: one name can be installed at several versions (nested node_modules).
    byFile.set(`${name.replace(/^@/, "").replace("/", "-")}-${version}.tgz`, dir);
  }
  const queue = [...byFile];
  const packing = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [file, dir] = next;
      await run("tar", ["-czf", join(destination, file), "-C", join(PROJECT_ROOT, dir), "--exclude=./node_modules", "--sort=name", "--owner=0", "--group=0", "--numeric-owner", "--mtime=1985-10-26 08:15:00 UTC", "--transform=s,^\\.,package,", "."]);
    }
  };
  await Promise.all(Array.from({ length: PACKING_AT_ONCE }, packing));
  return [...byFile.keys()].map((file) => join(destination, file));
}

/** What each way of resolving modules type-checks, and its compiler options beyond the shared ones. */
export const RESOLUTIONS: Record<string, { files: string[]; compilerOptions: Record<string, unknown> }> = {
  node16: { files: ["esm.ts"], compilerOptions: { module: "node16", moduleResolution: "node16", lib: ["ES2022", "DOM"], outDir: "out-node16" } },
  /** A Node backend: no DOM lib, Node's own types (from this project's @types/node); ESM and CommonJS. */
  nodenext: {
    files: ["esm.ts", "commonjs.cts"],
    compilerOptions: {
      module: "nodenext",
      moduleResolution: "nodenext",
      lib: ["ES2022"],
      types: ["node"],
      typeRoots: [join(PROJECT_ROOT, "node_modules", "@types")],
      outDir: "out-nodenext",
    },
  },
  bundler: { files: ["esm.ts"], compilerOptions: { module: "preserve", moduleResolution: "bundler", lib: ["ES2022", "DOM"], noEmit: true } },
};

function writeConsumer(root: string): string {
  const dir = join(root, "consumer");
  mkdirSync(dir);
  // An empty project: `npm install modelslab-video` adds the dependency, from the local registry.
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }, null, 2));
  for (const file of readdirSync(CONSUMER_PROGRAMS)) copyFileSync(join(CONSUMER_PROGRAMS, file), join(dir, file));
  for (const [name, { files, compilerOptions }] of Object.entries(RESOLUTIONS)) {
    // skipLibCheck off: the package's own .d.ts files are checked under each resolution too
    // (TypeScript's own lib files are not: skipDefaultLibCheck).
    const options = { target: "ES2022", strict: true, skipLibCheck: false, skipDefaultLibCheck: true, types: [], ...compilerOptions };
    writeFileSync(join(dir, `tsconfig.${name}.json`), JSON.stringify({ compilerOptions: options, files }, null, 2));
  }
  return dir;
}

/** npm against the run's registry: its .npmrc, the shared cache, no audit, no install scripts. */
export function npmArgs(published: Pick<PublishedPackage, "npmrc" | "npmCache">): string[] {
  return [`--userconfig=${published.npmrc}`, `--cache=${published.npmCache}`, "--no-audit", "--no-fund", "--ignore-scripts"];
}

/**
 * The dependencies' tarballs (packDependencies), made once per lockfile and set of directories:
 * what npm ci installs in node_modules is what the lockfile says, and the tarballs are made
 * byte for byte the same from it (tar's fixed order, owner and mtime).
 */
const DEPENDENCY_TARBALLS = join(PROJECT_ROOT, "node_modules", ".cache", "modelslab-video-dependency-tarballs");
const TARBALL_LIST = "tarballs.json";

async function dependencyTarballs(): Promise<string[]> {
  const dirs = runtimeDependencyDirs();
  const key = createHash("sha256").update(readFileSync(join(PROJECT_ROOT, "package-lock.json"))).update(JSON.stringify(dirs)).digest("hex").slice(0, 32);
  const made = join(DEPENDENCY_TARBALLS, key);
  const inDir = (files: string[]) => files.map((file) => join(made, file));
  if (existsSync(join(made, TARBALL_LIST))) return inDir(JSON.parse(readFileSync(join(made, TARBALL_LIST), "utf8")) as string[]);
  const staging = `${made}.${process.pid}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const files = (await packDependencies(dirs, staging)).map((file) => basename(file));
  writeFileSync(join(staging, TARBALL_LIST), JSON.stringify(files));
  try {
    renameSync(staging, made);
  } catch {
    rmSync(staging, { recursive: true, force: true }); // another run made the same ones first
  }
  for (const name of readdirSync(DEPENDENCY_TARBALLS)) if (name !== key && !name.endsWith(".tmp")) rmSync(join(DEPENDENCY_TARBALLS, name), { recursive: true, force: true });
  return inDir(files);
}

/**
 * The registry with the package's runtime dependencies on it (packed from this project's
 * node_modules): none of it waits for the build.
 */
async function registryWithDependencies(root: string, started: (registry: LocalRegistry) => void): Promise<LocalRegistry> {
  const [tarballs, registry] = await Promise.all([dependencyTarballs(), startLocalRegistry(join(root, "registry")).then((registry) => (started(registry), registry))]);
  registry.storeTarballs(tarballs);
  return registry;
}

async function publish(root: string, ready: Promise<LocalRegistry>): Promise<PublishedPackage> {
  ready.catch(() => undefined); // awaited below; a failed build must not leave its rejection unhandled
  // dist/ as `npm run build` makes it: the run's build (test/built-cli.ts: the same build, made once).
  const outDir = await cachedBuild();
  rmSync(join(PROJECT_ROOT, "dist"), { recursive: true, force: true });
  cpSync(outDir, join(PROJECT_ROOT, "dist"), { recursive: true, filter: (source) => !source.endsWith(".complete") });
  const tarball = await packProject(root);
  const registry = await ready;
  const published = { root, tarball, registryUrl: registry.url, npmrc: registry.npmrc, npmCache: join(root, "npm-cache"), publishOutput: [] as string[] };
  const sent = await run(NPM, ["publish", tarball, ...npmArgs(published)], { cwd: root, env: { ...process.env, npm_config_registry: `${registry.url}/` } });
  published.publishOutput = [
    `$ npm publish ${tarball.split("/").pop()}`,
    ...`${sent.stdout}${sent.stderr}`.trim().split("\n").filter((line) => !/npm notice (=== |[0-9.]+ ?[kM]?B |\s*$)/.test(line) || /Tarball|name:|version:|filename:|total files:/.test(line)),
  ];
  return published;
}

async function install(published: PublishedPackage): Promise<InstalledConsumer> {
  const dir = writeConsumer(published.root);
  const installed = await run(NPM, ["install", manifest.name, ...npmArgs(published)], { cwd: dir, env: { ...process.env, npm_config_registry: `${published.registryUrl}/` } });
  return { ...published, dir, installOutput: [`$ npm install ${manifest.name}`, ...`${installed.stdout}${installed.stderr}`.trim().split("\n")] };
}

/** The test files that use the published package (test/package*.test.ts, test/action.test.ts). */
export const PACKAGE_TEST_FILES = ["test/action.test.ts", "test/package-consumer.test.ts", "test/package.test.ts"];

/**
 * vitest global setup: the package made, published and installed from the run's start when the run
 * has a file that will ask (see the top), else on the first ask; the registry kept until the run
 * ends. The build it waits for is test/built-cli.ts's, a later global setup.
 */
export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = mkdtempSync(join(tmpdir(), "modelslab-video-package-"));
  let registry: LocalRegistry | undefined;
  let dependencies: Promise<LocalRegistry> | undefined;
  let published: Promise<PublishedPackage> | undefined;
  const withDependencies = () => (dependencies ??= registryWithDependencies(root, (started) => (registry = started)));
  const registryReady = () => (published ??= publish(root, withDependencies()));
  const asking = project.vitest.state.getPaths().some((path) => PACKAGE_TEST_FILES.some((file) => path.endsWith(`/${file}`)));
  const stopWork = await serveWork(project, SETUP, { registry: registryReady, consumer: () => registryReady().then(install) }, { startAtOnce: asking ? ["consumer"] : [] });
  return async () => {
    await stopWork();
    await registry?.stop();
    rmSync(root, { recursive: true, force: true });
  };
}

const SETUP = "published-package";

/** The package, packed and published on the run's registry. */
export function publishedPackage(): Promise<PublishedPackage> {
  return askWork(SETUP, "registry");
}

/** The empty project with the published package installed. */
export function installedConsumer(): Promise<InstalledConsumer> {
  return askWork(SETUP, "consumer");
}
