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
import type { JsonType } from "../claims/claim.js";
import { bodySchema } from "../specs/schema-facts.js";
import { decisionsOn, schemaNoun, type CheckContext, type PageUnderCheck } from "./check-context.js";
import { NULL_CAUSE } from "./example-prism.js";
import { addToExample, documentParameter, schemaEdits } from "./claim-vs-schema.js";
import { showValue, type FindingDraft, type PageEdit, type Statement, type SuggestedFix } from "./finding.js";
import { defined, exampleValueEdit, lineEdit } from "./page-edits.js";

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

/** Edits that let the schema of every page of the endpoint take null for `field`, table type words included. */
function nullableEdits(context: CheckContext, unit: PageUnderCheck, field: string): PageEdit[] {
  const prop = unit.request.properties.get(field);
  if (!prop) return [];
  const types = [...new Set([...prop.types, "null" as JsonType])];
  const others = context.pages
    .filter((other) => other.spec.endpoint === unit.spec.endpoint)
    .flatMap((other) => other.claims.fields.filter((c) => c.field === field && c.aspect === "type" && c.origin === "table" && Array.isArray(c.value) && !c.value.includes("null")));
  return [
    ...schemaEdits(context, unit, prop, "type", types),
    ...others.flatMap((claim) => {
      const text = context.lines.get(claim.location.page)?.[claim.location.line - 1] ?? "";
      const at = text.lastIndexOf(claim.quote);
      const tail = text.slice(Math.max(0, at - 12));
      return at < 0 ? [] : defined([lineEdit(context, claim.location.page, claim.location.line, tail, `${tail} or null`)]);
    }),
  ];
}

/** The lines of a response example's `meta` object, by field. */
function responseFieldLine(context: CheckContext, example: ExampleBody, path: string[]): number | undefined {
  const lines = context.lines.get(example.location.page) ?? [];
  let line = example.location.line;
  for (const part of path) {
    const pattern = new RegExp(`"${part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"\s*:`);
    while (line <= lines.length && !pattern.test(lines[line - 1]!)) line++;
    if (line > lines.length) return undefined;
  }
  return line;
}

