/**
 * A local HTTP server that answers each API route from a script, for tests that need state
 * across polls or faults Prism cannot make. It cannot drift from the contract: every JSON reply
 * is validated against the merged document's response schema for its route and status when the
 * server starts (an undeclared status or a wrong body fails there, naming both), and every
 * deliberate fault (HTML page, cut body, dropped connection, no answer) is declared as one.
 * Each request is recorded with its JSON body and the violations of the route's request schema.
 *
 *   const server = await startScriptedServer({ routes: {
 *     "POST /v6/video/img2video": [reply.json(200, processing)],
 *     "POST /v6/video/fetch/{id}": [fault.dropConnection(), reply.json(200, success)],
 *   } });
 *
 * A route answers its replies in order, then repeats the last one. A route may instead be a
 * handler, a function from the request to its reply, for state a list cannot hold (jobs that end
 * after a time, a queue limit): each JSON reply it makes is checked against the contract as it is
 * sent, and one that breaks it is answered as HTTP 500 and listed in `contractErrors`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { join } from "node:path";
import { readYaml } from "../../scripts/yaml-io.js";
import type { JsonObject } from "../claims/claim.js";
import { BodyValidator } from "../specs/body-validator.js";

export const MERGED_DOCUMENT = join(import.meta.dirname, "..", "..", "generated", "openapi.yaml");

export type Reply =
  | { kind: "json"; status: number; body: unknown; headers?: Record<string, string> }
  /** Fault: an HTML error page, as a proxy or load balancer sends. */
  | { kind: "html"; status: number }
  /** Fault: a contract-valid JSON body cut after `keep` characters (Content-Length matches the cut body). */
  | { kind: "truncated"; status: number; body: unknown; keep: number }
  /** Fault: the connection is closed without an answer. */
  | { kind: "drop" }
  /** Fault: no answer until the client gives up or the server stops. */
  | { kind: "hang" }
  /** A JSON body sent as this exact text (escapes and all); what it parses to is checked like `json`. */
  | { kind: "jsonText"; status: number; text: string; headers?: Record<string, string> }
  /** Fault: a redirect (3xx with Location), which no request carrying the key may follow. */
  | { kind: "redirect"; status: number; location: string }
  /** Fault: headers (with a Content-Length the body never reaches), the first `keep` characters, then nothing. */
  | { kind: "stallBody"; status: number; body: unknown; keep: number }
  /** Fault: a chunked body that never ends (JSON-looking bytes, as fast as the client reads). */
  | { kind: "endless"; status: number }
  /** Fault: an array nested `depth` deep (valid JSON, deeper than any parser should recurse). */
  | { kind: "deep"; status: number; depth: number }
  /** Fault: a body the contract does not allow (wrong types, wrong shape, any text), with any headers. */
  | { kind: "offContract"; status: number; text: string; headers?: Record<string, string> }
  /** Fault: bytes that are not HTTP at all (a broken proxy, another protocol), written raw on the socket, which then closes. */
  | { kind: "notHttp"; text: string }
  /** Fault: `then` answered only after `delayMs`. */
  | { kind: "slow"; delayMs: number; then: Reply };

export const reply = {
  json: (status: number, body: unknown, headers?: Record<string, string>): Reply => ({ kind: "json", status, body, ...(headers ? { headers } : {}) }),
  jsonText: (status: number, text: string, headers?: Record<string, string>): Reply => ({ kind: "jsonText", status, text, ...(headers ? { headers } : {}) }),
};

export const fault = {
  htmlPage: (status = 502): Reply => ({ kind: "html", status }),
  truncatedJson: (body: unknown, status = 200, keep = 25): Reply => ({ kind: "truncated", status, body, keep }),
  dropConnection: (): Reply => ({ kind: "drop" }),
  hang: (): Reply => ({ kind: "hang" }),
  redirect: (status: number, location: string): Reply => ({ kind: "redirect", status, location }),
  stallBody: (body: unknown, status = 200, keep = 10): Reply => ({ kind: "stallBody", status, body, keep }),
  endlessBody: (status = 200): Reply => ({ kind: "endless", status }),
  deepJson: (depth: number, status = 200): Reply => ({ kind: "deep", status, depth }),
  offContract: (status: number, text: string, headers?: Record<string, string>): Reply => ({ kind: "offContract", status, text, ...(headers ? { headers } : {}) }),
  slow: (delayMs: number, then: Reply): Reply => ({ kind: "slow", delayMs, then }),
  notHttp: (text: string): Reply => ({ kind: "notHttp", text }),
};

