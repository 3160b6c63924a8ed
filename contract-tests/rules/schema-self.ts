/**
 * Rule schema-self: a spec that contradicts itself — a default outside its own enum or range,
 * or a required property that also has a default (a default only applies when a property may
 * be left out).
 */
import { schemaNoun, type CheckContext } from "./check-context.js";
import { schemaEdits } from "./claim-vs-schema.js";
import { showValue, type FindingDraft } from "./finding.js";

export function checkSchemaSelfContradictions(context: CheckContext): FindingDraft[] {
  const drafts: FindingDraft[] = [];
  const seen = new Set<string>();
  for (const unit of context.pages) {
    if (seen.has(unit.spec.endpoint)) continue;
    seen.add(unit.spec.endpoint);
    for (const prop of unit.request.properties.values()) {
      if (!prop.hasDefault) continue;
      const base = { rule: "schema-self" as const, endpoints: [unit.spec.endpoint], field: prop.field };
      const shownDefault = showValue(prop.default ?? null);
      if (prop.required)
        drafts.push({
          ...base,
          severity: "warning",
          aspect: "required-with-default",
          message: `In ${schemaNoun(unit)}, "${prop.field}" is required and also has a default (${shownDefault}): either it may be omitted and the default applies, or it is required.`,
          statements: [
            { role: "schema", location: prop.at("required"), says: `"${prop.field}" is required` },
            { role: "schema", location: prop.at("default"), says: `default: ${shownDefault}` },
          ],
          fix: {
            follows: `required (${schemaNoun(unit)})`,
            why: "The client requires it: a call without it cannot be billed by mistake, and a default of a required parameter never applies.",
            edits: schemaEdits(context, unit, prop, "default", undefined),
          },
        });
      if (prop.enum && !prop.enum.some((value) => JSON.stringify(value) === JSON.stringify(prop.default)))
        drafts.push({
          ...base,
          severity: "error",
          aspect: "default-outside-enum",
          message: `In ${schemaNoun(unit)}, the default of "${prop.field}" (${shownDefault}) is not among its allowed values (${showValue(prop.enum)}).`,
          fix: { follows: `the allowed values (${showValue(prop.enum)})`, why: "A default must be one of the allowed values.", edits: schemaEdits(context, unit, prop, "default", prop.enum[0]!) },
          statements: [
            { role: "schema", location: prop.at("default"), says: `default: ${shownDefault}` },
            { role: "schema", location: prop.at("enum"), says: `enum: ${showValue(prop.enum)}` },
          ],
        });
      const value = prop.default;
      if (typeof value === "number" && ((prop.maximum !== undefined && value > prop.maximum) || (prop.minimum !== undefined && value < prop.minimum)))
        drafts.push({
          ...base,
          severity: "error",
          aspect: "default-outside-range",
          message: `In ${schemaNoun(unit)}, the default of "${prop.field}" (${shownDefault}) is outside its own range (${prop.minimum ?? "-∞"} to ${prop.maximum ?? "∞"}).`,
          fix: {
            follows: `the range (${prop.minimum ?? "-∞"} to ${prop.maximum ?? "∞"})`,
            why: "A default must be a value the parameter allows.",
            edits: schemaEdits(context, unit, prop, "default", Math.min(Math.max(value, prop.minimum ?? value), prop.maximum ?? value)),
          },
          statements: [
            { role: "schema", location: prop.at("default"), says: `default: ${shownDefault}` },
            { role: "schema", location: prop.at(prop.maximum !== undefined && value > prop.maximum ? "maximum" : "minimum"), says: `range: ${prop.minimum ?? "-∞"} to ${prop.maximum ?? "∞"}` },
          ],
        });
    }
  }
  return drafts;
}
