/**
 * The project's structure, checked from its source files: the pipeline reads downhill
 * (scripts/ → generated/ → src/ and contract-tests/ → the rooms that run several of them), no
 * module imports one of a room above its own, and no modules import each other in a circle.
 * Every import counts: static, dynamic, type-only and re-exports.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../scripts/layout.js";

/**
 * Each room of the project and its height: a module may import modules of its own room and of
 * lower rooms only. Rooms of the same height are siblings and import neither each other nor
 * anything above. A new top-level folder with TypeScript in it goes here, at its height.
 * Test files (`*.test.ts`), test/ and bench/ stand above everything and are imported by nothing.
 */
const ROOMS: readonly { room: string; height: number; what: string }[] = [
  { room: "scripts", height: 1, what: "the pipeline's steps" },
  { room: "generated", height: 2, what: "what the pipeline makes" },
  { room: "src", height: 3, what: "the client" },
  { room: "contract-tests", height: 3, what: "the checks" },
  { room: "src/cli", height: 4, what: "the command line (runs the client, the checks and the mock)" },
  { room: "sync", height: 4, what: "the docs sync (runs the pipeline and the checks)" },
  { room: "test", height: 9, what: "tests" },
  { room: "bench", height: 9, what: "benchmarks" },
];

const SOURCE = /\.(ts|mts|js|mjs)$/;

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" || entry.name.startsWith(".") ? [] : sourceFiles(path);
    return SOURCE.test(entry.name) && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

/** The room of a project-relative path: the longest room name it starts with. */
function roomOf(file: string): (typeof ROOMS)[number] | undefined {
  const path = file.split(sep).join("/");
  return [...ROOMS].sort((a, b) => b.room.length - a.room.length).find(({ room }) => path === room || path.startsWith(`${room}/`));
}

const isTest = (file: string) => /\.test\.[mc]?[jt]s$/.test(file) || roomOf(file)?.height === 9;

/** Every relative module specifier of a source text: `from "…"`, `import "…"`, `import("…")`, `export … from "…"`. */
export function specifiersOf(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(/\bfrom\s*["']([^"'\n]+)["']|\bimport\s*\(\s*["']([^"'\n]+)["']\s*\)|^\s*import\s*["']([^"'\n]+)["']/gm)) {
    const specifier = match[1] ?? match[2] ?? match[3]!;
    if (specifier.startsWith(".")) found.add(specifier);
  }
  return [...found];
}

/** The project file a relative specifier names (`./x.js` is `./x.ts` in the source), if it exists. */
function resolved(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  for (const candidate of [base, base.replace(/\.js$/, ".ts"), base.replace(/\.mjs$/, ".mts"), `${base}.ts`, join(base, "index.ts")]) {
    if (SOURCE.test(candidate) && existsSync(candidate)) return candidate;
  }
  return undefined;
}

export interface ImportGraph {
  files: string[];
  edges: Map<string, string[]>;
}

export function importGraph(root: string): ImportGraph {
  const tops = readdirSync(root, { withFileTypes: true }).filter((entry) => entry.isDirectory() && entry.name !== "node_modules" && entry.name !== "dist" && !entry.name.startsWith("."));
  const files = tops.flatMap((entry) => sourceFiles(join(root, entry.name))).map((file) => relative(root, file));
  const edges = new Map<string, string[]>();
  for (const file of files) {
    const targets = specifiersOf(readFileSync(join(root, file), "utf8"))
      .map((specifier) => resolved(join(root, file), specifier))
      .filter((target): target is string => target !== undefined)
      .map((target) => relative(root, target));
    edges.set(file, [...new Set(targets)]);
  }
  return { files, edges };
}

/** Arrows that go up or sideways between rooms, as "from → to (rooms)". */
export function upwardArrows({ edges }: ImportGraph): string[] {
  const arrows: string[] = [];
  for (const [from, targets] of edges) {
    if (isTest(from)) continue;
    const own = roomOf(from)!;
    for (const to of targets) {
      const theirs = roomOf(to);
      if (!theirs) arrows.push(`${from} → ${to} (outside every room)`);
      else if (isTest(to)) arrows.push(`${from} → ${to} (a test or benchmark file)`);
      else if (theirs.room !== own.room && theirs.height >= own.height) arrows.push(`${from} → ${to} (${own.room} may not import ${theirs.room}: ${theirs.what})`);
    }
  }
  return arrows.sort();
}

