/** Builds a CheckContext from inline pages and specs, through the same code the run uses. */
import type { ManifestPage, PageFormat } from "../../scripts/manifest.js";
import type { SourceDocument } from "../../scripts/merge.js";
import type { JsonObject } from "../claims/claim.js";
import { readPageClaims } from "../claims/page-claims.js";
import type { CheckContext, PageUnderCheck } from "../rules/check-context.js";
import { pageSpecs } from "../specs/page-spec.js";
import { requestFacts } from "../specs/schema-facts.js";

export interface FixturePage {
  file: string;
  format: PageFormat;
  text: string;
  /** e.g. POST https://modelslab.com/api/v6/video/img2video */
  endpoint: string;
  family?: ManifestPage["family"];
}

/** A spec with one POST operation whose request body is `request` (inline) and 200 body `response`. */
export function specDocument(path: string, request: JsonObject, options: { server?: string; page?: string; response?: JsonObject } = {}): JsonObject {
  return {
    openapi: "3.1.0",
    info: { title: "fixture", version: "1" },
    servers: [{ url: options.server ?? "https://modelslab.com/api/v6" }],
    paths: {
      [path]: {
        post: {
          ...(options.page ? { "x-source": { page: options.page, line: 1 } } : {}),
          requestBody: { required: true, content: { "application/json": { schema: request } } },
          responses: {
            "200": { description: "ok", content: { "application/json": { schema: options.response ?? { type: "object", properties: { status: { type: "string" } } } } } },
            "400": { description: "bad", content: { "application/json": { schema: { type: "object", properties: { status: { type: "string" }, message: { type: "string" } } } } } },
          },
        },
      },
    },
  };
}

export function fixtureContext(pages: FixturePage[], documents: { label: string; document: JsonObject; extractedFrom?: string }[]): CheckContext {
  const manifestPages: ManifestPage[] = pages.map((page) => ({ file: page.file, family: page.family ?? "v6", format: page.format, url: `https://docs.example/${page.file}`, endpoints: [page.endpoint], sha256: "0".repeat(64) }));
  const asSource = (doc: (typeof documents)[number]): SourceDocument => ({
    label: doc.label,
    family: "v6",
    document: doc.extractedFrom ? { ...doc.document, "x-extracted-from": { page: doc.extractedFrom, firstLine: 1, lastLine: 1 } } : doc.document,
  });
  const extracted = documents.filter((doc) => doc.extractedFrom).map(asSource);
  const handWritten = documents.filter((doc) => !doc.extractedFrom).map(asSource);
  const { specs } = pageSpecs(manifestPages, extracted, handWritten);
  const lines = new Map(pages.filter((p) => p.format === "markdown-openapi").map((p) => [p.file, p.text.split("\n")]));
  const known = new Set(specs.flatMap((spec) => Object.keys(((spec.operation.requestBody as JsonObject | undefined) ? requestFacts(spec, lines)?.properties : undefined) ?? {})));
  const units: PageUnderCheck[] = specs.map((spec) => {
    const request = requestFacts(spec, lines);
    if (!request) throw new Error(`${spec.page.file}: fixture spec has no request body`);
    const page = pages.find((p) => p.file === spec.page.file)!;
    return { page: spec.page, spec, request, claims: readPageClaims(page.text, page.file, page.format, new Set([...known, ...request.properties.keys()])) };
  });
  return { pages: units, lines: new Map(pages.map((p) => [p.file, p.text.split("\n")])) };
}
