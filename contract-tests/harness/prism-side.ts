/// <reference types="node" />
/**
 * The contract check's Prism side: a run's mock servers (one per page spec, static and dynamic
 * for the merged document), the example requests sent to the page servers (rules/example-prism.ts)
 * and the client's calls on the merged ones, behind one message port. The check posts the
 * documents and the pages' examples; the side serves them, says when every server listens,
 * answers with what Prism made of the examples and what the client's calls brought back (judged
 * against the merged document in the check's thread, where Ajv is loaded), and stops the servers
 * when asked. Every HTTP request of the check is made here, so only this side loads Node's fetch.
 * The same code runs in the check's own thread (a MessageChannel: the tests)
 * or on a worker thread of its own (`npm run contract`: contract-tests/harness/prism-thread.ts,
 * built beside the check), where loading Prism, parsing the documents and Prism's answering
 * run while the check's thread builds the documents and runs the rules.
 */
import { MessageChannel, Worker, type MessagePort } from "node:worker_threads";
import type { JsonObject } from "../claims/claim.js";
import { checkExamplesOnPrism, examplesUnderCheck, type ExamplePrismResult, type ExamplesUnderCheck } from "../rules/example-prism.js";
import { callClientOperations, clientJudge, DYNAMIC_SEEDS, type ClientCall, type ResponseCheck } from "../responses/client-responses.js";
import { answerKeys } from "./prism-answers.js";
import { keepPrismCodeCache, prepareDocument, startPrism, type PrismServer } from "./prism-mock.js";

/** What the check asks the side to serve. */
export interface PrismRequest {
  /** One server each (each document as Prism should read it), by the spec label the pages name it by. */
  pages: { label: string; document: JsonObject }[];
  /** The pages whose example requests go to their page's server (a message carries examplesUnderCheck of it: what the rule reads). */
  examples?: ExamplesUnderCheck;
  /** The merged document: a static and a dynamic server, sharing one parse, and the client's calls on them. */
  merged?: { label: string; document: JsonObject };
}

/** A request as a message carries it: the merged document left out when the side was given it to parse in advance (`prepared`). */
type ServeMessage = Omit<PrismRequest, "merged"> & { merged?: { label: string; document: JsonObject } | { label: string; prepared: true } };
type ToSide = { kind: "prepare"; document: JsonObject } | { kind: "serve"; request: ServeMessage } | { kind: "stop" };
type FromSide =
  | { kind: "listening"; pages: string[] }
  | { kind: "failed"; message: string }
  | { kind: "examples"; result: ExamplePrismResult }
  | { kind: "responses"; calls: ClientCall[] }
  | { kind: "stopped" };

/** The side's end: serves what the port asks for. */
export function prismSide(port: MessagePort): void {
  const servers: PrismServer[] = [];
  const send = (message: FromSide) => port.postMessage(message);
  let prepared: JsonObject | undefined;
  port.on("message", (message: ToSide) => {
    if (message.kind === "prepare") {
      prepared = message.document;
      prepareDocument(prepared);
      return;
    }
    if (message.kind === "stop") {
      void Promise.all(servers.map((server) => server.stop())).then(() => {
        keepPrismCodeCache();
        send({ kind: "stopped" });
        port.close();
      });
      return;
    }
    void (async () => {
      const { pages, examples } = message.request;
      const sent = message.request.merged;
      const merged = sent && "prepared" in sent ? { label: sent.label, document: prepared! } : sent;
      const startups = await Promise.allSettled([
        ...pages.map(({ document }) => startPrism({ document })),
        ...(merged ? [startPrism({ document: merged.document }), startPrism({ document: merged.document, dynamic: true, seed: DYNAMIC_SEEDS[0] })] : []),
      ]);
      for (const startup of startups) if (startup.status === "fulfilled") servers.push(startup.value);
      const failed = startups.find((s): s is PromiseRejectedResult => s.status === "rejected");
      if (failed) return send({ kind: "failed", message: String(failed.reason).split("\n")[0]! });
      const urls = startups.map((startup) => (startup as PromiseFulfilledResult<PrismServer>).value.url);
      send({ kind: "listening", pages: urls.slice(0, pages.length) });
      const urlOf = new Map(pages.map(({ label }, index) => [label, urls[index]!]));
      await Promise.all([
        examples
          ? Promise.all(pages.map(async ({ label, document }) => [label, await answerKeys(document, "static")] as const))
              .then((keys) => checkExamplesOnPrism(examples, (label) => urlOf.get(label)!, (label) => new Map(keys).get(label)))
              .then((result) => send({ kind: "examples", result }))
          : undefined,
        merged
          ? Promise.all([answerKeys(merged.document, "static"), answerKeys(merged.document, `dynamic seed ${DYNAMIC_SEEDS[0]}`)])
              .then(([staticKey, dynamicKey]) => callClientOperations(merged, urls[pages.length]!, urls[pages.length + 1]!, { static: staticKey, dynamic: dynamicKey }))
              .then((calls) => send({ kind: "responses", calls }))
          : undefined,
      ]);
    })().catch((error: unknown) => send({ kind: "failed", message: error instanceof Error ? error.message : String(error) }));
  });
}

/** The check's end of a Prism side. */
export interface PrismSide {
  /** Gives the side the merged document of the coming `serve` now, to parse while the rest of the request is made (the same object must follow in it). */
  prepare(merged: JsonObject): void;
  /** Starts the servers: `listening` resolves once every server listens (with the page servers' addresses, in the request's order), then what Prism made of the examples and the client's calls. */
  serve(request: PrismRequest): { listening: Promise<string[]>; examples: Promise<ExamplePrismResult>; responses: Promise<ResponseCheck[]> };
  /** Stops every server and the side (its thread, if it has one). */
  close(): Promise<void>;
}

/**
 * Opens a Prism side: on a worker thread (the built prism-thread module's file, or a thread already
 * started on it: Prism loads as soon as it starts), or without one in this thread.
 */
export function openPrismSide(thread?: string | URL | Worker): PrismSide {
  let port: MessagePort | Worker;
  let own: MessagePort | undefined;
  if (thread) {
    port = thread instanceof Worker ? thread : new Worker(thread);
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
  let prepared: JsonObject | undefined;
  return {
    prepare(merged) {
      prepared = merged;
      port.postMessage({ kind: "prepare", document: merged } satisfies ToSide);
    },
    serve(request) {
      const listening = next("listening").then((message) => message.pages);
      const examples = request.examples ? next("examples").then((message) => message.result) : Promise.resolve({ drafts: [], sent: 0, accepted: 0 });
      // The calls are judged here, in the check's thread, where Ajv is loaded and warm from the other
      // rules; the validators are compiled at the thread's first pause (the check waiting for Prism), before the calls come back.
      const judge = request.merged ? clientJudge(request.merged) : undefined;
      if (judge) setImmediate(() => judge.prepare());
      const responses = judge ? next("responses").then((message) => judge.judge(message.calls)) : Promise.resolve([]);
      // A caller that awaits only some of them must not leave the others' rejections unhandled.
      for (const promise of [listening, examples, responses]) promise.catch(() => {});
      const message: ServeMessage = {
        ...request,
        ...(request.examples ? { examples: examplesUnderCheck(request.examples) } : {}),
        ...(request.merged && request.merged.document === prepared ? { merged: { label: request.merged.label, prepared: true } } : {}),
      };
      port.postMessage({ kind: "serve", request: message } satisfies ToSide);
      return { listening, examples, responses };
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
