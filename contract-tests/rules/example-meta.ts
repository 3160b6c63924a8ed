/**
 * Rule example-meta: an example response's `meta` echoes the parameters the generation used, so
 * it must agree with the limits of the request schema and with the example request it answers
 * (the nearest one above it on the page). A `meta` value above a limit joins the finding about
 * the example request that sends it; a `meta` value that differs from the request is its own.
 */
import type { JsonObject, JsonValue } from "../claims/claim.js";
import { schemaNoun, type CheckContext } from "./check-context.js";
import { showValue, type FindingDraft } from "./finding.js";
import { defined, exampleValueEdit, jsonLineOf } from "./page-edits.js";

const isObject = (value: JsonValue | undefined): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);
const kindOf = (value: JsonValue): string => (value === null ? "null" : Array.isArray(value) ? "array" : typeof value);

export function checkResponseMeta(context: CheckContext): FindingDraft[] {
  const drafts: FindingDraft[] = [];
  for (const unit of context.pages) {
    const { examples } = unit.claims;
    for (const response of examples.filter((e) => e.kind === "response")) {
      const meta = response.body.meta;
      if (!isObject(meta)) continue;
      const page = response.location.page;
      const request = [...examples].reverse().find((e) => e.kind === "request" && e.location.line < response.location.line);
      for (const [field, value] of Object.entries(meta)) {
        const line = jsonLineOf(context, page, response.location.line, ["meta", field]) ?? response.location.line;
        const at = { page, line };
        const prop = unit.request.properties.get(field);
        const base = { rule: "example-meta" as const, endpoints: [unit.spec.endpoint], field };
        if (prop && typeof value === "number") {
          for (const [aspect, limit, broken] of [
            ["maximum", prop.maximum, prop.maximum !== undefined && value > prop.maximum],
            ["minimum", prop.minimum, prop.minimum !== undefined && value < prop.minimum],
          ] as const) {
            if (!broken) continue;
            drafts.push({
              ...base,
              severity: "error",
              aspect,
              message: `The example response's meta reports "${field}" ${value}, ${aspect === "maximum" ? "above" : "below"} the ${aspect} ${limit} of ${schemaNoun(unit)}.`,
              statements: [
                { role: "example", location: at, says: `the example response's meta says "${field}": ${value}` },
                { role: "schema", location: prop.at(aspect), says: `${aspect}: ${limit}` },
              ],
              fix: { follows: `${schemaNoun(unit)} (${aspect} ${limit})`, why: "A response reports the parameters of a request the API accepted.", edits: defined([exampleValueEdit(context, page, line, field, limit!)]) },
            });
          }
        }
        const sent = request?.body[field];
        if (request && sent !== undefined && kindOf(sent) === kindOf(value) && JSON.stringify(sent) !== JSON.stringify(value)) {
          drafts.push({
            ...base,
            severity: "warning",
            aspect: "meta-differs-from-request",
            message: `The example response's meta reports "${field}" ${showValue(value)}, but the example request it answers sends ${showValue(sent)}.`,
            statements: [
              { role: "example", location: { page, line: request.fieldLines[field] ?? request.location.line }, says: `the example request sends "${field}": ${showValue(sent)}` },
              { role: "example", location: at, says: `the example response's meta says "${field}": ${showValue(value)}` },
            ],
            fix: { follows: `the example request (${showValue(sent)})`, why: "The meta of a response echoes the request it answers.", edits: defined([exampleValueEdit(context, page, line, field, sent)]) },
          });
        }
      }
    }
  }
  return drafts;
}
