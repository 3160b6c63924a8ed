/**
 * `modelslab-video batch` in process (src/cli/batch-command.ts) against the batch server: the live
 * line on a terminal, one line per change otherwise, the summary table, stdout per item, and the
 * exit codes 0, 3 and 5.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { reply } from "../contract-tests/harness/scripted-server.js";
import { runBatchCommand } from "../src/cli/batch-command.js";
import { startBatchServer, type BatchServer } from "./batch-server.js";
import { scriptedServerPerTest } from "./scripted-servers.js";

const servers: BatchServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop();
});
const scripted = scriptedServerPerTest();

function terminal(isTTY: boolean) {
  const out = { text: "", write: (chunk: string) => ((out.text += chunk), true) };
  const err = { text: "", isTTY, write: (chunk: string) => ((err.text += chunk), true) };
  return { stdout: out, stderr: err, env: { MODELSLAB_API_KEY: "k-batch-cli" } };
}

function batchFile(lines: number): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), "modelslab-batch-cli-"));
  const file = join(dir, "items.jsonl");
  writeFileSync(file, Array.from({ length: lines }, (_, i) => JSON.stringify({ model_id: "wan2.2", init_image: "https://example.com/cat.png", prompt: `item ${i}` })).join("\n"));
  return { dir, file };
}

describe("modelslab-video batch (in process)", () => {
  it("on a terminal: one live line redrawn in place, then the summary table; exit 0 with every item done and downloaded", async () => {
    const server = await startBatchServer({ limit: 3, jobMs: 30, videoBytes: 1000 });
    servers.push(server);
    const { dir, file } = batchFile(6);
    const term = terminal(true);
    const code = await runBatchCommand([file, "--endpoint", "img2video", "--journal", join(dir, "j.db"), "--concurrency", "3", "--out-dir", join(dir, "out"), "--base-url", server.url], term);
    expect(code).toBe(0);
    expect(term.stderr.text).toContain("\r\x1b[2Kdone ");
    expect(term.stderr.text).toMatch(/done 6 · queued 0 · pending 0 · failed 0 · unknown 0 · elapsed \d+ s/);
    expect(term.stderr.text).toMatch(/summary\n {2}pending +0\n[\s\S]* {2}done +6\n[\s\S]* {2}total +6\n/);
    expect(term.stdout.text.trim().split("\n").filter((line) => line.startsWith("done "))).toHaveLength(6);
    expect(term.stdout.text).toContain(join(dir, "out"));
  });

  it("elsewhere: one line per change; a failed item is exit 3, an unknown one exit 5 and is never sent again", async () => {
    const server = await scripted({
      "POST /v6/video/img2video": [reply.json(400, { status: "error", message: "bad image" }), reply.json(500, { status: "error", message: "Server Error" })],
      "POST /v6/processing/request_count": [reply.json(200, { status: "success", processing_count: 0 })],
    });
    const { dir, file } = batchFile(1);
    const journal = join(dir, "j.db");
    const args = [file, "--endpoint", "img2video", "--journal", journal, "--base-url", server.url];
    const first = terminal(false);
    expect(await runBatchCommand(args, first)).toBe(3);
    expect(first.stderr.text).toMatch(/^\[\d+ s\] [0-9a-f]{32}: submitting \(done 0 · queued 1 · pending 0/m);
    expect(first.stderr.text).toMatch(/: failed — ModelsLab answered HTTP 400: bad image/);
    expect(first.stderr.text).not.toContain("\x1b[2K");

    const { file: other } = batchFile(2);
    const second = terminal(false);
    expect(await runBatchCommand([other, "--endpoint", "img2video", "--journal", join(dir, "k.db"), "--base-url", server.url, "--concurrency", "1"], second)).toBe(5);
    expect(second.stdout.text).toMatch(/^unknown [0-9a-f]{32} track_id [0-9a-f]{32}$/m);
    const sent = server.requestsTo("POST /v6/video/img2video").length;
    expect(await runBatchCommand([other, "--endpoint", "img2video", "--journal", join(dir, "k.db"), "--base-url", server.url], terminal(false))).toBe(5);
    expect(server.requestsTo("POST /v6/video/img2video")).toHaveLength(sent);
  });
});
