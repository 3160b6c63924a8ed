import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../scripts/layout.js";
import { jsonValueLines, readValueLines, valueLines } from "./json-lines.js";

const upstream = join(PROJECT_ROOT, "openapi", "upstream");
const documents = readdirSync(upstream, { recursive: true, encoding: "utf8" })
  .filter((file) => file.endsWith(".json"))
  .map((file) => readFileSync(join(upstream, file), "utf8"));

/** JSON text of a value, laid out in one of several ways (indented, on one line, with CRLF, with space around it). */
const layouts = [(v: unknown) => JSON.stringify(v, null, 2), (v: unknown) => JSON.stringify(v), (v: unknown) => JSON.stringify(v, null, "\t").replace(/\n/g, "\r\n"), (v: unknown) => `  \n${JSON.stringify(v, null, 1)}\n\n`];

describe("json-lines: the JSON reading gives what YAML's syntax tree gives", () => {
  it("ModelsLab's openapi.json documents: every pointer, in order, with its lines", () => {
    expect(documents.length).toBeGreaterThan(3);
    for (const text of documents) for (const firstLine of [1, 40]) expect([...jsonValueLines(text, firstLine)!]).toEqual([...readValueLines(text, firstLine)]);
  });

  it("any JSON value, however laid out; repeated keys; escapes in keys; YAML left to YAML", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.integer({ min: 0, max: layouts.length - 1 }), fc.integer({ min: 1, max: 9 }), (value, layout, firstLine) => {
        const text = layouts[layout]!(value);
        expect([...jsonValueLines(text, firstLine)!]).toEqual([...readValueLines(text, firstLine)]);
      }),
      { numRuns: 300 },
    );
    for (const text of ['{"a": 1, "b": {"c": [true, null]}, "a": {"d": "x"}}', '{"x~/y": {"\\"q\\u00e9": [[], {}]}}', "[\n  1,\n  [\n  ],\n  {}\n]\n"]) expect([...jsonValueLines(text)!]).toEqual([...readValueLines(text, 1)]);
    expect(jsonValueLines("a: 1\nb: [2]\n")).toBeUndefined();
    expect([...valueLines("a: 1\nb: [2]\n")]).toEqual([...readValueLines("a: 1\nb: [2]\n", 1)]);
  });
});
