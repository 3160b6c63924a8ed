/**
 * The built command line, as a subprocess, for each of its promises: one deadline for the whole
 * command (upload and download included), one output sink that ends quietly on a closed stdout
 * or stderr, SIGTERM and SIGHUP handled as Ctrl-C is, only http(s) output URLs, and answer
 * shapes the spec does not promise as exit 3 (never exit 1).
 */
import { createServer, type Server } from "node:http";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fault, reply, type Reply, type ScriptedServer } from "../contract-tests/harness/scripted-server.js";
import { builtCli, runCli, startCli } from "./built-cli.js";
import { serveFixture } from "./scripted-servers.js";
import { V6_ID, v6Processing, v6Success } from "./video-responses.js";

const KEY = "ml-cli-promises-9e2b4c6a1d3f5807";
const SUBMIT = "POST /v6/video/img2video";
const FETCH = "POST /v6/video/fetch/{id}";
const UPLOAD = "POST /v6/base64_to_url";
const IMAGE = "https://example.com/cat.png";
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
/** Slack over a run's own deadline on a loaded 2-core machine, node start-up included. */
const MARGIN_MS = 8_000;
const cli = builtCli();
const dir = mkdtempSync(join(tmpdir(), "modelslab-video-promises-"));

const test = it.extend<{ serve: (routes: Record<string, Reply[]>) => Promise<ScriptedServer>; stalling: () => Promise<string> }>({
  serve: serveFixture,
  /** A download server that sends headers and a first chunk, then nothing. */
  stalling: async ({}, use) => {
    const servers: Server[] = [];
    await use(async () => {
      const server = createServer((_request, response) => {
        response.writeHead(200, { "content-type": "video/mp4", "content-length": "1000000" });
        response.write(Buffer.alloc(10));
      });
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      return `http://127.0.0.1:${(server.address() as { port: number }).port}/video.mp4`;
    });
    for (const server of servers) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  },
});

function withKey(args: string[]) {
  return runCli(cli.bin, args, { env: { MODELSLAB_API_KEY: KEY } });
}

function expectNoStackTrace(text: string): void {
  expect(text).not.toMatch(/\n\s+at [\w.<>]+ \(|EPIPE|TypeError|node:internal/);
}

describe.concurrent("one deadline for the whole command", () => {
  test("--timeout bounds the upload of a local image that never answers: exit 4, nothing sent, no submit", async ({ serve }) => {
    const server = await serve({ [UPLOAD]: [fault.hang()], [SUBMIT]: [reply.json(200, v6Success())] });
    const image = join(dir, "cat.png");
    writeFileSync(image, PNG);
    const started = performance.now();
    const run = await withKey(["generate", "img2video", "--model", "wan2.2", "--image", image, "--timeout", "1", "--base-url", server.url]);
    expect(run.code).toBe(4);
    expect(performance.now() - started).toBeLessThan(1_000 + MARGIN_MS);
    expect(run.stderr).toMatch(/timed out: --timeout \(1(\.0)? s\) passed before the submit was answered; nothing was sent/);
    expect(server.requestsTo(SUBMIT)).toHaveLength(0);
    expect(run.stdout + run.stderr).not.toContain(KEY);
  });

  test("--timeout bounds the download: a stalled download ends at the deadline with exit 4, saying where the video is", async ({ serve, stalling }) => {
    const url = await stalling();
    const server = await serve({ [SUBMIT]: [fault.offContract(200, JSON.stringify({ ...v6Success(), output: [url] }))] });
    const started = performance.now();
    const run = await withKey(["generate", "img2video", "--model", "wan2.2", "--image", IMAGE, "--timeout", "4", "--out", join(dir, "out.mp4"), "--base-url", server.url]);
    expect(run.code).toBe(4);
    expect(performance.now() - started).toBeLessThan(4_000 + MARGIN_MS);
    expect(run.stderr).toContain(`passed during the download; the video is at ${url}`);
  });

  test("--timeout bounds a submit that never answers: exit 4, says it may have been queued", async ({ serve }) => {
    const server = await serve({ [SUBMIT]: [fault.hang()] });
    const run = await withKey(["generate", "img2video", "--model", "wan2.2", "--image", IMAGE, "--timeout", "3", "--base-url", server.url]);
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/may have been queued/);
    expect(server.requestsTo(SUBMIT)).toHaveLength(1);
  });
});

