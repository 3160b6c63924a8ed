/**
 * Rule type-words: a parameter's words contradict its declared type — the text says to pass
 * null ("Pass null for random.", "Default: null.") where the type does not allow null, as on the
 * enterprise ultra page's integer `seed`. The words tell callers to send what the schema refuses.
 * The fix follows the words (and the other pages of the same parameter that type it "Integer or
 * null"): the type allows null.
 */
import { schemaNoun, type CheckContext } from "./check-context.js";
import type { FindingDraft } from "./finding.js";
import { defined, lineEdit, typeWords } from "./page-edits.js";

const SAYS_NULL = /\b(pass|send|use|set(?: it)? to)\s+null\b|\bdefault(?:s| is)?:?\s+null\b/i;

export function checkTypeWords(context: CheckContext): FindingDraft[] {
  const drafts: FindingDraft[] = [];
  for (const unit of context.pages) {
    for (const prop of unit.request.properties.values()) {
      if (prop.types.length === 0 || prop.types.includes("null")) continue;
      const claim = unit.claims.fields.find((c) => c.field === prop.field && c.aspect === "description" && SAYS_NULL.test(String(c.value)));
      const words = claim ? String(claim.value) : prop.description;
      const said = words?.match(SAYS_NULL)?.[0];
      if (!words || !said) continue;
      const where = claim ? { role: claim.origin, location: claim.location } : { role: "schema" as const, location: prop.at("description") };
      const typeAt = prop.at("type");
      const typeLine = context.lines.get(typeAt.page)?.[typeAt.line - 1] ?? "";
      const style = /type="[^"]*"/.test(typeLine) ? "param-field" : undefined;
      const declared = typeWords(prop.types, "param-field");
      const edits = style ? defined([lineEdit(context, typeAt.page, typeAt.line, ` type="${declared}"`, ` type="${typeWords([...prop.types, "null"], "param-field")}"`)]) : [];
      drafts.push({
        rule: "type-words",
        severity: "warning",
        endpoints: [unit.spec.endpoint],
        field: prop.field,
        aspect: "type",
        message: `The words of "${prop.field}" say "${said}", but its type is ${declared}, which does not allow null.`,
        statements: [
          { ...where, says: `says "${said}"` },
          { role: style ? "param-field" : "schema", location: typeAt, says: `types "${prop.field}" as ${declared}` },
        ],
        ...(edits.length > 0
          ? {
              fix: {
                follows: `the words ("${said}")`,
                why: `${schemaNoun(unit)} is read from the type; the words tell callers to send null, so the type must allow it, as "Integer or null" does where other pages type the same parameter.`,
                edits,
              },
            }
          : {}),
      });
    }
  }
  return drafts;
}
