/**
 * Rule cross-endpoint: the same parameter on different endpoints. Type, required-ness and
 * location (query vs body) describe what a parameter is and are compared across all
 * endpoints; enum, default, minimum and maximum depend on the model, so they are compared
 * only between endpoints whose schemas accept a common model_id (v6 img2video and enterprise
 * img2video both take `svd`), or whose pages the manifest declares variants of one generation
 * (`variantOf`: enterprise image_to_video_ultra and v6 img2video_ultra). Each difference is one finding listing every endpoint's value.
 */
import type { JsonType, JsonValue } from "../claims/claim.js";
import type { PropertyFacts } from "../specs/schema-facts.js";
import { decisionsOn, schemaNoun, shareModel, type CheckContext, type PageUnderCheck } from "./check-context.js";
import { addToExample, schemaEdits } from "./claim-vs-schema.js";
import { showValue, type FindingDraft, type PageEdit, type Statement, type SuggestedFix } from "./finding.js";
import { defined, insertAfter, lineEdit, removeLine } from "./page-edits.js";

type Aspect = "type" | "required" | "enum" | "default" | "minimum" | "maximum";

const MODEL_DEPENDENT: Aspect[] = ["enum", "default", "minimum", "maximum"];

function valueOf(prop: PropertyFacts, aspect: Aspect): JsonValue | undefined {
  switch (aspect) {
    case "type":
      return [...prop.types.filter((t) => t !== "null")].sort();
    case "required":
      return prop.required;
    case "enum":
      return prop.enum ? [...prop.enum].map(String).sort() : undefined;
    case "default":
      return prop.hasDefault ? prop.default : undefined;
    default:
      return prop[aspect];
  }
}

/** A decided value as valueOf states it (types without null, enums as sorted strings). */
function normalized(aspect: Aspect, value: JsonValue): JsonValue {
  if (aspect === "type" && Array.isArray(value)) return value.map(String).filter((t) => t !== "null").sort();
  if (aspect === "enum" && Array.isArray(value)) return value.map(String).sort();
  return value;
}

const keywordOf = (aspect: Aspect) => (aspect === "required" ? "required" : aspect);

function describe(aspect: Aspect, value: JsonValue): string {
  if (aspect === "required") return value ? "required" : "optional";
  return `${aspect} ${showValue(value)}`;
}

/** A transcribed page that states no types (the v7 table): its spec's types are the project's reading of the example. */
const statesTypes = (unit: PageUnderCheck): boolean => !unit.spec.source || unit.claims.fields.some((c) => c.aspect === "type");
/** A transcribed page that marks no parameter required: its spec's required list is the project's reading. */
export const statesRequired = (unit: PageUnderCheck): boolean => !unit.spec.source || unit.claims.fields.some((c) => c.aspect === "required");

