/**
 * Rule variant-params: an endpoint the manifest declares a variant of another (`variantOf`: the
 * same generation on another server) lacks parameters its sibling takes, or takes ones it lacks.
 * Nothing in the docs says whether the variant's server takes them, so the finding offers both
 * options: the variant documents them as its sibling does, or it says it does not take them; but
 * where the sibling requires one that the variant's own example leaves out, only the second holds.
 */
import type { CheckContext, PageUnderCheck } from "./check-context.js";
import type { FindingDraft, PageEdit } from "./finding.js";
import { attributeValue, defined, insertAfter, typeWords } from "./page-edits.js";

const endpointPath = (unit: PageUnderCheck) => unit.spec.endpoint.replace(/^\w+ /, "");

/** The last line of the page's <ParamField> list (its last closing tag). */
function lastParamFieldEnd(context: CheckContext, page: string): number | undefined {
  const lines = context.lines.get(page) ?? [];
  for (let index = lines.length - 1; index >= 0; index--) if (lines[index]!.trim() === "</ParamField>") return index + 1;
  return undefined;
}

export function checkVariantParameters(context: CheckContext): FindingDraft[] {
  const drafts: FindingDraft[] = [];
  const seen = new Set<string>();
  for (const variant of context.pages.filter((unit) => unit.page.variantOf)) {
    const sibling = context.pages.find((unit) => unit.page.file === variant.page.variantOf);
    if (!sibling || seen.has(variant.spec.endpoint)) continue;
    seen.add(variant.spec.endpoint);
    // "… takes no model_id, base64 …" on the variant page settles those.
    const statedAbsent = new Set((context.lines.get(variant.page.file) ?? []).flatMap((line) => line.match(/\btakes no ([\w, ]+)/)?.[1]?.split(/,\s*|\s+and\s+/).map((name) => name.replace(/^no\s+/, "")) ?? []));
    const missing = [...sibling.request.properties.keys()].filter((field) => !variant.request.properties.has(field) && !statedAbsent.has(field));
    if (missing.length === 0) continue;
    const end = lastParamFieldEnd(context, variant.page.file);
    const tagsAdded = missing.flatMap((field) => {
      const prop = sibling.request.properties.get(field)!;
      const attributes = [
        `query="${field}"`,
        `type="${typeWords(prop.types, "param-field")}"`,
        ...(prop.enum ? [`enum="${attributeValue(prop.enum)}"`] : []),
        ...(prop.hasDefault && prop.default !== null ? [`default="${attributeValue(prop.default!)}"`] : []),
        // Required where the sibling requires it, or the endpoints would then disagree on it.
        ...(prop.required ? ["required"] : []),
      ];
      return ["", `<ParamField ${attributes.join(" ")}>`, `  ${prop.description ?? `As on ${endpointPath(sibling)}.`}`, "</ParamField>"];
    });
    const names = missing.map((field) => `"${field}"`).join(", ");
    const examples = context.pages.filter((unit) => unit.spec.endpoint === variant.spec.endpoint).flatMap((unit) => unit.claims.examples.filter((e) => e.kind === "request"));
    const unsendable = missing.flatMap((field) => {
      const example = sibling.request.properties.get(field)!.required ? examples.find((e) => !(field in e.body)) : undefined;
      return example ? [{ field, example }] : [];
    });
    const documents: PageEdit[] = end ? defined([insertAfter(context, variant.page.file, end, tagsAdded)]) : [];
    const statesNot: PageEdit[] = end ? defined([insertAfter(context, variant.page.file, end, ["", `${endpointPath(variant)} takes no ${missing.join(", ")}, unlike ${endpointPath(sibling)}.`])]) : [];
    drafts.push({
      rule: "variant-params",
      severity: "warning",
      endpoints: [variant.spec.endpoint, sibling.spec.endpoint],
      field: missing.join(", "),
      aspect: "parameters",
      cause: JSON.stringify(["variant-params", variant.spec.endpoint, sibling.spec.endpoint]),
      message: `${endpointPath(variant)}, a variant of ${endpointPath(sibling)}, documents none of ${names}, which ${endpointPath(sibling)} takes.`,
      statements: [
        ...missing.map((field) => ({ role: "schema" as const, location: sibling.request.properties.get(field)!.at("type"), says: `${endpointPath(sibling)} takes "${field}"` })),
        { role: "param-field" as const, location: variant.claims.parameterList ?? { page: variant.page.file, line: 1 }, says: `${endpointPath(variant)} lists no ${names}` },
      ],
      ...(documents.length > 0 && statesNot.length > 0 && unsendable.length > 0
        ? {
            // Documenting a parameter the sibling requires, on a variant whose own example calls it without
            // that parameter, cannot hold: required, it refuses the calls made as the example shows (the
            // project's client makes one); optional, the endpoints then disagree on its required-ness.
            fix: {
              follows: `the variant's own list and example: it says it takes no ${names}`,
              why:
                `${variant.page.file} lists its parameters without ${names}, and its example (${unsendable[0]!.example.location.page} line ${unsendable[0]!.example.location.line}) calls ${endpointPath(variant)} without ${unsendable.map((u) => `"${u.field}"`).join(", ")}, which ${endpointPath(sibling)} requires. ` +
                `Only this side is offered: documenting ${unsendable.map((u) => `"${u.field}"`).join(", ")} as the sibling does (required) would refuse the calls made as that example shows, and documenting ${unsendable.length === 1 ? "it" : "them"} optional would open a required-ness difference with the other endpoints.`,
              edits: statesNot,
              changes: `nothing about the sibling; callers learn not to send ${names} to ${endpointPath(variant)}`,
            },
          }
        : {}),
      ...(documents.length > 0 && statesNot.length > 0 && unsendable.length === 0
        ? {
            options: [
              {
                follows: `${endpointPath(sibling)}: the variant documents ${names} as its sibling does`,
                why: `The manifest declares ${variant.page.file} a variant of ${sibling.page.file} (the same generation on another server), whose schema takes ${names}.`,
                edits: documents,
                changes: `callers of ${endpointPath(variant)} may then send ${names}${missing.some((field) => sibling.request.properties.get(field)!.required) ? ` (${missing.filter((field) => sibling.request.properties.get(field)!.required).map((field) => `"${field}"`).join(", ")} required, as on ${endpointPath(sibling)}: a call without ${missing.filter((field) => sibling.request.properties.get(field)!.required).length === 1 ? "it" : "them"} is then documented as refused)` : ""}; if its server ignores or refuses them, the docs say so wrongly`,
              },
              {
                follows: `the variant's own list: it says it takes no ${names}`,
                why: `${variant.page.file} lists its parameters and ${names} is not among them.`,
                edits: statesNot,
                changes: `nothing about the sibling; callers learn not to send ${names} to ${endpointPath(variant)}`,
              },
            ],
          }
        : {}),
    });
  }
  return drafts;
}
