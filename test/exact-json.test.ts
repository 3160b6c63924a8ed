/** Ids beyond 2^53 read exactly, whatever else the answer holds; everything else as JSON.parse reads it. */
import { describe, expect, it } from "vitest";
import { parseJsonExactIds } from "../src/internal/exact-json.js";
import { jsonDepthExceeds, MAX_JSON_DEPTH } from "../src/internal/transport.js";

describe("parseJsonExactIds", () => {
  it("reads an id just beyond 2^53, and one far beyond, as the string of its digits", () => {
    expect(parseJsonExactIds('{"id":9007199254740993,"meta":{"request_id":-12345678901234567890}}')).toEqual({ id: "9007199254740993", meta: { request_id: "-12345678901234567890" } });
  });

  it("leaves a 16-digit id a double holds exactly a number, and a long integer that is no id as JSON.parse reads it", () => {
    expect(parseJsonExactIds('{"id":1234567890123456,"eta":12345678901234567890}')).toEqual({ id: 1234567890123456, eta: 12345678901234567890 });
  });

  it("reads an answer without a long integer exactly as JSON.parse does, throwing as it does", () => {
    const text = '{"status":"processing","id":155918900,"output":[],"meta":{"model_id":"wan2.2"},"eta":416.94}';
    expect(parseJsonExactIds(text)).toEqual(JSON.parse(text));
    expect(() => parseJsonExactIds('{"id":')).toThrow(SyntaxError);
  });

  it("parses JSON nested far deeper than a call stack without running out of it", () => {
    const depth = 50_000;
    expect(() => parseJsonExactIds(`${"[".repeat(depth)}9007199254740993${"]".repeat(depth)}`)).not.toThrow();
  });
});

describe("jsonDepthExceeds", () => {
  it("counts nesting, not brackets: many siblings pass, brackets in strings do not count, one level too deep is refused", () => {
    expect(jsonDepthExceeds(`[${"[],".repeat(500)}[]]`, MAX_JSON_DEPTH)).toBe(false);
    expect(jsonDepthExceeds(`["${"[".repeat(500)}"]`, MAX_JSON_DEPTH)).toBe(false);
    expect(jsonDepthExceeds(`${"[".repeat(MAX_JSON_DEPTH)}${"]".repeat(MAX_JSON_DEPTH)}`, MAX_JSON_DEPTH)).toBe(false);
    expect(jsonDepthExceeds(`${"{\"a\":".repeat(MAX_JSON_DEPTH + 1)}1${"}".repeat(MAX_JSON_DEPTH + 1)}`, MAX_JSON_DEPTH)).toBe(true);
  });
});
