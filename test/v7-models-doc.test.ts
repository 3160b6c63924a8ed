/** docs/v7-models.md states the per-model table as the merged document does: this test derives it from generated/ and compares. */
import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { modelFieldIndex, type RequestFieldSpec } from "../generated/request-fields.js";

const cell = (fields: readonly RequestFieldSpec[], name: string): string => {
  const field = fields.find((each) => each.name === name);
  if (!field) return "–";
  const values = field.enum ? field.enum.map((value) => `\`${JSON.stringify(value)}\``).join(", ") : field.types.map((type) => (type === "array" ? "array of URLs" : type)).join(" or ");
  return `${values}${field.default !== undefined ? `, default \`${JSON.stringify(field.default)}\`` : ""}`;
};

/** The table of docs/v7-models.md, from the generated per-model field index. */
export function modelTable(): string {
  const rows = (modelFieldIndex.submitV7ImageToVideo ?? []).map((model) => {
    const required = model.fields.filter((field) => field.required).map((field) => field.name);
    return `| [\`${model.modelId}\`](${model.page}) | ${cell(model.fields, "init_image")} | ${cell(model.fields, "init_audio")} | ${cell(model.fields, "duration")} | ${cell(model.fields, "resolution")} | ${cell(model.fields, "aspect_ratio")} | ${required.join(", ")} |`;
  });
  return ["| model_id | init_image | init_audio | duration | resolution | aspect_ratio | required |", "|---|---|---|---|---|---|---|", ...rows].join("\n");
}

describe("docs/v7-models.md", () => {
  it("has the per-model table as the merged document states it", () => {
    const doc = readFileSync(new URL("../docs/v7-models.md", import.meta.url), "utf8");
    if (process.env.PRINT_V7_TABLE) writeFileSync(process.env.PRINT_V7_TABLE, modelTable());
    expect(doc).toContain(modelTable());
  });
});
