/**
 * Rule cross-endpoint: the same parameter on different endpoints. Type, required-ness and
 * location (query vs body) describe what a parameter is and are compared across all
 * endpoints; enum, default, minimum and maximum depend on the model, so they are compared
 * only between endpoints whose schemas accept a common model_id (v6 img2video and enterprise
 * img2video both take `svd`), or whose pages the manifest declares variants of one generation
 * (`variantOf`: enterprise image_to_video_ultra and v6 img2video_ultra). Each difference is one finding listing every endpoint's value.
 */
import type { FieldClaim, JsonType, JsonValue } from "../claims/claim.js";
import { rewriteLimit } from "../claims/limit-phrases.js";
import type { PropertyFacts } from "../specs/schema-facts.js";
import { decisionsOn, schemaNoun, shareModel, statedBy, type CheckContext, type PageUnderCheck } from "./check-context.js";
import { addToExample, schemaEdits } from "./claim-vs-schema.js";
import { showValue, type FindingDraft, type PageEdit, type Statement, type SuggestedFix } from "./finding.js";
import { defined, exampleValueEdit, insertAfter, jsonLineOf, lineEdit, removeLine, typeWords } from "./page-edits.js";

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

/** A statement on another page of an endpoint that must follow the endpoint's schema when it changes. */
type Alongside = { claim: FieldClaim; aspect: Aspect; value: JsonValue } | { example: PageEdit };

/**
 * The other pages of `unit`'s endpoint (v6 img2video_ultra's legacy page) whose words or tables
 * state the field's `aspect` otherwise than `value`: when the endpoint's schema changes to `value`
 * they change with it, or they would then disagree with their own endpoint's schema.
 */
function endpointPageStatements(context: CheckContext, unit: PageUnderCheck, field: string, aspect: Aspect, value: JsonValue): { alongside: Alongside[]; places: string[] } {
  if (aspect === "required" || aspect === "enum") return { alongside: [], places: [] };
  const agrees = (claim: FieldClaim) =>
    aspect === "type" ? JSON.stringify(normalized("type", claim.value)) === JSON.stringify(normalized("type", value)) : String(claim.value) === String(value);
  const found = context.pages
    .filter((other) => other.spec.endpoint === unit.spec.endpoint && other.page.file !== unit.page.file)
    .flatMap((other) => other.claims.fields.filter((claim) => claim.field === field && claim.aspect === aspect && !agrees(claim)).map((claim) => ({ other, claim })));
  // An example of the endpoint (on any of its pages) that sends a value outside the new limit sends the limit.
  const outside = (sent: JsonValue | undefined) => typeof sent === "number" && typeof value === "number" && (aspect === "maximum" ? sent > value : aspect === "minimum" ? sent < value : false);
  const examples = context.pages
    .filter((other) => other.spec.endpoint === unit.spec.endpoint)
    .flatMap((other) => other.claims.examples.filter((e) => e.kind === "request" && outside(e.body[field]) && e.fieldLines[field]).map((example) => ({ other, example })));
  // And an example response whose meta reports such a value (it echoes a request the API accepted).
  const metas = context.pages
    .filter((other) => other.spec.endpoint === unit.spec.endpoint)
    .flatMap((other) =>
      other.claims.examples.flatMap((e) => {
        const meta = e.kind === "response" ? e.body.meta : undefined;
        const line = meta && typeof meta === "object" && !Array.isArray(meta) && outside(meta[field]) ? jsonLineOf(context, e.location.page, e.location.line, ["meta", field]) : undefined;
        return line ? [{ page: e.location.page, line }] : [];
      }),
    );
  return {
    alongside: [
      ...found.map(({ claim }): Alongside => ({ claim, aspect, value })),
      ...examples.flatMap(({ example }) => defined([exampleValueEdit(context, example.location.page, example.fieldLines[field]!, field, value)]).map((edit): Alongside => ({ example: edit }))),
      ...metas.flatMap(({ page, line }) => defined([exampleValueEdit(context, page, line, field, value)]).map((edit): Alongside => ({ example: edit }))),
    ],
    places: [
      ...new Set([
        ...found.map(({ other, claim }) => `${other.page.url} line ${claim.location.line} ("${claim.quote}")`),
        ...examples.map(({ other, example }) => `the example on ${other.page.url} line ${example.fieldLines[field]} (${field} ${showValue(example.body[field])})`),
        ...metas.map(({ page, line }) => `the example response's meta on ${page} line ${line}`),
      ]),
    ],
  };
}

