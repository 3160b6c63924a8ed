/**
 * The README and the reference pages under docs/: the README stays short and links every page;
 * every relative link, in the README or a page, names a file that exists and, with `#anchor`, a
 * heading of that file (GitHub's anchors: lower case, punctuation dropped, spaces to hyphens).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../scripts/layout.js";

const README = join(PROJECT_ROOT, "README.md");
const PAGES = readdirSync(join(PROJECT_ROOT, "docs"))
  .filter((name) => name.endsWith(".md"))
  .map((name) => join(PROJECT_ROOT, "docs", name));

export function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

function anchorsOf(file: string): Set<string> {
  const text = readFileSync(file, "utf8").replace(/```[\s\S]*?```/g, "");
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((match) => anchorOf(match[1]!)));
}

function brokenLinks(file: string): string[] {
  const text = readFileSync(file, "utf8").replace(/```[\s\S]*?```/g, "");
  const broken: string[] = [];
  for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^[a-z]+:/i.test(target!)) continue;
    const [path, anchor] = target!.split("#");
    const linked = path ? join(dirname(file), path) : file;
    if (!existsSync(linked)) broken.push(`${relative(PROJECT_ROOT, file)}: ${target} (no such file)`);
    else if (anchor && linked.endsWith(".md") && !anchorsOf(linked).has(anchor)) broken.push(`${relative(PROJECT_ROOT, file)}: ${target} (no such heading)`);
  }
  return broken;
}

describe("the README and docs/", () => {
  it("the README is at most 15 kB", () => {
    expect(readFileSync(README).byteLength).toBeLessThanOrEqual(15_000);
  });

  it("the README links the reference pages for the client, the command line, the contract check, the sync and the package", () => {
    const readme = readFileSync(README, "utf8");
    for (const page of ["docs/client.md", "docs/cli.md", "docs/contract-check.md", "docs/sync.md", "docs/package.md"]) expect(readme).toContain(`](${page})`);
  });

  it("every page under docs/ is linked from the README", () => {
    const readme = readFileSync(README, "utf8");
    expect(PAGES.map((page) => relative(PROJECT_ROOT, page)).filter((page) => !readme.includes(`](${page}`))).toEqual([]);
  });

  it("every relative link names an existing file and heading", () => {
    expect([README, ...PAGES].flatMap(brokenLinks)).toEqual([]);
  });

  it("finds a broken anchor (the check can fail)", () => {
    expect(anchorOf("The contract check's options")).toBe("the-contract-checks-options");
    expect(anchorsOf(join(PROJECT_ROOT, "docs", "contract-check.md")).has("options")).toBe(true);
    expect(anchorsOf(join(PROJECT_ROOT, "docs", "contract-check.md")).has("no-such-heading")).toBe(false);
  });
});
