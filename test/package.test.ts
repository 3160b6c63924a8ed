/**
 * The package as another repository gets it. The run's build (what `npm run build` makes, made
 * once per run: test/built-cli.ts) goes to dist/, then `npm pack` makes the tarball once. A real
 * registry (verdaccio, test/local-registry.ts) on loopback gets the runtime dependencies (packed
 * out of this project's node_modules) and, through `npm publish`, the tarball; an empty project
 * then runs `npm install modelslab-video` against it (nothing else is reachable: a dependency the
 * package does not declare is not there to install). That one install is the consumer of every
 * test below: its programs in test/consumers are type-checked under moduleResolution node16,
 * nodenext and bundler and then run on this Node against a local server, and one call goes to a
 * Prism mock. publint and attw check the tarball; the `.` entry is bundled for browsers with
 * esbuild and run in a context that has web globals only.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { createContext, runInContext } from "node:vm";
import { build } from "esbuild";
import ts from "typescript";
import { publint } from "publint";
import { formatMessage } from "publint/utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sharedPrism } from "../contract-tests/harness/shared-servers.js";
import { reply, startScriptedServer, type ScriptedServer } from "../contract-tests/harness/scripted-server.js";
import { docsRepoCopy } from "../contract-tests/test-support/docs-repo-copy.js";
import { readAction, runAction, type ActionRun } from "./action-steps.js";
import { PROJECT_ROOT } from "../scripts/layout.js";
import { builtCli } from "./built-cli.js";
import { startLocalRegistry, type LocalRegistry } from "./local-registry.js";
import { V6_ID, v6Processing, v6Success } from "./video-responses.js";

const run = promisify(execFile);
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const ATTW = join(PROJECT_ROOT, "node_modules", "@arethetypeswrong", "cli", "dist", "index.js");
const CONSUMER_PROGRAMS = join(PROJECT_ROOT, "test", "consumers");
const API_KEY = "consumer-test-key";

interface PackageJson {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  bin?: string | Record<string, string>;
}
const manifest = JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as PackageJson;

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

/** `npm pack` of each directory into `destination`; returns the tarball files by file name. */
async function packDirectories(dirs: string[], destination: string): Promise<Record<string, string>> {
  const { stdout } = await run(NPM, ["pack", "--json", "--ignore-scripts", "--pack-destination", destination, ...dirs], { cwd: PROJECT_ROOT });
  const packed = JSON.parse(stdout) as { name: string; filename: string }[];
  // Keyed by file name: one name can be installed at several versions (nested node_modules).
  return Object.fromEntries(packed.map(({ filename }) => [filename, join(destination, filename)]));
}

interface Consumer {
  dir: string;
  tarball: string;
}

/** What each way of resolving modules type-checks, and its compiler options beyond the shared ones. */
const RESOLUTIONS: Record<string, { files: string[]; compilerOptions: Record<string, unknown> }> = {
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

/** TypeScript's lib files, parsed once for every type-check of the run (they do not depend on the resolution). */
const libFiles = new Map<string, ts.SourceFile | undefined>();
const TS_LIB_DIR = dirname(ts.getDefaultLibFilePath({}));

/**
 * `tsc -p <config>` in this process: one TypeScript load for every resolution, each lib file parsed
 * once. Returns what tsc prints (the diagnostics; nothing when the check passes) and emits like tsc.
 */
function typeCheck(config: string): string {
  const format: ts.FormatDiagnosticsHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => dirname(config), getNewLine: () => "\n" };
  const parsed = ts.getParsedCommandLineOfConfigFile(config, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.formatDiagnostics([d], format)); } });
  if (!parsed) throw new Error(`${config}: not read`);
  const host = ts.createCompilerHost(parsed.options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, version, ...rest) => {
    if (dirname(fileName) !== TS_LIB_DIR) return read(fileName, version, ...rest);
    const key = `${fileName} ${JSON.stringify(version)}`;
    if (!libFiles.has(key)) libFiles.set(key, read(fileName, version, ...rest));
    return libFiles.get(key);
  };
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, host, configFileParsingDiagnostics: parsed.errors });
  const emitted = program.emit();
  return ts.formatDiagnostics([...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics], format);
}

let root: string;
let consumer: Consumer;

