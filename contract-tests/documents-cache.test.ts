/**
 * The contract check's documents kept by content (documents-cache.ts): an entry is named by every
 * byte the pipeline reads, so a changed input gives another name. (That the check's results are
 * the same with and without an entry: run-contract.test.ts.)
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { layoutOf } from "../scripts/layout.js";
import { documentsKey } from "./documents-cache.js";

const copy = mkdtempSync(join(tmpdir(), "project-"));
afterAll(() => rmSync(copy, { recursive: true, force: true }));

describe("the contract check's documents cache", () => {
  it("names an entry by every input: a changed byte of a snapshot, a spec or an overlay, or another build option, gives another name", () => {
    const layout = layoutOf();
    const key = documentsKey(layout, { verifySnapshots: true })!;
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(documentsKey(layout, { verifySnapshots: true })).toBe(key);
    expect(documentsKey(layout, { verifySnapshots: false })).not.toBe(key);

    cpSync(join(layout.root, "openapi"), join(copy, "openapi"), { recursive: true });
    const copied = layoutOf(copy);
    expect(documentsKey(copied, { verifySnapshots: true })).toBe(key);
    const names = new Set([key]);
    for (const dir of [copied.upstreamDir, copied.specsDir, copied.overlaysDir]) {
      const file = join(dir, readdirSync(dir).find((name) => statSync(join(dir, name)).isFile())!);
      const before = readFileSync(file);
      writeFileSync(file, Buffer.concat([before, Buffer.from(" ")]));
      names.add(documentsKey(copied, { verifySnapshots: true })!);
      writeFileSync(file, before);
    }
    expect(names.size).toBe(4);
    expect(documentsKey(copied, { verifySnapshots: true })).toBe(key);
  });

});
