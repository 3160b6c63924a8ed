/**
 * Findings: what a rule reports, merged so that one cause is one finding however many rules and
 * places show it, with an id that depends on what the docs say, not on line numbers.
 *
 * Two kinds: a *docs* finding is the documentation contradicting itself (within a page, across
 * pages, across endpoints) and is the docs team's to fix; every one carries a suggested fix. A
 * *transcription* finding is a hand-written spec no longer matching the page line it cites, and
 * is the project's to fix. What tools answered (Prism's violations) is kept apart, as evidence.
 */
import { createHash } from "node:crypto";
import type { JsonValue, SourceLocation } from "../claims/claim.js";

export const RULE_IDS = [
  "transcription",
  "claim-vs-schema",
  "example-schema",
  "example-prism",
  "example-units",
  "example-meta",
  "cross-endpoint",
  "schema-self",
  "cross-source",
  "spelling",
  "type-words",
  "copied-text",
  "variant-params",
  "fetch-path",
  "twin-documents",
  "rendered-page",
  "page-operation",
  "prose-fallback",
  "model-params",
  "fetch-answer",
  "prices",
  "model-limits",
  "model-pages",
] as const;
export type RuleId = (typeof RULE_IDS)[number];
export type Severity = "error" | "warning";
export type FindingKind = "docs" | "transcription";

export type StatementRole = "schema" | "prose" | "table" | "param-field" | "example" | "prism" | "spec";

/** One place that takes part in a finding, and what it says there. */
export interface Statement {
  role: StatementRole;
  location: SourceLocation;
  /** What the place says, in a few words; never contains a line number. */
  says: string;
}

/** One change to one line of a page: `before` (a part of the line) becomes `after` (which may hold line breaks). */
export interface PageEdit {
  page: string;
  line: number;
  before: string;
  after: string;
}

/** What to change in the docs, and which side of the contradiction the project takes. */
export interface SuggestedFix {
  /** The side the project follows, in a few words ("the page's summary and example"). */
  follows: string;
  why: string;
  /** Overlay actions that decided it (filled in from the baseline). */
  resolvedBy?: string[];
  edits: PageEdit[];
  /** An option (where the evidence does not decide): what taking it would change besides the finding. */
  changes?: string;
}

/** A proposed edit of a hand-written spec (transcription findings): file, line, text before → after. */
export interface SpecEdit {
  file: string;
  line: number;
  before: string;
  after: string;
}

export interface FindingDraft {
  rule: RuleId;
  /** docs (default) or transcription. */
  kind?: FindingKind;
  severity: Severity;
  endpoints: string[];
  field: string;
  /** What the finding is about: type, enum, default, maximum, required, unknown-property, … */
  aspect: string;
  /** Drafts with the same cause are one finding (default: the same endpoints, field and aspect). */
  cause?: string;
  /** One line a docs writer can act on. */
  message: string;
  statements: Statement[];
  fix?: SuggestedFix;
  /**
   * Instead of a fix, where the evidence does not decide the side: each way the docs could agree,
   * with what it would change. The docs team chooses; none is applied by the fixes round.
   */
  options?: SuggestedFix[];
  /** Transcription findings: the spec edits that bring the transcription to what the page says now. */
  specEdits?: SpecEdit[];
}

export interface Finding {
  id: string;
  kind: FindingKind;
  rule: RuleId;
  /** Every rule that reported it (the first is `rule`). */
  rules: RuleId[];
  severity: Severity;
  /** The field, or the fields joined by ", " when one cause touches several. */
  field: string;
  aspect: string;
  endpoints: string[];
  /** Every page and line involved, in page then line order. */
  locations: SourceLocation[];
  message: string;
  /** What each place says, with words naming the place for the person who edits it. */
  evidence: (Statement & { where: string })[];
  /** What the tools answered (Prism's violations), below the message. */
  toolEvidence: (Statement & { where: string })[];
  /** Docs findings only. */
  fix?: SuggestedFix;
  /** Docs findings whose evidence does not decide the side: the options, instead of a fix. */
  options?: SuggestedFix[];
  /** Transcription findings: the proposed spec edits (keyword lines the page changed). */
  specEdits?: SpecEdit[];
}

const RULE_PRIORITY = new Map<RuleId, number>(RULE_IDS.map((rule, index) => [rule, index]));
const ROLE_ORDER: StatementRole[] = ["prose", "table", "param-field", "example", "prism", "schema", "spec"];

const keyOf = (draft: FindingDraft): string => draft.cause ?? JSON.stringify([draft.kind ?? "docs", [...draft.endpoints].sort(), draft.field, draft.aspect]);

const compareLocations = (a: SourceLocation, b: SourceLocation): number => a.page.localeCompare(b.page) || a.line - b.line;

/** How a docs writer names the place a statement stands. */
export function placeWords(statement: Statement): string {
  const { page, line, spec } = statement.location;
  if (spec) return `the project's transcription of ${page} (${spec.file}:${spec.line})`;
  switch (statement.role) {
    case "schema":
      return page.endsWith(".md") && !/^API-FACTS/.test(page) ? `the OpenAPI block of ${page} (line ${line})` : `${page} (line ${line})`;
    case "table":
      return `the parameter table of ${page} (line ${line})`;
    case "param-field":
      return `the <ParamField> tag of ${page} (line ${line})`;
    case "example":
      return `the example on ${page} (line ${line})`;
    case "prism":
      return `Prism, mocking the spec of ${page} (example at line ${line})`;
    default:
      return `${page} (line ${line})`;
  }
}

