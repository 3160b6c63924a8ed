/**
 * Every docs finding's suggested fix, and every option of a finding that offers options, verified
 * whole in the files the docs team edits (contract-tests/fix-verification.ts): applied alone to a
 * copy of the docs repository (its edits of `.mdx` and `openapi.json` files, and of the pages
 * outside the repository), the whole check runs again on that copy with --docs-repo, the project's
 * client calls on Prism included. The finding is gone, no other docs finding of any rule appears
 * (a rendered page is rendered anew from the edited sources, so page and document cannot drift
 * apart), no edit conflicts, nothing fails; transcription findings (the project's hand-written
 * specs lagging the corrected page) may appear, and are the project's to fix. No exceptions list.
 *
 * The same runs prove the ids stable: correcting one baselined cause alone leaves the id of every
 * other finding as it was (a finding the same edits also correct may go, never change). And every
 * fix applied together (the first option where there are options), in rounds, leaves no docs
 * finding and no failure. The table of all of it goes to reports/fix-verification.md.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../scripts/layout.js";
import { docsFindings, sidesOf, verificationTable, verifyFixes } from "./fix-verification.js";
import type { ContractResult } from "./report/contract-result.js";
import { runContract } from "./run-contract.js";
import { editedDocs } from "./test-support/docs-copy.js";

const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});
const reportsDir = editedDocs([]);
temporary.push(reportsDir);

// Placeholder words a docs writer cannot act on (the older fixes' "The base64 parameter, as the example below sends it.").
const PLACEHOLDER = /as the example below|\bTODO\b|\bTBD\b|\bFIXME\b|lorem ipsum|\.\.\.|…|\bthe formal schema\b/i;

describe("suggested fixes and options, each applied alone to a copy of the docs repository", async () => {
  const verification = await verifyFixes();
  const { before, sides, together } = verification;
  const findings = docsFindings(before);
  const table = verificationTable(verification);
  mkdirSync(join(PROJECT_ROOT, "reports"), { recursive: true });
  writeFileSync(join(PROJECT_ROOT, "reports", "fix-verification.md"), table);

  it("are on every docs finding (a fix, or options where the evidence does not decide), with edits in the docs repository's files, what each changes and the side's reason", () => {
    expect(before.failures).toEqual([]);
    expect(findings.length).toBeGreaterThan(20);
    expect(findings.filter((f) => !f.fix).length).toBeGreaterThan(5);
    for (const finding of findings) {
      expect(Boolean(finding.fix) !== Boolean(finding.options), `${finding.id}: a fix or options, not both`).toBe(true);
      if (!finding.fix) expect(finding.options!.length, finding.id).toBeGreaterThanOrEqual(2);
      for (const { fix: side } of sidesOf(finding)) {
        expect(side.sourceEdits?.length, `${finding.id}: edits traced to the sources`).toBeGreaterThan(0);
        expect(side.follows, finding.id).not.toBe("");
        expect(side.why.length, `${finding.id}: why`).toBeGreaterThan(20);
        if (!finding.fix) expect(side.changes, `${finding.id}: what the option would change`).toBeTruthy();
        for (const words of [side.follows, side.why, side.changes ?? ""]) expect(words, `${finding.id}: placeholder text`).not.toMatch(PLACEHOLDER);
        // Never the rendered pages (the project's snapshots): a repository file, or a page outside it by its URL.
        for (const edit of side.sourceEdits!) {
          expect(edit.base === "DOCSROOT" || (!edit.base && /^https:\/\//.test(edit.uri)), `${finding.id}: ${edit.uri}`).toBe(true);
          // Text an edit adds is real words, not a stand-in ("The model id.").
          for (const added of edit.after.split("\n").filter((line) => !edit.before.includes(line))) expect(added, `${finding.id}: ${edit.uri}:${edit.line}`).not.toMatch(/\bThe [\w ]+\.(?=String|Integer|Number|Boolean|$)|as the example below/);
        }
      }
    }
    expect(before.findings.filter((f) => f.kind === "transcription")).toEqual([]);
    // One row of the table a side, none left out.
    expect(sides.length).toBe(findings.reduce((n, f) => n + sidesOf(f).length, 0));
  });

  it.each(sides.map((side) => [side.finding.id, side.side, side] as const))("%s (%s): the finding is gone, no other docs finding appears, no conflict, no run failure", (_, __, side) => {
    expect(side.conflicts).toEqual([]);
    expect(side.failures).toEqual([]);
    expect(side.responseChecks.failed).toBe(0);
    expect(side.responseChecks.passed).toBeGreaterThan(0);
    expect(side.gone).toBe(true);
    expect(side.newFindings.map((f) => `${f.id}: ${f.message}`)).toEqual([]);
  });

  it("correcting each baselined cause alone, on either side, leaves every other finding's id unchanged", () => {
    expect(sides.flatMap((side) => side.idChanges.map((change) => `${side.finding.id} (${side.side}) applied: ${change}`))).toEqual([]);
    const compared = sides.reduce((n, side) => n + side.idsCompared, 0);
    expect(compared).toBeGreaterThan(sides.length * (findings.length - 5));
  });

  it("applied all together (the first option where there are options), in rounds, leave no docs finding and no run failure, with the whole check and Prism", () => {
    expect(together.rounds).toBeGreaterThan(0);
    expect(together.result.failures).toEqual([]);
    expect(together.result.counts.responseChecks.failed).toBe(0);
    expect(together.result.counts.responseChecks.passed).toBeGreaterThan(0);
    expect(docsFindings(together.result).map((f) => `${f.id}: ${f.message}`)).toEqual([]);
    expect(together.result.checks.examplesSentToPrism).toBe(together.result.checks.examplesAcceptedByPrism);
    expect(together.result.checks.examplesSentToPrism).toBeGreaterThan(0);
  });

  it("writes the per-finding table: each side's finding, rule, primary location, kind and result, and the same bytes for the same runs", () => {
    const written = readFileSync(join(PROJECT_ROOT, "reports", "fix-verification.md"), "utf8");
    expect(written).toBe(table);
    expect(verificationTable({ ...verification, ms: verification.ms + 1000 })).toBe(table);
    const rows = written.split("\n").filter((line) => /^\| [a-z-]+-[0-9a-f]{10} \|/.test(line));
    expect(rows.length).toBe(sides.length);
    for (const side of sides) {
      const row = rows.find((r) => r.startsWith(`| ${side.finding.id} |`) && r.includes(`| ${side.side} |`));
      expect(row, `${side.finding.id} ${side.side}`).toBeDefined();
      expect(row).toContain(`| ${side.finding.primary.uri}:${side.finding.primary.line} |`);
      expect(row).toMatch(side.side === "fix" ? /\| single-sided \| fix \|/ : /\| options \(\d+\) \| option \d+ \|/);
      expect(row).toMatch(/\| yes \| 0 \| 0 \|$/);
    }
    expect(written).toContain(`Docs findings: ${findings.length} (`);
  });
});

// Corrected drafts of the two hand-transcribed pages (the snapshots' layout, --docs): the
// transcription lags the page, so they give transcription findings at the spec lines, never a
// docs finding about the corrected lines.
const check = async (docsDir: string, prism: boolean): Promise<ContractResult> => runContract({ docsDir, reportsDir, responses: false, prism });
describe("corrected drafts of the hand-transcribed pages", () => {
  it("enterprise: min_guidance_scale corrected to agree with v6 gives transcription findings at the spec lines, no docs finding about line 61", async () => {
    const correction = { from: 'query="min_guidance_scale" type="number" min="0" default="0"', to: 'query="min_guidance_scale" type="number" min="1" default="1"' };
    // The site's page and its .mdx, corrected alike.
    const docsDir = editedDocs([{ file: "v1-enterprise-img2video.md", ...correction }, { file: "docs-repo/enterprise-api/video/img-to-video.mdx", ...correction }]);
    temporary.push(docsDir);
    const result = await check(docsDir, true);
    expect(docsFindings(result).filter((f) => f.locations.some((l) => l.page === "v1-enterprise-img2video.md" && l.line === 61))).toEqual([]);
    const [transcription, ...others] = result.findings.filter((f) => f.kind === "transcription");
    expect(others).toEqual([]);
    expect(transcription!.field).toBe("min_guidance_scale");
    expect(transcription!.evidence.filter((s) => s.role === "spec").map((s) => s.where).sort()).toEqual([
      "the project's transcription of v1-enterprise-img2video.md (openapi/specs/v1-enterprise-video.yaml:123)",
      "the project's transcription of v1-enterprise-img2video.md (openapi/specs/v1-enterprise-video.yaml:124)",
    ]);
    expect(transcription!.evidence.filter((s) => s.role === "param-field").map((s) => s.says).sort()).toEqual([`the page now says: "default="1""`, `the page now says: "min="1""`]);
    // The spec edit proposed for it, keyword line by keyword line, applies to the spec and says what the page says now.
    expect(transcription!.specEdits).toEqual([
      { file: "openapi/specs/v1-enterprise-video.yaml", line: 124, before: "          default: 0", after: "          default: 1" },
      { file: "openapi/specs/v1-enterprise-video.yaml", line: 123, before: "          minimum: 0", after: "          minimum: 1" },
    ]);
    expect(result.stale.map((entry) => entry.id)).toEqual(["cross-endpoint-65e6951492"]);
  }, 120_000);

  it("v7: required parameters marked, units and a typo corrected give transcription findings at the spec lines, no docs finding about the corrected rows", async () => {
    const docsDir = editedDocs([
      { file: "v7-video-fusion-image-to-video.txt", from: "| Image URL | init_image | Add", to: "| Image URL | init_image | Required. Add" },
      { file: "v7-video-fusion-image-to-video.txt", from: "| Model_id for selecting the model from mutiple models |", to: "| Required. Model_id for selecting the model from multiple models |" },
      { file: "v7-video-fusion-image-to-video.txt", from: "generated video in seconds.", to: 'generated video in seconds, as a string such as "5".' },
      { file: "v7-video-fusion-image-to-video.txt", from: "generated video in pixel.", to: 'generated video as a string such as "720p".' },
    ]);
    temporary.push(docsDir);
    const result = await check(docsDir, true);
    const corrected = [16, 19, 20, 21];
    // (A baselined finding about a corrected row, which the correction leaves as it was, is not one the correction made.)
    expect(docsFindings(result).filter((f) => f.status !== "baselined" && f.locations.some((l) => l.page === "v7-video-fusion-image-to-video.txt" && corrected.includes(l.line))).map((f) => f.message)).toEqual([]);
    const transcriptions = result.findings.filter((f) => f.kind === "transcription");
    expect(transcriptions.map((f) => [f.field, f.aspect])).toEqual([
      ["init_image", "required, description"],
      ["model_id", "required, description"],
      ["duration", "description"],
      ["resolution", "description"],
    ]);
    for (const finding of transcriptions) expect(finding.evidence.find((s) => s.role === "spec")!.where).toMatch(/^the project's transcription of v7-video-fusion-image-to-video\.txt \(openapi\/specs\/v7-video-fusion\.yaml:\d+\)$/);
  }, 120_000);
});