/** The JSON reply a scripted reply stands for, when it has one the contract must allow. */
function checkedBody(scripted: Reply): { status: number; body: unknown } | undefined {
  if (scripted.kind === "json" || scripted.kind === "truncated" || scripted.kind === "stallBody") return { status: scripted.status, body: scripted.body };
  if (scripted.kind === "jsonText") return { status: scripted.status, body: JSON.parse(scripted.text) };
  if (scripted.kind === "slow") return checkedBody(scripted.then);
  return undefined;
}

export interface RecordedRequest {
  /** The route template it matched ("POST /v6/video/fetch/{id}"), or "unscripted". */
  route: string;
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body (undefined when it was not JSON). */
  body: unknown;
  /** Violations of the route's request schema; empty when the request follows the contract. */
  violations: string[];
}

/** A route's replies made per request, from state the test keeps. */
export type ReplyHandler = (request: RecordedRequest) => Reply | Promise<Reply>;

export interface ScriptedServerOptions {
  routes: Record<string, Reply[] | ReplyHandler>;
  /** The OpenAPI document replies are checked against (default generated/openapi.yaml). */
  document?: string;
}

export interface ScriptedServer {
  url: string;
  requests: RecordedRequest[];
  /** Requests that matched `route`. */
  requestsTo(route: string): RecordedRequest[];
  /** Replies of handlers that broke the contract (each was answered HTTP 500 instead). */
  contractErrors: string[];
  /** Resolves once `count` requests have arrived in all. */
  received(count: number): Promise<void>;
  stop(): Promise<void>;
}

type Operation = { requestBody?: { content?: Record<string, { schema?: unknown }> }; responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> };

const HTML_PAGE = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n";

/** One parsed document per file: servers start in a few ms once the first has. */
const contracts = new Map<string, Contract>();

class Contract {
  readonly #bodies = new BodyValidator();
  readonly #label: string;
  readonly #document: { paths: Record<string, Record<string, Operation>> };

  constructor(file: string) {
    this.#label = file;
    this.#document = readYaml(file) as { paths: Record<string, Record<string, Operation>> };
  }

  operation(route: string): { method: string; path: string; operation: Operation } {
    const [method = "", path = ""] = route.split(" ");
    const operation = this.#document.paths[path]?.[method.toLowerCase()];
    if (!operation) throw new Error(`scripted server: ${route} is not an operation of the merged document`);
    return { method, path, operation };
  }

