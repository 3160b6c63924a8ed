/** The site's rendering, reproduced: today's page sources render to today's rendered snapshots. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { layoutOf } from "../../scripts/layout.js";
import { parseYaml } from "../../scripts/yaml-io.js";
import type { JsonObject } from "../claims/claim.js";
import { renderPage } from "./render-page.js";

const upstream = layoutOf().upstreamDir;
const read = (file: string) => readFileSync(join(upstream, file), "utf8");
const render = (path: string) => renderPage({ path, text: read(`docs-repo/${path}`) }, parseYaml(read(`docs-repo/${path.replace(/[^/]+$/, "openapi.json")}`), path) as JsonObject);

describe("rendering a page of the docs repository", () => {
  it("gives the enterprise page byte for byte (its hand-written spec cites these lines)", () => {
    expect(render("enterprise-api/video/img-to-video.mdx").text).toBe(read("v1-enterprise-img2video.md"));
  });

  it("gives the v6 img2video page byte for byte, OpenAPI view included, and traces each line to its .mdx line", () => {
    const page = render("video-api/img-to-video.mdx");
    expect(page.text).toBe(read("v6-img2video.md"));
    const lines = page.text.split("\n");
    const source = read("docs-repo/video-api/img-to-video.mdx").split("\n");
    for (const [index, from] of page.fromLine.entries()) if (from > 0 && !lines[index]!.startsWith("#") && !lines[index]!.startsWith(">") && !lines[index]!.startsWith("```")) expect(source[from - 1]).toBe(lines[index]);
    expect(page.openapi).toEqual({ operation: "POST /video/img2video", firstLine: lines.indexOf("````yaml POST /video/img2video") + 2 });
  });

  it("gives the v6 ultra page but for the one line its .mdx changed since (the example's init_image)", () => {
    const mine = render("video-api/image-to-video-ultra.mdx").text.split("\n");
    const site = read("v6-img2video-ultra.md").split("\n");
    expect(mine.length).toBe(site.length);
    expect(mine.flatMap((line, index) => (line === site[index] ? [] : [index + 1]))).toEqual([24]);
    expect(site[23]).toContain('"init_image"');
  });
});
