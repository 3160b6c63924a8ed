/**
 * The client's runtime files must run in browsers, Deno and Bun: no node: imports, no bare
 * `process`. Only src/cli/ (the `modelslab-video` command) and src/journal/ (the batch journals
 * on SQLite and PostgreSQL, `modelslab-video/journal`), both Node only, are exempt, and nothing
 * outside them may import them, so the package's `.` entry never reaches Node-only code.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, sep } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = join(import.meta.dirname, "..", "src");
const CLI_DIR = `cli${sep}`;
const NODE_ROOMS = [CLI_DIR, `journal${sep}`];
const sourceFiles = readdirSync(SRC, { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"));
const runtimeFiles = sourceFiles.filter((file) => !NODE_ROOMS.some((room) => file.startsWith(room)));

describe("src/ runtime files", () => {
  it("exist, and the command line and the journals are the only folders exempt", () => {
    expect(runtimeFiles.length).toBeGreaterThan(5);
    expect(sourceFiles.filter((file) => file.startsWith(CLI_DIR)).length).toBeGreaterThan(0);
    expect(readdirSync(SRC, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name)).toContain("cli");
  });

  for (const file of runtimeFiles) {
    it(`${file} imports no node: module, touches process only through globalThis, and does not import the command line`, () => {
      const source = readFileSync(join(SRC, file), "utf8");
      expect(source).not.toMatch(/from\s+["']node:|import\(\s*["']node:|require\(/);
      expect(source).not.toMatch(/(?<![.\w])process\./);
      expect(source).not.toMatch(/from\s+["'](\.\.?\/)+(cli|journal)\/|import\(\s*["'](\.\.?\/)+(cli|journal)\//);
    });
  }
});
