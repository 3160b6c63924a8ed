/**
 * The rendered-page finding's two options, each verified whole on the snapshots (the only input
 * that holds the site's renderings; with --docs-repo every page is rendered from the checkout, so
 * the per-fix test of contract-tests/suggested-fixes.test.ts cannot see this finding):
 *
 * 1. "publish the page anew from its source": the site's page is replaced by the rendering of its
 *    `.mdx` and the `openapi.json` beside it, as the site would publish it;
 * 2. "the source takes what the site shows": the option's edits applied to the `.mdx`.
 *
 * Each alone, then the whole check with the client's calls on Prism: the finding is gone, no
 * other docs finding appears (every other id as it was), no run failure.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { JsonObject } from "../claims/claim.js";
import { renderPage } from "../docs-repo/render-page.js";
import type { ContractResult } from "../report/contract-result.js";
import { runContract } from "../run-contract.js";
import { editedDocs, fixedDocs } from "../test-support/docs-copy.js";

const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});
const reportsDir = editedDocs([]);
temporary.push(reportsDir);
const check = (docsDir?: string) => {
  if (docsDir) temporary.push(docsDir);
  return runContract({ ...(docsDir ? { docsDir } : {}), reportsDir });
};
const docsIds = (result: ContractResult) => result.findings.filter((f) => f.kind === "docs").map((f) => f.id).sort();

describe("rendered-page: both options, each applied alone to the snapshots and the whole check run", async () => {
  const before = await check();
  const finding = before.findings.find((f) => f.rule === "rendered-page");
  const others = docsIds(before).filter((id) => id !== finding?.id);

  it("is today's report's one rendered-page finding, offering two options", () => {
    expect(before.failures).toEqual([]);
    expect(before.checks.responses.length, "the client's calls on Prism ran").toBeGreaterThan(0);
    expect(finding?.options).toHaveLength(2);
  });

  it("option 1, the site publishes the page anew from its source: gone, nothing new, no failure", async () => {
    const copy = editedDocs([]);
    const source = "docs-repo/video-api/image-to-video-ultra.mdx";
    const document = JSON.parse(readFileSync(join(copy, "docs-repo/video-api/openapi.json"), "utf8")) as JsonObject;
    const published = renderPage({ path: "video-api/image-to-video-ultra.mdx", text: readFileSync(join(copy, source), "utf8") }, document);
    writeFileSync(join(copy, "v6-img2video-ultra.md"), published.text);
    // The manifest's checksums follow the republished page.
    const dir = fixedDocs([], { from: copy }).dir;
    rmSync(copy, { recursive: true, force: true });
    const after = await check(dir);
    expect(after.failures).toEqual([]);
    expect(after.checks.responses.length).toBe(before.checks.responses.length);
    expect(after.findings.filter((f) => f.rule === "rendered-page")).toEqual([]);
    expect(docsIds(after)).toEqual(others);
  });

  it("option 2, the source takes what the site shows: gone, nothing new, no failure", async () => {
    const option = finding!.options![1]!;
    expect(option.edits.length).toBeGreaterThan(0);
    const { dir, conflicts } = fixedDocs(option.edits);
    expect(conflicts).toEqual([]);
    const after = await check(dir);
    expect(after.failures).toEqual([]);
    expect(after.checks.responses.length).toBe(before.checks.responses.length);
    expect(after.findings.filter((f) => f.rule === "rendered-page")).toEqual([]);
    expect(docsIds(after)).toEqual(others);
  });
});
