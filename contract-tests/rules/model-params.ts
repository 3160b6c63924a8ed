/**
 * Rule model-params: an endpoint documents parameters of a model family it does not serve — v6
 * img2video serves wan2.2 and ltx-2.3 (its page's words, and the client's enum:
 * openapi/overlays/model-ids.overlay.yaml), yet its schema and example carry svd's
 * `min_guidance_scale`, `max_guidance_scale`, `motion_bucket_id` and `noise_aug_strength`.
 *
 * A parameter belongs to a family when every request schema that documents it (the pages' and
 * every operation of ModelsLab's documents) names one set of models, and the endpoint serves none
 * of them, while a documented parameter set of a model it serves (another endpoint's or
 * operation's schema naming that model) lacks it. A schema naming no model says nothing about
 * families, so a parameter it documents is never attributed (v6 text2video's `height`, scene
 * maker's). Words tying a parameter to a model ("when using svd as the model") are evidence too.
 *
 * The fix follows the models the endpoint serves, as the client decided them: the parameters go
 * from its schema and its examples.
 */
import type { JsonObject, JsonValue } from "../claims/claim.js";
import { decisionsOn, type CheckContext, type PageUnderCheck } from "./check-context.js";
import type { ModelsLabDocument } from "./document-rules.js";
import type { FindingDraft, PageEdit, Statement } from "./finding.js";
import { defined, removeLine } from "./page-edits.js";

const isObject = (value: unknown): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);
const METHODS = ["get", "put", "post", "delete", "patch"];

/** A request schema that names its models: where it is documented, its models and its parameters. */
interface ParameterSet {
  name: string;
  /** The endpoint it documents ("POST /v6/video/img2video"), as the pages name endpoints. */
  endpoint: string;
  models: string[];
  fields: Set<string>;
  unit?: PageUnderCheck;
  location: { page: string; line: number };
}

const modelsOf = (schema: JsonObject): string[] | undefined => {
  const model = isObject(schema.properties) ? schema.properties.model_id : undefined;
  return isObject(model) && Array.isArray(model.enum) ? model.enum.map(String) : undefined;
};

