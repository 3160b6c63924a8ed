/**
 * API keys never reach a report or a log. Documented examples use placeholders ("", 
 * "your_api_key", "YOUR_API_KEY", "enterprise_api_key"); a value that does not look like one
 * may be a real key pasted into the docs and is shown redacted.
 */
import type { JsonValue } from "./claims/claim.js";

const KEY_FIELDS = /^(key|api_?key|apikey|token|secret)$/i;
const PLACEHOLDER = /^$|^<[^>]*>$|^\.{3}$|^x+$|api[_-]?key|your|key$|^key|placeholder|example|secret|token/i;

export function isKeyField(field: string): boolean {
  return KEY_FIELDS.test(field);
}

/** The value as it may be shown: a key-like field whose value is not a placeholder is redacted. */
export function redactedValue(field: string, value: JsonValue): JsonValue {
  if (!isKeyField(field) || typeof value !== "string" || PLACEHOLDER.test(value)) return value;
  return `${value.slice(0, 2)}…(redacted, ${value.length} characters)`;
}
