import { describe, expect, it } from "vitest";
import { readUpstreamDocument } from "./upstream-documents.js";
import { parseYaml } from "./yaml-io.js";

describe("reading a text once per content", () => {
  it("reads a long text (kept on disk by content, build-cache.ts) as YAML reads it, values JSON cannot hold included", () => {
    const filler = Array.from({ length: 2000 }, (_, i) => `  k${i}: "v${i} ${"x".repeat(12)}"`).join("\n");
    const plain = `title: long\nmap:\n${filler}\n`;
    const odd = `limits: [.inf, -.inf]\nzero: -0.0\nmissing: ~\nmap:\n${filler}\n`;
    expect(plain.length).toBeGreaterThan(32 * 1024);
    const read = parseYaml(plain, "long.yaml") as { title: string; map: Record<string, string> };
    expect([read.title, Object.keys(read.map).length, read.map.k1999]).toEqual(["long", 2000, `v1999 ${"x".repeat(12)}`]);
    expect(parseYaml(plain, "long.yaml", 7)).toEqual(read);
    const strange = parseYaml(odd, "odd.yaml") as { limits: number[]; zero: number; missing: null };
    expect(strange.limits).toEqual([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
    expect(Object.is(strange.zero, -0)).toBe(true);
    expect(strange.missing).toBeNull();
    expect(() => parseYaml(`${plain}bad: [\n`, "cut.yaml")).toThrow(/^cut\.yaml:\d+: invalid YAML/);
  });

  it("gives each caller a copy of its own, YAML aliases still shared within it", () => {
    const text = "base: &base { type: string }\na: *base\nb: *base\nlist: [1, 2]\n";
    const first = parseYaml(text, "t.yaml") as { a: { type: string }; b: { type: string }; list: number[] };
    expect(first.a).toBe(first.b);
    first.a.type = "changed";
    first.list.push(3);
    const again = parseYaml(text, "t.yaml") as typeof first;
    expect(again).toEqual({ base: { type: "string" }, a: { type: "string" }, b: { type: "string" }, list: [1, 2] });
    expect(again.a).toBe(again.b);
    expect(again.a).not.toBe(first.a);
  });

  it("reads a failing text anew each time, naming the source and line of each caller", () => {
    const broken = "a: 1\nb: [\n";
    expect(() => parseYaml(broken, "one.yaml")).toThrow(/^one\.yaml:\d+: invalid YAML/);
    expect(() => parseYaml(broken, "two.yaml", 10)).toThrow(/^two\.yaml:1\d: invalid YAML/);
  });

  it("keeps a document's provenance per file: the same text read for two files names each", () => {
    const text = '{\n  "openapi": "3.1.0",\n  "paths": {},\n  "components": { "schemas": { "A": { "type": "object", "properties": { "x": { "type": "string" } } } } }\n}\n';
    const a = readUpstreamDocument(text, "a/openapi.json") as { components: { schemas: { A: { "x-source": { page: string } } } } };
    const b = readUpstreamDocument(text, "b/openapi.json") as typeof a;
    expect([a.components.schemas.A["x-source"].page, b.components.schemas.A["x-source"].page]).toEqual(["a/openapi.json", "b/openapi.json"]);
    a.components.schemas.A["x-source"].page = "changed";
    expect((readUpstreamDocument(text, "a/openapi.json") as typeof a).components.schemas.A["x-source"].page).toBe("a/openapi.json");
  });
});
