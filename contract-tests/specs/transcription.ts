/**
 * The project's hand-written specs transcribe pages that give no OpenAPI (the enterprise page's
 * <ParamField> tags, the v7 page's table and example). Each property cites its page line in
 * x-source. When the page changes (a corrected draft), the transcription goes stale: this module
 * compares every cited property with what the page says now, reports each difference as a
 * *transcription* finding (the spec file and line, and the page's new words), and gives the rules
 * a re-transcribed copy of the spec, so that checking a corrected page never reports the
 * correction as a contradiction in the docs.
 */
import type { FieldClaim, JsonObject, JsonType, JsonValue, PageClaims } from "../claims/claim.js";
import { showValue, type FindingDraft, type SpecEdit, type Statement } from "../rules/finding.js";
import { yamlValue } from "../rules/page-edits.js";
import type { PageSpec } from "./page-spec.js";
import { bodySchema, typesOf } from "./schema-facts.js";

export interface Transcription {
  /** The spec as the page reads now (a copy; the original is untouched). */
  spec: PageSpec;
  drafts: FindingDraft[];
}

const isObject = (value: unknown): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);
const same = (a: JsonValue | undefined, b: JsonValue | undefined): boolean => JSON.stringify(a) === JSON.stringify(b);
const normalized = (text: string): string => text.replace(/\s+/g, " ").trim();

function jsonTypeOf(value: JsonValue): JsonType {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value as JsonType;
}

/** Types as a set: "integer" is among "number"'s values, so [number] transcribes an integer example. */
function sameTypes(page: JsonType[], spec: JsonType[]): boolean {
  const a = [...new Set(page)].sort();
  const b = [...new Set(spec)].sort();
  if (same(a, b)) return true;
  return a.length === 1 && a[0] === "integer" && b.length === 1 && b[0] === "number";
}

type Aspect = "documented" | "line" | "type" | "enum" | "default" | "minimum" | "maximum" | "required" | "location" | "description";

interface Difference {
  aspect: Aspect;
  /** What the transcription says. */
  transcribed: string;
  /** What the page says now. */
  now: string;
  /** The page line that says it now. */
  line: number;
  /** The path below the property in the spec (for the file line), e.g. ["default"]. */
  specPath: (string | number)[];
}

/** The property as the page's claims say it now, on top of the transcribed one. */
function retranscribed(property: JsonObject, claims: FieldClaim[], differences: Difference[]): JsonObject {
  const next: JsonObject = { ...property };
  for (const difference of differences) {
    const claim = claims.find((c) => c.aspect === difference.aspect);
    switch (difference.aspect) {
      case "type": {
        const types = (claim?.value as JsonType[] | undefined) ?? [];
        delete next.oneOf;
        delete next.anyOf;
        next.type = types.length === 1 ? types[0]! : types;
        break;
      }
      case "enum":
      case "default":
      case "minimum":
      case "maximum":
        if (claim) next[difference.aspect] = claim.value;
        else delete next[difference.aspect];
        break;
      case "description":
        if (claim) next.description = claim.value;
        break;
      default:
        break;
    }
  }
  const location = claims.find((c) => c.aspect === "location");
  const documented = claims.find((c) => c.aspect === "documented");
  if (documented) {
    const source = isObject(property["x-source"]) ? property["x-source"] : {};
    next["x-source"] = { ...source, line: documented.location.line, ...(location && location.value !== "body" ? { declaredIn: location.value } : {}) };
    if (location?.value === "body" && isObject(next["x-source"])) delete (next["x-source"] as JsonObject).declaredIn;
  }
  return next;
}

/**
 * @param snapshot the page as the spec was transcribed from (openapi/upstream), to tell a
 *   description copied word for word (checked) from one paraphrased (not checked).
 */
