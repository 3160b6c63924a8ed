/**
 * Every side a docs finding offers, verified whole in the files the docs team edits: its fix, or
 * each of its options, applied alone to a copy of the docs repository (the `.mdx`/`openapi.json`
 * edits, and those of the pages outside it), then the whole check on that copy (--docs-repo, the
 * project's client calls on Prism included). A side holds when its finding is gone, no other docs
 * finding of any rule appears, no edit conflicts and nothing fails. Then every fix (the first
 * option where a finding offers options) applied together, in rounds, must leave no docs finding.
 *
 * `contract-tests/suggested-fixes.test.ts` asserts it; `npm run contract:fixes` (this file's
 * command) writes the table a closing note quotes, `reports/fix-verification.md`.
 *
 * Runs are shared where the code allows: one copy and one check per distinct set of edits (a type
 * fix and its paired default fix carry the same edits), several checks at once (they wait on
 * Prism half the time), the client's calls made once per merged document (run-contract.ts).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { PROJECT_ROOT } from "../scripts/layout.js";
import type { SourceEdit } from "./docs-repo/source-places.js";
import type { ContractResult, ReportedFinding } from "./report/contract-result.js";
import { runContract } from "./run-contract.js";
import { docsRepoCopy, type DocsRepoCopy } from "./test-support/docs-repo-copy.js";

export type Side = ReportedFinding["fix"] & object;

export interface SideVerification {
  finding: Pick<ReportedFinding, "id" | "rule" | "field" | "primary">;
  /** "fix", or "option N" (1-based). */
  side: string;
  follows: string;
  edits: number;
  gone: boolean;
  /** Docs findings the run reports that the docs without the edits do not. */
  newFindings: { id: string; rule: string; message: string }[];
  failures: string[];
  conflicts: SourceEdit[];
  responseChecks: { passed: number; failed: number };
  /** Findings still reported about the same thing under another id (identity must not move). */
  idChanges: string[];
  /** How many findings of the docs were compared for their id. */
  idsCompared: number;
}

export interface TogetherVerification {
  rounds: number;
  conflicts: SourceEdit[];
  result: ContractResult;
}

export interface FixVerification {
  before: ContractResult;
  sides: SideVerification[];
  together: TogetherVerification;
  /** Distinct edit sets checked (sides with the same edits share one run). */
  runs: number;
  ms: number;
}

export const docsFindings = (result: ContractResult): ReportedFinding[] => result.findings.filter((f) => f.kind === "docs");

/** The sides of a finding: its fix, or its options. */
export function sidesOf(finding: ReportedFinding): { side: string; fix: Side }[] {
  if (finding.fix) return [{ side: "fix", fix: finding.fix }];
  return (finding.options ?? []).map((fix, index) => ({ side: `option ${index + 1}`, fix }));
}

export type SideOutcome = Pick<SideVerification, "gone" | "newFindings" | "failures" | "conflicts" | "responseChecks">;

/**
 * What one side did, judged from the check of the docs it edited (`after`) against the ids the
 * unedited docs reported (`known`): the one judgement every verification of a side goes through.
 */
export function sideOutcome(finding: Pick<ReportedFinding, "id">, after: ContractResult, known: ReadonlySet<string>, conflicts: SourceEdit[] = []): SideOutcome {
  return {
    gone: !after.findings.some((f) => f.id === finding.id),
    newFindings: docsFindings(after)
      .filter((f) => !known.has(f.id))
      .map((f) => ({ id: f.id, rule: f.rule, message: f.message })),
    failures: after.failures,
    conflicts,
    responseChecks: after.counts.responseChecks,
  };
}

/** A side holds: its finding gone, no new docs finding, nothing failed, every edit applied. */
export const holds = (outcome: SideOutcome): boolean => outcome.gone && outcome.newFindings.length === 0 && outcome.failures.length === 0 && outcome.conflicts.length === 0;

/** What the fixes round applies: the fix, or the first option. */
const chosen = (finding: ReportedFinding): Side | undefined => finding.fix ?? finding.options?.[0];

const about = (f: ReportedFinding) => JSON.stringify([f.rule, f.field, f.aspect, [...f.endpoints].sort()]);

/** Runs `work` over `items`, at most `limit` at once, results in the items' order. */
async function pooled<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export interface VerifyOptions {
  /** Checks at once (default 3: on 2 cores a check waits on its Prism servers part of the time). */
  concurrency?: number;
  /**
   * Keep each copy's documents by content (run-contract.ts's documentsCache; default false: the
   * copies' inputs are each used once, and some sixty of them would push the other runs' entries
   * out of the cache's 48).
   */
  documentsCache?: boolean;
}

