/**
 * Rule prose-fallback: the words say what a field falls back to ("Any other models passed will
 * be ignored and defaulted to `wan2.2`"), but the schema gives the field no such default — on
 * v6 img2video, `model_id` is required and has none. The words promise a value in effect when
 * the caller's is not usable; the schema says there is none and refuses a request without one.
 *
 * One statement (copied into both v6 summaries) is one cause: the finding is about the field and
 * the value it falls back to, listing every page whose schema lacks that default (so a fix that
 * removes the default elsewhere adds a place to this finding instead of a new finding).
 *
 * Nothing in the docs says which side is right (no answer of the API, no overlay action changed
 * the field's default or required-ness), so the finding offers both options: the schema takes the
 * words (the default, no longer required, the page's list as its enum), or the words go.
 */
import type { FieldClaim } from "../claims/claim.js";
import { schemaNoun, type CheckContext, type PageUnderCheck } from "./check-context.js";
import { schemaEdits } from "./claim-vs-schema.js";
import { showValue, type FindingDraft, type PageEdit } from "./finding.js";
import { defined, lineEdit, removeLine } from "./page-edits.js";

/** The sentence of `line` that holds `quote` (from the sentence before it ends to the line's end). */
function sentenceOf(line: string, quote: string): string | undefined {
  const at = line.indexOf(quote);
  if (at < 0) return undefined;
  const start = line.lastIndexOf(". ", at) + 1;
  const end = line.indexOf(". ", at + quote.length);
  return line.slice(start, end < 0 ? line.length : end + 1);
}

/** Edits that make the field no longer required (the required list's item, or the tag's attribute). */
function notRequired(context: CheckContext, unit: PageUnderCheck, field: string): PageEdit[] {
  const at = unit.request.properties.get(field)!.at("required");
  const text = context.lines.get(at.page)?.[at.line - 1] ?? "";
  if (unit.spec.source) return defined([lineEdit(context, at.page, at.line, " required", "")]);
  return new RegExp(`^\\s*-\\s+${field.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*$`).test(text) ? defined([removeLine(context, at.page, at.line)]) : [];
}

export function checkProseFallbacks(context: CheckContext): FindingDraft[] {
  const drafts: FindingDraft[] = [];
  const seen = new Set<string>();
  for (const unit of context.pages) {
    for (const claim of unit.claims.fields.filter((c): c is FieldClaim => c.aspect === "default" && c.origin === "prose")) {
      const prop = unit.request.properties.get(claim.field);
      if (!prop || !prop.required || (prop.hasDefault && JSON.stringify(prop.default) === JSON.stringify(claim.value))) continue;
      const key = JSON.stringify([unit.spec.endpoint, claim.field, claim.location.page, claim.location.line]);
      if (seen.has(key)) continue;
      seen.add(key);
      const value = showValue(claim.value);
      const noun = schemaNoun(unit);
      const schemaSays = prop.hasDefault ? `requires ${claim.field} and gives it the default ${showValue(prop.default ?? null)}` : `requires ${claim.field} and gives it no default`;
      const list = unit.claims.fields.find((c) => c.field === claim.field && c.aspect === "enum" && c.origin === "prose" && c.location.line === claim.location.line);
      const enumEdits = list && Array.isArray(list.value) && prop.enum && JSON.stringify(prop.enum) !== JSON.stringify(list.value) ? schemaEdits(context, unit, prop, "enum", list.value) : [];
      const takesWords = [...schemaEdits(context, unit, prop, "default", claim.value), ...notRequired(context, unit, claim.field), ...enumEdits];
      const line = context.lines.get(claim.location.page)?.[claim.location.line - 1] ?? "";
      const sentence = sentenceOf(line, claim.quote);
      // The fallback's sentence goes, with the space before it (the sentences before it stay).
      const dropsWords = sentence?.startsWith(" ") ? defined([lineEdit(context, claim.location.page, claim.location.line, sentence, "")]) : [];
      drafts.push({
        rule: "prose-fallback",
        severity: "warning",
        endpoints: [unit.spec.endpoint],
        field: claim.field,
        aspect: "fallback",
        cause: JSON.stringify(["prose-fallback", claim.field, claim.value]),
        message: `The docs say ${claim.field} falls back to ${value} ("${claim.quote}"), but ${noun} ${schemaSays}.`,
        statements: [
          { role: "prose", location: claim.location, says: `says other values fall back to ${value}` },
          { role: "schema", location: prop.at("required"), says: `"${claim.field}" is required` },
          { role: "schema", location: prop.hasDefault ? prop.at("default") : prop.at("type"), says: prop.hasDefault ? `default: ${showValue(prop.default ?? null)}` : `"${claim.field}" has no default` },
        ],
        ...(takesWords.length > 0 && dropsWords.length > 0
          ? {
              options: [
                {
                  follows: `the words (${claim.field} falls back to ${value})`,
                  why: `A value the API uses in place of the caller's is the field's default; a field with a default may be omitted, so it is not required (as openapi/overlays/model-ids.overlay.yaml decided for img2video_ultra's model_id, which keeps its default wan2.2).`,
                  edits: takesWords,
                  changes: `${claim.field} gets the default ${value} and may be omitted${enumEdits.length > 0 ? `; its enum becomes the page's list (${showValue(list!.value)})` : ""}; a request without it is no longer refused by a validator of the document`,
                },
                {
                  follows: `${noun} (${claim.field} is required, with no default)`,
                  why: `The schema refuses a request without ${claim.field}; the client requires it too, so a billed call never runs a model the caller did not choose.`,
                  edits: dropsWords,
                  changes: `the page no longer says what the API does with an unsupported ${claim.field}; if it does fall back to ${value}, callers lose that`,
                },
              ],
            }
          : {}),
      });
    }
  }
  return drafts;
}
