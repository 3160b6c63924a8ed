/**
 * The client's runtime files must run in browsers, Deno and Bun: no node: imports, no bare
 * `process`. Only the Node-only rooms are exempt: src/cli/ (the `modelslab-video` command),
 * src/mcp/ (its MCP server), src/node/ (what those two share) and the proxy's Node adapter (src/proxy/node.ts, its own subpath);
 * nothing outside them may import the command line or the MCP server, so the package's `.` and
 * `./proxy` entries never reach Node-only code.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, sep } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = join(import.meta.dirname, "..", "src");
const CLI_DIR = `cli${sep}`;
const NODE_ONLY = [CLI_DIR, `mcp${sep}`, `node${sep}`, `proxy${sep}node.ts`];
const sourceFiles = readdirSync(SRC, { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"));
const runtimeFiles = sourceFiles.filter((file) => !NODE_ONLY.some((room) => file.startsWith(room)));

describe("src/ runtime files", () => {
  it("exist, and only the Node-only rooms are exempt", () => {
    expect(runtimeFiles.length).toBeGreaterThan(5);
    expect(sourceFiles.filter((file) => file.startsWith(CLI_DIR)).length).toBeGreaterThan(0);
    expect(readdirSync(SRC, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name)).toContain("cli");
  });

  for (const file of runtimeFiles) {
    it(`${file} imports no node: module, touches process only through globalThis, and does not import the command line or the MCP server`, () => {
      const source = readFileSync(join(SRC, file), "utf8");
      expect(source).not.toMatch(/from\s+["']node:|import\(\s*["']node:|require\(/);
      expect(source).not.toMatch(/(?<![.\w])process\./);
      expect(source).not.toMatch(/from\s+["'](\.\.?\/)+(cli|mcp)\/|import\(\s*["'](\.\.?\/)+(cli|mcp)\//);
    });
  }
});
