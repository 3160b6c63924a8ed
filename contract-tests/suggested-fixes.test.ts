/**
 * Every docs finding's suggested fix, verified whole, in the files the docs team edits: applied
 * alone to a copy of the docs repository (its edits of `.mdx` and `openapi.json` files, and of the
 * pages outside the repository), the whole check runs again on that copy with --docs-repo, the
 * project's client calls on Prism included. The finding is gone, no other docs finding of any rule
 * appears (a rendered page is rendered anew from the edited sources, so page and document cannot
 * drift apart), nothing fails; transcription findings (the project's hand-written specs lagging the
 * corrected page) may appear, and are the project's to fix. No exceptions list.
 *
 * The same runs prove the ids stable: correcting one baselined cause alone leaves the id of every
 * other finding as it was (a finding the same edits also correct may go, never change).
 *
 * A finding whose evidence does not decide the side offers options instead of a fix; the round
 * that applies every fix ends with those findings only.
 */
import { rmSync } from "node:fs";
import { dirname } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { SourceEdit } from "./docs-repo/source-places.js";
import type { ContractResult, ReportedFinding } from "./report/contract-result.js";
import { runContract } from "./run-contract.js";
import { editedDocs } from "./test-support/docs-copy.js";
import { docsRepoCopy, type DocsRepoCopy } from "./test-support/docs-repo-copy.js";

const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});
const reportsDir = editedDocs([]);
temporary.push(reportsDir);
/** The whole check of a copy (the client calls of a merged document already checked in this process are shared: run-contract.ts). */
const checkRepo = (copy: DocsRepoCopy, prism = false): Promise<ContractResult> => {
  temporary.push(dirname(copy.repo));
  return runContract({ docsRepo: copy.repo, pagesDir: copy.pages, reportsDir, responses: true, prism });
};
const docsFindings = (result: ContractResult) => result.findings.filter((f) => f.kind === "docs");

describe("suggested fixes, each applied alone to a copy of the docs repository", async () => {
  const before = await checkRepo(docsRepoCopy());
  const findings = docsFindings(before);
  const withFix = findings.filter((f) => f.fix);
  // One whole check per fix, shared by the fix test and the identity test below.
  const runs = new Map<string, { after: ContractResult; conflicts: SourceEdit[] }>();
  for (const finding of withFix) {
    const copy = docsRepoCopy(finding.fix!.sourceEdits ?? []);
    runs.set(finding.id, { after: await checkRepo(copy), conflicts: copy.conflicts });
  }

  it("are on every docs finding (a fix, or options where the evidence does not decide), with edits in the docs repository's files and the side's reason", () => {
    expect(before.failures).toEqual([]);
    expect(findings.length).toBeGreaterThan(20);
    for (const finding of findings) {
      const sides = finding.fix ? [finding.fix] : (finding.options ?? []);
      expect(sides.length, finding.id).toBeGreaterThan(0);
      if (!finding.fix) expect(finding.options!.length, finding.id).toBeGreaterThanOrEqual(2);
      for (const side of sides) {
        expect(side.sourceEdits?.length, `${finding.id}: edits traced to the sources`).toBeGreaterThan(0);
        expect(side.follows, finding.id).not.toBe("");
        expect(side.why, finding.id).not.toBe("");
        if (!finding.fix) expect(side.changes, `${finding.id}: what the option would change`).toBeTruthy();
        // Never the rendered pages (the project's snapshots): a repository file, or a page outside it by its URL.
        for (const edit of side.sourceEdits!) expect(edit.base === "DOCSROOT" || (!edit.base && /^https:\/\//.test(edit.uri)), `${finding.id}: ${edit.uri}`).toBe(true);
      }
    }
    expect(before.findings.filter((f) => f.kind === "transcription")).toEqual([]);
  });

  it.each(withFix.map((finding) => [finding.id, finding] as const))("%s: the finding is gone, no other docs finding appears, no run failure", (_, finding) => {
    const { after, conflicts } = runs.get(finding.id)!;
    expect(conflicts).toEqual([]);
    expect(after.failures).toEqual([]);
    expect(after.counts.responseChecks.failed).toBe(0);
    expect(after.counts.responseChecks.passed).toBeGreaterThan(0);
    expect(after.findings.map((f) => f.id)).not.toContain(finding.id);
    const known = new Set(before.findings.map((f) => f.id));
    expect(docsFindings(after).filter((f) => !known.has(f.id)).map((f) => `${f.id}: ${f.message}`)).toEqual([]);
  });

  it("correcting each baselined cause alone leaves every other finding's id unchanged", () => {
    const about = (f: ReportedFinding) => JSON.stringify([f.rule, f.field, f.aspect, [...f.endpoints].sort()]);
    const changed: string[] = [];
    let compared = 0;
    for (const finding of withFix) {
      const after = runs.get(finding.id)!.after;
      for (const other of findings.filter((f) => f !== finding)) {
        // A finding the correction also settles (the same edits, or a comparison that no longer
        // applies, e.g. two endpoints that no longer take the same model) is gone; one still
        // reported about the same thing keeps its id.
        const still = after.findings.filter((f) => about(f) === about(other));
        compared += still.length;
        for (const now of still) if (now.id !== other.id) changed.push(`${finding.id} applied: ${other.id} (${other.rule} ${other.field}) is now ${now.id}`);
      }
      expect(after.findings.filter((f) => f.kind === "docs" && !findings.some((g) => g.id === f.id))).toEqual([]);
    }
    expect(compared).toBeGreaterThan(withFix.length * (findings.length - 5));
    expect(changed).toEqual([]);
  });

  it("applied all together (in rounds) leave only the findings that offer options, with the whole check and Prism", async () => {
    let copy = docsRepoCopy();
    let result = before;
    const open = (r: ContractResult) => docsFindings(r).filter((f) => f.fix);
    for (let round = 0; round < 4 && open(result).length > 0; round++) {
      copy = docsRepoCopy(
        open(result).flatMap((f) => f.fix!.sourceEdits!),
        copy,
      );
      result = await checkRepo(copy, true);
    }
    expect(result.failures).toEqual([]);
    expect(open(result).map((f) => `${f.id}: ${f.message}`)).toEqual([]);
    expect(result.checks.examplesSentToPrism).toBe(result.checks.examplesAcceptedByPrism);
    // What is left offers options (the docs team's choice); some of those went with the fixes (a comparison that no longer applies).
    const offering = new Set(findings.filter((f: ReportedFinding) => !f.fix).map((f) => f.id));
    expect(docsFindings(result).filter((f) => !offering.has(f.id)).map((f) => `${f.id}: ${f.message}`)).toEqual([]);
    expect(docsFindings(result).length).toBeGreaterThan(0);
  }, 300_000);
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
