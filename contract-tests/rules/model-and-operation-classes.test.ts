/**
 * More classes the check had no rule for (page-operation, prose-fallback, model-params), on
 * copies of the docs repository that have the problem and copies that do not: today's docs, a
 * copy with every instance corrected by hand, and a copy with new instances introduced
 * elsewhere. Without the rules the "today" and "introduced" expectations fail. Today's
 * findings' fixes and options are verified whole by contract-tests/suggested-fixes.test.ts; the
 * options of the introduced instances are each applied alone here (the same judgement,
 * fix-verification.ts's sideOutcome): the finding goes, no other docs finding appears, nothing fails.
 */
import { describe, expect, it } from "vitest";
import { sideOutcome } from "../fix-verification.js";
import { docsRepoCopy, editRepoFile, replaceOnce } from "../test-support/docs-repo-copy.js";
import { HOLDS, repoChecks, todaysRepoCheck } from "../test-support/repo-checks.js";

const { onRepo, of } = repoChecks();

const edit = editRepoFile;
const once = replaceOnce;
const lines = (...removed: string[]) => (text: string) => {
  const kept = text.split("\n").filter((line) => !removed.some((r) => line.trim() === r));
  if (kept.length !== text.split("\n").length - removed.length) throw new Error(`expected each of ${removed.join(", ")} once`);
  return kept.join("\n");
};
const SVD_PARAMETERS = ["min_guidance_scale", "max_guidance_scale", "motion_bucket_id", "noise_aug_strength"];

