/** The upstream snapshot manifest: which page documents which endpoint, and its checksum. */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Layout } from "./layout.js";
import { PipelineError } from "./pipeline-error.js";
import { readYaml } from "./yaml-io.js";

export const FAMILIES = ["v6", "v7", "enterprise"] as const;
export type Family = (typeof FAMILIES)[number];

export const PAGE_FORMATS = ["markdown-openapi", "markdown", "text"] as const;
export type PageFormat = (typeof PAGE_FORMATS)[number];

export interface ManifestPage {
  file: string;
  family: Family;
  format: PageFormat;
  url: string;
  endpoints: string[];
  sha256: string;
}

export interface Manifest {
  pages: ManifestPage[];
}

export function sha256(content: string | Uint8Array): string {
  return createHash("sha256").update(content).digest("hex");
}

function fail(label: string, what: string): never {
  throw new PipelineError(`${label}: ${what}`);
}

/** Reads and checks the manifest's shape (not the checksums: see verifySnapshots). */
export function readManifest(layout: Layout): Manifest {
  const label = "openapi/upstream/manifest.yaml";
  const raw = readYaml(layout.manifestFile, label) as { pages?: unknown };
  if (!raw || !Array.isArray(raw.pages) || raw.pages.length === 0) fail(label, "expected a non-empty `pages` list");
  const seen = new Set<string>();
  const pages = raw.pages.map((entry: Record<string, unknown>, index: number): ManifestPage => {
    const at = `${label}: pages[${index}]`;
    const { file, family, format, url, endpoints, sha256: sum } = entry ?? {};
    if (typeof file !== "string" || !/^[\w.-]+$/.test(file)) fail(at, "`file` must be a bare file name");
    if (seen.has(file)) fail(at, `\`${file}\` is listed twice`);
    seen.add(file);
    if (!FAMILIES.includes(family as Family)) fail(at, `\`family\` must be one of ${FAMILIES.join(", ")}`);
    if (!PAGE_FORMATS.includes(format as PageFormat)) fail(at, `\`format\` must be one of ${PAGE_FORMATS.join(", ")}`);
    if (typeof url !== "string" || !/^(https:\/\/|http:\/\/(127\.0\.0\.1|localhost)[:/])/.test(url)) fail(at, "`url` must be an https URL (or http on loopback, for a local mirror)");
    if (!Array.isArray(endpoints) || endpoints.length === 0 || !endpoints.every((e) => typeof e === "string" && /^(GET|POST) https:\/\//.test(e)))
      fail(at, "`endpoints` must list entries like `POST https://…`");
    if (typeof sum !== "string" || !/^[0-9a-f]{64}$/.test(sum)) fail(at, "`sha256` must be 64 hex digits");
    return { file, family: family as Family, format: format as PageFormat, url, endpoints: endpoints as string[], sha256: sum };
  });
  return { pages };
}

export function readPage(layout: Layout, page: ManifestPage): string {
  return readFileSync(join(layout.upstreamDir, page.file), "utf8");
}

/** Pages whose bytes no longer match the manifest: hand edits, or a sync that did not finish. */
export function snapshotMismatches(layout: Layout, manifest: Manifest): string[] {
  return manifest.pages
    .filter((page) => sha256(readFileSync(join(layout.upstreamDir, page.file))) !== page.sha256)
    .map((page) => page.file);
}
