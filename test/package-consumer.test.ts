/**
 * The consumer project (test/published-package.ts: an empty project that ran `npm install
 * modelslab-video` against the run's registry): its programs in test/consumers are type-checked
 * under moduleResolution node16, nodenext and bundler and then run on this Node against a local
 * server.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import type * as TypeScript from "typescript";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reply, startScriptedServer, type ScriptedServer } from "../contract-tests/harness/scripted-server.js";
import { PROJECT_ROOT } from "../scripts/layout.js";
import { installedConsumer, manifest, RESOLUTIONS, type InstalledConsumer } from "./published-package.js";
import { V6_ID, v6Processing, v6Success } from "./video-responses.js";

const run = promisify(execFile);
/**
 * TypeScript by require: its 9 MB CommonJS file imported as an ES module is first scanned for its
 * exports (cjs-module-lexer) and its format, about a second of CPU; require compiles it only.
 */
const ts = createRequire(import.meta.url)("typescript") as typeof TypeScript;
const API_KEY = "consumer-test-key";

/**
 * The declaration files (TypeScript's lib files, the package's .d.ts and its dependencies'), parsed
 * once for every type-check of the run: by file and by how the file is parsed (language version and
 * module format), which is all a resolution changes in them.
 */
const declarationFiles = new Map<string, TypeScript.SourceFile | undefined>();

/**
 * The consumer's own type environment: Node's types, which the nodenext consumer takes from this
 * project's @types/node (and the undici types they bring), not from the package. Like TypeScript's
 * lib files (skipDefaultLibCheck) their declarations are not checked themselves; everything the
 * package and its dependencies declare is, and so is every use of Node's types in them.
 */
const CONSUMER_ENVIRONMENT = /[\\/]node_modules[\\/](@types[\\/]node|undici-types)[\\/]/;

/**
 * `tsc -p <config>` in this process: one TypeScript load for every resolution, each declaration file
 * parsed once. Returns what tsc prints (the diagnostics; nothing when the check passes), but for the
 * declarations of the consumer's environment (CONSUMER_ENVIRONMENT), and emits like tsc.
 */
function typeCheck(config: string): string {
  const format: TypeScript.FormatDiagnosticsHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => dirname(config), getNewLine: () => "\n" };
  const parsed = ts.getParsedCommandLineOfConfigFile(config, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.formatDiagnostics([d], format)); } });
  if (!parsed) throw new Error(`${config}: not read`);
  const host = ts.createCompilerHost(parsed.options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, version, ...rest) => {
    if (!/\.d\.[cm]?ts$/.test(fileName)) return read(fileName, version, ...rest);
    const key = `${fileName} ${JSON.stringify(version)}`;
    if (!declarationFiles.has(key)) declarationFiles.set(key, read(fileName, version, ...rest));
    return declarationFiles.get(key);
  };
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, host, configFileParsingDiagnostics: parsed.errors });
  // What ts.getPreEmitDiagnostics(program) gathers, in its order, file by file.
  const diagnostics = [...program.getConfigFileParsingDiagnostics(), ...program.getOptionsDiagnostics()];
  for (const file of program.getSourceFiles()) diagnostics.push(...program.getSyntacticDiagnostics(file));
  diagnostics.push(...program.getGlobalDiagnostics());
  for (const file of program.getSourceFiles()) if (!CONSUMER_ENVIRONMENT.test(file.fileName)) diagnostics.push(...program.getSemanticDiagnostics(file));
  if (parsed.options.declaration || parsed.options.composite) for (const file of program.getSourceFiles()) diagnostics.push(...program.getDeclarationDiagnostics(file));
  // File by file: an emit of the whole program would type-check every file first, the skipped ones too.
  const emitted = program.getRootFileNames().flatMap((name) => program.emit(program.getSourceFile(name)).diagnostics);
  return ts.formatDiagnostics([...ts.sortAndDeduplicateDiagnostics(diagnostics), ...emitted], format);
}

let consumer: InstalledConsumer;

// Packing every runtime dependency (the MCP SDK brings about a hundred), publishing them and the
// install take minutes on a busy machine.
beforeAll(async () => {
  consumer = await installedConsumer();
}, 420_000);

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
