/**
 * `contract --docs-repo DIR`: a checkout of ModelsLab's docs repository as the check's input. The
 * manifest says which of its files the check reads (each entry's `path`); they are laid out as
 * openapi/upstream lays out its snapshots (docs-repo/<path>), each page that is a rendering of an
 * `.mdx` is rendered from it (and from the `openapi.json` beside it) as the site does, and the
 * pages the repository does not hold (the v7 model page, the legacy page) are the project's
 * snapshots. The result is a docs directory like any other, so the check that runs on it is the
 * one that runs on the snapshots.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import type { Layout } from "../../scripts/layout.js";
import { sha256 } from "../../scripts/manifest.js";
import { parseYaml, stringifyYaml } from "../../scripts/yaml-io.js";
import type { JsonObject } from "../claims/claim.js";
import { renderPage } from "./render-page.js";

interface RawEntry {
  file: string;
  path?: string;
  format: string;
  renders?: string;
  sha256: string;
}

export interface RepositoryInput {
  /** The docs directory to check (openapi/upstream's layout), in a temporary directory. */
  upstreamDir: string;
  /** The checkout's root. */
  repositoryDir: string;
  /** Repository files the manifest names that the checkout lacks (the pages they make are then the project's snapshots). */
  missing: string[];
  remove(): void;
}

export class DocsRepositoryError extends Error {
  override name = "DocsRepositoryError";
}

/** `pagesDir`: where the pages the repository does not hold are read (default: the project's snapshots). */
export function docsRepositoryInput(repositoryDir: string, project: Layout, pagesDir: string = project.upstreamDir): RepositoryInput {
  const root = resolve(repositoryDir);
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new DocsRepositoryError(`--docs-repo ${repositoryDir}: not a directory`);
  const manifest = parseYaml(readFileSync(project.manifestFile, "utf8"), "openapi/upstream/manifest.yaml") as { pages: RawEntry[]; documents?: RawEntry[]; models?: RawEntry[] };
  // The per-model constraints (manifest `models`) are the project's snapshot, as the pages outside the repository are.
  const entries = [...manifest.pages, ...(manifest.documents ?? []), ...(manifest.models ?? [])];
  const inRepository = entries.filter((entry) => entry.path !== undefined);
  const missing = inRepository.filter((entry) => !existsSync(join(root, entry.path!))).map((entry) => entry.path!);
  if (missing.length === inRepository.length)
    throw new DocsRepositoryError(`--docs-repo ${repositoryDir}: none of the files the check reads is there (${inRepository.map((e) => e.path).join(", ")}); give the root of a ModelsLab/docs-v2 checkout`);
  const dir = mkdtempSync(join(tmpdir(), "docs-repo-input-"));
  const place = (file: string, content: string | Buffer) => {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), content);
  };
  for (const entry of entries) {
    const from = entry.path !== undefined && existsSync(join(root, entry.path)) ? join(root, entry.path) : join(pagesDir, entry.file);
    mkdirSync(dirname(join(dir, entry.file)), { recursive: true });
    copyFileSync(from, join(dir, entry.file));
  }
  for (const entry of manifest.documents ?? []) {
    if (entry.format !== "mdx" || !entry.renders || entry.path === undefined || missing.includes(entry.path)) continue;
    const documentFile = join(dirname(entry.file), "openapi.json");
    const document = existsSync(join(dir, documentFile)) ? (parseYaml(readFileSync(join(dir, documentFile), "utf8"), documentFile) as JsonObject) : undefined;
    try {
      place(entry.renders, renderPage({ path: entry.path, text: readFileSync(join(dir, entry.file), "utf8") }, document).text);
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      throw new DocsRepositoryError(`${entry.path}: cannot be rendered: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  for (const entry of entries) entry.sha256 = sha256(readFileSync(join(dir, entry.file)));
  place("manifest.yaml", stringifyYaml(manifest));
  return { upstreamDir: dir, repositoryDir: root, missing, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
