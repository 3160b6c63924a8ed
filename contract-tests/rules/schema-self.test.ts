import { describe, expect, it } from "vitest";
import type { JsonObject } from "../claims/claim.js";
import { fixtureContext, specDocument } from "../test-support/check-context-fixture.js";
import { checkSchemaSelfContradictions } from "./schema-self.js";

const run = (request: JsonObject) =>
  checkSchemaSelfContradictions(fixtureContext([{ file: "p.txt", format: "text", text: "", endpoint: "POST https://modelslab.com/api/v6/video/x" }], [{ label: "s.yaml", document: specDocument("/video/x", request) }]));

describe("rule schema-self", () => {
  it("finds nothing in a consistent schema", () => {
    expect(run({ type: "object", required: ["key"], properties: { key: { type: "string" }, fps: { type: "integer", default: 8, minimum: 1, maximum: 16 }, m: { type: "string", enum: ["a"], default: "a" } } })).toEqual([]);
  });

  it("reports a required property with a default, a default outside the enum and one outside the range", () => {
    const drafts = run({
      type: "object",
      required: ["model_id"],
      properties: { model_id: { type: "string", enum: ["svd"], default: "wan2.2" }, fps: { type: "integer", default: 20, maximum: 16 } },
    });
    expect(drafts.map((d) => [d.field, d.aspect, d.severity])).toEqual([
      ["model_id", "required-with-default", "warning"],
      ["model_id", "default-outside-enum", "error"],
      ["fps", "default-outside-range", "error"],
    ]);
  });
});
