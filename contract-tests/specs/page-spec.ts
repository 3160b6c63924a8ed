/**
 * Which spec document each upstream page is checked against ("its own page's spec"): the
 * document extracted from the page itself; else the hand-written document whose operations
 * cite the page in x-source; else the document that serves the page's endpoint (the legacy
 * img2video_ultra page is checked against the spec extracted from the current one).
 */
import type { ManifestPage } from "../../scripts/manifest.js";
import type { SourceDocument } from "../../scripts/merge.js";
import type { JsonObject } from "../claims/claim.js";
import type { SpecSource } from "./spec-lines.js";

export const API_BASE = "https://modelslab.com/api";

export interface PageSpec {
  page: ManifestPage;
  /** The endpoint as the report names it, e.g. "POST /v6/video/img2video". */
  endpoint: string;
  /** The spec document's label (generated/extracted/… or openapi/specs/…). */
  specLabel: string;
  document: JsonObject;
  method: string;
  /** The operation's path inside that document (servers' base path not included). */
  path: string;
  operation: JsonObject;
  /** For a hand-written spec: its file, to cite the line of each statement of the transcription. */
  source?: SpecSource;
}

const isObject = (value: unknown): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);

function operationsOf(source: SourceDocument): { url: string; method: string; path: string; operation: JsonObject }[] {
  const servers = source.document.servers;
  const base = Array.isArray(servers) && isObject(servers[0]) && typeof servers[0].url === "string" ? servers[0].url.replace(/\/$/, "") : "";
  const paths = isObject(source.document.paths) ? source.document.paths : {};
  return Object.entries(paths).flatMap(([path, item]) =>
    isObject(item) ? Object.entries(item).filter(([, op]) => isObject(op)).map(([method, op]) => ({ url: `${base}${path}`, method, path, operation: op as JsonObject })) : [],
  );
}

const citesPage = (operation: JsonObject, file: string): boolean => isObject(operation["x-source"]) && operation["x-source"].page === file;

/** The spec of each page, in manifest order; a page no spec serves is reported in `unmatched`. */
export function pageSpecs(pages: ManifestPage[], extracted: SourceDocument[], handWritten: SourceDocument[]): { specs: PageSpec[]; unmatched: ManifestPage[] } {
  const specs: PageSpec[] = [];
  const unmatched: ManifestPage[] = [];
  for (const page of pages) {
    const [method = "POST", url = ""] = (page.endpoints[0] ?? "").split(" ");
    const candidates = [...extracted, ...handWritten];
    const own = extracted.find((source) => isObject(source.document["x-extracted-from"]) && source.document["x-extracted-from"].page === page.file);
    const citing = handWritten.find((source) => operationsOf(source).some(({ operation }) => citesPage(operation, page.file)));
    const serving = candidates.find((source) => operationsOf(source).some((op) => op.url === url && op.method === method.toLowerCase()));
    const source = own ?? citing ?? serving;
    const op = source && (operationsOf(source).find((candidate) => candidate.url === url && candidate.method === method.toLowerCase()) ?? operationsOf(source).find(({ operation }) => citesPage(operation, page.file)));
    if (!source || !op) {
      unmatched.push(page);
      continue;
    }
    specs.push({
      page,
      endpoint: `${method.toUpperCase()} ${url.startsWith(API_BASE) ? url.slice(API_BASE.length) : url}`,
      specLabel: source.label,
      document: source.document as JsonObject,
      method: op.method,
      path: op.path,
      operation: op.operation,
    });
  }
  return { specs, unmatched };
}
