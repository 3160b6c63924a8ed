/**
 * A page of ModelsLab's docs repository rendered as docs.modelslab.com exports it (the `.md`
 * view under openapi/upstream/): the front matter becomes the index note, the title and the
 * description; blocks are separated by one blank line; code fences gain ` theme={null}`; a
 * relative image becomes an `<img>` on the site's asset host; a JSX attribute in single quotes is
 * written in double quotes with `&#x22;`; the inner text of a JSX block is indented by two spaces
 * with `*` list bullets; and a page whose front matter says `openapi: 'POST /path'` ends with the
 * OpenAPI view of that operation, rendered from the `openapi.json` beside it (the document's
 * header, `security: []` when it sets none, the operation and the components it references).
 *
 * The rendering of a page of today's snapshots gives the snapshot line for line in its prose (the
 * enterprise page, whose hand-written spec cites page lines, byte for byte); the OpenAPI view is
 * the same document, written by this project's YAML writer.
 */
import { Document, isMap, isScalar, isSeq, visit } from "yaml";
import { refsIn } from "../../scripts/upstream-documents.js";
import { parseYaml } from "../../scripts/yaml-io.js";
import type { JsonObject } from "../claims/claim.js";

const ASSET_HOST = "https://mintlify.s3.us-west-1.amazonaws.com/mod";
const INDEX_NOTE = [
  "> ## Documentation Index",
  "> Fetch the complete documentation index at: https://docs.modelslab.com/llms.txt",
  "> Use this file to discover all available pages before exploring further.",
];

export interface PageSource {
  /** The file's path in the docs repository (video-api/img-to-video.mdx). */
  path: string;
  text: string;
}

export interface FrontMatter {
  title?: string;
  description?: string;
  /** `POST /video/img2video`: the operation the page renders. */
  openapi?: string;
  /** Lines (1-based) of the front matter keys, and the line the body starts on. */
  lines: Record<string, number>;
  bodyLine: number;
}

export function frontMatterOf(text: string): FrontMatter {
  const lines = text.split("\n");
  if (lines[0]?.trim() !== "---") return { lines: {}, bodyLine: 1 };
  const end = lines.findIndex((line, index) => index > 0 && line.trim() === "---");
  if (end < 0) return { lines: {}, bodyLine: 1 };
  const raw = (parseYaml(lines.slice(1, end).join("\n"), "front matter") ?? {}) as Record<string, unknown>;
  const keyLines: Record<string, number> = {};
  for (let index = 1; index < end; index++) {
    const key = lines[index]!.match(/^([\w-]+):/)?.[1];
    if (key) keyLines[key] = index + 1;
  }
  const text_ = (key: string) => (typeof raw[key] === "string" ? (raw[key] as string) : undefined);
  return {
    ...(text_("title") !== undefined ? { title: text_("title")! } : {}),
    ...(text_("description") !== undefined ? { description: text_("description")! } : {}),
    ...(text_("openapi") !== undefined ? { openapi: text_("openapi")! } : {}),
    lines: keyLines,
    bodyLine: end + 2,
  };
}

const isFence = (line: string) => /^\s*(```+|~~~+)/.test(line);
const isHeading = (line: string) => /^#{1,6}\s/.test(line);
const isListItem = (line: string) => /^\s*[-*+]\s/.test(line);
const jsxOpen = (line: string) => line.match(/^<([A-Z]\w*)\b/)?.[1];

/** `enum='["svd"]'` → `enum="[&#x22;svd&#x22;]"`, as the site writes a JSX attribute. */
function normalizeAttributes(tag: string): string {
  return tag.replace(/(\s[\w-]+)='([^']*)'/g, (_, name: string, value: string) => `${name}="${value.replace(/"/g, "&#x22;")}"`);
}

function imageLine(line: string, path: string): string {
  const match = line.trim().match(/^!\[([^\]]*)\]\(([^)\s]+)\)$/);
  if (!match || /^[a-z]+:\/\//i.test(match[2]!)) return line;
  const dir = path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "";
  const src = match[2]!.replace(/\\/g, "/");
  return `<img src="${ASSET_HOST}/${dir}/${src.startsWith("/") ? src : `/${src}`}" alt="${match[1]}" />`;
}

