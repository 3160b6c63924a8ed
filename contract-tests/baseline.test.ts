import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../scripts/layout.js";
import { brokenOverlayReferences, compareWithBaseline, readBaseline } from "./baseline.js";
import type { Finding } from "./rules/finding.js";

const dir = mkdtempSync(join(tmpdir(), "baseline-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (text: string) => {
  const file = join(dir, `b${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, text);
  return file;
};

describe("the baseline", () => {
  it("every committed entry has a reason and names an overlay action that exists", () => {
    const entries = readBaseline(join(PROJECT_ROOT, "contract-tests", "baseline.yaml"));
    expect(entries.length).toBeGreaterThan(15);
    expect(brokenOverlayReferences(entries, PROJECT_ROOT)).toEqual([]);
  });

  it("refuses entries without a reason, duplicates and malformed overlay references, and names missing overlay actions", () => {
    expect(() => readBaseline(write("findings:\n  - id: a\n"))).toThrow(/a\): every entry needs a reason/);
    expect(() => readBaseline(write("findings:\n  - {id: a, reason: r}\n  - {id: a, reason: r}\n"))).toThrow(/a is listed twice/);
    expect(() => readBaseline(write("findings:\n  - {id: a, reason: r, resolvedBy: model-ids#1}\n"))).toThrow(/resolvedBy must look like/);
    expect(brokenOverlayReferences([{ id: "a", reason: "r", resolvedBy: ["openapi/overlays/model-ids.overlay.yaml#1", "openapi/overlays/model-ids.overlay.yaml#9"] }], PROJECT_ROOT)).toEqual(["a: openapi/overlays/model-ids.overlay.yaml#9"]);
  });

  it("sorts findings into acknowledged and new, and entries no finding matches into stale", () => {
    const finding = (id: string) => ({ id }) as Finding;
    const result = compareWithBaseline([finding("a"), finding("b")], [
      { id: "a", reason: "r" },
      { id: "c", reason: "r" },
    ]);
    expect(result.acknowledged.map((pair) => pair.finding.id)).toEqual(["a"]);
    expect(result.unacknowledged.map((f) => f.id)).toEqual(["b"]);
    expect(result.stale.map((entry) => entry.id)).toEqual(["c"]);
  });
});
