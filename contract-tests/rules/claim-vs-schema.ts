/**
 * Rule claim-vs-schema: what a page states in words, tables and <ParamField> tags against the
 * schema of its own page's spec — model ids and other enums, defaults, minima, maxima, types,
 * parameters the schema lacks, and required parameters the page never mentions; an operation
 * description naming a model the page does not support; a prose default outside the prose's
 * own list. Claims about one endpoint from several pages are compared together, so two pages
 * that disagree (one says maximum 480, the other 720p) are one finding.
 *
 * Which side a fix follows: on the page that holds the schema, the page's own words and
 * example over its OpenAPI block when they agree with each other (the block is the stale part);
 * on another page of the same endpoint, the page that holds the schema.
 */
import type { FieldClaim, JsonType, JsonValue } from "../claims/claim.js";
import { rewriteLimit } from "../claims/limit-phrases.js";
import type { PropertyFacts } from "../specs/schema-facts.js";
import { decisionsOn, schemaNoun, shareModel, statedBy, type CheckContext, type PageUnderCheck } from "./check-context.js";
import { showValue, type FindingDraft, type PageEdit, type Statement, type SuggestedFix } from "./finding.js";
import { attributeValue, defined, indentOf, insertAfter, lineEdit, removeLine, typeWords, yamlValue } from "./page-edits.js";

const ORIGIN_NOUN: Record<FieldClaim["origin"], string> = { prose: "the page says", table: "the parameter table says", "param-field": "the <ParamField> tag says" };

const claimStatement = (claim: FieldClaim): Statement => ({
  role: claim.origin,
  location: claim.location,
  says: `${ORIGIN_NOUN[claim.origin]}${claim.condition ? ` (for ${claim.condition})` : ""}: "${claim.quote}"`,
});

const same = (a: JsonValue | undefined, b: JsonValue | undefined): boolean => JSON.stringify(a) === JSON.stringify(b);
const sameTypes = (a: JsonValue, b: string[]): boolean => Array.isArray(a) && same([...a].map(String).sort(), [...b].sort());
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

type GroupAspect = "enum" | "default" | "minimum" | "maximum" | "type";

interface Group {
  unit: PageUnderCheck;
  field: string;
  aspect: GroupAspect;
  claims: FieldClaim[];
}

function schemaValue(prop: PropertyFacts, aspect: GroupAspect): JsonValue | undefined {
  if (aspect === "type") return prop.types.length > 0 ? prop.types : undefined;
  if (aspect === "enum") return prop.enum;
  if (aspect === "default") return prop.hasDefault ? prop.default : undefined;
  return prop[aspect];
}

/** The page that holds the schema: the page of an OpenAPI block, or the transcribed page. */
const schemaPage = (unit: PageUnderCheck, prop: PropertyFacts): string => prop.at("type").page;

/** The lines of an OpenAPI block's list below `firstItem` (the `- value` lines). */
function listLines(context: CheckContext, page: string, firstItem: number): number[] {
  const lines = context.lines.get(page) ?? [];
  const result: number[] = [];
  for (let line = firstItem; line <= lines.length && /^\s*-\s/.test(lines[line - 1]!); line++) result.push(line);
  return result;
}

