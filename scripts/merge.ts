/**
 * Pipeline step 2: merge the per-page spec documents into one OpenAPI 3.1 document.
 *
 * - one server, https://modelslab.com/api; each source's paths are prefixed with the part of
 *   its server URL after /api (so /video/img2video of https://modelslab.com/api/v6 becomes
 *   /v6/video/img2video);
 * - component names are prefixed per family (V6, V7, Enterprise) and every $ref follows;
 *   two documents of one family may define the same component only identically (x-source
 *   aside): the first one's provenance is kept;
 * - every operation is tagged with its family (`x-family`);
 * - jsonSchemaDialect is 2020-12, so Prism and Ajv read the schemas as OpenAPI 3.1 means them.
 * Anything that cannot be merged throws a PipelineError naming both sources.
 */
import { isDeepStrictEqual } from "node:util";
import type { Family } from "./manifest.js";
import { PipelineError } from "./pipeline-error.js";

export const MERGED_SERVER_URL = "https://modelslab.com/api";
export const JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema";

export const COMPONENT_PREFIX: Record<Family, string> = { v6: "V6", v7: "V7", enterprise: "Enterprise", "enterprise-ultra": "EnterpriseUltra", general: "General" };
const FAMILY_ORDER: Family[] = ["v6", "v7", "enterprise", "enterprise-ultra", "general"];
const FAMILY_DESCRIPTION: Record<Family, string> = {
  v6: "v6 video API: img2video, img2video_ultra and their fetch endpoint",
  v7: "v7 video-fusion API: image-to-video across many models, and its fetch endpoint",
  enterprise: "v1 enterprise video API on a dedicated server, and its fetch endpoint",
  "enterprise-ultra": "v1 enterprise image-to-video ultra API on a dedicated server, and its fetch endpoint",
  general: "account-level API: base64_to_url, which uploads a local image and answers its URL, and processing/request_count, which answers how many of the account's requests are being processed",
};
const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

export interface SourceDocument {
  /** Path of the document relative to the project root; names it in errors and in x-sources. */
  label: string;
  family: Family;
  document: Record<string, unknown>;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (value: unknown): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);

/** Path prefix for a source: its server URL's path after /api (https://modelslab.com/api/v6 → /v6). */
export function pathPrefixOf(source: SourceDocument): string {
  const servers = source.document.servers;
  const url = Array.isArray(servers) && isObject(servers[0]) ? servers[0].url : undefined;
  if (typeof url !== "string") throw new PipelineError(`${source.label}: servers[0].url is missing`);
  const match = url.match(/^https:\/\/modelslab\.com\/api(\/[^?#]*)?$/);
  if (!match) throw new PipelineError(`${source.label}: servers[0].url ${url} is not under ${MERGED_SERVER_URL}`);
  return (match[1] ?? "").replace(/\/$/, "");
}

/** Rewrites local component $refs to their merged names; external refs are not supported. */
function renameRefs(value: Json, rename: (ref: string) => string): Json {
  if (Array.isArray(value)) return value.map((item) => renameRefs(item, rename));
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) out[key] = key === "$ref" && typeof child === "string" ? rename(child) : renameRefs(child, rename);
  return out;
}

function withoutProvenance(value: Json): Json {
  if (Array.isArray(value)) return value.map(withoutProvenance);
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !key.startsWith("x-source")).map(([key, child]) => [key, withoutProvenance(child)]));
}

