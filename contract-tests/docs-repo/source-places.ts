/**
 * Where the docs team edits what a finding is about. A rendered page (v6-img2video.md) is made
 * from an `.mdx` file of the docs repository and, for its OpenAPI view, the `openapi.json` beside
 * it: each of its lines is traced back to the source line it comes from (prose lines to the
 * `.mdx`, OpenAPI lines through their JSON pointer to the document). A docs-repository file the
 * check reads as it is (docs-repo/…) is that file of the repository; a page the repository does
 * not hold (the v7 model page, the legacy page) keeps its URL; the project's own files (API-FACTS,
 * the hand-written specs) keep the project's path.
 *
 * Suggested fixes are traced the same way: an edit of a prose line becomes the edit of the `.mdx`
 * line (attributes written as the `.mdx` writes them), and the edits of an OpenAPI view become
 * line edits of the `openapi.json` (json-edits.ts).
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseYaml, ReadsByText } from "../../scripts/yaml-io.js";
import type { Manifest } from "../../scripts/manifest.js";
import type { JsonObject, JsonValue } from "../claims/claim.js";
import { applyEdits } from "../docs-edits.js";
import type { PageEdit } from "../rules/finding.js";
import { jsonEdits } from "./json-edits.js";
import { pathOf, pointerByLine, valueLines, type ValueLines } from "./json-lines.js";
import { renderPage } from "./render-page.js";

/** A file and line: in the docs repository (DOCSROOT), in this project (PROJECTROOT), or a page on the web (an absolute URL, no base). */
export interface Place {
  uri: string;
  line: number;
  base?: "DOCSROOT" | "PROJECTROOT";
}

/** A suggested fix's edit of a file the docs team edits. */
export interface SourceEdit extends Place {
  before: string;
  after: string;
}

export const DOCS_PREFIX = "docs-repo/";

interface RenderedSource {
  page: string;
  url: string;
  /** The .mdx's path in the repository, and its text. */
  source: string;
  sourceText: string;
  /** The openapi.json beside it (path and text), when the page renders an operation. */
  document?: { path: string; text: string; lines: () => Map<string, ValueLines> };
  pageText: string;
  fromLine: number[];
  /** The OpenAPI view's lines on the page: first and last line, and the pointer of each line (read when first asked). */
  view?: { first: number; last: number; pointers: () => Map<number, string> };
  /** The sha256 of everything above: what tracing an edit of the page reads. */
  content: string;
}

export interface DocsPlaces {
  /** Where a page line is edited. */
  placeOf(page: string, line: number): Place;
  /** The rendered page itself, for a page made from repository sources (a related location). */
  renderedPlace(page: string, line: number): Place | undefined;
  /** The edits of a fix, made in the files the docs team edits; undefined when some edit cannot be traced. */
  sourceEdits(edits: readonly PageEdit[]): SourceEdit[] | undefined;
}

/** The OpenAPI view block of a rendered page: its YAML text and first line. */
function viewBlock(pageText: string): { text: string; first: number; last: number } | undefined {
  const lines = pageText.split("\n");
  const start = lines.findIndex((line) => /^````ya?ml\b/.test(line));
  if (start < 0) return undefined;
  const end = lines.findIndex((line, index) => index > start && line.startsWith("````"));
  const last = end < 0 ? lines.length : end;
  return { text: lines.slice(start + 1, last).join("\n"), first: start + 2, last };
}

const once = <T>(make: () => T): (() => T) => {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
};

/** `enum="[&#x22;svd&#x22;]"` as the .mdx writes it: `enum='["svd"]'`. */
const asMdxAttributes = (text: string): string => text.replace(/="([^"]*&#x22;[^"]*)"/g, (_, value: string) => `='${value.replace(/&#x22;/g, '"')}'`);

/**
 * The places of one docs input: `upstreamDir` holds the pages and docs-repo/ files as the check
 * read them; `renderedBase` says where a rendered page is shown (the project's snapshot, or its URL).
 */
/**
 * The model page each line of a models snapshot (manifest `models`) transcribes: a line of a
 * model's entry stands for that model's page (its URL), where the page's editors find it.
 */
export function modelPageOfLine(snapshotText: string): (line: number) => string | undefined {
  const lines = snapshotText.split("\n");
  const starts: { line: number; page: string }[] = [];
  let parsed: { models?: { model_id?: unknown; page?: unknown }[] } = {};
  try {
    parsed = JSON.parse(snapshotText) as typeof parsed;
  } catch {
    return () => undefined;
  }
  for (const model of parsed.models ?? []) {
    const at = lines.findIndex((line) => line === `      "model_id": ${JSON.stringify(model.model_id)},`);
    if (at >= 0 && typeof model.page === "string") starts.push({ line: at + 1, page: model.page });
  }
  starts.sort((a, b) => a.line - b.line);
  return (line) => [...starts].reverse().find((start) => start.line <= line)?.page;
}

