/**
 * The package as another repository gets it: packed, published on a real registry (verdaccio on
 * loopback) and installed by `npm install modelslab-video` in an empty project, once per run
 * (test/published-package.ts); this file checks the round trip, the tarball (publint, attw), the
 * runtime dependencies and the `.` entry bundled for browsers with esbuild and run in a context
 * that has web globals only. test/package-consumer.test.ts type-checks and runs the consumer's
 * programs; test/action.test.ts runs the GitHub Action on the published package.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { createContext, runInContext } from "node:vm";
import { build } from "esbuild";
import { publint } from "publint";
import { formatMessage } from "publint/utils";
import { beforeAll, describe, expect, it } from "vitest";
import { sharedPrism } from "../contract-tests/harness/shared-servers.js";
import { PROJECT_ROOT } from "../scripts/layout.js";
import { builtCli } from "./built-cli.js";
import { installedConsumer, manifest, type InstalledConsumer, type PackageJson } from "./published-package.js";
import { V6_ID, v6Processing, v6Success } from "./video-responses.js";

const run = promisify(execFile);
const ATTW = join(PROJECT_ROOT, "node_modules", "@arethetypeswrong", "cli", "dist", "index.js");
const API_KEY = "consumer-test-key";

let consumer: InstalledConsumer;

// Packing every runtime dependency (the MCP SDK brings about a hundred), publishing them and the
// install take minutes on a busy machine.
beforeAll(async () => {
  consumer = await installedConsumer();
}, 420_000);

describe("publishing", () => {
  it("npm publish puts the packed tarball on a registry, and npm install modelslab-video in an empty project installs exactly it from there", () => {
    console.log(`registry round trip (verdaccio on ${consumer.registryUrl}):\n${[...consumer.publishOutput, ...consumer.installOutput].join("\n")}`);
    const lock = JSON.parse(readFileSync(join(consumer.dir, "package-lock.json"), "utf8")) as { packages: Record<string, { version?: string; resolved?: string; integrity?: string }> };
    const entry = lock.packages[`node_modules/${manifest.name}`];
    expect(entry?.version, JSON.stringify(entry)).toBe(manifest.version);
    // The registry's own tarball of the package, byte for byte the one npm pack made; nothing else
    // has a modelslab-video to install.
    expect(entry?.integrity).toBe(`sha512-${createHash("sha512").update(readFileSync(consumer.tarball)).digest("base64")}`);
    // Buffer.equals: toEqual walks a Buffer byte by byte (about 2 s of CPU for the half-megabyte tarball).
    const stored = readFileSync(join(consumer.root, "registry", "storage", manifest.name, `${manifest.name}-${manifest.version}.tgz`));
    expect(stored.equals(readFileSync(consumer.tarball)), "the registry's stored tarball is byte for byte npm pack's").toBe(true);
    const dependencies = (JSON.parse(readFileSync(join(consumer.dir, "package.json"), "utf8")) as PackageJson).dependencies;
    expect(dependencies).toEqual({ [manifest.name]: `^${manifest.version}` });
    // Every package installed came from the local registry (npm records `resolved` unless configured not to).
    expect(Object.entries(lock.packages).filter(([key, value]) => key !== "" && value.resolved !== undefined && !value.resolved.startsWith(`${consumer.registryUrl}/`))).toEqual([]);
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

describe("the . entry in a browser bundle", () => {
  const ENTRY = `export * from ${JSON.stringify(manifest.name)};`;

  it("bundles for the browser, validation and local-image handling in chunks of their own loaded on demand", async () => {
    const result = await build({
      stdin: { contents: ENTRY, resolveDir: consumer.dir, sourcefile: "entry.js" },
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "browser",
      outdir: join(consumer.root, "browser-split"),
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
    // What loads on demand, from the entry or from a chunk it loaded on demand: the validation chunk (the calls' chunk loads it),
    // raw's openapi-fetch, and one chunk (src/lib/deferred.ts) with the calls, the local images, the batch runner, the
    // polling of a wait and the queue count; nothing else.
    const lazyChunks = new Set<string>();
    const loadsOnDemand = (output: (typeof outputs)[number] | undefined) => {
      for (const chunk of output?.imports ?? [])
        if (chunk.kind === "dynamic-import" && !lazyChunks.has(chunk.path)) {
          lazyChunks.add(chunk.path);
          loadsOnDemand(result.metafile.outputs[chunk.path]);
        }
    };
    loadsOnDemand(entry);
    // A chunk of no code of its own (esbuild's stand-in for a module whose code sits in a shared chunk, as the transport's
    // judging of a failed connection does) adds nothing to load.
    const lazy = [...lazyChunks].map((path) => Object.keys(result.metafile.outputs[path]?.inputs ?? {})).filter((inputs) => inputs.length > 0);
    const holding = (pattern: RegExp) => lazy.filter((inputs) => inputs.some((input) => pattern.test(input)));
    expect(holding(/request-validation/)).toHaveLength(1);
    expect(holding(/local-images/)).toHaveLength(1);
    expect(holding(/lib\/batch\.js$/)).toHaveLength(1);
    expect(holding(/queue-count/)).toHaveLength(1);
    expect(holding(/openapi-fetch/)).toHaveLength(1);
    expect(holding(/lib\/wait\.js$/)).toHaveLength(1);
    expect(lazy).toHaveLength(3);
    // Validation is a chunk of its own, not part of the calls' chunk.
    expect(holding(/request-validation/)[0]!.some((input) => /local-images|lib\/wait\.js$/.test(input))).toBe(false);
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
