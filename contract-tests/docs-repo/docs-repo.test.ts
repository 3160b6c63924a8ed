/**
 * `contract --docs-repo DIR` on a checkout in the docs repository's own layout (built from
 * openapi/upstream/docs-repo/, the files at their repository paths): the same findings, under the
 * same ids, as the snapshots give; every SARIF location (primary, related, fix) resolves to a file
 * and line of that layout, the project's own files (PROJECTROOT), or a page's URL; the fixes'
 * snippets stand on the lines they name.
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Location, Log } from "sarif";
import { afterAll, describe, expect, it } from "vitest";
import { layoutOf } from "../../scripts/layout.js";
import { readManifest } from "../../scripts/manifest.js";
import { parseModelsSnapshot } from "../../scripts/v7-models.js";
import { runContract } from "../run-contract.js";
import { editedDocs } from "../test-support/docs-copy.js";
import { docsRepoCopy } from "../test-support/docs-repo-copy.js";

const copy = docsRepoCopy();
const reportsDir = editedDocs([]);
const snapshotReports = editedDocs([]);
afterAll(() => {
  for (const dir of [dirname(copy.repo), reportsDir, snapshotReports]) rmSync(dir, { recursive: true, force: true });
});

describe("contract --docs-repo", async () => {
  const result = await runContract({ docsRepo: copy.repo, pagesDir: copy.pages, reportsDir, responses: false, prism: false });
  const snapshots = await runContract({ reportsDir: snapshotReports, responses: false, prism: false });
  const sarif = JSON.parse(readFileSync(join(reportsDir, "contract-report.sarif"), "utf8")) as Log;
  const run = sarif.runs[0]!;
  const manifest = readManifest(layoutOf());
  // A page's URL, or a v7 model page's (the models snapshot transcribes it).
  const urls = new Set([
    ...manifest.pages.map((page) => page.url),
    ...manifest.models.flatMap((entry) => parseModelsSnapshot(readFileSync(join(layoutOf().upstreamDir, entry.file), "utf8"), entry.file).models.map((model) => model.page)),
  ]);

  it("checks the checkout through the same code as the snapshots: the same findings under the same ids", () => {
    expect(result.failures).toEqual([]);
    expect(result.input).toBe("docs-repository");
    // All but the site's renderings compared with their sources, which only the snapshots hold.
    expect(result.findings.map((f) => f.id).sort()).toEqual(snapshots.findings.filter((f) => f.rule !== "rendered-page").map((f) => f.id).sort());
    expect(snapshots.findings.filter((f) => f.rule === "rendered-page")).toHaveLength(1);
    expect(result.stale).toEqual([]);
    expect(result.exitCode).toBe(0);
  });

  it("says where DOCSROOT and PROJECTROOT are (originalUriBaseIds)", () => {
    expect(fileURLToPath(run.originalUriBaseIds!.DOCSROOT!.uri!)).toBe(`${copy.repo}/`);
    expect(fileURLToPath(run.originalUriBaseIds!.PROJECTROOT!.uri!)).toBe(`${layoutOf().root}/`);
  });

  it("puts every location on a file and line of the checkout, the project's own file, or a page's URL", () => {
    const problems: string[] = [];
    const resolve = (location: Location | undefined, what: string, snippet?: string) => {
      const artifact = location?.physicalLocation?.artifactLocation;
      const line = location?.physicalLocation?.region?.startLine ?? 0;
      if (!artifact?.uri) return void problems.push(`${what}: no uri`);
      if (!artifact.uriBaseId) {
        if (!urls.has(artifact.uri)) problems.push(`${what}: ${artifact.uri} is neither in the checkout nor a page's URL`);
        return;
      }
      const root = artifact.uriBaseId === "DOCSROOT" ? copy.repo : artifact.uriBaseId === "PROJECTROOT" ? layoutOf().root : undefined;
      const file = root && join(root, artifact.uri);
      if (!file || !existsSync(file)) return void problems.push(`${what}: ${artifact.uriBaseId}/${artifact.uri} does not exist`);
      if (artifact.uriBaseId === "PROJECTROOT" && !/^openapi\/(specs|facts|upstream)\//.test(artifact.uri)) problems.push(`${what}: ${artifact.uri}`);
      const lines = readFileSync(file, "utf8").split("\n");
      if (line < 1 || line > lines.length) problems.push(`${what}: ${artifact.uri}:${line} is past the end`);
      if (snippet !== undefined && !lines[line - 1]!.includes(snippet)) problems.push(`${what}: ${artifact.uri}:${line} does not hold ${JSON.stringify(snippet)}`);
    };
    let primaryInRepository = 0;
    for (const [index, each] of (run.results ?? []).entries()) {
      resolve(each.locations?.[0], `result ${index} (${each.ruleId})`);
      if (each.locations?.[0]?.physicalLocation?.artifactLocation?.uriBaseId === "DOCSROOT") primaryInRepository++;
      for (const related of each.relatedLocations ?? []) resolve(related, `result ${index} related ${related.id}`);
      for (const fix of each.fixes ?? [])
        for (const change of fix.artifactChanges)
          for (const replacement of change.replacements)
            resolve({ physicalLocation: { artifactLocation: change.artifactLocation, region: replacement.deletedRegion } }, `result ${index} fix`, replacement.deletedRegion.snippet?.text);
    }
    expect(problems).toEqual([]);
    // Only the findings about pages outside the repository (the v7 page, the legacy page) sit on a URL.
    const outside = result.findings.filter((f) => !f.primary.base).map((f) => f.primary.uri);
    expect(primaryInRepository + outside.length).toBe(result.findings.length);
    expect(outside.every((uri) => urls.has(uri))).toBe(true);
    expect(primaryInRepository).toBeGreaterThan(20);
  });

  it("gives a rendered page's findings its .mdx or openapi.json line, and the rendered line as a related location", () => {
    const v6 = result.findings.flatMap((f) => f.evidence).filter((s) => s.location.page === "v6-img2video.md");
    expect(v6.length).toBeGreaterThan(0);
    for (const statement of v6) {
      expect(["video-api/img-to-video.mdx", "video-api/openapi.json"]).toContain(statement.place.uri);
      expect(statement.rendered).toEqual({ uri: "https://docs.modelslab.com/video-api/img-to-video.md", line: statement.location.line });
    }
  });
});
