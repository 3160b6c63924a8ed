/** Where each pipeline input and output lives, relative to a project root. */
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const PROJECT_ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));

export interface Layout {
  root: string;
  /** Upstream documentation snapshots and their manifest (never edited by hand). */
  upstreamDir: string;
  manifestFile: string;
  /** Hand-written OpenAPI 3.1 documents. */
  specsDir: string;
  /** OpenAPI Overlay 1.0 documents: the project's corrections. */
  overlaysDir: string;
  /** Everything machine-written. */
  generatedDir: string;
  extractedDir: string;
}

export function layoutOf(root: string = PROJECT_ROOT): Layout {
  const upstreamDir = join(root, "openapi", "upstream");
  const generatedDir = join(root, "generated");
  return {
    root,
    upstreamDir,
    manifestFile: join(upstreamDir, "manifest.yaml"),
    specsDir: join(root, "openapi", "specs"),
    overlaysDir: join(root, "openapi", "overlays"),
    generatedDir,
    extractedDir: join(generatedDir, "extracted"),
  };
}