/**
 * A rendered page's share of a fix, traced, by what its tracing reads (the page's text, its `.mdx`
 * and `openapi.json`, the lines between them: `content`) and the page's edits: the contract
 * check's runs on copies of the docs, each with another page or file edited, trace the same fixes
 * of the pages they left as they were. The most recent 4096 are kept; each run gets copies of its
 * own. (Held in an object: a page whose share cannot be traced is kept too, as `undefined`.)
 */
const tracedPages = new ReadsByText<{ edits: SourceEdit[] | undefined }>(4096);

export function docsPlaces(upstreamDir: string, manifest: Manifest, renderedBase: "snapshot" | "url"): DocsPlaces {
  const pages = new Map(manifest.pages.map((page) => [page.file, page]));
  const modelTexts = manifest.models.filter((entry) => existsSync(join(upstreamDir, entry.file))).map((entry) => [entry.file, readFileSync(join(upstreamDir, entry.file), "utf8")] as const);
  const modelPages = new Map(modelTexts.map(([file, text]) => [file, modelPageOfLine(text)]));
  const rendered = new Map<string, RenderedSource>();
  for (const entry of manifest.documents) {
    if (entry.format !== "mdx" || !entry.renders || !pages.has(entry.renders)) continue;
    const sourceText = readFileSync(join(upstreamDir, entry.file), "utf8");
    const documentFile = join(dirname(entry.file), "openapi.json");
    const documentText = existsSync(join(upstreamDir, documentFile)) ? readFileSync(join(upstreamDir, documentFile), "utf8") : undefined;
    let rendering: ReturnType<typeof renderPage>;
    try {
      rendering = renderPage({ path: entry.origin.path, text: sourceText }, documentText === undefined ? undefined : (JSON.parse(documentText) as JsonObject));
    } catch {
      continue;
    }
    const pageText = readFileSync(join(upstreamDir, entry.renders), "utf8");
    const block = rendering.openapi ? viewBlock(pageText) : undefined;
    const documentPath = join(dirname(entry.origin.path), "openapi.json");
    const shown = documentText !== undefined && rendering.openapi;
    rendered.set(entry.renders, {
      content: createHash("sha256")
        .update(JSON.stringify([entry.renders, entry.origin.path, sourceText, shown ? documentPath : null, shown ? documentText : null, pageText, rendering.fromLine, block?.first ?? null, block?.last ?? null]))
        .digest("hex"),
      page: entry.renders,
      url: pages.get(entry.renders)!.url,
      source: entry.origin.path,
      sourceText,
      ...(documentText !== undefined && rendering.openapi ? { document: { path: documentPath, text: documentText, lines: once(() => valueLines(documentText)) } } : {}),
      pageText,
      fromLine: rendering.fromLine,
      ...(block ? { view: { first: block.first, last: block.last, pointers: once(() => pointerByLine(valueLines(block.text, block.first))) } } : {}),
    });
  }

  // The view as the page shows it and the document, parsed once per page (every fix of the page compares with them).
  const parsed = new Map<string, { view: JsonObject; document: JsonObject }>();
  const parsedOf = (source: RenderedSource) => {
    let known = parsed.get(source.page);
    if (!known) {
      known = { view: parseYaml(viewBlock(source.pageText)!.text, source.page) as JsonObject, document: JSON.parse(source.document!.text) as JsonObject };
      parsed.set(source.page, known);
    }
    return known;
  };

  const viewPointer = (source: RenderedSource, line: number): string | undefined => {
    if (!source.view || line < source.view.first || line > source.view.last) return undefined;
    for (let at = line; at >= source.view.first; at--) {
      const pointer = source.view.pointers().get(at);
      if (pointer !== undefined) return pointer;
    }
    return "";
  };
  const documentLine = (source: RenderedSource, pointer: string): number => {
    const lines = source.document!.lines();
    for (let path = pathOf(pointer); ; path = path.slice(0, -1)) {
      const found = lines.get(path.length === 0 ? "" : `/${path.map((p) => p.replace(/~/g, "~0").replace(/\//g, "~1")).join("/")}`);
      if (found) return found.line;
      if (path.length === 0) return 1;
      // The view's `security: []` (added when the document sets none) and its header stand for the operation.
      if (path.length === 1 && path[0] === "security") {
        const operation = [...lines.keys()].find((key) => key.startsWith("/paths/") && pathOf(key).length === 3);
        return operation ? lines.get(operation)!.line : 1;
      }
    }
  };

  const placeOf = (page: string, line: number): Place => {
    const source = rendered.get(page);
    if (source) {
      const pointer = viewPointer(source, line);
      if (pointer !== undefined && source.document) return { uri: source.document.path, line: documentLine(source, pointer), base: "DOCSROOT" };
      const from = source.fromLine[line - 1] ?? 0;
      return { uri: source.source, line: from > 0 ? from : 1, base: "DOCSROOT" };
    }
    if (page.startsWith(DOCS_PREFIX)) return { uri: page.slice(DOCS_PREFIX.length), line, base: "DOCSROOT" };
    if (page === "API-FACTS.md") return { uri: "openapi/facts/API-FACTS.md", line, base: "PROJECTROOT" };
    // A line of the models snapshot: the model page it transcribes (by its URL), at the snapshot's line.
    const modelPage = modelPages.get(page)?.(line);
    if (modelPage) return { uri: modelPage, line };
    const listed = pages.get(page);
    return listed ? { uri: listed.url, line } : { uri: `openapi/upstream/${page}`, line, base: "PROJECTROOT" };
  };

  const renderedPlace = (page: string, line: number): Place | undefined => {
    const source = rendered.get(page);
    if (!source) return undefined;
    return renderedBase === "snapshot" ? { uri: `openapi/upstream/${page}`, line, base: "PROJECTROOT" } : { uri: source.url, line };
  };

  /** The edits of one rendered page, made in its `.mdx` and `openapi.json`; undefined when one cannot be traced. */
  const traceRendered = (source: RenderedSource, pageEdits: readonly PageEdit[]): SourceEdit[] | undefined => {
    const out: SourceEdit[] = [];
    const inView = pageEdits.filter((edit) => viewPointer(source, edit.line) !== undefined);
    const sourceLines = source.sourceText.split("\n");
    for (const edit of pageEdits.filter((e) => !inView.includes(e))) {
      const line = source.fromLine[edit.line - 1] ?? 0;
      const text = sourceLines[line - 1] ?? "";
      if (line > 0 && text.includes(edit.before)) out.push({ uri: source.source, line, base: "DOCSROOT", before: edit.before, after: edit.after });
      else if (line > 0 && text.includes(asMdxAttributes(edit.before))) out.push({ uri: source.source, line, base: "DOCSROOT", before: asMdxAttributes(edit.before), after: asMdxAttributes(edit.after) });
      else return undefined;
    }
    if (inView.length === 0) return out;
    if (!source.document || !source.view) return undefined;
    // The view as the page shows it, and as the edits leave it; the document changes by the difference.
    const edited = viewBlock(applyEdits(source.pageText, inView).text);
    if (!edited) return undefined;
    let after: JsonObject;
    try {
      after = parseYaml(edited.text, source.page) as JsonObject;
    } catch {
      return undefined;
    }
    const { view: before, document } = parsedOf(source);
    for (const [key, value] of Object.entries(after)) {
      if (key === "paths" || key === "components") {
        for (const [name, child] of Object.entries((value ?? {}) as JsonObject))
          for (const [inner, leaf] of Object.entries((child ?? {}) as JsonObject)) {
            const old = ((before[key] as JsonObject | undefined)?.[name] as JsonObject | undefined)?.[inner];
            if (JSON.stringify(old) === JSON.stringify(leaf)) continue;
            const made = jsonEdits(source.document.path, source.document.text, old as JsonValue, leaf as JsonValue, [key, name, inner]);
            if (!made) return undefined;
            out.push(...made.map((edit) => ({ uri: edit.page, line: edit.line, base: "DOCSROOT" as const, before: edit.before, after: edit.after })));
          }
      } else if (JSON.stringify(before[key]) !== JSON.stringify(value)) {
        if (key === "security" && document.security === undefined) return undefined;
        const made = jsonEdits(source.document.path, source.document.text, before[key] as JsonValue, value as JsonValue, [key]);
        if (!made) return undefined;
        out.push(...made.map((edit) => ({ uri: edit.page, line: edit.line, base: "DOCSROOT" as const, before: edit.before, after: edit.after })));
      }
    }
    return out;
  };

  const traceEdits = (edits: readonly PageEdit[]): SourceEdit[] | undefined => {
    const out: SourceEdit[] = [];
    const byPage = new Map<string, PageEdit[]>();
    for (const edit of edits) byPage.set(edit.page, [...(byPage.get(edit.page) ?? []), edit]);
    for (const [page, pageEdits] of byPage) {
      const source = rendered.get(page);
      if (!source) {
        for (const edit of pageEdits) out.push({ ...placeOf(page, edit.line), before: edit.before, after: edit.after });
        continue;
      }
      const traced = tracedPages.read(source.content, JSON.stringify(pageEdits), () => ({ edits: traceRendered(source, pageEdits) })).edits;
      if (!traced) return undefined;
      out.push(...traced);
    }
    return out;
  };

  // Each fix is traced once however often it is asked for (the check traces the rules' fixes while Prism answers, the reports again),
  // and a rendered page's share of it once for every run on the same page and sources (tracedPages).
  const traced = new Map<string, SourceEdit[] | undefined>();
  const sourceEdits = (edits: readonly PageEdit[]): SourceEdit[] | undefined => {
    const key = JSON.stringify(edits);
    if (!traced.has(key)) traced.set(key, traceEdits(edits));
    return traced.get(key);
  };

  return { placeOf, renderedPlace, sourceEdits };
}
