/**
 * Sync step: the per-model constraints snapshot (manifest `models`) read live from ModelsLab's
 * model-search detail, `GET <url>/<modelId>?key=…` (docs-repo agents-api/usage-and-models.mdx:
 * "Model details (includes `parameters` JSON Schema)"; "endpoint configurations with a
 * `parameters` object — a JSON Schema describing each endpoint's accepted parameters").
 *
 * For each model of the current snapshot it takes the endpoint configuration of the snapshot's
 * endpoint and its `parameters` schema (`key` and `model_id` left out: they are not a model's
 * constraints), and writes the snapshot anew with `source: "model-search"`. The page examples of
 * the current snapshot are kept (the detail gives none). The answer's shape is read leniently:
 * the detail under `data` or at the top, the configurations under `endpoints`, each naming its
 * endpoint as `endpoint`, `url` or `path`.
 *
 * The API key goes in the query, as the docs say; it never appears in the snapshot, an error or a
 * report (each URL is shown without its query). Without a key the snapshot is skipped.
 */
import type { ManifestModels } from "../scripts/manifest.js";
import { parseModelsSnapshot, type ModelsSnapshot } from "../scripts/v7-models.js";

export type ModelSearchResult = { status: "fetched"; content: Buffer } | { status: "skipped"; why: string } | { status: "failed"; error: string };

type JsonObject = Record<string, unknown>;
const isObject = (value: unknown): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);

/** The path part of an endpoint (`POST https://modelslab.com/api/v7/video-fusion/image-to-video` → `/v7/video-fusion/image-to-video`). */
const pathOf = (endpoint: string) => endpoint.replace(/^[A-Z]+\s+/, "").replace(/^https?:\/\/[^/]+/, "").replace(/^\/api(?=\/)/, "").replace(/[?#].*$/, "").replace(/\/$/, "");

/** The `parameters` schema of `endpoint` in a model-search detail answer, or why there is none. */
export function parametersOf(answer: unknown, endpoint: string): JsonObject | string {
  const detail = isObject(answer) && isObject(answer.data) ? answer.data : answer;
  if (!isObject(detail)) return "the answer is not a JSON object";
  const configurations = Array.isArray(detail.endpoints) ? detail.endpoints : undefined;
  if (!configurations) return "the answer lists no endpoint configurations (`endpoints`)";
  const wanted = pathOf(endpoint);
  const configuration = configurations.find((each) => {
    if (!isObject(each)) return false;
    const named = [each.endpoint, each.url, each.path].find((value): value is string => typeof value === "string");
    return named !== undefined && pathOf(named) === wanted;
  });
  if (!isObject(configuration)) return `no endpoint configuration for ${wanted}`;
  const parameters = configuration.parameters;
  if (!isObject(parameters) || !isObject(parameters.properties)) return `the configuration of ${wanted} has no \`parameters\` JSON Schema with properties`;
  return parameters;
}

/** The snapshot's schema of a model from its `parameters`: key and model_id left out, each property citing the detail URL. */
function constraintsOf(parameters: JsonObject, detailUrl: string): ModelsSnapshot["models"][number]["parameters"] {
  const properties: Record<string, JsonObject> = {};
  for (const [name, schema] of Object.entries(parameters.properties as JsonObject)) {
    if (name === "key" || name === "model_id" || !isObject(schema)) continue;
    properties[name] = { ...schema, "x-source": { page: detailUrl, says: "model-search parameters" } };
  }
  const required = Array.isArray(parameters.required) ? parameters.required.filter((name): name is string => typeof name === "string" && name in properties) : [];
  return { type: "object", ...(required.length > 0 ? { required } : {}), properties };
}

export interface ModelSearchOptions {
  timeoutMs: number;
  fetch: typeof fetch;
  /** The ModelsLab API key the model-search endpoint takes; without one the snapshot is skipped. */
  apiKey: string | undefined;
}

/** The new snapshot bytes for `entry`, read live for every model `current` lists; never throws. */
export async function searchModels(entry: ManifestModels, current: ModelsSnapshot, options: ModelSearchOptions): Promise<ModelSearchResult> {
  if (!options.apiKey) return { status: "skipped", why: "the model-search endpoint needs an API key: set MODELSLAB_API_KEY to refresh it live" };
  const base = entry.url.replace(/\/+$/, "");
  const models: ModelsSnapshot["models"] = [];
  for (const model of current.models) {
    const detailUrl = `${base}/${encodeURIComponent(model.model_id)}`;
    let answer: unknown;
    try {
      const response = await options.fetch(`${detailUrl}?key=${encodeURIComponent(options.apiKey)}`, { signal: AbortSignal.timeout(options.timeoutMs), headers: { accept: "application/json" } });
      const text = await response.text();
      if (!response.ok) return { status: "failed", error: `GET ${detailUrl}: HTTP ${response.status} ${response.statusText}`.trimEnd() };
      try {
        answer = JSON.parse(text);
      } catch {
        return { status: "failed", error: `GET ${detailUrl}: not valid JSON` };
      }
    } catch (error) {
      const name = (error as Error).name;
      if (name === "TimeoutError" || name === "AbortError") return { status: "failed", error: `GET ${detailUrl}: no answer within ${options.timeoutMs / 1000} s` };
      const cause = (error as { cause?: { code?: string } }).cause;
      return { status: "failed", error: `GET ${detailUrl}: ${cause?.code ?? "the request failed"}` };
    }
    const parameters = parametersOf(answer, current.endpoint);
    if (typeof parameters === "string") return { status: "failed", error: `GET ${detailUrl}: ${parameters}` };
    models.push({ model_id: model.model_id, page: detailUrl, ...(model.example ? { example: model.example } : {}), parameters: constraintsOf(parameters, detailUrl) });
  }
  const snapshot: ModelsSnapshot = {
    endpoint: current.endpoint,
    source: "model-search",
    note: `Read from ${base}/{modelId} (each model's \`parameters\` JSON Schema for ${pathOf(current.endpoint)}); \`common\` and each \`example\` (the model page's example body) are kept from the transcription of the model pages.`,
    common: current.common,
    models,
  };
  const text = `${JSON.stringify(snapshot, null, 2)}\n`;
  try {
    parseModelsSnapshot(text, entry.file);
  } catch (error) {
    return { status: "failed", error: `${base}: the answers do not make a models snapshot (${(error as Error).message})` };
  }
  return { status: "fetched", content: Buffer.from(text) };
}
