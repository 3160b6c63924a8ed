/**
 * Work done once per test run in vitest's main process (a global setup) and handed to the test
 * files that ask for it: the package published on a local registry (test/published-package.ts),
 * the project's type-check (test/typecheck.ts). A setup serves its pieces of work on a loopback
 * port; a piece starts when the first file asks for it (or at once, if the setup says so), and
 * each ask is answered when the work is done: an answer waits on the work, never on a clock.
 */
import { createServer, get } from "node:http";
import type { AddressInfo } from "node:net";
import type { TestProject } from "vitest/node";
import { inject } from "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    /** Base URL of each global setup's work server, by the setup's name. */
    sharedWork: Record<string, string>;
  }
}

/** A piece of work: what it makes (JSON), started at most once. */
export type Work = () => Promise<unknown>;

/**
 * Serves `work` (by name) for the run under `setup`'s name; returns the teardown, which closes
 * the port and then waits for any work still running (so its files can go after it).
 */
export async function serveWork(
  project: TestProject,
  setup: string,
  work: Record<string, Work>,
  options: { startAtOnce?: string[]; /** Called first at teardown: ends work no file asked for (the run was a few files). */ stop?: () => void } = {},
): Promise<() => Promise<void>> {
  const started = new Map<string, Promise<unknown>>();
  const start = (name: string): Promise<unknown> => {
    let running = started.get(name);
    if (!running) {
      running = work[name]!();
      running.catch(() => undefined); // answered to whoever asks; never an unhandled rejection here
      started.set(name, running);
    }
    return running;
  };
  for (const name of options.startAtOnce ?? []) start(name);
  const server = createServer((request, response) => {
    const name = (request.url ?? "/").slice(1);
    if (!Object.hasOwn(work, name)) {
      response.writeHead(404).end();
      return;
    }
    start(name).then(
      (value) => response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(value ?? null)),
      (error: unknown) => {
        const stderr = (error as { stderr?: unknown }).stderr;
        response.writeHead(500, { "content-type": "text/plain" }).end(error instanceof Error ? `${error.message}${typeof stderr === "string" ? `\n${stderr}` : ""}` : String(error));
      },
    );
  });
  // An ask waits as long as the work takes: no time limit of the server's own.
  server.requestTimeout = 0;
  server.headersTimeout = 0;
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", () => listening()));
  const urls = { ...(project.getProvidedContext().sharedWork ?? {}), [setup]: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
  project.provide("sharedWork", urls);
  return async () => {
    options.stop?.();
    server.closeAllConnections();
    await new Promise<void>((closed) => server.close(() => closed()));
    await Promise.all([...started.values()].map((running) => running.catch(() => undefined)));
  };
}

/** What `setup`'s piece of work `name` made, once it is done (rejects with its error). */
export function askWork<T>(setup: string, name: string): Promise<T> {
  const base = inject("sharedWork")?.[setup];
  if (!base) return Promise.reject(new Error(`no global setup serves ${setup} (vitest.config.ts)`));
  return new Promise<T>((resolve, reject) => {
    // node:http, not fetch: fetch gives up on an answer after 300 s, and on a busy machine some
    // work (an npm install) can take longer.
    // agent: false: no kept-alive socket holds the test file's worker open at its end.
    get(`${base}/${name}`, { agent: false }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => (response.statusCode === 200 ? resolve(JSON.parse(body) as T) : reject(new Error(`${setup} ${name} failed: ${body}`))));
      response.on("error", reject);
    }).on("error", reject);
  });
}
