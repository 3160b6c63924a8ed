/**
 * The client's decisions: what the project's overlays set or remove on a request property
 * (openapi/overlays/*.overlay.yaml, action by action) and changed: the merged document the
 * client is generated from against the same document before the overlays. A type is compared
 * apart from null: an overlay that makes a field nullable decides its nullability, not its type. A suggested fix that touches such a field follows the decision and
 * cites its action; a fix that contradicted it would tell the docs team the opposite of what
 * the client does.
 */
import type { JsonObject, JsonValue } from "../claims/claim.js";
import type { OverlayDocument } from "../../scripts/overlay.js";

export type DecidedAspect = "type" | "enum" | "default" | "minimum" | "maximum" | "required" | "nullable";

export interface OverlayDecision {
  /** "POST /v6/video/img2video", as the page specs name endpoints. */
  endpoint: string;
  field: string;
  aspect: DecidedAspect;
  /** The merged document's value (undefined: the overlay removed it). */
  value: JsonValue | undefined;
  /** "openapi/overlays/model-ids.overlay.yaml#2" (1-based action number). */
  action: string;
}

const ASPECTS: DecidedAspect[] = ["type", "enum", "default", "minimum", "maximum"];
const isObject = (value: unknown): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);

/** Request schema name → endpoint, from the merged document's operations. */
function endpointsBySchema(merged: JsonObject): Map<string, string> {
  const bySchema = new Map<string, string>();
  for (const [path, item] of Object.entries(isObject(merged.paths) ? merged.paths : {}))
    for (const [method, operation] of Object.entries(isObject(item) ? item : {})) {
      const ref = (((((operation as JsonObject | undefined)?.requestBody as JsonObject | undefined)?.content as JsonObject | undefined)?.["application/json"] as JsonObject | undefined)?.schema as JsonObject | undefined)?.$ref;
      if (typeof ref === "string" && ref.startsWith("#/components/schemas/")) bySchema.set(ref.slice("#/components/schemas/".length), `${method.toUpperCase()} ${path}`);
    }
  return bySchema;
}

/** `a.b['c','d'].e` → [["a"], ["b"], ["c", "d"], ["e"]] (the target shapes the overlays use). */
function segments(target: string): string[][] {
  const parts: string[][] = [];
  for (const match of target.replace(/^\$\.?/, "").matchAll(/([^.[\]]+)|\[([^\]]+)\]/g)) parts.push(match[1] !== undefined ? [match[1]] : match[2]!.split(",").map((name) => name.trim().replace(/^'|'$/g, "")));
  return parts;
}

const typeNames = (schema: JsonObject): JsonValue => {
  const type = schema.type;
  const types = Array.isArray(type) ? type.map(String) : typeof type === "string" ? [type] : [];
  if (Array.isArray(schema.anyOf)) for (const branch of schema.anyOf) if (isObject(branch) && typeof branch.type === "string") types.push(branch.type);
  return [...new Set(types)].sort();
};

function valueOf(schema: JsonObject, aspect: DecidedAspect): JsonValue | undefined {
  if (aspect === "type") return (typeNames(schema) as string[]).filter((t) => t !== "null");
  if (aspect === "nullable") return (typeNames(schema) as string[]).includes("null");
  return schema[aspect];
}

const schemasOf = (document: JsonObject): JsonObject => (isObject(document.components) && isObject(document.components.schemas) ? document.components.schemas : {});

/** `merged`: the document the client uses; `unchanged`: the same before the overlays. */
export function overlayDecisions(overlays: readonly OverlayDocument[], merged: JsonObject, unchanged: JsonObject): OverlayDecision[] {
  const endpoints = endpointsBySchema(merged);
  const schemas = schemasOf(merged);
  const previous = schemasOf(unchanged);
  const decisions: OverlayDecision[] = [];
  for (const overlay of overlays)
    overlay.actions.forEach((action, index) => {
      const ref = `${overlay.label}#${index + 1}`;
      const path = segments(action.target);
      if (path[0]?.[0] !== "components" || path[1]?.[0] !== "schemas" || path[2]?.length !== 1) return;
      const name = path[2][0]!;
      const endpoint = endpoints.get(name);
      const schema = schemas[name];
      if (!endpoint || !isObject(schema)) return;
      const properties = isObject(schema.properties) ? schema.properties : {};
      const required = Array.isArray(schema.required) ? schema.required.map(String) : [];
      const old = isObject(previous[name]) ? previous[name] : {};
      const oldProperties = isObject(old.properties) ? old.properties : {};
      const oldRequired = Array.isArray(old.required) ? old.required.map(String) : [];
      const add = (field: string, aspect: DecidedAspect) => {
        const property = properties[field];
        const oldProperty = oldProperties[field];
        if (aspect === "required") {
          if (required.includes(field) !== oldRequired.includes(field)) decisions.push({ endpoint, field, aspect, value: required.includes(field), action: ref });
          return;
        }
        if (!isObject(property)) return;
        const value = valueOf(property, aspect);
        if (isObject(oldProperty) && JSON.stringify(valueOf(oldProperty, aspect)) === JSON.stringify(value)) return;
        decisions.push({ endpoint, field, aspect, value, action: ref });
      };
      const update = isObject(action.update) ? action.update : {};
      if (path.length === 3) {
        // The schema itself: a required list.
        if (Array.isArray(update.required)) for (const field of update.required.map(String)) add(field, "required");
        return;
      }
      if (path[3]?.[0] !== "properties") return;
      if (path.length === 4) {
        // New or replaced properties: every aspect they state.
        for (const [field, body] of Object.entries(update)) if (isObject(body)) for (const aspect of [...ASPECTS, "nullable" as const]) if (aspect in body || (aspect === "nullable" && "type" in body)) add(field, aspect);
        return;
      }
      const fields = path[4]!;
      const keyword = path[5]?.[0];
      for (const field of fields) {
        if (keyword !== undefined) {
          if (ASPECTS.includes(keyword as DecidedAspect)) add(field, keyword as DecidedAspect);
          continue;
        }
        for (const aspect of ASPECTS) if (aspect in update) add(field, aspect);
        if ("type" in update || "anyOf" in update) add(field, "nullable");
      }
    });
  return decisions;
}