function draftsFor(context: CheckContext, unit: PageUnderCheck, example: ExampleBody, errors: ErrorObject[]): FindingDraft[] {
  const { spec, request } = unit;
  const facts: RequestFacts | undefined = example.kind === "request" ? request : undefined;
  const noun = schemaNoun(unit);
  const what = example.kind === "request" ? "example request" : "example response";
  const meaningful = errors.filter((error) => !["oneOf", "anyOf", "if", "$ref"].includes(error.keyword) || errors.every((other) => other.instancePath !== error.instancePath || other === error));
  const drafts: FindingDraft[] = [];
  for (const error of meaningful) {
    const field = fieldOf(error);
    const top = field.split(".")[0]!;
    const line = example.kind === "response" && field.includes(".") ? (responseFieldLine(context, example, field.split(".")) ?? example.location.line) : (example.fieldLines[top] ?? example.location.line);
    const at = { page: example.location.page, line };
    const value = valueAt(example.body, field);
    const sends = `the ${what} sends "${field}": ${JSON.stringify(value === undefined ? null : redactedValue(field, value))}`;
    const prop = facts?.properties.get(top);
    const schemaAt = (keyword: Parameters<NonNullable<typeof prop>["at"]>[0]) => prop?.at(keyword) ?? request.at("properties");
    const base = { rule: "example-schema" as const, endpoints: [spec.endpoint], field };
    const params = error.params as Record<string, JsonValue>;
    switch (error.keyword) {
      case "unevaluatedProperties": {
        const responseSchema = example.kind === "response" ? bodySchema(spec, "200")?.schema : undefined;
        const known = facts ? [...facts.properties.keys()] : Object.keys((responseSchema?.properties as Record<string, unknown> | undefined) ?? {});
        const meant = field.includes(".") ? undefined : closestProperty(field, known);
        const statements: Statement[] = [
          { role: "example", location: at, says: sends },
          { role: "schema", location: facts ? request.at("properties") : example.location, says: `${noun} defines no ${example.kind} property "${field}"${meant ? `; it defines "${meant}"` : ""}` },
        ];
        const listed = unit.claims.fields.some((claim) => claim.field === field && claim.aspect === "documented");
        if (facts && unit.claims.parameterList && !listed) statements.push({ role: "table", location: unit.claims.parameterList, says: `the page's parameter list does not document "${field}"` });
        const text = context.lines.get(at.page)?.[at.line - 1] ?? "";
        // What the project's overlays decided about the parameter (the client accepts it so): the page documents the same.
        const ruled = facts && !meant ? (["type", "default"] as const).flatMap((aspect) => decisionsOn(context, spec.endpoint, field, aspect)) : [];
        const ruledType = ruled.find((d) => d.aspect === "type" && Array.isArray(d.value) && d.value.length > 0)?.value as JsonType[] | undefined;
        const ruledDefault = ruled.find((d) => d.aspect === "default" && d.value !== undefined)?.value;
        // The words another endpoint documents the parameter with (cited), rather than words made up here.
        const describedElsewhere = context.pages
          .filter((other) => other.spec.endpoint !== spec.endpoint)
          .map((other) => ({ endpoint: other.spec.endpoint, words: other.request.properties.get(field)?.description }))
          .find((other): other is { endpoint: string; words: string } => typeof other.words === "string" && other.words.trim() !== "");
        const fix: SuggestedFix = meant
          ? { follows: `${noun} ("${meant}")`, why: `"${field}" is "${meant}" misspelled; the API ignores a name it does not know.`, edits: defined([lineEdit(context, at.page, at.line, `"${field}"`, `"${meant}"`)]) }
          : {
              follows: `the ${what} (it sends "${field}")`,
              why: `The ${what} shows "${field}" in use; a parameter the API takes belongs in the page's parameter list and its schema${describedElsewhere ? `, described as ${describedElsewhere.endpoint} describes it` : ""}.`,
              ...(ruled.length > 0 ? { resolvedBy: [...new Set(ruled.map((d) => d.action))] } : {}),
              edits: facts
                ? documentParameter(
                    context,
                    unit,
                    { field, types: ruledType ?? [value === null ? "string" : Array.isArray(value) ? "array" : (typeof value as JsonType)], ...(ruledDefault !== undefined ? { default: ruledDefault } : {}) },
                    describedElsewhere?.words ?? `Sent by the ${what} as ${JSON.stringify(value)}.`,
                  )
                : defined([lineEdit(context, at.page, at.line, text.trim(), "")]),
            };
        drafts.push({
          ...base,
          severity: "warning",
          aspect: "unknown-property",
          message: `The ${what} sends "${field}", which ${noun} does not define${meant ? ` (did it mean "${meant}"?)` : ""}.`,
          statements,
          fix,
        });
        break;
      }
      case "required":
        drafts.push({
          ...base,
          severity: "error",
          aspect: "required",
          message: `"${field}" is required, but the ${what} omits it.`,
          statements: [
            { role: "example", location: example.location, says: `the ${what} omits "${field}"` },
            { role: "schema", location: facts ? request.at("required", field) : example.location, says: `"${field}" is required` },
          ],
          ...(facts?.properties.get(field)
            ? { fix: { follows: `${noun} ("${field}" is required)`, why: "An example should be a request the API accepts.", edits: addToExample(context, example, facts.properties.get(field)!) } }
            : {}),
        });
        break;
      case "type":
        if (value === null && facts) {
          // One cause on every page: the examples send null where the schemas do not allow it.
          drafts.push({
            ...base,
            severity: "error",
            aspect: "null-not-allowed",
            cause: NULL_CAUSE,
            message: "Examples send null for fields whose schemas do not allow null (the fields, pages and lines are listed below).",
            statements: [
              { role: "example", location: at, says: sends },
              { role: "schema", location: schemaAt("type"), says: `${spec.endpoint} "${field}": null not allowed` },
            ],
            fix: {
              follows: "the examples (null means \"not set\")",
              why: "The client accepts null for these fields, as the examples send it; the schemas should say so.",
              edits: nullableEdits(context, unit, field),
            },
          });
          break;
        }
        drafts.push({
          ...base,
          severity: "error",
          aspect: "type",
          message: `The ${what} sends ${value === null ? "null" : `a ${Array.isArray(value) ? "list" : typeof value}`} for "${field}", which ${noun} types as ${showValue(params.type ?? null)}${value === null ? " (not nullable)" : ""}.`,
          statements: [
            { role: "example", location: at, says: sends },
            { role: "schema", location: schemaAt("type"), says: `type: ${showValue(params.type ?? null)}` },
          ],
          ...(typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value) && ["integer", "number"].includes(String(params.type))
            ? { fix: { follows: `${noun} (${showValue(params.type ?? null)})`, why: "An example should send the type the schema states.", edits: defined([exampleValueEdit(context, at.page, at.line, field.split(".").pop()!, Number(value))]) } }
            : {}),
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
          message: `The ${what} sends "${field}" ${showValue(value ?? null)}, ${error.keyword.includes("aximum") ? "above" : "below"} the ${error.keyword} ${showValue(params.limit ?? null)} of ${noun}.`,
          statements: [
            { role: "example", location: at, says: sends },
            { role: "schema", location: schemaAt(error.keyword.includes("aximum") ? "maximum" : "minimum"), says: `${error.keyword}: ${showValue(params.limit ?? null)}` },
          ],
          fix: {
            follows: `${noun} (${error.keyword} ${showValue(params.limit ?? null)})`,
            why: "An example should be a request the API accepts; the limit is stated in the schema and the parameter list.",
            edits: defined([exampleValueEdit(context, at.page, at.line, field.split(".").pop()!, params.limit as number)]),
          },
        });
        break;
      case "enum":
        drafts.push({
          ...base,
          severity: "error",
          aspect: "enum",
          message: `The ${what} sends "${field}" ${showValue(value ?? null)}, which is not among the values ${noun} allows (${showValue(params.allowedValues ?? null)}).`,
          statements: [
            { role: "example", location: at, says: sends },
            { role: "schema", location: schemaAt("enum"), says: `enum: ${showValue(params.allowedValues ?? null)}` },
          ],
          // When the page's own words name the value, the enum is the stale side (claim-vs-schema's fix).
          ...(unit.claims.fields.some((c) => c.field === field && c.aspect === "enum" && Array.isArray(c.value) && c.value.some((v) => JSON.stringify(v) === JSON.stringify(value)))
            ? {}
            : {
                fix: {
                  follows: `${noun} (${showValue(params.allowedValues ?? null)})`,
                  why: "An example should send a value the API allows.",
                  edits: defined([exampleValueEdit(context, at.page, at.line, field.split(".").pop()!, (params.allowedValues as JsonValue[])[0]!)]),
                },
              }),
        });
        break;
      default:
        drafts.push({
          ...base,
          severity: "error",
          aspect: error.keyword,
          message: `The ${what}'s "${field}" does not validate against ${noun}: ${error.message ?? error.keyword}.`,
          statements: [
            { role: "example", location: at, says: sends },
            { role: "schema", location: schemaAt(error.keyword === "format" ? "format" : "type"), says: `${error.keyword}: ${error.message ?? ""}` },
          ],
        });
    }
  }
  return drafts;
}