describe("page-operation, prose-fallback and model-params", async () => {
  const today = await todaysRepoCheck();

  const corrected = docsRepoCopy();
  edit(corrected, "general-api/check-requests.mdx", (text) => once("Send a `GET` request", "Send a `POST` request")(once("--request GET", "--request POST")(text)));
  edit(corrected, "video-api/img-to-video.mdx", once(" Any other models passed will be ignored and defauted to `wan2.2`", ""));
  edit(corrected, "video-api/img-to-video.mdx", lines('"min_guidance_scale":1,', '"max_guidance_scale":3,', '"motion_bucket_id":20,', '"noise_aug_strength":0.02,'));
  edit(corrected, "video-api/openapi.json", { json: (d) => SVD_PARAMETERS.forEach((name) => delete d.components.schemas.ImageToVideoRequest.properties[name]) });
  const fixed = await onRepo(corrected);

  const introduced = docsRepoCopy();
  edit(introduced, "general-api/base64-to-url.mdx", once("Send a `POST` request", "Send a `PUT` request"));
  edit(introduced, "video-api/openapi.json", { json: (d) => void (d.components.schemas.FetchVideoRequest = { type: "object", required: ["api_key"], properties: { api_key: { type: "string" } } }) });
  edit(introduced, "enterprise-api/video/openapi.json", { json: (d) => void (d.components.schemas.ApiKey.properties.key.type = "integer") });
  edit(introduced, "enterprise-api/video/img-to-video.mdx", once('description: "This endpoint is used to convert images into videos."', 'description: "This endpoint is used to convert images into videos. Supported model_id are `wan2.2` and `ltx-2.3`."'));
  edit(introduced, "video-api/openapi.json", { json: (d) => void delete d.components.schemas.ImageToVideoUltraRequest.properties.model_id.default });
  const added = await onRepo(introduced);

  it("page-operation: a page's words and curl line naming another method than its front matter and openapi.json", () => {
    const [finding, ...others] = of(today, "page-operation");
    expect(others).toEqual([]);
    expect(finding!.message).toBe('general-api/check-requests.mdx says to send GET ("Send a `GET` request", "--request GET"), but its front matter and general-api/openapi.json document POST /processing/request_count.');
    expect(finding!.primary).toEqual({ uri: "general-api/check-requests.mdx", line: 3, base: "DOCSROOT" });
    expect(finding!.fix!.sourceEdits).toEqual([
      { uri: "general-api/check-requests.mdx", line: 14, base: "DOCSROOT", before: "Send a `GET` request", after: "Send a `POST` request" },
      { uri: "general-api/check-requests.mdx", line: 16, base: "DOCSROOT", before: "--request GET", after: "--request POST" },
    ]);
    expect(of(fixed, "page-operation")).toEqual([]);
    expect(of(added, "page-operation").map((f) => f.message).sort()).toEqual([
      'enterprise-api/video/fetch-video.mdx\'s example sends "key" as string ("enterprise_api_key"), but enterprise-api/video/openapi.json (POST /enterprise/video/fetch/{id}) types it integer.',
      'general-api/base64-to-url.mdx says to send PUT ("Send a `PUT` request"), but its front matter and general-api/openapi.json document POST /base64_to_url.',
      'general-api/check-requests.mdx says to send GET ("Send a `GET` request", "--request GET"), but its front matter and general-api/openapi.json document POST /processing/request_count.',
      'video-api/fetch-video.mdx\'s example sends "key", but video-api/openapi.json (POST /video/fetch/{id}) defines no "key" and names "api_key" instead.',
    ]);
    // A name or type with only the page and the document to go by: both sides offered.
    for (const finding of of(added, "page-operation").filter((f) => f.aspect !== "method")) {
      const [page, document] = [finding.primary.uri, finding.primary.uri.replace(/[^/]+\.mdx$/, "openapi.json")];
      expect(finding.options!.map((o) => [...new Set(o.sourceEdits!.map((e) => e.uri))])).toEqual([[document], [page]]);
    }
  });

  it("prose-fallback: a fallback in words against a required field without that default, one finding for the statement", () => {
    const [finding, ...others] = of(today, "prose-fallback");
    expect(others).toEqual([]);
    expect(finding!.message).toBe('The docs say model_id falls back to "wan2.2" ("defauted to `wan2.2`"), but the OpenAPI block of v6-img2video.md requires model_id and gives it no default.');
    expect(finding!.primary).toEqual({ uri: "video-api/img-to-video.mdx", line: 4, base: "DOCSROOT" });
    expect(finding!.fix).toBeUndefined();
    expect(finding!.options!.map((o) => o.sourceEdits!.map((e) => e.uri))).toEqual([["video-api/openapi.json", "video-api/openapi.json", "video-api/openapi.json"], ["video-api/img-to-video.mdx"]]);
    expect(of(fixed, "prose-fallback")).toEqual([]);
    // img2video_ultra's default removed: the same statement, now also against its schema — the same finding.
    const [again, ...more] = of(added, "prose-fallback");
    expect(more).toEqual([]);
    expect(again!.id).toBe(finding!.id);
    expect(again!.endpoints).toEqual(["POST /v6/video/img2video", "POST /v6/video/img2video_ultra"]);
  });

  it("model-params: svd's parameters on the endpoint that serves wan2.2 and ltx-2.3", () => {
    const [finding, ...others] = of(today, "model-params");
    expect(others).toEqual([]);
    expect(finding!.field).toBe(SVD_PARAMETERS.join(", "));
    expect(finding!.message).toMatch(/^POST \/v6\/video\/img2video serves wan2\.2, ltx-2\.3, but documents "min_guidance_scale", "max_guidance_scale", "motion_bucket_id", "noise_aug_strength", which only schemas naming svd document \(v1-enterprise-img2video\.md .*\) and the documented parameters of wan2\.2, ltx-2\.3 \(.*video-api\/openapi\.json \(POST \/video\/img2video_ultra\)\) do not include\.$/);
    expect(finding!.primary).toEqual({ uri: "video-api/img-to-video.mdx", line: 30, base: "DOCSROOT" });
    // The enterprise page's words tie three of them to svd: the fix's reason cites them.
    expect(finding!.fix!.why.match(/says of "\w+": "when using svd as the model"/g)).toHaveLength(3);
    // The endpoint whose schema names the models it serves (enterprise, svd) documents its own family: nothing.
    expect(of(today, "model-params").flatMap((f) => f.endpoints)).toEqual(["POST /v6/video/img2video"]);
    expect([...new Set(finding!.fix!.sourceEdits!.map((e) => e.uri))].sort()).toEqual(["video-api/img-to-video.mdx", "video-api/openapi.json"]);
    expect(of(fixed, "model-params")).toEqual([]);
    expect(of(added, "model-params").map((f) => [f.endpoints, f.field])).toEqual([
      [["POST /v1/enterprise/video/img2video"], SVD_PARAMETERS.join(", ")],
      [["POST /v6/video/img2video"], SVD_PARAMETERS.join(", ")],
    ]);
  });

  it("the introduced instances' options, each applied alone: the finding is gone, no other docs finding appears, nothing fails", async () => {
    // Today's options (prose-fallback's) are verified by contract-tests/suggested-fixes.test.ts. Those
    // of the introduced instances go on the introduced copy, whose renamed fetch field the client
    // does not send (so without the client's calls).
    const introducedOptions = of(added, "page-operation").filter((f) => f.options);
    expect(introducedOptions.length).toBe(2);
    const known = new Set(added.findings.map((f) => f.id));
    for (const finding of introducedOptions)
      for (const option of finding.options!) {
        const copy = docsRepoCopy(option.sourceEdits!, introduced);
        expect(sideOutcome(finding, await onRepo(copy), known, copy.conflicts), option.follows).toMatchObject(HOLDS);
      }
  }, 300_000);
});
