// Machine-written by `npm run generate` from generated/openapi.yaml. Do not edit.
import createClient, { type Client, type ClientOptions } from "openapi-fetch";
import { DEFAULT_BASE_URL } from "./operations.js";
import type { paths } from "./schema.js";

export type { components, operations, paths } from "./schema.js";
export { DEFAULT_BASE_URL, operationIndex, type OperationId } from "./operations.js";

/** A typed openapi-fetch client over every path of the merged document. */
export type ModelsLabFetchClient = Client<paths>;

export function createModelsLabFetchClient(options: ClientOptions = {}): ModelsLabFetchClient {
  return createClient<paths>({ baseUrl: DEFAULT_BASE_URL, ...options });
}
