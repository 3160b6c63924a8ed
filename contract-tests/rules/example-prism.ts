/**
 * Rule example-prism: every documented example request is sent to a Prism mock of its own
 * page's spec. A rejection is a finding quoting Prism's violations (its `sl-violations`
 * header); each violation lands on the finding about the same field and problem, so the
 * example, the schema and Prism's answer are one finding.
 */
import type { ExampleBody } from "../claims/claim.js";
import { KeptAnswers, type AnswerKey } from "../harness/prism-answers.js";
import type { PageUnderCheck } from "./check-context.js";
import type { FindingDraft } from "./finding.js";

/** The cause example-schema gives null values the schema does not allow. */
export const NULL_CAUSE = "examples send null for fields whose schema does not allow null";

export interface PrismViolation {
  location: string[];
  severity: string;
  code: string;
  message: string;
}

export interface PrismAnswer {
  status: number;
  violations: PrismViolation[];
}

/** Prism's `sl-violations` header, or [] when there is none or it cannot be read. */
export function parseViolations(header: string | null): PrismViolation[] {
  if (!header) return [];
  try {
    const parsed = JSON.parse(header) as unknown;
    return Array.isArray(parsed)
      ? parsed.filter((v): v is PrismViolation => typeof v === "object" && v !== null && typeof (v as PrismViolation).message === "string").map((v) => ({
          location: Array.isArray(v.location) ? v.location.map(String) : [],
          severity: String(v.severity ?? ""),
          code: String(v.code ?? ""),
          message: v.message,
        }))
      : [];
  } catch {
    return [];
  }
}

const ASPECT_OF_CODE: Record<string, string> = {
  additionalProperties: "unknown-property",
  unevaluatedProperties: "unknown-property",
  maximum: "maximum",
  minimum: "minimum",
  exclusiveMaximum: "maximum",
  exclusiveMinimum: "minimum",
};

/** The field and aspect a violation is about, as example-schema names them. */
export function violationSubject(violation: PrismViolation): { field: string; aspect: string } {
  const path = violation.location[0] === "request" && violation.location[1] === "body" ? violation.location.slice(2) : violation.location;
  const missing = violation.code === "required" ? violation.message.match(/property '([^']+)'/)?.[1] : undefined;
  const field = [...path, ...(missing ? [missing] : [])].join(".") || "(body)";
  return { field, aspect: ASPECT_OF_CODE[violation.code] ?? violation.code };
}

/** What the rule reads of a page under check: its spec's label, endpoint, method and path, and its examples. */
export interface ExamplesOfPage {
  spec: Pick<PageUnderCheck["spec"], "specLabel" | "endpoint" | "method" | "path">;
  claims: { examples: readonly ExampleBody[] };
}

/** What the rule reads of the check's context (a message to Prism's side carries this much of it). */
export interface ExamplesUnderCheck {
  pages: readonly ExamplesOfPage[];
}

/** The pages' example requests and what sending them needs, out of the check's context. */
export function examplesUnderCheck(context: ExamplesUnderCheck): ExamplesUnderCheck {
  return {
    pages: context.pages.map(({ spec, claims }) => ({
      spec: { specLabel: spec.specLabel, endpoint: spec.endpoint, method: spec.method, path: spec.path },
      claims: { examples: claims.examples.filter((example) => example.kind === "request") },
    })),
  };
}

/** Drafts for one example and Prism's answer to it; nothing when Prism accepts it. */
export function draftsForAnswer(unit: ExamplesOfPage, example: ExampleBody, answer: PrismAnswer): FindingDraft[] {
  const errors = answer.violations.filter((v) => v.severity.toLowerCase() === "error");
  const rejected = answer.status >= 400 || errors.length > 0;
  if (!rejected) return [];
  const prism = `Prism (mock of ${unit.spec.specLabel}) answers ${answer.status}`;
  if (errors.length === 0)
    return [
      {
        rule: "example-prism",
        severity: "error",
        endpoints: [unit.spec.endpoint],
        field: "(request)",
        aspect: "rejected",
        message: `The example request is not a request the page's own schema accepts (a mock of it answers HTTP ${answer.status}).`,
        statements: [{ role: "prism", location: example.location, says: `${prism} without violations` }],
      },
    ];
  return errors.map((violation): FindingDraft => {
    const { field, aspect } = violationSubject(violation);
    const line = example.fieldLines[field.split(".")[0]!] ?? example.location.line;
    // null where the schema has none is one cause on every page (example-schema's grouping).
    const sentNull = aspect === "type" && !field.includes(".") && example.body[field] === null;
    return {
      rule: "example-prism",
      severity: "error",
      endpoints: [unit.spec.endpoint],
      field,
      ...(sentNull ? { aspect: "null-not-allowed", cause: NULL_CAUSE } : { aspect }),
      message: `The example request does not match the page's own schema: ${violation.message.replace(/^Request body /, "")}.`,
      statements: [{ role: "prism", location: { page: example.location.page, line: aspect === "required" ? example.location.line : line }, says: `${prism}: ${violation.message}` }],
    };
  });
}

export interface ExamplePrismResult {
  drafts: FindingDraft[];
  /** Examples sent, and how many Prism accepted. */
  sent: number;
  accepted: number;
}

/** Prism's answers to example requests, by what Prism answered them from (harness/prism-answers.ts); the most recent 512. */
const keptAnswers = new KeptAnswers<PrismAnswer>(512);

/**
 * Sends every example request of every page to the Prism serving that page's spec; `answerKeyOf`
 * names what a page's server answers from, so a request another run already sent to a server of
 * the same operation is answered as it was, not sent again.
 */
export async function checkExamplesOnPrism(context: ExamplesUnderCheck, prismUrlOf: (specLabel: string) => string, answerKeyOf?: (specLabel: string) => AnswerKey | undefined): Promise<ExamplePrismResult> {
  const jobs = context.pages.flatMap((unit) =>
    unit.claims.examples
      .filter((example) => example.kind === "request")
      .map(async (example) => {
        const method = unit.spec.method.toUpperCase();
        const headers = { "content-type": "application/json", accept: "application/json" };
        const body = JSON.stringify(example.body);
        const key = answerKeyOf?.(unit.spec.specLabel)?.(method, unit.spec.path, JSON.stringify([headers, body]));
        let answer = keptAnswers.get(key);
        if (!answer) {
          const response = await fetch(`${prismUrlOf(unit.spec.specLabel)}${unit.spec.path}`, { method, headers, body });
          await response.arrayBuffer();
          answer = { status: response.status, violations: parseViolations(response.headers.get("sl-violations")) };
          keptAnswers.set(key, answer);
        }
        return draftsForAnswer(unit, example, answer);
      }),
  );
  const results = await Promise.all(jobs);
  return { drafts: results.flat(), sent: results.length, accepted: results.filter((drafts) => drafts.length === 0).length };
}
