/**
 * Server-chosen text (ids, messages, URLs) on a terminal: control characters, line breaks and
 * bidirectional overrides are shown escaped (`\x1b`, `\n`, `\u202e`), so an answer can neither
 * drive the terminal nor forge lines of output.
 */

// C0 and C1 controls, DEL, line and paragraph separators, bidi embeddings/overrides/isolates, BOM.
const UNSAFE = /[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

function escaped(char: string): string {
  const code = char.charCodeAt(0);
  if (char === "\n") return "\\n";
  if (char === "\r") return "\\r";
  if (char === "\t") return "\\t";
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

/** `text` with every unsafe character shown as an escape. */
export function printable(text: string): string {
  return text.replace(UNSAFE, escaped);
}

/** What JSON.stringify leaves raw inside strings (it escapes C0 controls itself). */
const UNSAFE_IN_JSON = /[\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** JSON for stdout, with DEL, C1 controls, separators and bidi controls escaped as \uXXXX too. */
export function printableJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(UNSAFE_IN_JSON, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Whether `url` can be printed as one line of stdout and fetched: http(s), no whitespace or controls. */
export function isPrintableUrl(url: string): boolean {
  if (/\s/u.test(url) || url.replace(UNSAFE, "") !== url) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:";
  } catch {
    return false;
  }
}
