/** A queued generation: which family's fetch endpoint answers for it, and how to name it. */
import { operationIndex } from "../../generated/client.js";

/** The API family a generation belongs to; each has its own fetch endpoint. */
export type Family = "v6" | "v7" | "enterprise" | "enterprise-ultra";

/** Everything needed to resume waiting for a generation: persist it, then `wait(job)` later. */
export interface JobRef {
  id: string;
  family: Family;
  /** The fetch endpoint of this generation (POST it with `{"key": ...}`). */
  fetchUrl: string;
}

export const FETCH_PATHS: Record<Family, string> = {
  v6: operationIndex.fetchV6Video.path,
  v7: operationIndex.fetchV7Video.path,
  enterprise: operationIndex.fetchEnterpriseVideo.path,
  "enterprise-ultra": operationIndex.fetchEnterpriseUltraVideo.path,
};

const FAMILIES = Object.keys(FETCH_PATHS) as Family[];

export function isFamily(value: unknown): value is Family {
  return FAMILIES.includes(value as Family);
}

/** `/v6/video/fetch/{id}` → a pattern matching a URL path that ends in it, capturing the id. */
const FETCH_PATH_PATTERNS = FAMILIES.map((family) => {
  const [before] = FETCH_PATHS[family].split("{id}");
  const escaped = (before ?? "").replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return { family, pattern: new RegExp(`${escaped}([^/]+)/?$`) };
});

/** The family and id a fetch URL (such as a response's `fetch_result`) points at, if it is one. */
export function parseFetchUrl(url: string): { family: Family; id: string } | undefined {
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch {
    return undefined;
  }
  for (const { family, pattern } of FETCH_PATH_PATTERNS) {
    const id = pattern.exec(pathname)?.[1];
    if (id) return { family, id: decodeURIComponent(id) };
  }
  return undefined;
}

export function fetchUrlOf(baseUrl: string, family: Family, id: string): string {
  return baseUrl.replace(/\/+$/, "") + FETCH_PATHS[family].replace("{id}", encodeURIComponent(id));
}
