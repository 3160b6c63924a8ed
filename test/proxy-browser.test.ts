/**
 * The proxy in a real browser: Debian's Chromium (playwright-core) loads a page from an app
 * server on loopback that serves the client's browser bundle and mounts the proxy (Node adapter)
 * at /api/modelslab, in front of a scripted API that echoes the key wherever it can. The page
 * uses the client unchanged, `new ModelsLab({ baseUrl: "/api/modelslab" })`, with no key.
 */
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { fault, reply, startScriptedServer, type ScriptedServer } from "../contract-tests/harness/scripted-server.js";
import { createProxy } from "../src/proxy/index.js";
import { toNodeHandler } from "../src/proxy/node.js";
import { launchChromium, type Browser } from "./browser/chromium.js";
import { V6_ID, v6Processing, v6Success } from "./video-responses.js";

const KEY = "browser-never-sees-this-key-5f0c2a9e7d41";
const USERS = new Set(["alice", "carol", "dave"]);
const SUBMIT_LIMIT = 3;
const PAGE = `<!doctype html><meta charset="utf-8"><title>proxy</title>
<script type="module">import * as sdk from "/client.js"; window.sdk = sdk; document.title = "ready";</script>`;

let browser: Browser;
let api: ScriptedServer;
let app: Server;
let appUrl: string;
/** Every answer the app server sent the browser, as sent: URL, status, headers and body bytes (as latin1 text). */
const sent: { url: string; status: number; headers: string; body: string }[] = [];

function record(url: string, response: import("node:http").ServerResponse): void {
  const chunks: Buffer[] = [];
  const write = response.write.bind(response) as (...args: unknown[]) => boolean;
  const end = response.end.bind(response) as (...args: unknown[]) => unknown;
  const keep = (chunk: unknown) => {
    if (chunk !== undefined && typeof chunk !== "function") chunks.push(Buffer.from(chunk as Uint8Array | string));
  };
  response.write = ((chunk: unknown, ...rest: unknown[]) => (keep(chunk), write(chunk, ...rest))) as typeof response.write;
  response.end = ((chunk?: unknown, ...rest: unknown[]) => (keep(chunk), end(chunk, ...rest))) as typeof response.end;
  response.once("finish", () => sent.push({ url, status: response.statusCode, headers: JSON.stringify(response.getHeaders()), body: Buffer.concat(chunks).toString("latin1") }));
}

/** The answer the scripted API gives a submit: processing with an eta, the key echoed in its message (as an API that reflects its input might). */
const echoingProcessing = { ...v6Processing(0.05), message: `queued for key ${KEY}` };

beforeAll(async () => {
  const bundle = await build({ entryPoints: [join(import.meta.dirname, "..", "src", "index.ts")], bundle: true, format: "esm", platform: "browser", target: "es2022", write: false, logLevel: "silent" });
  const script = bundle.outputFiles[0]!.text;
  expect(script).not.toContain(KEY);
  api = await startScriptedServer({
    routes: {
      "POST /v6/video/img2video": [fault.slow(40, reply.json(200, echoingProcessing, { "x-request-id": `req-${KEY}`, "set-cookie": `session=${KEY}` }))],
      "POST /v6/video/fetch/{id}": [reply.json(200, { ...v6Processing(0.05), message: btoa(KEY) }), reply.json(200, v6Success())],
    },
  });
  const proxy = createProxy({
    apiKey: KEY,
    baseUrl: api.url,
    authorize: (request) => {
      const user = /^Bearer (\w+)$/.exec(request.headers.get("authorization") ?? "")?.[1];
      return user && USERS.has(user) ? { id: user } : null;
    },
    limits: { submits: { max: SUBMIT_LIMIT, windowMs: 60_000 } },
  });
  const proxyListener = toNodeHandler(proxy, { prefix: "/api/modelslab" });
  app = createServer((request, response) => {
    record(request.url ?? "", response);
    if (request.url?.startsWith("/api/")) return proxyListener(request, response);
    if (request.url === "/") return response.writeHead(200, { "content-type": "text/html" }).end(PAGE);
    if (request.url === "/client.js") return response.writeHead(200, { "content-type": "text/javascript" }).end(script);
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  const address = app.address();
  appUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  browser = await launchChromium();
  // What the page's own code saw: every fetch answer's headers and body, recorded in the page.
  await browser.context.addInitScript(() => {
    const seen: { url: string; status: number; headers: [string, string][]; body: string }[] = [];
    (window as unknown as { seenByPage: typeof seen }).seenByPage = seen;
    const original = window.fetch.bind(window);
    window.fetch = async (input, init) => {
      const response = await original(input, init);
      const body = await response.clone().text();
      seen.push({ url: response.url, status: response.status, headers: [...response.headers], body });
      return response;
    };
  });
});

afterAll(async () => {
  const closing = Date.now();
  await browser?.close();
  console.log(`chromium closed in ${Date.now() - closing} ms`);
  await new Promise((resolve) => app?.close(resolve));
  await api?.stop();
});

type SeenByPage = { url: string; status: number; headers: [string, string][]; body: string }[];
const seenByPages: SeenByPage = [];

/** Done with a page: keeps what its code saw. Pages stay open until the browser closes (closing one right after a 20 MB upload takes Chromium half a minute). */
async function donePage(page: Page): Promise<void> {
  seenByPages.push(...(await page.evaluate(() => (window as unknown as { seenByPage: SeenByPage }).seenByPage)));
}

async function openPage(): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`${appUrl}/`);
  await page.waitForFunction(() => document.title === "ready");
  return page;
}

