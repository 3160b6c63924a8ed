import { describe, expect, it } from "vitest";
import { fixtureContext, specDocument } from "../test-support/check-context-fixture.js";
import { checkExamplesAgainstSchema, closestProperty } from "./example-schema.js";

const request = {
  type: "object",
  required: ["key", "model_id"],
  properties: {
    key: { type: "string" },
    model_id: { type: "string", enum: ["wan2.2"] },
    steps: { type: "integer", maximum: 25 },
    sample_shift: { type: "integer" },
    webhook: { type: "string", format: "uri" },
  },
};

function run(body: string) {
  const page = `Body\n${body}\n`;
  const context = fixtureContext([{ file: "page.txt", format: "text", text: page, endpoint: "POST https://modelslab.com/api/v6/video/x" }], [{ label: "spec.yaml", document: specDocument("/video/x", request) }]);
  return checkExamplesAgainstSchema(context);
}

describe("rule example-schema", () => {
  it("accepts an example the schema accepts", () => {
    expect(run('{"key": "your_api_key", "model_id": "wan2.2", "steps": 20, "webhook": "https://example.com/hook"}')).toEqual({ drafts: [], validated: 1 });
  });

  it("reports unknown properties, suggesting the property meant, and every other violation with its line", () => {
    const { drafts } = run(['{"key": "your_api_key",', '"model_id": "svd",', '"steps": 31,', '"shift_sample": 3,', '"webhook": null}'].join("\n"));
    expect(drafts.map((d) => [d.field, d.aspect, d.severity, d.statements.find((s) => s.role === "example")!.location.line])).toEqual(
      expect.arrayContaining([
        ["model_id", "enum", "error", 3],
        ["steps", "maximum", "error", 4],
        ["shift_sample", "unknown-property", "warning", 5],
        ["webhook", "null-not-allowed", "error", 6],
      ]),
    );
    expect(drafts).toHaveLength(4);
    expect(drafts.find((d) => d.field === "shift_sample")!.message).toContain('did it mean "sample_shift"?');
  });

  it("reports a missing required property at the example", () => {
    const { drafts } = run('{"key": "your_api_key"}');
    expect(drafts.map((d) => [d.field, d.aspect])).toEqual([["model_id", "required"]]);
  });

  it("never quotes a key that looks real", () => {
    const { drafts } = run('{"key": 42, "model_id": "wan2.2"}');
    expect(drafts[0]!.statements[0]!.says).toContain('"key": 42');
    const real = run('{"key": "sk9f8Qw7Zx6Lm5Np4Rt3", "model_id": "wan2.2", "extra": 1}');
    expect(JSON.stringify(real.drafts)).not.toContain("sk9f8Qw7Zx6Lm5Np4Rt3");
  });

  it("finds the property a misspelling meant", () => {
    expect(closestProperty("shift_sample", ["sample_shift", "seed"])).toBe("sample_shift");
    expect(closestProperty("num_frame", ["num_frames"])).toBe("num_frames");
    expect(closestProperty("colour", ["seed"])).toBeUndefined();
  });
});
