/// <reference types="node" />
/**
 * The contract check's Prism side: a run's mock servers (one per page spec, static and dynamic
 * for the merged document) and the client's calls on the merged ones, behind one message port.
 * The check posts the documents; the side loads Prism's libraries, serves them, answers with the
 * page servers' addresses once every server listens, then with the client's calls, and stops
 * them when asked. The same code runs in the check's own thread (a MessageChannel: the tests)
 * or on a worker thread of its own (`npm run contract`: contract-tests/harness/prism-thread.ts,
 * built beside the check), where loading Prism, parsing the documents and Prism's answering
 * run while the check's thread builds the documents and runs the rules.
 */
import { MessageChannel, Worker, type MessagePort } from "node:worker_threads";
import type { JsonObject } from "../claims/claim.js";
import { checkClientResponses, DYNAMIC_SEEDS, type ResponseCheck } from "../responses/client-responses.js";
import { startPrism, type PrismServer } from "./prism-mock.js";

/** What the check asks the side to serve. */
export interface PrismRequest {
  /** One server each, in this order (each document as Prism should read it). */
  pages: JsonObject[];
  /** The merged document: a static and a dynamic server, sharing one parse, and the client's calls on them. */
  merged?: { label: string; document: JsonObject };
}

type ToSide = { kind: "serve"; request: PrismRequest } | { kind: "stop" };
type FromSide =
  | { kind: "listening"; pages: string[] }
  | { kind: "failed"; message: string }
  | { kind: "responses"; checks: ResponseCheck[] }
  | { kind: "stopped" };

/** The side's end: serves what the port asks for. */
export function prismSide(port: MessagePort): void {
  const servers: PrismServer[] = [];
  const send = (message: FromSide) => port.postMessage(message);
  port.on("message", (message: ToSide) => {
    if (message.kind === "stop") {
      void Promise.all(servers.map((server) => server.stop())).then(() => {
        send({ kind: "stopped" });
        port.close();
      });
      return;
    }
    void (async () => {
      const { pages, merged } = message.request;
      const startups = await Promise.allSettled([
        ...pages.map((document) => startPrism({ document })),
        ...(merged ? [startPrism({ document: merged.document }), startPrism({ document: merged.document, dynamic: true, seed: DYNAMIC_SEEDS[0] })] : []),
      ]);
      for (const startup of startups) if (startup.status === "fulfilled") servers.push(startup.value);
      const failed = startups.find((s): s is PromiseRejectedResult => s.status === "rejected");
      if (failed) return send({ kind: "failed", message: String(failed.reason).split("\n")[0]! });
      const urls = startups.map((startup) => (startup as PromiseFulfilledResult<PrismServer>).value.url);
      send({ kind: "listening", pages: urls.slice(0, pages.length) });
      if (merged) send({ kind: "responses", checks: await checkClientResponses(merged, urls[pages.length]!, urls[pages.length + 1]!) });
    })().catch((error: unknown) => send({ kind: "failed", message: error instanceof Error ? error.message : String(error) }));
  });
}

/** The check's end of a Prism side. */
export interface PrismSide {
  /** Starts the servers: resolves with the page servers' addresses (in the request's order) once every server listens. */
  serve(request: PrismRequest): { listening: Promise<string[]>; responses: Promise<ResponseCheck[]> };
  /** Stops every server and the side (its thread, if it has one). */
  close(): Promise<void>;
}

/**
 * Opens a Prism side: on a worker thread running `threadFile` (the built prism-thread module), or
 * without one in this thread. Prism starts loading at once.
 */
export function openPrismSide(threadFile?: string | URL): PrismSide {
  let port: MessagePort | Worker;
  let own: MessagePort | undefined;
  if (threadFile) {
    port = new Worker(threadFile);
  } else {
    const channel = new MessageChannel();
    prismSide(channel.port2);
    port = own = channel.port1;
  }
  const waiting = new Map<FromSide["kind"], { resolve: (message: FromSide) => void; reject: (error: Error) => void }>();
  let broken: Error | undefined;
  /** The thread is gone (or never came up): nothing to stop. */
  let gone = false;
  const breakAll = (error: Error) => {
    broken ??= error;
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
  };
  port.on("message", (message: FromSide) => {
    if (message.kind === "failed") return breakAll(new Error(message.message));
    const waiter = waiting.get(message.kind);
    waiting.delete(message.kind);
    waiter?.resolve(message);
  });
  if (port instanceof Worker) {
    port.on("error", (error) => {
      gone = true;
      breakAll(error instanceof Error ? error : new Error(String(error)));
    });
    port.on("exit", (code) => {
      gone = true;
      breakAll(new Error(`the Prism thread ended (exit ${code})`));
    });
  }
  const next = <K extends FromSide["kind"]>(kind: K): Promise<Extract<FromSide, { kind: K }>> =>
    broken ? Promise.reject(broken) : new Promise((resolve, reject) => waiting.set(kind, { resolve: resolve as (message: FromSide) => void, reject }));
  let closed: Promise<void> | undefined;
  return {
    serve(request) {
      const listening = next("listening").then((message) => message.pages);
      const responses = request.merged ? next("responses").then((message) => message.checks) : Promise.resolve([]);
      // A caller that awaits only one of them must not leave the other's rejection unhandled.
      listening.catch(() => {});
      responses.catch(() => {});
      port.postMessage({ kind: "serve", request } satisfies ToSide);
      return { listening, responses };
    },
    close: () =>
      (closed ??= (async () => {
        if (!gone) {
          const stopped = new Promise<void>((resolve) => {
            waiting.set("stopped", { resolve: () => resolve(), reject: () => resolve() });
          });
          port.postMessage({ kind: "stop" } satisfies ToSide);
          await stopped;
        }
        if (port instanceof Worker) await port.terminate();
        else own?.close();
      })()),
  };
}