export async function verifyFixes(options: VerifyOptions = {}): Promise<FixVerification> {
  const started = performance.now();
  const scratch = mkdtempSync(join(tmpdir(), "fix-verification-"));
  const copies: DocsRepoCopy[] = [];
  const check = (copy: DocsRepoCopy, reports: string): Promise<ContractResult> => {
    copies.push(copy);
    return runContract({ docsRepo: copy.repo, pagesDir: copy.pages, reportsDir: join(scratch, reports), responses: true, ...(options.documentsCache ? {} : { documentsCache: false as const }) });
  };
  try {
    const before = await check(docsRepoCopy(), "before");
    const findings = docsFindings(before);
    const known = new Set(before.findings.map((f) => f.id));
    const planned = findings.flatMap((finding) => sidesOf(finding).map((entry) => ({ finding, ...entry, key: JSON.stringify(entry.fix.sourceEdits ?? []) })));
    const keys = [...new Set(planned.map((p) => p.key))];
    const outcomes = new Map<string, { after: ContractResult; conflicts: SourceEdit[] }>();
    const concurrency = Math.max(1, options.concurrency ?? 3);
    await pooled(keys, concurrency, async (key) => {
      const copy = docsRepoCopy(JSON.parse(key) as SourceEdit[]);
      outcomes.set(key, { after: await check(copy, `run-${keys.indexOf(key)}`), conflicts: copy.conflicts });
    });
    const sides = planned.map(({ finding, side, fix, key }): SideVerification => {
      const { after, conflicts } = outcomes.get(key)!;
      const idChanges: string[] = [];
      let idsCompared = 0;
      for (const other of findings.filter((f) => f !== finding)) {
        // A finding the edits also settle is gone; one still reported about the same thing keeps its id.
        const still = after.findings.filter((f) => about(f) === about(other));
        idsCompared += still.length;
        for (const now of still) if (now.id !== other.id) idChanges.push(`${other.id} (${other.rule} ${other.field}) is now ${now.id}`);
      }
      return {
        finding: { id: finding.id, rule: finding.rule, field: finding.field, primary: finding.primary },
        side,
        follows: fix.follows,
        edits: fix.sourceEdits?.length ?? 0,
        ...sideOutcome(finding, after, known, conflicts),
        idChanges,
        idsCompared,
      };
    });
    // Every fix together (the first option where there are options), in rounds: a fix whose lines
    // another edit changed first is applied in the next round, from the findings reported then.
    let copy = docsRepoCopy();
    let result = before;
    let rounds = 0;
    const conflicts: SourceEdit[] = [];
    for (; rounds < 4 && docsFindings(result).some((f) => chosen(f)); rounds++) {
      copy = docsRepoCopy(docsFindings(result).flatMap((f) => chosen(f)?.sourceEdits ?? []), copy);
      result = await check(copy, `together-${rounds + 1}`);
      if (docsFindings(result).length === 0) conflicts.push(...copy.conflicts);
    }
    return { before, sides, together: { rounds, conflicts, result }, runs: keys.length + 1 + rounds, ms: Math.round(performance.now() - started) };
  } finally {
    for (const copy of copies) rmSync(dirname(copy.repo), { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  }
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** The verification as a Markdown table, one row a side, in the report's order of findings; no times, so the same docs give the same bytes. */
export function verificationTable(verification: FixVerification): string {
  const { before, sides, together } = verification;
  const findings = docsFindings(before);
  const byRule = new Map<string, number>();
  for (const finding of findings) byRule.set(finding.rule, (byRule.get(finding.rule) ?? 0) + 1);
  const offering = findings.filter((f) => !f.fix).length;
  const held = sides.filter(holds).length;
  const lines = [
    "# Suggested fixes, each applied alone",
    "",
    "Written by `npm run contract:fixes` (contract-tests/fix-verification.ts; `contract-tests/suggested-fixes.test.ts` asserts the same runs).",
    "Each fix, and each option of a finding that offers options, is applied alone to a copy of the docs repository;",
    "then the whole check runs on it (`--docs-repo`, the client's calls on Prism included).",
    "",
    `Docs findings: ${findings.length} (${[...byRule].map(([rule, count]) => `${rule} ${count}`).join(", ")}); ${findings.length - offering} with a fix, ${offering} offering options.`,
    `Sides verified: ${sides.length} (${verification.runs} checks); held: ${held} of ${sides.length}.`,
    `All fixes together (the first option where there are options), ${together.rounds} round${together.rounds === 1 ? "" : "s"}: ${docsFindings(together.result).length} docs findings, ${together.result.failures.length} run failures, ${together.result.counts.responseChecks.passed} client calls on Prism valid.`,
    "",
    "| finding | rule | primary location | fix | side | follows | finding gone | new findings | run failures |",
    "|---|---|---|---|---|---|---|---|---|",
  ];
  for (const finding of findings) {
    const place = `${finding.primary.uri}:${finding.primary.line}`;
    for (const side of sides.filter((s) => s.finding.id === finding.id)) {
      const failures = side.failures.length + side.conflicts.length;
      lines.push(
        `| ${finding.id} | ${finding.rule} | ${cell(place)} | ${finding.fix ? "single-sided" : `options (${finding.options!.length})`} | ${side.side} | ${cell(side.follows)} | ${side.gone ? "yes" : "no"} | ${side.newFindings.length}${side.newFindings.length > 0 ? ` (${side.newFindings.map((f) => f.id).join(", ")})` : ""} | ${failures} |`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

/** `npm run contract:fixes [--out FILE]`: verify every side and write the table (default reports/fix-verification.md). */
async function main(argv: string[]): Promise<number> {
  const at = argv.indexOf("--out");
  const out = at >= 0 && argv[at + 1] ? argv[at + 1]! : join(PROJECT_ROOT, "reports", "fix-verification.md");
  const verification = await verifyFixes();
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, verificationTable(verification));
  const failed = verification.sides.filter((s) => !s.gone || s.newFindings.length > 0 || s.failures.length > 0 || s.conflicts.length > 0);
  process.stdout.write(`fix verification: ${verification.sides.length} sides, ${failed.length} not holding; ${verification.runs} checks in ${(verification.ms / 1000).toFixed(1)} s; written to ${out}\n`);
  return failed.length > 0 || docsFindings(verification.together.result).length > 0 ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = await main(process.argv.slice(2));
