/** Copies of the upstream docs for tests: edited pages, a manifest with matching checksums. */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { layoutOf } from "../../scripts/layout.js";
import { sha256 } from "../../scripts/manifest.js";
import { parseYaml, stringifyYaml } from "../../scripts/yaml-io.js";
import { applyEdits } from "../docs-edits.js";
import type { PageEdit as LineEdit } from "../rules/finding.js";

export interface PageEdit {
  file: string;
  from: string;
  to: string;
}

/**
 * A temp directory laid out like openapi/upstream (or `from`), with `edits` applied (each must
 * match exactly once). `keepPages` keeps only those pages; `keepDocuments` only those
 * docs-repository files (default: all but the page sources of pages not kept).
 */
export function editedDocs(edits: PageEdit[], keepPages?: string[], keepDocuments?: string[], from = layoutOf().upstreamDir): string {
  const dir = mkdtempSync(join(tmpdir(), "docs-"));
  cpSync(from, dir, { recursive: true });
  for (const edit of edits) {
    const file = join(dir, edit.file);
    const text = readFileSync(file, "utf8");
    if (text.split(edit.from).length !== 2) throw new Error(`${edit.file}: expected exactly one ${JSON.stringify(edit.from)}`);
    writeFileSync(file, text.replace(edit.from, edit.to));
  }
  type Entry = { file: string; sha256: string; renders?: string; endpoint?: string; endpoints?: string[] };
  const manifest = parseYaml(readFileSync(join(dir, "manifest.yaml"), "utf8"), "manifest.yaml") as { pages: Entry[]; documents?: Entry[]; models?: Entry[] };
  manifest.pages = manifest.pages.filter((page) => !keepPages || keepPages.includes(page.file));
  manifest.documents = (manifest.documents ?? []).filter((entry) =>
    keepDocuments ? keepDocuments.includes(entry.file) : !entry.renders || manifest.pages.some((page) => page.file === entry.renders),
  );
  // Per-model constraints go with the pages of their endpoint.
  manifest.models = (manifest.models ?? []).filter((entry) => manifest.pages.some((page) => page.endpoints?.includes(entry.endpoint ?? "")));
  for (const entry of [...manifest.pages, ...manifest.documents, ...manifest.models]) entry.sha256 = sha256(readFileSync(join(dir, entry.file)));
  writeFileSync(join(dir, "manifest.yaml"), stringifyYaml(manifest));
  return dir;
}

/**
 * A copy of the docs in `from` (default: openapi/upstream) with line edits (suggested fixes)
 * applied; every edit must apply unless `allowConflicts`, which returns the ones left out.
 */
export function fixedDocs(edits: readonly LineEdit[], options: { from?: string; allowConflicts?: boolean } = {}): { dir: string; conflicts: LineEdit[] } {
  const dir = editedDocs([], undefined, undefined, options.from);
  const conflicts: LineEdit[] = [];
  for (const page of new Set(edits.map((edit) => edit.page))) {
    const file = join(dir, page);
    const result = applyEdits(readFileSync(file, "utf8"), edits.filter((edit) => edit.page === page));
    conflicts.push(...result.conflicts);
    writeFileSync(file, result.text);
  }
  if (conflicts.length > 0 && !options.allowConflicts) throw new Error(`edits that do not apply: ${JSON.stringify(conflicts)}`);
  const manifest = parseYaml(readFileSync(join(dir, "manifest.yaml"), "utf8"), "manifest.yaml") as { pages: { file: string; sha256: string }[]; models?: { file: string; sha256: string }[] };
  for (const entry of [...manifest.pages, ...(manifest.models ?? [])]) entry.sha256 = sha256(readFileSync(join(dir, entry.file)));
  writeFileSync(join(dir, "manifest.yaml"), stringifyYaml(manifest));
  return { dir, conflicts };
}
