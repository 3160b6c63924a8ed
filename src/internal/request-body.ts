/**
 * What must hold of any request body before it is sent, whatever the schema says: it is JSON as
 * written (no NaN or Infinity, which JSON.stringify turns into null; no BigInt, no cycles). (What
 * must hold of the key and the base URL it goes with: ./key-and-base-url.ts.)
 */
import { InvalidRequestError, type ValidationIssue } from "../core/errors.js";

const MAX_DEPTH = 64;

/** Issues that would make `value` go out as something other than what the caller wrote. */
export function jsonIssuesOf(value: unknown, field = ""): ValidationIssue[] {
  // Paid once per request: one walk that builds nothing; only a body with an issue is walked again to name its fields.
  return sendsAsWritten(value, 0, []) ? [] : namedIssuesOf(value, field, new Set(), 0);
}

/** Whether `value` is JSON as written: finite numbers, no BigInt, function or symbol, no cycle, at most MAX_DEPTH deep. */
function sendsAsWritten(value: unknown, depth: number, path: object[]): boolean {
  switch (typeof value) {
    case "number":
      return Number.isFinite(value);
    case "string":
    case "boolean":
    case "undefined":
      return true;
    case "bigint":
    case "function":
    case "symbol":
      return false;
  }
  if (value === null) return true;
  if (depth > MAX_DEPTH || path.includes(value as object)) return false;
  path.push(value as object);
  let plain = true;
  if (Array.isArray(value)) {
    for (let index = 0; plain && index < value.length; index++) plain = sendsAsWritten(value[index], depth + 1, path);
  } else {
    for (const key in value as Record<string, unknown>) {
      if (!Object.hasOwn(value as object, key)) continue;
      if (!(plain = sendsAsWritten((value as Record<string, unknown>)[key], depth + 1, path))) break;
    }
  }
  path.pop();
  return plain;
}

function namedIssuesOf(value: unknown, field: string, seen: Set<object>, depth: number): ValidationIssue[] {
  if (typeof value === "number")
    return Number.isFinite(value) ? [] : [{ field, rule: "finite", message: `must be a finite number, not ${String(value)} (JSON has no ${String(value)}; it would be sent as null)` }];
  if (typeof value === "bigint" || typeof value === "function" || typeof value === "symbol")
    return [{ field, rule: "type", message: `a ${typeof value} cannot be sent as JSON` }];
  if (typeof value !== "object" || value === null) return [];
  if (seen.has(value)) return [{ field, rule: "cycle", message: "refers back to itself; it cannot be sent as JSON" }];
  if (depth > MAX_DEPTH) return [{ field, rule: "depth", message: `nests deeper than ${MAX_DEPTH} levels` }];
  seen.add(value);
  const entries = Array.isArray(value) ? value.map((each, index) => [String(index), each] as const) : Object.entries(value);
  const issues = entries.flatMap(([key, each]) => namedIssuesOf(each, field ? `${field}.${key}` : key, seen, depth + 1));
  seen.delete(value);
  return issues;
}

/** Throws the InvalidRequestError of what request validation found (internal/request-validation.ts), if it found anything. */
export function refuseInvalid(found: { issues: ValidationIssue[]; title: string | undefined }): void {
  if (found.issues.length > 0) throw new InvalidRequestError(found.issues, found.title);
}
