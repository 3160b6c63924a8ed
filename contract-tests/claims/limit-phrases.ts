/**
 * The ways the pages state a default, a minimum or a maximum in words: "Default is 20",
 * "Default: 16", "Default value is 5", "Defaults to false", "The default is false",
 * "Default false", "Maximum is 25", "Max: 25", "The maximum is 480", "Max 16", "min: 0.0", "x <= 8".
 */
import type { JsonValue } from "./claim.js";

export interface LimitPhrase {
  aspect: "default" | "minimum" | "maximum";
  value: JsonValue;
  /** The matched words, as on the page. */
  quote: string;
}

const NUMBER = String.raw`-?\d+(?:\.\d+)?`;
const PATTERNS: { aspect: LimitPhrase["aspect"]; pattern: RegExp }[] = [
  { aspect: "default", pattern: new RegExp(String.raw`(?:the\s+)?defaults?(?:\s+value)?(?:\s+is|\s+to|:)?\s+(${NUMBER}|true|false)(?![\w.]*\d)`, "gi") },
  { aspect: "maximum", pattern: new RegExp(String.raw`(?:the\s+)?max(?:imum)?(?:\s+is|:)?\s+(${NUMBER})\b`, "gi") },
  { aspect: "minimum", pattern: new RegExp(String.raw`(?:the\s+)?min(?:imum)?(?:\s+is|:)?\s+(${NUMBER})\b`, "gi") },
  // Mintlify's rendering of a schema's limits: "Required range: `x <= 8`", "`1 <= x`".
  { aspect: "maximum", pattern: new RegExp(String.raw`\bx\s*<=\s*(${NUMBER})`, "gi") },
  { aspect: "minimum", pattern: new RegExp(String.raw`\bx\s*>=\s*(${NUMBER})`, "gi") },
];

function valueOf(raw: string): JsonValue {
  const lower = raw.toLowerCase();
  if (lower === "true") return true;
  if (lower === "false") return false;
  return Number(raw);
}

/** Every limit phrase in `text`; the same aspect and value stated twice is listed once. */
export function limitPhrases(text: string): LimitPhrase[] {
  const found: LimitPhrase[] = [];
  for (const { aspect, pattern } of PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      const value = valueOf(match[1]!);
      if (!found.some((phrase) => phrase.aspect === aspect && phrase.value === value)) found.push({ aspect, value, quote: match[0].trim() });
    }
  }
  return found;
}

/** `text` with every phrase stating `aspect` as `from` restated as `to` ("Default is 20" → "Default is 25"). */
export function rewriteLimit(text: string, aspect: LimitPhrase["aspect"], from: JsonValue, to: number | boolean): string {
  let result = text;
  for (const { pattern } of PATTERNS.filter((p) => p.aspect === aspect))
    result = result.replace(new RegExp(pattern.source, "gi"), (phrase: string, raw: string) => (valueOf(raw) === from ? phrase.replace(raw, String(to)) : phrase));
  return result;
}