/** Edits that make `unit`'s page state `value` for the field's `aspect`. */
function edits(context: CheckContext, unit: PageUnderCheck, prop: PropertyFacts, aspect: Aspect, value: JsonValue): PageEdit[] {
  const page = prop.at("type").page;
  const lines = context.lines.get(page) ?? [];
  if (aspect === "required") {
    if (unit.spec.source) {
      const documented = unit.claims.fields.find((c) => c.field === prop.field && c.aspect === "documented" && c.origin !== "prose");
      if (!documented) return [];
      const text = lines[documented.location.line - 1] ?? "";
      if (documented.origin === "param-field") {
        // Only the tag's end changes, so the edit composes with others of the same tag.
        if (value) return defined([lineEdit(context, page, documented.location.line, ">", " required>")]);
        const flag = text.match(/\s+required(?=[\s>])/)?.[0];
        return flag ? defined([lineEdit(context, page, documented.location.line, flag, "")]) : [];
      }
      const cells = text.split("|");
      const description = cells[3];
      if (description === undefined) return [];
      return value ? defined([lineEdit(context, page, documented.location.line, `|${description}|`, `| Required.${description.replace(/^ /, " ")}|`)]) : defined([lineEdit(context, page, documented.location.line, "Required. ", "")]);
    }
    const at = prop.at("required");
    if (!value) return defined([removeLine(context, page, at.line)]);
    const item = unit.request.at("required");
    const text = lines[item.line - 1] ?? "";
    // A newly required parameter must also be in every example request of the endpoint.
    const examples = context.pages
      .filter((other) => other.spec.endpoint === unit.spec.endpoint)
      .flatMap((other) => other.claims.examples.filter((e) => e.kind === "request" && !(prop.field in e.body)).flatMap((example) => addToExample(context, example, prop)));
    return /^\s*-\s/.test(text) ? [...defined([insertAfter(context, page, item.line, [`${text.match(/^\s*-\s*/)![0]}${prop.field}`])]), ...examples] : [];
  }
  if (aspect === "type") {
    const types = prop.types.includes("null") ? [...(value as JsonType[]), "null" as JsonType] : (value as JsonType[]);
    return schemaEdits(context, unit, prop, "type", types);
  }
  const stated = aspect === "enum" ? (prop.enum ?? []).filter((v) => (value as JsonValue[]).includes(String(v))).concat((value as JsonValue[]).filter((v) => !(prop.enum ?? []).map(String).includes(String(v)))) : value;
  return schemaEdits(context, unit, prop, aspect, stated);
}

/**
 * The value the docs should agree on. Required-ness: required as soon as two endpoints require the
 * parameter (a page that leaves it optional usually just does not say, and a call without it is
 * billed for nothing). Otherwise the most endpoints' value; on a tie, an OpenAPI block's over a
 * transcription's.
 */
function decide(entries: { value: JsonValue; units: PageUnderCheck[] }[], aspect: Aspect): { value: JsonValue; units: PageUnderCheck[] } {
  const required = aspect === "required" ? entries.find((entry) => entry.value === true && entry.units.length >= 2) : undefined;
  if (required) return required;
  return [...entries].sort(
    (a, b) =>
      b.units.length - a.units.length ||
      (aspect === "required" ? Number(b.value === true) - Number(a.value === true) : 0) ||
      Number(a.units.some((u) => u.spec.source)) - Number(b.units.some((u) => u.spec.source)),
  )[0]!;
}

/**
 * A type fix and a default, enum or limit fix of the same field that follow the same endpoints
 * depend on each other: a page's default="3" reads as the string "3" under type string and as 3
 * under integer, so either fix alone would turn the other finding into a new one. Each carries
 * the other's edits, so applying either one brings the page to the followed side entirely.
 */
function pairFixes(drafts: FindingDraft[], sides: Map<FindingDraft, string>, optionSides: Map<SuggestedFix, string>): void {
  // A draft's fix, or each of its options, with the endpoints whose value it follows.
  const followed = (draft: FindingDraft): { fix: SuggestedFix; side: string | undefined; set: (fix: SuggestedFix) => void }[] =>
    draft.options
      ? draft.options.map((option, index) => ({ fix: option, side: optionSides.get(option), set: (fix: SuggestedFix) => void (draft.options![index] = fix) }))
      : draft.fix
        ? [{ fix: draft.fix, side: sides.get(draft), set: (fix: SuggestedFix) => void (draft.fix = fix) }]
        : [];
  const union = (x: PageEdit[], y: PageEdit[]) => [...x, ...y.filter((edit) => !x.some((e) => JSON.stringify(e) === JSON.stringify(edit)))];
  for (const a of drafts)
    for (const b of drafts) {
      if (a === b || a.field !== b.field || a.aspect !== "type" || !MODEL_DEPENDENT.includes(b.aspect as Aspect)) continue;
      for (const fa of followed(a))
        for (const fb of followed(b)) {
          if (fa.side === undefined || fa.side !== fb.side) continue;
          const pages = new Set(fa.fix.edits.map((edit) => edit.page));
          if (!fb.fix.edits.some((edit) => pages.has(edit.page))) continue;
          const [ae, be] = [fa.fix.edits, fb.fix.edits];
          const pairedA = { ...fa.fix, edits: union(ae, be), why: `${fa.fix.why} The page's ${b.aspect} follows the same side, or it would be read anew under the new type.` };
          const pairedB = { ...fb.fix, edits: union(be, ae), why: `${fb.fix.why} The page's type follows the same side, as the ${b.aspect} is read by it.` };
          for (const [from, to] of [[fa.fix, pairedA], [fb.fix, pairedB]] as const) if (optionSides.has(from)) optionSides.set(to, optionSides.get(from)!);
          fa.set(pairedA);
          fb.set(pairedB);
        }
    }
}