/** Edits that make the schema (block or <ParamField> tag) state `value` for `aspect`. */
export function schemaEdits(context: CheckContext, unit: PageUnderCheck, prop: PropertyFacts, aspect: "enum" | "default" | "minimum" | "maximum" | "type", value: JsonValue | undefined): PageEdit[] {
  const at = prop.at(aspect === "type" ? "type" : aspect);
  const page = at.page;
  const lines = context.lines.get(page) ?? [];
  if (unit.spec.source) {
    // A transcribed <ParamField> tag: its attribute.
    const attr = { enum: "enum", default: "default", minimum: "min", maximum: "max", type: "type" }[aspect];
    const tagLine = prop.at("type").line;
    const text = lines[tagLine - 1] ?? "";
    const current = text.match(new RegExp(`\\s${attr}="[^"]*"`));
    const shown = aspect === "type" ? typeWords(value as JsonType[], "param-field") : value === undefined ? undefined : attributeValue(value);
    // The tag's own text states limits in words too ("Default is 92"): they change with the attribute.
    const words =
      aspect !== "type" && aspect !== "enum" && (typeof value === "number" || typeof value === "boolean")
        ? unit.claims.fields
            .filter((c) => c.field === prop.field && c.aspect === aspect && c.origin === "param-field" && c.location.line !== tagLine && c.location.page === page)
            .flatMap((c) => {
              const rewritten = rewriteLimit(c.quote, aspect, c.value, value);
              return rewritten === c.quote ? [] : defined([lineEdit(context, page, c.location.line, c.quote, rewritten)]);
            })
        : [];
    if (current) return [...defined([lineEdit(context, page, tagLine, current[0], shown === undefined ? "" : ` ${attr}="${shown}"`)]), ...words];
    if (shown === undefined || !/<ParamField\b[^>]*>/.test(text)) return [];
    // Only the tag's first ">" changes (attribute values hold no ">"), so the edit composes with others of the tag.
    return [...defined([lineEdit(context, page, tagLine, ">", ` ${attr}="${shown}">`)]), ...words];
  }
  // An OpenAPI block: the keyword's line (found below the property), or a new line after `type:`.
  const typeLine = prop.at("type").line;
  const keywordText = lines[at.line - 1] ?? "";
  const hasKeyword = at.line !== typeLine || aspect === "type" ? new RegExp(`^\\s*${aspect}\\s*:`).test(keywordText) || (aspect === "enum" && /^\s*-\s/.test(keywordText)) : false;
  const indent = indentOf(lines[typeLine - 1] ?? "");
  if (aspect === "enum") {
    const items = hasKeyword ? listLines(context, page, at.line) : [];
    if (value === undefined) return defined([...items.map((line) => removeLine(context, page, line)), removeLine(context, page, at.line - 1)]);
    const list = (value as JsonValue[]).map((item) => `${indentOf(keywordText) || `${indent}  `}- ${yamlValue(item)}`);
    if (items.length === 0) return defined([insertAfter(context, page, typeLine, [`${indent}enum:`, ...list])]);
    return defined([lineEdit(context, page, items[0]!, keywordText.trim(), list.join("\n").trimStart()), ...items.slice(1).map((line) => removeLine(context, page, line))]);
  }
  if (aspect === "type") {
    const types = value as JsonType[];
    const shown = types.length === 1 ? types[0]! : `[${types.map((t) => (t === "null" ? "'null'" : t)).join(", ")}]`;
    return defined([lineEdit(context, page, typeLine, (lines[typeLine - 1] ?? "").trim(), `type: ${shown}`)]);
  }
  if (hasKeyword) return value === undefined ? defined([removeLine(context, page, at.line)]) : defined([lineEdit(context, page, at.line, keywordText.trim(), `${aspect}: ${yamlValue(value)}`)]);
  return value === undefined ? [] : defined([insertAfter(context, page, typeLine, [`${indent}${aspect}: ${yamlValue(value)}`])]);
}

/** Edits that make a claim on a page state `to` instead of what it says. */
export function claimEdits(context: CheckContext, claim: FieldClaim, to: JsonValue): PageEdit[] {
  const { page, line } = claim.location;
  const text = context.lines.get(page)?.[line - 1] ?? "";
  if (claim.aspect === "enum" || (claim.aspect === "default" && claim.origin === "prose")) {
    const stated = (Array.isArray(claim.value) ? claim.value : [claim.value]).map(String);
    const target = Array.isArray(to) ? to.map(String) : [String(to)];
    return defined(stated.filter((value) => !target.includes(value)).map((value, index) => {
      const quoted = text.match(new RegExp(`\`?${escape(value)}\`?`))?.[0];
      return quoted ? lineEdit(context, page, line, quoted, quoted.replace(value, target[Math.min(index, target.length - 1)]!)) : undefined;
    }));
  }
  if (claim.origin === "param-field" && !/^[\w-]+="/.test(claim.quote)) {
    // The tag's text states it in words ("Default is 3"): restate the value there, a string quoted.
    const rewritten =
      typeof to === "number" || typeof to === "boolean" ? rewriteLimit(claim.quote, claim.aspect as "default", claim.value, to) : claim.quote.replace(String(claim.value), JSON.stringify(to));
    return defined([lineEdit(context, page, line, claim.quote, rewritten)]);
  }
  if (claim.origin === "param-field") {
    const attr = { default: "default", minimum: "min", maximum: "max", type: "type" }[claim.aspect as "default"];
    return defined([lineEdit(context, page, line, claim.quote, `${attr}="${claim.aspect === "type" ? typeWords(to as JsonType[], "param-field") : attributeValue(to)}"`)]);
  }
  if (claim.aspect === "type") {
    const at = text.lastIndexOf(claim.quote);
    const tail = text.slice(Math.max(0, at - 12));
    return at < 0 ? [] : defined([lineEdit(context, page, line, tail, tail.slice(0, at - Math.max(0, at - 12)) + typeWords(to as JsonType[], "table"))]);
  }
  if (typeof to !== "number" && typeof to !== "boolean") return [];
  const rewritten = rewriteLimit(text, claim.aspect as "default", claim.value, to);
  if (rewritten !== text) return defined([lineEdit(context, page, line, text, rewritten)]);
  // Words the limit phrases do not cover ("Maximum resolution is **720p**"): the value itself, when the line states it once.
  const stated = [...text.matchAll(new RegExp(`(?<![\\d.])${escape(String(claim.value))}(?![\\d.])`, "g"))];
  return stated.length === 1 ? defined([lineEdit(context, page, line, `${stated[0]![0]}${text.slice(stated[0]!.index! + stated[0]![0].length).match(/^\w*/)![0]}`, `${String(to)}${text.slice(stated[0]!.index! + stated[0]![0].length).match(/^\w*/)![0]}`)]) : [];
}

