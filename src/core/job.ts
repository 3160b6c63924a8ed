/** A queued generation: which family's fetch endpoint answers for it, and how to name it. */
import { operationIndex } from "../../generated/operations.js";

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

/**
 * Why `id` cannot be a job id, or undefined. A job id goes into the fetch URL as one path
 * segment (percent-encoded): one that URL resolution would change or split (empty, `.`, `..`,
 * slashes, backslashes) or that holds control characters is refused, so a poll can only ever go
 * to its family's fetch operation.
 */
export function jobIdProblem(id: string): string | undefined {
  if (id === "") return "is empty";
  if (id === "." || id === "..") return `is ${JSON.stringify(id)}, a dot segment that URL resolution removes`;
  if (/[/\\]/.test(id)) return "holds a slash or backslash";
  if (/[\x00-\x1f\x7f-\x9f\u2028\u2029]/.test(id)) return "holds control characters";
  if (id.length > 1024) return "is longer than 1024 characters";
  return undefined;
}

/**
 * A job id as the API gives it, as text; undefined for anything else. Answers are parsed with
 * integer ids beyond 2^53 as the string of their digits (internal/exact-json.ts), so a number here
 * is exact only when it is a safe integer: any other number has lost digits and is no id.
 */
export function idOf(value: unknown): string | undefined {
  if (typeof value === "string") return value === "" ? undefined : value;
  if (typeof value === "number" && Number.isSafeInteger(value)) return String(value);
  return undefined;
}

/** The family and id a fetch URL (such as a response's `fetch_result`) points at, if it is one with a usable id. */
export function parseFetchUrl(url: string): { family: Family; id: string } | undefined {
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch {
    return undefined;
  }
  for (const { family, pattern } of FETCH_PATH_PATTERNS) {
    const segment = pattern.exec(pathname)?.[1];
    if (!segment) continue;
    let id: string;
    try {
      id = decodeURIComponent(segment);
    } catch {
      return undefined;
    }
    return jobIdProblem(id) === undefined ? { family, id } : undefined;
  }
  return undefined;
}

/** The path of a job's poll: its family's fetch operation with the id as one encoded segment. Callers check the id first (jobIdProblem). */
export function fetchPathOf(family: Family, id: string): string {
  const problem = jobIdProblem(id);
  if (problem) throw new RangeError(`job id ${problem}`);
  return FETCH_PATHS[family].replace("{id}", encodeURIComponent(id));
}

export function fetchUrlOf(baseUrl: string, family: Family, id: string): string {
  return baseUrl.replace(/\/+$/, "") + fetchPathOf(family, id);
}