/**
 * A stable id: the rule and the cause when the rule names one (the page that states nothing, the
 * field and endpoints of a model-dependent difference), else the field, endpoints, aspect and the
 * pages and documents involved. Never what a place says nor its line: correcting one field, or
 * any line elsewhere, leaves the id of every finding about another field as it was.
 */
export function findingId(finding: Pick<Finding, "rule" | "field" | "endpoints" | "aspect" | "evidence"> & { cause?: string }): string {
  const identity = finding.cause
    ? [finding.rule, finding.cause]
    : [finding.rule, finding.field, [...finding.endpoints].sort(), finding.aspect, [...new Set(finding.evidence.map((s) => s.location.page))].sort()];
  const hash = createHash("sha256").update(JSON.stringify(identity)).digest("hex");
  return `${finding.rule}-${hash.slice(0, 10)}`;
}

function mergeFixes(fixes: SuggestedFix[]): SuggestedFix | undefined {
  if (fixes.length === 0) return undefined;
  const seen = new Set<string>();
  const edits = fixes
    .flatMap((fix) => fix.edits)
    .filter((edit) => {
      const key = JSON.stringify(edit);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.page.localeCompare(b.page) || a.line - b.line);
  const resolvedBy = [...new Set(fixes.flatMap((fix) => fix.resolvedBy ?? []))];
  return { follows: fixes[0]!.follows, why: fixes[0]!.why, ...(resolvedBy.length > 0 ? { resolvedBy } : {}), ...(fixes[0]!.changes ? { changes: [...new Set(fixes.map((f) => f.changes).filter(Boolean))].join("; ") } : {}), edits };
}

/**
 * Drafts with one cause (by default: the same endpoints, field and aspect) become one finding:
 * the statements of all of them (identical ones once), the most severe severity, the message of
 * the rule that ranks first and the edits of every suggested fix.
 */
export function mergeDrafts(drafts: FindingDraft[]): Finding[] {
  const groups = new Map<string, FindingDraft[]>();
  for (const draft of drafts) groups.set(keyOf(draft), [...(groups.get(keyOf(draft)) ?? []), draft]);
  const findings: Finding[] = [];
  for (const group of groups.values()) {
    const sorted = [...group].sort((a, b) => RULE_PRIORITY.get(a.rule)! - RULE_PRIORITY.get(b.rule)!);
    const lead = sorted[0]!;
    const seen = new Set<string>();
    const statements = sorted
      .flatMap((draft) => draft.statements)
      .filter((statement) => {
        const key = `${statement.role}|${statement.location.page}|${statement.location.line}|${statement.says}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      })
      .sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role) || compareLocations(a.location, b.location))
      .map((statement) => ({ ...statement, where: placeWords(statement) }));
    const evidence = statements.filter((s) => s.role !== "prism");
    const toolEvidence = statements.filter((s) => s.role === "prism");
    const locationKeys = new Set<string>();
    const locations = evidence
      .map(({ location }) => ({ page: location.page, line: location.line }))
      .filter((location) => !locationKeys.has(`${location.page}:${location.line}`) && locationKeys.add(`${location.page}:${location.line}`))
      .sort(compareLocations);
    const fields = [...new Set(sorted.map((draft) => draft.field))];
    const kind = lead.kind ?? "docs";
    const optionCount = Math.max(0, ...sorted.map((draft) => draft.options?.length ?? 0));
    const options = kind === "docs" && optionCount > 0 ? Array.from({ length: optionCount }, (_, index) => mergeFixes(sorted.flatMap((draft) => (draft.options?.[index] ? [draft.options[index]!] : []))) as SuggestedFix) : undefined;
    const fix = kind === "docs" && !options ? mergeFixes(sorted.flatMap((draft) => (draft.fix ? [draft.fix] : []))) : undefined;
    const specEdits = sorted.flatMap((draft) => draft.specEdits ?? []);
    const base = {
      kind,
      rule: lead.rule,
      rules: [...new Set(sorted.map((draft) => draft.rule))],
      severity: sorted.some((draft) => draft.severity === "error") ? ("error" as const) : ("warning" as const),
      field: lead.cause ? fields.join(", ") : lead.field,
      aspect: lead.aspect,
      endpoints: [...new Set(sorted.flatMap((draft) => draft.endpoints))].sort(),
      locations,
      message: lead.message,
      evidence,
      toolEvidence,
      ...(fix ? { fix } : {}),
      ...(options ? { options } : {}),
      ...(specEdits.length > 0 ? { specEdits } : {}),
    };
    findings.push({ id: findingId({ ...base, ...(lead.cause ? { cause: lead.cause } : {}) }), ...base });
  }
  const kindOrder = (f: Finding) => (f.kind === "transcription" ? 1 : 0);
  return findings.sort(
    (a, b) =>
      kindOrder(a) - kindOrder(b) ||
      (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1) ||
      compareLocations(a.locations[0] ?? { page: "", line: 0 }, b.locations[0] ?? { page: "", line: 0 }) ||
      a.id.localeCompare(b.id),
  );
}

/** A JSON value as a docs writer reads it in a message: strings quoted, lists comma-separated. */
export function showValue(value: JsonValue | undefined): string {
  if (Array.isArray(value)) return value.map(showValue).join(", ");
  return JSON.stringify(value) ?? "(none)";
}