/** A group's finding; where an overlay decided the field, its fix cites the decision's actions. */
function groupDraft(context: CheckContext, group: Group): FindingDraft | undefined {
  const draft = groupDraftAsDocumented(context, group);
  const actions = decisionsOn(context, group.unit.spec.endpoint, group.field, group.aspect).map((decision) => decision.action);
  if (!draft?.fix || actions.length === 0) return draft;
  return { ...draft, fix: { ...draft.fix, resolvedBy: [...new Set([...(draft.fix.resolvedBy ?? []), ...actions])] } };
}

function groupDraftAsDocumented(context: CheckContext, group: Group): FindingDraft | undefined {
  const { unit, field, aspect, claims } = group;
  const prop = unit.request.properties.get(field);
  if (!prop) return undefined;
  const endpoints = [unit.spec.endpoint];
  const schema = schemaValue(prop, aspect);
  const noun = schemaNoun(unit);
  const holder = schemaPage(unit, prop);
  const schemaStatement: Statement = { role: "schema", location: prop.at(aspect), says: schema === undefined ? `no ${aspect}` : `${aspect}: ${showValue(schema)}` };
  const base = { rule: "claim-vs-schema" as const, endpoints, field };
  const ownPage = (claim: FieldClaim) => claim.location.page === holder;
  if (aspect === "enum") {
    if (!Array.isArray(schema)) return undefined;
    const outside = claims.filter((claim) => (Array.isArray(claim.value) ? claim.value : [claim.value]).some((value) => !schema.some((allowed) => same(allowed, value))));
    if (outside.length === 0) return undefined;
    const named = [...new Set(outside.flatMap((claim) => (Array.isArray(claim.value) ? claim.value : [claim.value])).filter((v) => !schema.some((a) => same(a, v))))];
    // On the schema's own page, a list the page states in words (and sends) wins over the block's enum.
    const ownList = outside.find((claim) => ownPage(claim) && claim.aspect === "enum" && Array.isArray(claim.value) && claim.value.length > 1);
    const fix: SuggestedFix = ownList
      ? {
          follows: `the page's own list (${showValue(ownList.value)}, line ${ownList.location.line})`,
          why: `${holder} states the supported values in words and its example sends one of them; the enum of its OpenAPI block is the stale part.`,
          edits: [...schemaEdits(context, unit, prop, "enum", ownList.value), ...descriptionMentions(context, unit, schema.filter((v) => !(ownList.value as JsonValue[]).some((w) => same(v, w))).map(String), (ownList.value as JsonValue[]).map(String))],
        }
      : {
          follows: `${noun} (${showValue(schema)})`,
          why: `${holder} holds the schema of ${unit.spec.endpoint}; ${[...new Set(outside.map((c) => c.location.page))].join(", ")} names values it does not allow.`,
          edits: outside.flatMap((claim) => claimEdits(context, claim, schema.filter((v) => v !== null))),
        };
    return {
      ...base,
      severity: "error",
      aspect: "enum",
      message: `The docs name ${field} ${named.map((v) => showValue(v)).join(", ")}, but ${noun} allows only ${showValue(schema)}.`,
      // A fallback ("… will be ignored and defaulted to wan2.2") is named by its value, not its wording.
      statements: [...outside.map((claim) => (claim.aspect === "default" ? { ...claimStatement(claim), says: `the page says other values fall back to ${showValue(claim.value)}` } : claimStatement(claim))), schemaStatement],
      fix,
    };
  }
  if (aspect === "type") {
    const differing = claims.filter((claim) => schema !== undefined && !sameTypes(claim.value, schema as string[]));
    if (differing.length === 0) return undefined;
    return {
      ...base,
      severity: "error",
      aspect,
      message: `The docs type ${field} as ${showValue(differing[0]!.value)}, ${noun} as ${showValue(schema ?? null)}.`,
      statements: [...differing.map(claimStatement), schemaStatement],
      fix: { follows: `${noun} (${showValue(schema ?? null)})`, why: `${holder} holds the schema of ${unit.spec.endpoint}.`, edits: differing.flatMap((claim) => claimEdits(context, claim, schema as JsonValue)) },
    };
  }
  const values = new Map<string, FieldClaim[]>();
  for (const claim of claims) values.set(JSON.stringify(claim.value), [...(values.get(JSON.stringify(claim.value)) ?? []), claim]);
  // "3" and 3 are the same value written in two types: the type differs (the type finding's), not the value.
  const loose = (value: JsonValue | undefined) => (typeof value === "number" || typeof value === "string" ? String(value) : JSON.stringify(value));
  const looseValues = new Set(claims.map((claim) => loose(claim.value)));
  if (schema !== undefined ? [...looseValues].every((value) => value === loose(schema)) : looseValues.size === 1 && values.size > 1) return undefined;
  const disagreeing = schema === undefined ? values.size > 1 : [...values.keys()].some((value) => value !== JSON.stringify(schema));
  if (schema !== undefined && !disagreeing) return undefined;
  const stated = [...values.entries()].map(([value, list]) => `${showValue(JSON.parse(value) as JsonValue)} (${[...new Set(list.map((c) => c.location.page))].join(", ")})`);
  // With no value in the schema, the claim on the schema's own page decides, and the schema gets it too.
  // An overlay's decision (the client's side) comes first.
  const ruling = decisionsOn(context, unit.spec.endpoint, field, aspect).find((decision) => decision.value !== undefined);
  const decided = ruling?.value ?? schema ?? (claims.find(ownPage) ?? claims[0]!).value;
  // A limit or default the schema gets anew belongs to the model: endpoints serving the same model
  // (a variant page, a common model_id) that state another value get the same edit, or the fix
  // would open a cross-endpoint difference.
  const peers = schema === undefined ? modelPeers(context, unit, field, aspect, decided) : [];
  const ownEdits = (to: JsonValue): PageEdit[] => [...claims.filter((claim) => !same(claim.value, to)).flatMap((claim) => claimEdits(context, claim, to)), ...(!same(schema, to) ? schemaEdits(context, unit, prop, aspect, to) : [])];
  const fix: SuggestedFix = {
    follows: schema !== undefined ? `${noun} (${aspect} ${showValue(schema)})` : `${holder} (${aspect} ${showValue(decided)})`,
    why:
      (schema !== undefined ? `${holder} holds the schema of ${unit.spec.endpoint}.` : `${holder} holds the schema of ${unit.spec.endpoint}; its ${aspect} belongs in the schema too.`) +
      (peers.length > 0 ? ` ${peers.map((peer) => peer.spec.endpoint).join(", ")} serve${peers.length === 1 ? "s" : ""} the same model and get${peers.length === 1 ? "s" : ""} the same ${aspect}.` : ""),
    edits: [
      ...claims.filter((claim) => !same(claim.value, decided)).flatMap((claim) => claimEdits(context, claim, decided)),
      ...(!same(schema, decided) ? schemaEdits(context, unit, prop, aspect, decided) : []),
      ...peers.flatMap((peer) => schemaEdits(context, peer, peer.request.properties.get(field)!, aspect, decided)),
    ],
  };
  // Another server documents its own value for the same model (the enterprise image_to_video_ultra
  // page's 480): pushing this endpoint's value onto it is right only if that server takes it, and
  // nothing here says so. Each side is an option: all of them take the value, or this endpoint takes theirs.
  const options: SuggestedFix[] | undefined =
    peers.length > 0 && !ruling
      ? [
          {
            ...fix,
            why: `${holder} holds the schema of ${unit.spec.endpoint} and states ${showValue(decided)} (${claims.filter((c) => same(c.value, decided)).map((c) => `${c.location.page} line ${c.location.line}`).join(", ")}); its ${aspect} belongs in the schema too, and the other pages of the endpoint follow it.`,
            changes: `${peers.map((peer) => `${peer.spec.endpoint} (${statedBy(peer)}) changes from ${showValue(schemaValue(peer.request.properties.get(field)!, aspect))} to ${showValue(decided)}, which is right only if that server takes ${showValue(decided)}: no source says so`).join("; ")}`,
          },
          ...[...new Set(peers.map((peer) => JSON.stringify(schemaValue(peer.request.properties.get(field)!, aspect))))].map((key): SuggestedFix => {
            const theirs = JSON.parse(key) as JsonValue;
            const stating = peers.filter((peer) => same(schemaValue(peer.request.properties.get(field)!, aspect), theirs));
            const agreeing = claims.filter((claim) => same(claim.value, theirs));
            return {
              follows: `${aspect} ${showValue(theirs)}, as ${stating.map((peer) => peer.spec.endpoint).join(", ")} state${stating.length === 1 ? "s" : ""} for the same model`,
              why: `Stated by ${stating.map((peer) => statedBy(peer)).join(" and ")} (a server of the same model)${agreeing.length > 0 ? ` and by ${[...new Set(agreeing.map((c) => `${c.location.page} line ${c.location.line}`))].join(", ")}` : ""}; no overlay of the client decides.`,
              edits: ownEdits(theirs),
              changes: `${holder} states ${aspect} ${showValue(theirs)} where it says ${showValue(decided)} (${claims.filter((c) => !same(c.value, theirs)).map((c) => `${c.location.page} line ${c.location.line}`).join(", ")}), and its schema gets it; ${stating.map((peer) => peer.spec.endpoint).join(", ")} stay${stating.length === 1 ? "s" : ""} as documented`,
            };
          }),
        ]
      : undefined;
  const sides = options ? { options } : { fix };
  const peersSay = options ? `, and ${peers.map((peer) => `${peer.spec.endpoint} (same model) says ${showValue(schemaValue(peer.request.properties.get(field)!, aspect))}`).join(", ")}` : "";
  if (schema === undefined && values.size === 1) {
    return {
      ...base,
      severity: "warning",
      aspect,
      message: `The docs state a ${aspect} of ${showValue(claims[0]!.value)} for ${field} that ${noun} does not have${peersSay}.`,
      statements: [...claims.map(claimStatement), schemaStatement],
      ...sides,
    };
  }
  return {
    ...base,
    severity: "error",
    aspect,
    message:
      schema === undefined
        ? `The docs disagree on the ${aspect} of ${field}: ${stated.join(" vs ")}; ${noun} sets none${peersSay}.`
        : `The docs state a ${aspect} of ${stated.join(" and ")} for ${field}; ${noun} says ${showValue(schema)}.`,
    statements: [...claims.filter((claim) => !same(claim.value, schema)).map(claimStatement), ...claims.filter((claim) => same(claim.value, schema) && schema === undefined).map(claimStatement), schemaStatement],
    ...sides,
  };
}

