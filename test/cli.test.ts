/**
 * The `modelslab-video` command, built as `npm run build` builds it and run as a subprocess
 * against the scripted server (state, faults, recorded requests), a Prism mock of the merged
 * document, and its own --mock. A canary key goes through every run that has a key; it must
 * never reach stdout or stderr.
 */
import { execFile } from "node:child_process";
import { createServer, type IncomingMessage } from "node:http";
import { copyFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sharedPrism } from "../contract-tests/harness/shared-servers.js";
import { fault, MERGED_DOCUMENT, reply, type Reply, type ScriptedServer } from "../contract-tests/harness/scripted-server.js";
import { CONTRACT_OPTION_TABLE } from "../contract-tests/contract-options.js";
import { builtPrism } from "../contract-tests/launch.mjs";
import { PROJECT_ROOT } from "../scripts/layout.js";
import { builtCli, runCli, startCli, type CliRun } from "./built-cli.js";
import { serveFixture } from "./scripted-servers.js";
import { apiError, failed, V6_ID, V7_ID, v6Processing, v6Success, v7ProcessingWithoutId, v7Success } from "./video-responses.js";

const CANARY = "ml-canary-cli-8e21a4b9c7";
const SUBMIT = "POST /v6/video/img2video";
const ULTRA = "POST /v6/video/img2video_ultra";
const FETCH = "POST /v6/video/fetch/{id}";
const UPLOAD = "POST /v6/base64_to_url";
const IMAGE = "https://example.com/cat.png";
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 4]);

/** The run's build of the package (test/built-cli.ts). */
const cli = builtCli();

/** Tests of a group run concurrently: each gets `serve`, whose scripted servers stop when that test ends. */
const test = it.extend<{ serve: (routes: Record<string, Reply[]>) => Promise<ScriptedServer> }>({
  serve: serveFixture,
});

const tempDir = () => mkdtempSync(join(tmpdir(), "modelslab-video-cli-"));

/** Runs the bin with the canary key in MODELSLAB_API_KEY and checks the key appears in neither stream. */
async function withKey(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const run = await runCli(cli.bin, args, { env: { MODELSLAB_API_KEY: CANARY, ...env } });
  expect(run.stdout).not.toContain(CANARY);
  expect(run.stderr).not.toContain(CANARY);
  return run;
}

function expectContractRequests(server: ScriptedServer): void {
  expect(server.requests.filter((r) => r.violations.length > 0 || r.route === "unscripted")).toEqual([]);
}

const USAGE_LINE = /^Usage: modelslab-video generate <img2video\|img2video-ultra\|fusion-img2video\|enterprise-img2video\|enterprise-img2video-ultra> --image/m;