/**
 * The edits that restate `statements`, one edit a line: a table row stating a default and a
 * maximum ("Default is 20. Maximum is 25.") is rewritten once with both, so the edits of one
 * finding's sides never conflict on a line.
 */
function alongsideEdits(context: CheckContext, all: readonly Alongside[]): PageEdit[] {
  const byLine = new Map<string, Extract<Alongside, { claim: FieldClaim }>[]>();
  const examples = all.flatMap((a) => ("example" in a ? [a.example] : []));
  for (const statement of all.flatMap((a) => ("claim" in a ? [a] : []))) {
    const key = JSON.stringify([statement.claim.location.page, statement.claim.location.line]);
    const list = byLine.get(key) ?? [];
    if (!list.some((s) => s.claim === statement.claim)) list.push(statement);
    byLine.set(key, list);
  }
  return [...byLine.values()].flatMap((list) => {
    const { page, line } = list[0]!.claim.location;
    const original = context.lines.get(page)?.[line - 1] ?? "";
    let text = original;
    for (const { claim, aspect, value } of [...list].sort((a, b) => Number(b.aspect === "type") - Number(a.aspect === "type"))) {
      if (aspect === "type") {
        // The type's word ("Integer" of "Integer (Default: 5, Max: 10)") becomes the side's; the rest stays.
        const word = claim.quote.match(/^(integer|number|string|boolean)\b/i)?.[0];
        const at = text.lastIndexOf(claim.quote);
        if (at >= 0) text = text.slice(0, at) + (word ? typeWords(normalized("type", value) as JsonType[], "table") + claim.quote.slice(word.length) : typeWords(normalized("type", value) as JsonType[], "table")) + text.slice(at + claim.quote.length);
        continue;
      }
      const to = typeof value === "string" && /^-?\d+(?:\.\d+)?$/.test(value) ? Number(value) : value;
      if (typeof to === "number" || typeof to === "boolean") text = rewriteLimit(text, aspect as "default", claim.value, to);
    }
    return defined([lineEdit(context, page, line, original, text)]);
  }).concat(examples.filter((edit, index) => examples.findIndex((e) => JSON.stringify(e) === JSON.stringify(edit)) === index));
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
function pairFixes(drafts: FindingDraft[], sides: Map<FindingDraft, string>, optionSides: Map<SuggestedFix, string>, alongside: Map<SuggestedFix, Alongside[]>): void {
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
          const statements = [...(alongside.get(fa.fix) ?? []), ...(alongside.get(fb.fix) ?? [])];
          for (const [from, to] of [[fa.fix, pairedA], [fb.fix, pairedB]] as const) {
            if (optionSides.has(from)) optionSides.set(to, optionSides.get(from)!);
            alongside.set(to, statements);
          }
          fa.set(pairedA);
          fb.set(pairedB);
        }
    }
}

/**
 * The drafts of one finding (one cause: a field's minimum and maximum between two endpoints) each
 * get, on every side, the edits of the other pages of the endpoints that side changes, all the
 * statements of that side on a line rewritten together.
 */
function withAlongside(context: CheckContext, drafts: FindingDraft[], alongside: Map<SuggestedFix, Alongside[]>): void {
  const groups = new Map<string, FindingDraft[]>();
  for (const draft of drafts) {
    const key = draft.cause ?? JSON.stringify([[...draft.endpoints].sort(), draft.field, draft.aspect]);
    groups.set(key, [...(groups.get(key) ?? []), draft]);
  }
  const union = (x: PageEdit[], y: PageEdit[]) => [...x, ...y.filter((edit) => !x.some((e) => JSON.stringify(e) === JSON.stringify(edit)))];
  for (const group of groups.values()) {
    const slots = Math.max(0, ...group.map((draft) => draft.options?.length ?? 0));
    for (let slot = 0; slot < slots; slot++) {
      const edits = alongsideEdits(context, group.flatMap((draft) => alongside.get(draft.options?.[slot] as SuggestedFix) ?? []));
      for (const draft of group) if (draft.options?.[slot]) draft.options[slot] = { ...draft.options[slot]!, edits: union(draft.options[slot]!.edits, edits) };
    }
    const edits = alongsideEdits(context, group.flatMap((draft) => (draft.fix ? (alongside.get(draft.fix) ?? []) : [])));
    for (const draft of group) if (draft.fix) draft.fix = { ...draft.fix, edits: union(draft.fix.edits, edits) };
  }
}