/** Other endpoints (one page each) serving the same model as `unit` whose schema states another `aspect` of `field`. */
function modelPeers(context: CheckContext, unit: PageUnderCheck, field: string, aspect: GroupAspect, value: JsonValue): PageUnderCheck[] {
  if (aspect === "type" || aspect === "enum") return [];
  const peers: PageUnderCheck[] = [];
  for (const other of context.pages) {
    if (other.spec.endpoint === unit.spec.endpoint || peers.some((peer) => peer.spec.endpoint === other.spec.endpoint) || !shareModel(unit, other)) continue;
    const theirs = other.request.properties.get(field);
    const stated = theirs && schemaValue(theirs, aspect);
    if (stated !== undefined && !same(stated, value)) peers.push(other);
  }
  return peers;
}

/** Lines of a page's OpenAPI block whose description names one of `removed`: the names become `kept`. */
function descriptionMentions(context: CheckContext, unit: PageUnderCheck, removed: string[], kept: string[]): PageEdit[] {
  if (unit.spec.source || removed.length === 0) return [];
  const page = unit.page.file;
  const lines = context.lines.get(page) ?? [];
  const edits: PageEdit[] = [];
  lines.forEach((text, index) => {
    if (!/^\s+(description|summary):/.test(text)) return;
    for (const name of removed) {
      const match = text.match(new RegExp(`\\b${escape(name)}\\b`, "i"));
      const edit = match && lineEdit(context, page, index + 1, match[0], kept.join(" or "));
      if (edit) edits.push(edit);
    }
  });
  return edits;
}