  /** Violations of the JSON body schema of `which` ("request" or a status); none when there is no such body. */
  #violations(method: string, path: string, which: string, value: unknown): string[] {
    const target = { label: this.#label, document: this.#document as unknown as JsonObject, path, method: method.toLowerCase(), which };
    const validate = this.#bodies.validator(target, { closed: false });
    if (!validate || validate(value)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || "(body)"} ${e.message}`);
  }

  /** Throws, naming the route and the status, unless the contract allows `body` as that answer. */
  checkReply(route: string, status: number, body: unknown): void {
    const { method, path, operation } = this.operation(route);
    if (!operation.responses?.[String(status)]?.content?.["application/json"])
      throw new Error(`scripted server: the merged document declares no JSON ${status} answer for ${route}`);
    const violations = this.#violations(method, path, String(status), body);
    if (violations.length > 0) throw new Error(`scripted server: the ${status} reply scripted for ${route} breaks the contract:\n  ${violations.join("\n  ")}`);
  }

  requestViolations(route: string, body: unknown): string[] {
    const { method, path, operation } = this.operation(route);
    if (!operation.requestBody?.content?.["application/json"]) return [];
    return this.#violations(method, path, "request", body);
  }
}

function routePattern(route: string): { method: string; pattern: RegExp } {
  const [method = "", path = ""] = route.split(" ");
  const escaped = path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+");
  return { method, pattern: new RegExp(`^${escaped}$`) };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export async function startScriptedServer(options: ScriptedServerOptions): Promise<ScriptedServer> {
  const file = options.document ?? MERGED_DOCUMENT;
  const contract = contracts.get(file) ?? new Contract(file);
  contracts.set(file, contract);
  const routes = Object.entries(options.routes).map(([route, replies]) => {
    contract.operation(route);
    if (typeof replies === "function") return { route, ...routePattern(route), replies: [], handler: replies, served: 0 };
    if (replies.length === 0) throw new Error(`scripted server: ${route} has no replies`);
    for (const scripted of replies) {
      const checked = checkedBody(scripted);
      if (checked) contract.checkReply(route, checked.status, checked.body);
    }
    return { route, ...routePattern(route), replies: [...replies], handler: undefined, served: 0 };
  });
  const contractErrors: string[] = [];

  const requests: RecordedRequest[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const sockets = new Set<Socket>();

  const answer = async (request: IncomingMessage, response: ServerResponse) => {
    const text = await readBody(request);
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    const match = routes.find((r) => r.method === request.method && r.pattern.test(path));
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    const recorded: RecordedRequest = {
      route: match?.route ?? "unscripted",
      method: request.method ?? "",
      path,
      headers: request.headers,
      body,
      violations: match ? (body === undefined ? ["(body) is not JSON"] : contract.requestViolations(match.route, body)) : [],
    };
    requests.push(recorded);
    for (const waiter of waiters.filter((w) => requests.length >= w.count)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
    if (!match) {
      response.writeHead(404, { "content-type": "text/plain" }).end(`no script for ${request.method} ${path}`);
      return;
    }
    let scripted: Reply;
    if (match.handler) {
      scripted = await match.handler(recorded);
      const checked = checkedBody(scripted);
      try {
        if (checked) contract.checkReply(match.route, checked.status, checked.body);
      } catch (error) {
        contractErrors.push(error instanceof Error ? error.message : String(error));
        scripted = { kind: "offContract", status: 500, text: "the scripted reply broke the contract" };
      }
    } else {
      scripted = match.replies[Math.min(match.served, match.replies.length - 1)]!;
    }
    match.served += 1;
    await send(scripted, request, response);
  };

  const send = async (scripted: Reply, request: IncomingMessage, response: ServerResponse): Promise<void> => {
    switch (scripted.kind) {
      case "json": {
        const payload = JSON.stringify(scripted.body);
        response.writeHead(scripted.status, { "content-type": "application/json", "content-length": Buffer.byteLength(payload), ...scripted.headers }).end(payload);
        return;
      }
      case "html":
        response.writeHead(scripted.status, { "content-type": "text/html", "content-length": Buffer.byteLength(HTML_PAGE) }).end(HTML_PAGE);
        return;
      case "truncated": {
        const payload = JSON.stringify(scripted.body).slice(0, scripted.keep);
        response.writeHead(scripted.status, { "content-type": "application/json", "content-length": Buffer.byteLength(payload) }).end(payload);
        return;
      }
      case "drop":
        request.socket.destroy();
        return;
      case "hang":
        return;
      case "notHttp":
        request.socket.end(scripted.text);
        return;
      case "jsonText":
      case "offContract":
        response.writeHead(scripted.status, { "content-type": "application/json", "content-length": Buffer.byteLength(scripted.text), ...scripted.headers }).end(scripted.text);
        return;
      case "redirect":
        response.writeHead(scripted.status, { location: scripted.location, "content-type": "text/plain", "content-length": 0 }).end();
        return;
      case "stallBody": {
        const payload = JSON.stringify(scripted.body);
        response.writeHead(scripted.status, { "content-type": "application/json", "content-length": Buffer.byteLength(payload) });
        response.write(payload.slice(0, scripted.keep));
        return;
      }
      case "endless": {
        response.writeHead(scripted.status, { "content-type": "application/json" });
        const chunk = Buffer.from(`{"status":"processing","pad":"${"x".repeat(65_000)}`);
        const more = () => {
          while (!response.destroyed && response.write(chunk));
          if (!response.destroyed) response.once("drain", more);
        };
        response.once("close", () => response.removeAllListeners("drain"));
        more();
        return;
      }
      case "deep": {
        const payload = "[".repeat(scripted.depth) + "]".repeat(scripted.depth);
        response.writeHead(scripted.status, { "content-type": "application/json", "content-length": payload.length }).end(payload);
        return;
      }
      case "slow":
        await new Promise((resolve) => {
          const timer = setTimeout(resolve, scripted.delayMs);
          request.socket.once("close", () => {
            clearTimeout(timer);
            resolve(undefined);
          });
        });
        if (request.socket.destroyed) return;
        await send(scripted.then, request, response);
        return;
    }
  };

  const server = createServer((request, response) => {
    answer(request, response).catch((error: unknown) => {
      response.writeHead(500, { "content-type": "text/plain" }).end(`scripted server failed: ${String(error)}`);
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (typeof address !== "object" || address === null) throw new Error("scripted server: no address");

  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    contractErrors,
    requestsTo: (route) => requests.filter((r) => r.route === route),
    received: (count) => (requests.length >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve }))),
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