type Side = { value: JsonValue; units: PageUnderCheck[] };

/** An example request, on a page of one of `units`' endpoints, that leaves `field` out: the page shows a call without it. */
function omittingExample(context: CheckContext, units: readonly PageUnderCheck[], field: string): { unit: PageUnderCheck; page: string; line: number } | undefined {
  for (const unit of units)
    for (const other of context.pages.filter((p) => p.spec.endpoint === unit.spec.endpoint)) {
      const example = other.claims.examples.find((e) => e.kind === "request" && !(field in e.body));
      if (example) return { unit, page: example.location.page, line: example.location.line };
    }
  return undefined;
}

/**
 * Each value the endpoints state for the field's aspect, and the side the docs should take: an
 * overlay's decision (the client's side) first; for required-ness, optional where a page's own
 * example calls its endpoint without the field (required there would contradict the example and
 * refuse the calls made as it shows), else `decide`.
 */
function sidesOfField(context: CheckContext, units: readonly PageUnderCheck[], field: string, aspect: Aspect) {
  const byValue = new Map<string, Side>();
  for (const unit of units) {
    const prop = unit.request.properties.get(field);
    const value = prop && valueOf(prop, aspect);
    if (value === undefined) continue;
    if (aspect === "type" && !statesTypes(unit)) continue;
    // A page that marks nothing required has no required-ness to compare (its own finding: silentDrafts);
    // one that gives an optional parameter a default says on purpose what a call without it gets.
    if (aspect === "required" && (!statesRequired(unit) || (value === false && prop!.hasDefault))) continue;
    const key = JSON.stringify(value);
    byValue.set(key, { value, units: [...(byValue.get(key)?.units ?? []), unit] });
  }
  if (byValue.size < 2) return byValue.size === 1 ? { byValue, chosen: [...byValue.values()][0]!, decidedEntry: undefined, actions: [] as string[], omitting: undefined, agreed: true } : undefined;
  // Where an overlay decided the field on one of these endpoints, the fix follows the client's side.
  const decided = units.flatMap((unit) =>
    decisionsOn(context, unit.spec.endpoint, field, aspect).map((decision) => ({ decision, key: decision.value === undefined ? undefined : JSON.stringify(normalized(aspect, decision.value)) })),
  );
  const decidedEntry = decided.map((d) => (d.key === undefined ? undefined : byValue.get(d.key))).find((entry) => entry !== undefined);
  const optional = aspect === "required" ? [...byValue.values()].find((entry) => entry.value === false) : undefined;
  const omitting = optional && !decidedEntry ? omittingExample(context, optional.units, field) : undefined;
  const chosen = decidedEntry ?? (omitting ? optional! : decide([...byValue.values()], aspect));
  const actions = decidedEntry ? [...new Set(decided.filter((d) => d.key !== undefined && byValue.get(d.key) === decidedEntry).map((d) => d.decision.action))] : [];
  return { byValue, chosen, decidedEntry, actions, omitting, agreed: false };
}

const pathOf = (unit: PageUnderCheck) => unit.spec.endpoint.replace(/^\w+ /, "");

