/**
 * `<ParamField>` tags of Markdown pages:
 *
 *   <ParamField query="num_frames" type="integer" min="1" max="25" default="16">
 *     The number of frames in the generated video. Default: 16, Maximum: 25.
 *   </ParamField>
 *
 * The attributes give the location (query, body, path, header), type, required, enum, min,
 * max and default; the text inside may state limits again in words, which count as claims too.
 */
import type { FieldClaim, JsonType, JsonValue, SourceLocation } from "./claim.js";
import { limitPhrases } from "./limit-phrases.js";

const LOCATIONS = ["query", "body", "path", "header"] as const;

function decodeEntities(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}

function attributes(tag: string): Map<string, string | true> {
  const attrs = new Map<string, string | true>();
  for (const match of tag.matchAll(/([\w-]+)(?:="([^"]*)")?/g)) attrs.set(match[1]!, match[2] === undefined ? true : decodeEntities(match[2]));
  attrs.delete("ParamField");
  return attrs;
}

/** `type="integer"`, or a union written `type="string | null"`. */
function typeList(type: string): JsonType[] {
  return type.split(/\s*\|\s*|\s+or\s+/).map((part) => part.trim() as JsonType);
}

/** A default or limit attribute, read with the parameter's declared type. */
function typedValue(raw: string, type: string | undefined): JsonValue {
  const types = type ? typeList(type) : [];
  if (raw === "null" && types.includes("null")) return null;
  if (types.includes("integer") || types.includes("number")) return Number(raw);
  if (types.includes("boolean")) return raw === "true";
  return raw;
}

export function paramFieldClaims(pageText: string, page: string): { claims: FieldClaim[]; lists: SourceLocation[] } {
  const lines = pageText.split(/\r?\n/);
  const claims: FieldClaim[] = [];
  const lists: SourceLocation[] = [];
  lines.forEach((line, index) => {
    const open = line.match(/<ParamField\b[^>]*>/);
    if (!open) return;
    const location = { page, line: index + 1 };
    if (lists.length === 0) lists.push(location);
    const attrs = attributes(open[0]);
    const where = LOCATIONS.find((name) => typeof attrs.get(name) === "string");
    if (!where) return;
    const field = attrs.get(where) as string;
    const quote = open[0];
    const type = typeof attrs.get("type") === "string" ? (attrs.get("type") as string) : undefined;
    const add = (claim: Omit<FieldClaim, "field" | "origin" | "location">) => claims.push({ field, origin: "param-field", location, ...claim });
    add({ aspect: "documented", value: true, quote });
    add({ aspect: "location", value: where, quote: `${where}="${field}"` });
    if (type) add({ aspect: "type", value: typeList(type), quote: `type="${type}"` });
    if (attrs.get("required") === true) add({ aspect: "required", value: true, quote: "required" });
    const enumText = attrs.get("enum");
    if (typeof enumText === "string") {
      try {
        const values = JSON.parse(enumText) as JsonValue;
        if (Array.isArray(values)) add({ aspect: "enum", value: values, quote: `enum="${enumText}"` });
      } catch {
        // an enum attribute that is not a JSON list states nothing checkable
      }
    }
    for (const [attr, aspect] of [["min", "minimum"], ["max", "maximum"], ["default", "default"]] as const) {
      const raw = attrs.get(attr);
      if (typeof raw === "string") add({ aspect, value: typedValue(raw, type), quote: `${attr}="${raw}"` });
    }
    const body: string[] = [];
    for (let bodyIndex = index + 1; bodyIndex < lines.length && !/<\/ParamField>/.test(lines[bodyIndex]!); bodyIndex++) {
      body.push(lines[bodyIndex]!.trim());
      for (const phrase of limitPhrases(lines[bodyIndex]!))
        claims.push({ field, aspect: phrase.aspect, value: phrase.value, quote: phrase.quote, origin: "param-field", location: { page, line: bodyIndex + 1 } });
    }
    if (body.length > 0) add({ aspect: "description", value: body.join(" ").trim(), quote: body.join(" ").trim() });
  });
  return { claims, lists };
}