/** The first place two JSON values differ, as a dotted path with both values. */
export function firstDifference(a: Json, b: Json, at = ""): string | undefined {
  if (isDeepStrictEqual(a, b)) return undefined;
  if (isObject(a) && isObject(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const diff = firstDifference(a[key] ?? null, b[key] ?? null, at ? `${at}.${key}` : key);
      if (diff) return diff;
    }
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    for (let i = 0; i < a.length; i++) {
      const diff = firstDifference(a[i]!, b[i]!, `${at}[${i}]`);
      if (diff) return diff;
    }
  }
  return `${at || "(root)"}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
}

export function mergeDocuments(sources: SourceDocument[]): Record<string, unknown> {
  const ordered = [...sources].sort(
    (a, b) => FAMILY_ORDER.indexOf(a.family) - FAMILY_ORDER.indexOf(b.family) || a.label.replace(/\.yaml$/, "").localeCompare(b.label.replace(/\.yaml$/, "")),
  );
  const paths: Record<string, JsonObject> = {};
  const pathOwner: Record<string, string> = {};
  const components: Record<string, JsonObject> = {};
  const componentOwner: Record<string, string> = {};

  for (const source of ordered) {
    const doc = source.document as JsonObject;
    if (typeof doc.openapi !== "string" || !doc.openapi.startsWith("3.1."))
      throw new PipelineError(`${source.label}: expected an OpenAPI 3.1 document (openapi: ${String(doc.openapi)})`);
    const prefix = COMPONENT_PREFIX[source.family];
    const sourceComponents = isObject(doc.components) ? doc.components : {};
    const rename = (ref: string): string => {
      const match = ref.match(/^#\/components\/([^/]+)\/([^/]+)$/);
      if (!match) throw new PipelineError(`${source.label}: unsupported $ref ${ref} (only local #/components/… refs can be merged)`);
      const [, section, name] = match as [string, string, string];
      const defined = sourceComponents[section];
      if (!isObject(defined) || !(name in defined)) throw new PipelineError(`${source.label}: $ref ${ref} points at nothing`);
      return `#/components/${section}/${prefix}${name}`;
    };

    for (const [section, entries] of Object.entries(sourceComponents)) {
      if (!isObject(entries)) continue;
      const target = (components[section] ??= {});
      for (const [name, value] of Object.entries(entries)) {
        const merged = `${prefix}${name}`;
        const renamed = renameRefs(value, rename);
        const key = `components.${section}.${merged}`;
        const existing = target[merged];
        if (existing === undefined) {
          target[merged] = renamed;
          componentOwner[key] = source.label;
        } else {
          const diff = firstDifference(withoutProvenance(existing), withoutProvenance(renamed));
          if (diff)
            throw new PipelineError(
              `merge conflict: ${componentOwner[key]} and ${source.label} both define ${key} (as ${section}/${name}) differently; first difference at ${diff}`,
            );
        }
      }
    }

    const sourcePaths = isObject(doc.paths) ? doc.paths : {};
    const pathPrefix = pathPrefixOf(source);
    for (const [path, item] of Object.entries(sourcePaths)) {
      if (!isObject(item)) continue;
      const merged = `${pathPrefix}${path}`;
      const target = (paths[merged] ??= {});
      for (const [key, value] of Object.entries(renameRefs(item, rename) as JsonObject)) {
        const owner = pathOwner[`${merged} ${key}`];
        if (owner) throw new PipelineError(`merge conflict: ${owner} and ${source.label} both define ${key} ${merged}`);
        pathOwner[`${merged} ${key}`] = source.label;
        target[key] = HTTP_METHODS.includes(key) && isObject(value) ? { ...value, tags: [source.family], "x-family": source.family } : value;
      }
    }
  }

  const sortedComponents: Record<string, JsonObject> = {};
  for (const section of Object.keys(components).sort())
    sortedComponents[section] = Object.fromEntries(Object.entries(components[section]!).sort(([a], [b]) => a.localeCompare(b)));

  return {
    openapi: "3.1.0",
    jsonSchemaDialect: JSON_SCHEMA_DIALECT,
    info: {
      title: "ModelsLab image-to-video API",
      version: "1.0.0",
      description:
        "ModelsLab's image-to-video endpoints (v6 img2video and img2video_ultra, v7 video-fusion image-to-video, v1 enterprise img2video and image_to_video_ultra), the fetch endpoints that polling needs, base64_to_url and processing/request_count, merged from the documentation pages and ModelsLab's OpenAPI documents with the project's corrections applied as overlays. Machine-written: do not edit.",
      license: { name: "MIT", identifier: "MIT" },
      contact: { name: "ModelsLab", url: "https://docs.modelslab.com" },
      "x-merged-from": ordered.map((source) => ({ document: source.label, family: source.family })),
    },
    servers: [{ url: MERGED_SERVER_URL, description: "ModelsLab production API" }],
    security: [],
    tags: FAMILY_ORDER.filter((family) => ordered.some((source) => source.family === family)).map((family) => ({
      name: family,
      description: FAMILY_DESCRIPTION[family],
    })),
    paths,
    components: sortedComponents,
  };
}
