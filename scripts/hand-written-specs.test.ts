/** The hand-written specs cite their sources: every schema and property points at a real line. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readHandWrittenSpecs } from "./generate.js";
import { layoutOf, PROJECT_ROOT } from "./layout.js";
import { readManifest } from "./manifest.js";

const layout = layoutOf();
const manifest = readManifest(layout);
const pageLines = new Map<string, number>(
  [...manifest.pages, ...manifest.documents].map((entry) => [entry.file, readFileSync(join(layout.upstreamDir, entry.file), "utf8").split("\n").length]),
);
pageLines.set("API-FACTS.md", readFileSync(join(PROJECT_ROOT, "openapi", "facts", "API-FACTS.md"), "utf8").split("\n").length);

type Schema = { properties?: Record<string, Schema>; "x-source"?: { page?: unknown; line?: unknown } };

describe.each(readHandWrittenSpecs(layout).map((spec) => [spec.label, spec] as const))("%s", (_, spec) => {
  const schemas = ((spec.document.components as { schemas?: Record<string, Schema> } | undefined)?.schemas ?? {}) as Record<string, Schema>;
  const cited = Object.entries(schemas).flatMap(([name, schema]) => [
    [name, schema] as const,
    ...Object.entries(schema.properties ?? {}).map(([property, value]) => [`${name}.${property}`, value] as const),
  ]);

  it.each(cited)("%s cites a page and a line that exists", (_, schema) => {
    const source = schema["x-source"];
    expect(source, "x-source").toBeDefined();
    expect(pageLines.has(String(source?.page)), `${String(source?.page)} is a known source`).toBe(true);
    expect(Number(source?.line)).toBeGreaterThanOrEqual(1);
    expect(Number(source?.line)).toBeLessThanOrEqual(pageLines.get(String(source?.page)) ?? 0);
  });
});