/** `sides` records, for the draft returned, the endpoints whose value its fix follows. */
function compare(context: CheckContext, units: PageUnderCheck[], field: string, aspect: Aspect, sides: Map<FindingDraft, string>, optionSides: Map<SuggestedFix, string>): FindingDraft | undefined {
  const byValue = new Map<string, { value: JsonValue; units: PageUnderCheck[] }>();
  for (const unit of units) {
    const prop = unit.request.properties.get(field);
    const value = prop && valueOf(prop, aspect);
    if (value === undefined) continue;
    if (aspect === "type" && !statesTypes(unit)) continue;
    const key = JSON.stringify(value);
    byValue.set(key, { value, units: [...(byValue.get(key)?.units ?? []), unit] });
  }
  if (byValue.size < 2) return undefined;
  // Where an overlay decided the field on one of these endpoints, the fix follows the client's side.
  const decided = units.flatMap((unit) =>
    decisionsOn(context, unit.spec.endpoint, field, aspect).map((decision) => ({ decision, key: decision.value === undefined ? undefined : JSON.stringify(normalized(aspect, decision.value)) })),
  );
  const decidedEntry = decided.map((d) => (d.key === undefined ? undefined : byValue.get(d.key))).find((entry) => entry !== undefined);
  const chosen = decidedEntry ?? decide([...byValue.values()], aspect);
  const actions = decidedEntry ? [...new Set(decided.filter((d) => d.key !== undefined && byValue.get(d.key) === decidedEntry).map((d) => d.decision.action))] : [];
  const others = [...byValue.values()].filter((entry) => entry !== chosen).flatMap((entry) => entry.units);
  const fix: SuggestedFix = {
    follows: `${describe(aspect, chosen.value)}, as on ${chosen.units.map((u) => u.spec.endpoint.replace(/^\w+ /, "")).join(", ")}`,
    ...(actions.length > 0 ? { resolvedBy: actions } : {}),
    why: actions.length > 0 ? `The client decided it (${actions.join(", ")}).` :
      chosen.units.length > others.length
        ? `Most endpoints (${chosen.units.length} of ${chosen.units.length + others.length}) state it.`
        : aspect === "required"
          ? `${chosen.units.length} endpoints require it; the pages that leave it optional do not say it may be left out, and a call without it is billed for nothing.`
          : `The endpoints are split; ${schemaNoun(chosen.units[0]!)} is a formal schema.`,
    edits: others.flatMap((unit) => edits(context, unit, unit.request.properties.get(field)!, aspect, chosen.value)),
  };
  // Split endpoints, and nothing (an overlay, most endpoints) deciding: each side is an option,
  // with what it changes, rather than one picked for being "a formal schema".
  const path = (unit: PageUnderCheck) => unit.spec.endpoint.replace(/^\w+ /, "");
  const split = !decidedEntry && aspect !== "required" && chosen.units.length <= others.length;
  const sideOptions = split
    ? [chosen, ...[...byValue.values()].filter((entry) => entry !== chosen)].map((side) => {
        const rest = [...byValue.values()].filter((entry) => entry !== side).flatMap((entry) => entry.units);
        const option: SuggestedFix = {
          follows: `${describe(aspect, side.value)}, as on ${side.units.map(path).join(", ")}`,
          why: `${[...new Set(side.units.map((unit) => schemaNoun(unit)))].join(" and ")} state${side.units.length === 1 ? "s" : ""} it; no overlay of the client and no majority of the endpoints decides between them.`,
          edits: rest.flatMap((unit) => edits(context, unit, unit.request.properties.get(field)!, aspect, side.value)),
          changes: `${[...new Set(rest.map(path))].join(", ")} change${rest.length === 1 ? "s" : ""} to ${describe(aspect, side.value)}`,
        };
        optionSides.set(option, side.units.map((u) => u.spec.endpoint).sort().join("|"));
        return option;
      })
    : undefined;
  // Required-ness a page never states is one cause on that page, however many parameters it touches.
  const silent = aspect === "required" && chosen.value === true ? others.find((unit) => !statesRequired(unit)) : undefined;
  const involved = [...byValue.values()].flatMap((entry) => entry.units);
  const statements: Statement[] = involved.map((unit) => {
    const prop = unit.request.properties.get(field)!;
    return { role: "schema", location: prop.at(keywordOf(aspect)), says: `${unit.spec.endpoint}: ${describe(aspect, valueOf(prop, aspect)!)}` };
  });
  const parts = [...byValue.values()].map((entry) => `${describe(aspect, entry.value)} on ${entry.units.map((u) => u.spec.endpoint.replace(/^\w+ /, "")).join(", ")}`);
  const draft: FindingDraft = {
    rule: "cross-endpoint",
    severity: "warning",
    endpoints: involved.map((unit) => unit.spec.endpoint),
    field,
    aspect,
    ...(silent
      ? {
          cause: JSON.stringify(["required-unstated", silent.page.file]),
          message: `${silent.page.file} does not say which parameters are required, so it leaves optional parameters the other endpoints require (each listed below).`,
          // Nothing on the page decides which parameters its endpoint requires, and making the others
          // agree changes what their callers must send: the docs team chooses between the two.
          options: [
            {
              ...fix,
              changes: others
                .filter((unit) => unit !== silent)
                .map((unit) => `"${field}" becomes required on ${unit.spec.endpoint.replace(/^\w+ /, "")}, so a call to it without "${field}" is refused`)
                .join("; ") || `"${field}" is marked required on ${silent.page.file} only`,
            },
            {
              follows: `${silent.page.file} states its own required parameters, as the other pages each do`,
              why: `Only ${silent.page.file} is edited: it marks "${field}" required, as ${chosen.units.length} endpoints do.`,
              edits: edits(context, silent, silent.request.properties.get(field)!, aspect, chosen.value),
              changes: others.some((unit) => unit !== silent)
                ? `the endpoints that leave "${field}" optional (${others.filter((unit) => unit !== silent).map((unit) => unit.spec.endpoint.replace(/^\w+ /, "")).join(", ")}) then disagree with the others on their own finding`
                : `nothing else`,
            },
          ],
        }
      : MODEL_DEPENDENT.includes(aspect)
        ? { cause: JSON.stringify(["model-dependent", field, involved.map((u) => u.spec.endpoint).sort()]), message: `"${field}" differs between endpoints that take the same model (each value listed below).` }
        : { message: `"${field}" differs between endpoints: ${parts.join("; ")}.` }),
    statements,
    ...(sideOptions ? { options: sideOptions } : { fix }),
  };
  sides.set(draft, chosen.units.map((u) => u.spec.endpoint).sort().join("|"));
  return draft;
}