/** Parameters an example request sends that the schema defines but the page's parameter list leaves out. */
function undocumented(context: CheckContext, unit: PageUnderCheck, example: ExampleBody): FindingDraft[] {
  const list = unit.claims.parameterList;
  if (!list) return [];
  return Object.keys(example.body)
    .filter((field) => unit.request.properties.has(field) && !unit.claims.fields.some((c) => c.field === field && c.aspect === "documented"))
    .map((field): FindingDraft => {
      const prop = unit.request.properties.get(field)!;
      return {
        rule: "example-schema",
        severity: "warning",
        endpoints: [unit.spec.endpoint],
        field,
        aspect: "undocumented",
        message: `The example request sends "${field}", which the page's parameter list does not document.`,
        statements: [
          { role: "example", location: { page: example.location.page, line: example.fieldLines[field] ?? example.location.line }, says: `the example request sends "${field}"` },
          { role: "table", location: list, says: `the page's parameter list does not document "${field}"` },
        ],
        fix: {
          follows: `the example (it sends "${field}")`,
          why: "Every parameter an example sends belongs in the page's parameter list.",
          edits: documentParameter(context, unit, { field, types: prop.types, required: false }, prop.description?.split(/(?<=\.)\s/)[0] ?? `The ${field.replace(/_/g, " ")}.`),
        },
      };
    });
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
      if (!validate(example.body)) drafts.push(...draftsFor(context, unit, example, validate.errors ?? []));
      if (example.kind === "request") drafts.push(...undocumented(context, unit, example));
    }
  }
  return { drafts, validated };
}
