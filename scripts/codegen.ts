/**
 * Pipeline step 4: code from the final merged document.
 * - generated/schema.d.ts: openapi-typescript's `paths`/`components`/`operations` types. Request
 *   properties that have a `default` stay optional (defaultNonNullable off): the API fills them.
 * - generated/client.ts: a typed openapi-fetch client for the merged paths, and an index of the
 *   operations (method, path, family, submit or fetch) that the hand-written layer builds on.
 */
import openapiTS, { astToString } from "openapi-typescript";
import { MERGED_SERVER_URL } from "./merge.js";
import { PipelineError } from "./pipeline-error.js";

export const GENERATED_HEADER = "// Machine-written by `npm run generate` from generated/openapi.yaml. Do not edit.\n";

export async function generateSchemaTypes(document: Record<string, unknown>): Promise<string> {
  const ast = await openapiTS(document as unknown as Parameters<typeof openapiTS>[0], {
    defaultNonNullable: false,
    alphabetize: false,
    silent: true,
  });
  return `${GENERATED_HEADER}${astToString(ast)}`;
}

export interface OperationEntry {
  operationId: string;
  method: string;
  path: string;
  family: string;
  kind: "submit" | "fetch";
}

/** Every operation of the merged document; each needs an operationId starting submit or fetch. */
export function operationEntries(document: Record<string, unknown>): OperationEntry[] {
  const entries: OperationEntry[] = [];
  const paths = (document.paths ?? {}) as Record<string, Record<string, Record<string, unknown>>>;
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (typeof operation !== "object" || operation === null || !("responses" in operation)) continue;
      const { operationId, "x-family": family } = operation as { operationId?: unknown; "x-family"?: unknown };
      if (typeof operationId !== "string") throw new PipelineError(`generated/openapi.yaml: ${method.toUpperCase()} ${path} has no operationId`);
      const kind = operationId.startsWith("submit") ? "submit" : operationId.startsWith("fetch") ? "fetch" : undefined;
      if (!kind) throw new PipelineError(`generated/openapi.yaml: operationId ${operationId} must start with "submit" or "fetch"`);
      entries.push({ operationId, method, path, family: String(family), kind });
    }
  }
  return entries;
}

export function generateClientModule(document: Record<string, unknown>): string {
  const entries = operationEntries(document);
  const index = entries
    .map(
      (e) =>
        `  ${e.operationId}: { method: ${JSON.stringify(e.method)}, path: ${JSON.stringify(e.path)}, family: ${JSON.stringify(e.family)}, kind: ${JSON.stringify(e.kind)} },`,
    )
    .join("\n");
  return `${GENERATED_HEADER}import createClient, { type Client, type ClientOptions } from "openapi-fetch";
import type { paths } from "./schema.js";

export type { components, operations, paths } from "./schema.js";

/** The server every path of the merged document is relative to. */
export const DEFAULT_BASE_URL = ${JSON.stringify(MERGED_SERVER_URL)};

/** A typed openapi-fetch client over every path of the merged document. */
export type ModelsLabFetchClient = Client<paths>;

export function createModelsLabFetchClient(options: ClientOptions = {}): ModelsLabFetchClient {
  return createClient<paths>({ baseUrl: DEFAULT_BASE_URL, ...options });
}

/** Each operation of the merged document: how to call it, its family, and whether it submits or fetches. */
export const operationIndex = {
${index}
} as const;

export type OperationId = keyof typeof operationIndex;
`;
}
