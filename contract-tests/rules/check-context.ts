/** What every rule reads: each page's claims next to its spec and that spec's request facts. */
import type { ManifestPage } from "../../scripts/manifest.js";
import type { PageClaims } from "../claims/claim.js";
import type { PageSpec } from "../specs/page-spec.js";
import type { RequestFacts } from "../specs/schema-facts.js";

export interface PageUnderCheck {
  page: ManifestPage;
  claims: PageClaims;
  spec: PageSpec;
  request: RequestFacts;
}

export interface CheckContext {
  pages: PageUnderCheck[];
  /** Every checked page's lines, by file name (what suggested fixes edit). */
  lines: ReadonlyMap<string, readonly string[]>;
}

/** How a docs writer names the schema a page is checked against. */
export function schemaNoun(unit: PageUnderCheck): string {
  if (unit.spec.source) return `the project's transcription of ${unit.page.file}`;
  const from = unit.spec.document["x-extracted-from"];
  const page = typeof from === "object" && from !== null && !Array.isArray(from) && typeof from.page === "string" ? from.page : unit.page.file;
  return `the OpenAPI block of ${page}`;
}
