/**
 * Every docs finding's suggested fix, verified: applied alone to a copy of the docs, the finding
 * is gone and no other docs finding appears (transcription findings may, on the edited lines:
 * the hand-written specs then lag the corrected page, which is what they are for). Applied all
 * together (in rounds, as edits of one line can depend on each other), they give a docs set with
 * no docs finding at all. One exception, not finished: a page rendered from one of ModelsLab's
 * OpenAPI documents (cross-source) disagrees with that document once the page alone is edited;
 * the fixes do not yet carry the matching edit of the document, so those cross-source findings
 * (on the edited pages only) are listed apart instead of counted as new. And corrected drafts of the two hand-transcribed pages give
 * transcription findings at the spec lines, never a docs finding about the corrected lines.
 */
import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import type { ContractResult } from "./report/contract-result.js";
import type { CheckContext } from "./rules/check-context.js";
import type { OverlayDecision } from "./specs/overlay-decisions.js";
import { runContract } from "./run-contract.js";
import { editedDocs, fixedDocs } from "./test-support/docs-copy.js";

const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});
const check = async (docsDir?: string, prism = false, inspect?: (context: CheckContext) => void): Promise<ContractResult> => {
  const reportsDir = editedDocs([]);
  temporary.push(reportsDir);
  return runContract({ ...(docsDir ? { docsDir } : {}), reportsDir, responses: false, prism, ...(inspect ? { inspect } : {}) });
};
/** What a page now says about an aspect an overlay decided, in the decision's terms. */
function stated(context: CheckContext, decision: OverlayDecision): string {
  const prop = context.pages.find((unit) => unit.spec.endpoint === decision.endpoint)?.request.properties.get(decision.field);
  if (!prop) return "absent";
  const value = {
    type: prop.types.filter((t) => t !== "null").sort(),
    nullable: prop.types.includes("null"),
    enum: prop.enum?.map(String).sort(),
    default: prop.hasDefault ? prop.default : undefined,
    minimum: prop.minimum,
    maximum: prop.maximum,
    required: prop.required,
  }[decision.aspect];
  return JSON.stringify(value ?? null);
}
const decided = (decision: OverlayDecision): string =>
  JSON.stringify((Array.isArray(decision.value) ? decision.value.map(String).sort() : decision.value) ?? null);
const docsFindings = (result: ContractResult) => result.findings.filter((f) => f.kind === "docs");
/** A page edited by the fixes now disagrees with the document it is rendered from (see above). */
const sourceLag = (finding: ContractResult["findings"][number], editedPages: Set<string>) => finding.rule === "cross-source" && finding.locations.some((l) => editedPages.has(l.page));

describe("suggested fixes", async () => {
  let original: CheckContext | undefined;
  const before = await check(undefined, false, (context) => (original = context));
  const findings = docsFindings(before);

  it("are on every docs finding, with at least one edit, the side followed and why", () => {
    expect(findings.length).toBeGreaterThan(20);
    for (const finding of findings) {
      expect(finding.fix, finding.id).toBeDefined();
      expect(finding.fix!.edits.length, finding.id).toBeGreaterThan(0);
      expect(finding.fix!.follows, finding.id).not.toBe("");
      expect(finding.fix!.why, finding.id).not.toBe("");
    }
    expect(before.findings.filter((f) => f.kind === "transcription")).toEqual([]);
  });

  it.each(findings.map((finding) => [finding.id, finding] as const))("%s: applied alone, the finding is gone and nothing new appears", async (_, finding) => {
    const { dir } = fixedDocs(finding.fix!.edits);
    temporary.push(dir);
    let fixed: CheckContext | undefined;
    const after = await check(dir, false, (context) => (fixed = context));
    const known = new Set(before.findings.map((f) => f.id));
    expect(after.failures).toEqual([]);
    // The fix never contradicts the merged document the client uses: a field an overlay decided
    // that the fix changes ends as the overlay decided, and the fix cites that action.
    expect(original!.decisions!.length).toBeGreaterThan(0);
    const contradictions = original!.decisions!.filter((d) => stated(fixed!, d) !== stated(original!, d)).flatMap((d) => [
      ...(stated(fixed!, d) === decided(d) ? [] : [`${d.endpoint} ${d.field} ${d.aspect}: the fix makes it ${stated(fixed!, d)}, ${d.action} decided ${decided(d)}`]),
      ...(finding.fix!.resolvedBy?.includes(d.action) ? [] : [`${d.endpoint} ${d.field} ${d.aspect}: the fix does not cite ${d.action}`]),
    ]);
    expect(contradictions).toEqual([]);
    expect(after.findings.map((f) => f.id)).not.toContain(finding.id);
    const editedPages = new Set(finding.fix!.edits.map((edit) => edit.page));
    expect(docsFindings(after).filter((f) => !known.has(f.id) && !sourceLag(f, editedPages)).map((f) => `${f.id}: ${f.message}`)).toEqual([]);
    // Transcription findings only where the fix edited the page.
    const edited = new Set(finding.fix!.edits.map((edit) => `${edit.page}:${edit.line}`));
    for (const transcription of after.findings.filter((f) => f.kind === "transcription"))
      expect(transcription.locations.some((l) => [...edited].some((e) => e.startsWith(`${l.page}:`))), transcription.message).toBe(true);
  });

  it("applied all together give a docs set with no docs finding at all (the whole check, Prism included)", async () => {
    let docsDir: string | undefined;
    let result = before;
    const editedPages = new Set<string>();
    const open = (r: ContractResult) => docsFindings(r).filter((f) => !sourceLag(f, editedPages));
    for (let round = 0; round < 4 && open(result).length > 0; round++) {
      const edits = open(result).flatMap((f) => f.fix!.edits);
      for (const edit of edits) editedPages.add(edit.page);
      const fixed = fixedDocs(edits, { allowConflicts: true, ...(docsDir ? { from: docsDir } : {}) });
      temporary.push(fixed.dir);
      docsDir = fixed.dir;
      result = await check(docsDir, true);
    }
    expect(result.failures).toEqual([]);
    expect(open(result).map((f) => `${f.id}: ${f.message}`)).toEqual([]);
    expect(result.checks.examplesSentToPrism).toBe(result.checks.examplesAcceptedByPrism);
    // What is left: the project's hand-written specs to catch up with, and the rendered pages' source documents.
    expect(result.findings.filter((f) => f.kind === "docs").every((f) => f.rule === "cross-source")).toBe(true);
  }, 300_000);
});

describe("corrected drafts of the hand-transcribed pages", () => {
  it("enterprise: min_guidance_scale corrected to agree with v6 gives transcription findings at the spec lines, no docs finding about line 61", async () => {
    const docsDir = editedDocs([{ file: "v1-enterprise-img2video.md", from: 'query="min_guidance_scale" type="number" min="0" default="0"', to: 'query="min_guidance_scale" type="number" min="1" default="1"' }]);
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
    expect(result.stale.map((entry) => entry.id)).toEqual(["cross-endpoint-449054191a"]);
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
    expect(docsFindings(result).filter((f) => f.locations.some((l) => l.page === "v7-video-fusion-image-to-video.txt" && corrected.includes(l.line))).map((f) => f.message)).toEqual([]);
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