/** Model names an operation's description mentions that the page's supported list (or the enum) does not allow. */
function modelMentions(context: CheckContext, unit: PageUnderCheck, vocabulary: string[]): FindingDraft[] {
  if (unit.spec.source) return [];
  const prop = unit.request.properties.get("model_id");
  const listed = unit.claims.fields.find((c) => c.field === "model_id" && c.aspect === "enum" && c.origin === "prose" && Array.isArray(c.value) && c.value.length > 1);
  const allowed = ((listed?.value as JsonValue[] | undefined) ?? prop?.enum ?? []).map((v) => String(v).toLowerCase());
  if (!prop || allowed.length === 0) return [];
  const drafts: FindingDraft[] = [];
  const lines = context.lines.get(unit.page.file) ?? [];
  lines.forEach((text, index) => {
    if (!/^\s+description:/.test(text)) return;
    for (const model of vocabulary.filter((name) => !allowed.includes(name.toLowerCase()))) {
      const match = text.match(new RegExp(`\\b${escape(model)}\\b`, "i"));
      if (!match) continue;
      drafts.push({
        rule: "claim-vs-schema",
        severity: "error",
        endpoints: [unit.spec.endpoint],
        field: "model_id",
        aspect: "enum",
        message: `The operation's description names the model ${match[0]}, which ${listed ? "the page's supported list" : "the enum"} (${allowed.join(", ")}) does not include.`,
        statements: [{ role: "schema", location: { page: unit.page.file, line: index + 1 }, says: `the operation description says: "${text.trim().replace(/^description:\s*/, "")}"` }],
        fix: {
          follows: `the page's supported list (${allowed.join(", ")})`,
          why: "The description of an operation should name only models the endpoint takes.",
          edits: defined([lineEdit(context, unit.page.file, index + 1, match[0], allowed.join(" or "))]),
        },
      });
    }
  });
  return drafts;
}

