/**
 * Rule fetch-answer: a fetch operation (`…/fetch/{id}`) the project takes from one of ModelsLab's
 * documents answers less than the same operation of a sibling document: the enterprise
 * documents' fetches answer a GenericResponse of `status` and `message` only (the answer their
 * restart_server and clear_cache operations give), while the video API's fetch answers the
 * generation as its submits do (`id`, `output`, `future_links`, …), and the enterprise fetch
 * pages say the endpoint "returns already generated/queued videos". A client reading the
 * document finds nowhere the video's URL is.
 *
 * The fix follows the client (openapi/overlays/enterprise-fetch.overlay.yaml: the fetch answers
 * the generation as the submit does, API-FACTS.md line 13): the answer keeps its own schema and
 * adds the fields the sibling's answer has (`allOf`), an edit of the `openapi.json`.
 */
import type { JsonObject, JsonValue } from "../claims/claim.js";
import { jsonEdits } from "../docs-repo/json-edits.js";
import { pointerOf, valueLines } from "../docs-repo/json-lines.js";
import type { ModelsLabDocument } from "./document-rules.js";
import type { FindingDraft } from "./finding.js";

const isObject = (value: unknown): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);
const shortName = (file: string) => file.replace(/^docs-repo\//, "");

/** The overlay actions that give each enterprise fetch the generation's answer (the client's side). */
const DECIDED_BY: Record<string, string[]> = {
  "POST /enterprise/video/fetch/{id}": ["openapi/overlays/enterprise-fetch.overlay.yaml#2", "openapi/overlays/enterprise-fetch.overlay.yaml#3"],
  "POST /image_to_video_ultra/fetch/{id}": ["openapi/overlays/enterprise-fetch.overlay.yaml#4", "openapi/overlays/enterprise-fetch.overlay.yaml#5"],
};

function lineIn(document: ModelsLabDocument, path: (string | number)[]): number {
  const lines = valueLines(document.text);
  for (let at = [...path]; ; at = at.slice(0, -1)) {
    const found = lines.get(pointerOf(at));
    if (found || at.length === 0) return found?.line ?? 1;
  }
}

function resolved(document: JsonObject, value: JsonValue | undefined): { schema?: JsonObject; name?: string } {
  if (!isObject(value)) return {};
  if (typeof value.$ref !== "string") return { schema: value };
  let node: JsonValue | undefined = document;
  for (const part of value.$ref.replace(/^#\//, "").split("/")) node = isObject(node) ? node[part] : undefined;
  return isObject(node) ? { schema: node, name: value.$ref.split("/").at(-1)! } : {};
}

interface FetchAnswer {
  document: ModelsLabDocument;
  operation: string;
  /** The 200 answer's schema as written (a $ref or inline), its resolved schema and its fields. */
  written: JsonObject;
  schema: JsonObject;
  name?: string;
  fields: string[];
  pointer: string[];
}

function fetchAnswers(documents: readonly ModelsLabDocument[]): FetchAnswer[] {
  const answers: FetchAnswer[] = [];
  for (const document of documents)
    for (const taken of document.operations) {
      const [method = "", path = ""] = taken.split(" ");
      if (!/\/fetch\/\{[^}]+\}$/.test(path)) continue;
      const pointer = ["paths", path, method.toLowerCase(), "responses", "200", "content", "application/json", "schema"];
      let node: JsonValue | undefined = document.json;
      for (const part of pointer) node = isObject(node) ? node[part] : undefined;
      if (!isObject(node)) continue;
      const { schema, name } = resolved(document.json, node);
      if (!schema) continue;
      // An answer made of parts (allOf) answers the fields of every part.
      const parts = Array.isArray(schema.allOf) ? schema.allOf.map((part) => resolved(document.json, part).schema).filter((part): part is JsonObject => part !== undefined) : [schema];
      const properties: JsonObject = Object.assign({}, ...parts.map((part) => (isObject(part.properties) ? part.properties : {})));
      answers.push({ document, operation: taken, written: node, schema: { ...schema, properties }, ...(name ? { name } : {}), fields: Object.keys(properties), pointer });
    }
  return answers;
}

export function checkFetchAnswers(documents: readonly ModelsLabDocument[]): FindingDraft[] {
  const answers = fetchAnswers(documents);
  const drafts: FindingDraft[] = [];
  for (const answer of answers) {
    // A sibling answers every field this one has and more.
    const sibling = answers.find((other) => other !== answer && answer.fields.every((f) => other.fields.includes(f)) && other.fields.some((f) => !answer.fields.includes(f)));
    if (!sibling) continue;
    const missing = sibling.fields.filter((f) => !answer.fields.includes(f));
    const ours = `${shortName(answer.document.file)} (${answer.operation})`;
    const theirs = `${shortName(sibling.document.file)} (${sibling.operation})`;
    const show = (fields: string[]) => fields.map((f) => `"${f}"`).join(", ");
    const siblingProperties = isObject(sibling.schema.properties) ? sibling.schema.properties : {};
    const added: JsonObject = { type: "object", properties: Object.fromEntries(missing.map((f) => [f, siblingProperties[f]!])) };
    const after: JsonObject = { allOf: [answer.written, added] };
    const edits = jsonEdits(answer.document.file, answer.document.text, answer.written, after, answer.pointer) ?? [];
    const decided = DECIDED_BY[answer.operation];
    drafts.push({
      rule: "fetch-answer",
      severity: "error",
      endpoints: [answer.operation, sibling.operation],
      field: "(answer)",
      aspect: "fetch-answer",
      cause: JSON.stringify(["fetch-answer", answer.document.file, answer.operation]),
      message: `${ours} answers ${show(answer.fields)} only${answer.name ? ` (${answer.name})` : ""}, while ${theirs} answers the generation: ${show(sibling.fields)}; ${show(missing)} are missing.`,
      statements: [
        { role: "schema", location: { page: answer.document.file, line: lineIn(answer.document, answer.pointer) }, says: `${answer.operation} answers ${show(answer.fields)}` },
        { role: "schema", location: { page: sibling.document.file, line: lineIn(sibling.document, sibling.pointer) }, says: `${sibling.operation} answers ${show(sibling.fields)}` },
      ],
      ...(edits.length > 0
        ? {
            fix: {
              follows: `${theirs} and the client (the fetch answers the generation, as the submit does)`,
              why: `A fetch returns the generation its id names: the fetch pages say it returns "the corresponding queued videos", the answer of a submit with "id" and "output" (API-FACTS.md line 13), as ${theirs} documents it${decided ? ` and as the client reads it (${decided.join(", ")})` : ""}. The answer keeps ${answer.name ?? "its schema"} and adds ${show(missing)}.`,
              ...(decided ? { resolvedBy: decided } : {}),
              edits,
            },
          }
        : {}),
    });
  }
  return drafts;
}