/** Parameters a page declares outside the body while the other endpoints, and often the page itself, say body. */
function locationDrafts(context: CheckContext, units: PageUnderCheck[]): FindingDraft[] {
  const drafts: FindingDraft[] = [];
  for (const unit of units) {
    const elsewhere = [...unit.request.properties.values()].filter((prop) => prop.location !== "body");
    if (elsewhere.length === 0) continue;
    const shared = elsewhere.filter((prop) => units.some((other) => other !== unit && other.request.properties.get(prop.field)?.location === "body"));
    const own = unit.claims.parameterLocations.filter((claim) => claim.in === "body");
    const bodyExamples = unit.claims.examples.filter((example) => example.kind === "request");
    if (shared.length === 0 && own.length === 0) continue;
    const where = [...new Set(elsewhere.map((prop) => prop.location))].join("/");
    const all = elsewhere.length === unit.request.properties.size;
    const statements: Statement[] = [
      {
        role: "param-field",
        location: elsewhere[0]!.at("type"),
        says: `declares ${all ? "every parameter" : elsewhere.map((p) => `"${p.field}"`).join(", ")} as ${where} parameters`,
      },
      ...own.map((claim): Statement => ({ role: "prose", location: claim.location, says: `the page says: "${claim.quote}"` })),
      ...bodyExamples.map((example): Statement => ({ role: "example", location: example.location, says: "the example sends the parameters as a JSON body" })),
      // Which other endpoints take a body matters only when the page itself does not say so (and keeps the id
      // of this page's finding from changing when another page is fixed).
      ...units
        .filter(() => own.length === 0 && bodyExamples.length === 0)
        .filter((other) => other !== unit && shared.some((prop) => other.request.properties.get(prop.field)?.location === "body"))
        .map((other): Statement => ({ role: "schema", location: other.request.at("properties"), says: `${other.spec.endpoint} takes them in the JSON body` })),
    ];
    drafts.push({
      rule: "cross-endpoint",
      severity: own.length > 0 || bodyExamples.length > 0 ? "error" : "warning",
      endpoints: [unit.spec.endpoint],
      field: all ? "(all parameters)" : elsewhere.map((p) => p.field).join(", "),
      aspect: "location",
      message: `${unit.page.file} declares ${all ? "every parameter" : `${elsewhere.length} parameters`} as a ${where} parameter, but ${own.length > 0 ? "its own text says request body" : "other endpoints take them in the body"}${bodyExamples.length > 0 ? " and its example is a JSON body" : ""}.`,
      statements,
      fix: {
        follows: "the JSON body",
        why: `${own.length > 0 ? "The page's own text and example send a JSON body" : "The other endpoints take a JSON body"}, and the client sends one.`,
        edits: defined(
          unit.claims.fields
            .filter((claim) => claim.aspect === "location" && claim.value !== "body" && elsewhere.some((prop) => prop.field === claim.field))
            .map((claim) => lineEdit(context, claim.location.page, claim.location.line, `${claim.value}="${claim.field}"`, `body="${claim.field}"`)),
        ),
      },
    });
  }
  return drafts;
}