/** The import circles: every strongly connected set of modules of more than one (or one importing itself), Tarjan's algorithm. */
export function importCircles({ files, edges }: ImportGraph): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  const visit = (file: string) => {
    index.set(file, counter);
    low.set(file, counter++);
    stack.push(file);
    onStack.add(file);
    for (const to of edges.get(file) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(file, Math.min(low.get(file)!, low.get(to)!));
      } else if (onStack.has(to)) low.set(file, Math.min(low.get(file)!, index.get(to)!));
    }
    if (low.get(file) === index.get(file)) {
      const members: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        members.push(member);
      } while (member !== file);
      if (members.length > 1 || (edges.get(file) ?? []).includes(file)) circles.push(members.sort());
    }
  };
  for (const file of files) if (!index.has(file)) visit(file);
  return circles;
}

describe("the project's structure", () => {
  const graph = importGraph(PROJECT_ROOT);

  it("finds the project's modules and their imports", () => {
    expect(graph.files).toEqual(expect.arrayContaining(["src/client.ts", "scripts/generate.ts", "contract-tests/run-contract.ts", "sync/sync.ts", "src/cli/main.ts"]));
    expect(graph.edges.get("sync/sync.ts")).toEqual(expect.arrayContaining(["scripts/generate.ts", "contract-tests/run-contract.ts"]));
    expect(graph.edges.get("src/lib/submit-endpoints.ts")).toContain("src/lib/deferred.ts");
  });

  it("puts every module in a room", () => {
    expect(graph.files.filter((file) => !roomOf(file))).toEqual([]);
  });

  it("has no import circle", () => {
    expect(importCircles(graph)).toEqual([]);
  });

  it("has no arrow up or across the pipeline", () => {
    expect(upwardArrows(graph)).toEqual([]);
  });

  it("nothing below the docs sync imports it", () => {
    const intoSync = [...graph.edges].filter(([from, targets]) => !isTest(from) && roomOf(from)?.room !== "sync" && targets.some((to) => roomOf(to)?.room === "sync"));
    expect(intoSync).toEqual([]);
  });

  // The checks can fail: on made-up graphs they find what they are for.
  it("finds a circle, an arrow up and an arrow across", () => {
    const made: ImportGraph = {
      files: ["src/a.ts", "src/b.ts", "scripts/c.ts", "contract-tests/d.ts", "src/cli/e.ts", "sync/f.ts"],
      edges: new Map([
        ["src/a.ts", ["src/b.ts"]],
        ["src/b.ts", ["src/a.ts", "generated/client.ts"]],
        ["scripts/c.ts", ["contract-tests/d.ts"]],
        ["contract-tests/d.ts", ["src/a.ts", "scripts/c.ts"]],
        ["src/cli/e.ts", ["contract-tests/d.ts", "src/a.ts"]],
        ["sync/f.ts", ["scripts/c.ts", "src/cli/e.ts"]],
      ]),
    };
    expect(importCircles(made)).toEqual([["src/a.ts", "src/b.ts"], ["contract-tests/d.ts", "scripts/c.ts"]]);
    expect(upwardArrows(made)).toEqual([
      "contract-tests/d.ts → src/a.ts (contract-tests may not import src: the client)",
      "scripts/c.ts → contract-tests/d.ts (scripts may not import contract-tests: the checks)",
      "sync/f.ts → src/cli/e.ts (sync may not import src/cli: the command line (runs the client, the checks and the mock))",
    ]);
  });

  it("reads every kind of import", () => {
    const text = [
      'import { a } from "./a.js";',
      'import type {\n  B,\n  C,\n} from "../b.js";',
      'export * from "./c.js";',
      'import "./d.js";',
      'const e = await import("./e.js");',
      'let f: typeof import("./f.js");',
      'import { readFileSync } from "node:fs";',
    ].join("\n");
    expect(specifiersOf(text).sort()).toEqual(["../b.js", "./a.js", "./c.js", "./d.js", "./e.js", "./f.js"]);
  });
});
