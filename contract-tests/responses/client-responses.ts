/**
 * The generated client calls every operation of the merged document on Prism, static (the
 * documented examples, or values derived from the schemas) and dynamic (generated from the
 * schemas with fixed seeds). Each response must be HTTP 200 JSON that validates against the
 * operation's 200 schema, and carry no `sl-violations` from Prism.
 */
import { createModelsLabFetchClient, operationIndex, type OperationId } from "../../generated/client.js";
import type { JsonObject } from "../claims/claim.js";
import { KeptAnswers, type AnswerKey } from "../harness/prism-answers.js";
import { parseViolations } from "../rules/example-prism.js";
import { BodyValidator } from "../specs/body-validator.js";
import { operationCalls } from "./operation-calls.js";

export interface ResponseCheck {
  operation: string;
  mode: "static" | `dynamic seed ${number}`;
  passed: boolean;
  /** Why it failed; empty when it passed. */
  problems: string[];
}

/** Seeds for dynamic responses: the server's own (`--seed`), then others through `Prefer: seed=…`. */
export const DYNAMIC_SEEDS = [1, 2, 3] as const;

function operationsOf(document: JsonObject): { id: string; path: string; method: string }[] {
  const paths = (document.paths ?? {}) as Record<string, Record<string, { operationId?: string }>>;
  return Object.entries(paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => ["get", "put", "post", "delete", "patch"].includes(method))
      .map(([method, op]) => ({ id: op.operationId ?? `${method.toUpperCase()} ${path}`, path, method })),
  );
}

/**
 * What one call of the client brought back: made on the Prism side (harness/prism-side.ts, where
 * every HTTP request of the check is made), judged in the check's thread (clientJudge), where
 * Ajv is already loaded and warm from the other rules: a message between threads carries it.
 */
export interface ClientCall {
  operation: string;
  mode: ResponseCheck["mode"];
  /** The operation's path in the merged document (its 200 schema is found by it). */
  path: string;
  method: string;
  /** Problems found before the body is judged, in the order they are reported (no typed call, the status, Prism's violations, the request failing). */
  problems: string[];
  /** The parsed JSON body, when the call got one. */
  body?: { data: unknown };
  /** The call failed or never ran: nothing to judge. */
  settled: boolean;
}

/**
 * Calls already made, by what Prism answered them from (harness/prism-answers.ts): a call of an
 * operation that another merged document had as it is (a docs copy that changed another page) is
 * that call again, not sent. Only calls that got an answer are kept (a request that failed is tried
 * again). The most recent 1024 are kept.
 */
const keptCalls = new KeptAnswers<ClientCall>(1024);

/**
 * The client's calls of every operation of the merged document on the static and the dynamic
 * server; `answers` names what each server answers a call from, so a call already made is not sent again.
 */
export async function callClientOperations(
  merged: { label: string; document: JsonObject },
  staticUrl: string,
  dynamicUrl: string,
  answers?: { static: AnswerKey; dynamic: AnswerKey },
): Promise<ClientCall[]> {
  const calls: Promise<ClientCall>[] = [];
  for (const operation of operationsOf(merged.document)) {
    const call = operationCalls[operation.id as OperationId] as (typeof operationCalls)[OperationId] | undefined;
    const indexed = operationIndex[operation.id as OperationId] as (typeof operationIndex)[OperationId] | undefined;
    const at = { operation: operation.id, path: operation.path, method: operation.method };
    if (!call || !indexed || indexed.path !== operation.path) {
      calls.push(Promise.resolve({ ...at, mode: "static", problems: [`the generated client has no typed call for ${operation.method.toUpperCase()} ${operation.path}; run \`npm run generate\``], settled: true }));
      continue;
    }
    const modes: { mode: ResponseCheck["mode"]; url: string; headers: Record<string, string> }[] = [
      { mode: "static", url: staticUrl, headers: {} },
      ...DYNAMIC_SEEDS.map((seed, index) => ({ mode: `dynamic seed ${seed}` as const, url: dynamicUrl, headers: index === 0 ? ({} as Record<string, string>) : { prefer: `seed=${seed}` } })),
    ];
    for (const { mode, url, headers } of modes) {
      const key = (url === staticUrl ? answers?.static : answers?.dynamic)?.(operation.method, operation.path, JSON.stringify([operation.id, headers]));
      const known = keptCalls.get(key);
      if (known) {
        calls.push(Promise.resolve(known));
        continue;
      }
      calls.push(
        (async (): Promise<ClientCall> => {
          const problems: string[] = [];
          try {
            const { data, response } = await call(createModelsLabFetchClient({ baseUrl: url }), headers);
            if (response.status !== 200) problems.push(`HTTP ${response.status}`);
            for (const violation of parseViolations(response.headers.get("sl-violations"))) problems.push(`Prism: ${violation.location.join(".")} ${violation.message}`);
            const made: ClientCall = { ...at, mode, problems, ...(data === undefined ? {} : { body: { data } }), settled: false };
            keptCalls.set(key, made);
            return made;
          } catch (error) {
            problems.push(`request failed: ${error instanceof Error ? error.message : String(error)}`);
            return { ...at, mode, problems, settled: true };
          }
        })(),
      );
    }
  }
  return Promise.all(calls);
}

/** Judges the client's calls on one merged document: each call HTTP 200, no violations, a JSON body that validates against its operation's 200 schema. */
export interface ClientJudge {
  /** Compiles every operation's validator now (the check does it while it waits for the calls). */
  prepare(): void;
  judge(calls: readonly ClientCall[]): ResponseCheck[];
}

export function clientJudge(merged: { label: string; document: JsonObject }): ClientJudge {
  const validator = new BodyValidator();
  const validatorOf = (path: string, method: string) => validator.validator({ ...merged, path, method, which: "200" }, { closed: false });
  return {
    prepare() {
      try {
        for (const { path, method } of operationsOf(merged.document)) validatorOf(path, method);
      } catch {
        // a schema Ajv cannot compile: judging the call says so
      }
    },
    judge: (calls) =>
      calls.map(({ operation, mode, path, method, problems: found, body, settled }) => {
        const problems = [...found];
        if (!settled) {
          const validate = validatorOf(path, method);
          if (body === undefined) problems.push("the response body did not parse as JSON");
          else if (!validate) problems.push("the operation documents no JSON 200 response");
          else if (!validate(body.data)) problems.push(...(validate.errors ?? []).map((e) => `${e.instancePath || "(body)"} ${e.message ?? e.keyword}`));
        }
        return { operation, mode, passed: problems.length === 0, problems };
      }),
  };
}
