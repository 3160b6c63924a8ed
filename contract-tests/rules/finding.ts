/**
 * Findings: what a rule reports, merged so that one contradiction is one finding however many
 * rules and places show it, with an id that depends on what the docs say, not on line numbers.
 */
import { createHash } from "node:crypto";
import type { JsonValue, SourceLocation } from "../claims/claim.js";

export const RULE_IDS = ["claim-vs-schema", "example-schema", "example-prism", "cross-endpoint", "schema-self", "cross-source"] as const;
export type RuleId = (typeof RULE_IDS)[number];
export type Severity = "error" | "warning";

export type StatementRole = "schema" | "prose" | "table" | "param-field" | "example" | "prism";

/** One place that takes part in a finding, and what it says there. */
export interface Statement {
  role: StatementRole;
  location: SourceLocation;
  /** What the place says, in a few words; never contains a line number. */
  says: string;
}

export interface FindingDraft {
  rule: RuleId;
  severity: Severity;
  endpoints: string[];
  field: string;
  /** What the finding is about: type, enum, default, maximum, required, unknown-property, … */
  aspect: string;
  /** One line a docs writer can act on. */
  message: string;
  statements: Statement[];
}

export interface Finding {
  id: string;
  rule: RuleId;
  /** Every rule that reported it (the first is `rule`). */
  rules: RuleId[];
  severity: Severity;
  field: string;
  aspect: string;
  endpoints: string[];
  /** Every page and line involved, in page then line order. */
  locations: SourceLocation[];
  message: string;
  evidence: Statement[];
}

const RULE_PRIORITY = new Map<RuleId, number>(RULE_IDS.map((rule, index) => [rule, index]));
const ROLE_ORDER: StatementRole[] = ["prose", "table", "param-field", "example", "prism", "schema"];

const keyOf = (draft: Pick<FindingDraft, "endpoints" | "field" | "aspect">): string => JSON.stringify([[...draft.endpoints].sort(), draft.field, draft.aspect]);

const compareLocations = (a: SourceLocation, b: SourceLocation): number => a.page.localeCompare(b.page) || a.line - b.line;

/** A stable id: the rule, field, endpoints, aspect and what each place says (pages, not lines). */
export function findingId(finding: Pick<Finding, "rule" | "field" | "endpoints" | "aspect" | "evidence">): string {
  const evidence = [...new Set(finding.evidence.map((s) => `${s.role}|${s.location.page}|${s.says}`))].sort();
  const hash = createHash("sha256")
    .update(JSON.stringify([finding.rule, finding.field, [...finding.endpoints].sort(), finding.aspect, evidence]))
    .digest("hex");
  return `${finding.rule}-${hash.slice(0, 10)}`;
}

/**
 * Drafts about the same endpoints, field and aspect become one finding: the statements of all
 * of them (identical ones once), the most severe severity, and the message of the rule that
 * ranks first (claims before examples before Prism).
 */
export function mergeDrafts(drafts: FindingDraft[]): Finding[] {
  const groups = new Map<string, FindingDraft[]>();
  for (const draft of drafts) groups.set(keyOf(draft), [...(groups.get(keyOf(draft)) ?? []), draft]);
  const findings: Finding[] = [];
  for (const group of groups.values()) {
    const sorted = [...group].sort((a, b) => RULE_PRIORITY.get(a.rule)! - RULE_PRIORITY.get(b.rule)!);
    const lead = sorted[0]!;
    const seen = new Set<string>();
    const evidence = sorted
      .flatMap((draft) => draft.statements)
      .filter((statement) => {
        const key = `${statement.role}|${statement.location.page}|${statement.location.line}|${statement.says}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      })
      .sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role) || compareLocations(a.location, b.location));
    const locationKeys = new Set<string>();
    const locations = evidence
      .map((statement) => statement.location)
      .filter((location) => !locationKeys.has(`${location.page}:${location.line}`) && locationKeys.add(`${location.page}:${location.line}`))
      .sort(compareLocations);
    const base = {
      rule: lead.rule,
      rules: [...new Set(sorted.map((draft) => draft.rule))],
      severity: sorted.some((draft) => draft.severity === "error") ? ("error" as const) : ("warning" as const),
      field: lead.field,
      aspect: lead.aspect,
      endpoints: [...lead.endpoints].sort(),
      locations,
      message: lead.message,
      evidence,
    };
    findings.push({ id: findingId(base), ...base });
  }
  return findings.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1) || compareLocations(a.locations[0]!, b.locations[0]!) || a.id.localeCompare(b.id));
}

/** A JSON value as a docs writer reads it in a message: strings quoted, lists comma-separated. */
export function showValue(value: JsonValue | undefined): string {
  if (Array.isArray(value)) return value.map(showValue).join(", ");
  return JSON.stringify(value) ?? "(none)";
}
