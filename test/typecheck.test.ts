/**
 * The project type-checks: `tsc -p tsconfig.json --noEmit --incremental` (package.json's `typecheck`),
 * run once by the run's global setup (test/typecheck.ts) alongside the tests, exits 0 and prints nothing.
 */
import { describe, expect, it } from "vitest";
import { projectTypeCheck } from "./typecheck.js";

describe("npm run typecheck", () => {
  it("passes with no diagnostic (TypeScript strict, every file of tsconfig.json)", async () => {
    const check = await projectTypeCheck();
    expect(check.output).toBe("");
    expect(check.code).toBe(0);
  });
});
