/**
 * The classes of inconsistency the check had no rule for, each on copies of the docs that have
 * the problem and copies that do not: today's docs (a docs-repository copy, and the snapshots for
 * the site's renderings), a copy with every instance corrected by hand (not by the rules' own
 * fixes), and a copy where a new instance is introduced elsewhere. Each headline names every value
 * it compares. Without a rule its "today" and "introduced" expectations fail.
 */
import { readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ContractResult } from "../report/contract-result.js";
import { runContract } from "../run-contract.js";
import { editedDocs } from "../test-support/docs-copy.js";
import { todaysRepoCheck } from "../test-support/repo-checks.js";
import { docsRepoCopy, editRepoFile, replaceOnce, type DocsRepoCopy } from "../test-support/docs-repo-copy.js";
import type { RuleId } from "./finding.js";

const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});
const reportsDir = editedDocs([]);
temporary.push(reportsDir);
const onRepo = (copy: DocsRepoCopy) => {
  temporary.push(dirname(copy.repo));
  return runContract({ docsRepo: copy.repo, pagesDir: copy.pages, reportsDir, responses: false, prism: false });
};
const onSnapshots = (docsDir?: string) => {
  if (docsDir) temporary.push(docsDir);
  return runContract({ ...(docsDir ? { docsDir } : {}), reportsDir, responses: false, prism: false });
};
const of = (result: ContractResult, rule: RuleId) => result.findings.filter((f) => f.rule === rule);

const edit = editRepoFile;
const once = replaceOnce;

