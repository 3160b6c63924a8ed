/** Copies of the upstream docs for tests: edited pages, a manifest with matching checksums. */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { layoutOf } from "../../scripts/layout.js";
import { sha256 } from "../../scripts/manifest.js";
import { parseYaml, stringifyYaml } from "../../scripts/yaml-io.js";

export interface PageEdit {
  file: string;
  from: string;
  to: string;
}

/**
 * A temp directory laid out like openapi/upstream, with `edits` applied (each must match exactly
 * once). `keepPages` keeps only those pages; `keepDocuments` only those docs-repository files
 * (default: all but the page sources of pages not kept).
 */
export function editedDocs(edits: PageEdit[], keepPages?: string[], keepDocuments?: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), "docs-"));
  cpSync(layoutOf().upstreamDir, dir, { recursive: true });
  for (const edit of edits) {
    const file = join(dir, edit.file);
    const text = readFileSync(file, "utf8");
    if (text.split(edit.from).length !== 2) throw new Error(`${edit.file}: expected exactly one ${JSON.stringify(edit.from)}`);
    writeFileSync(file, text.replace(edit.from, edit.to));
  }
  type Entry = { file: string; sha256: string; renders?: string };
  const manifest = parseYaml(readFileSync(join(dir, "manifest.yaml"), "utf8"), "manifest.yaml") as { pages: Entry[]; documents?: Entry[] };
  manifest.pages = manifest.pages.filter((page) => !keepPages || keepPages.includes(page.file));
  manifest.documents = (manifest.documents ?? []).filter((entry) =>
    keepDocuments ? keepDocuments.includes(entry.file) : !entry.renders || manifest.pages.some((page) => page.file === entry.renders),
  );
  for (const entry of [...manifest.pages, ...manifest.documents]) entry.sha256 = sha256(readFileSync(join(dir, entry.file)));
  writeFileSync(join(dir, "manifest.yaml"), stringifyYaml(manifest));
  return dir;
}
