import { describe, expect, it } from "vitest";
import { specSource } from "./spec-lines.js";

describe("spec lines", () => {
  const text = ["components:", "  schemas:", "    R:", "      required:", "        - key", "      properties:", "        key:", "          type: string", "          default: a"].join("\n");
  it("finds the line of a key, a list item, and the deepest existing key of a missing path", () => {
    const source = specSource("s.yaml", text);
    expect(source.lineOf(["components", "schemas", "R", "properties", "key", "default"])).toBe(9);
    expect(source.lineOf(["components", "schemas", "R", "required", 0])).toBe(5);
    expect(source.lineOf(["components", "schemas", "R", "properties", "key", "maximum"])).toBe(7);
    expect(source.lineOf(["nothing"])).toBe(1);
  });
});