export function checkAcrossEndpoints(context: CheckContext): FindingDraft[] {
  const sides = new Map<FindingDraft, string>();
  const optionSides = new Map<SuggestedFix, string>();
  const units: PageUnderCheck[] = [];
  for (const unit of context.pages) if (!units.some((other) => other.spec.endpoint === unit.spec.endpoint)) units.push(unit);
  const fields = [...new Set(units.flatMap((unit) => [...unit.request.properties.keys()]))];
  const drafts: FindingDraft[] = [];
  for (const field of fields) {
    const having = units.filter((unit) => unit.request.properties.has(field));
    if (having.length < 2) continue;
    const ofField: FindingDraft[] = [];
    for (const aspect of ["type", "required"] as const) {
      const draft = compare(context, having, field, aspect, sides, optionSides);
      if (draft) ofField.push(draft);
    }
    // Model-dependent aspects: compare within each set of endpoints that share a model.
    const seen = new Set<string>();
    for (const unit of having) {
      const cluster = having.filter((other) => other === unit || shareModel(unit, other));
      const key = cluster.map((u) => u.spec.endpoint).sort().join("|");
      if (cluster.length < 2 || seen.has(key)) continue;
      seen.add(key);
      for (const aspect of MODEL_DEPENDENT) {
        const draft = compare(context, cluster, field, aspect, sides, optionSides);
        if (draft) ofField.push(draft);
      }
    }
    pairFixes(ofField, sides, optionSides);
    drafts.push(...ofField);
  }
  return [...drafts, ...locationDrafts(context, units)];
}
