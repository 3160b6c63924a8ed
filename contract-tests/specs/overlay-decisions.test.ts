import { describe, expect, it } from "vitest";
import type { JsonObject } from "../claims/claim.js";
import { overlayDecisions } from "./overlay-decisions.js";

const documentWith = (properties: JsonObject, required: string[] = []): JsonObject => ({
  paths: { "/v6/x": { post: { requestBody: { content: { "application/json": { schema: { $ref: "#/components/schemas/X" } } } } } } },
  components: { schemas: { X: { type: "object", required, properties } } },
});
const overlay = (actions: { target: string; update?: unknown; remove?: boolean }[]) => ({ label: "openapi/overlays/t.overlay.yaml", overlay: "1.0.0", info: { title: "t", version: "1" }, actions: actions.map((a) => ({ description: "d", ...a })) });

describe("overlay decisions", () => {
  it("are what an action changed: a nullable field's nullability (not its type), a replaced enum, a required list, a new property", () => {
    const before = documentWith({ track_id: { type: "integer" }, model_id: { type: "string", enum: ["svd"] } });
    const after = documentWith({ track_id: { type: ["integer", "null"] }, model_id: { type: "string", enum: ["wan2.2"] }, base64: { type: "boolean", default: false } }, ["model_id"]);
    const decisions = overlayDecisions(
      [
        overlay([
          { target: "$.components.schemas.X.properties['track_id']", update: { type: ["integer", "null"] } },
          { target: "$.components.schemas.X.properties.model_id", update: { enum: ["wan2.2"] } },
          { target: "$.components.schemas.X", update: { required: ["model_id"] } },
          { target: "$.components.schemas.X.properties", update: { base64: { type: "boolean", default: false } } },
        ]),
      ],
      after,
      before,
    );
    expect(decisions.map((d) => [d.field, d.aspect, d.value, d.action.slice(-2), d.endpoint])).toEqual([
      ["track_id", "nullable", true, "#1", "POST /v6/x"],
      ["model_id", "enum", ["wan2.2"], "#2", "POST /v6/x"],
      ["model_id", "required", true, "#3", "POST /v6/x"],
      ["base64", "type", ["boolean"], "#4", "POST /v6/x"],
      ["base64", "default", false, "#4", "POST /v6/x"],
      ["base64", "nullable", false, "#4", "POST /v6/x"],
    ]);
  });

  it("leave out what an action restates unchanged", () => {
    const document = documentWith({ seed: { type: ["integer", "null"] } });
    expect(overlayDecisions([overlay([{ target: "$.components.schemas.X.properties.seed", update: { type: ["integer", "null"] } }])], document, document)).toEqual([]);
  });
});
