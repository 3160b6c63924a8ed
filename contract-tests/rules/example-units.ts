/**
 * Rule example-units: a parameter described in a unit (pixels, seconds) that the example sends
 * as text, such as v7's resolution "in pixel" sent as "720p", or duration "in seconds" sent as
 * "5". The description and the example cannot both be right about what the value is.
 */
import type { FieldClaim } from "../claims/claim.js";
import { schemaNoun, type CheckContext } from "./check-context.js";
import type { FindingDraft, Statement } from "./finding.js";
import { defined, lineEdit } from "./page-edits.js";

const UNIT = /\bin\s+(pixels?|seconds?)\b/i;

export function checkExampleUnits(context: CheckContext): FindingDraft[] {
  const drafts: FindingDraft[] = [];
  for (const unit of context.pages) {
    for (const example of unit.claims.examples.filter((e) => e.kind === "request")) {
      for (const [field, value] of Object.entries(example.body)) {
        if (typeof value !== "string") continue;
        const claim: FieldClaim | undefined = unit.claims.fields.find((c) => c.field === field && c.aspect === "description");
        const prop = unit.request.properties.get(field);
        const description = claim ? String(claim.value) : prop?.description;
        const unitWords = description?.match(UNIT);
        if (!description || !unitWords || /\bstring\b/i.test(description)) continue;
        const where = claim ? { role: claim.origin, location: claim.location } : { role: "schema" as const, location: prop!.at("description") };
        const stated: Statement = { ...where, says: `describes "${field}" ${unitWords[0]}: "${description}"` };
        const sent: Statement = { role: "example", location: { page: example.location.page, line: example.fieldLines[field] ?? example.location.line }, says: `the example request sends "${field}": ${JSON.stringify(value)}` };
        const pixels = /pixel/i.test(unitWords[1]!);
        const replacement = pixels ? `as a string such as "${value}"` : `${unitWords[0]}, as a string such as "${value}"`;
        drafts.push({
          rule: "example-units",
          severity: "warning",
          endpoints: [unit.spec.endpoint],
          field,
          aspect: "unit",
          message: `"${field}" is described ${unitWords[0]}, but the example sends the text ${JSON.stringify(value)}${pixels ? ", which is not a number of pixels" : ", not a number"}.`,
          statements: [stated, sent],
          fix: {
            follows: `the example (${JSON.stringify(value)}), which ${schemaNoun(unit)} types as it is sent`,
            why: "The example is what callers copy and what the API was shown to take; the description should say what the value looks like.",
            edits: defined([lineEdit(context, where.location.page, where.location.line, unitWords[0], replacement)]),
          },
        });
      }
    }
  }
  return drafts;
}