describe.concurrent("only http(s) output URLs; unpromised shapes are exit 3", () => {
  for (const url of ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,<b>x</b>", "ftp://example.com/v.mp4"]) {
    test(`an output "URL" ${url} is refused, exit 3, after waiting and with --no-wait`, async ({ serve }) => {
      const success = JSON.stringify({ ...v6Success(), output: [url] });
      const server = await serve({ [SUBMIT]: [fault.offContract(200, success)], [FETCH]: [fault.offContract(200, success)] });
      for (const extra of [[], ["--no-wait"]]) {
        const run = await withKey(["generate", "img2video", "--model", "wan2.2", "--image", IMAGE, ...extra, "--base-url", server.url]);
        expect(run.code).toBe(3);
        expect(run.stdout).toBe("");
        expect(run.stderr).toMatch(/not one printable http\(s\) URL/);
      }
      const waited = await withKey(["wait", String(V6_ID), "--family", "v6", "--base-url", server.url]);
      expect(waited.code).toBe(3);
    });
  }

  for (const [what, output] of [
    ["a string", "https://cdn.example/v.mp4"],
    ["numbers", [1, 2]],
    ["an object", { url: "https://cdn.example/v.mp4" }],
  ] as const) {
    test(`a success whose output is ${what} is exit 3 with a clear message, never a TypeError`, async ({ serve }) => {
      const server = await serve({ [SUBMIT]: [fault.offContract(200, JSON.stringify({ ...v6Success(), output }))] });
      for (const extra of [[], ["--no-wait"]]) {
        const run = await withKey(["generate", "img2video", "--model", "wan2.2", "--image", IMAGE, ...extra, "--base-url", server.url]);
        expect(run.code).toBe(3);
        expect(run.stderr).toMatch(/output is not a list of URLs/);
        expectNoStackTrace(run.stderr);
      }
    });
  }
});

describe.concurrent("one output sink: a closed stdout or stderr ends quietly, the exit code still says how the job ended", () => {
  for (const closed of ["stdout", "stderr"] as const) {
    test(`${closed} closed before the command writes: no stack trace, exit 0 for a finished job`, async ({ serve }) => {
      const server = await serve({ [SUBMIT]: [reply.json(200, v6Processing(0.001))], [FETCH]: [reply.json(200, v6Processing(0.001)), reply.json(200, v6Success())] });
      const running = startCli(cli.bin, ["generate", "img2video", "--model", "wan2.2", "--image", IMAGE, "--base-url", server.url], { env: { MODELSLAB_API_KEY: KEY } });
      running.child[closed].destroy();
      const run = await running.done;
      expect(run.code).toBe(0);
      expect(run.signal).toBeNull();
      expectNoStackTrace(run.stdout + run.stderr);
    });
  }

  test("stdout closed and the job failed: exit 3 still", async ({ serve }) => {
    const server = await serve({ [SUBMIT]: [reply.json(200, { status: "failed", id: V6_ID, message: "nope" })] });
    const running = startCli(cli.bin, ["generate", "img2video", "--model", "wan2.2", "--image", IMAGE, "--base-url", server.url], { env: { MODELSLAB_API_KEY: KEY } });
    running.child.stdout.destroy();
    running.child.stderr.destroy();
    const run = await running.done;
    expect(run.code).toBe(3);
  });
});

describe.concurrent("SIGTERM and SIGHUP are handled as Ctrl-C", () => {
  test("SIGTERM during the submit waits for its answer and prints the job id (exit 130)", async ({ serve }) => {
    const server = await serve({ [SUBMIT]: [fault.slow(1_500, reply.json(200, v6Processing(30)))], [FETCH]: [reply.json(200, v6Processing(30))] });
    const running = startCli(cli.bin, ["generate", "img2video", "--model", "wan2.2", "--image", IMAGE, "--base-url", server.url], { env: { MODELSLAB_API_KEY: KEY } });
    await server.received(1);
    running.child.kill("SIGTERM");
    await running.stderrMatches(/SIGTERM: waiting for the submit's answer/);
    const run = await running.done;
    expect(run.code).toBe(130);
    expect(run.stderr).toContain(`interrupted: job ${V6_ID} was queued and keeps running upstream`);
    expect(run.stderr).toMatch(new RegExp(`resume with: modelslab-video wait ${V6_ID} --family v6`));
  });

  test("SIGHUP while waiting stops (exit 130) and prints the resume command", async ({ serve }) => {
    const server = await serve({ [SUBMIT]: [reply.json(200, v6Processing(416.94))], [FETCH]: [reply.json(200, v6Success())] });
    const running = startCli(cli.bin, ["generate", "img2video", "--model", "wan2.2", "--image", IMAGE, "--base-url", server.url], { env: { MODELSLAB_API_KEY: KEY } });
    await running.stderrMatches(/resume with: .*\n/);
    running.child.kill("SIGHUP");
    const run = await running.done;
    expect(run.code).toBe(130);
    expect(run.stderr).toContain(`interrupted: stopped waiting for job ${V6_ID}; it keeps running upstream`);
  });
});