/** Every request schema of ModelsLab's documents (all their operations), with its models when it names them. */
function documentSets(documents: readonly ModelsLabDocument[]): (Omit<ParameterSet, "models"> & { models?: string[] })[] {
  const sets: (Omit<ParameterSet, "models"> & { models?: string[] })[] = [];
  for (const document of documents) {
    const paths = isObject(document.json.paths) ? document.json.paths : {};
    for (const [path, item] of Object.entries(paths)) {
      for (const method of METHODS) {
        const operation = isObject(item) ? item[method] : undefined;
        const content = isObject(operation) && isObject(operation.requestBody) && isObject(operation.requestBody.content) ? operation.requestBody.content["application/json"] : undefined;
        let schema: JsonValue | undefined = isObject(content) ? content.schema : undefined;
        if (isObject(schema) && typeof schema.$ref === "string") {
          let node: JsonValue | undefined = document.json;
          for (const part of schema.$ref.replace(/^#\//, "").split("/")) node = isObject(node) ? node[part] : undefined;
          schema = node;
        }
        if (!isObject(schema) || !isObject(schema.properties)) continue;
        const models = modelsOf(schema);
        const servers = Array.isArray(document.json.servers) ? document.json.servers : [];
        const server = isObject(servers[0]) && typeof servers[0].url === "string" ? servers[0].url : "";
        const base = /^https?:\/\//.test(server) ? new URL(server).pathname.replace(/^\/api(?=\/|$)/, "").replace(/\/$/, "") : "";
        sets.push({ endpoint: `${method.toUpperCase()} ${base}${path}`, name: `${document.file.replace(/^docs-repo\//, "")} (${method.toUpperCase()} ${path})`, ...(models ? { models } : {}), fields: new Set(Object.keys(schema.properties)), location: { page: document.file, line: 1 } });
      }
    }
  }
  return sets;
}

/** The models an endpoint serves: the page's own list in words, else the client's enum (an overlay's decision), else its schema's. */
function servedModels(context: CheckContext, unit: PageUnderCheck): { models: string[]; by: string } | undefined {
  const listed = unit.claims.fields.find((c) => c.field === "model_id" && c.aspect === "enum" && c.origin === "prose" && Array.isArray(c.value) && c.value.length > 1);
  const decided = decisionsOn(context, unit.spec.endpoint, "model_id", "enum").find((d) => Array.isArray(d.value));
  if (listed) return { models: (listed.value as JsonValue[]).map(String), by: `its page's words (${unit.page.file} line ${listed.location.line})${decided ? ` and the client (${decided.action})` : ""}` };
  if (decided) return { models: (decided.value as JsonValue[]).map(String), by: `the client (${decided.action})` };
  const own = unit.request.properties.get("model_id")?.enum;
  return own ? { models: own.map(String), by: `its schema` } : undefined;
}

/** The lines of a property in an OpenAPI block: its key line and every deeper line below it. */
function propertyLines(context: CheckContext, page: string, field: string, near: number): number[] {
  const lines = context.lines.get(page) ?? [];
  let key = near;
  const keyPattern = new RegExp(`^(\\s+)${field.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\s*$`);
  while (key > 0 && !keyPattern.test(lines[key - 1] ?? "")) key--;
  if (key === 0) return [];
  const indent = lines[key - 1]!.match(/^\s*/)![0].length;
  const result = [key];
  for (let line = key + 1; line <= lines.length && (lines[line - 1]!.match(/^\s*/)![0].length > indent) && lines[line - 1]!.trim() !== ""; line++) result.push(line);
  return result;
}

/** A <ParamField> tag of the field: its lines, from the opening tag to the closing one, and the blank line before it. */
function tagLines(context: CheckContext, page: string, field: string): number[] {
  const lines = context.lines.get(page) ?? [];
  const open = lines.findIndex((text) => new RegExp(`<ParamField\\b[^>]*\\b(?:query|body)="${field}"`).test(text));
  if (open < 0) return [];
  let close = open;
  while (close < lines.length && !lines[close]!.includes("</ParamField>")) close++;
  const from = open > 0 && lines[open - 1]!.trim() === "" ? open - 1 : open;
  return Array.from({ length: close - from + 1 }, (_, index) => from + index + 1);
}

export function checkModelParameters(context: CheckContext, documents: readonly ModelsLabDocument[]): FindingDraft[] {
  const sets: ParameterSet[] = [];
  for (const unit of context.pages) {
    const models = unit.request.properties.get("model_id")?.enum;
    if (models) sets.push({ endpoint: unit.spec.endpoint, name: `${unit.page.file} (${unit.spec.endpoint})`, models: models.map(String), fields: new Set(unit.request.properties.keys()), unit, location: unit.request.at("properties") });
  }
  const fromDocuments = documentSets(documents);
  // A parameter some schema documents without naming its models is not attributed to a family.
  const unattributed = new Set(fromDocuments.filter((set) => !set.models).flatMap((set) => [...set.fields]));
  for (const set of fromDocuments) if (set.models) sets.push(set as ParameterSet);

  const drafts: FindingDraft[] = [];
  const seen = new Set<string>();
  for (const unit of context.pages) {
    if (seen.has(unit.spec.endpoint)) continue;
    seen.add(unit.spec.endpoint);
    const served = servedModels(context, unit);
    // The schema was written for other models than the endpoint serves: its own enum names none of them.
    const written = unit.request.properties.get("model_id")?.enum?.map(String);
    if (!served || !written || written.some((model) => served.models.includes(model))) continue;
    const serves = (set: ParameterSet) => set.models.some((m) => served.models.includes(m));
    // The endpoint's own schemas (its page's, its operation in ModelsLab's document) are what is checked, not evidence.
    const own = (set: ParameterSet) => set.endpoint === unit.spec.endpoint;
    const servedSets = sets.filter((set) => !own(set) && serves(set));
    if (servedSets.length === 0) continue;
    const byFamily = new Map<string, { models: string[]; fields: string[]; documentedBy: ParameterSet[] }>();
    for (const field of unit.request.properties.keys()) {
      if (unattributed.has(field)) continue;
      // Documented elsewhere only by schemas of the models the schema was written for, never for a model the endpoint serves.
      const documenting = sets.filter((set) => !own(set) && set.fields.has(field));
      if (documenting.length === 0 || documenting.some(serves) || !documenting.every((set) => set.models.every((m) => written.includes(m)))) continue;
      const lacking = servedSets.filter((set) => !set.fields.has(field));
      if (lacking.length === 0) continue;
      const key = JSON.stringify([...written].sort());
      const family = byFamily.get(key) ?? { models: [...written].sort(), fields: [], documentedBy: [] };
      family.fields.push(field);
      for (const set of documenting) if (!family.documentedBy.includes(set)) family.documentedBy.push(set);
      byFamily.set(key, family);
    }
    for (const family of byFamily.values()) {
      const names = family.fields.map((f) => `"${f}"`).join(", ");
      const models = family.models.join(", ");
      const others = family.documentedBy;
      const lackingSets = servedSets.filter((set) => family.fields.every((f) => !set.fields.has(f)));
      // Words of another page that tie a parameter to the family's model ("when using svd as the model"), cited in the fix's reason.
      const tied: string[] = context.pages.flatMap((other) =>
        other === unit
          ? []
          : family.fields.flatMap((field) => {
              const prop = other.request.properties.get(field);
              const said = prop?.description?.match(new RegExp(`\\b(?:when using|for|with)\\s+(${family.models.map((m) => m.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})\\b[^.]*`, "i"))?.[0];
              // The page's own line (a transcription's spec line is the project's, not the docs').
              const { page, line } = prop?.at("description") ?? { page: "", line: 0 };
              return said ? [`${page} line ${line} says of "${field}": "${said}"`] : [];
            }),
      );
      const page = unit.page.file;
      const schemaLines = family.fields.flatMap((field) => (unit.spec.source ? tagLines(context, page, field) : propertyLines(context, page, field, unit.request.properties.get(field)!.at("type").line)));
      const exampleLines = unit.claims.examples
        .filter((example) => example.kind === "request" && example.location.page === page)
        .flatMap((example) =>
          family.fields.flatMap((field) => {
            const line = example.fieldLines[field];
            const text = line ? (context.lines.get(page)?.[line - 1] ?? "") : "";
            // A line of that field alone, with a comma after it (a later field follows): it goes whole.
            return line && new RegExp(`^\\s*"${field}"\\s*:\\s*[^,{}\\[\\]]+,\\s*$`).test(text) ? [line] : [];
          }),
        );
      const edits: PageEdit[] = defined([...new Set([...schemaLines, ...exampleLines])].sort((a, b) => a - b).map((line) => removeLine(context, page, line)));
      drafts.push({
        rule: "model-params",
        severity: "warning",
        endpoints: [unit.spec.endpoint],
        field: family.fields.join(", "),
        aspect: "model-family",
        cause: JSON.stringify(["model-params", unit.spec.endpoint, family.models]),
        message: `${unit.spec.endpoint} serves ${served.models.join(", ")}, but documents ${names}, which only schemas naming ${models} document (${others.map((set) => set.name).join("; ")}) and the documented parameters of ${served.models.join(", ")} (${lackingSets.map((set) => set.name).join("; ")}) do not include.`,
        statements: [
          ...family.fields.map((field): Statement => ({ role: unit.spec.source ? "param-field" : "schema", location: unit.request.properties.get(field)!.at("type"), says: `${unit.spec.endpoint} documents "${field}"` })),
          ...unit.claims.examples
            .filter((example) => example.kind === "request")
            .flatMap((example) => family.fields.filter((f) => f in example.body).map((field): Statement => ({ role: "example", location: { page: example.location.page, line: example.fieldLines[field] ?? example.location.line }, says: `sends "${field}" with model_id ${JSON.stringify(example.body.model_id ?? null)}` }))),
        ],
        ...(edits.length > 0
          ? {
              fix: {
                follows: `the models ${unit.spec.endpoint} serves (${served.models.join(", ")}, ${served.by})`,
                why: `${names} belong to ${models}: every schema that documents them names ${models} and no other model, and the parameters documented for ${served.models.join(", ")} (${lackingSets.map((set) => set.name).join("; ")}) have none of them${tied.length > 0 ? `; ${tied.join("; ")}` : ""}. An endpoint that does not serve ${models} documents none of its parameters.`,
                edits,
              },
            }
          : {}),
      });
    }
  }
  return drafts;
}
