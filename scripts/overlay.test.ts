import { describe, expect, it } from "vitest";
import { applyOverlays, applyOverlaysReporting, parseOverlay } from "./overlay.js";

const doc = () => ({ components: { schemas: { A: { properties: { model_id: { type: "string", enum: ["svd"] } } } } } });
const overlay = (actions: unknown[]) => parseOverlay({ overlay: "1.0.0", info: { title: "t", version: "1" }, actions }, "openapi/overlays/t.overlay.yaml");

describe("overlays", () => {
  it("applies remove then update, leaving the input untouched", async () => {
    const input = doc();
    const out = (await applyOverlays(input, [
      overlay([
        { target: "$.components.schemas.A.properties.model_id.enum", description: "the enum is stale", remove: true },
        { target: "$.components.schemas.A.properties.model_id", description: "accept the documented models", update: { enum: ["wan2.2"] } },
      ]),
    ])) as any;
    expect(out.components.schemas.A.properties.model_id).toEqual({ type: "string", enum: ["wan2.2"] });
    expect(input.components.schemas.A.properties.model_id.enum).toEqual(["svd"]);
  });

  it("fails when a target matches nothing, naming the overlay, the action and the target", async () => {
    await expect(
      applyOverlays(doc(), [overlay([{ target: "$.components.schemas.Gone", description: "a vanished schema", update: { x: 1 } }])]),
    ).rejects.toThrow("openapi/overlays/t.overlay.yaml: action #1 matched nothing in the merged document (target $.components.schemas.Gone)");
  });

  it("requires a reason for every action and an Overlay 1.0 document", () => {
    expect(() => overlay([{ target: "$.a", update: {} }])).toThrow(
      "openapi/overlays/t.overlay.yaml: action #1 ($.a): every action needs a description giving its reason",
    );
    expect(() => parseOverlay({ overlay: "2.0.0", actions: [] }, "x.yaml")).toThrow("x.yaml: not an OpenAPI Overlay 1.0 document (overlay: 2.0.0)");
  });
  it("tells an action without effect from one that changes a value to another of the same length, and deduplicates after every action", async () => {
    const input = { components: { schemas: { A: { properties: { n: { type: "integer", maximum: 25 }, model_id: { type: "string", enum: ["svd"] } } } } } };
    const result = await applyOverlaysReporting(input, [
      overlay([
        { target: "$.components.schemas.A.properties.n", description: "the same maximum again", update: { maximum: 25 } },
        { target: "$.components.schemas.A.properties.n", description: "a maximum of the same length", update: { maximum: 20 } },
        { target: "$.components.schemas.A.properties.model_id", description: "a model the docs list already", update: { enum: ["svd"] } },
        { target: "$.components.schemas.A.properties.model_id", description: "a model the docs do not list", update: { enum: ["wan2.2", "wan2.2"] } },
        { target: "$.components.schemas.A.properties.model_id.enum", description: "the list removed", remove: true },
      ]),
    ]);
    expect(result.withoutEffect.map((issue) => issue.action)).toEqual([1, 3]);
    expect(result.unmatched).toEqual([]);
    expect(result.document).toEqual({ components: { schemas: { A: { properties: { n: { type: "integer", maximum: 20 }, model_id: { type: "string" } } } } } });
    const listed = await applyOverlaysReporting(input, [overlay([{ target: "$.components.schemas.A.properties.model_id", description: "a model the docs do not list", update: { enum: ["wan2.2", "wan2.2"] } }])]);
    expect((listed.document as typeof input).components.schemas.A.properties.model_id.enum).toEqual(["svd", "wan2.2"]);
    expect(input.components.schemas.A.properties).toEqual({ n: { type: "integer", maximum: 25 }, model_id: { type: "string", enum: ["svd"] } });
  });
});
