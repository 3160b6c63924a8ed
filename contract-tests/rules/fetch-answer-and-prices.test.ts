/**
 * The classes fetch-answer and prices, on copies of the docs repository that have the problem and
 * copies that do not: today's docs, a copy with every instance corrected by hand, and a copy with
 * new instances introduced elsewhere (without the rules, "today" and "introduced" fail). The
 * prices findings exist only on the introduced copy, so the per-fix test (today's docs) cannot
 * apply their options: each is applied alone here, judged by fix-verification.ts's sideOutcome.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sideOutcome } from "../fix-verification.js";
import { docsRepoCopy, editRepoFile as edit, replaceOnce as once } from "../test-support/docs-repo-copy.js";
import { HOLDS, repoChecks, todaysRepoCheck } from "../test-support/repo-checks.js";

const { onRepo, of } = repoChecks();

const FETCHES = [
  ["enterprise-api/video/openapi.json", "/enterprise/video/fetch/{id}"],
  ["enterprise-api/image-to-video-ultra/openapi.json", "/image_to_video_ultra/fetch/{id}"],
] as const;
const answerOf = (d: Record<string, any>, path: string) => d.paths[path].post.responses["200"].content["application/json"];
const GENERATION = ["status", "generationTime", "id", "output", "proxy_links", "future_links", "meta", "eta", "message", "tip", "fetch_result"];

describe("fetch-answer and prices", async () => {
  const today = await todaysRepoCheck();
  const video = JSON.parse(readFileSync(join(docsRepoCopy().repo, "video-api/openapi.json"), "utf8")) as Record<string, any>;
  const generation = video.components.schemas.VideoResponse;

  // Corrected by hand: each enterprise fetch answers its status and message and the generation's fields;
  // the v6 img2video_ultra page states the legacy page's price and credits.
  const corrected = docsRepoCopy();
  for (const [path, fetch] of FETCHES)
    edit(corrected, path, { json: (d) => void (answerOf(d, fetch).schema = { allOf: [{ $ref: "#/components/schemas/GenericResponse" }, { type: "object", properties: generation.properties }] }) });
  edit(corrected, "video-api/image-to-video-ultra.mdx", once("## Request\n", "Each API call costs $0.2, which is equivalent to 31 credits from the Basic Plan.\n\n## Request\n"));
  const fixed = await onRepo(corrected);

  // Introduced, each on the corrected copy: the v6 fetch answering an error's status and message
  // (which the client's calls then fail on), and another price on the v6 img2video_ultra page.
  const fetchIntroduced = docsRepoCopy([], corrected);
  edit(fetchIntroduced, "video-api/openapi.json", { json: (d) => void (answerOf(d, "/video/fetch/{id}").schema = { $ref: "#/components/schemas/Error" }) });
  const addedFetch = await onRepo(fetchIntroduced);
  const introduced = docsRepoCopy([], corrected);
  edit(introduced, "video-api/image-to-video-ultra.mdx", once("costs $0.2, which is equivalent to 31 credits", "costs $0.25, which is equivalent to 31 credits"));
  const added = await onRepo(introduced);

  it("fetch-answer: an enterprise fetch answering status and message only, where the sibling fetch answers the generation", () => {
    const findings = of(today, "fetch-answer");
    expect(findings.map((f) => f.primary)).toEqual([
      { uri: "enterprise-api/image-to-video-ultra/openapi.json", line: 191, base: "DOCSROOT" },
      { uri: "enterprise-api/video/openapi.json", line: 223, base: "DOCSROOT" },
    ]);
    for (const [finding, [path, fetch]] of findings.map((f, index) => [f, [...FETCHES].reverse()[index]!] as const)) {
      expect(finding.message).toBe(
        `${path} (POST ${fetch}) answers "status", "message" only (GenericResponse), while video-api/openapi.json (POST /video/fetch/{id}) answers the generation: ${GENERATION.map((f) => `"${f}"`).join(", ")}; ${GENERATION.filter((f) => f !== "status" && f !== "message").map((f) => `"${f}"`).join(", ")} are missing.`,
      );
      expect([...new Set(finding.fix!.sourceEdits!.map((e) => e.uri))]).toEqual([path]);
      expect(finding.fix!.resolvedBy!.every((action) => action.startsWith("openapi/overlays/enterprise-fetch.overlay.yaml#"))).toBe(true);
    }
    expect(of(fixed, "fetch-answer")).toEqual([]);
    expect(fixed.failures).toEqual([]);
    expect(of(addedFetch, "fetch-answer").map((f) => f.message)).toEqual([
      `video-api/openapi.json (POST /video/fetch/{id}) answers "status", "message" only (Error), while enterprise-api/video/openapi.json (POST /enterprise/video/fetch/{id}) answers the generation: "status", "message", ${GENERATION.filter((f) => f !== "status" && f !== "message").map((f) => `"${f}"`).join(", ")}; ${GENERATION.filter((f) => f !== "status" && f !== "message").map((f) => `"${f}"`).join(", ")} are missing.`,
    ]);
  });

  it("prices: one call priced twice, and a plan's credits at another rate", () => {
    expect(of(today, "prices")).toEqual([]);
    expect(of(fixed, "prices")).toEqual([]);
    expect(of(added, "prices").map((f) => f.aspect).sort()).toEqual(["credits", "price"]);
    const dollars = of(added, "prices").find((f) => f.aspect === "price");
    const credits = of(added, "prices").find((f) => f.aspect === "credits");
    // The page's OpenAPI block (its operation description, "Costs $0.2 per API call") and the legacy page agree today.
    expect(dollars!.message).toBe("A call of POST /v6/video/img2video_ultra costs $0.25 (v6-img2video-ultra.md line 11) and $0.2 (v6-img2video-ultra.md line 66) and $0.2 (v6-img2video-ultra-legacy.txt line 11).");
    expect(credits!.message).toBe("The Basic Plan's credits disagree: 31 credits for $0.25 (v6-img2video-ultra.md line 11) vs 31 credits for $0.2 (v6-img2video-ultra-legacy.txt line 11).");
    expect(dollars!.primary).toEqual({ uri: "video-api/image-to-video-ultra.mdx", line: 9, base: "DOCSROOT" });
    expect(dollars!.options!.map((o) => o.sourceEdits!.map((e) => e.uri).sort())).toEqual([["https://docs.modelslab.com/video-api/image-to-video-ultra", "video-api/openapi.json"], ["video-api/image-to-video-ultra.mdx"]]);
    expect(credits!.options!.map((o) => o.sourceEdits!.map((e) => e.uri))).toEqual([["https://docs.modelslab.com/video-api/image-to-video-ultra"], ["video-api/image-to-video-ultra.mdx"]]);
  });

  it("each prices option, applied alone: the finding is gone, no other docs finding appears, nothing fails", async () => {
    const known = new Set(added.findings.map((f) => f.id));
    const options = of(added, "prices").flatMap((finding) => finding.options!.map((option) => ({ finding, option })));
    expect(options).toHaveLength(4);
    for (const { finding, option } of options) {
      const copy = docsRepoCopy(option.sourceEdits!, introduced);
      expect(sideOutcome(finding, await onRepo(copy, true), known, copy.conflicts), option.follows).toMatchObject(HOLDS);
    }
  }, 300_000);
});
