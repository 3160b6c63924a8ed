/**
 * Fixes traced into the files the docs team edits (source-places.ts), by what each rendered
 * page's tracing reads: a copy of the docs with another page edited traces a page's fix as the
 * unedited docs do, a copy whose `openapi.json` moved the traced lines traces it to the new lines,
 * and no caller's change to the edits it got reaches another's.
 */
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { layoutOf } from "../../scripts/layout.js";
import { readManifest } from "../../scripts/manifest.js";
import type { PageEdit } from "../rules/finding.js";
import { editedDocs } from "../test-support/docs-copy.js";
import { docsPlaces } from "./source-places.js";

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});
const copy = (...edits: Parameters<typeof editedDocs>[0]) => {
  const dir = editedDocs(edits);
  made.push(dir);
  return dir;
};
const placesOf = (dir: string) => docsPlaces(dir, readManifest({ ...layoutOf(), upstreamDir: dir, manifestFile: join(dir, "manifest.yaml") }), "snapshot");

const PAGE = "v6-img2video.md";
const DOCUMENT = "docs-repo/video-api/openapi.json";

/** An edit of the first `type: integer` line of the page's OpenAPI view, and of the page's title line (the `.mdx`'s front matter). */
function pageEdits(dir: string): PageEdit[] {
  const lines = readFileSync(join(dir, PAGE), "utf8").split("\n");
  const view = lines.findIndex((line) => line.startsWith("````yaml"));
  const typed = lines.findIndex((line, at) => at > view && line.trim() === "type: integer");
  const title = lines.findIndex((line) => line.startsWith("# "));
  return [
    { page: PAGE, line: typed + 1, before: "type: integer", after: "type: number" },
    { page: PAGE, line: title + 1, before: lines[title]!.slice(2), after: `${lines[title]!.slice(2)} (corrected)` },
  ];
}

describe("fixes traced into the docs sources", () => {
  const base = copy();
  const edits = pageEdits(base);
  const traced = placesOf(base).sourceEdits(edits)!;

  it("are edits of the page's .mdx and of the openapi.json beside it", () => {
    expect(traced.map((edit) => edit.uri).sort()).toEqual(["video-api/img-to-video.mdx", "video-api/openapi.json"]);
    expect(traced.find((edit) => edit.uri === "video-api/openapi.json")).toMatchObject({ base: "DOCSROOT", before: expect.stringContaining('"integer"'), after: expect.stringContaining('"number"') });
  });

  it("are the same in a copy with another page edited, and each caller's copy is its own", () => {
    const other = copy({ file: "v7-video-fusion-image-to-video.txt", from: "generated video in seconds.", to: "generated video in seconds (corrected)." });
    const again = placesOf(other).sourceEdits(edits)!;
    expect(again).toEqual(traced);
    again[0]!.line = -1;
    again[0]!.after = "changed by a caller";
    expect(placesOf(base).sourceEdits(edits)).toEqual(traced);
    expect(placesOf(other).sourceEdits(edits)).toEqual(traced);
  });

  it("follow the page's openapi.json when its lines move", () => {
    const text = readFileSync(join(base, DOCUMENT), "utf8");
    const moved = copy({ file: DOCUMENT, from: '{\n  "openapi": "3.1.0",', to: '{\n  "x-moved": true,\n  "openapi": "3.1.0",' });
    expect(readFileSync(join(moved, DOCUMENT), "utf8")).not.toBe(text);
    const shifted = placesOf(moved).sourceEdits(edits)!;
    const inDocument = (list: typeof traced) => list.find((edit) => edit.uri === "video-api/openapi.json")!;
    expect(inDocument(shifted).line).toBe(inDocument(traced).line + 1);
    expect(shifted.find((edit) => edit.uri.endsWith(".mdx"))).toEqual(traced.find((edit) => edit.uri.endsWith(".mdx")));
  });
});
