/// <reference types="node" />
/**
 * Where the MCP server listens: stdio (the default; stdout carries the protocol, so every line
 * the server logs goes to stderr), or Streamable HTTP on a loopback port, one MCP session per
 * client, with the Host header checked (a page elsewhere cannot reach it by DNS rebinding). The
 * SDK's HTTP transport (and the HTTP server it brings) is loaded only by `--http`.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import type { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";

/** Serves one session on stdin/stdout; resolves when stdin closes. */
export async function serveStdio(newServer: () => Server): Promise<void> {
  const server = newServer();
  const closed = new Promise<void>((resolve) => {
    server.onclose = () => resolve();
    process.stdin.once("end", () => resolve());
  });
  await server.connect(new StdioServerTransport());
  await closed;
  await server.close().catch(() => {});
}

export interface HttpServing {
  url: string;
  /** Resolves when the process is asked to stop (SIGINT, SIGTERM). */
  done: Promise<void>;
  close(): Promise<void>;
}

async function bodyOf(request: IncomingMessage, cap: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).byteLength;
    if (size > cap) throw new Error("body too large");
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

function fail(response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ jsonrpc: "2.0", error: { code: -32000, message }, id: null }));
}

/** Streamable HTTP at `/mcp` on 127.0.0.1 (`port` 0: a free one). */
export async function serveHttp(newServer: () => Server, port: number): Promise<HttpServing> {
  const { StreamableHTTPServerTransport } = await import("@modelcontextprotocol/sdk/server/streamableHttp.js");
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  let allowedHosts: string[] = [];
  const http = createServer((request, response) => {
    void (async () => {
      if (new URL(request.url ?? "/", "http://127.0.0.1").pathname !== "/mcp") return fail(response, 404, "not found: the MCP endpoint is /mcp");
      if (!allowedHosts.includes(request.headers.host ?? "")) return fail(response, 403, "the Host header must be this server's loopback address");
      const id = request.headers["mcp-session-id"];
      const existing = typeof id === "string" ? sessions.get(id) : undefined;
      if (existing) return existing.handleRequest(request, response);
      if (request.method !== "POST") return fail(response, 400, "no session: start with an initialize request");
      let body: unknown;
      try {
        body = await bodyOf(request, 1_048_576);
      } catch {
        return fail(response, 400, "the body must be JSON of at most 1 MiB");
      }
      if (typeof id === "string" || !isInitializeRequest(body)) return fail(response, typeof id === "string" ? 404 : 400, typeof id === "string" ? "unknown session" : "no session: start with an initialize request");
      const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (sessionId) => void sessions.set(sessionId, transport),
      });
      transport.onclose = () => {
        if (transport.sessionId) sessions.delete(transport.sessionId);
      };
      await newServer().connect(transport);
      await transport.handleRequest(request, response, body);
    })().catch(() => {
      if (!response.headersSent) fail(response, 500, "internal failure");
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(port, "127.0.0.1", resolve);
  });
  const address = http.address();
  const actual = typeof address === "object" && address ? address.port : port;
  allowedHosts = [`127.0.0.1:${actual}`, `localhost:${actual}`];
  const close = async () => {
    for (const transport of sessions.values()) await transport.close().catch(() => {});
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  };
  const done = new Promise<void>((resolve) => {
    const stop = () => void close().then(resolve);
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  return { url: `http://127.0.0.1:${actual}/mcp`, done, close };
}
