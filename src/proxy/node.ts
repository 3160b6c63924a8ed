/// <reference types="node" />
/**
 * `modelslab-video/proxy/node`: the proxy's fetch handler as a Node `http` request listener,
 * which is also Express middleware (mount it before any body parser: the proxy reads and caps
 * the body itself).
 *
 *   http.createServer(toNodeHandler(proxy))
 *   app.use(toNodeHandler(proxy))            // Express: it answers under the proxy's prefix only
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ProxyHandler } from "./proxy.js";

export interface NodeHandlerOptions {
  /**
   * Only requests under this path go to the proxy; others go to `next` (Express) or get a 404
   * from the proxy. Default: every request goes to the proxy, which refuses those outside its prefix.
   */
  prefix?: string;
}

type Next = (error?: unknown) => void;

/** The request's path and query as the client sent it (Express's `originalUrl` survives mounting). */
function pathOf(request: IncomingMessage): string {
  return (request as IncomingMessage & { originalUrl?: string }).originalUrl ?? request.url ?? "/";
}

/**
 * The request body as a web stream that reads only as fast as the proxy does. Once the answer is
 * sent, what the proxy left unread (a body over its cap) is read and dropped, so the caller gets
 * the answer rather than a connection stuck on a full upload buffer.
 */
function bodyStreamOf(request: IncomingMessage, answered: Promise<void>): ReadableStream<Uint8Array> {
  let discarding = false;
  let closed = false;
  answered.then(() => {
    discarding = true;
    if (!request.complete) request.resume();
  });
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        request.pause();
        request.on("data", (chunk: Buffer) => {
          if (discarding || closed) return;
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) request.pause();
        });
        request.once("end", () => {
          if (closed) return;
          closed = true;
          controller.close();
        });
        request.once("error", (error) => {
          if (closed) return;
          closed = true;
          controller.error(error);
        });
      },
      pull() {
        request.resume();
      },
      cancel() {
        discarding = true;
        request.resume();
      },
    },
    { highWaterMark: 65_536, size: (chunk) => chunk.byteLength },
  );
}

function toRequest(request: IncomingMessage, abort: AbortSignal, answered: Promise<void>): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || name.startsWith(":")) continue;
    for (const each of Array.isArray(value) ? value : [value]) headers.append(name, each);
  }
  // Only the path matters to the proxy; the host is the app's own.
  const url = new URL(pathOf(request), `http://${request.headers.host ?? "localhost"}`);
  const method = request.method ?? "GET";
  const hasBody = method !== "GET" && method !== "HEAD";
  return new Request(url, {
    method,
    headers,
    signal: abort,
    ...(hasBody ? { body: bodyStreamOf(request, answered), duplex: "half" } : {}),
  } as RequestInit);
}

async function send(response: Response, out: ServerResponse, request: IncomingMessage): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  // A body left unread (over the cap): the connection closes after the answer instead of
  // swallowing the rest of the upload first.
  if (!request.complete) headers.connection = "close";
  out.writeHead(response.status, headers);
  out.end(Buffer.from(await response.arrayBuffer()));
}

export function toNodeHandler(proxy: ProxyHandler, options: NodeHandlerOptions = {}): (request: IncomingMessage, response: ServerResponse, next?: Next) => void {
  const prefix = options.prefix?.replace(/\/+$/, "");
  return (request, response, next) => {
    const path = pathOf(request).split("?")[0]!;
    if (prefix !== undefined && path !== prefix && !path.startsWith(`${prefix}/`)) {
      if (next) return next();
    }
    if ((request as IncomingMessage & { body?: unknown }).body !== undefined && request.readableEnded) {
      const failure = new Error("modelslab-video/proxy: a body parser read the request body first; mount toNodeHandler() before express.json() and the like");
      if (next) return next(failure);
      response.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ status: "error", message: "proxy: internal failure", proxy_error: { code: "proxy-failure" } }));
      return;
    }
    const abort = new AbortController();
    response.once("close", () => abort.abort());
    let markAnswered = () => {};
    const answered = new Promise<void>((resolve) => (markAnswered = resolve));
    proxy(toRequest(request, abort.signal, answered))
      .then((answer) => send(answer, response, request))
      .then(markAnswered)
      .catch((error: unknown) => {
        if (next) next(error);
        else response.destroy();
      });
  };
}