/** Why a required-ness fix takes its side, in sources a docs writer can open. */
function requiredWhy(context: CheckContext, chosen: Side, others: readonly PageUnderCheck[], field: string, omitting: ReturnType<typeof omittingExample>): string {
  if (omitting)
    return (
      `The example on ${omitting.page} (line ${omitting.line}) calls ${pathOf(omitting.unit)} without "${field}", as its schema allows. ` +
      `Marking it required there would contradict that example and refuse the calls made as it shows (the project's client makes such a call on Prism), so that side is not offered: ` +
      `the endpoints that require it say it may be left out, as ${pathOf(omitting.unit)} does. If their servers refuse a call without it, each page should say so instead.`
    );
  const sending = others.flatMap((unit) => context.pages.filter((p) => p.spec.endpoint === unit.spec.endpoint).flatMap((p) => p.claims.examples.filter((e) => e.kind === "request").map((e) => `${e.location.page} line ${e.location.line}`)));
  return (
    `Required by ${[...new Set(chosen.units.map((unit) => statedBy(unit)))].join(" and ")}` +
    (sending.length > 0
      ? `, and the examples of the endpoints that leave it optional send it (${sending.join(", ")}): nothing on their pages says it may be left out.`
      : others.length > 0
        ? "; nothing on the pages that leave it optional says it may be left out."
        : ".")
  );
}

/**
 * A transcribed page that marks nothing required (the v7 page): one finding on that page, listing
 * each parameter the endpoints that do state required-ness require (the side sidesOfField takes)
 * while the page's reading leaves it optional. Its fix marks them on the page; it is the only
 * side: the silence is settled only by the page saying it, and where the other endpoints disagree
 * among themselves that is each field's own finding.
 */
function silentDrafts(context: CheckContext, units: readonly PageUnderCheck[]): FindingDraft[] {
  const drafts: FindingDraft[] = [];
  for (const silent of units.filter((unit) => !statesRequired(unit))) {
    const fields = [...silent.request.properties.values()].flatMap((prop) => {
      if (prop.required) return [];
      const stating = units.filter((unit) => unit !== silent && statesRequired(unit) && unit.request.properties.has(prop.field));
      const side = sidesOfField(context, stating, prop.field, "required");
      return side && side.chosen.value === true ? [{ prop, side }] : [];
    });
    if (fields.length === 0) continue;
    const involved = [silent, ...new Set(fields.flatMap(({ side }) => side.chosen.units))];
    const reasons = fields.map(({ prop, side }) => {
      const sent = silent.claims.examples.find((e) => e.kind === "request" && prop.field in e.body);
      const required = side.agreed ? `every endpoint that states it requires it (${side.chosen.units.map(pathOf).join(", ")})` : requiredWhy(context, side.chosen, [], prop.field, undefined).replace(/[.:]?$/, "").replace(/^R/, "r");
      return `"${prop.field}": ${required}${sent ? `, and the page's own example sends it (${sent.location.page} line ${sent.location.line})` : ""}`;
    });
    drafts.push({
      rule: "cross-endpoint",
      severity: "warning",
      endpoints: involved.map((unit) => unit.spec.endpoint),
      field: fields.map(({ prop }) => prop.field).join(", "),
      aspect: "required",
      cause: JSON.stringify(["required-unstated", silent.page.file]),
      message: `${silent.page.file} does not say which parameters are required, so it leaves optional ${fields.map(({ prop }) => `"${prop.field}"`).join(", ")}, which the other endpoints require (each listed below).`,
      statements: fields.flatMap(({ prop, side }) =>
        [silent, ...side.chosen.units].map((unit): Statement => {
          const theirs = unit.request.properties.get(prop.field)!;
          return { role: "schema", location: theirs.at("required"), says: `${unit.spec.endpoint}: "${prop.field}" ${describe("required", theirs.required)}` };
        }),
      ),
      fix: {
        follows: `${silent.page.file} states its own required parameters, as the other pages each do`,
        why:
          `${reasons.join("; ")}. ` +
          "Only this side is offered: the page's silence is settled only by the page saying it, and where the other endpoints disagree among themselves that is the field's own finding.",
        edits: fields.flatMap(({ prop }) => edits(context, silent, prop, "required", true)),
        changes: `only ${silent.page.file} changes: it marks ${fields.map(({ prop }) => `"${prop.field}"`).join(", ")} required`,
      },
    });
  }
  return drafts;
}

