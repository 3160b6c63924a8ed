/**
 * Sync step: what changed in what the pages state (parameter tables, <ParamField> tags, prose
 * such as "Maximum is 25" or "Supported model_id are …"), beyond their embedded OpenAPI.
 * A statement is keyed by page, field, aspect and condition; each change is classified with
 * the same table as the spec diff, as a request-side change (the pages describe what a client
 * sends). Examples are documentation: a changed example is a documentation change.
 */
import { isDeepStrictEqual } from "node:util";
import type { FieldClaim, JsonValue, PageClaims } from "../contract-tests/claims/claim.js";
import { record, type ChangeKind, type Context, type SpecChange } from "./spec-diff.js";

type Keyed = Map<string, FieldClaim[]>;

function keyed(claims: PageClaims): Keyed {
  const map: Keyed = new Map();
  for (const claim of claims.fields) {
    const key = [claim.field, claim.aspect, claim.condition ?? ""].join("\u0000");
    map.set(key, [...(map.get(key) ?? []), claim]);
  }
  return map;
}

const valuesOf = (claims: FieldClaim[] | undefined): JsonValue[] => (claims ?? []).map((c) => c.value);
const flat = (values: JsonValue[]): JsonValue[] => values.flatMap((v) => (Array.isArray(v) ? v : [v]));
const contains = (list: JsonValue[], value: JsonValue) => list.some((item) => isDeepStrictEqual(item, value));

/** The kind of change between two sets of values a page states for one field and aspect. */
function kindOf(aspect: FieldClaim["aspect"], before: JsonValue[], after: JsonValue[]): ChangeKind | ChangeKind[] | undefined {
  if (before.length === 0) return aspect === "documented" ? "property-added" : aspect === "enum" ? "enum-added" : aspect === "maximum" || aspect === "minimum" ? "limit-tightened" : "documentation-changed";
  if (after.length === 0) return aspect === "documented" ? "property-removed" : aspect === "enum" ? "enum-removed" : aspect === "maximum" || aspect === "minimum" ? "limit-loosened" : "documentation-changed";
  switch (aspect) {
    case "enum":
    case "type": {
      const [a, b] = [flat(before), flat(after)];
      const removed = a.filter((v) => !contains(b, v)).length > 0;
      const added = b.filter((v) => !contains(a, v)).length > 0;
      if (aspect === "type") return removed && added ? "type-changed" : removed ? "type-narrowed" : "type-widened";
      return [...(removed ? (["enum-values-removed"] as const) : []), ...(added ? (["enum-values-added"] as const) : [])];
    }
    case "maximum":
    case "minimum": {
      const [a, b] = [before[0], after[0]];
      if (typeof a !== "number" || typeof b !== "number") return "limit-tightened";
      return (aspect === "maximum" ? b < a : b > a) ? "limit-tightened" : "limit-loosened";
    }
    case "default":
      return "default-changed";
    case "location":
      return "location-changed";
    default:
      return "documentation-changed";
  }
}

/** Changes between the statements of the old and new versions of each page. */
export function diffClaims(oldPages: PageClaims[], newPages: PageClaims[], endpointOf: (page: string) => string): SpecChange[] {
  const changes: SpecChange[] = [];
  for (const next of newPages) {
    const previous = oldPages.find((p) => p.page === next.page);
    if (!previous) continue;
    const [a, b] = [keyed(previous), keyed(next)];
    for (const key of new Set([...a.keys(), ...b.keys()])) {
      const [before, after] = [valuesOf(a.get(key)), valuesOf(b.get(key))];
      const sortedJson = (values: JsonValue[]) => values.map((v) => JSON.stringify(v)).sort();
      if (isDeepStrictEqual(sortedJson(before), sortedJson(after))) continue;
      const claim = (b.get(key) ?? a.get(key))![0]!;
      const kinds = kindOf(claim.aspect, before, after);
      const ctx: Context = {
        oldDoc: {},
        newDoc: {},
        operation: endpointOf(next.page),
        location: `${next.page}:${claim.location.line} (${claim.origin}: "${claim.quote}")`,
        direction: "request",
        changes,
      };
      for (const kind of [kinds ?? []].flat())
        record(ctx, claim.field, kind, before.length === 1 ? before[0] : before.length ? before : undefined, after.length === 1 ? after[0] : after.length ? after : undefined);
    }
    const exampleJson = (page: PageClaims) => page.examples.map((e) => JSON.stringify(e.body)).sort();
    if (!isDeepStrictEqual(exampleJson(previous), exampleJson(next)))
      record({ oldDoc: {}, newDoc: {}, operation: endpointOf(next.page), location: `${next.page} (examples)`, direction: "request", changes }, "", "documentation-changed");
  }
  return changes;
}
