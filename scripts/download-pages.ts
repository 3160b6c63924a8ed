/**
 * Sync step: the new bytes of every upstream page, from a local directory laid out like
 * openapi/upstream, or from each page's live URL in the manifest. Every page is fetched before
 * anything is written; a page that fails yields an error naming it, and the caller writes nothing.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Manifest, ManifestPage } from "./manifest.js";

export type PageSource = { kind: "directory"; dir: string } | { kind: "live"; timeoutMs: number; fetch?: typeof fetch };

export type DownloadedPage =
  | { page: ManifestPage; status: "fetched"; content: Buffer }
  | { page: ManifestPage; status: "skipped"; why: string }
  | { page: ManifestPage; status: "failed"; error: string };

const looksLikeHtml = (body: string) => /^\s*(<!doctype html|<html[\s>])/i.test(body);

async function fromDirectory(page: ManifestPage, dir: string): Promise<DownloadedPage> {
  try {
    return { page, status: "fetched", content: await readFile(join(dir, page.file)) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { page, status: "failed", error: code === "ENOENT" ? `not found in ${dir}` : `cannot be read from ${dir} (${code ?? String(error)})` };
  }
}

async function fromLive(page: ManifestPage, timeoutMs: number, fetchPage: typeof fetch): Promise<DownloadedPage> {
  if (page.format === "text")
    return {
      page,
      status: "skipped",
      why: "its snapshot is the text rendering of an HTML page, which a download cannot reproduce; refresh it with --from DIR",
    };
  let response: Response;
  try {
    response = await fetchPage(page.url, {
      signal: AbortSignal.timeout(timeoutMs),
      headers: { accept: "text/markdown, text/plain;q=0.9, */*;q=0.1" },
      redirect: "follow",
    });
  } catch (error) {
    const name = (error as Error).name;
    if (name === "TimeoutError" || name === "AbortError") return { page, status: "failed", error: `GET ${page.url}: no answer within ${timeoutMs / 1000} s` };
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { page, status: "failed", error: `GET ${page.url}: ${cause?.code ?? cause?.message ?? (error as Error).message}` };
  }
  let bytes: Buffer;
  try {
    bytes = Buffer.from(await response.arrayBuffer());
  } catch (error) {
    const name = (error as Error).name;
    return {
      page,
      status: "failed",
      error: `GET ${page.url}: ${name === "TimeoutError" || name === "AbortError" ? `body not complete within ${timeoutMs / 1000} s` : "the body was cut off"}`,
    };
  }
  const body = bytes.toString("utf8");
  if (!response.ok) return { page, status: "failed", error: `GET ${page.url}: HTTP ${response.status} ${response.statusText}`.trimEnd() };
  const type = response.headers.get("content-type") ?? "";
  if (/text\/html/i.test(type) || looksLikeHtml(body))
    return { page, status: "failed", error: `GET ${page.url}: answered HTML (${type || "no content-type"}) instead of the page's Markdown export` };
  if (body.trim() === "") return { page, status: "failed", error: `GET ${page.url}: empty body` };
  return { page, status: "fetched", content: bytes };
}

/** Fetches every page of the manifest, all at once; never throws for a single page. */
export async function downloadPages(manifest: Manifest, source: PageSource): Promise<DownloadedPage[]> {
  return Promise.all(
    manifest.pages.map((page) =>
      source.kind === "directory" ? fromDirectory(page, source.dir) : fromLive(page, source.timeoutMs, source.fetch ?? fetch),
    ),
  );
}
