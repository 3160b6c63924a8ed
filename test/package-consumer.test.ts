/**
 * The consumer project (test/published-package.ts: an empty project that ran `npm install
 * modelslab-video` against the run's registry): its programs in test/consumers are type-checked
 * under moduleResolution node16, nodenext and bundler and then run on this Node against a local
 * server.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import type * as TypeScript from "typescript";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reply, startScriptedServer, type ScriptedServer } from "../contract-tests/harness/scripted-server.js";
import { PROJECT_ROOT } from "../scripts/layout.js";
import { installedConsumer, manifest, RESOLUTIONS, type InstalledConsumer } from "./published-package.js";
import { typeCheckProject } from "./typecheck-program.js";
import { V6_ID, v6Processing, v6Success } from "./video-responses.js";

const run = promisify(execFile);
const API_KEY = "consumer-test-key";

/**
 * The declaration files (TypeScript's lib files, the package's .d.ts and its dependencies'), parsed
 * once for every type-check of the run (test/typecheck-program.ts).
 */
const declarationFiles = new Map<string, TypeScript.SourceFile | undefined>();

/**
 * The consumer's own type environment: Node's types, which the nodenext consumer takes from this
 * project's @types/node (and the undici types they bring), not from the package. Like TypeScript's
 * lib files (skipDefaultLibCheck) their declarations are not checked themselves; everything the
 * package and its dependencies declare is, and so is every use of Node's types in them.
 */
const CONSUMER_ENVIRONMENT = /[\\/]node_modules[\\/](@types[\\/]node|undici-types)[\\/]/;

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
  // tsc -p tsconfig.<resolution>.json in this process; a check of the same content that passed before answers at once (see the file).
  it.each(Object.keys(RESOLUTIONS))("type-checks under moduleResolution %s", (name) => {
    expect(typeCheckProject(join(consumer.dir, `tsconfig.${name}.json`), { declarationFiles, unchecked: CONSUMER_ENVIRONMENT }).output).toBe("");
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
