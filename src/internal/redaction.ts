/**
 * Keeps the API key out of everything the client hands back: bodies, headers, errors, logs.
 *
 * Redaction runs on parsed values (every string, recursively, object keys included) as well as
 * on text, and each string is looked at as sent and decoded: JSON `\uXXXX` escapes, percent
 * encoding and HTML character references (up to three layers), and the key in base64 or
 * base64url at any alignment. What it cannot see: a key split across several strings or fields,
 * or transformed otherwise (reversed, hashed, hex, case changed).
 */

export const REDACTED = "[redacted]";

export interface Redactor {
  /** `text` without the key in any of the forms above. */
  text(text: string): string;
  /** A copy of a parsed JSON value with every string (and object key) redacted. */
  value(value: unknown): unknown;
  /** Whether the key shows in `text` in any of the forms above. */
  finds(text: string): boolean;
  /**
   * Whether a string parsed out of the JSON `text` (a value or an object key) can hold the key in
   * any of the forms above; when not, `value` of the parse would change nothing. True when `text`
   * holds the key or its base64 as is, or any character an escape starts with (`\`, `%`, `&`):
   * without those, every parsed string is a piece of `text` exactly as written.
   */
  mayHold(text: string): boolean;
}

const ESCAPE = /\\u([0-9a-fA-F]{4})|\\([\\/"'bfnrt])|%([0-9a-fA-F]{2})|&#x([0-9a-fA-F]{1,6});|&#(\d{1,7});/g;
const MAY_DECODE = /[\\%&]/;
const SIMPLE: Record<string, string> = { b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

function decodeOnce(text: string): string {
  return text.replace(ESCAPE, (match, unicode?: string, simple?: string, percent?: string, hex?: string, decimal?: string) => {
    if (unicode) return String.fromCharCode(parseInt(unicode, 16));
    if (simple) return SIMPLE[simple] ?? simple;
    if (percent) return String.fromCharCode(parseInt(percent, 16));
    const code = parseInt(hex ?? decimal ?? "", hex ? 16 : 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : match;
  });
}

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

function base64(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const [a = 0, b = 0, c = 0] = [bytes[i], bytes[i + 1], bytes[i + 2]];
    const n = (a << 16) | (b << 8) | c;
    out += BASE64[(n >> 18) & 63]! + BASE64[(n >> 12) & 63]! + (i + 1 < bytes.length ? BASE64[(n >> 6) & 63]! : "=") + (i + 2 < bytes.length ? BASE64[n & 63]! : "=");
  }
  return out;
}

/** The part of the key's base64 that is the same wherever the key starts in the encoded bytes. */
function base64Cores(secret: string): string[] {
  const bytes = new TextEncoder().encode(secret);
  const cores = new Set<string>();
  for (let offset = 0; offset < 3; offset++) {
    const shifted = new Uint8Array(offset + bytes.length);
    shifted.set(bytes, offset);
    const encoded = base64(shifted);
    const start = offset === 0 ? 0 : 4;
    const whole = Math.floor((offset + bytes.length) / 3) * 4;
    const core = encoded.slice(start, whole);
    // Short cores would match by chance; keys are long.
    if (core.length >= 12) {
      cores.add(core);
      cores.add(core.replace(/\+/g, "-").replace(/\//g, "_"));
    }
  }
  return [...cores];
}

function replaceAll(text: string, needle: string): string {
  return text.split(needle).join(REDACTED);
}

export function redactorFor(secret: string): Redactor {
  const cores = secret ? base64Cores(secret) : [];
  const text = (input: string): string => {
    if (!secret) return input;
    let out = input.includes(secret) ? replaceAll(input, secret) : input;
    for (const core of cores) if (out.includes(core)) out = replaceAll(out, core);
    // Decoded forms: only when decoding uncovers the key is the decoded text what comes back.
    // Every escape the decoder reads starts with a backslash, a percent sign or an ampersand.
    if (!MAY_DECODE.test(out)) return out;
    let decoded = out;
    for (let layer = 0; layer < 3; layer++) {
      const next = decodeOnce(decoded);
      if (next === decoded) break;
      decoded = next;
      if (decoded.includes(secret) || cores.some((core) => decoded.includes(core))) return text(decoded);
    }
    return out;
  };
  const value = (input: unknown): unknown => {
    if (typeof input === "string") return text(input);
    if (Array.isArray(input)) return input.map(value);
    if (typeof input === "object" && input !== null) return Object.fromEntries(Object.entries(input).map(([key, each]) => [text(key), value(each)]));
    return input;
  };
  const mayHold = (input: string): boolean => secret !== "" && (MAY_DECODE.test(input) || input.includes(secret) || cores.some((core) => input.includes(core)));
  return { text, value, finds: (input) => text(input) !== input, mayHold };
}

/** Redacts `text` of the key (all the forms above). */
export function redactText(text: string, secret: string): string {
  return redactorFor(secret).text(text);
}
