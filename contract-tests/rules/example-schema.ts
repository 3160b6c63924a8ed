/**
 * Rule example-schema: every documented example, request and response, validated with Ajv
 * (JSON Schema 2020-12, formats) against the schema of its own page's spec. Properties the
 * schema does not define are findings too (a misspelled field name is silently ignored by the
 * API), so the top-level object is checked with `unevaluatedProperties: false`.
 */
import type { ErrorObject } from "ajv/dist/2020.js";
import { redactedValue } from "../api-key-redaction.js";
import type { ExampleBody, JsonObject, JsonValue } from "../claims/claim.js";
import { BodyValidator } from "../specs/body-validator.js";
import type { RequestFacts } from "../specs/schema-facts.js";
import type { CheckContext, PageUnderCheck } from "./check-context.js";
import { showValue, type FindingDraft, type Statement } from "./finding.js";

const fieldOf = (error: ErrorObject): string => {
  const path = error.instancePath.split("/").slice(1).map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  const own = (error.params as { missingProperty?: string; unevaluatedProperty?: string }).missingProperty ?? (error.params as { unevaluatedProperty?: string }).unevaluatedProperty;
  return [...path, ...(own ? [own] : [])].join(".") || "(body)";
};

function valueAt(body: JsonObject, field: string): JsonValue | undefined {
  let node: JsonValue | undefined = body;
  for (const part of field.split(".")) node = node && typeof node === "object" && !Array.isArray(node) ? node[part] : undefined;
  return node;
}

function tokens(name: string): string {
  return name.toLowerCase().split(/[_-]/).sort().join("_");
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/** The defined property a misspelled name most likely meant: same words reordered, or one or two letters off. */
export function closestProperty(name: string, properties: Iterable<string>): string | undefined {
  const candidates = [...properties];
  return candidates.find((p) => tokens(p) === tokens(name)) ?? candidates.filter((p) => editDistance(p, name) <= 2).sort((a, b) => editDistance(a, name) - editDistance(b, name))[0];
}

function draftsFor(unit: PageUnderCheck, example: ExampleBody, errors: ErrorObject[]): FindingDraft[] {
  const { spec, request } = unit;
  const facts: RequestFacts | undefined = example.kind === "request" ? request : undefined;
  const noun = example.kind === "request" ? "example request" : "example response";
  const meaningful = errors.filter((error) => !["oneOf", "anyOf", "if", "$ref"].includes(error.keyword) || errors.every((other) => other.instancePath !== error.instancePath || other === error));
  const drafts: FindingDraft[] = [];
  for (const error of meaningful) {
    const field = fieldOf(error);
    const top = field.split(".")[0]!;
    const line = example.fieldLines[top] ?? example.location.line;
    const at = { page: example.location.page, line };
    const value = valueAt(example.body, field);
    const sends = `the ${noun} sends "${field}": ${JSON.stringify(value === undefined ? null : redactedValue(field, value))}`;
    const prop = facts?.properties.get(top);
    const schemaAt = (keyword: Parameters<NonNullable<typeof prop>["at"]>[0]) => prop?.at(keyword) ?? request.at("properties");
    const base = { rule: "example-schema" as const, endpoints: [spec.endpoint], field };
    const params = error.params as Record<string, JsonValue>;
    switch (error.keyword) {
      case "unevaluatedProperties": {
        const known = facts ? [...facts.properties.keys()] : [];
        const meant = closestProperty(field, known);
        const statements: Statement[] = [
          { role: "example", location: at, says: sends },
          { role: "schema", location: facts ? request.at("properties") : example.location, says: `the schema (${spec.specLabel}) defines no property "${field}"${meant ? `; it defines "${meant}"` : ""}` },
        ];
        const listed = unit.claims.fields.some((claim) => claim.field === field && claim.aspect === "documented");
        if (unit.claims.parameterList && !listed) statements.push({ role: "table", location: unit.claims.parameterList, says: `the page's parameter list does not document "${field}"` });
        drafts.push({
          ...base,
          severity: "warning",
          aspect: "unknown-property",
          message: `The ${noun} sends "${field}", which the schema does not define${meant ? ` (did it mean "${meant}"?)` : ""}.`,
          statements,
        });
        break;
      }
      case "required":
        drafts.push({
          ...base,
          severity: "error",
          aspect: "required",
          message: `"${field}" is required, but the ${noun} omits it.`,
          statements: [
            { role: "example", location: example.location, says: `the ${noun} omits "${field}"` },
            { role: "schema", location: facts ? request.at("required", field) : example.location, says: `"${field}" is required` },
          ],
        });
        break;
      case "type":
        drafts.push({
          ...base,
          severity: "error",
          aspect: "type",
          message: `The ${noun} sends ${value === null ? "null" : `a ${Array.isArray(value) ? "list" : typeof value}`} for "${field}", which the schema types as ${showValue(params.type ?? null)}${value === null ? " (not nullable)" : ""}.`,
          statements: [
            { role: "example", location: at, says: sends },
            { role: "schema", location: schemaAt("type"), says: `type: ${showValue(params.type ?? null)}` },
          ],
        });
        break;
      case "maximum":
      case "minimum":
      case "exclusiveMaximum":
      case "exclusiveMinimum":
        drafts.push({
          ...base,
          severity: "error",
          aspect: error.keyword.replace(/^exclusiveM/, "m"),
          message: `The ${noun} sends "${field}" ${showValue(value ?? null)}, ${error.keyword.includes("aximum") ? "above" : "below"} the schema's ${error.keyword} ${showValue(params.limit ?? null)}.`,
          statements: [
            { role: "example", location: at, says: sends },
            { role: "schema", location: schemaAt(error.keyword.includes("aximum") ? "maximum" : "minimum"), says: `${error.keyword}: ${showValue(params.limit ?? null)}` },
          ],
        });
        break;
      case "enum":
        drafts.push({
          ...base,
          severity: "error",
          aspect: "enum",
          message: `The ${noun} sends "${field}" ${showValue(value ?? null)}, which is not among the schema's allowed values (${showValue(params.allowedValues ?? null)}).`,
          statements: [
            { role: "example", location: at, says: sends },
            { role: "schema", location: schemaAt("enum"), says: `enum: ${showValue(params.allowedValues ?? null)}` },
          ],
        });
        break;
      default:
        drafts.push({
          ...base,
          severity: "error",
          aspect: error.keyword,
          message: `The ${noun}'s "${field}" does not validate: ${error.message ?? error.keyword}.`,
          statements: [
            { role: "example", location: at, says: sends },
            { role: "schema", location: schemaAt(error.keyword === "format" ? "format" : "type"), says: `${error.keyword}: ${error.message ?? ""}` },
          ],
        });
    }
  }
  return drafts;
}

export interface ExampleSchemaResult {
  drafts: FindingDraft[];
  /** How many examples were validated. */
  validated: number;
}

export function checkExamplesAgainstSchema(context: CheckContext, validator = new BodyValidator()): ExampleSchemaResult {
  const drafts: FindingDraft[] = [];
  let validated = 0;
  for (const unit of context.pages) {
    for (const example of unit.claims.examples) {
      const { specLabel: label, document, path, method } = unit.spec;
      const validate = validator.validator({ label, document, path, method, which: example.kind === "request" ? "request" : "200" }, { closed: true });
      if (!validate) continue;
      validated++;
      if (!validate(example.body)) drafts.push(...draftsFor(unit, example, validate.errors ?? []));
    }
  }
  return { drafts, validated };
}
