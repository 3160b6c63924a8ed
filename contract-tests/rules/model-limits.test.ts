/**
 * model-limits on copies of the docs repository: today's docs (img2video_ultra's Note states the
 * resolution maximum for wan2.2, and the endpoint takes ltx-2.3 too), a copy corrected by hand (the
 * Note states ltx-2.3's too), and a copy with a new instance elsewhere (v6 img2video). Today's
 * finding's options are verified whole, each alone with the client's calls on Prism, by
 * contract-tests/suggested-fixes.test.ts, with every other docs finding's.
 */
import { describe, expect, it } from "vitest";
import { docsRepoCopy, editRepoFile as edit, replaceOnce as once } from "../test-support/docs-repo-copy.js";
import { repoChecks, todaysRepoCheck } from "../test-support/repo-checks.js";

const { onRepo, of } = repoChecks();

describe("model-limits", async () => {
  const today = await todaysRepoCheck();
  const corrected = docsRepoCopy();
  edit(corrected, "video-api/image-to-video-ultra.mdx", once("- **wan2.2**: Maximum resolution is **720p**", "- **wan2.2**: Maximum resolution is **720p**\n- **ltx-2.3**: Maximum resolution is **720p**"));
  const fixed = await onRepo(corrected);
  const introduced = docsRepoCopy();
  edit(introduced, "video-api/img-to-video.mdx", once("### Image to Video\n", "### Image to Video\n\n<Note>\n- **ltx-2.3**: Maximum motion_bucket_id is **255**\n</Note>\n"));
  const added = await onRepo(introduced);

  it("a limit stated for wan2.2 on an endpoint that takes ltx-2.3 too, nothing stated for it", () => {
    const [finding, ...others] = of(today, "model-limits");
    expect(others).toEqual([]);
    expect(finding!.message).toBe("v6-img2video-ultra.md states the maximum of resolution for one model (720 for wan2.2), but POST /v6/video/img2video_ultra also takes ltx-2.3 (wan2.2, ltx-2.3), for which it states none.");
    expect(finding!.primary).toEqual({ uri: "video-api/image-to-video-ultra.mdx", line: 37, base: "DOCSROOT" });
    expect(finding!.options!.map((o) => o.sourceEdits!.map((e) => [e.uri, e.line, e.after]))).toEqual([
      [["video-api/image-to-video-ultra.mdx", 37, ""]],
      [["video-api/image-to-video-ultra.mdx", 37, "**wan2.2**: Maximum resolution is **720p** (**ltx-2.3**: no maximum resolution)"]],
    ]);
    expect(of(fixed, "model-limits")).toEqual([]);
    expect(of(added, "model-limits").map((f) => [f.endpoints, f.field])).toEqual([
      [["POST /v6/video/img2video_ultra"], "resolution"],
      [["POST /v6/video/img2video"], "motion_bucket_id"],
    ]);
  });
});