export function transcribe(spec: PageSpec, claims: PageClaims, snapshot: PageClaims): Transcription {
  const body = bodySchema(spec, "request");
  const source = spec.source;
  if (!body?.pointer?.startsWith("#/components/schemas/") || !source) return { spec, drafts: [] };
  const schemaPath = body.pointer.slice(2).split("/");
  const page = spec.page.file;
  const properties = isObject(body.schema.properties) ? body.schema.properties : {};
  const required = new Set(Array.isArray(body.schema.required) ? body.schema.required.map(String) : []);
  const claimsOf = (field: string, from: PageClaims = claims) => from.fields.filter((c) => c.field === field && c.origin !== "prose");
  const listed = (from: PageClaims) => [...new Set(from.fields.filter((c) => c.aspect === "documented" && c.origin !== "prose").map((c) => c.field))];
  const statesRequired = claims.fields.some((c) => c.aspect === "required");
  const example = claims.examples.find((e) => e.kind === "request");
  const typesFromPage = !claims.fields.some((c) => c.aspect === "type");
  const drafts: FindingDraft[] = [];
  const nextProperties: JsonObject = {};
  const nextRequired = new Set(required);
  const specLine = (path: (string | number)[]) => source.lineOf([...schemaPath, ...path]);

  // The spec line a scalar keyword difference changes (type, default, minimum, maximum, a one-line
  // description): before → after, indented as the file writes it; a keyword the spec lacks goes
  // below the property's key, one the page dropped is removed.
  const specEditsOf = (field: string, differences: Difference[], next: JsonObject | undefined): SpecEdit[] =>
    differences.flatMap((d): SpecEdit[] => {
      const keyword = d.specPath[2];
      if (!next || typeof keyword !== "string" || !["type", "default", "minimum", "maximum", "description"].includes(keyword)) return [];
      const value = next[keyword];
      if (keyword === "type" && Array.isArray(value)) return [];
      const propertyLine = specLine(["properties", field]);
      const line = specLine(d.specPath);
      const text = source.lines[line - 1] ?? "";
      const present = line !== propertyLine && new RegExp(`^\\s*${keyword}:`).test(text);
      if (keyword === "description" && present && /:\s*[>|]/.test(text)) return [];
      const indent = present ? text.match(/^\s*/)![0] : `${(source.lines[propertyLine - 1] ?? "").match(/^\s*/)![0]}  `;
      const written = value === undefined ? "" : `${indent}${keyword}: ${yamlValue(value)}`;
      if (present) return [{ file: source.file, line, before: text, after: written }];
      return value === undefined ? [] : [{ file: source.file, line: propertyLine, before: source.lines[propertyLine - 1] ?? "", after: `${source.lines[propertyLine - 1] ?? ""}\n${written}` }];
    });

  const report = (field: string, differences: Difference[], cited: number, next?: JsonObject) => {
    const specEdits = specEditsOf(field, differences, next);
    const statements: Statement[] = differences.flatMap((d): Statement[] => [
      { role: "spec", location: { page, line: cited, spec: { file: source.file, line: specLine(d.specPath) } }, says: `transcribes ${d.aspect === "documented" ? `"${field}"` : d.aspect}: ${d.transcribed}` },
      { role: claims.fields.find((c) => c.field === field && c.aspect === "documented")?.origin ?? "table", location: { page, line: d.line }, says: `the page now says: ${d.now}` },
    ]);
    const first = differences[0]!;
    drafts.push({
      rule: "transcription",
      kind: "transcription",
      severity: "error",
      endpoints: [spec.endpoint],
      field,
      aspect: differences.map((d) => d.aspect).join(", "),
      cause: JSON.stringify(["transcription", source.file, field]),
      message: `The project's transcription of ${page} (${source.file}:${specLine(first.specPath)}) no longer matches the page for "${field}": ${differences
        .map((d) => `${d.aspect} ${d.transcribed} → ${d.now} (line ${d.line})`)
        .join("; ")}. Update ${source.file} to what the page says now.`,
      statements,
      ...(specEdits.length > 0 ? { specEdits } : {}),
    });
  };

  for (const [field, raw] of Object.entries(properties)) {
    if (!isObject(raw)) continue;
    const cited = isObject(raw["x-source"]) && raw["x-source"].page === page && typeof raw["x-source"].line === "number" ? raw["x-source"].line : undefined;
    const wasListed = cited !== undefined && snapshot.fields.some((c) => c.field === field && c.aspect === "documented" && c.origin !== "prose" && c.location.line === cited);
    if (cited === undefined || !wasListed) {
      nextProperties[field] = raw;
      continue;
    }
    const now = claimsOf(field);
    const documented = now.find((c) => c.aspect === "documented");
    if (!documented) {
      report(field, [{ aspect: "documented", transcribed: `line ${cited}`, now: `no parameter "${field}"`, line: cited, specPath: ["properties", field] }], cited);
      nextRequired.delete(field);
      continue;
    }
    const at = documented.location.line;
    const differences: Difference[] = [];
    // What the tag (or row) says, else what the tag's own text says (a <ParamField> states limits in words too).
    const value = (aspect: FieldClaim["aspect"]) => now.find((c) => c.aspect === aspect && c.location.line === at) ?? now.find((c) => c.aspect === aspect && c.origin === "param-field");
    if (at !== cited) differences.push({ aspect: "line", transcribed: `line ${cited}`, now: `line ${at}`, line: at, specPath: ["properties", field, "x-source"] });
    const types = typesOf(raw);
    const typeClaim = value("type");
    const exampleValue = typesFromPage && example && field in example.body ? example.body[field] : undefined;
    const pageTypes: JsonType[] | undefined = typeClaim ? (typeClaim.value as JsonType[]) : exampleValue !== undefined ? [jsonTypeOf(exampleValue)] : undefined;
    if (pageTypes && types.length > 0 && !(typeClaim ? sameTypes(pageTypes, types) && same([...new Set(pageTypes)].sort(), [...new Set(types)].sort()) : sameTypes(pageTypes, types)))
      differences.push({ aspect: "type", transcribed: showValue(types), now: `${showValue(pageTypes)}${typeClaim ? "" : " (the example's value)"}`, line: typeClaim ? at : example!.fieldLines[field] ?? example!.location.line, specPath: ["properties", field, "type"] });
    for (const aspect of ["enum", "default", "minimum", "maximum"] as const) {
      const claim = value(aspect);
      const transcribed = raw[aspect];
      if (same(claim?.value, transcribed)) continue;
      if (claim === undefined && transcribed === undefined) continue;
      differences.push({ aspect, transcribed: transcribed === undefined ? "none" : showValue(transcribed), now: claim ? `"${claim.quote}"` : `no ${aspect}`, line: at, specPath: ["properties", field, aspect] });
    }
    const location = value("location");
    const declared = isObject(raw["x-source"]) && raw["x-source"].declaredIn === "query" ? "query" : "body";
    if (location && location.value !== declared) differences.push({ aspect: "location", transcribed: `declaredIn ${declared}`, now: `"${location.quote}"`, line: at, specPath: ["properties", field, "x-source"] });
    if (statesRequired) {
      const marked = now.some((c) => c.aspect === "required");
      if (marked !== required.has(field))
        differences.push({ aspect: "required", transcribed: required.has(field) ? "required" : "optional", now: marked ? "required" : "not marked required", line: at, specPath: required.has(field) ? ["required", [...required].indexOf(field)] : ["required"] });
      if (marked) nextRequired.add(field);
      else nextRequired.delete(field);
    }
    const description = now.find((c) => c.aspect === "description");
    const before = snapshot.fields.find((c) => c.field === field && c.aspect === "description");
    if (typeof raw.description === "string" && description && before && normalized(String(before.value)) === normalized(raw.description) && normalized(String(description.value)) !== normalized(raw.description))
      differences.push({ aspect: "description", transcribed: JSON.stringify(normalized(raw.description)), now: JSON.stringify(normalized(String(description.value))), line: description.location.line, specPath: ["properties", field, "description"] });
    if (typeClaim === undefined && exampleValue !== undefined && differences.some((d) => d.aspect === "type")) now.push({ field, aspect: "type", value: [jsonTypeOf(exampleValue)], quote: "", origin: "table", location: documented.location });
    nextProperties[field] = differences.length > 0 ? retranscribed(raw, now, differences) : raw;
    if (differences.length > 0) report(field, differences, cited, nextProperties[field] as JsonObject);
  }
  // Parameters the page lists now that the transcription lacks.
  const before = new Set(listed(snapshot));
  for (const field of listed(claims)) {
    if (field in properties || before.has(field)) continue;
    const now = claimsOf(field);
    const documented = now.find((c) => c.aspect === "documented")!;
    const types = now.find((c) => c.aspect === "type")?.value as JsonType[] | undefined;
    const base: JsonObject = { ...(types ? { type: types.length === 1 ? types[0]! : types } : {}), "x-source": { page, line: documented.location.line } };
    nextProperties[field] = retranscribed(base, now, (["enum", "default", "minimum", "maximum", "description"] as const).filter((aspect) => now.some((c) => c.aspect === aspect)).map((aspect) => ({ aspect, transcribed: "", now: "", line: 0, specPath: [] })));
    if (now.some((c) => c.aspect === "required")) nextRequired.add(field);
    report(field, [{ aspect: "documented", transcribed: "no such property", now: `"${documented.quote.slice(0, 80)}"`, line: documented.location.line, specPath: ["properties"] }], documented.location.line);
  }
  if (drafts.length === 0) return { spec, drafts };
  // The re-transcribed copy: the request schema replaced, everything else shared.
  const document = structuredClone(spec.document);
  let holder: JsonValue = document;
  for (const part of schemaPath) holder = isObject(holder) ? holder[part]! : null;
  if (isObject(holder)) {
    holder.properties = nextProperties;
    holder.required = [...nextRequired];
  }
  const operation = ((document.paths as JsonObject)[spec.path] as JsonObject)[spec.method] as JsonObject;
  return { spec: { ...spec, document, operation }, drafts };
}
