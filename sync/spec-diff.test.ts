import { describe, expect, it } from "vitest";
import { CHANGE_RULES, diffSpecs, type ChangeKind } from "./spec-diff.js";

/** A one-operation document whose request body and 200 response are the given schemas. */
function doc(request: Record<string, unknown>, response: Record<string, unknown> = { type: "object" }) {
  return {
    paths: {
      "/v6/x": {
        post: {
          operationId: "submitX",
          requestBody: { content: { "application/json": { schema: { $ref: "#/components/schemas/Req" } } } },
          responses: { "200": { description: "ok", content: { "application/json": { schema: response } } } },
        },
      },
    },
    components: { schemas: { Req: request } },
  };
}
const obj = (properties: Record<string, unknown>, required: string[] = []) => ({ type: "object", required, properties });

const REQUEST_CASES: Array<[string, Record<string, unknown>, Record<string, unknown>, ChangeKind, boolean]> = [
  ["a removed property", obj({ a: { type: "string" }, b: { type: "string" } }), obj({ a: { type: "string" } }), "property-removed", true],
  ["a new optional property", obj({ a: { type: "string" } }), obj({ a: { type: "string" }, b: { type: "string" } }), "property-added", false],
  ["a new required property", obj({ a: { type: "string" } }), obj({ a: { type: "string" }, b: { type: "string" } }, ["b"]), "required-property-added", true],
  ["a property becoming required", obj({ a: { type: "string" } }), obj({ a: { type: "string" } }, ["a"]), "became-required", true],
  ["a property becoming optional", obj({ a: { type: "string" } }, ["a"]), obj({ a: { type: "string" } }), "became-optional", false],
  ["a narrowed enum", obj({ m: { type: "string", enum: ["a", "b"] } }), obj({ m: { type: "string", enum: ["a"] } }), "enum-values-removed", true],
  ["a widened enum", obj({ m: { type: "string", enum: ["a"] } }), obj({ m: { type: "string", enum: ["a", "b"] } }), "enum-values-added", false],
  ["a new enum", obj({ m: { type: "string" } }), obj({ m: { type: "string", enum: ["a"] } }), "enum-added", true],
  ["a lowered maximum", obj({ n: { type: "integer", maximum: 25 } }), obj({ n: { type: "integer", maximum: 20 } }), "limit-tightened", true],
  ["a raised maximum", obj({ n: { type: "integer", maximum: 25 } }), obj({ n: { type: "integer", maximum: 50 } }), "limit-loosened", false],
  ["a new minimum", obj({ n: { type: "integer" } }), obj({ n: { type: "integer", minimum: 1 } }), "limit-tightened", true],
  ["a type change", obj({ t: { type: "string" } }), obj({ t: { type: "integer" } }), "type-changed", true],
  ["a nullable type", obj({ t: { type: "string" } }), obj({ t: { type: ["string", "null"] } }), "type-widened", false],
  ["integer to number", obj({ t: { type: "integer" } }), obj({ t: { type: "number" } }), "type-widened", false],
  ["number to integer", obj({ t: { type: "number" } }), obj({ t: { type: "integer" } }), "type-narrowed", true],
  ["a changed default", obj({ n: { type: "integer", default: 20 } }), obj({ n: { type: "integer", default: 25 } }), "default-changed", false],
  ["a new format", obj({ u: { type: "string" } }), obj({ u: { type: "string", format: "uri" } }), "format-changed", true],
  ["a description edit", obj({ u: { type: "string", description: "old" } }), obj({ u: { type: "string", description: "new" } }), "documentation-changed", false],
];

describe("diffSpecs", () => {
  it.each(REQUEST_CASES)("classifies %s in a request", (_, before, after, kind, breaking) => {
    const changes = diffSpecs(doc(before), doc(after));
    expect(changes).toEqual([expect.objectContaining({ kind, breaking, operation: "submitX (POST /v6/x)", location: "request body" })]);
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>, ChangeKind, boolean]>([
    ["a removed response field", obj({ id: { type: "integer" }, tip: { type: "string" } }), obj({ id: { type: "integer" } }), "property-removed", true],
    ["a new response field", obj({ id: { type: "integer" } }), obj({ id: { type: "integer" }, tip: { type: "string" } }), "property-added", false],
    ["a new status value", obj({ s: { enum: ["success"] } }), obj({ s: { enum: ["success", "failed"] } }), "enum-values-added", true],
    ["a field no longer always present", obj({ s: { type: "string" } }, ["s"]), obj({ s: { type: "string" } }), "became-optional", true],
    ["a response type widened", obj({ id: { type: "integer" } }), obj({ id: { type: ["integer", "string"] } }), "type-widened", true],
  ])("classifies %s in a response", (_, before, after, kind, breaking) => {
    const changes = diffSpecs(doc(obj({}), before), doc(obj({}), after));
    expect(changes).toEqual([expect.objectContaining({ kind, breaking, location: "response 200" })]);
  });

  it("reports added and removed operations", () => {
    const empty = { paths: {}, components: {} };
    expect(diffSpecs(empty, doc(obj({})))).toEqual([expect.objectContaining({ kind: "operation-added", breaking: false })]);
    expect(diffSpecs(doc(obj({})), empty)).toEqual([expect.objectContaining({ kind: "operation-removed", breaking: true })]);
  });

  it("finds nothing between identical documents, and names nested fields", () => {
    expect(diffSpecs(doc(obj({ a: { type: "string" } })), doc(obj({ a: { type: "string" } })))).toEqual([]);
    const nested = diffSpecs(doc(obj({ meta: obj({ fps: { type: "integer" } }) })), doc(obj({ meta: obj({}) })));
    expect(nested).toEqual([expect.objectContaining({ field: "meta.fps", kind: "property-removed" })]);
  });

  it("gives every rule a reason for the side it breaks", () => {
    for (const [kind, rule] of Object.entries(CHANGE_RULES)) expect(rule.reason.request || rule.reason.response, kind).not.toBe("");
  });
});
