/**
 * `modelslab-video mcp` as a subprocess (the built bin), driven by the MCP SDK's own client over
 * stdio: the tool list (each input schema checked against its endpoint's request schema),
 * generate → wait with progress notifications against a scripted API, one submit per call, the
 * spend limit, elicitation, upload_image's directories, a hostile API, and --mock.
 */
import { mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { CallToolResultSchema, ElicitRequestSchema, type CallToolResult, type Progress } from "@modelcontextprotocol/sdk/types.js";
import Ajv2020Module from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { afterEach, describe, expect, it } from "vitest";
import { fault, MERGED_DOCUMENT, reply, type Reply } from "../contract-tests/harness/scripted-server.js";
import { requestSchemas } from "../generated/request-schemas.js";
import { readYaml } from "../scripts/yaml-io.js";
import { builtCli } from "./built-cli.js";
import { scriptedServerPerTest } from "./scripted-servers.js";
import { IMG2VIDEO, V6_ID, v6Processing, v6Success } from "./video-responses.js";

const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;
const KEY = "mcp-secret-key-4b9d7f31c2e8a6";
const SUBMIT = "POST /v6/video/img2video";
const FETCH = "POST /v6/video/fetch/{id}";
const UPLOAD = "POST /v6/base64_to_url";
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);

const serve = scriptedServerPerTest();
const clients: Client[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) await client.close().catch(() => {});
});

interface Started {
  client: Client;
  stderr(): string;
}

async function startMcp(args: string[], options: { env?: Record<string, string>; elicit?: (message: string) => { action: "accept" | "decline" | "cancel"; content?: Record<string, unknown> } } = {}): Promise<Started> {
  const { bin } = builtCli();
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [bin, "mcp", ...args],
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...options.env },
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const client = new Client({ name: "test-agent", version: "1.0.0" }, { capabilities: options.elicit ? { elicitation: { form: {} } } : {} });
  if (options.elicit) {
    const elicit = options.elicit;
    client.setRequestHandler(ElicitRequestSchema, (request) => elicit(String(request.params.message)));
  }
  await client.connect(transport);
  clients.push(client);
  return { client, stderr: () => stderr };
}

async function call(client: Client, name: string, args: Record<string, unknown>, onprogress?: (progress: Progress) => void): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args }, CallToolResultSchema, onprogress ? { onprogress, timeout: 60_000 } : { timeout: 60_000 })) as CallToolResult;
}

function structured(result: CallToolResult): Record<string, unknown> {
  return result.structuredContent as Record<string, unknown>;
}

type MergedDocument = { paths: Record<string, Record<string, { operationId?: string; requestBody?: { content: Record<string, { schema: { $ref: string } }> } }>>; components: { schemas: Record<string, Record<string, unknown>> } };
/** The merged document (its parse kept by content, scripts/yaml-io.ts), read once for every tool's schema and never changed. */
let mergedDocument: MergedDocument | undefined;

/** The merged document's request body schema of an operation, as the tool must offer it: no `key`, no x- extensions. */
function documentSchema(operationId: string): Record<string, unknown> {
  const document = (mergedDocument ??= readYaml(MERGED_DOCUMENT, "generated/openapi.yaml") as MergedDocument);
  const operation = Object.values(document.paths).flatMap((item) => Object.values(item)).find((each) => each.operationId === operationId)!;
  const name = operation.requestBody!.content["application/json"]!.schema.$ref.split("/").at(-1)!;
  const strip = (value: unknown): unknown =>
    Array.isArray(value) ? value.map(strip) : typeof value === "object" && value !== null ? Object.fromEntries(Object.entries(value).filter(([key]) => !key.startsWith("x-") || false).map(([key, child]) => [key, strip(child)])) : value;
  const component = document.components.schemas[name]!;
  // A request that is one schema per model (v7's oneOf on model_id) is one object schema with its
  // models as oneOf branches (scripts/request-schemas.ts): each branch one of the document's.
  if (Array.isArray(component.oneOf)) {
    const generated = requestSchemas[operationId as keyof typeof requestSchemas] as { oneOf?: unknown[]; properties: Record<string, unknown> };
    expect(generated.oneOf).toHaveLength(component.oneOf.length);
    expect(Object.keys(generated.properties)).toEqual(expect.arrayContaining(["model_id", "init_image", "prompt"]));
    return generated as Record<string, unknown>;
  }
  const schema = strip(component) as { properties: Record<string, unknown>; required?: string[] };
  const { key: _key, ...properties } = schema.properties;
  const required = (schema.required ?? []).filter((field) => field !== "key");
  const { required: _r, properties: _p, ...rest } = schema as Record<string, unknown>;
  return { ...rest, properties, ...(required.length ? { required } : {}) };
}