describe("a page using the client through the proxy (Chromium)", () => {
  it("generates a video: one submit, polls until done, with no key in the page", async () => {
    const page = await openPage();
    const result = await page.evaluate(async () => {
      const { ModelsLab } = (window as unknown as { sdk: typeof import("../src/index.js") }).sdk;
      const ml = new ModelsLab({ baseUrl: "/api/modelslab", headers: { authorization: "Bearer alice" }, wait: { schedule: { minIntervalMs: 10, maxIntervalMs: 50 } } });
      const video = await ml.img2video({ model_id: "wan2.2", init_image: "https://example.com/cat.png", prompt: "the cat turns its head" }).wait();
      return { id: video.id, output: video.output, polls: video.polls, baseUrl: ml.baseUrl };
    });
    expect(result).toEqual({ id: String(V6_ID), output: v6Success().output, polls: 2, baseUrl: `${appUrl}/api/modelslab` });
    expect(api.requestsTo("POST /v6/video/img2video")).toHaveLength(1);
    expect(api.requestsTo("POST /v6/video/img2video")[0]!.body).toMatchObject({ key: KEY, model_id: "wan2.2" });
    await donePage(page);
  });

  it("refuses another path, a body with a key, a 20 MB body and a user the app does not know", async () => {
    const page = await openPage();
    const submitsBefore = api.requestsTo("POST /v6/video/img2video").length;
    const outcomes = await page.evaluate(async () => {
      const post = async (path: string, body: BodyInit, user = "dave") => {
        const response = await fetch(path, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${user}` }, body });
        const json = (await response.json()) as { proxy_error?: { code?: string } };
        return [response.status, json.proxy_error?.code];
      };
      const request = { model_id: "wan2.2", init_image: "https://example.com/cat.png" } as const;
      const { ModelsLab } = (window as unknown as { sdk: typeof import("../src/index.js") }).sdk;
      const stranger = await new ModelsLab({ baseUrl: "/api/modelslab", headers: { authorization: "Bearer mallory" } })
        .img2video(request)
        .then(() => "resolved", (error: Error & { status?: number }) => `${error.name} ${error.status}`);
      return {
        otherPath: await post("/api/modelslab/v6/realtime/text2img", "{}"),
        outsidePrefix: await fetch("/api/other", { method: "POST" }).then((r) => r.status),
        withKey: await post("/api/modelslab/v6/video/img2video", JSON.stringify({ ...request, key: "a-key-from-the-page" })),
        // A Blob, as a page uploading a file would send it.
        twentyMegabytes: await post("/api/modelslab/v6/video/img2video", new Blob([JSON.stringify({ ...request, prompt: "x".repeat(20 * 1024 * 1024) })])),
        unauthorized: await post("/api/modelslab/v6/video/img2video", JSON.stringify(request), "mallory"),
        stranger,
      };
    });
    expect(outcomes).toEqual({
      otherPath: [404, "not-found"],
      outsidePrefix: 404,
      withKey: [400, "key-in-body"],
      twentyMegabytes: [413, "body-too-large"],
      unauthorized: [401, "unauthorized"],
      stranger: "AuthenticationError 401",
    });
    expect(api.requestsTo("POST /v6/video/img2video")).toHaveLength(submitsBefore);
    await donePage(page);
  });

  it(`holds the per-user submit limit (${SUBMIT_LIMIT}) under 10 concurrent submits`, async () => {
    const page = await openPage();
    const submitsBefore = api.requestsTo("POST /v6/video/img2video").length;
    const outcomes = await page.evaluate(async () => {
      const { ModelsLab } = (window as unknown as { sdk: typeof import("../src/index.js") }).sdk;
      const ml = new ModelsLab({ baseUrl: "/api/modelslab", headers: { authorization: "Bearer carol" } });
      const calls = Array.from({ length: 10 }, () => ml.img2video({ model_id: "wan2.2", init_image: "https://example.com/cat.png" }));
      const settled = await Promise.allSettled(calls);
      return settled.map((each) => (each.status === "fulfilled" ? each.value.status : (each.reason as Error).name)).sort();
    });
    expect(outcomes).toEqual([...Array(10 - SUBMIT_LIMIT).fill("RateLimitError"), ...Array(SUBMIT_LIMIT).fill("processing")]);
    expect(api.requestsTo("POST /v6/video/img2video")).toHaveLength(submitsBefore + SUBMIT_LIMIT);
    await donePage(page);
  });

  it("never showed the page the key: every answer's body and headers, as sent and as the page's code saw them", () => {
    const forms = [KEY, encodeURIComponent(KEY), btoa(KEY).slice(0, 24)];
    const proxied = sent.filter((each) => each.url.startsWith("/api/modelslab/"));
    expect(proxied.length).toBeGreaterThanOrEqual(SUBMIT_LIMIT + 8);
    expect(sent.some((each) => each.url === "/client.js")).toBe(true);
    expect(sent.filter((each) => forms.some((form) => each.body.includes(form) || each.headers.includes(form)))).toEqual([]);
    expect(seenByPages.length).toBeGreaterThanOrEqual(SUBMIT_LIMIT + 8);
    expect(seenByPages.filter((each) => forms.some((form) => each.body.includes(form) || each.headers.some(([name, value]) => `${name}: ${value}`.includes(form))))).toEqual([]);
    // The API did echo it (message, base64 message, headers): the proxy redacted it or dropped the header.
    expect(proxied.some((each) => each.body.includes("queued for key [redacted]"))).toBe(true);
    expect(proxied.every((each) => !each.headers.includes("set-cookie"))).toBe(true);
    expect(api.requests.filter((each) => each.route !== "unscripted").every((each) => (each.body as { key?: string }).key === KEY)).toBe(true);
  });
});
