/**
 * Rule claim-vs-schema: what a page states in words, tables and <ParamField> tags against the
 * schema of its own page's spec — model ids and other enums, defaults, minima, maxima, types,
 * parameters the schema lacks, and required parameters the page never mentions. Claims about
 * one endpoint from several pages are compared together, so two pages that disagree (one says
 * maximum 480, the other 720p) are one finding.
 */
import type { FieldClaim, JsonValue } from "../claims/claim.js";
import type { PropertyFacts } from "../specs/schema-facts.js";
import type { CheckContext, PageUnderCheck } from "./check-context.js";
import { showValue, type FindingDraft, type Statement } from "./finding.js";

const ORIGIN_NOUN: Record<FieldClaim["origin"], string> = { prose: "the page says", table: "the parameter table says", "param-field": "the <ParamField> tag says" };

const claimStatement = (claim: FieldClaim): Statement => ({
  role: claim.origin,
  location: claim.location,
  says: `${ORIGIN_NOUN[claim.origin]}${claim.condition ? ` (for ${claim.condition})` : ""}: "${claim.quote}"`,
});

const same = (a: JsonValue | undefined, b: JsonValue | undefined): boolean => JSON.stringify(a) === JSON.stringify(b);
const sameTypes = (a: JsonValue, b: string[]): boolean => Array.isArray(a) && same([...a].map(String).sort(), [...b].sort());

interface Group {
  unit: PageUnderCheck;
  field: string;
  aspect: "enum" | "default" | "minimum" | "maximum" | "type";
  claims: FieldClaim[];
}

function schemaValue(prop: PropertyFacts, aspect: Group["aspect"]): JsonValue | undefined {
  if (aspect === "type") return prop.types.length > 0 ? prop.types : undefined;
  if (aspect === "enum") return prop.enum;
  if (aspect === "default") return prop.hasDefault ? prop.default : undefined;
  return prop[aspect];
}

function groupDraft(group: Group): FindingDraft | undefined {
  const { unit, field, aspect, claims } = group;
  const prop = unit.request.properties.get(field);
  if (!prop) return undefined;
  const endpoints = [unit.spec.endpoint];
  const schema = schemaValue(prop, aspect);
  const schemaStatement: Statement = { role: "schema", location: prop.at(aspect), says: schema === undefined ? `no ${aspect}` : `${aspect}: ${showValue(schema)}` };
  const base = { rule: "claim-vs-schema" as const, endpoints, field };
  if (aspect === "enum") {
    if (!Array.isArray(schema)) return undefined;
    const outside = claims.filter((claim) => (Array.isArray(claim.value) ? claim.value : [claim.value]).some((value) => !schema.some((allowed) => same(allowed, value))));
    if (outside.length === 0) return undefined;
    const named = [...new Set(outside.flatMap((claim) => (Array.isArray(claim.value) ? claim.value : [claim.value])).filter((v) => !schema.some((a) => same(a, v))).map((v) => showValue(v)))];
    return {
      ...base,
      severity: "error",
      aspect: "enum",
      message: `The docs name ${field} ${named.join(", ")}, but the schema allows only ${showValue(schema)}.`,
      statements: [...outside.map(claimStatement), schemaStatement],
    };
  }
  if (aspect === "type") {
    const differing = claims.filter((claim) => schema !== undefined && !sameTypes(claim.value, schema as string[]));
    if (differing.length === 0) return undefined;
    return { ...base, severity: "error", aspect, message: `The docs type ${field} as ${showValue(differing[0]!.value)}, the schema as ${showValue(schema ?? null)}.`, statements: [...differing.map(claimStatement), schemaStatement] };
  }
  const values = new Map<string, FieldClaim[]>();
  for (const claim of claims) values.set(JSON.stringify(claim.value), [...(values.get(JSON.stringify(claim.value)) ?? []), claim]);
  const disagreeing = schema === undefined ? values.size > 1 : [...values.keys()].some((value) => value !== JSON.stringify(schema));
  if (schema !== undefined && !disagreeing) return undefined;
  const stated = [...values.entries()].map(([value, list]) => `${showValue(JSON.parse(value) as JsonValue)} (${[...new Set(list.map((c) => c.location.page))].join(", ")})`);
  if (schema === undefined && values.size === 1) {
    return {
      ...base,
      severity: "warning",
      aspect,
      message: `The docs state a ${aspect} of ${showValue(claims[0]!.value)} for ${field} that the schema does not have.`,
      statements: [...claims.map(claimStatement), schemaStatement],
    };
  }
  return {
    ...base,
    severity: "error",
    aspect,
    message:
      schema === undefined
        ? `The docs disagree on the ${aspect} of ${field}: ${stated.join(" vs ")}; the schema sets none.`
        : `The docs state a ${aspect} of ${stated.join(" and ")} for ${field}; the schema says ${showValue(schema)}.`,
    statements: [...claims.filter((claim) => !same(claim.value, schema)).map(claimStatement), ...claims.filter((claim) => same(claim.value, schema) && schema === undefined).map(claimStatement), schemaStatement],
  };
}

export function checkClaimsAgainstSchema(context: CheckContext): FindingDraft[] {
  const drafts: FindingDraft[] = [];
  const groups = new Map<string, Group>();
  for (const unit of context.pages) {
    const { claims, request } = unit;
    for (const claim of claims.fields) {
      const prop = request.properties.get(claim.field);
      if (claim.aspect === "documented") {
        if (!prop)
          drafts.push({
            rule: "claim-vs-schema",
            severity: "warning",
            endpoints: [unit.spec.endpoint],
            field: claim.field,
            aspect: "unknown-property",
            message: `The page documents "${claim.field}", which the schema (${unit.spec.specLabel}) does not define.`,
            statements: [
              { role: claim.origin, location: claim.location, says: `the page documents "${claim.field}"` },
              { role: "schema", location: request.at("properties"), says: `the schema (${unit.spec.specLabel}) defines no property "${claim.field}"` },
            ],
          });
        continue;
      }
      if (claim.aspect === "location" || !prop) continue;
      // A stated default outside the schema's enum contradicts the enum, not a default.
      const aspect = claim.aspect === "default" && prop.enum && !prop.enum.some((v) => same(v, claim.value)) ? "enum" : claim.aspect;
      const key = JSON.stringify([unit.spec.endpoint, claim.field, aspect]);
      const group = groups.get(key) ?? { unit, field: claim.field, aspect, claims: [] };
      group.claims.push(claim);
      groups.set(key, group);
    }
    // Required parameters the page neither lists nor sends in any example.
    if (claims.parameterList) {
      for (const prop of request.properties.values()) {
        if (!prop.required) continue;
        const listed = claims.fields.some((claim) => claim.field === prop.field && claim.aspect === "documented");
        const sent = claims.examples.some((example) => example.kind === "request" && prop.field in example.body);
        if (listed || sent) continue;
        drafts.push({
          rule: "claim-vs-schema",
          severity: "warning",
          endpoints: [unit.spec.endpoint],
          field: prop.field,
          aspect: "required",
          message: `"${prop.field}" is required, but the page's parameter list does not document it and no example sends it.`,
          statements: [
            { role: "table", location: claims.parameterList, says: `the page's parameter list does not document "${prop.field}"` },
            { role: "schema", location: prop.at("required"), says: `"${prop.field}" is required` },
          ],
        });
      }
    }
  }
  for (const group of groups.values()) {
    const draft = groupDraft(group);
    if (draft) drafts.push(draft);
  }
  return drafts;
}
