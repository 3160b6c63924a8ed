import { describe, expect, it } from "vitest";
import { JSON_SCHEMA_DIALECT, mergeDocuments, type SourceDocument } from "./merge.js";

function source(label: string, family: SourceDocument["family"], server: string, path: string, schemas: Record<string, unknown>): SourceDocument {
  return {
    label,
    family,
    document: {
      openapi: "3.1.0",
      info: { title: label, version: "1" },
      servers: [{ url: server }],
      paths: {
        [path]: {
          post: {
            operationId: `op${label.length}`,
            responses: { "200": { description: "ok", content: { "application/json": { schema: { $ref: "#/components/schemas/Response" } } } } },
          },
        },
      },
      components: { schemas },
    },
  };
}

const response = (etaType: string) => ({ type: "object", properties: { eta: { type: etaType }, id: { type: "integer", "x-source": { page: "p", line: 1 } } } });

describe("mergeDocuments", () => {
  it("prefixes paths by version, components by family, and follows every $ref", () => {
    const merged = mergeDocuments([
      source("a.yaml", "v6", "https://modelslab.com/api/v6", "/video/a", { Response: response("integer") }),
      source("b.yaml", "enterprise", "https://modelslab.com/api/v1/enterprise", "/video/b", { Response: response("number") }),
    ]) as any;
    expect(Object.keys(merged.paths)).toEqual(["/v6/video/a", "/v1/enterprise/video/b"]);
    expect(merged.paths["/v1/enterprise/video/b"].post.responses["200"].content["application/json"].schema.$ref).toBe(
      "#/components/schemas/EnterpriseResponse",
    );
    expect(Object.keys(merged.components.schemas)).toEqual(["EnterpriseResponse", "V6Response"]);
    expect(merged.servers).toEqual([{ url: "https://modelslab.com/api", description: "ModelsLab production API" }]);
    expect(merged.jsonSchemaDialect).toBe(JSON_SCHEMA_DIALECT);
    expect(merged.paths["/v6/video/a"].post["x-family"]).toBe("v6");
  });

  it("keeps one component when two documents of a family define it identically, provenance aside", () => {
    const first = response("integer");
    const second = { ...response("integer"), properties: { ...response("integer").properties, id: { type: "integer", "x-source": { page: "q", line: 9 } } } };
    const merged = mergeDocuments([
      source("a.yaml", "v6", "https://modelslab.com/api/v6", "/video/a", { Response: first }),
      source("b.yaml", "v6", "https://modelslab.com/api/v6", "/video/b", { Response: second }),
    ]) as any;
    expect(merged.components.schemas.V6Response.properties.id["x-source"]).toEqual({ page: "p", line: 1 });
  });

  it("fails on a component two documents define differently, naming both and the difference", () => {
    expect(() =>
      mergeDocuments([
        source("a.yaml", "v6", "https://modelslab.com/api/v6", "/video/a", { Response: response("integer") }),
        source("b.yaml", "v6", "https://modelslab.com/api/v6", "/video/b", { Response: response("number") }),
      ]),
    ).toThrow(
      'merge conflict: a.yaml and b.yaml both define components.schemas.V6Response (as schemas/Response) differently; first difference at properties.eta.type: "integer" vs "number"',
    );
  });

  it("fails on an operation two documents both define, naming both", () => {
    expect(() =>
      mergeDocuments([
        source("a.yaml", "v6", "https://modelslab.com/api/v6", "/video/a", { Response: response("integer") }),
        source("b.yaml", "v6", "https://modelslab.com/api/v6", "/video/a", { Response: response("integer") }),
      ]),
    ).toThrow("merge conflict: a.yaml and b.yaml both define post /v6/video/a");
  });

  it("fails on a $ref to nothing and on a server outside the API", () => {
    const dangling = source("a.yaml", "v6", "https://modelslab.com/api/v6", "/video/a", {});
    expect(() => mergeDocuments([dangling])).toThrow("a.yaml: $ref #/components/schemas/Response points at nothing");
    const elsewhere = source("c.yaml", "v7", "https://example.com/v7", "/x", { Response: response("integer") });
    expect(() => mergeDocuments([elsewhere])).toThrow("c.yaml: servers[0].url https://example.com/v7 is not under https://modelslab.com/api");
  });
});
