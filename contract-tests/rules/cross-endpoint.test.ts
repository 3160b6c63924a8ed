import { describe, expect, it } from "vitest";
import type { JsonObject } from "../claims/claim.js";
import { fixtureContext, specDocument } from "../test-support/check-context-fixture.js";
import { checkAcrossEndpoints } from "./cross-endpoint.js";

const v6 = {
  type: "object",
  required: ["key", "model_id"],
  properties: {
    key: { type: "string" },
    model_id: { type: "string", enum: ["svd"] },
    min_guidance_scale: { type: "number", default: 1 },
    track_id: { type: "string" },
    steps: { type: "integer", maximum: 50 },
  },
};
const page = (file: string, endpoint: string, family: "v6" | "enterprise" = "v6") => ({ file, format: "text" as const, text: "", endpoint, family });

function context(enterprise: JsonObject, ultraModels = ["wan2.2"]) {
  return fixtureContext(
    [page("v6.txt", "POST https://modelslab.com/api/v6/video/a"), page("ent.txt", "POST https://modelslab.com/api/v1/enterprise/video/a", "enterprise"), page("ultra.txt", "POST https://modelslab.com/api/v6/video/b")],
    [
      { label: "v6.yaml", document: specDocument("/video/a", v6) },
      { label: "ent.yaml", document: specDocument("/video/a", enterprise, { server: "https://modelslab.com/api/v1/enterprise" }) },
      { label: "ultra.yaml", document: specDocument("/video/b", { ...v6, properties: { ...v6.properties, model_id: { type: "string", enum: ultraModels }, steps: { type: "integer", maximum: 25 } } }) },
    ],
  );
}

describe("rule cross-endpoint", () => {
  it("finds nothing when the endpoints agree, and leaves model-dependent limits of endpoints without a common model alone", () => {
    expect(checkAcrossEndpoints(context(v6))).toEqual([]);
  });

  it("reports type and required-ness across all endpoints and defaults between endpoints sharing a model", () => {
    const enterprise = {
      ...v6,
      required: ["key"],
      properties: { ...v6.properties, min_guidance_scale: { type: "number", default: 0 }, track_id: { type: "integer", "x-source": { page: "ent.txt", line: 7, declaredIn: "query" } } },
    };
    const drafts = checkAcrossEndpoints(context(enterprise));
    expect(drafts.map((d) => [d.field, d.aspect, d.endpoints.length])).toEqual([
      ["model_id", "required", 3],
      ["min_guidance_scale", "default", 2],
      ["track_id", "type", 3],
      ["track_id", "location", 1],
    ]);
    expect(drafts[1]!.message).toBe('"min_guidance_scale" differs between endpoints that take the same model (each value listed below).');
    expect(drafts[1]!.cause).toContain("model-dependent");
    // A tie that nothing decides (no overlay, no majority): both sides are options, each with what it changes.
    expect(drafts[1]!.fix).toBeUndefined();
    expect(drafts[1]!.options?.map((option) => option.follows)).toEqual(["default 1, as on /v6/video/a", "default 0, as on /v1/enterprise/video/a"]);
    expect(drafts[1]!.options?.map((option) => option.changes)).toEqual(["/v1/enterprise/video/a changes to default 1", "/v6/video/a changes to default 0"]);
    expect(drafts[0]!.fix?.follows).toBe("required, as on /v6/video/a, /v6/video/b");
  });

  it("compares limits between families that take a common model, not between two products of one family", () => {
    const shared = checkAcrossEndpoints(context(v6, ["svd", "wan2.2"]));
    expect(shared.map((d) => [d.field, d.aspect])).toContainEqual(["steps", "maximum"]);
    expect(shared.every((d) => d.endpoints.includes("POST /v1/enterprise/video/a"))).toBe(true);
    const enterprise = { ...v6, properties: { ...v6.properties, steps: { type: "integer", maximum: 30 } } };
    expect(checkAcrossEndpoints(context(enterprise)).map((d) => [d.field, d.aspect])).toEqual([["steps", "maximum"]]);
  });
});
