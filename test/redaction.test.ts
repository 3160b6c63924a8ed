/** The redactor on its own: every form it promises to find, and the ones it says it cannot. */
import { describe, expect, it } from "vitest";
import { REDACTED, redactorFor } from "../src/internal/redaction.js";

const KEY = "ml-redact-3f9a2c7e51d0b846";
const { text, value, finds } = redactorFor(KEY);
const escaped = [...KEY].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");

describe("redactorFor", () => {
  it.each([
    ["as is", `key=${KEY}!`],
    ["JSON \\u escapes", `"${escaped}"`],
    ["percent-encoded", encodeURIComponent(`?key=${KEY}`).replace(/-/g, "%2D")],
    ["percent-encoded twice", encodeURIComponent(encodeURIComponent(`k ${KEY}`).replace(/-/g, "%2D"))],
    ["HTML character references", [...KEY].map((c) => `&#${c.charCodeAt(0)};`).join("")],
    ["base64 at offset 0", Buffer.from(KEY).toString("base64")],
    ["base64 at offset 1", Buffer.from(`a${KEY}`).toString("base64")],
    ["base64 at offset 2", Buffer.from(`ab${KEY}`).toString("base64")],
    ["base64url", Buffer.from(`ab${KEY}??>>`).toString("base64url")],
  ])("finds the key %s", (_, input) => {
    expect(finds(input)).toBe(true);
    expect(text(input)).toContain(REDACTED);
    expect(text(input)).not.toContain(KEY);
  });

  it("leaves text without the key exactly as it was, escapes included", () => {
    for (const input of ["plain", "a\\u0041b %41 &#65;", Buffer.from("nothing here at all").toString("base64")]) expect(text(input)).toBe(input);
  });

  it("redacts every string of a parsed value, object keys included, without touching the prototype", () => {
    const parsed = JSON.parse(`{"a":[{"${escaped}":"${escaped}"}],"__proto__":{"x":"${KEY}"},"n":1}`) as unknown;
    const out = value(parsed) as Record<string, unknown>;
    expect(JSON.stringify(out)).not.toContain(KEY);
    expect(out.a).toEqual([{ [REDACTED]: REDACTED }]);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(out.n).toBe(1);
  });

  it("cannot see a key split across fields (documented)", () => {
    const half = KEY.length / 2;
    expect(value({ a: KEY.slice(0, half), b: KEY.slice(half) })).toEqual({ a: KEY.slice(0, half), b: KEY.slice(half) });
  });
});
