import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringifyYaml } from "../../scripts/yaml-io.js";
import { startPrism, type PrismServer } from "../harness/prism-server.js";
import { fixtureContext, specDocument } from "../test-support/check-context-fixture.js";
import { checkExamplesOnPrism, parseViolations, violationSubject } from "./example-prism.js";

const request = { type: "object", required: ["key", "model_id"], properties: { key: { type: "string" }, model_id: { type: "string", enum: ["wan2.2"] }, steps: { type: "integer", maximum: 25 } } };
const document = { ...specDocument("/video/x", request), jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema" };

describe("rule example-prism", () => {
  let prism: PrismServer;
  const dir = mkdtempSync(join(tmpdir(), "example-prism-"));
  beforeAll(async () => {
    writeFileSync(join(dir, "spec.yaml"), stringifyYaml(document));
    prism = await startPrism({ document: join(dir, "spec.yaml") });
  });
  afterAll(async () => {
    await prism?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = (text: string) =>
    checkExamplesOnPrism(fixtureContext([{ file: "p.txt", format: "text", text, endpoint: "POST https://modelslab.com/api/v6/video/x" }], [{ label: "spec.yaml", document }]), () => prism.url);

  it("sends each example request to the page's Prism and reports each violation Prism lists, at the example's line", async () => {
    const result = await run(['Body', '{"key": "your_api_key",', '"steps": 31}', "Body", '{"key": "your_api_key", "model_id": "wan2.2"}'].join("\n"));
    expect(result.sent).toBe(2);
    expect(result.accepted).toBe(1);
    expect(result.drafts.map((d) => [d.field, d.aspect, d.statements[0]!.location.line])).toEqual([
      ["model_id", "required", 2],
      ["steps", "maximum", 3],
    ]);
    expect(result.drafts[1]!.statements[0]!.says).toBe("Prism (mock of spec.yaml) answers 400: Request body property steps must be <= 25");
  });
});

describe("Prism's sl-violations", () => {
  it("parses the header and names the field and problem of each violation", () => {
    const violations = parseViolations(
      JSON.stringify([
        { location: ["request", "body"], severity: "Error", code: "required", message: "Request body must have required property 'model_id'" },
        { location: ["request", "body", "webhook"], severity: "Error", code: "type", message: "Request body property webhook must be string" },
      ]),
    );
    expect(violations.map(violationSubject)).toEqual([
      { field: "model_id", aspect: "required" },
      { field: "webhook", aspect: "type" },
    ]);
    expect(parseViolations(null)).toEqual([]);
    expect(parseViolations("not json")).toEqual([]);
  });
});
