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
}