/** `sides` records, for the draft returned, the endpoints whose value its fix follows. */
function compare(
  context: CheckContext,
  units: PageUnderCheck[],
  field: string,
  aspect: Aspect,
  sides: Map<FindingDraft, string>,
  optionSides: Map<SuggestedFix, string>,
  alongside: Map<SuggestedFix, Alongside[]>,
): FindingDraft | undefined {
  const sided = sidesOfField(context, units, field, aspect);
  if (!sided || sided.agreed) return undefined;
  const { byValue, chosen, decidedEntry, actions, omitting } = sided;
  const others = [...byValue.values()].filter((entry) => entry !== chosen).flatMap((entry) => entry.units);
  const fix: SuggestedFix = {
    follows: `${describe(aspect, chosen.value)}, as on ${chosen.units.map((u) => u.spec.endpoint.replace(/^\w+ /, "")).join(", ")}`,
    ...(actions.length > 0 ? { resolvedBy: actions } : {}),
    why:
      actions.length > 0
        ? `The client decided it (${actions.join(", ")}).`
        : aspect === "required"
          ? requiredWhy(context, chosen, others, field, omitting)
          : chosen.units.length > others.length
            ? `Most endpoints (${chosen.units.length} of ${chosen.units.length + others.length}) state it.`
            : `The endpoints are split; ${schemaNoun(chosen.units[0]!)} is a formal schema.`,
    edits: others.flatMap((unit) => edits(context, unit, unit.request.properties.get(field)!, aspect, chosen.value)),
  };
  alongside.set(fix, others.flatMap((unit) => endpointPageStatements(context, unit, field, aspect, chosen.value).alongside));
  // Split endpoints, and nothing (an overlay, most endpoints) deciding: each side is an option,
  // with what it changes, rather than one picked for being "a formal schema".
  const path = pathOf;
  const split = !decidedEntry && aspect !== "required" && chosen.units.length <= others.length;
  const sideOptions = split
    ? [chosen, ...[...byValue.values()].filter((entry) => entry !== chosen)].map((side) => {
        const rest = [...byValue.values()].filter((entry) => entry !== side).flatMap((entry) => entry.units);
        // The endpoint's other pages (a legacy page of the same endpoint) follow its schema.
        const statements = rest.map((unit) => endpointPageStatements(context, unit, field, aspect, side.value));
        const places = statements.flatMap((a) => a.places);
        const option: SuggestedFix = {
          follows: `${describe(aspect, side.value)}, as on ${side.units.map(path).join(", ")}`,
          why: `Stated by ${[...new Set(side.units.map((unit) => statedBy(unit)))].join(" and ")}; no overlay of the client and no majority of the endpoints decides between them.`,
          edits: rest.flatMap((unit) => edits(context, unit, unit.request.properties.get(field)!, aspect, side.value)),
          changes:
            `${[...new Set(rest.map(path))].join(", ")} change${rest.length === 1 ? "s" : ""} to ${describe(aspect, side.value)}` +
            (places.length > 0 ? `, and so do the other pages of ${rest.length === 1 ? "that endpoint" : "those endpoints"}: ${places.join(", ")}` : ""),
        };
        optionSides.set(option, side.units.map((u) => u.spec.endpoint).sort().join("|"));
        alongside.set(option, statements.flatMap((a) => a.alongside));
        return option;
      })
    : undefined;
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
    ...(aspect === "required"
      ? { cause: JSON.stringify(["required", field]), message: `"${field}" differs between endpoints: ${parts.join("; ")}.` }
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
  const alongside = new Map<SuggestedFix, Alongside[]>();
  const units: PageUnderCheck[] = [];
  for (const unit of context.pages) if (!units.some((other) => other.spec.endpoint === unit.spec.endpoint)) units.push(unit);
  const fields = [...new Set(units.flatMap((unit) => [...unit.request.properties.keys()]))];
  const drafts: FindingDraft[] = [];
  for (const field of fields) {
    const having = units.filter((unit) => unit.request.properties.has(field));
    if (having.length < 2) continue;
    const ofField: FindingDraft[] = [];
    for (const aspect of ["type", "required"] as const) {
      const draft = compare(context, having, field, aspect, sides, optionSides, alongside);
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
        const draft = compare(context, cluster, field, aspect, sides, optionSides, alongside);
        if (draft) ofField.push(draft);
      }
    }
    pairFixes(ofField, sides, optionSides, alongside);
    withAlongside(context, ofField, alongside);
    drafts.push(...ofField);
  }
  return [...drafts, ...silentDrafts(context, units), ...locationDrafts(context, units)];
}
