/**
 * The upstream snapshot manifest: which page documents which endpoint, which of ModelsLab's
 * OpenAPI documents (and page sources) the project takes from its docs repository, and the
 * checksum of each. Repository files are pinned to a commit.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Layout } from "./layout.js";
import { PipelineError } from "./pipeline-error.js";
import { readYaml } from "./yaml-io.js";

/**
 * Families name an API and its component prefix: v6, v7, enterprise (video server),
 * enterprise-ultra (image-to-video ultra server) each have their own fetch endpoint; general
 * is the account-level API (base64_to_url).
 */
export const FAMILIES = ["v6", "v7", "enterprise", "enterprise-ultra", "general"] as const;
export type Family = (typeof FAMILIES)[number];

export const PAGE_FORMATS = ["markdown-openapi", "markdown", "text"] as const;
export type PageFormat = (typeof PAGE_FORMATS)[number];

export const DOCUMENT_FORMATS = ["openapi-json", "mdx"] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

/** Where a snapshot came from in a docs repository: the repository, the file's path there, the commit. */
export interface RepositoryOrigin {
  repository: string;
  path: string;
  commit: string;
}

export interface ManifestPage {
  file: string;
  family: Family;
  format: PageFormat;
  url: string;
  endpoints: string[];
  sha256: string;
  /** Set when the page is a file of a docs repository (an .mdx source) rather than a rendering. */
  origin?: RepositoryOrigin;
  /**
   * Another page (a `pages` file) whose endpoint runs the same generation on another server, so
   * its limits and defaults should agree with this page's (enterprise image_to_video_ultra and
   * v6 img2video_ultra): the contract check compares them as it compares endpoints sharing a model.
   */
  variantOf?: string;
}

/** A file of a docs repository the pipeline reads: an OpenAPI document, or the page source that renders one. */
export interface ManifestDocument {
  file: string;
  format: DocumentFormat;
  url: string;
  sha256: string;
  origin: RepositoryOrigin;
  /** openapi-json: the family its operations join. */
  family?: Family;
  /** openapi-json: the operations the project takes (`POST /video/fetch/{id}`, paths as the document writes them). */
  operations?: string[];
  /** mdx: the rendered page (a `pages` file) this source is rendered into. */
  renders?: string;
}

/**
 * Per-model request constraints of an endpoint that serves many models (the v7 video-fusion
 * image-to-video): a JSON snapshot listing each model's id, its page and a JSON Schema of the
 * request fields that model takes (see v7-models.ts). `url` is the model-search endpoint a live
 * sync reads them from (`<url>/<modelId>`, with the API key).
 */
export interface ManifestModels {
  file: string;
  family: Family;
  format: "model-constraints";
  /** The endpoint the models are served by (`POST https://…`). */
  endpoint: string;
  url: string;
  sha256: string;
  /** Never set: model constraints do not come from a docs repository. */
  origin?: undefined;
}

/** How a repository is reached live: its head commit (text/plain sha) and its raw files by commit. */
export interface ManifestRepository {
  name: string;
  /** GET answers the head commit's sha (GitHub: `accept: application/vnd.github.sha`). */
  head: string;
  /** `<raw>/<commit>/<path>` is a file at a commit. */
  raw: string;
}

export interface Manifest {
  repositories: ManifestRepository[];
  pages: ManifestPage[];
  documents: ManifestDocument[];
  models: ManifestModels[];
}

/** A snapshot of either kind: what sync downloads and checks. */
export type ManifestEntry = ManifestPage | ManifestDocument | ManifestModels;

export function sha256(content: string | Uint8Array): string {
  return createHash("sha256").update(content).digest("hex");
}

function fail(label: string, what: string): never {
  throw new PipelineError(`${label}: ${what}`);
}

const URL_PATTERN = /^(https:\/\/|http:\/\/(127\.0\.0\.1|localhost)[:/])/;
const FILE_PATTERN = /^(?!.*(^|\/)\.\.?(\/|$))[\w.-]+(\/[\w.-]+)*$/;

/** The raw URL of a repository file at a commit. */
export function rawUrlOf(repository: ManifestRepository, path: string, commit: string): string {
  return `${repository.raw.replace(/\/+$/, "")}/${commit}/${path}`;
}

