/**
 * The built `modelslab-video` command, as a subprocess, through the hostile classes that reach a
 * command line: special files named as the image or key file, a bad --base-url or --out, server
 * text with terminal control sequences, an output URL with whitespace, a redirect, a stalled
 * submit under --timeout, and --mock --out staying on the machine. Each row is written to
 * reports/hostile-cli.json: submits that reached the server, third-party requests carrying the
 * key, time to settle, exit code.
 */
import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fault, reply, startScriptedServer, type Reply, type ScriptedServer } from "../contract-tests/harness/scripted-server.js";
import { startThirdParty, type ThirdParty } from "../contract-tests/harness/third-party.js";
import { PROJECT_ROOT } from "../scripts/layout.js";
import { MOCK_VIDEO } from "../src/cli/mock-files.js";
import { builtCli, runCli, type CliRun } from "./built-cli.js";
import { V7_ID, v6Processing, v6Success, v7ProcessingWithoutId } from "./video-responses.js";

const KEY = "ml-cli-hostile-4b8d1e6f20a9c735";
const SUBMIT = "POST /v6/video/img2video";
const ULTRA = "POST /v6/video/img2video_ultra";
const IMAGE = "https://example.com/cat.png";
/** Slack for a loaded 2-core CI machine over each run's own deadline (node start-up included). */
const MARGIN_MS = 8_000;

const cli = builtCli();

interface Row {
  attack: string;
  test: string;
  submits: number;
  keyToThirdParty: number;
  settledMs: number;
  deadlineMs: number;
  exit: number | null;
}
const rows: Row[] = [];
const stops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const stop of stops) await stop();
  mkdirSync(join(PROJECT_ROOT, "reports"), { recursive: true });
  writeFileSync(join(PROJECT_ROOT, "reports", "hostile-cli.json"), `${JSON.stringify(rows, null, 2)}\n`);
});

const dir = mkdtempSync(join(tmpdir(), "modelslab-video-hostile-"));

async function serve(routes: Record<string, Reply[]>): Promise<ScriptedServer> {
  const server = await startScriptedServer({ routes });
  stops.push(server.stop);
  return server;
}

let third: ThirdParty;
beforeAll(async () => {
  third = await startThirdParty();
  stops.push(third.stop);
});

/** Runs the command with the key, checks the promises (≤ 1 submit, 0 keys elsewhere, settled in time, key never printed) and records the row. */
async function attack(name: string, test: string, server: ScriptedServer | undefined, deadlineMs: number, args: string[]): Promise<CliRun> {
  const before = third.carrying(KEY).length;
  const started = performance.now();
  const run = await runCli(cli.bin, args, { env: { MODELSLAB_API_KEY: KEY } });
  const settledMs = Math.round(performance.now() - started);
  const submits = server ? server.requests.filter((r) => !r.path.includes("/fetch/")).length : 0;
  const keyToThirdParty = third.carrying(KEY).length - before;
  rows.push({ attack: name, test: `test/cli-hostile.test.ts > ${test}`, submits, keyToThirdParty, settledMs, deadlineMs, exit: run.code });
  expect(submits).toBeLessThanOrEqual(1);
  expect(keyToThirdParty).toBe(0);
  expect(settledMs).toBeLessThan(deadlineMs + MARGIN_MS);
  expect(run.stdout + run.stderr).not.toContain(KEY);
  return run;
}

