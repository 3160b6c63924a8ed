/**
 * Prism's answers, kept by what Prism makes them from. A server is given its document's operations
 * as Prism parsed them and its configuration, nothing else (prism-mock.ts's createServer): it picks
 * a request's operation by the operations' methods, paths and servers, then answers from that one
 * operation (its schemas bundled into it; a dynamic answer re-seeds json-schema-faker from the
 * server's or the request's seed each time). So a request sent to a server of another document,
 * whose operations route alike and whose matched operation is the same, is answered the same: the
 * contract check's runs on copies of the docs (most of each merged and page document unchanged) send
 * a request again only where the operation that answers it changed. A request whose operation is
 * not named by its method and path in the document, or whose operations are not JSON, is always sent.
 */
import { createHash } from "node:crypto";
import { prismOperations } from "./prism-mock.js";

/** The name of what a request's answer is made from, or undefined when it cannot be named (the request is then sent). */
export type AnswerKey = (method: string, path: string, request: string) => string | undefined;

/** Names the answers of a server of `document` in configuration `server` (e.g. "static", "dynamic seed 1"). */
export async function answerKeys(document: object, server: string): Promise<AnswerKey> {
  let routes: string;
  const operations = new Map<string, string>();
  try {
    const parsed = await prismOperations(document);
    routes = JSON.stringify(parsed.map((operation) => [operation.method, operation.path, operation.servers ?? null]));
    for (const operation of parsed) operations.set(`${operation.method.toLowerCase()} ${operation.path}`, JSON.stringify(operation));
  } catch {
    return () => undefined;
  }
  return (method, path, request) => {
    const operation = operations.get(`${method.toLowerCase()} ${path}`);
    return operation === undefined ? undefined : createHash("sha256").update(JSON.stringify([server, routes, operation, request])).digest("hex");
  };
}

/** Answers by their key, the most recently used `kept` of them; each reader gets a copy of its own. */
export class KeptAnswers<T> {
  private readonly answers = new Map<string, T>();
  constructor(private readonly kept: number) {}

  get(key: string | undefined): T | undefined {
    const answer = key === undefined ? undefined : this.answers.get(key);
    if (answer === undefined) return undefined;
    this.answers.delete(key!);
    this.answers.set(key!, answer);
    return structuredClone(answer);
  }

  set(key: string | undefined, answer: T): void {
    if (key === undefined) return;
    this.answers.delete(key);
    if (this.answers.size >= this.kept) this.answers.delete(this.answers.keys().next().value!);
    this.answers.set(key, structuredClone(answer));
  }
}
