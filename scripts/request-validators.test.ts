import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "./layout.js";
import { generateRequestValidators, submitRequestSchemas, withoutAnnotations } from "./request-validators.js";

describe("request validators step", () => {
  it("strips annotations but keeps a property that happens to be called description", () => {
    expect(
      withoutAnnotations({ type: "object", description: "d", "x-source": { page: "p" }, properties: { description: { type: "string", examples: ["x"] } } }),
    ).toEqual({ type: "object", properties: { description: { type: "string" } } });
  });

  it("fails naming the operation when a submit has no JSON body schema", () => {
    const document = { paths: { "/v6/x": { post: { operationId: "submitX", "x-family": "v6", responses: {} } } } };
    expect(() => submitRequestSchemas(document)).toThrow("submitX has no application/json request body");
  });

  it("emits an ES module with no require() and no runtime compilation, one export per submit operation", () => {
    const module = readFileSync(join(PROJECT_ROOT, "generated", "request-validators.js"), "utf8");
    expect(module).not.toMatch(/require\(|new Function|\beval\(/);
    // ajv-formats' own format checks, inlined as they are: the module imports nothing (no CommonJS for a bundler to convert).
    expect(module).not.toMatch(/^\s*import\b/m);
    expect(module).toContain("const formats = /* ajv-formats 3.0.1 (MIT), dist/formats.js */");
    expect(module).toContain("const formats0 = formats.uri;");
    // The inlined code carries its license whole (MIT: the notice goes with every copy), in a comment bundlers keep.
    const license = readFileSync(join(PROJECT_ROOT, "node_modules", "ajv-formats", "LICENSE"), "utf8").trim().split("\n");
    expect(module).toMatch(/^\/\*! @license ajv-formats 3\.0\.1/m);
    for (const line of license) expect(module).toContain(` * ${line}`.trimEnd());
    for (const id of ["submitV6Img2Video", "submitV6Img2VideoUltra", "submitV7ImageToVideo", "submitEnterpriseImg2Video"]) expect(module).toContain(`export const ${id} =`);
  });

  it("is deterministic", () => {
    const document = { components: { schemas: { R: { type: "object", required: ["key"], properties: { key: { type: "string" } } } } }, paths: { "/v6/r": { post: { operationId: "submitR", "x-family": "v6", requestBody: { content: { "application/json": { schema: { $ref: "#/components/schemas/R" } } } }, responses: {} } } } };
    expect(generateRequestValidators(document)).toEqual(generateRequestValidators(document));
  });
});
