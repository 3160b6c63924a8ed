/**
 * Copies of ModelsLab's docs repository for tests, in its own layout (the snapshot files of
 * openapi/upstream/docs-repo/ at their repository paths), with the pages it does not hold beside
 * it, and suggested fixes (source edits) applied: a repository file's edit to the copy, a page's
 * (by its URL) to the pages. The contract check then runs with --docs-repo on the copy.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { layoutOf } from "../../scripts/layout.js";
import { readManifest } from "../../scripts/manifest.js";
import { parseModelsSnapshot } from "../../scripts/v7-models.js";
import { applyEdits } from "../docs-edits.js";
import type { SourceEdit } from "../docs-repo/source-places.js";

export interface DocsRepoCopy {
  /** The repository checkout. */
  repo: string;
  /** The pages outside the repository (openapi/upstream's layout). */
  pages: string;
  /** Edits that did not apply (their `before` not on their line). */
  conflicts: SourceEdit[];
}

export function docsRepoCopy(edits: readonly SourceEdit[] = [], from?: DocsRepoCopy): DocsRepoCopy {
  const layout = layoutOf();
  const dir = mkdtempSync(join(tmpdir(), "docs-repo-copy-"));
  const repo = join(dir, "docs-v2");
  const pages = join(dir, "pages");
  cpSync(from?.repo ?? join(layout.upstreamDir, "docs-repo"), repo, { recursive: true });
  // The pages outside the repository: its own files (docs-repo/) are read from the checkout, not from here.
  const pagesFrom = from?.pages ?? layout.upstreamDir;
  const inRepository = join(pagesFrom, "docs-repo");
  cpSync(pagesFrom, pages, { recursive: true, filter: (source) => source !== inRepository });
  const manifest = readManifest(layout);
  const byUrl = new Map(manifest.pages.map((page) => [page.url, page.file]));
  // A model page's edit goes to the models snapshot that transcribes it (at the snapshot's line).
  for (const entry of manifest.models)
    for (const model of parseModelsSnapshot(readFileSync(join(pages, entry.file), "utf8"), entry.file).models) byUrl.set(model.page, entry.file);
  const fileOf = (edit: SourceEdit): string => {
    if (edit.base === "DOCSROOT") return join(repo, edit.uri);
    const page = !edit.base ? byUrl.get(edit.uri) : undefined;
    if (!page) throw new Error(`${edit.uri}: an edit outside the docs (${edit.base ?? "URL"})`);
    return join(pages, page);
  };
  const conflicts: SourceEdit[] = [];
  const byFile = new Map<string, SourceEdit[]>();
  for (const edit of edits) byFile.set(fileOf(edit), [...(byFile.get(fileOf(edit)) ?? []), edit]);
  for (const [file, fileEdits] of byFile) {
    const result = applyEdits(readFileSync(file, "utf8"), fileEdits.map((edit) => ({ page: file, line: edit.line, before: edit.before, after: edit.after })));
    conflicts.push(...result.conflicts.map((c) => fileEdits.find((e) => e.line === c.line && e.before === c.before)!));
    writeFileSync(file, result.text);
  }
  return { repo, pages, conflicts };
}

/** Edits a file of a copy by hand: a text change (which must change something), or a JSON document changed in place. */
export function editRepoFile(copy: DocsRepoCopy, path: string, change: ((text: string) => string) | { json: (document: Record<string, any>) => void }): void {
  const file = join(copy.repo, path);
  const text = readFileSync(file, "utf8");
  if (typeof change === "function") {
    const next = change(text);
    if (next === text) throw new Error(`${path}: the edit changed nothing`);
    writeFileSync(file, next);
  } else {
    const document = JSON.parse(text) as Record<string, any>;
    change.json(document);
    writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
  }
}

/** A text change that replaces `from`, which must occur exactly once. */
export const replaceOnce = (from: string, to: string) => (text: string): string => {
  if (text.split(from).length !== 2) throw new Error(`expected exactly one ${JSON.stringify(from)}`);
  return text.replace(from, to);
};