describe("the classes the check had no rule for", async () => {
  const today = await todaysRepoCheck();

  const corrected = docsRepoCopy();
  edit(corrected, "enterprise-api/image-to-video-ultra/imagetovideo.mdx", once('<ParamField query="seed" type="integer"', '<ParamField query="seed" type="integer | null"'));
  edit(corrected, "enterprise-api/video/img-to-video.mdx", once('<ParamField query="clip_skip" type="integer"', '<ParamField query="clip_skip" type="integer | null"'));
  edit(corrected, "enterprise-api/video/img-to-video.mdx", once("![Text to video endpoint result]", "![Image to video endpoint result]"));
  edit(corrected, "enterprise-api/image-to-video-ultra/imagetovideo.mdx", (text) => `${text.trimEnd()}\n\nThis server's endpoint takes no model_id and no base64: it runs one model and answers URLs.\n`);
  for (const [path, fetch] of [["enterprise-api/video/openapi.json", "/enterprise/video/fetch/{id}"], ["enterprise-api/image-to-video-ultra/openapi.json", "/image_to_video_ultra/fetch/{id}"]] as const)
    edit(corrected, path, { json: (d) => void (d.paths[fetch].post.parameters = [{ name: "id", in: "path", required: true, schema: { type: "integer" } }]) });
  const general = JSON.parse(readFileSync(join(corrected.repo, "general-api/openapi.json"), "utf8")) as Record<string, any>;
  edit(corrected, "video-api/openapi.json", { json: (d) => void (d.components.schemas.Base64ToUrlRequest = general.components.schemas.Base64ToUrlRequest) });
  const fixed = await onRepo(corrected);

  const introduced = docsRepoCopy();
  edit(introduced, "enterprise-api/video/img-to-video.mdx", once("  The number of frames in the generated video.", "  The number of frames in the generated video. Pass null for the model's own."));
  edit(introduced, "video-api/img-to-video.mdx", once("### Image to Video", "### Text to Video"));
  const added = await onRepo(introduced);

  it("type-words: an integer whose words say to pass null", () => {
    expect(of(today, "type-words").map((f) => [f.field, f.message])).toEqual([
      ["seed", 'The words of "seed" say "Pass null", but its type is integer, which does not allow null.'],
      ["clip_skip", 'The words of "clip_skip" say "Default: null", but its type is integer, which does not allow null.'],
    ]);
    expect(of(today, "type-words").map((f) => f.primary.uri)).toEqual(["enterprise-api/image-to-video-ultra/imagetovideo.mdx", "enterprise-api/video/img-to-video.mdx"]);
    expect(of(fixed, "type-words")).toEqual([]);
    expect(of(added, "type-words").map((f) => f.field).sort()).toEqual(["clip_skip", "num_frames", "seed"]);
  });

  it("copied-text: an image-to-video page captioned with another product's name", () => {
    expect(of(today, "copied-text").map((f) => f.message)).toEqual([
      'v1-enterprise-img2video.md documents image to video (POST /v1/enterprise/video/img2video) but shows "Text to video endpoint result", which names text to video.',
    ]);
    expect(of(today, "copied-text")[0]!.primary).toEqual({ uri: "enterprise-api/video/img-to-video.mdx", line: 9, base: "DOCSROOT" });
    expect(of(fixed, "copied-text")).toEqual([]);
    expect(of(added, "copied-text").map((f) => f.primary.uri).sort()).toEqual(["enterprise-api/video/img-to-video.mdx", "video-api/img-to-video.mdx"]);
  });

  it("variant-params: a variant endpoint lacking parameters its sibling has (its own example calls it without the sibling's required model_id: only the side that says it takes none)", () => {
    const [finding, ...others] = of(today, "variant-params");
    expect(others).toEqual([]);
    expect(finding!.message).toBe('/v1/enterprise/image_to_video_ultra/img2video, a variant of /v6/video/img2video_ultra, documents none of "model_id", "base64", which /v6/video/img2video_ultra takes.');
    // Documenting model_id required (as the sibling) would refuse the calls its example shows; optional, the endpoints would disagree on it.
    expect(finding!.options).toBeUndefined();
    expect(finding!.fix!.why).toMatch(/its example \(.*imagetovideo\.mdx line \d+\) calls \/v1\/enterprise\/image_to_video_ultra\/img2video without "model_id", which \/v6\/video\/img2video_ultra requires\. Only this side is offered/);
    expect(finding!.fix!.sourceEdits!.map((e) => [e.uri, e.after.split("\n").pop()])).toEqual([
      ["enterprise-api/image-to-video-ultra/imagetovideo.mdx", "/v1/enterprise/image_to_video_ultra/img2video takes no model_id, base64, unlike /v6/video/img2video_ultra."],
    ]);
    expect(of(fixed, "variant-params")).toEqual([]);
  });

  it("fetch-path: a fetch/{id} path whose operation declares no id parameter", () => {
    expect(of(today, "fetch-path").map((f) => f.message).sort()).toEqual([
      'enterprise-api/image-to-video-ultra/openapi.json documents POST /image_to_video_ultra/fetch/{id}, whose path names {id}, but declares no path parameter "id".',
      'enterprise-api/video/openapi.json documents POST /enterprise/video/fetch/{id}, whose path names {id}, but declares no path parameter "id".',
    ]);
    for (const finding of of(today, "fetch-path")) expect(finding.fix!.resolvedBy).toEqual(["openapi/overlays/enterprise-fetch.overlay.yaml#1"]);
    expect(of(fixed, "fetch-path")).toEqual([]);
  });

  it("twin-documents: the two base64_to_url documents disagreeing, both fields named", () => {
    expect(of(today, "twin-documents").map((f) => f.message)).toEqual([
      '"base64_to_url" takes "base64_string" in general-api/openapi.json (POST /base64_to_url) but "init_obj" in video-api/openapi.json (POST /video/base64_to_url); required: "key", "base64_string" vs "key", "init_obj".',
    ]);
    expect(of(today, "twin-documents")[0]!.fix!.sourceEdits!.every((e) => e.uri === "video-api/openapi.json")).toBe(true);
    expect(of(fixed, "twin-documents")).toEqual([]);
  });

  it("rendered-page: a page of the site that differs from its own .mdx (the snapshots hold the site's pages)", async () => {
    const snapshots = await onSnapshots();
    const [finding, ...others] = of(snapshots, "rendered-page");
    expect(others).toEqual([]);
    expect(finding!.message).toMatch(/^v6-img2video-ultra\.md \(the site's page\) differs from its source video-api\/image-to-video-ultra\.mdx on 1 line: line 24 shows "\\"init_image\\":\\"https:\/\/assets\.modelslab\.ai\/.*", the source renders "\\"init_image\\":\\"https:\/\/pub-3626123a908346a7a8be8d9295f44e26\.r2\.dev\/.*"\.$/);
    expect(finding!.options).toHaveLength(2);
    expect(finding!.options![1]!.sourceEdits).toEqual([expect.objectContaining({ uri: "video-api/image-to-video-ultra.mdx", line: 22, base: "DOCSROOT" })]);
    // The site's page and its source agreeing: nothing; the site's page changed on another line: that line.
    const site = readFileSync(join(today.projectRoot, "openapi/upstream/v6-img2video-ultra.md"), "utf8").split("\n")[23]!;
    const mdx = readFileSync(join(corrected.repo, "video-api/image-to-video-ultra.mdx"), "utf8").split("\n")[21]!;
    const agreeing = await onSnapshots(editedDocs([{ file: "v6-img2video-ultra.md", from: site, to: mdx }]));
    expect(of(agreeing, "rendered-page")).toEqual([]);
    const drifted = await onSnapshots(editedDocs([{ file: "v6-img2video-ultra.md", from: site, to: mdx }, { file: "v6-img2video-ultra.md", from: "![Image to Video Ultra Example]", to: "![Image to Video Ultra example]" }]));
    expect(of(drifted, "rendered-page").map((f) => f.message)).toEqual([
      expect.stringMatching(/on 1 line: line 9 shows "!\[Image to Video Ultra example\]\(https:[^"]*\)", the source renders "!\[Image to Video Ultra Example\]\(https:[^"]*\)"\.$/),
    ]);
    // A checkout's pages are rendered from it: nothing to compare.
    expect(of(today, "rendered-page")).toEqual([]);
  });
});