/** Reads and checks the manifest's shape (not the checksums: see snapshotMismatches). */
export function readManifest(layout: Layout): Manifest {
  const label = "openapi/upstream/manifest.yaml";
  const raw = readYaml(layout.manifestFile, label) as { pages?: unknown; documents?: unknown; repositories?: unknown; models?: unknown };
  if (!raw || !Array.isArray(raw.pages) || raw.pages.length === 0) fail(label, "expected a non-empty `pages` list");
  const seen = new Set<string>();
  const repositories = (Array.isArray(raw.repositories) ? raw.repositories : []).map((entry: Record<string, unknown>, index: number): ManifestRepository => {
    const at = `${label}: repositories[${index}]`;
    const { name, head, raw: rawBase } = entry ?? {};
    if (typeof name !== "string" || !/^[\w.-]+\/[\w.-]+$/.test(name)) fail(at, "`name` must be owner/name");
    if (typeof head !== "string" || !URL_PATTERN.test(head)) fail(at, "`head` must be an https URL (or http on loopback)");
    if (typeof rawBase !== "string" || !URL_PATTERN.test(rawBase)) fail(at, "`raw` must be an https URL (or http on loopback)");
    return { name, head, raw: rawBase };
  });
  const originOf = (entry: Record<string, unknown>, at: string, required: boolean): RepositoryOrigin | undefined => {
    const { repository, path, commit } = entry;
    if (repository === undefined && !required) return undefined;
    if (typeof repository !== "string" || !repositories.some((r) => r.name === repository)) fail(at, "`repository` must name an entry of `repositories`");
    if (typeof path !== "string" || !FILE_PATTERN.test(path)) fail(at, "`path` must be a relative path inside the repository");
    if (typeof commit !== "string" || !/^[0-9a-f]{40}$/.test(commit)) fail(at, "`commit` must be a full 40-digit commit sha");
    return { repository, path, commit };
  };
  const common = (entry: Record<string, unknown>, at: string) => {
    const { file, url, sha256: sum } = entry ?? {};
    if (typeof file !== "string" || !FILE_PATTERN.test(file)) fail(at, "`file` must be a path relative to openapi/upstream, without . or .. segments");
    if (seen.has(file)) fail(at, `\`${file}\` is listed twice`);
    seen.add(file);
    if (typeof url !== "string" || !URL_PATTERN.test(url)) fail(at, "`url` must be an https URL (or http on loopback, for a local mirror)");
    if (typeof sum !== "string" || !/^[0-9a-f]{64}$/.test(sum)) fail(at, "`sha256` must be 64 hex digits");
    return { file, url, sha256: sum };
  };
  const pages = raw.pages.map((entry: Record<string, unknown>, index: number): ManifestPage => {
    const at = `${label}: pages[${index}]`;
    const base = common(entry, at);
    const { family, format, endpoints } = entry ?? {};
    if (!FAMILIES.includes(family as Family)) fail(at, `\`family\` must be one of ${FAMILIES.join(", ")}`);
    if (!PAGE_FORMATS.includes(format as PageFormat)) fail(at, `\`format\` must be one of ${PAGE_FORMATS.join(", ")}`);
    if (!Array.isArray(endpoints) || endpoints.length === 0 || !endpoints.every((e) => typeof e === "string" && /^(GET|POST) https:\/\//.test(e)))
      fail(at, "`endpoints` must list entries like `POST https://…`");
    const origin = originOf(entry, at, false);
    const { variantOf } = entry;
    if (variantOf !== undefined && (typeof variantOf !== "string" || !(raw.pages as { file?: unknown }[]).some((p) => p?.file === variantOf) || variantOf === base.file))
      fail(at, "`variantOf` must name another file of `pages`");
    return {
      ...base,
      family: family as Family,
      format: format as PageFormat,
      endpoints: endpoints as string[],
      ...(origin ? { origin } : {}),
      ...(typeof variantOf === "string" ? { variantOf } : {}),
    };
  });
  const documents = (Array.isArray(raw.documents) ? raw.documents : []).map((entry: Record<string, unknown>, index: number): ManifestDocument => {
    const at = `${label}: documents[${index}]`;
    const base = common(entry, at);
    const { format, family, operations, renders } = entry ?? {};
    if (!DOCUMENT_FORMATS.includes(format as DocumentFormat)) fail(at, `\`format\` must be one of ${DOCUMENT_FORMATS.join(", ")}`);
    const origin = originOf(entry, at, true)!;
    if (format === "openapi-json") {
      if (!FAMILIES.includes(family as Family)) fail(at, `\`family\` must be one of ${FAMILIES.join(", ")}`);
      if (!Array.isArray(operations) || operations.length === 0 || !operations.every((o) => typeof o === "string" && /^(GET|POST|PUT|PATCH|DELETE) \/\S*$/.test(o)))
        fail(at, "`operations` must list entries like `POST /video/fetch/{id}`");
      return { ...base, format, origin, family: family as Family, operations: operations as string[] };
    }
    if (renders !== undefined && (typeof renders !== "string" || !pages.some((p) => p.file === renders))) fail(at, "`renders` must name a file of `pages`");
    return { ...base, format: format as DocumentFormat, origin, ...(typeof renders === "string" ? { renders } : {}) };
  });
  const models = (Array.isArray(raw.models) ? raw.models : []).map((entry: Record<string, unknown>, index: number): ManifestModels => {
    const at = `${label}: models[${index}]`;
    const base = common(entry, at);
    const { family, format, endpoint } = entry ?? {};
    if (format !== "model-constraints") fail(at, "`format` must be model-constraints");
    if (!FAMILIES.includes(family as Family)) fail(at, `\`family\` must be one of ${FAMILIES.join(", ")}`);
    if (typeof endpoint !== "string" || !pages.some((page) => page.endpoints.includes(endpoint))) fail(at, "`endpoint` must be an endpoint a page of `pages` documents");
    if (!base.file.endsWith(".json")) fail(at, "`file` must be a .json snapshot");
    return { ...base, family: family as Family, format: "model-constraints", endpoint };
  });
  return { repositories, pages, documents, models };
}

export function readPage(layout: Layout, page: Pick<ManifestEntry, "file">): string {
  return readFileSync(join(layout.upstreamDir, page.file), "utf8");
}

/** Every snapshot of the manifest, pages first. */
export function entriesOf(manifest: Manifest): ManifestEntry[] {
  return [...manifest.pages, ...manifest.documents, ...manifest.models];
}

/** Snapshots whose bytes no longer match the manifest: hand edits, or a sync that did not finish. */
export function snapshotMismatches(layout: Layout, manifest: Manifest): string[] {
  return entriesOf(manifest)
    .filter((entry) => sha256(readFileSync(join(layout.upstreamDir, entry.file))) !== entry.sha256)
    .map((entry) => entry.file);
}