export function checkClaimsAgainstSchema(context: CheckContext): FindingDraft[] {
  const drafts: FindingDraft[] = [];
  const groups = new Map<string, Group>();
  const vocabulary = [
    ...new Set(
      context.pages.flatMap((unit) => [
        ...(unit.request.properties.get("model_id")?.enum ?? []).map(String),
        ...unit.claims.fields.filter((c) => c.field === "model_id" && c.aspect === "enum").flatMap((c) => (Array.isArray(c.value) ? c.value.map(String) : [])),
      ]),
    ),
  ];
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
            message: `The page documents "${claim.field}", which ${schemaNoun(unit)} does not define.`,
            statements: [
              { role: claim.origin, location: claim.location, says: `the page documents "${claim.field}"` },
              { role: "schema", location: request.at("properties"), says: `${schemaNoun(unit)} defines no property "${claim.field}"` },
            ],
            fix: {
              follows: `the page's parameter list (line ${claim.location.line})`,
              why: "A documented parameter belongs in the schema.",
              edits: defined([insertAfter(context, request.at("properties").page, request.at("properties").line, [`${indentOf(context.lines.get(request.at("properties").page)?.[request.at("properties").line - 1] ?? "")}  ${claim.field}:`, `${indentOf(context.lines.get(request.at("properties").page)?.[request.at("properties").line - 1] ?? "")}    type: string`])]),
            },
          });
        continue;
      }
      if (claim.aspect === "location" || claim.aspect === "required" || claim.aspect === "description" || !prop) continue;
      // A prose default outside the prose's own list of allowed values contradicts the page itself.
      if (claim.aspect === "default" && claim.origin === "prose") {
        const list = claims.fields.find((c) => c.field === claim.field && c.aspect === "enum" && c.origin === "prose" && c.location.line === claim.location.line);
        if (list && Array.isArray(list.value) && !list.value.some((v) => same(v, claim.value)))
          drafts.push({
            rule: "claim-vs-schema",
            severity: "error",
            endpoints: [unit.spec.endpoint],
            field: claim.field,
            aspect: "default-outside-list",
            message: `The page says ${claim.field} falls back to ${showValue(claim.value)}, which is not among the values it lists (${showValue(list.value)}).`,
            statements: [claimStatement(list), claimStatement(claim)],
            fix: { follows: `the page's list (${showValue(list.value)})`, why: "A fallback must be one of the values the page allows.", edits: claimEdits(context, claim, list.value[0]!) },
          });
        // A fallback for unsupported values is not a default of a required parameter.
        if (prop.required) {
          if (prop.enum && !prop.enum.some((v) => same(v, claim.value))) {
            const key = JSON.stringify([unit.spec.endpoint, claim.field, "enum"]);
            const group = groups.get(key) ?? { unit, field: claim.field, aspect: "enum" as const, claims: [] };
            group.claims.push(claim);
            groups.set(key, group);
          }
          continue;
        }
      }
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
          fix: {
            follows: `${schemaNoun(unit)} ("${prop.field}" is required)`,
            why: `${schemaPage(unit, prop)} holds the schema of ${unit.spec.endpoint}; a required parameter must be documented and sent by the examples.`,
            edits: [...documentParameter(context, unit, prop, prop.description), ...claims.examples.filter((e) => e.kind === "request").flatMap((example) => addToExample(context, example, prop))],
          },
        });
      }
    }
  }
  for (const group of groups.values()) {
    const draft = groupDraft(context, group);
    if (draft) drafts.push(draft);
  }
  for (const unit of context.pages) drafts.push(...modelMentions(context, unit, vocabulary));
  return drafts;
}

