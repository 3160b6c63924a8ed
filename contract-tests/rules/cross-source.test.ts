/** The cross-source rule on the real sources (they agree) and on copies where a rendered page and its openapi.json do not. */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildDocuments } from "../../scripts/generate.js";
import { layoutOf } from "../../scripts/layout.js";
import { readPage } from "../../scripts/manifest.js";
import { readUpstreamDocument } from "../../scripts/upstream-documents.js";
import type { JsonObject } from "../claims/claim.js";
import { editedDocs, type PageEdit } from "../test-support/docs-copy.js";
import { checkAcrossSources, frontMatterOperation, sourcePairs } from "./cross-source.js";
import { mergeDrafts } from "./finding.js";

const DOC = "docs-repo/video-api/openapi.json";

async function findingsFor(edits: PageEdit[]) {
  const dir = edits.length > 0 ? editedDocs(edits) : layoutOf().upstreamDir;
  const layout = { ...layoutOf(), upstreamDir: dir, manifestFile: join(dir, "manifest.yaml") };
  const documents = await buildDocuments(layout, { verifySnapshots: false });
  const pairs = sourcePairs(
    documents.manifest,
    documents.extracted.map((source) => ({ page: String((source.document["x-extracted-from"] as JsonObject).page), document: source.document as JsonObject })),
    (file) => readPage(layout, { file }),
    readUpstreamDocument,
  );
  return { pairs, findings: mergeDrafts(checkAcrossSources(pairs)) };
}

describe("cross-source", () => {
  it("pairs each v6 page with the operation of ModelsLab's document its source renders, and finds them in agreement", async () => {
    const { pairs, findings } = await findingsFor([]);
    expect(pairs.map((p) => `${p.page.file} ← ${p.source.file} → ${p.document.file} ${p.method.toUpperCase()} ${p.path}`)).toEqual([
      `v6-img2video.md ← docs-repo/video-api/img-to-video.mdx → ${DOC} POST /video/img2video`,
      `v6-img2video-ultra.md ← docs-repo/video-api/image-to-video-ultra.mdx → ${DOC} POST /video/img2video_ultra`,
    ]);
    expect(findings).toEqual([]);
  });

  it("reports a limit the rendered page changed, naming the page and the document with their lines", async () => {
    const { findings } = await findingsFor([{ file: "v6-img2video.md", from: "          default: 16\n          maximum: 25\n", to: "          default: 16\n          maximum: 30\n" }]);
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding).toMatchObject({ rule: "cross-source", severity: "error", field: "num_frames", endpoints: ["POST /v6/video/img2video"] });
    expect(finding!.message).toContain("v6-img2video.md says 30");
    expect(finding!.message).toContain(`${DOC}`);
    expect(finding!.message).toContain("says 25");
    expect(finding!.locations.map((l) => l.page).sort()).toEqual([DOC, "v6-img2video.md"].sort());
    const pageLine = finding!.locations.find((l) => l.page === "v6-img2video.md")!.line;
    expect(readPage(layoutOf(), { file: "v6-img2video.md" }).split("\n")[pageLine - 1]).toMatch(/^\s+num_frames:/);
    const documentLine = finding!.locations.find((l) => l.page === DOC)!.line;
    expect(readPage(layoutOf(), { file: DOC }).split("\n")[documentLine - 1]).toMatch(/"num_frames"/);
  });

  it("reports a field the document made required, an enum value it dropped and a field only one source has", async () => {
    const { findings } = await findingsFor([
      { file: DOC, from: '"ImageToVideoRequest": {\n        "type": "object",\n        "required": ["key", "model_id", "init_image"],', to: '"ImageToVideoRequest": {\n        "type": "object",\n        "required": ["key", "model_id", "init_image", "height"],' },
      { file: "v6-img2video-ultra.md", from: "            - wan2.2\n            - ltx-2.3\n", to: "            - wan2.2\n" },
      { file: "v6-img2video.md", from: "        num_frames:\n", to: "        motion_scale:\n          type: number\n        num_frames:\n" },
    ]);
    const summary = findings.map((f) => `${f.endpoints[0]} ${f.field} ${f.aspect}`).sort();
    expect(summary).toEqual(["POST /v6/video/img2video height source-required", "POST /v6/video/img2video motion_scale source-presence", "POST /v6/video/img2video_ultra model_id source-enum"]);
    expect(findings.every((f) => f.rule === "cross-source" && f.locations.some((l) => l.page === DOC))).toBe(true);
  });

  it("reports an operation the page source links to that the document does not have", async () => {
    const { findings } = await findingsFor([{ file: "docs-repo/video-api/img-to-video.mdx", from: "openapi: 'POST /video/img2video'", to: "openapi: 'POST /video/img2video_v2'" }]);
    expect(findings).toEqual([expect.objectContaining({ rule: "cross-source", field: "(operation)", aspect: "source-presence" })]);
  });

  it("reads the operation a page source renders from its front matter only", () => {
    expect(frontMatterOperation("---\ntitle: x\nopenapi: 'POST /video/fetch/{id}'\n---\n")).toEqual({ method: "post", path: "/video/fetch/{id}", line: 3 });
    expect(frontMatterOperation('---\nopenapi: "GET /a"\n---\n')).toEqual({ method: "get", path: "/a", line: 2 });
    expect(frontMatterOperation("---\ntitle: x\n---\nopenapi: 'POST /video/img2video'\n")).toBeUndefined();
    expect(frontMatterOperation("openapi: 'POST /a'\n")).toBeUndefined();
  });
});
