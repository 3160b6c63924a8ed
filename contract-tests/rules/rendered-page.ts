/**
 * Rule rendered-page: a page of the site differs from its own source. The page is a rendering of
 * an `.mdx` of the docs repository (and of the `openapi.json` beside it); rendered anew from the
 * snapshot of that source, it should read as the site shows it (render-page.ts reproduces the
 * site's rendering, byte for byte for today's sources). A line that differs means the site and
 * the repository no longer say the same thing. Which is current the docs do not say, so the
 * finding offers both options: publish the page from its source, or give the source what the
 * site shows. Only the snapshots have a site's rendering: with --docs-repo every page is rendered
 * from the checkout, and this rule has nothing to compare.
 */
import type { JsonObject } from "../claims/claim.js";
import { renderPage } from "../docs-repo/render-page.js";
import type { FindingDraft, PageEdit, Statement } from "./finding.js";

export interface RenderedPair {
  /** The rendered page (a `pages` file) and its text, as the site shows it. */
  page: string;
  pageText: string;
  endpoint: string;
  /** The .mdx (docs-repo/<path>), its repository path and text; the openapi.json beside it, parsed. */
  source: string;
  sourcePath: string;
  sourceText: string;
  document?: JsonObject;
}

export function checkRenderedPages(pairs: readonly RenderedPair[]): FindingDraft[] {
  const drafts: FindingDraft[] = [];
  for (const pair of pairs) {
    let rendering: ReturnType<typeof renderPage>;
    try {
      rendering = renderPage({ path: pair.sourcePath, text: pair.sourceText }, pair.document);
    } catch {
      continue;
    }
    const site = pair.pageText.split("\n");
    const ours = rendering.text.split("\n");
    // Lines of the OpenAPI view are the document's (the cross-source rule compares them as values).
    const end = rendering.openapi ? rendering.openapi.firstLine - 1 : Math.max(site.length, ours.length);
    if (rendering.openapi && site.length !== ours.length) continue;
    const differing: { line: number; site: string; source: string; from: number }[] = [];
    for (let index = 0; index < end; index++) if ((site[index] ?? "") !== (ours[index] ?? "")) differing.push({ line: index + 1, site: site[index] ?? "", source: ours[index] ?? "", from: rendering.fromLine[index] ?? 0 });
    if (differing.length === 0) continue;
    const sourceLines = pair.sourceText.split("\n");
    const giveSite: PageEdit[] = differing.flatMap((d) => (d.from > 0 && sourceLines[d.from - 1]?.trim() === d.source.trim() ? [{ page: pair.source, line: d.from, before: sourceLines[d.from - 1]!, after: sourceLines[d.from - 1]!.replace(d.source.trim(), d.site.trim()) }] : []));
    const statements: Statement[] = differing.flatMap((d) => [
      { role: "prose" as const, location: { page: pair.page, line: d.line }, says: `the site shows ${JSON.stringify(d.site.trim())}` },
      { role: "prose" as const, location: { page: pair.source, line: d.from || 1 }, says: `the source renders ${JSON.stringify(d.source.trim())}` },
    ]);
    drafts.push({
      rule: "rendered-page",
      severity: "warning",
      endpoints: [pair.endpoint],
      field: "(page)",
      aspect: "rendering",
      cause: JSON.stringify(["rendered-page", pair.page, pair.source]),
      message: `${pair.page} (the site's page) differs from its source ${pair.sourcePath} on ${differing.length} line${differing.length === 1 ? "" : "s"}: ${differing.map((d) => `line ${d.line} shows ${JSON.stringify(d.site.trim())}, the source renders ${JSON.stringify(d.source.trim())}`).join("; ")}.`,
      statements,
      options: [
        {
          follows: `the source (${pair.sourcePath}): the site publishes the page anew from it`,
          why: `The page is rendered from ${pair.sourcePath}, which the docs team edits.`,
          edits: [],
          changes: "nothing in the repository; the site's page then shows what the source says",
        },
        {
          follows: `the site: ${pair.sourcePath} takes what the page shows`,
          why: `The site's page may be the newer text (the snapshot of ${pair.page} and its source were taken from the site and the repository).`,
          edits: giveSite,
          changes: `${pair.sourcePath} line${giveSite.length === 1 ? "" : "s"} ${giveSite.map((e) => e.line).join(", ")} take the site's text`,
        },
      ],
    });
  }
  return drafts;
}
