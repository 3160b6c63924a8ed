/**
 * Rule cross-endpoint: the same parameter on different endpoints. Type, required-ness and
 * location (query vs body) describe what a parameter is and are compared across all
 * endpoints; enum, default, minimum and maximum depend on the model, so they are compared
 * only between endpoints whose schemas accept a common model_id (v6 img2video and enterprise
 * img2video both take `svd`), or whose pages the manifest declares variants of one generation
 * (`variantOf`: enterprise image_to_video_ultra and v6 img2video_ultra). Each difference is one finding listing every endpoint's value.
 */
import type { JsonValue } from "../claims/claim.js";
import type { PropertyFacts } from "../specs/schema-facts.js";
import type { CheckContext, PageUnderCheck } from "./check-context.js";
import { showValue, type FindingDraft, type Statement } from "./finding.js";

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

const keywordOf = (aspect: Aspect) => (aspect === "required" ? "required" : aspect);

function describe(aspect: Aspect, value: JsonValue): string {
  if (aspect === "required") return value ? "required" : "optional";
  return `${aspect} ${showValue(value)}`;
}

/** Endpoints (one page each; pages sharing an endpoint share its spec) with a common model_id, or one a variant of the other (manifest `variantOf`). */
function shareModel(a: PageUnderCheck, b: PageUnderCheck): boolean {
  if (a.page.variantOf === b.page.file || b.page.variantOf === a.page.file) return true;
  const modelsOf = (unit: PageUnderCheck) => unit.request.properties.get("model_id")?.enum?.map(String) ?? [];
  const theirs = new Set(modelsOf(b));
  return modelsOf(a).some((model) => theirs.has(model));
}

function compare(units: PageUnderCheck[], field: string, aspect: Aspect): FindingDraft | undefined {
  const byValue = new Map<string, { value: JsonValue; units: PageUnderCheck[] }>();
  for (const unit of units) {
    const prop = unit.request.properties.get(field);
    const value = prop && valueOf(prop, aspect);
    if (value === undefined) continue;
    const key = JSON.stringify(value);
    byValue.set(key, { value, units: [...(byValue.get(key)?.units ?? []), unit] });
  }
  if (byValue.size < 2) return undefined;
  const involved = [...byValue.values()].flatMap((entry) => entry.units);
  const statements: Statement[] = involved.map((unit) => {
    const prop = unit.request.properties.get(field)!;
    return { role: "schema", location: prop.at(keywordOf(aspect)), says: `${unit.spec.endpoint}: ${describe(aspect, valueOf(prop, aspect)!)}` };
  });
  const parts = [...byValue.values()].map((entry) => `${describe(aspect, entry.value)} on ${entry.units.map((u) => u.spec.endpoint.replace(/^\w+ /, "")).join(", ")}`);
  return {
    rule: "cross-endpoint",
    severity: "warning",
    endpoints: involved.map((unit) => unit.spec.endpoint),
    field,
    aspect,
    message: `"${field}" differs between endpoints: ${parts.join("; ")}.`,
    statements,
  };
}

/** Parameters a page declares outside the body while the other endpoints, and often the page itself, say body. */
function locationDrafts(units: PageUnderCheck[]): FindingDraft[] {
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
        says: `declares ${all ? `all ${elsewhere.length} parameters` : elsewhere.map((p) => `"${p.field}"`).join(", ")} as ${where} parameters`,
      },
      ...own.map((claim): Statement => ({ role: "prose", location: claim.location, says: `the page says: "${claim.quote}"` })),
      ...bodyExamples.map((example): Statement => ({ role: "example", location: example.location, says: "the example sends the parameters as a JSON body" })),
      ...units
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
    });
  }
  return drafts;
}

export function checkAcrossEndpoints(context: CheckContext): FindingDraft[] {
  const units: PageUnderCheck[] = [];
  for (const unit of context.pages) if (!units.some((other) => other.spec.endpoint === unit.spec.endpoint)) units.push(unit);
  const fields = [...new Set(units.flatMap((unit) => [...unit.request.properties.keys()]))];
  const drafts: FindingDraft[] = [];
  for (const field of fields) {
    const having = units.filter((unit) => unit.request.properties.has(field));
    if (having.length < 2) continue;
    for (const aspect of ["type", "required"] as const) {
      const draft = compare(having, field, aspect);
      if (draft) drafts.push(draft);
    }
    // Model-dependent aspects: compare within each set of endpoints that share a model.
    const seen = new Set<string>();
    for (const unit of having) {
      const cluster = having.filter((other) => other === unit || shareModel(unit, other));
      const key = cluster.map((u) => u.spec.endpoint).sort().join("|");
      if (cluster.length < 2 || seen.has(key)) continue;
      seen.add(key);
      for (const aspect of MODEL_DEPENDENT) {
        const draft = compare(cluster, field, aspect);
        if (draft) drafts.push(draft);
      }
    }
  }
  return [...drafts, ...locationDrafts(units)];
}