const apiEnv = (url: string) => ({ MODELSLAB_API_KEY: KEY, MODELSLAB_BASE_URL: url });

function expectNoKey(value: unknown, stderr: string): void {
  const text = JSON.stringify(value);
  for (const form of [KEY, encodeURIComponent(KEY), btoa(KEY).slice(0, 20)]) {
    expect(text).not.toContain(form);
    expect(stderr).not.toContain(form);
  }
}

describe("modelslab-video mcp (stdio, the SDK's client)", () => {
  it("lists one tool per submit endpoint, each input schema the endpoint's request schema without key, plus the job tools", async () => {
    const api = await serve({});
    const { client } = await startMcp([], { env: apiEnv(api.url) });
    const { tools } = await client.listTools();
    const table = tools.map((tool) => ({ name: tool.name, schemaBytes: JSON.stringify(tool.inputSchema).length, fields: Object.keys(tool.inputSchema.properties ?? {}).length, annotations: tool.annotations, billed: tool._meta?.["modelslab-video/billed"] }));
    console.log(`mcp tools:\n${table.map((row) => `  ${row.name.padEnd(38)} ${String(row.schemaBytes).padStart(5)} B, ${String(row.fields).padStart(2)} fields, readOnly=${row.annotations?.readOnlyHint} idempotent=${row.annotations?.idempotentHint} openWorld=${row.annotations?.openWorldHint} billed=${row.billed}`).join("\n")}`);
    expect(tools.map((tool) => tool.name)).toEqual([
      "generate_img2video",
      "generate_img2video_ultra",
      "generate_fusion_img2video",
      "generate_enterprise_img2video",
      "generate_enterprise_img2video_ultra",
      "get_job",
      "wait_for_job",
      "list_jobs",
      "upload_image",
    ]);
    const operations = ["submitV6Img2Video", "submitV6Img2VideoUltra", "submitV7ImageToVideo", "submitEnterpriseImg2Video", "submitEnterpriseUltraImg2Video"];
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    for (const [index, operationId] of operations.entries()) {
      const tool = tools[index]!;
      expect(tool.inputSchema).toEqual(documentSchema(operationId));
      expect(JSON.stringify(tool.inputSchema)).not.toMatch(/"key"/);
      expect(tool.annotations).toMatchObject({ readOnlyHint: false, idempotentHint: false, destructiveHint: false, openWorldHint: true });
      expect(tool._meta?.["modelslab-video/billed"]).toBe(true);
      expect(tool.description).toMatch(/COSTS MONEY/);
      ajv.compile(tool.inputSchema);
    }
    const v6 = ajv.compile(tools[0]!.inputSchema);
    expect(v6(IMG2VIDEO)).toBe(true);
    expect(v6({ ...IMG2VIDEO, num_frames: 1000 })).toBe(false);
    expect(v6({ ...IMG2VIDEO, model_id: "nope" })).toBe(false);
    for (const tool of tools.slice(5)) expect(tool._meta?.["modelslab-video/billed"]).toBe(false);
    expect(tools.find((tool) => tool.name === "get_job")!.annotations).toMatchObject({ readOnlyHint: true, idempotentHint: true });
    expect(api.requests).toEqual([]);
  });

  it("generate → wait_for_job: one submit, progress notifications from eta, then the video (an agent's session)", async () => {
    const api = await serve({
      [SUBMIT]: [reply.json(200, v6Processing(2))],
      [FETCH]: [reply.json(200, v6Processing(1.5)), reply.json(200, v6Processing(0.5)), reply.json(200, v6Success())],
    });
    const { client, stderr } = await startMcp([], { env: apiEnv(api.url) });
    const transcript: string[] = [];
    const submitted = await call(client, "generate_img2video", { ...IMG2VIDEO });
    transcript.push(`→ tools/call generate_img2video ${JSON.stringify(IMG2VIDEO)}`, `← ${JSON.stringify(submitted.structuredContent)}`);
    expect(submitted.isError).toBeFalsy();
    expect(structured(submitted)).toMatchObject({ job_id: String(V6_ID), family: "v6", status: "processing", eta_seconds: 2, submits_used: 1, max_submits: 10 });
    const progress: Progress[] = [];
    transcript.push(`→ tools/call wait_for_job {"job_id":"${V6_ID}","family":"v6","timeout_seconds":45} (with a progressToken)`);
    const done = await call(client, "wait_for_job", { job_id: String(V6_ID), family: "v6", timeout_seconds: 45 }, (each) => {
      progress.push(each);
      transcript.push(`  ← notifications/progress ${JSON.stringify(each)}`);
    });
    transcript.push(`← ${JSON.stringify(done.structuredContent)}`);
    const listed = await call(client, "list_jobs", {});
    transcript.push("→ tools/call list_jobs {}", `← ${JSON.stringify(listed.structuredContent)}`);
    console.log(`agent session (scripted API):\n${transcript.join("\n")}`);
    expect(done.isError).toBeFalsy();
    expect(structured(done)).toMatchObject({ status: "success", job_id: String(V6_ID), output: v6Success().output, polls: 3 });
    expect(progress.length).toBe(2);
    expect(progress.map((each) => each.message)).toEqual([expect.stringMatching(/^processing, eta 1.5 s/), expect.stringMatching(/^processing, eta 0.5 s/)]);
    expect(progress[1]!.progress).toBeGreaterThan(progress[0]!.progress);
    expect(structured(listed).jobs).toEqual([expect.objectContaining({ id: String(V6_ID), family: "v6", status: "success", tool: "generate_img2video" })]);
    expect(api.requestsTo(SUBMIT)).toHaveLength(1);
    expect(api.requestsTo(SUBMIT)[0]!.body).toEqual({ ...IMG2VIDEO, key: KEY });
    expect(api.requests.filter((request) => request.violations.length > 0)).toEqual([]);
    expectNoKey([submitted, done, listed], stderr());
  });

  it("the same generate twice is two jobs, and the second result names the first; wait_for_job returns the job when its time is up", async () => {
    const api = await serve({ [SUBMIT]: [reply.json(200, v6Processing(30, 111)), reply.json(200, v6Processing(30, 222))], [FETCH]: [reply.json(200, v6Processing(30, 111))] });
    const { client } = await startMcp([], { env: apiEnv(api.url) });
    const first = structured(await call(client, "generate_img2video", { ...IMG2VIDEO }));
    const second = structured(await call(client, "generate_img2video", { prompt: IMG2VIDEO.prompt, init_image: IMG2VIDEO.init_image, model_id: IMG2VIDEO.model_id }));
    expect([first.job_id, second.job_id]).toEqual(["111", "222"]);
    expect(first.same_arguments_earlier).toBeUndefined();
    expect(second).toMatchObject({ same_arguments_earlier: ["111"], note: expect.stringMatching(/NEW job.*first: 111/) });
    expect(api.requestsTo(SUBMIT)).toHaveLength(2);
    const started = Date.now();
    const waited = await call(client, "wait_for_job", { job_id: "111", family: "v6", timeout_seconds: 1.5 });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(waited.isError).toBeFalsy();
    expect(structured(waited)).toMatchObject({ status: "processing", job_id: "111", family: "v6", next: expect.stringMatching(/call wait_for_job again/) });
    const got = await call(client, "get_job", { job_id: "111", family: "v6" });
    expect(structured(got)).toMatchObject({ status: "processing", job_id: "111", eta_seconds: 30 });
  });

  it("the spend limit: a submit past --max-submits is a tool error, nothing sent; one that sent nothing gives its place back", async () => {
    const api = await serve({ [SUBMIT]: [reply.json(200, v6Processing(30))] });
    const { client } = await startMcp(["--max-submits", "1"], { env: apiEnv(api.url) });
    const invalid = await call(client, "generate_img2video", { ...IMG2VIDEO, num_frames: 1000 });
    expect(invalid.isError).toBe(true);
    expect(structured(invalid)).toMatchObject({ error: "InvalidRequestError", submit_state: "not-sent", issues: [expect.objectContaining({ field: "num_frames", rule: "maximum" })] });
    expect((await call(client, "generate_img2video", { ...IMG2VIDEO })).isError).toBeFalsy();
    const refused = await call(client, "generate_img2video", { ...IMG2VIDEO, prompt: "another" });
    expect(refused.isError).toBe(true);
    expect(structured(refused)).toMatchObject({ error: "SpendLimit", submit_state: "not-sent", submits_used: 1, max_submits: 1, message: expect.stringMatching(/spend limit reached.*--max-submits 1.*nothing was sent/) });
    const withKey = await call(client, "generate_img2video", { ...IMG2VIDEO, key: "x" });
    expect(structured(withKey)).toMatchObject({ error: "InvalidArguments" });
    expect(api.requestsTo(SUBMIT)).toHaveLength(1);
  });

  it("asks the user through elicitation before each submit: declined sends nothing, accepted sends one", async () => {
    const api = await serve({ [SUBMIT]: [reply.json(200, v6Processing(30))] });
    const asked: string[] = [];
    let accept = false;
    const { client } = await startMcp([], { env: apiEnv(api.url), elicit: (message) => (asked.push(message), accept ? { action: "accept", content: { confirm: true } } : { action: "decline" }) });
    const declined = await call(client, "generate_img2video", { ...IMG2VIDEO });
    expect(declined.isError).toBe(true);
    expect(structured(declined)).toMatchObject({ error: "NotConfirmed", submit_state: "not-sent" });
    expect(api.requests).toHaveLength(0);
    accept = true;
    expect(structured(await call(client, "generate_img2video", { ...IMG2VIDEO }))).toMatchObject({ status: "processing", submits_used: 1 });
    expect(api.requestsTo(SUBMIT)).toHaveLength(1);
    expect(asked).toEqual([expect.stringMatching(/billed video job to v6 POST \/v6\/video\/img2video \(model wan2.2, prompt "the cat turns its head"\)\? Submit 1 of at most 10/), expect.stringMatching(/Submit 1 of at most 10/)]);
  });

  it("upload_image reads only regular files inside --allow-dir", async () => {
    const api = await serve({ [UPLOAD]: [reply.json(200, { status: "success", output: ["https://pub.example.r2.dev/up/cat.png"], id: 5 })] });
    const allowed = mkdtempSync(join(tmpdir(), "mcp-allowed-"));
    const outside = mkdtempSync(join(tmpdir(), "mcp-outside-"));
    writeFileSync(join(allowed, "cat.png"), PNG);
    writeFileSync(join(outside, "secret.png"), PNG);
    symlinkSync(join(outside, "secret.png"), join(allowed, "link.png"));
    const { client, stderr } = await startMcp(["--allow-dir", allowed], { env: apiEnv(api.url) });
    expect(structured(await call(client, "upload_image", { path: "cat.png" }))).toMatchObject({ url: "https://pub.example.r2.dev/up/cat.png" });
    for (const path of [join(outside, "secret.png"), "../" + outside.split("/").at(-1) + "/secret.png", "link.png", "/etc/passwd", allowed, "/dev/zero"]) {
      const refused = await call(client, "upload_image", { path });
      expect(refused.isError, path).toBe(true);
      expect(structured(refused), path).toMatchObject({ error: "FileRefused" });
    }
    expect(api.requestsTo(UPLOAD)).toHaveLength(1);
    expect(api.requestsTo(UPLOAD)[0]!.body).toMatchObject({ key: KEY, base64_string: expect.stringMatching(/^data:image\/png;base64,/) });
    expectNoKey([], stderr());
  });

  it("a hostile API: the key echoed back, an HTML page, a redirect, a failed job: tool errors with the job id and what was billed, never the key, never resent", async () => {
    const echo = { ...v6Processing(0.5), message: `for ${KEY} (${btoa(KEY)})` };
    const scripts: Record<string, Reply[]> = {
      [SUBMIT]: [reply.json(200, echo, { "x-request-id": KEY }), fault.htmlPage(502), fault.redirect(307, "https://elsewhere.example/v6/video/img2video")],
      [FETCH]: [reply.json(500, { status: "error", message: `upstream saw ${KEY}` }), reply.json(200, { status: "failed", id: V6_ID, message: `failed for ${KEY}` })],
    };
    const api = await serve(scripts);
    const { client, stderr } = await startMcp([], { env: apiEnv(api.url) });
    const results: CallToolResult[] = [];
    const first = await call(client, "generate_img2video", { ...IMG2VIDEO });
    results.push(first);
    expect(structured(first)).toMatchObject({ job_id: String(V6_ID), status: "processing" });
    const html = await call(client, "generate_img2video", { ...IMG2VIDEO, prompt: "two" });
    const redirect = await call(client, "generate_img2video", { ...IMG2VIDEO, prompt: "three" });
    results.push(html, redirect);
    for (const result of [html, redirect]) {
      expect(result.isError).toBe(true);
      expect(structured(result)).toMatchObject({ submit_state: "maybe-queued", billing: expect.stringMatching(/may have been queued and billed/) });
    }
    const failed = await call(client, "wait_for_job", { job_id: String(V6_ID), family: "v6", timeout_seconds: 30 });
    results.push(failed);
    expect(failed.isError).toBe(true);
    expect(structured(failed)).toMatchObject({ error: "GenerationFailedError", job_id: String(V6_ID), billing: expect.stringMatching(/queued and ran/) });
    results.push(await call(client, "list_jobs", {}));
    expect(api.requestsTo(SUBMIT)).toHaveLength(3);
    expect(api.requests.filter((request) => request.route === "unscripted")).toEqual([]);
    expectNoKey(results, stderr());
    expect(JSON.stringify(results)).toContain("[redacted]");
  });

  it("list_jobs with --journal: a batch journal's jobs too, read only", async () => {
    const { sqliteJournal } = await import("../src/journal/index.js");
    const file = join(mkdtempSync(join(tmpdir(), "mcp-journal-")), "batch.sqlite");
    const journal = sqliteJournal(file);
    await journal.add([
      { key: "cat", endpoint: "img2video", params: { ...IMG2VIDEO }, trackId: undefined },
      { key: "dog", endpoint: "img2video", params: { ...IMG2VIDEO, prompt: "a dog" }, trackId: undefined },
    ]);
    const [claimed] = await journal.claimSubmits(1);
    await journal.record(claimed!.key, { state: "queued", id: "777", family: "v6" });
    await journal.close();
    const api = await serve({});
    const { client } = await startMcp(["--journal", file], { env: apiEnv(api.url) });
    const listed = structured(await call(client, "list_jobs", {}));
    expect(listed.source).toMatch(/batch journal .*batch\.sqlite \(read only\)/);
    expect(listed.batch_jobs).toEqual([
      expect.objectContaining({ key: "dog", state: "pending", submits: 0 }),
      expect.objectContaining({ key: "cat", state: "queued", id: "777", family: "v6", submits: 1 }),
    ]);
    expect(api.requests).toEqual([]);
  });

  it("--mock: the whole server against the in-process Prism mock, with no key", async () => {
    const { client, stderr } = await startMcp(["--mock"]);
    const submitted = await call(client, "generate_img2video", { ...IMG2VIDEO });
    expect(submitted.isError).toBeFalsy();
    const job = structured(submitted);
    expect(job).toMatchObject({ family: "v6", status: "processing", billed: "a new job on the mock (nothing billed)" });
    const done = await call(client, "wait_for_job", { job_id: String(job.job_id), family: "v6", timeout_seconds: 30 });
    expect(structured(done)).toMatchObject({ status: "success", output: expect.arrayContaining([expect.stringMatching(/^https:\/\//)]) });
    expect(stderr()).toMatch(/mock: Prism is listening on http:\/\/127\.0\.0\.1:\d+/);
  });
});

describe("modelslab-video mcp --http (Streamable HTTP on loopback)", () => {
  it("serves the same tools on 127.0.0.1, one session per client, and refuses another Host", async () => {
    const api = await serve({ [SUBMIT]: [reply.json(200, v6Processing(30))] });
    const { startCli } = await import("./built-cli.js");
    const running = startCli(builtCli().bin, ["mcp", "--http", "--max-submits", "1"], { env: apiEnv(api.url) });
    try {
      await running.stderrMatches(/Streamable HTTP on (http:\/\/127\.0\.0\.1:\d+\/mcp)/);
      const url = /Streamable HTTP on (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(running.stderr())![1]!;
      const { StreamableHTTPClientTransport } = await import("@modelcontextprotocol/sdk/client/streamableHttp.js");
      const client = new Client({ name: "http-agent", version: "1.0.0" });
      await client.connect(new StreamableHTTPClientTransport(new URL(url)));
      clients.push(client);
      expect((await client.listTools()).tools).toHaveLength(9);
      expect(structured(await call(client, "generate_img2video", { ...IMG2VIDEO }))).toMatchObject({ status: "processing" });
      // A second session shares the process's spend limit.
      const other = new Client({ name: "second-agent", version: "1.0.0" });
      await other.connect(new StreamableHTTPClientTransport(new URL(url)));
      clients.push(other);
      expect(structured(await call(other, "generate_img2video", { ...IMG2VIDEO }))).toMatchObject({ error: "SpendLimit" });
      // As a page on another name resolving to 127.0.0.1 would send it (DNS rebinding).
      const rebound = await new Promise<number>((resolve, reject) => {
        const request = httpRequest(url, { method: "POST", headers: { host: "evil.example", "content-type": "application/json", accept: "application/json, text/event-stream" } }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        });
        request.once("error", reject);
        request.end("{}");
      });
      expect(rebound).toBe(403);
      expect(api.requestsTo(SUBMIT)).toHaveLength(1);
    } finally {
      running.child.kill("SIGTERM");
      await running.done;
    }
  });
});
