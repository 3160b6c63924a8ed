import { describe, expect, it } from "vitest";
import { applyEdits } from "./docs-edits.js";

describe("applying page edits", () => {
  const text = ["a: 1", "b: 2", "c: 3"].join("\n");
  it("applies edits bottom up, so inserted and removed lines do not shift the others", () => {
    const result = applyEdits(text, [
      { page: "p", line: 1, before: "a: 1", after: "a: 1\nz: 0" },
      { page: "p", line: 2, before: "b: 2", after: "" },
      { page: "p", line: 3, before: "3", after: "4" },
    ]);
    expect(result.text).toBe(["a: 1", "z: 0", "c: 4"].join("\n"));
    expect(result.conflicts).toEqual([]);
  });

  it("applies two edits of one line in turn and reports one whose text is gone as a conflict", () => {
    const result = applyEdits(text, [
      { page: "p", line: 2, before: "b", after: "B" },
      { page: "p", line: 2, before: "2", after: "20" },
      { page: "p", line: 2, before: "b", after: "x" },
    ]);
    expect(result.text.split("\n")[1]).toBe("B: 20");
    expect(result.conflicts).toEqual([{ page: "p", line: 2, before: "b", after: "x" }]);
  });
});
