import { describe, expect, it } from "vitest";
import { fixtureContext, specDocument } from "../test-support/check-context-fixture.js";
import { checkClaimsAgainstSchema } from "./claim-vs-schema.js";

const request = {
  type: "object",
  required: ["key", "model_id"],
  properties: {
    key: { type: "string" },
    model_id: { type: "string", enum: ["svd"] },
    steps: { type: "integer", default: 25, maximum: 25 },
    resolution: { type: "integer" },
  },
};
const ENDPOINT = "POST https://modelslab.com/api/v6/video/x";
const documents = [{ label: "spec.yaml", document: specDocument("/video/x", request) }];

const table = (rows: string[]) => ["ParameterDescriptionValues", ...rows, "", 'Body', '{"key": "k", "model_id": "svd"}'].join("\n");

describe("rule claim-vs-schema", () => {
  it("finds nothing when the page says what the schema says", () => {
    const page = table(["keyYour API key.String", "model_idThe model.String", "stepsDenoising steps. Default is 25. Maximum is 25.Integer", "resolutionThe resolution.Integer"]);
    expect(checkClaimsAgainstSchema(fixtureContext([{ file: "p.txt", format: "text", text: page, endpoint: ENDPOINT }], documents))).toEqual([]);
  });

  it("reports a stated default and type the schema contradicts, and documented model ids outside the enum", () => {
    const page = ["Supported model_id are `wan2.2` and `ltx-2.3`.", table(["keyYour API key.String", "model_idThe model.String", "stepsDenoising steps. Default is 20.Integer", "resolutionThe resolution.String"])].join("\n");
    const drafts = checkClaimsAgainstSchema(fixtureContext([{ file: "p.txt", format: "text", text: page, endpoint: ENDPOINT }], documents));
    expect(drafts.map((d) => [d.field, d.aspect, d.severity, d.statements.map((s) => s.location.line)])).toEqual([
      ["model_id", "enum", "error", [1, 1]],
      ["steps", "default", "error", [5, 1]],
      ["resolution", "type", "error", [6, 1]],
    ]);
  });

  it("makes two pages that disagree on a limit one finding, and reports a required parameter no part of the page mentions", () => {
    const first = table(["keyYour API key.String", "resolutionThe resolution. The maximum is 480 ."]).replace('"model_id": "svd"', '"prompt": "x"');
    const second = "**wan2.2**: Maximum resolution is **720p**";
    const drafts = checkClaimsAgainstSchema(
      fixtureContext(
        [
          { file: "a.txt", format: "text", text: first, endpoint: ENDPOINT },
          { file: "b.txt", format: "text", text: second, endpoint: ENDPOINT },
        ],
        documents,
      ),
    );
    const limit = drafts.find((d) => d.aspect === "maximum")!;
    expect(limit.severity).toBe("error");
    expect(limit.statements.map((s) => `${s.location.page}:${s.role}`)).toEqual(["a.txt:table", "b.txt:prose", "spec.yaml:schema"]);
    expect(drafts.find((d) => d.aspect === "required")).toMatchObject({ field: "model_id", rule: "claim-vs-schema" });
  });

  it("reports a documented parameter the schema lacks", () => {
    const page = table(["keyYour API key.String", "model_idThe model.String", "clip_skipLayers to skip.Integer"]);
    const drafts = checkClaimsAgainstSchema(fixtureContext([{ file: "p.txt", format: "text", text: page, endpoint: ENDPOINT }], documents));
    expect(drafts.map((d) => [d.field, d.aspect])).toEqual([["clip_skip", "unknown-property"]]);
  });
});
