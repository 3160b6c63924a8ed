/**
 * test/typecheck-program.ts: tsc's verdict in this process, a passing check kept by the content it
 * read, and tsc's incremental state kept for a check of changed content. A small project (its own
 * lib declarations, so no TypeScript lib file is parsed) is checked, changed and moved; the kept
 * check answers only while every byte it read and every failed lookup are the same, and a changed
 * file re-checks the files it reaches.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { typeCheckProject } from "./typecheck-program.js";

const root = mkdtempSync(join(tmpdir(), "modelslab-typecheck-program-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const LIB = ["Array<T>", "Boolean", "Function", "CallableFunction", "NewableFunction", "IArguments", "Number", "Object", "RegExp", "String"].map((name) => `interface ${name} {}`).join("\n");

function project(dir: string): string {
  mkdirSync(join(dir, "node_modules", "dep"), { recursive: true });
  writeFileSync(join(dir, "lib.d.ts"), `${LIB}\n`);
  writeFileSync(join(dir, "node_modules", "dep", "package.json"), JSON.stringify({ name: "dep", types: "index.d.ts" }));
  writeFileSync(join(dir, "node_modules", "dep", "index.d.ts"), "export interface Answer { value: number }\n");
  writeFileSync(join(dir, "a.ts"), 'import type { Answer } from "dep";\nexport const answer: Answer = { value: 42 };\n');
  const config = join(dir, "tsconfig.json");
  const compilerOptions = { target: "ES2022", module: "preserve", moduleResolution: "bundler", noLib: true, strict: true, types: [], outDir: "out" };
  writeFileSync(config, JSON.stringify({ compilerOptions, files: ["lib.d.ts", "a.ts"] }));
  return config;
}

describe("a type-check kept by what it read", () => {
  const keptIn = join(root, "kept");
  const config = project(join(root, "one", "project"));
  const dir = join(root, "one", "project");
  const emitted = join(dir, "out", "a.js");

  it("runs tsc the first time, emits, and a second check of the same content answers from the kept one, emitting the same file", () => {
    expect(typeCheckProject(config, { keptIn })).toEqual({ output: "", checked: true, rechecked: ["a.ts", "lib.d.ts", "node_modules/dep/index.d.ts"] });
    const first = readFileSync(emitted, "utf8");
    expect(first).toContain("export const answer = { value: 42 };");
    rmSync(join(dir, "out"), { recursive: true });
    expect(typeCheckProject(config, { keptIn })).toEqual({ output: "", checked: false, rechecked: [] });
    expect(readFileSync(emitted, "utf8")).toBe(first);
  });

  it("checks again when a declaration it read changed, only the files the change reaches, and never keeps a failing check", () => {
    const declaration = join(dir, "node_modules", "dep", "index.d.ts");
    writeFileSync(declaration, "export interface Answer { value: string }\n");
    const failed = typeCheckProject(config, { keptIn });
    expect(failed.checked).toBe(true);
    expect(failed.output).toMatch(/a\.ts\(2,33\): error TS2322: Type 'number' is not assignable to type 'string'/);
    // lib.d.ts imports nothing: its diagnostics come from the incremental state of the first check.
    expect(failed.rechecked).toEqual(["a.ts", "node_modules/dep/index.d.ts"]);
    // The failing check again: tsc runs (nothing kept), its diagnostics from the incremental state.
    expect(typeCheckProject(config, { keptIn })).toEqual({ ...failed, rechecked: [] });
    writeFileSync(declaration, "export interface Answer { value: number }\n");
    expect(typeCheckProject(config, { keptIn })).toEqual({ output: "", checked: false, rechecked: [] });
  });

  it("checks again when a file appears where resolution looked and found nothing", () => {
    // Bundler resolution looks for node_modules/dep.d.ts before the package's directory.
    writeFileSync(join(dir, "node_modules", "dep.d.ts"), "export interface Answer { value: boolean }\n");
    const shadowed = typeCheckProject(config, { keptIn });
    expect(shadowed.checked).toBe(true);
    expect(shadowed.output).toContain("error TS2322");
    rmSync(join(dir, "node_modules", "dep.d.ts"));
    expect(typeCheckProject(config, { keptIn }).checked).toBe(false);
  });

  it("checks again when the options or the root files change", () => {
    const text = readFileSync(config, "utf8");
    writeFileSync(config, text.replace('"strict":true', '"strict":false'));
    expect(typeCheckProject(config, { keptIn }).checked).toBe(true);
    writeFileSync(config, text);
    writeFileSync(join(dir, "a.ts"), 'import type { Answer } from "dep";\nexport const answer: Answer = { value: 43 };\n');
    expect(typeCheckProject(config, { keptIn }).checked).toBe(true);
    expect(readFileSync(emitted, "utf8")).toContain("value: 43");
  });

  it("answers for a copy of the same content in another directory as deep (another run's temporary directory)", () => {
    const copy = join(root, "two", "project");
    cpSync(dir, copy, { recursive: true });
    rmSync(join(copy, "out"), { recursive: true });
    expect(typeCheckProject(join(copy, "tsconfig.json"), { keptIn })).toEqual({ output: "", checked: false, rechecked: [] });
    expect(readFileSync(join(copy, "out", "a.js"), "utf8")).toContain("value: 43");
  });

  it("keeps nothing with keptIn false: every check is whole", () => {
    for (let run = 0; run < 2; run++) expect(typeCheckProject(config, { keptIn: false })).toEqual({ output: "", checked: true, rechecked: ["a.ts", "lib.d.ts", "node_modules/dep/index.d.ts"] });
  });
});