describe("the built bin", () => {
  it("is package.json's bin, starts with a shebang and is executable", () => {
    const { bin } = JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as { bin: Record<string, string> };
    expect(bin).toEqual({ "modelslab-video": "dist/src/cli/main.js" });
    expect(readFileSync(cli.bin, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
    expect(statSync(cli.bin).mode & 0o111).toBe(0o111);
  });
});

describe.concurrent("usage", () => {
  it("--help for each command prints its usage and an example, exit 0", async () => {
    for (const [args, usage, example] of [
      [["--help"], /Usage: modelslab-video <generate\|wait\|batch\|contract>/, /modelslab-video generate img2video --mock --model wan2.2 --image https:\/\/example.com\/cat.png/],
      [["generate", "--help"], USAGE_LINE, /Example:\n {2}modelslab-video generate img2video --model wan2.2 --image https:\/\/example.com\/cat.png/],
      [["wait", "-h"], /^Usage: modelslab-video wait <id\|fetch_result URL>/m, /Example:\n {2}modelslab-video wait 155918900 --family v6/],
      [["contract", "--help"], /^Usage: modelslab-video contract \[--docs DIR\]/m, /Example:\n {2}modelslab-video contract --docs/],
      [["batch", "--help"], /^Usage: modelslab-video batch FILE --endpoint NAME --journal/m, /Example:\n {2}modelslab-video batch cats.jsonl --endpoint img2video --journal cats.db/],
    ] as const) {
      const run = await runCli(cli.bin, [...args]);
      expect(run.code, args.join(" ")).toBe(0);
      expect(run.stdout).toMatch(usage);
      expect(run.stdout).toMatch(example);
    }
  });

  it("--version prints package.json's version, exit 0", async () => {
    const { version } = JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as { version: string };
    for (const flag of ["--version", "-v"]) {
      const run = await runCli(cli.bin, [flag]);
      expect(run.code, flag).toBe(0);
      expect(run.stdout, flag).toBe(`${version}\n`);
      expect(run.stderr, flag).toBe("");
    }
  });

  it("contract takes the options of npm run contract's table: --help lists each, a bad value is exit 2 before any check", async () => {
    const help = await runCli(cli.bin, ["contract", "--help"]);
    for (const option of CONTRACT_OPTION_TABLE) expect(help.stdout).toMatch(new RegExp(`^ {2}--${option.flag}\\b.* {2}\\S`, "m"));
    const bad = await runCli(cli.bin, ["contract", "--format", "xml"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error: --format must be text, sarif, github, not "xml"$/m);
    expect(bad.stderr).toMatch(/^Usage: modelslab-video contract \[--docs DIR\] \[--docs-repo DIR\] \[--reports DIR\] \[--no-responses\] \[--format text\|sarif\|github\]/m);
    expect(bad.stdout).toBe("");
  });

  it("generate <endpoint> --help lists that endpoint's fields for --set, typed", async () => {
    const run = await runCli(cli.bin, ["generate", "img2video-ultra", "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ {2}num_frames\s+integer; default 81/m);
    expect(run.stdout).toMatch(/^ {2}seed\s+integer\|null/m);
    expect(run.stdout).not.toMatch(/^ {2}key\s/m);
  });

  it("unknown flags, missing values, unknown endpoints and commands are errors with the usage line, exit 2", async () => {
    for (const args of [
      ["generate", "img2video", "--model", "wan2.2", "--image", IMAGE, "--frames", "9"],
      ["generate", "img2video", "--model", "wan2.2", "--image"],
      ["generate", "img2video"],
      ["generate", "img2vid", "--image", IMAGE],
      ["generate", "img2video", "--model", "wan2.2", "--image", IMAGE, "--set", "num_frames"],
      ["generate", "img2video", "--model", "wan2.2", "--image", IMAGE, "--timeout", "soon"],
      ["generate", "img2video", "--model", "wan2.2", "--image", IMAGE, "--mock", "--base-url", "http://127.0.0.1:9"],
    ]) {
      const run = await runCli(cli.bin, args);
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stderr, args.join(" ")).toMatch(/^error: .+/m);
      expect(run.stderr, args.join(" ")).toMatch(USAGE_LINE);
      expect(run.stdout).toBe("");
    }
    const wait = await runCli(cli.bin, ["wait", "155918900"]);
    expect(wait.code).toBe(2);
    expect(wait.stderr).toMatch(/a bare id needs --family/);
    expect(wait.stderr).toMatch(/^Usage: modelslab-video wait /m);
    const unknown = await runCli(cli.bin, ["render"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^Usage: modelslab-video <generate\|wait\|batch\|contract>/m);
  });

  it("each command loads only what it needs: no MCP SDK, zod, batch journal, contract runner or --mock's Prism for help, version, generate and wait", async () => {
    // A module hook of Node's (on its own thread) appends every ES module it loads to a file.
    const hook = `import { appendFileSync } from "node:fs"; export async function load(url, context, next) { appendFileSync(process.env.MODULE_LOG, url + "\\n"); return next(url, context); }`;
    const register = `import { register } from "node:module"; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});`;
    // The bin is a bundle (scripts/build.ts): a file of it stands for the source modules it holds,
    // each under esbuild's `// src/...ts` line, named here as tsc's file of that module would be.
    const binDir = dirname(cli.bin);
    const sourcesIn = (file: string) => [...readFileSync(file, "utf8").matchAll(/^\/\/ ((?:src|generated|contract-tests)\/[\w/.-]+)\.ts$/gm)].map((match) => `bundled:/${match[1]}.js`);
    const loaded = async (args: string[], env: Record<string, string> = {}): Promise<string[]> => {
      const log = join(tempDir(), "modules.txt");
      writeFileSync(log, "");
      const running = startCli(cli.bin, args, { env: { ...env, MODULE_LOG: log }, node: ["--import", `data:text/javascript,${encodeURIComponent(register)}`] });
      running.child.stdin.end(); // nothing to read: `mcp` on stdio ends as its client is gone
      await running.done;
      const urls = readFileSync(log, "utf8").split("\n").filter(Boolean);
      return [...urls, ...urls.filter((url) => url.startsWith(`file://${binDir}/`)).flatMap((url) => sourcesIn(fileURLToPath(url)))];
    };
    // Every file of the bundle names its modules (a file without code of its own only re-exports a chunk's).
    expect(sourcesIn(cli.bin)).toContain("bundled:/src/cli/main.js");
    const reexportOnly = (file: string) => readFileSync(file, "utf8").replace(/^(?:import|export)\b[^;]*;\s*/gm, "").trim() === "";
    expect(readdirSync(binDir).filter((file) => file.endsWith(".js") && sourcesIn(join(binDir, file)).length === 0 && !reexportOnly(join(binDir, file)))).toEqual([]);
    // --mock's code (the in-process Prism, the stand-in output files) loads only with --mock.
    const heavy = /\/node_modules\/(@modelcontextprotocol|zod|zod-to-json-schema|pg|better-sqlite3|@stoplight)\/|\/src\/(mcp|journal)\/|\/src\/cli\/(mcp-command|batch-command|contract-command|mock-prism|mock-files)\.js$|\/contract-tests\/harness\/prism-mock\.js$/;
    for (const args of [
      ["--help"],
      ["--version"],
      ["generate", "--help"],
      ["generate", "img2video-ultra", "--help"],
      ["wait", "--help"],
      ["contract", "--help"],
      ["generate", "img2video", "--model", "wan2.2", "--image", IMAGE, "--base-url", "http://127.0.0.1:9"],
      ["wait", "155918900"],
    ]) {
      const modules = await loaded(args);
      expect(modules, args.join(" ")).toContain(`file://${cli.bin}`);
      expect(modules, args.join(" ")).toContain("bundled:/src/cli/main.js");
      expect(modules.filter((url) => heavy.test(url)), args.join(" ")).toEqual([]);
    }
    const mcpHelp = await loaded(["mcp", "--help"]);
    expect(mcpHelp.some((url) => url.endsWith("/src/cli/mcp-command.js"))).toBe(true);
    expect(mcpHelp.filter((url) => /\/node_modules\/(@modelcontextprotocol|zod)\//.test(url))).toEqual([]);
    const batchHelp = await loaded(["batch", "--help"]);
    expect(batchHelp.filter((url) => /\/node_modules\/(@modelcontextprotocol|zod|pg|better-sqlite3)\/|\/src\/mcp\//.test(url))).toEqual([]);
    // `mcp` on stdio loads the SDK's stdio transport, not its HTTP one (nor the HTTP server that brings).
    const mcpStdio = await loaded(["mcp", "--base-url", "http://127.0.0.1:9"], { MODELSLAB_API_KEY: CANARY });
    expect(mcpStdio.some((url) => url.endsWith("/@modelcontextprotocol/sdk/dist/esm/server/stdio.js"))).toBe(true);
    expect(mcpStdio).toContain("bundled:/src/mcp/transports.js");
    expect(mcpStdio.filter((url) => /\/server\/streamableHttp\.js$|\/node_modules\/@hono\//.test(url))).toEqual([]);
  });

  it("refuses the key as a flag value without printing it", async () => {
    for (const flag of [["--key", CANARY], [`--key=${CANARY}`], ["--api-key", CANARY]]) {
      const run = await runCli(cli.bin, ["generate", "img2video", "--model", "wan2.2", "--image", IMAGE, ...flag]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/never a flag value.*MODELSLAB_API_KEY.*--key-file/);
      expect(run.stderr + run.stdout).not.toContain(CANARY);
    }
  });

  it("without a key (and without --mock) says where a key comes from, exit 2", async () => {
    const run = await runCli(cli.bin, ["generate", "img2video", "--model", "wan2.2", "--image", IMAGE, "--base-url", "http://127.0.0.1:9"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no API key: set MODELSLAB_API_KEY or use --key-file FILE/);
  });
});

describe.concurrent("generate against the scripted server", () => {
  test("exit 0: prints the output URLs, one a line; the request carries the canary key and fields typed by the schema", async ({ serve }) => {
    const server = await serve({ [ULTRA]: [reply.json(200, { ...v6Success(), output: ["https://cdn.example.com/a.mp4", "https://cdn.example.com/b.mp4"] })] });
    const run = await withKey(["generate", "img2video-ultra", "--image", IMAGE, "--prompt", "waves", "--set", "num_frames=81", "--set", "portrait=true", "--set", "seed=null", "--base-url", server.url]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("https://cdn.example.com/a.mp4\nhttps://cdn.example.com/b.mp4\n");
    expect(server.requestsTo(ULTRA).map((r) => r.body)).toEqual([
      { model_id: "wan2.2", prompt: "waves", num_frames: 81, portrait: true, seed: null, init_image: IMAGE, key: CANARY },
    ]);
    expectContractRequests(server);
  });

  test("a string field stays a string: v7 duration=5 is sent as \"5\"", async ({ serve }) => {
    const server = await serve({ "POST /v7/video-fusion/image-to-video": [reply.json(200, v7Success())] });
    const run = await withKey(["generate", "fusion-img2video", "--model", "wan2.6-i2v", "--image", IMAGE, "--set", "duration=5", "--base-url", server.url, "--quiet"]);
    expect(run.code).toBe(0);
    expect(server.requests[0]?.body).toMatchObject({ model_id: "wan2.6-i2v", duration: "5" });
    expect(run.stderr).toBe("");
  });

  test("exit 0 after polling: the job id and the exact resume command on stderr as soon as the submit answers; --json prints the final response", async ({ serve }) => {
    const server = await serve({ [SUBMIT]: [reply.json(200, v6Processing(1))], [FETCH]: [reply.json(200, v6Processing(1.2)), reply.json(200, v6Success())] });
    const run = await withKey(["generate", "img2video", "--model", "wan2.2", "--image", IMAGE, "--json", "--base-url", server.url]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(v6Success());
    const lines = run.stderr.split("\n");
    const queued = lines.indexOf(`job ${V6_ID} (v6) queued · resume with: modelslab-video wait ${V6_ID} --family v6 --base-url ${server.url}`);
    expect(queued).toBe(1);
    expect(lines[queued + 1]).toMatch(new RegExp(`^job ${V6_ID}: processing · eta 1 s · elapsed \\d+ s · poll 1$`));
    expect(lines[queued + 2]).toMatch(/^job \d+: done in \d+ s after 2 polls$/);
    expect(server.requestsTo(SUBMIT)).toHaveLength(1);
    expect(server.requestsTo(FETCH).map((r) => r.body)).toEqual([{ key: CANARY }, { key: CANARY }]);
    expectContractRequests(server);
  });

  test("--no-wait prints the job id (and with --json the first answer) and exits 0 without polling", async ({ serve }) => {
    const server = await serve({ [SUBMIT]: [reply.json(200, v6Processing())] });
    const plain = await withKey(["generate", "img2video", "--model", "wan2.2", "--image", IMAGE, "--no-wait", "--base-url", server.url]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toBe(`${V6_ID}\n`);
    const json = await withKey(["generate", "img2video", "--model", "wan2.2", "--image", IMAGE, "--no-wait", "--json", "--base-url", server.url]);
    expect(JSON.parse(json.stdout)).toEqual(v6Processing());
    expect(server.requestsTo(FETCH)).toHaveLength(0);
  });

  test("a local image is sent as base64 on an endpoint that accepts it", async ({ serve }) => {
    const server = await serve({ [ULTRA]: [reply.json(200, v6Success())] });
    const file = join(tempDir(), "frame.png");
    writeFileSync(file, PNG);
    const run = await withKey(["generate", "img2video-ultra", "--image", file, "--prompt", "waves", "--base-url", server.url]);
    expect(run.code).toBe(0);
    expect(server.requests[0]?.body).toMatchObject({ init_image: `data:image/png;base64,${PNG.toString("base64")}`, base64: true });
    expectContractRequests(server);
  });

  test("a local image on an endpoint that takes a URL is uploaded through base64_to_url first; one submit, with the URL", async ({ serve }) => {
    const uploaded = "https://pub-3626123a908346a7a8be8d9295f44e26.r2.dev/generations/4321.png";
    const server = await serve({ [UPLOAD]: [reply.json(200, { status: "success", id: 4321, output: [uploaded] })], [SUBMIT]: [reply.json(200, v6Success())] });
    const file = join(tempDir(), "frame.png");
    writeFileSync(file, PNG);
    const run = await withKey(["generate", "img2video", "--model", "wan2.2", "--image", file, "--base-url", server.url]);
    expect(run.code, run.stderr).toBe(0);
    expect(server.requests.map((r) => r.route)).toEqual([UPLOAD, SUBMIT]);
    expect(server.requestsTo(UPLOAD)[0]?.body).toEqual({ key: CANARY, base64_string: `data:image/png;base64,${PNG.toString("base64")}` });
    expect(server.requestsTo(SUBMIT)[0]?.body).toMatchObject({ init_image: uploaded });
    expect(run.stderr).toMatch(/uploading .*frame\.png through base64_to_url first .*expires in 24 hours/);
    expectContractRequests(server);
  });

  test("exit 2, nothing sent: a 6 MB image, a file that is not an image, a directory", async ({ serve }) => {
    const server = await serve({ [UPLOAD]: [reply.json(200, { status: "success", id: 1, output: ["https://example.com/a.png"] })], [SUBMIT]: [reply.json(200, v6Success())] });
    const dir = tempDir();
    const big = join(dir, "big.png");
    writeFileSync(big, Buffer.concat([PNG, Buffer.alloc(6_000_000)]));
    const tooBig = await withKey(["generate", "img2video", "--model", "wan2.2", "--image", big, "--base-url", server.url]);
    expect(tooBig.code).toBe(2);
    expect(tooBig.stderr).toMatch(/big\.png is 6,000,020 bytes; ModelsLab takes images of at most 5 MB/);
    const text = join(dir, "notes.png");
    writeFileSync(text, "not an image");
    const notImage = await withKey(["generate", "img2video-ultra", "--image", text, "--prompt", "x", "--base-url", server.url]);
    expect(notImage.code).toBe(2);
    expect(notImage.stderr).toMatch(/init_image: is not a PNG, JPEG, GIF or WebP image/);
    const directory = await withKey(["generate", "img2video", "--model", "wan2.2", "--image", dir, "--base-url", server.url]);
    expect(directory.code).toBe(2);
    expect(directory.stderr).toMatch(/is not a regular file/);
    expect(server.requests).toHaveLength(0);
  });

  test("exit 2, nothing sent: a value the schema rejects, an unknown field", async ({ serve }) => {
    const server = await serve({ [SUBMIT]: [reply.json(200, v6Success())] });
    const tooMany = await withKey(["generate", "img2video", "--model", "wan2.2", "--image", IMAGE, "--set", "num_frames=99", "--base-url", server.url]);
    expect(tooMany.code).toBe(2);
    expect(tooMany.stderr).toMatch(/nothing was sent:\n {2}- num_frames: must be <= 25 \(maximum\)/);
    const notInteger = await withKey(["generate", "img2video", "--model", "wan2.2", "--image", IMAGE, "--set", "num_frames=many", "--base-url", server.url]);
    expect(notInteger.code).toBe(2);
    expect(notInteger.stderr).toMatch(/num_frames: must be integer, not "many"/);
    const unknown = await withKey(["generate", "img2video", "--model", "wan2.2", "--image", IMAGE, "--set", "frames=9", "--base-url", server.url]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/frames: is not a field of img2video/);
    expect(server.requests).toHaveLength(0);
  });

  test("exit 3: the API refuses the key (echoing it back), and the generation fails", async ({ serve }) => {
    const refused = await serve({ [SUBMIT]: [reply.json(401, apiError(`Invalid API key ${CANARY}`))] });
    const auth = await withKey(["generate", "img2video", "--model", "wan2.2", "--image", IMAGE, "--base-url", refused.url]);
    expect(auth.code).toBe(3);
    expect(auth.stderr).toMatch(/^error: .*401/m);
    const failing = await serve({ [SUBMIT]: [reply.json(200, v6Processing(1))], [FETCH]: [reply.json(200, failed(`content policy (key ${CANARY})`))] });
    const generation = await withKey(["generate", "img2video", "--model", "wan2.2", "--image", IMAGE, "--base-url", failing.url]);
    expect(generation.code).toBe(3);
    expect(generation.stderr, generation.stderr).toMatch(new RegExp(`^error: Generation ${V6_ID} failed: content policy`, "m"));
    expect(generation.stdout).toBe("");
  });

  test("exit 3: an HTML error page instead of an answer", async ({ serve }) => {
    const server = await serve({ [SUBMIT]: [fault.htmlPage(502)] });
    const run = await withKey(["generate", "img2video", "--model", "wan2.2", "--image", IMAGE, "--base-url", server.url]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/Unexpected response \(HTTP 502/);
    expect(server.requestsTo(SUBMIT)).toHaveLength(1);
  });

  test("exit 4: --timeout ends the wait and prints the resume command; the job may still finish", async ({ serve }) => {
    const server = await serve({ [SUBMIT]: [reply.json(200, v6Processing(416.94))], [FETCH]: [reply.json(200, v6Processing(400))] });
    // --timeout covers the submit too: long enough that the submit answers first on a busy machine.
    const run = await withKey(["generate", "img2video", "--model", "wan2.2", "--image", IMAGE, "--timeout", "3", "--base-url", server.url]);
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(new RegExp(`timed out after \\d+ s waiting for job ${V6_ID}; it may still finish\\nresume with: modelslab-video wait ${V6_ID} --family v6 --base-url ${server.url.replace(/[.]/g, "\\.")}\\n`));
    expect(run.stdout).toBe("");
  });

  test("--out downloads the first output (without the key) and writes the file", async ({ serve }) => {
    const video = Buffer.alloc(300_000, 7);
    const downloads: IncomingMessage[] = [];
    const files = createServer((request, response) => {
      downloads.push(request);
      response.writeHead(200, { "content-type": "video/mp4", "content-length": video.length }).end(video);
    });
    await new Promise<void>((resolve) => files.listen(0, "127.0.0.1", resolve));
    const address = files.address();
    const fileUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/video/${V6_ID}.mp4`;
    try {
      const server = await serve({ [SUBMIT]: [reply.json(200, { ...v6Success(), output: [fileUrl, "https://cdn.example.com/second.mp4"] })] });
      const out = join(tempDir(), "cat.mp4");
      const run = await withKey(["generate", "img2video", "--model", "wan2.2", "--image", IMAGE, "--out", out, "--base-url", server.url]);
      expect(run.code).toBe(0);
      expect(readFileSync(out).equals(video)).toBe(true);
      expect(run.stderr).toContain(`saved ${out} (0.3 MB)`);
      expect(run.stdout).toBe(`${fileUrl}\nhttps://cdn.example.com/second.mp4\n`);
      expect(downloads.map((request) => request.url)).toEqual([`/video/${V6_ID}.mp4`]);
      expect(JSON.stringify(downloads.map((request) => request.headers))).not.toContain(CANARY);
    } finally {
      await new Promise<void>((resolve) => files.close(() => resolve()));
    }
  });

  test("--out fails with exit 3 when the video cannot be downloaded, leaving no file", async ({ serve }) => {
    const server = await serve({ [SUBMIT]: [reply.json(200, { ...v6Success(), output: [`${"http://127.0.0.1:9"}/gone.mp4`] })] });
    const out = join(tempDir(), "cat.mp4");
    const run = await withKey(["generate", "img2video", "--model", "wan2.2", "--image", IMAGE, "--out", out, "--base-url", server.url]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/could not download http:\/\/127\.0\.0\.1:9\/gone\.mp4/);
    expect(() => statSync(out)).toThrow();
    expect(() => statSync(`${out}.part`)).toThrow();
  });

  test("--key-file reads the key from a file and the resume command names the file", async ({ serve }) => {
    const server = await serve({ [SUBMIT]: [reply.json(200, v6Processing(1))], [FETCH]: [reply.json(200, v6Success())] });
    const keyFile = join(tempDir(), "key");
    writeFileSync(keyFile, `${CANARY}\n`);
    const run = await runCli(cli.bin, ["generate", "img2video", "--model", "wan2.2", "--image", IMAGE, "--key-file", keyFile, "--base-url", server.url]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`resume with: modelslab-video wait ${V6_ID} --family v6 --base-url ${server.url} --key-file ${keyFile}`);
    expect(run.stdout + run.stderr).not.toContain(CANARY);
    expect(server.requests.map((r) => (r.body as { key?: string }).key)).toEqual([CANARY, CANARY]);
  });
});

describe.concurrent("wait against the scripted server", () => {
  test("resumes from a fetch_result URL (the family comes from its path) and prints the URLs", async ({ serve }) => {
    const server = await serve({ "POST /v7/video-fusion/fetch/{id}": [reply.json(200, v7Success())] });
    const run = await withKey(["wait", v7ProcessingWithoutId().fetch_result, "--base-url", server.url]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${v7Success().output[0]}\n`);
    expect(server.requests.map((r) => r.path)).toEqual([`/v7/video-fusion/fetch/${V7_ID}`]);
  });

  test("resumes from an id with --family; --json prints the final response; failures exit 3", async ({ serve }) => {
    const server = await serve({ [FETCH]: [reply.json(200, v6Success())] });
    const run = await withKey(["wait", String(V6_ID), "--family", "v6", "--json", "--base-url", server.url]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(v6Success());
    const failing = await serve({ [FETCH]: [reply.json(200, failed())] });
    expect((await withKey(["wait", String(V6_ID), "--family", "v6", "--base-url", failing.url])).code).toBe(3);
  });
});

describe("Ctrl-C", () => {
  test("while waiting: stops (exit 130) and prints the resume command again; the job keeps running upstream", async ({ serve }) => {
    const server = await serve({ [SUBMIT]: [reply.json(200, v6Processing(416.94))], [FETCH]: [reply.json(200, v6Success())] });
    const running = startCli(cli.bin, ["generate", "img2video", "--model", "wan2.2", "--image", IMAGE, "--base-url", server.url], { env: { MODELSLAB_API_KEY: CANARY } });
    await running.stderrMatches(/resume with: .*\n/);
    running.child.kill("SIGINT");
    const run = await running.done;
    expect(run.code).toBe(130);
    const resume = `resume with: modelslab-video wait ${V6_ID} --family v6 --base-url ${server.url}`;
    expect(run.stderr.split(resume)).toHaveLength(3);
    expect(run.stderr).toContain(`interrupted: stopped waiting for job ${V6_ID}; it keeps running upstream\n${resume}\n`);
    expect(server.requestsTo(FETCH)).toHaveLength(0);
    expect(run.stdout + run.stderr).not.toContain(CANARY);
  });

  test("during the submit: the first waits for the answer to learn the job id, a second quits at once (exit 130)", async ({ serve }) => {
    const server = await serve({ [SUBMIT]: [fault.hang()] });
    const running = startCli(cli.bin, ["generate", "img2video", "--model", "wan2.2", "--image", IMAGE, "--base-url", server.url], { env: { MODELSLAB_API_KEY: CANARY } });
    await server.received(1);
    running.child.kill("SIGINT");
    await running.stderrMatches(/press Ctrl-C again to quit now/);
    expect(running.child.exitCode).toBeNull();
    running.child.kill("SIGINT");
    const run = await running.done;
    expect(run.code).toBe(130);
    expect(run.stderr).toMatch(/interrupted before the submit was answered: it may have been queued \(and billed\)/);
  });
});

describe("against Prism", () => {
  const prism = sharedPrism();

  it("generate follows Prism's named examples (v7: processing without id → fetch success); --json parses", async () => {
    const run = await withKey(["generate", "fusion-img2video", "--model", "wan2.6-i2v", "--image", IMAGE, "--json", "--base-url", prism.url]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: "success", id: V7_ID, output: [expect.stringMatching(/^https:\/\//)] });
    expect(run.stderr).toContain(`job ${V7_ID} (v7) queued · resume with: modelslab-video wait ${V7_ID} --family v7 --base-url ${prism.url}`);
  });
});

/**
 * Node's flags for a run that writes to `file`, as it exits, how many modules of Prism's packages
 * (@stoplight/) it required one by one: none when it loaded them from the Prism bundle.
 */
function countingPrismModules(file: string): string[] {
  const hook = `import { createRequire } from "node:module"; import { writeFileSync } from "node:fs"; const { cache } = createRequire("/"); process.on("exit", () => writeFileSync(${JSON.stringify(file)}, String(Object.keys(cache).filter((path) => path.includes("/node_modules/@stoplight/")).length)));`;
  return ["--import", `data:text/javascript,${encodeURIComponent(hook)}`];
}

describe("--mock", () => {
  it("runs the README's command end to end with no key: submit → poll → done, then stops its mock; in a checkout Prism's libraries come from the bundle npm run contract keeps", async () => {
    // The bundle `npm run contract` keeps for this checkout (made now if no check ran yet here).
    expect(await builtPrism()).toBeDefined();
    const required = join(tempDir(), "required.txt");
    const readme = readFileSync(join(PROJECT_ROOT, "README.md"), "utf8");
    const firstBlock = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] ?? "").find((block) => block.includes("npx modelslab-video ")) ?? "";
    const command = firstBlock.split("\n").find((line) => line.startsWith("npx modelslab-video "));
    expect(command).toBe("npx modelslab-video generate img2video --mock --model wan2.2 --image https://example.com/cat.png");
    expect(firstBlock.indexOf("npm run build")).toBeGreaterThanOrEqual(0);
    expect(firstBlock.indexOf("npm run build")).toBeLessThan(firstBlock.indexOf(command!));
    const run = await runCli(cli.bin, command!.split(" ").slice(2), { node: countingPrismModules(required) });
    expect(run.code).toBe(0);
    expect(readFileSync(required, "utf8")).toBe("0");
    // The mock's output URL is a stand-in the command serves itself on loopback.
    expect(run.stdout).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/mock-output/${V6_ID}\\.mp4\n$`));
    expect(run.stderr).toContain(`job ${V6_ID} (v6) queued · resume with: modelslab-video wait ${V6_ID} --family v6 --mock`);
    expect(run.stderr).toMatch(/done in \d+ s after 1 poll/);
    const mockUrl = /Prism is listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(run.stderr)?.[1];
    expect(mockUrl).toBeDefined();
    await expect(fetch(`${mockUrl}/v6/video/fetch/1`, { method: "POST", body: "{}" })).rejects.toThrow();
  });

  it("wait --mock resumes a job against the mock; --json prints the fetch endpoint's success example; installed (no checkout above it), Prism's libraries load module by module", async () => {
    // The package as installed: its manifest and dist/, the dependencies in a node_modules beside them.
    const installed = tempDir();
    cpSync(cli.outDir, join(installed, "dist"), { recursive: true });
    copyFileSync(join(PROJECT_ROOT, "package.json"), join(installed, "package.json"));
    symlinkSync(join(PROJECT_ROOT, "node_modules"), join(installed, "node_modules"));
    const required = join(installed, "required.txt");
    const run = await runCli(join(installed, "dist", relative(cli.outDir, cli.bin)), ["wait", "98765", "--family", "enterprise", "--mock", "--json", "--quiet"], { node: countingPrismModules(required) });
    expect(run.code).toBe(0);
    expect(Number(readFileSync(required, "utf8"))).toBeGreaterThan(100);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: "success", id: 98765 });
    expect(run.stderr).toBe("");
  });
});

describe("contract", () => {
  it("runs the contract check of the checkout it belongs to, --format sarif printing the whole SARIF report into a slow pipe", async () => {
    const reports = tempDir();
    // The reader starts a second late: by then a writer that exits without waiting has lost all
    // but the pipe's buffer (64 KiB) of a report well over 100 kB.
    const pipeline = 'node "$0" contract --no-responses --reports "$1" --format sarif | { sleep 1; cat; }; exit "${PIPESTATUS[0]}"';
    const run = await new Promise<{ code: number | null; stdout: string }>((done, fail) => {
      execFile("bash", ["-c", pipeline, cli.bin, reports], { cwd: PROJECT_ROOT, maxBuffer: 64 * 1024 * 1024, env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" } }, (error, stdout) =>
        error && typeof (error as { code?: unknown }).code !== "number" ? fail(error) : done({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout }),
      );
    });
    expect(run.code).toBe(0);
    expect(Buffer.byteLength(run.stdout)).toBeGreaterThan(100_000);
    const sarif = JSON.parse(run.stdout) as { version: string; runs: { results: unknown[] }[] };
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0]!.results.length).toBeGreaterThan(0);
    expect(sarif).toEqual(JSON.parse(readFileSync(join(reports, "contract-report.sarif"), "utf8")));
  }, 60_000);
});
