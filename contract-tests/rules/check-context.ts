/** What every rule reads: each page's claims next to its spec and that spec's request facts. */
import type { ManifestPage } from "../../scripts/manifest.js";
import type { PageClaims } from "../claims/claim.js";
import type { PageSpec } from "../specs/page-spec.js";
import type { OverlayDecision } from "../specs/overlay-decisions.js";
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
  /** What the project's overlays decided about request fields (the client's side; fixes follow it). */
  decisions?: readonly OverlayDecision[];
}

/** The overlay decisions about `field`'s `aspect` on `endpoint`. */
export function decisionsOn(context: CheckContext, endpoint: string, field: string, aspect: string): OverlayDecision[] {
  return (context.decisions ?? []).filter((d) => d.endpoint === endpoint && d.field === field && d.aspect === aspect);
}

/** How a docs writer names the schema a page is checked against. */
export function schemaNoun(unit: PageUnderCheck): string {
  if (unit.spec.source) return `the project's transcription of ${unit.page.file}`;
  const from = unit.spec.document["x-extracted-from"];
  const page = typeof from === "object" && from !== null && !Array.isArray(from) && typeof from.page === "string" ? from.page : unit.page.file;
  return `the OpenAPI block of ${page}`;
}

/**
 * Where a docs writer reads what a page's schema states, for a fix's reasons: the OpenAPI block,
 * or, for a transcribed page, its own <ParamField> tags or parameter table (not the project's
 * transcription, which a docs writer does not edit).
 */
export function statedBy(unit: PageUnderCheck): string {
  if (!unit.spec.source) return schemaNoun(unit);
  const page = unit.page.file.replace(/^docs-repo\//, "");
  return unit.claims.fields.some((claim) => claim.origin === "param-field") ? `the <ParamField> tags of ${page}` : `the parameter table of ${page}`;
}

/**
 * Endpoints (one page each; pages sharing an endpoint share its spec) that serve one model: one
 * a variant of the other (manifest `variantOf`), or endpoints of different families with a common
 * model_id (the same model served elsewhere, whose limits must agree). Two endpoints of one family
 * are different products (img2video and its HD variant img2video_ultra) with their own limits.
 */
export function shareModel(a: PageUnderCheck, b: PageUnderCheck): boolean {
  if (a.page.variantOf === b.page.file || b.page.variantOf === a.page.file) return true;
  if (a.page.family === b.page.family) return false;
  const modelsOf = (unit: PageUnderCheck) => unit.request.properties.get("model_id")?.enum?.map(String) ?? [];
  const theirs = new Set(modelsOf(b));
  return modelsOf(a).some((model) => theirs.has(model));
}
