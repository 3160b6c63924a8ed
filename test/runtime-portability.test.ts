/** The client's runtime files must run in browsers, Deno and Bun: no node: imports, no bare `process`. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = join(import.meta.dirname, "..", "src");
const runtimeFiles = readdirSync(SRC, { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"));

describe("src/ runtime files", () => {
  it("exist", () => expect(runtimeFiles.length).toBeGreaterThan(5));

  for (const file of runtimeFiles) {
    it(`${file} imports no node: module and touches process only through globalThis`, () => {
      const source = readFileSync(join(SRC, file), "utf8");
      expect(source).not.toMatch(/from\s+["']node:|import\(\s*["']node:|require\(/);
      expect(source).not.toMatch(/(?<![.\w])process\./);
    });
  }
});
