import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { layoutOf } from "../../scripts/layout.js";
import { parseModelsSnapshot } from "../../scripts/v7-models.js";
import { readYaml } from "../../scripts/yaml-io.js";
import type { JsonObject } from "../claims/claim.js";
import { fixtureContext } from "../test-support/check-context-fixture.js";
import { checkModelPages } from "./model-pages.js";

const upstream = layoutOf().upstreamDir;
const V7_PAGE = readFileSync(`${upstream}/v7-video-fusion-image-to-video.txt`, "utf8");
const SNAPSHOT = readFileSync(`${upstream}/v7-models.json`, "utf8");
const spec = readYaml(`${layoutOf().specsDir}/v7-video-fusion.yaml`, "v7-video-fusion.yaml") as JsonObject;

function findings(pageText = V7_PAGE, snapshotText = SNAPSHOT) {
  const context = fixtureContext(
    [{ file: "v7-video-fusion-image-to-video.txt", format: "text", text: pageText, endpoint: "POST https://modelslab.com/api/v7/video-fusion/image-to-video", family: "v7" }],
    [{ label: "openapi/specs/v7-video-fusion.yaml", document: spec }],
  );
  return checkModelPages(context, { file: "v7-models.json", snapshot: parseModelsSnapshot(snapshotText, "v7-models.json"), text: snapshotText });
}

describe("rule model-pages", () => {
  it("finds the audio text's durations, a list of images and a value in two spellings, each with a fix at its line", () => {
    const drafts = findings();
    expect(drafts.map((draft) => [draft.field, draft.aspect])).toEqual([
      ["init_audio", "audio-duration"],
      ["init_image", "init-image-list"],
      ["resolution", "spelling"],
    ]);
    const [audio, image, spelling] = drafts;
    expect(audio!.message).toContain('wan2.6-i2v-flash asks for a duration of "15"');
    expect(audio!.fix!.edits).toEqual([{ page: "v7-video-fusion-image-to-video.txt", line: 17, before: "the duration value (5 or 10 seconds), the first 5 or 10 seconds are", after: "the duration value, the first duration seconds are" }]);
    expect(image!.statements.map((s) => `${s.location.page}:${s.location.line}`)).toContain("v7-video-fusion-image-to-video.txt:16");
    const lines = SNAPSHOT.split("\n");
    for (const edit of spelling!.fix!.edits) {
      expect(edit.page).toBe("v7-models.json");
      expect(lines[edit.line - 1]).toContain('"720P"');
      expect(edit.after).toBe('"720p"');
    }
    expect(spelling!.fix!.edits).toHaveLength(2);
  });

  it("finds nothing where the pages agree: each fix applied, or the disagreeing value gone", () => {
    const fixedPage = V7_PAGE.replace("the duration value (5 or 10 seconds), the first 5 or 10 seconds are", "the duration value, the first duration seconds are").replace(
      "| Add the image to convert it to video using prompt |",
      "| Add the image to convert it to video using prompt: a URL, or a list of URLs for a multi-image model |",
    );
    const agreeing = SNAPSHOT.replaceAll('"720P"', '"720p"');
    expect(findings(fixedPage, agreeing)).toEqual([]);
    const noFlash = SNAPSHOT.replace('"examples": [\n            "15"\n          ]', '"examples": [\n            "10"\n          ]').replace('"duration": "15"', '"duration": "10"');
    expect(findings(V7_PAGE, noFlash).map((draft) => draft.aspect)).not.toContain("audio-duration");
  });
});