/** A rendered line and the source line (1-based) it comes from. */
type Line = [text: string, from: number];

/** Markdown blocks of `lines` (each a list of lines), as the site separates them. */
function blocksOf(lines: Line[], path: string): Line[][] {
  const blocks: Line[][] = [];
  let paragraph: Line[] = [];
  let list = false;
  const flush = () => {
    if (paragraph.length > 0) blocks.push(paragraph);
    paragraph = [];
    list = false;
  };
  for (let index = 0; index < lines.length; index++) {
    const [line, from] = lines[index]!;
    if (isFence(line)) {
      flush();
      const marker = line.trim().match(/^(```+|~~~+)/)![1]!;
      const opening = line.trimEnd();
      const block: Line[] = [[opening.length > marker.length && !opening.includes("theme=") ? `${opening} theme={null}` : opening, from]];
      while (++index < lines.length) {
        block.push(lines[index]!);
        if (lines[index]![0].trim().startsWith(marker)) break;
      }
      blocks.push(block);
      continue;
    }
    const tag = jsxOpen(line);
    if (tag) {
      flush();
      const selfClosing = /\/>\s*$/.test(line);
      const closing = `</${tag}>`;
      if (selfClosing || line.includes(closing)) {
        blocks.push([[normalizeAttributes(line), from]]);
        continue;
      }
      const inner: Line[] = [];
      while (++index < lines.length && !lines[index]![0].trim().startsWith(closing)) {
        const [text, at] = lines[index]!;
        inner.push([text.trim() === "" ? "" : text.replace(/^ {0,2}/, ""), at]);
      }
      const end = lines[index]?.[1] ?? from;
      const body = blocksOf(inner, path).map((b) => b.map(([l, at]): Line => [l === "" ? "" : `  ${l.replace(/^(\s*)[-+]\s/, "$1* ")}`, at]));
      blocks.push([[normalizeAttributes(line), from], ...body.flatMap((b, i) => (i === 0 ? b : [["", b[0]![1]] as Line, ...b])), [closing, end]]);
      continue;
    }
    if (line.trim() === "") {
      flush();
      continue;
    }
    if (isHeading(line)) {
      flush();
      blocks.push([[line, from]]);
      continue;
    }
    if (isListItem(line) && !list) {
      flush();
      list = true;
    }
    paragraph.push([imageLine(line, path), from]);
  }
  flush();
  return blocks;
}

const isObject = (value: unknown): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);

/** The OpenAPI view of one operation: the document's header, the operation, the components it references (document order). */
export function operationView(document: JsonObject, operation: string): JsonObject {
  const [method = "", path = ""] = operation.trim().split(/\s+/);
  const item = isObject(document.paths) ? document.paths[path] : undefined;
  const op = isObject(item) ? item[method.toLowerCase()] : undefined;
  if (!isObject(op)) throw new Error(`the document has no ${operation}`);
  const pathItem: JsonObject = { ...(isObject(item) && item.parameters ? { parameters: item.parameters } : {}), [method.toLowerCase()]: op };
  const wanted = new Set<string>();
  const pending = [...refsIn(pathItem, new Set())];
  while (pending.length > 0) {
    const ref = pending.pop()!;
    if (wanted.has(ref)) continue;
    wanted.add(ref);
    const [, section, name] = ref.match(/^#\/components\/([^/]+)\/([^/]+)$/) ?? [];
    const value = section && name && isObject(document.components) && isObject(document.components[section]) ? (document.components[section] as JsonObject)[name] : undefined;
    pending.push(...refsIn(value, new Set()));
  }
  const components: JsonObject = {};
  for (const [section, entries] of Object.entries(isObject(document.components) ? document.components : {}))
    for (const [name, value] of Object.entries(isObject(entries) ? entries : {}))
      if (wanted.has(`#/components/${section}/${name}`)) ((components[section] ??= {}) as JsonObject)[name] = value;
  const view: JsonObject = {};
  for (const key of ["openapi", "info", "servers"]) if (document[key] !== undefined) view[key] = document[key]!;
  view.security = document.security ?? [];
  view.paths = { [path]: pathItem };
  if (Object.keys(components).length > 0) view.components = components;
  return view;
}

/** YAML as the site writes an OpenAPI view: two-space indent, long strings folded, quotes only where needed. */
export function viewYaml(view: JsonObject): string {
  const doc = new Document(view, { aliasDuplicateObjects: false });
  visit(doc, {
    Scalar(_, node, path) {
      // js-yaml folds a string longer than max(40, 80 - its key's indentation).
      const indent = 2 * Math.max(0, path.filter((ancestor) => isMap(ancestor) || isSeq(ancestor)).length - 1);
      if (typeof node.value === "string" && node.value.length > Math.max(40, 80 - indent) && !node.value.includes("\n") && !/^\s|\s$/.test(node.value)) node.type = "BLOCK_FOLDED";
    },
    Pair(_, pair) {
      if (isScalar(pair.key) && typeof pair.key.value === "string" && /^\d+$/.test(pair.key.value)) pair.key.type = "QUOTE_SINGLE";
    },
  });
  return doc.toString({ lineWidth: 80, minContentWidth: 20, indent: 2, singleQuote: true });
}

/** A rendered page: its text, and for each of its lines the source line it comes from (0: none). */
export interface RenderedPage {
  text: string;
  /** fromLine[i]: the line of the .mdx that rendered line i + 1 comes from (0 for the index note and blank lines). */
  fromLine: number[];
  /** The operation the page renders (`POST /video/img2video`), and the first line of its OpenAPI view. */
  openapi?: { operation: string; firstLine: number };
}

/**
 * The rendered page of `source`; `document` is the parsed `openapi.json` beside it, needed when the
 * front matter names an operation.
 */
const rendered = new Map<string, RenderedPage>();

export function renderPage(source: PageSource, document?: JsonObject): RenderedPage {
  // One rendering per source and document (the places and the rendered-page rule both ask).
  const key = `${source.path}\n${source.text}\n${document === undefined ? "" : JSON.stringify(document)}`;
  const known = rendered.get(key);
  if (known) return known;
  if (rendered.size > 32) rendered.clear();
  const page = renderAnew(source, document);
  rendered.set(key, page);
  return page;
}

function renderAnew(source: PageSource, document?: JsonObject): RenderedPage {
  const front = frontMatterOf(source.text);
  const body = source.text
    .split("\n")
    .slice(front.bodyLine - 1)
    .map((line, index): Line => [line, front.bodyLine + index]);
  const out: Line[] = INDEX_NOTE.map((line): Line => [line, 0]);
  out.push(["", 0]);
  if (front.title !== undefined) out.push([`# ${front.title}`, front.lines.title ?? 0], ["", 0]);
  if (front.description !== undefined) out.push([`> ${front.description}`, front.lines.description ?? 0], ["", 0]);
  out.push(...blocksOf(body, source.path).flatMap((block, index) => (index === 0 ? block : [["", 0] as Line, ...block])));
  const finish = (lines: Line[], trailing: string, openapi?: RenderedPage["openapi"]): RenderedPage => ({
    text: lines.map(([text]) => text).join("\n") + trailing,
    fromLine: lines.map(([, from]) => from),
    ...(openapi ? { openapi } : {}),
  });
  if (!front.openapi) return finish(out, "\n");
  if (!document) throw new Error(`${source.path}: renders ${front.openapi}, but no openapi.json beside it was given`);
  out.push(["", 0], ["", 0], ["## OpenAPI", front.lines.openapi ?? 0], ["", 0], [`\`\`\`\`yaml ${front.openapi}`, front.lines.openapi ?? 0]);
  const firstLine = out.length + 1;
  out.push(...viewYaml(operationView(document, front.openapi)).split("\n").map((line): Line => [line, 0]), ["````", 0]);
  return finish(out, "", { operation: front.openapi, firstLine });
}