describe("special files are refused with exit 2 before anything is sent", () => {
  const fifo = join(dir, "pipe");
  const folder = join(dir, "folder");
  const huge = join(dir, "huge.png");
  beforeAll(() => {
    execFileSync("mkfifo", [fifo]);
    mkdirSync(folder);
    const png = Buffer.alloc(5_000_001);
    png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    writeFileSync(huge, png);
  });
  const cases: [string, string, RegExp][] = [
    ["/dev/zero as --image", "/dev/zero", /--image: \/dev\/zero is not a regular file \(it is a character device\)/],
    ["a FIFO as --image", fifo, /--image: .*pipe is not a regular file \(it is a FIFO/],
    ["a directory as --image", folder, /--image: .*folder is not a regular file \(it is a directory\)/],
    ["a 5 MB + 1 byte file as --image", huge, /--image: .*huge\.png is 5,000,001 bytes; ModelsLab takes images of at most 5 MB/],
  ];
  for (const [what, file, message] of cases) {
    it(what, async () => {
      const server = await serve({ [ULTRA]: [reply.json(200, v6Processing())] });
      const run = await attack(what, what, server, 0, ["generate", "img2video-ultra", "--image", file, "--base-url", server.url]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(server.requests).toHaveLength(0);
    });
  }
  for (const [what, file, message] of [
    ["/dev/zero as --key-file", "/dev/zero", /--key-file: \/dev\/zero is not a regular file \(it is a character device\)/],
    ["a FIFO as --key-file", fifo, /--key-file: .*pipe is not a regular file \(it is a FIFO/],
  ] as const) {
    it(what, async () => {
      const server = await serve({ [SUBMIT]: [reply.json(200, v6Processing())] });
      const run = await attack(what, what, server, 0, ["generate", "img2video", "--model", "wan2.2", "--image", IMAGE, "--key-file", file, "--base-url", server.url]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(server.requests).toHaveLength(0);
    });
  }

  it("a key file holding a key with a space inside is refused, never printed", async () => {
    const server = await serve({ [SUBMIT]: [reply.json(200, v6Processing())] });
    const keyFile = join(dir, "spaced-key");
    writeFileSync(keyFile, `${KEY.slice(0, 8)} ${KEY.slice(8)}\n`);
    const run = await attack("API key with a space (key file)", "API key with a space", server, 0, ["generate", "img2video", "--model", "wan2.2", "--image", IMAGE, "--key-file", keyFile, "--base-url", server.url]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/apiKey: contains whitespace or control characters/);
    expect(run.stderr).not.toContain(KEY.slice(8));
  });

  it("a bad --base-url and an unwritable --out are exit 2 before the submit", async () => {
    const server = await serve({ [SUBMIT]: [reply.json(200, v6Success())] });
    for (const [what, args, message] of [
      ["--base-url ftp://", ["--base-url", "ftp://127.0.0.1/api"], /baseUrl: .*must be http\(s\)/],
      ["--base-url not a URL", ["--base-url", "not a url"], /baseUrl: .*is not a URL/],
      ["--out in a missing directory", ["--base-url", server.url, "--out", join(dir, "missing", "cat.mp4")], /--out: cannot write in/],
      ["--out a directory", ["--base-url", server.url, "--out", folder], /--out: .* is a directory/],
    ] as const) {
      const run = await attack(what, "a bad --base-url and an unwritable --out", server, 0, ["generate", "img2video", "--model", "wan2.2", "--image", IMAGE, ...args]);
      expect(run.code, what).toBe(2);
      expect(run.stderr, what).toMatch(message);
    }
    expect(server.requests).toHaveLength(0);
  });
});

describe("output hygiene", () => {
  it("server text with control sequences and line breaks is printed escaped", async () => {
    const server = await serve({
      "POST /v7/video-fusion/image-to-video": [reply.json(200, { ...v7ProcessingWithoutId(0.001), message: "ok" })],
      "POST /v7/video-fusion/fetch/{id}": [reply.json(200, { status: "failed", id: V7_ID, message: "boom\u001b[2J\u001b]0;pwned\u0007\nerror: FORGED LINE\u009b31m\u202e" })],
    });
    const run = await attack("control characters in a failure message", "server text with control sequences", server, 60_000, [
      "generate",
      "fusion-img2video",
      "--model",
      "wan2.6-i2v",
      "--image",
      IMAGE,
      "--base-url",
      server.url,
    ]);
    expect(run.code).toBe(3);
    expect(run.stderr).not.toMatch(/[\u001b\u0007\u009b\u202e]/);
    expect(run.stderr).not.toMatch(/^error: FORGED LINE/m);
    expect(run.stderr).toContain("boom\\x1b[2J\\x1b]0;pwned\\x07\\nerror: FORGED LINE\\x9b31m\\u202e");
  });

  it("an output URL with whitespace or a line break is refused, exit 3; stdout stays empty", async () => {
    const server = await serve({
      [SUBMIT]: [fault.offContract(200, JSON.stringify({ ...v6Success(), output: ["https://cdn.example.com/a.mp4\nhttps://evil.example/b.mp4"] }))],
    });
    const run = await attack("output URL with a line break", "an output URL with whitespace", server, 60_000, ["generate", "img2video", "--model", "wan2.2", "--image", IMAGE, "--base-url", server.url]);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/not one printable http\(s\) URL; refused/);
  });

  it("--json escapes C1 controls and bidi overrides that JSON.stringify leaves raw", async () => {
    const server = await serve({ [SUBMIT]: [reply.json(200, { ...v6Success(), meta: { note: "a\u009b2Jb\u202ec" } })] });
    const run = await attack("C1 controls in --json output", "--json escapes C1 controls", server, 60_000, ["generate", "img2video", "--model", "wan2.2", "--image", IMAGE, "--json", "--base-url", server.url]);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/[\u009b\u202e]/);
    expect(JSON.parse(run.stdout).meta.note).toBe("a\u009b2Jb\u202ec");
  });
});

describe("the network", () => {
  it("--timeout bounds a submit that never answers: exit 4, one submit, says it may have been queued", async () => {
    const server = await serve({ [SUBMIT]: [fault.hang()] });
    // The deadline covers the whole command from its start (setup included): 3 s lets a loaded
    // machine reach the submit before it passes.
    const run = await attack("--timeout 3 on a submit that never answers", "--timeout bounds a stalled submit", server, 3_000, [
      "generate",
      "img2video",
      "--model",
      "wan2.2",
      "--image",
      IMAGE,
      "--timeout",
      "3",
      "--base-url",
      server.url,
    ]);
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/may have been queued/);
    expect(server.requests).toHaveLength(1);
  });

  it("a redirect to a submit is not followed: exit 3, nothing reaches the third party", async () => {
    const server = await serve({ [SUBMIT]: [fault.redirect(307, `${third.url}/v6/video/img2video`)] });
    const run = await attack("307 to a submit (CLI)", "a redirect to a submit", server, 60_000, ["generate", "img2video", "--model", "wan2.2", "--image", IMAGE, "--base-url", server.url]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/redirect to .* not followed.*may have been queued/);
    expect(third.requests).toHaveLength(0);
  });

  it("a download that stalls after its headers ends at the idle timeout instead of hanging", async () => {
    // A file host that sends headers and 10 of 1 000 000 bytes, then nothing.
    const files = createServer((_request, response) => {
      response.writeHead(200, { "content-type": "video/mp4", "content-length": 1_000_000 });
      response.write(Buffer.alloc(10));
    });
    await new Promise<void>((resolve) => files.listen(0, "127.0.0.1", resolve));
    stops.push(async () => {
      files.closeAllConnections();
      await new Promise<void>((resolve) => files.close(() => resolve()));
    });
    const address = files.address();
    const fileUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/video.mp4`;
    const server = await serve({ [SUBMIT]: [reply.json(200, { ...v6Success(), output: [fileUrl] })] });
    const out = join(dir, "stalled.mp4");
    const started = performance.now();
    const run = await runCli(cli.bin, ["generate", "img2video", "--model", "wan2.2", "--image", IMAGE, "--out", out, "--base-url", server.url], {
      env: { MODELSLAB_API_KEY: KEY, MODELSLAB_DOWNLOAD_IDLE_TIMEOUT: "0.5" },
    });
    rows.push({ attack: "download stalls after its headers (idle timeout 0.5 s)", test: "test/cli-hostile.test.ts > a download that stalls", submits: server.requests.length, keyToThirdParty: 0, settledMs: Math.round(performance.now() - started), deadlineMs: 500, exit: run.code });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/could not download .*: no data for 0\.5 s/);
    expect(() => readFileSync(out)).toThrow();
  });
});

describe("--mock means no network", () => {
  it("--mock --out downloads the stand-in video the command serves on loopback", async () => {
    const out = join(dir, "mock.mp4");
    const run = await attack("--mock --out", "--mock --out", undefined, 60_000, ["generate", "img2video", "--model", "wan2.2", "--mock", "--image", IMAGE, "--out", out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mock-output\/\d+\.mp4\n$/);
    expect(new Uint8Array(readFileSync(out))).toEqual(MOCK_VIDEO);
  });
});
