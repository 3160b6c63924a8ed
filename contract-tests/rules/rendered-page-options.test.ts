/**
 * The rendered-page finding's two options, each verified whole on the snapshots (the only input
 * that holds the site's renderings; with --docs-repo every page is rendered from the checkout, so
 * the per-fix test of contract-tests/suggested-fixes.test.ts cannot see this finding):
 *
 * 1. "publish the page anew from its source": the site's page is replaced by the rendering of its
 *    `.mdx` and the `openapi.json` beside it, as the site would publish it;
 * 2. "the source takes what the site shows": the option's edits applied to the `.mdx`.
 *
 * Each alone, then the whole check with the client's calls on Prism, judged as every side is
 * (fix-verification.ts's sideOutcome): the finding is gone, no other docs finding appears, no
 * edit conflicts, no run failure.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { JsonObject } from "../claims/claim.js";
import { renderPage } from "../docs-repo/render-page.js";
import { sideOutcome } from "../fix-verification.js";
import { runContract } from "../run-contract.js";
import { editedDocs, fixedDocs } from "../test-support/docs-copy.js";
import { HOLDS } from "../test-support/repo-checks.js";

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

describe("rendered-page: both options, each applied alone to the snapshots and the whole check run", async () => {
  const before = await check();
  const finding = before.findings.find((f) => f.rule === "rendered-page");
  const known = new Set(before.findings.map((f) => f.id));

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
    expect(after.checks.responses.length).toBe(before.checks.responses.length);
    expect(sideOutcome(finding!, after, known)).toMatchObject(HOLDS);
  });

  it("option 2, the source takes what the site shows: gone, nothing new, no failure", async () => {
    const option = finding!.options![1]!;
    expect(option.edits.length).toBeGreaterThan(0);
    // Every edit must apply (fixedDocs throws on one that does not).
    const { dir } = fixedDocs(option.edits);
    const after = await check(dir);
    expect(after.checks.responses.length).toBe(before.checks.responses.length);
    expect(sideOutcome(finding!, after, known)).toMatchObject(HOLDS);
  });
});
