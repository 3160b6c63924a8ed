/**
 * The generated client calls every operation of the merged document on Prism, static (the
 * documented examples, or values derived from the schemas) and dynamic (generated from the
 * schemas with fixed seeds). Each response must be HTTP 200 JSON that validates against the
 * operation's 200 schema, and carry no `sl-violations` from Prism.
 */
import { createModelsLabFetchClient, operationIndex, type OperationId } from "../../generated/client.js";
import type { JsonObject } from "../claims/claim.js";
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

export async function checkClientResponses(merged: { label: string; document: JsonObject }, staticUrl: string, dynamicUrl: string): Promise<ResponseCheck[]> {
  const validator = new BodyValidator();
  const operations = operationsOf(merged.document);
  const checks: Promise<ResponseCheck>[] = [];
  for (const operation of operations) {
    const call = operationCalls[operation.id as OperationId] as (typeof operationCalls)[OperationId] | undefined;
    const indexed = operationIndex[operation.id as OperationId] as (typeof operationIndex)[OperationId] | undefined;
    if (!call || !indexed || indexed.path !== operation.path) {
      checks.push(Promise.resolve({ operation: operation.id, mode: "static", passed: false, problems: [`the generated client has no typed call for ${operation.method.toUpperCase()} ${operation.path}; run \`npm run generate\``] }));
      continue;
    }
    const validate = validator.validator({ ...merged, path: operation.path, method: operation.method, which: "200" }, { closed: false });
    const modes: { mode: ResponseCheck["mode"]; url: string; headers: Record<string, string> }[] = [
      { mode: "static", url: staticUrl, headers: {} },
      ...DYNAMIC_SEEDS.map((seed, index) => ({ mode: `dynamic seed ${seed}` as const, url: dynamicUrl, headers: index === 0 ? ({} as Record<string, string>) : { prefer: `seed=${seed}` } })),
    ];
    for (const { mode, url, headers } of modes) {
      checks.push(
        (async (): Promise<ResponseCheck> => {
          const problems: string[] = [];
          try {
            const { data, response } = await call(createModelsLabFetchClient({ baseUrl: url }), headers);
            if (response.status !== 200) problems.push(`HTTP ${response.status}`);
            for (const violation of parseViolations(response.headers.get("sl-violations"))) problems.push(`Prism: ${violation.location.join(".")} ${violation.message}`);
            if (data === undefined) problems.push("the response body did not parse as JSON");
            else if (!validate) problems.push("the operation documents no JSON 200 response");
            else if (!validate(data)) problems.push(...(validate.errors ?? []).map((e) => `${e.instancePath || "(body)"} ${e.message ?? e.keyword}`));
          } catch (error) {
            problems.push(`request failed: ${error instanceof Error ? error.message : String(error)}`);
          }
          return { operation: operation.id, mode, passed: problems.length === 0, problems };
        })(),
      );
    }
  }
  return Promise.all(checks);
}