let registry: LocalRegistry;
/** What `npm publish` and `npm install modelslab-video` printed. */
const registryRoundTrip: string[] = [];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "modelslab-video-package-"));
  // dist/ as `npm run build` makes it: the run's build (test/built-cli.ts: the same build, made once).
  rmSync(join(PROJECT_ROOT, "dist"), { recursive: true, force: true });
  cpSync(builtCli().outDir, join(PROJECT_ROOT, "dist"), { recursive: true, filter: (source) => !source.endsWith(".complete") });
  const [tarball] = Object.values(await packDirectories(["."], root));
  if (!tarball) throw new Error("npm pack made no tarball");
  mkdirSync(join(root, "deps"));
  const dependencyTarballs = await packDirectories(
    runtimeDependencyDirs().map((dir) => `./${dir}`),
    join(root, "deps"),
  );
  // A real registry (verdaccio) on loopback holding the runtime dependencies (packed from this
  // project's node_modules) and, published by `npm publish`, the package itself.
  registry = await startLocalRegistry(join(root, "registry"));
  for (const file of Object.values(dependencyTarballs)) await registry.publishTarball(file);
  const npm = (args: string[], cwd: string) =>
    run(NPM, [...args, `--userconfig=${registry.npmrc}`, `--cache=${join(root, "npm-cache")}`, "--no-audit", "--no-fund", "--ignore-scripts"], { cwd, env: { ...process.env, npm_config_registry: `${registry.url}/` } });
  const published = await npm(["publish", tarball], root);
  registryRoundTrip.push(`$ npm publish ${tarball.split("/").pop()}`, ...`${published.stdout}${published.stderr}`.trim().split("\n").filter((line) => !/npm notice (=== |[0-9.]+ ?[kM]?B |\s*$)/.test(line) || /Tarball|name:|version:|filename:|total files:/.test(line)));
  const dir = writeConsumer(root);
  const installed = await npm(["install", manifest.name], dir);
  registryRoundTrip.push(`$ npm install ${manifest.name}`, ...`${installed.stdout}${installed.stderr}`.trim().split("\n"));
  consumer = { dir, tarball };
  // Packing every runtime dependency (the MCP SDK brings about a hundred) and the registry round
  // trip take minutes on a busy machine.
}, 420_000);

afterAll(async () => {
  await registry?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe("publishing", () => {
  it("npm publish puts the packed tarball on a registry, and npm install modelslab-video in an empty project installs exactly it from there", () => {
    console.log(`registry round trip (verdaccio on ${registry.url}):\n${registryRoundTrip.join("\n")}`);
    const lock = JSON.parse(readFileSync(join(consumer.dir, "package-lock.json"), "utf8")) as { packages: Record<string, { version?: string; resolved?: string; integrity?: string }> };
    const entry = lock.packages[`node_modules/${manifest.name}`];
    expect(entry?.version, JSON.stringify(entry)).toBe(manifest.version);
    // The registry's own tarball of the package, byte for byte the one npm pack made; nothing else
    // has a modelslab-video to install.
    expect(entry?.integrity).toBe(`sha512-${createHash("sha512").update(readFileSync(consumer.tarball)).digest("base64")}`);
    expect(readFileSync(join(root, "registry", "storage", manifest.name, `${manifest.name}-${manifest.version}.tgz`))).toEqual(readFileSync(consumer.tarball));
    const dependencies = (JSON.parse(readFileSync(join(consumer.dir, "package.json"), "utf8")) as PackageJson).dependencies;
    expect(dependencies).toEqual({ [manifest.name]: `^${manifest.version}` });
    // Every package installed came from the local registry (npm records `resolved` unless configured not to).
    expect(Object.entries(lock.packages).filter(([key, value]) => key !== "" && value.resolved !== undefined && !value.resolved.startsWith(`${registry.url}/`))).toEqual([]);
  });

  it("the installed package makes a call against a Prism mock of the merged document: submit, wait, done", async () => {
    const program = join(consumer.dir, "prism-call.mjs");
    writeFileSync(
      program,
      [
        'import { ModelsLab } from "modelslab-video";',
        "const ml = new ModelsLab({ apiKey: \"mock-key\", baseUrl: process.env.MODELSLAB_BASE_URL });",
        'const video = await ml.img2video({ model_id: "wan2.2", init_image: "https://example.com/cat.png", prompt: "a cat" }).wait();',
        "console.log(JSON.stringify({ id: video.id, output: video.output }));",
      ].join("\n"),
    );
    const { stdout } = await run(process.execPath, [program], { cwd: consumer.dir, env: { ...process.env, MODELSLAB_BASE_URL: sharedPrism().url } });
    const answer = JSON.parse(stdout) as { id: unknown; output: string[] };
    expect(answer.id, stdout).toBeDefined();
    expect(answer.output.length, stdout).toBeGreaterThan(0);
  });
});

/** The packages (by name) the files under `dir` import or require by a literal name, builtins left out. */
export function importedPackages(dir: string): Set<string> {
  const names = new Set<string>();
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !/\.(m?js|cjs)$/.test(entry.name)) continue;
    const text = readFileSync(join(entry.parentPath, entry.name), "utf8");
    for (const match of text.matchAll(/(?:^|[\s};])from\s*["']([^"'\n]+)["']|\bimport\s*\(\s*["']([^"']+)["']\s*\)|^\s*import\s*["']([^"']+)["']|\brequire(?:\.resolve)?\(\s*["']([^"']+)["']\s*\)/gm)) {
      const specifier = match[1] ?? match[2] ?? match[3] ?? match[4]!;
      if (specifier.startsWith(".") || specifier.startsWith("node:") || specifier.startsWith("/")) continue;
      const parts = specifier.split("/");
      names.add(specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!);
    }
  }
  return names;
}

