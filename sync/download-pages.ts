/**
 * Sync step: the new bytes of every upstream snapshot, from a local directory laid out like
 * openapi/upstream (docs-repo/… included), or live: each rendered page from its URL, and each
 * docs-repository file from the repository's raw files at its head commit (resolved once per
 * repository, so every file comes from the same commit), and the per-model constraints from the
 * model-search endpoint (model-search.ts; with an API key). Everything is fetched before anything
 * is written; a snapshot that fails yields an error naming it, and the caller writes nothing.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { entriesOf, rawUrlOf, type Manifest, type ManifestEntry, type ManifestRepository } from "../scripts/manifest.js";
import type { ModelsSnapshot } from "../scripts/v7-models.js";
import { searchModels } from "./model-search.js";

export type PageSource =
  | { kind: "directory"; dir: string; /** The commit the directory's docs-repo/ files come from, when known. */ commit?: string }
  | {
      kind: "live";
      timeoutMs: number;
      fetch?: typeof fetch;
      /** The current models snapshot: which models the model-search endpoint is asked about. */
      models?: ModelsSnapshot;
      /** The API key model-search takes (never written anywhere); without it that snapshot is skipped. */
      apiKey?: string;
    };

export type DownloadedPage =
  | { page: ManifestEntry; status: "fetched"; content: Buffer; /** docs-repository files: the commit the bytes come from. */ commit?: string; url?: string }
  | { page: ManifestEntry; status: "skipped"; why: string }
  | { page: ManifestEntry; status: "failed"; error: string };

const looksLikeHtml = (body: string) => /^\s*(<!doctype html|<html[\s>])/i.test(body);

async function fromDirectory(page: ManifestEntry, dir: string, commit: string | undefined): Promise<DownloadedPage> {
  try {
    const content = await readFile(join(dir, page.file));
    return { page, status: "fetched", content, ...(page.origin && commit ? { commit } : {}) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { page, status: "failed", error: code === "ENOENT" ? `not found in ${dir}` : `cannot be read from ${dir} (${code ?? String(error)})` };
  }
}

type Got = { ok: true; bytes: Buffer; response: Response } | { ok: false; error: string };

async function get(url: string, accept: string, timeoutMs: number, fetchPage: typeof fetch): Promise<Got> {
  let response: Response;
  try {
    response = await fetchPage(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept }, redirect: "follow" });
  } catch (error) {
    const name = (error as Error).name;
    if (name === "TimeoutError" || name === "AbortError") return { ok: false, error: `GET ${url}: no answer within ${timeoutMs / 1000} s` };
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { ok: false, error: `GET ${url}: ${cause?.code ?? cause?.message ?? (error as Error).message}` };
  }
  let bytes: Buffer;
  try {
    bytes = Buffer.from(await response.arrayBuffer());
  } catch (error) {
    const name = (error as Error).name;
    return { ok: false, error: `GET ${url}: ${name === "TimeoutError" || name === "AbortError" ? `body not complete within ${timeoutMs / 1000} s` : "the body was cut off"}` };
  }
  if (!response.ok) return { ok: false, error: `GET ${url}: HTTP ${response.status} ${response.statusText}`.trimEnd() };
  return { ok: true, bytes, response };
}

/** Checks the body is what the snapshot holds: Markdown or JSON, not an HTML page, not empty, JSON that parses. */
function judged(page: ManifestEntry, url: string, got: Got & { ok: true }, commit?: string): DownloadedPage {
  const body = got.bytes.toString("utf8");
  const type = got.response.headers.get("content-type") ?? "";
  if (/text\/html/i.test(type) || looksLikeHtml(body))
    return { page, status: "failed", error: `GET ${url}: answered HTML (${type || "no content-type"}) instead of the page's Markdown export` };
  if (body.trim() === "") return { page, status: "failed", error: `GET ${url}: empty body` };
  if (page.file.endsWith(".json")) {
    try {
      JSON.parse(body);
    } catch {
      return { page, status: "failed", error: `GET ${url}: not valid JSON` };
    }
  }
  return { page, status: "fetched", content: got.bytes, ...(commit ? { commit, url } : {}) };
}

async function fromLive(page: ManifestEntry, timeoutMs: number, fetchPage: typeof fetch): Promise<DownloadedPage> {
  if ("format" in page && page.format === "text")
    return {
      page,
      status: "skipped",
      why: "its snapshot is the text rendering of an HTML page, which a download cannot reproduce; refresh it with --from DIR",
    };
  const got = await get(page.url, "text/markdown, text/plain;q=0.9, */*;q=0.1", timeoutMs, fetchPage);
  return got.ok ? judged(page, page.url, got) : { page, status: "failed", error: got.error };
}

/** The head commit of a repository: `head` answers the sha as text (GitHub: accept application/vnd.github.sha). */
async function headCommit(repository: ManifestRepository, timeoutMs: number, fetchPage: typeof fetch): Promise<{ commit: string } | { error: string }> {
  const got = await get(repository.head, "application/vnd.github.sha", timeoutMs, fetchPage);
  if (!got.ok) return { error: `head commit of ${repository.name}: ${got.error}` };
  const sha = got.bytes.toString("utf8").trim();
  return /^[0-9a-f]{40}$/.test(sha) ? { commit: sha } : { error: `head commit of ${repository.name}: GET ${repository.head} answered ${JSON.stringify(sha.slice(0, 60))}, not a commit sha` };
}

/** Fetches every snapshot of the manifest (pages, then repository documents), all at once; never throws for a single one. */
export async function downloadPages(manifest: Manifest, source: PageSource): Promise<DownloadedPage[]> {
  const entries = entriesOf(manifest);
  if (source.kind === "directory") return Promise.all(entries.map((entry) => fromDirectory(entry, source.dir, source.commit)));
  const fetchPage = source.fetch ?? fetch;
  const heads = new Map(
    await Promise.all(manifest.repositories.map(async (repository) => [repository.name, await headCommit(repository, source.timeoutMs, fetchPage)] as const)),
  );
  return Promise.all(
    entries.map(async (entry): Promise<DownloadedPage> => {
      if (entry.format === "model-constraints") {
        if (!source.models) return { page: entry, status: "skipped", why: "no current models snapshot to refresh" };
        const result = await searchModels(entry, source.models, { timeoutMs: source.timeoutMs, fetch: fetchPage, apiKey: source.apiKey });
        return { page: entry, ...result };
      }
      if (!entry.origin) return fromLive(entry, source.timeoutMs, fetchPage);
      const head = heads.get(entry.origin.repository);
      if (!head) return { page: entry, status: "failed", error: `repository ${entry.origin.repository} is not in the manifest` };
      if ("error" in head) return { page: entry, status: "failed", error: head.error };
      const repository = manifest.repositories.find((r) => r.name === entry.origin!.repository)!;
      const url = rawUrlOf(repository, entry.origin.path, head.commit);
      const got = await get(url, "text/plain, application/json;q=0.9, */*;q=0.1", source.timeoutMs, fetchPage);
      return got.ok ? judged(entry, url, got, head.commit) : { page: entry, status: "failed", error: got.error };
    }),
  );
}