/** A value an example can send for a property: its first allowed value, its default, or a placeholder. */
export function sampleValue(prop: PropertyFacts): JsonValue {
  if (prop.enum?.[0] !== undefined) return prop.enum[0];
  if (prop.hasDefault) return prop.default ?? null;
  if (prop.types.includes("integer") || prop.types.includes("number")) return prop.minimum ?? 1;
  if (prop.types.includes("boolean")) return false;
  return "";
}

/** A line that adds the property to a JSON example, after its first property. */
export function addToExample(context: CheckContext, example: { location: { page: string; line: number }; fieldLines: Record<string, number> }, prop: PropertyFacts): PageEdit[] {
  const first = Math.min(...Object.values(example.fieldLines));
  if (!Number.isFinite(first) || first === example.location.line) return [];
  const text = context.lines.get(example.location.page)?.[first - 1] ?? "";
  return defined([insertAfter(context, example.location.page, first, [`${indentOf(text)}"${prop.field}":${JSON.stringify(sampleValue(prop))},`])]);
}

/** A row (or tag) for the property in the page's parameter list, after the list's first entry. */
export function documentParameter(context: CheckContext, unit: PageUnderCheck, prop: { field: string; types: JsonType[]; required?: boolean; default?: JsonValue }, description = `The ${prop.field.replace(/_/g, " ")}.`): PageEdit[] {
  const entries = unit.claims.fields.filter((c) => c.aspect === "documented" && c.origin !== "prose").sort((a, b) => a.location.line - b.location.line);
  const first = entries[0];
  if (!first) return [];
  const page = unit.page.file;
  if (first.origin === "param-field") {
    const last = entries[entries.length - 1]!;
    const lines = context.lines.get(page) ?? [];
    let close = last.location.line;
    while (close <= lines.length && !/<\/ParamField>/.test(lines[close - 1]!)) close++;
    const where = unit.claims.fields.find((c) => c.aspect === "location")?.value ?? "body";
    return defined([
      insertAfter(context, page, close, ["", `<ParamField ${where}="${prop.field}" type="${typeWords(prop.types, "param-field")}"${prop.default !== undefined ? ` default="${attributeValue(prop.default)}"` : ""}${prop.required ? " required" : ""}>`, `  ${description}`, "</ParamField>"]),
    ]);
  }
  const text = context.lines.get(page)?.[first.location.line - 1] ?? "";
  if (text.trim().startsWith("|")) {
    const title = prop.field.replace(/_/g, " ").replace(/^\w/, (c) => c.toUpperCase());
    return defined([insertAfter(context, page, entries[entries.length - 1]!.location.line, [`| ${title} | ${prop.field} | ${prop.required ? "Required. " : ""}${description} |`])]);
  }
  return defined([insertAfter(context, page, first.location.line, [`${prop.field}${description}${typeWords(prop.types, "table")}`])]);
}
