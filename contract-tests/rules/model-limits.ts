/**
 * Rule model-limits: a limit the words state for one model ("**wan2.2**: Maximum resolution is
 * **720p**") on an endpoint that takes other models too (img2video_ultra also takes ltx-2.3),
 * which the page states nothing about: a caller of the other model cannot tell whether the limit
 * binds it. Naming the other model with no limit ("**ltx-2.3**: no maximum resolution") states it;
 * a limit the page states for no model, or its schema's own, is every model's.
 *
 * Nothing in the docs says which is meant, so the finding offers both options: the limit is
 * every model's (the statement without the model), or it is that model's alone (the page says the
 * others have none).
 */
import type { FieldClaim } from "../claims/claim.js";
import type { CheckContext, PageUnderCheck } from "./check-context.js";
import { showValue, type FindingDraft } from "./finding.js";
import { defined, lineEdit } from "./page-edits.js";

const ASPECT_WORDS: Record<string, string> = { maximum: "maximum", minimum: "minimum", default: "default" };
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The models the endpoint takes: its page's list in words, else its schema's enum. */
function modelsOf(unit: PageUnderCheck): string[] {
  const listed = unit.claims.fields.find((c) => c.field === "model_id" && c.aspect === "enum" && c.origin === "prose" && Array.isArray(c.value) && c.value.length > 1);
  return ((listed?.value as string[] | undefined) ?? unit.request.properties.get("model_id")?.enum ?? []).map(String);
}

export function checkModelLimits(context: CheckContext): FindingDraft[] {
  const drafts: FindingDraft[] = [];
  const seen = new Set<string>();
  for (const unit of context.pages) {
    const models = modelsOf(unit);
    if (models.length < 2) continue;
    const lines = context.lines.get(unit.page.file) ?? [];
    const conditional = unit.claims.fields.filter((c): c is FieldClaim & { condition: string } => typeof c.condition === "string" && c.condition.startsWith("model_id ") && c.location.page === unit.page.file);
    const groups = new Map<string, (FieldClaim & { condition: string })[]>();
    for (const claim of conditional) groups.set(JSON.stringify([claim.field, claim.aspect]), [...(groups.get(JSON.stringify([claim.field, claim.aspect])) ?? []), claim]);
    for (const [key, claims] of groups) {
      const [field, aspect] = JSON.parse(key) as [string, string];
      const words = ASPECT_WORDS[aspect] ?? aspect;
      // An unconditional statement of the same limit on the page, or the schema's own, covers every model.
      if (unit.claims.fields.some((c) => c.field === field && c.aspect === aspect && !c.condition && c.location.page === unit.page.file && c.origin === "prose")) continue;
      const prop = unit.request.properties.get(field);
      if (prop && ((aspect === "maximum" && prop.maximum !== undefined) || (aspect === "minimum" && prop.minimum !== undefined) || (aspect === "default" && prop.hasDefault))) continue;
      const stated = new Set(claims.map((c) => c.condition.slice("model_id ".length)));
      const statesNone = (model: string) => lines.some((text) => new RegExp(`\\*\\*${escape(model)}\\*\\*:\\s*no\\s+${words}\\s+${escape(field)}\\b`, "i").test(text));
      const unstated = models.filter((model) => !stated.has(model) && !statesNone(model));
      if (unstated.length === 0) continue;
      const dedupe = JSON.stringify([unit.spec.endpoint, unit.page.file, field, aspect]);
      if (seen.has(dedupe)) continue;
      seen.add(dedupe);
      const first = claims[0]!;
      const line = lines[first.location.line - 1] ?? "";
      const model = first.condition.slice("model_id ".length);
      // The statement as the line writes it (after its list bullet), which its source writes too.
      const statement = line.trim().replace(/^[-*]\s+/, "");
      const canEdit = statement.startsWith(`**${model}**: `);
      // Every model's: the statement without the model. The model's alone: the others named with none.
      const everyModel = defined([lineEdit(context, unit.page.file, first.location.line, `**${model}**: `, "")]);
      const modelsAlone = defined([lineEdit(context, unit.page.file, first.location.line, statement, `${statement} (${unstated.map((other) => `**${other}**: no ${words} ${field}`).join("; ")})`)]);
      const statedList = claims.map((c) => `${showValue(c.value)} for ${c.condition.slice("model_id ".length)}`).join(", ");
      drafts.push({
        rule: "model-limits",
        severity: "warning",
        endpoints: [unit.spec.endpoint],
        field,
        aspect: `model-${aspect}`,
        cause: JSON.stringify(["model-limits", unit.spec.endpoint, unit.page.file, field, aspect]),
        message: `${unit.page.file} states the ${words} of ${field} for one model (${statedList}), but ${unit.spec.endpoint} also takes ${unstated.join(", ")} (${models.join(", ")}), for which it states none.`,
        statements: [
          ...claims.map((c) => ({ role: "prose" as const, location: c.location, says: `says ${field}'s ${words} is ${showValue(c.value)} for ${c.condition.slice("model_id ".length)}` })),
        ],
        ...(canEdit && everyModel.length > 0 && modelsAlone.length > 0
          ? {
              options: [
                {
                  follows: `the stated limit is every model's (${statedList})`,
                  why: `The page states one ${words} and no model's other; the limit may be the endpoint's, written for the model the page shows first.`,
                  edits: everyModel,
                  changes: `${unstated.join(", ")} callers are told the same ${words}, which no page states for ${unstated.length === 1 ? "it" : "them"} today; if ${unstated.length === 1 ? "it takes" : "they take"} more, the docs hold them back`,
                },
                {
                  follows: `the stated limit is ${model}'s alone`,
                  why: `The page names the model the limit is for; the other models it takes are not named with one.`,
                  edits: modelsAlone,
                  changes: `the page says ${unstated.join(", ")} ${unstated.length === 1 ? "has" : "have"} no ${words} ${field}; if ${unstated.length === 1 ? "it has" : "they have"} one, the docs say so wrongly`,
                },
              ],
            }
          : {}),
      });
    }
  }
  return drafts;
}