describe("the runtime dependencies", () => {
  it("are exactly the packages dist/ imports; the optional peers are exactly the ones it loads for --mock and the PostgreSQL journal", () => {
    const full = JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as PackageJson & { peerDependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };
    const imported = importedPackages(builtCli().outDir);
    const peers = Object.keys(full.peerDependencies ?? {}).sort();
    // better-sqlite3 (the command line's embedded journal) is an optional dependency: a native build that may fail without failing the install.
    expect(Object.keys({ ...full.dependencies, ...full.optionalDependencies }).sort()).toEqual([...imported].filter((name) => !peers.includes(name)).sort());
    // prism-mock.js loads Prism's peers by name from one table, only when --mock runs; journal/postgres.js loads pg when a postgres:// journal is opened.
    const lazily = ["contract-tests/harness/prism-mock.js", "src/journal/postgres.js"].map((file) => readFileSync(join(builtCli().outDir, file), "utf8")).join("\n");
    expect(peers.filter((name) => !lazily.includes(`"${name}"`))).toEqual([]);
  });

  it("the check sees what a file imports, requires and loads lazily", () => {
    const dir = mkdtempSync(join(tmpdir(), "modelslab-video-imports-"));
    writeFileSync(join(dir, "a.js"), 'import x from "openapi-fetch";\nimport { y } from "./y.js";\nimport "node:fs";\nconst z = await import("@scope/pkg/sub.js");\nrequire("ajv-formats/dist/formats.js");\n');
    expect([...importedPackages(dir)].sort()).toEqual(["@scope/pkg", "ajv-formats", "openapi-fetch"]);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe("the tarball", () => {
  it("ships dist/ and the manifest, no sources, tests or pipeline", async () => {
    const { stdout } = await run("tar", ["-tzf", consumer.tarball]);
    const files = stdout.split("\n").filter(Boolean).map((path) => path.replace(/^package\//, ""));
    expect(files).toEqual(
      expect.arrayContaining([
        "package.json",
        "README.md",
        "LICENSE",
        "dist/src/index.js",
        "dist/src/index.d.ts",
        "dist/src/types.js",
        "dist/src/types.d.ts",
        "dist/generated/schema.d.ts",
        "dist/generated/request-validators.js",
        "dist/openapi.yaml",
      ]),
    );
    expect(files.filter((file) => !["package.json", "README.md", "LICENSE"].includes(file) && !file.startsWith("dist/"))).toEqual([]);
    // The contract check for the docs repository's CI, with the data it reads.
    expect(files).toEqual(expect.arrayContaining(["dist/contract-tests/check.js", "dist/contract-tests/baseline.yaml", "dist/contract-tests/words.txt", "dist/openapi/upstream/manifest.yaml", "dist/openapi/overlays/model-ids.overlay.yaml"]));
    expect(files.filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts"))).toEqual([]);
  });

  it("passes publint with nothing to report, suggestions included", async () => {
    const tarball = readFileSync(consumer.tarball);
    const { messages, pkg } = await publint({ pack: { tarball: tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength) }, level: "suggestion" });
    expect(messages.map((message) => `${message.type}: ${formatMessage(message, pkg, { color: false }) ?? message.code}`)).toEqual([]);
  });

  // .attw.json: profile esm-only (the package is ES modules only: CommonJS callers on the Node
  // versions of `engines` load it with require(esm), which attw's TypeScript 5.6 does not model;
  // the CommonJS consumer below runs it) and ./openapi.yaml left out (a document, not a module).
  it("passes @arethetypeswrong/cli with the project's .attw.json", async () => {
    const result = await run(process.execPath, [ATTW, consumer.tarball, "--format", "ascii", "--no-color"], { cwd: PROJECT_ROOT }).catch(
      (error: { code?: number; stdout?: string }) => ({ stdout: `exit ${error.code}\n${error.stdout ?? ""}` }),
    );
    expect(result.stdout).not.toMatch(/^exit /);
    expect(result.stdout).toContain('"modelslab-video/types"');
  });

  const bins = typeof manifest.bin === "string" ? { [manifest.name]: manifest.bin } : (manifest.bin ?? {});
  it.skipIf(Object.keys(bins).length === 0)("ships every bin of package.json, runnable with --help", async () => {
    for (const [name, path] of Object.entries(bins)) {
      const installed = join(consumer.dir, "node_modules", manifest.name, path);
      expect(readFileSync(installed, "utf8").startsWith("#!/usr/bin/env node"), name).toBe(true);
      const { stdout } = await run(process.execPath, [installed, "--help"], { cwd: consumer.dir });
      expect(stdout, name).toContain(name);
    }
  });

  it("--mock without Prism's libraries (optional peers) exits 1 naming what to install", async () => {
    const installed = join(consumer.dir, "node_modules", manifest.name, "dist", "src", "cli", "main.js");
    const result = await run(process.execPath, [installed, "generate", "img2video", "--model", "wan2.2", "--mock", "--image", "https://example.com/cat.png"], { cwd: consumer.dir }).then(
      () => ({ code: 0, stderr: "" }),
      (error: { code?: number; stderr?: string }) => ({ code: error.code, stderr: error.stderr ?? "" }),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("npm install --save-dev @stoplight/prism-http-server@5.12.2 @stoplight/prism-http@5.12.0 @stoplight/prism-core@5.8.0");
  });
});

describe("a consumer project", () => {
  const servers: ScriptedServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
  });

  /** A local API: the submit answers processing, the first poll processing, then success. */
  async function serve(): Promise<ScriptedServer> {
    const server = await startScriptedServer({
      routes: {
        "POST /v6/video/img2video": [reply.json(200, v6Processing(0.01))],
        "POST /v6/video/fetch/{id}": [reply.json(200, v6Processing(0.01)), reply.json(200, v6Success())],
      },
    });
    servers.push(server);
    return server;
  }

  async function runProgram(command: string[]): Promise<unknown> {
    const server = await serve();
    const [file = "", ...args] = command;
    const { stdout } = await run(file, args, { cwd: consumer.dir, env: { ...process.env, MODELSLAB_API_KEY: API_KEY, MODELSLAB_BASE_URL: server.url } });
    // The invalid submit was stopped by validation: one submit reached the server, then two polls.
    expect(server.requests.map((request) => request.route)).toEqual(["POST /v6/video/img2video", "POST /v6/video/fetch/{id}", "POST /v6/video/fetch/{id}"]);
    expect(server.requests.flatMap((request) => request.violations)).toEqual([]);
    return JSON.parse(stdout);
  }

  const finished = {
    id: String(V6_ID),
    output: v6Success().output,
    polls: 2,
    invalidFields: ["init_image required"],
    webhook: "failed",
  };

  // Compute-bound: on a loaded 2-core machine one type-check has taken over 30 s.
  it.each(Object.keys(RESOLUTIONS))("type-checks under moduleResolution %s", (name) => {
    expect(typeCheck(join(consumer.dir, `tsconfig.${name}.json`))).toBe("");
  }, 120_000);

  it("resolves modelslab-video/openapi.yaml to the merged document", async () => {
    const { stdout } = await run(process.execPath, ["-p", `require.resolve(${JSON.stringify(`${manifest.name}/openapi.yaml`)})`], { cwd: consumer.dir });
    expect(readFileSync(stdout.trim(), "utf8")).toBe(readFileSync(join(PROJECT_ROOT, "generated", "openapi.yaml"), "utf8"));
  });

  it("runs under node16 resolution on this Node", async () => {
    expect(await runProgram([process.execPath, "out-node16/esm.js"])).toMatchObject(finished);
  });

  it("runs under nodenext resolution as an ES module and as CommonJS (require of an ES module)", async () => {
    expect(await runProgram([process.execPath, "out-nodenext/esm.js"])).toMatchObject(finished);
    expect(await runProgram([process.execPath, "out-nodenext/commonjs.cjs"])).toMatchObject(finished);
  });

  it("runs under bundler resolution, bundled by esbuild", async () => {
    await build({ entryPoints: [join(consumer.dir, "esm.ts")], bundle: true, platform: "node", format: "esm", outfile: join(consumer.dir, "out-bundler", "esm.mjs"), logLevel: "silent" });
    expect(await runProgram([process.execPath, "out-bundler/esm.mjs"])).toMatchObject(finished);
  });
});

describe("the . entry in a browser bundle", () => {
  const ENTRY = `export * from ${JSON.stringify(manifest.name)};`;

  it("bundles for the browser, validation and local-image handling in chunks of their own loaded on demand", async () => {
    const result = await build({
      stdin: { contents: ENTRY, resolveDir: consumer.dir, sourcefile: "entry.js" },
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "browser",
      outdir: join(root, "browser-split"),
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    const outputs = Object.values(result.metafile.outputs);
    const entry = outputs.find((output) => output.entryPoint !== undefined);
    if (!entry) throw new Error("no entry chunk");
    const eager = [entry, ...entry.imports.filter((chunk) => chunk.kind === "import-statement").map((chunk) => result.metafile.outputs[chunk.path])];
    const eagerInputs = eager.flatMap((output) => Object.keys(output?.inputs ?? {}));
    expect(eagerInputs.some((input) => input.endsWith("dist/src/client.js"))).toBe(true);
    expect(eagerInputs.filter((input) => /request-validat|ajv/.test(input))).toEqual([]);
    expect(eagerInputs.filter((input) => /local-images|image-data/.test(input))).toEqual([]);
    expect(eagerInputs.filter((input) => /lib\/batch\.js$|lib\/wait\.js$|queue-count/.test(input))).toEqual([]);
    // The transport sends without openapi-fetch; `raw` loads it on its first call.
    expect(eagerInputs.filter((input) => /openapi-fetch/.test(input))).toEqual([]);
    // The contract check the package also ships is nowhere in the client.
    const everyInput = outputs.flatMap((output) => Object.keys(output.inputs));
    expect(everyInput.filter((input) => /dist\/contract-tests\/|dist\/openapi\/|openapi-format|nspell|dictionary-en/.test(input))).toEqual([]);
    // What the entry loads on demand: the validation chunk, the local-image chunk, the batch runner, the polling of a wait, the queue count and raw's openapi-fetch, nothing else.
    const lazyChunks = [...new Set(entry.imports.filter((chunk) => chunk.kind === "dynamic-import").map((chunk) => chunk.path))];
    const lazy = lazyChunks.map((path) => Object.keys(result.metafile.outputs[path]?.inputs ?? {}));
    const holding = (pattern: RegExp) => lazy.filter((inputs) => inputs.some((input) => pattern.test(input)));
    expect(holding(/request-validation/)).toHaveLength(1);
    expect(holding(/local-images/)).toHaveLength(1);
    expect(holding(/lib\/batch\.js$/)).toHaveLength(1);
    expect(holding(/queue-count/)).toHaveLength(1);
    expect(holding(/openapi-fetch/)).toHaveLength(1);
    expect(holding(/lib\/wait\.js$/)).toHaveLength(1);
    expect(lazy).toHaveLength(6);
  });

  it("runs with web globals only (no process, require or Buffer) and a fetch stub: validation, submit, polls", async () => {
    const bundle = await build({
      stdin: { contents: ENTRY, resolveDir: consumer.dir, sourcefile: "entry.js" },
      bundle: true,
      format: "iife",
      globalName: "ModelsLabSDK",
      platform: "browser",
      write: false,
      logLevel: "silent",
    });
    const sent: { url: string; body: Record<string, unknown> }[] = [];
    const answers = [v6Processing(0.01), v6Processing(0.01), v6Success()];
    const fetchStub = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
      sent.push({ url: String(input), body: JSON.parse(String(init?.body)) as Record<string, unknown> });
      return new Response(JSON.stringify(answers[Math.min(sent.length - 1, answers.length - 1)]), { headers: { "content-type": "application/json" } });
    };
    const web = { fetch: fetchStub, Response, Request, Headers, FormData, Blob, URL, URLSearchParams, AbortController, AbortSignal, DOMException, TextEncoder, TextDecoder, Event, EventTarget, setTimeout, clearTimeout, console };
    const context = createContext(web);
    expect(runInContext("[typeof process, typeof require, typeof Buffer, typeof module, typeof global]", context)).toEqual(["undefined", "undefined", "undefined", "undefined", "undefined"]);

    runInContext(bundle.outputFiles[0]?.text ?? "", context, { filename: "modelslab-video.browser.js" });
    const outcome = await runInContext(
      `(async () => {
        const { ModelsLab, InvalidRequestError } = ModelsLabSDK;
        const ml = new ModelsLab({ apiKey: ${JSON.stringify(API_KEY)}, baseUrl: "https://api.example.test/api", wait: { schedule: { minIntervalMs: 5, maxIntervalMs: 50 } } });
        let invalid;
        try { await ml.img2video({ model_id: "wan2.2", init_image: "not a url" }); } catch (error) { invalid = error instanceof InvalidRequestError ? error.issues : String(error); }
        const video = await ml.img2video({ model_id: "wan2.2", init_image: "https://example.com/cat.png" }).wait();
        return JSON.stringify({ invalid, id: video.id, output: video.output, polls: video.polls });
      })()`,
      context,
    );
    expect(JSON.parse(String(outcome))).toEqual({
      invalid: [{ field: "init_image", rule: "format", message: expect.stringContaining("uri") }],
      id: String(V6_ID),
      output: v6Success().output,
      polls: 2,
    });
    expect(sent.map(({ url }) => url)).toEqual([
      "https://api.example.test/api/v6/video/img2video",
      `https://api.example.test/api/v6/video/fetch/${V6_ID}`,
      `https://api.example.test/api/v6/video/fetch/${V6_ID}`,
    ]);
    expect(sent.every(({ body }) => body.key === API_KEY)).toBe(true);
  });
});

describe("the GitHub Action (action.yml), its steps run as GitHub runs them", () => {
  const action = readAction(join(PROJECT_ROOT, "action.yml"));
  const SHIM = join(PROJECT_ROOT, "test", "action-npm-stand-in.mjs");

  /** The action on a docs checkout, with its default inputs: the package from the local registry (Prism from this project), the uses steps checked. */
  async function runOn(workspace: string): Promise<ActionRun & { npm: string[][]; uploaded: Record<string, string>[] }> {
    const temp = mkdtempSync(join(root, "runner-"));
    const bin = join(temp, "bin");
    mkdirSync(bin);
    const log = join(temp, "npm.log");
    writeFileSync(log, "");
    const realNpm = (await run("bash", ["-c", `command -v ${NPM}`])).stdout.trim();
    const stand = {
      STAND_IN_LOG: log,
      STAND_IN_PROJECT: PROJECT_ROOT,
      STAND_IN_REAL_NPM: realNpm,
      STAND_IN_PATH: process.env.PATH ?? "",
      STAND_IN_NPM_ARGS: JSON.stringify([`--userconfig=${registry.npmrc}`, `--cache=${join(root, "npm-cache")}`, `--registry=${registry.url}/`, "--ignore-scripts"]),
    };
    const exports = Object.entries(stand).map(([name, value]) => `export ${name}=${JSON.stringify(value)}`).join("\n");
    writeFileSync(join(bin, "npm"), `#!/usr/bin/env bash\n${exports}\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(SHIM)} "$@"\n`, { mode: 0o755 });
    const uploaded: Record<string, string>[] = [];
    const result = await runAction(action, {
      actionPath: PROJECT_ROOT,
      workspace,
      runnerTemp: join(temp, "runner"),
      inputs: {},
      path: [bin],
      uses: {
        "actions/setup-node": (_, inputs) => {
          // The pinned Node: the runner's (this test's) major version.
          expect(inputs["node-version"]).toMatch(/^20\.\d+\.\d+$/);
          expect(process.versions.node.split(".")[0]).toBe(inputs["node-version"]!.split(".")[0]);
        },
        "github/codeql-action/upload-sarif": (_, inputs) => {
          uploaded.push(inputs);
          const log = JSON.parse(readFileSync(inputs.sarif_file!, "utf8")) as { version: string; runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }[] }[] }[] };
          expect(log.version).toBe("2.1.0");
          // Code scanning resolves the results in the checkout it is given.
          for (const result of log.runs[0]!.results) {
            const artifact = result.locations[0]!.physicalLocation.artifactLocation;
            if (artifact.uriBaseId === "DOCSROOT") expect(readFileSync(join(inputs.checkout_path!, artifact.uri), "utf8").length).toBeGreaterThan(0);
          }
        },
      },
    });
    return { ...result, npm: readFileSync(log, "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line) as string[]), uploaded };
  }

  it("on today's docs: installs the published package's version with the pinned Prism peers, reports every finding as baselined, writes the summary, uploads SARIF, passes", async () => {
    const copy = docsRepoCopy();
    const run = await runOn(copy.repo);
    expect(run.npm).toHaveLength(1);
    expect(run.npm[0]).toEqual(expect.arrayContaining(["install", `modelslab-video@${manifest.version}`, "@stoplight/prism-core@5.8.0", "@stoplight/prism-http@5.12.0", "@stoplight/prism-http-server@5.12.2"]));
    const check = run.steps.find((step) => step.step.id === "check")!;
    expect(check.outputs["exit-code"], check.stderr).toBe("0");
    expect(check.stdout).toContain("contract: the docs repository at");
    expect(check.stdout).toContain("new: 0");
    expect(check.stdout).not.toMatch(/^::(error|warning) /m);
    expect(run.outputs["new-findings"]).toBe("0");
    expect(run.summary).toContain("# Contract report");
    expect(run.uploaded).toHaveLength(1);
    expect(run.uploaded[0]).toMatchObject({ category: "modelslab-video-contract", checkout_path: `${copy.repo}/.` });
    expect(run.steps.find((step) => step.step.name === "Fail on new findings")!.skipped).toBe(true);
    expect(run.exitCode).toBe(0);
    rmSync(dirname(copy.repo), { recursive: true, force: true });
  });

  it("on a pull request that adds a problem: annotates its line in the repository's file, fails on it alone", async () => {
    const copy = docsRepoCopy([{ uri: "video-api/img-to-video.mdx", base: "DOCSROOT", line: 8, before: "Generate videos from images.", after: "Generate vidoes from images." }]);
    const run = await runOn(copy.repo);
    const check = run.steps.find((step) => step.step.id === "check")!;
    expect(check.outputs["exit-code"]).toBe("1");
    expect(run.outputs["new-findings"]).toBe("1");
    const annotations = check.stdout.split("\n").filter((line) => /^::(error|warning) /.test(line));
    expect(annotations).toHaveLength(1);
    expect(annotations[0]).toMatch(/^::warning file=video-api\/img-to-video\.mdx,line=8,title=docs finding spelling-[0-9a-f]{10}::"vidoes" is not an English word/);
    expect(run.summary).toContain("**new**");
    expect(run.uploaded).toHaveLength(1);
    const fail = run.steps.find((step) => step.step.name === "Fail on new findings")!;
    expect(fail.skipped).toBe(false);
    expect(fail.exitCode).toBe(1);
    expect(run.exitCode).toBe(1);
    rmSync(dirname(copy.repo), { recursive: true, force: true });
  });

});
