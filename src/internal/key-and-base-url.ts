/**
 * What must hold of the API key and of the base URL it is sent to, checked where a client or a
 * proxy is made (before anything is sent): the key is a single printable token, the base URL an
 * http(s) URL without credentials, query or fragment.
 */

/** Why `key` cannot be an API key (empty, whitespace or control characters anywhere), or undefined. */
export function apiKeyProblem(key: unknown): string | undefined {
  if (typeof key !== "string" || key === "") return "is empty";
  if (/[\s\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]/u.test(key)) return "contains whitespace or control characters (a stray newline or space from a file or a copy?)";
  return undefined;
}

/** Why `url` cannot be the API's base URL, or undefined. */
export function baseUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "is not a URL";
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return `must be http(s), not ${parsed.protocol}`;
  if (parsed.username || parsed.password) return "must not carry credentials";
  if (parsed.search || parsed.hash) return "must not have a query or fragment";
  return undefined;
}
