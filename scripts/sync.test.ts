import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import { afterEach, describe, expect, it } from "vitest";
import { runGenerate } from "./generate.js";
import { layoutOf, PROJECT_ROOT } from "./layout.js";
import { sha256 } from "./manifest.js";
import { sync } from "./sync.js";

const temps: string[] = [];
const servers: Server[] = [];
afterEach(async () => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

/** A copy of the project's pipeline inputs and outputs for sync to work on. */
function projectCopy(): string {
  const root = tempDir("modelslab-sync-root-");
  cpSync(join(PROJECT_ROOT, "openapi"), join(root, "openapi"), { recursive: true });
  cpSync(join(PROJECT_ROOT, "generated"), join(root, "generated"), { recursive: true });
  cpSync(join(PROJECT_ROOT, "contract-tests", "baseline.yaml"), join(root, "contract-tests", "baseline.yaml"));
  for (const file of ["package.json", "package-lock.json", "CHANGELOG.md"]) cpSync(join(PROJECT_ROOT, file), join(root, file));
  return root;
}

/** A docs directory derived from the real snapshots, with one page edited. */
function docsWith(file: string, edit: (text: string) => string): string {
  const dir = tempDir("modelslab-docs-");
  cpSync(layoutOf().upstreamDir, dir, { recursive: true });
  const path = join(dir, file);
  const before = readFileSync(path, "utf8");
  const after = edit(before);
  expect(after, "the fixture edit must change the page").not.toBe(before);
  writeFileSync(path, after);
  return dir;
}

/** A docs directory derived from the real snapshots, with several files edited. */
function docsWithEdits(edits: Record<string, (text: string) => string>): string {
  const dir = tempDir("modelslab-docs-");
  cpSync(layoutOf().upstreamDir, dir, { recursive: true });
  for (const [file, edit] of Object.entries(edits)) {
    const path = join(dir, file);
    const before = readFileSync(path, "utf8");
    const after = edit(before);
    expect(after, `the fixture edit must change ${file}`).not.toBe(before);
    writeFileSync(path, after);
  }
  return dir;
}

/** sha256 of every file under a root: proves a run wrote nothing. */
function treeHash(root: string): string {
  const files = readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
  return sha256(files.map((f) => `${f}\n${sha256(readFileSync(f))}`).join("\n"));
}

const ULTRA = "v6-img2video-ultra.md";
const V6 = "v6-img2video.md";

describe("npm run sync", () => {
  it("reports no change and exits 0 for the unchanged snapshots", async () => {
    const root = projectCopy();
    const before = treeHash(root);
    const { report, written } = await sync({ contract: false, root, from: layoutOf().upstreamDir });
    expect(report).toMatchObject({ verdict: "no-change", exitCode: 0, changes: [] });
    expect(report.pages.every((p) => p.status === "unchanged")).toBe(true);
    expect(written).toEqual([]);
    expect(treeHash(root)).toBe(before);
  });

  it.each([
    ["an enum narrowed on one page", ULTRA, (t: string) => t.replace("            - wan2.2\n            - ltx-2.3\n", "            - wan2.2\n"), "enum-values-removed", "model_id"],
    ["a property removed", ULTRA, (t: string) => t.replace(/        fps:\n          type: integer\n          maximum: 16\n          description: Frames per second\n/, ""), "property-removed", "fps"],
    ["a maximum lowered", V6, (t: string) => t.replace("          default: 16\n          maximum: 25", "          default: 16\n          maximum: 20"), "limit-tightened", "num_frames (maximum)"],
    [
      "a new required field",
      V6,
      (t: string) => t.replace("        - init_image\n", "        - init_image\n        - seed\n").replace("      properties:\n        key:", "      properties:\n        seed:\n          type: integer\n        key:"),
      "required-property-added",
      "seed",
    ],
  ])("classifies %s as breaking (exit 20) and rewrites snapshot, manifest and generated files", async (_, page, edit, kind, field) => {
    const root = projectCopy();
    const { report, written } = await sync({ contract: false, root, from: docsWith(page, edit) });
    expect(report).toMatchObject({ verdict: "breaking", exitCode: 20 });
    expect(report.changes).toContainEqual(expect.objectContaining({ kind, field, breaking: true, location: "request body" }));
    expect(written).toEqual(expect.arrayContaining([`openapi/upstream/${page}`, "openapi/upstream/manifest.yaml", "generated/openapi.yaml"]));
    const said: string[] = [];
    const check = await runGenerate(["--check", "--force", "--root", root], { out: (line) => said.push(line), err: (line) => said.push(line) });
    expect(said.join("\n")).toContain("generated/ is up to date");
    expect(check).toBe(0);
  });

  it("breaks a consumer that used a removed field: it type-checks before the sync and not after", async () => {
    const root = projectCopy();
    writeFileSync(
      join(root, "consumer.ts"),
      [
        'import type { components } from "./generated/schema.js";',
        'export const request: components["schemas"]["V6ImageToVideoUltraRequest"] = {',
        '  key: "k", model_id: "wan2.2", prompt: "a cat", init_image: "https://example.com/cat.png", fps: 16,',
        "};",
        "",
      ].join("\n"),
    );
    // `tsc --noEmit --strict --module nodenext --moduleResolution nodenext --skipLibCheck consumer.ts`, in process.
    const typecheck = () => {
      const options: ts.CompilerOptions = { noEmit: true, strict: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, skipLibCheck: true, types: [] };
      const host = ts.createCompilerHost(options);
      host.getCurrentDirectory = () => root;
      const diagnostics = ts.getPreEmitDiagnostics(ts.createProgram([join(root, "consumer.ts")], options, host));
      return { status: diagnostics.length === 0 ? 0 : 2, stdout: ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => "\n" }) };
    };
    const before = typecheck();
    expect(before.status, before.stdout).toBe(0);
    const removeFps = (t: string) => t.replace(/        fps:\n          type: integer\n          maximum: 16\n          description: Frames per second\n/, "");
    expect((await sync({ contract: false, root, from: docsWith(ULTRA, removeFps) })).report.exitCode).toBe(20);
    const after = typecheck();
    expect(after.status).not.toBe(0);
    expect(after.stdout).toMatch(/consumer\.ts\(3,\d+\): error TS2353: Object literal may only specify known properties, and 'fps' does not exist/);
  });

  it("classifies a description-only edit as non-breaking (exit 10)", async () => {
    const { report } = await sync({ contract: false, root: projectCopy(), from: docsWith(V6, (t) => t.replace("description: Height in pixels", "description: Height of the video in pixels")) });
    expect(report).toMatchObject({ verdict: "non-breaking", exitCode: 10, counts: { breaking: 0, nonBreaking: 1 } });
    expect(report.changes).toEqual([expect.objectContaining({ kind: "documentation-changed", field: "height" })]);
  });

  it("classifies a prose-only page edit as a documentation-only change (exit 10, no spec change)", async () => {
    const { report } = await sync({ contract: false, root: projectCopy(), from: docsWith(V6, (t) => t.replace("# Image to Video\n", "# Image to Video (v6)\n")) });
    expect(report).toMatchObject({ verdict: "non-breaking", exitCode: 10, changes: [] });
  });

  it("--check reports a breaking change and writes nothing", async () => {
    const root = projectCopy();
    const before = treeHash(root);
    const { report, written } = await sync({ contract: false, root, check: true, from: docsWith(ULTRA, (t) => t.replace("          maximum: 16\n          description: Frames per second", "          maximum: 8\n          description: Frames per second")) });
    expect(report.exitCode).toBe(20);
    expect(written).toEqual([]);
    expect(treeHash(root)).toBe(before);
  });

  it("fails (exit 1, nothing written) when an overlay's target vanished, naming the overlay", async () => {
    const root = projectCopy();
    const before = treeHash(root);
    const noModelId = (t: string) => t.replace("        - model_id\n", "").replace(/        model_id:\n          type: string\n          enum:\n            - svd\n          description: The ID of the model to use\n/, "");
    const { report } = await sync({ contract: false, root, from: docsWith(V6, noModelId) });
    expect(report).toMatchObject({ verdict: "failed", exitCode: 1 });
    expect(report.overlays.unmatched).toContainEqual(expect.objectContaining({ overlay: "openapi/overlays/model-ids.overlay.yaml", action: 1 }));
    expect(treeHash(root)).toBe(before);
  });

  it("reports an overlay that no longer changes anything because the docs now say it", async () => {
    const nullable = (t: string) =>
      t
        .replace("        webhook:\n          type: string\n", "        webhook:\n          type:\n            - string\n            - 'null'\n")
        .replace("        track_id:\n          type: string\n", "        track_id:\n          type:\n            - string\n            - 'null'\n");
    const { report } = await sync({ contract: false, root: projectCopy(), from: docsWith(V6, nullable) });
    expect(report.overlays.withoutEffect).toEqual([expect.objectContaining({ overlay: "openapi/overlays/nullable-fields.overlay.yaml", action: 1 })]);
    expect(report).toMatchObject({ exitCode: 10, changes: [] });
  });

  it("fails (exit 1, nothing written) when the new docs cannot be merged, naming both sources", async () => {
    const root = projectCopy();
    const before = treeHash(root);
    const { report } = await sync({ contract: false, root, from: docsWith(ULTRA, (t) => t.replace("        tip:\n          type: string\n          description: Additional information or tips for the user\n", "")) });
    expect(report.exitCode).toBe(1);
    expect(report.errors[0]).toMatch(/merge conflict: generated\/extracted\/v6-img2video\.yaml and generated\/extracted\/v6-img2video-ultra\.yaml both define components\.schemas\.V6VideoResponse/);
    expect(treeHash(root)).toBe(before);
  });

  it("classifies a statement changed in a page's table (not its OpenAPI) with the same rules", async () => {
    const legacy = "v6-img2video-ultra-legacy.txt";
    const { report } = await sync({
      contract: false,
      root: projectCopy(),
      from: docsWith(legacy, (t) => t.replace("Default is 20. Maximum is 25.Integer (Default: 20, Max: 25).", "Default is 20. Maximum is 20.Integer (Default: 20, Max: 20).")),
    });
    expect(report).toMatchObject({ verdict: "breaking", exitCode: 20 });
    expect(report.changes).toContainEqual(
      expect.objectContaining({ operation: "POST /v6/video/img2video_ultra", field: "num_inference_steps", kind: "limit-tightened", before: 25, after: 20, breaking: true }),
    );
    expect(report.changes.every((c) => c.location.startsWith(`${legacy}:33`))).toBe(true);
  });

  it("runs the contract check on the new docs: a fixed inconsistency leaves a stale baseline entry, a new one is reported", async () => {
    const legacy = "v6-img2video-ultra-legacy.txt";
    const fixed = await sync({ root: projectCopy(), from: docsWith(legacy, (t) => t.replace('"shift_sample":3', '"sample_shift":3')) });
    expect(fixed.report.contract?.failures).toEqual([]);
    expect(fixed.report.contract?.newFindings).toEqual([]);
    expect(fixed.report.contract?.staleBaseline).toHaveLength(1);
    const broken = await sync({ root: projectCopy(), check: true, from: docsWith(V6, (t) => t.replace('"num_frames":25', '"num_frames":30')) });
    expect(broken.report.contract?.newFindings).toEqual([expect.objectContaining({ rule: "example-schema", severity: "error", message: expect.stringContaining('"num_frames" 30') })]);
    expect(broken.report.contract?.staleBaseline).toEqual([]);
  });

  describe("a docs-repository document changed", () => {
    const DOC = "docs-repo/video-api/openapi.json";
    const NEW_COMMIT = "0123456789abcdef0123456789abcdef01234567";
    /**
     * ModelsLab's v6 document with the fetch body requiring a new field and `error` removed from
     * the video response's status enum; the two pages rendered from it say the same.
     */
    const narrowedDocs = () => {
      const noError = (t: string) => t.replace("            - processing\n            - error\n", "            - processing\n");
      return docsWithEdits({ [DOC]: narrowed, [V6]: noError, [ULTRA]: noError });
    };
    const narrowed = (text: string) => {
      const doc = JSON.parse(text) as { components: { schemas: Record<string, { required?: string[]; properties: Record<string, { enum?: string[] }> }> } };
      const fetchBody = doc.components.schemas.FetchVideoRequest!;
      fetchBody.properties.track_id = { type: "string" } as never;
      fetchBody.required = [...(fetchBody.required ?? []), "track_id"];
      const status = doc.components.schemas.VideoResponse!.properties.status!;
      status.enum = status.enum!.filter((value) => value !== "error");
      return `${JSON.stringify(doc, null, 2)}\n`;
    };

    it("classifies a field made required and an enum value removed, regenerates, bumps the version and writes the CHANGELOG entry", async () => {
      const root = projectCopy();
      const version = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;
      const { report, written } = await sync({ contract: false, root, from: narrowedDocs(), commit: NEW_COMMIT, date: "2026-11-22" });
      expect(report).toMatchObject({ verdict: "breaking", exitCode: 20 });
      expect(report.changes).toContainEqual(expect.objectContaining({ operation: expect.stringContaining("/v6/video/fetch/{id}"), kind: "required-property-added", field: "track_id", breaking: true }));
      expect(report.changes).toContainEqual(expect.objectContaining({ operation: expect.stringContaining("/v6/video/fetch/{id}"), kind: "enum-values-removed", field: "status" }));
      expect(written).toEqual(expect.arrayContaining([`openapi/upstream/${DOC}`, "openapi/upstream/manifest.yaml", "generated/openapi.yaml", "generated/schema.d.ts", "package.json", "CHANGELOG.md"]));
      // The version: a breaking change below 1.0.0 moves the minor version (a caret range accepts only the same minor).
      const [major, minor] = version.split(".").map(Number) as [number, number];
      const expected = major === 0 ? `0.${minor + 1}.0` : `${major + 1}.0.0`;
      expect(report.release).toEqual({ before: version, version: expected, bump: major === 0 ? "minor" : "major" });
      expect((JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version).toBe(expected);
      const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")) as { version: string; packages: Record<string, { version: string }> };
      expect([lock.version, lock.packages[""]!.version]).toEqual([expected, expected]);
      const changelog = readFileSync(join(root, "CHANGELOG.md"), "utf8");
      expect(changelog).toContain(`## ${expected} (2026-11-22, docs sync)`);
      expect(changelog).toMatch(/### Breaking changes\n\n- fetchV6Video \(POST \/v6\/video\/fetch\/\{id\}\), request body `track_id`: required-property-added/);
      expect(changelog).toMatch(/enum-values-removed/);
      // The manifest pins the document to the commit it now comes from.
      const manifest = readFileSync(join(root, "openapi", "upstream", "manifest.yaml"), "utf8");
      const entry = manifest.slice(manifest.indexOf(`- file: ${DOC}`)).split("\n  - file:")[0]!;
      expect(entry).toContain(`commit: ${NEW_COMMIT}`);
      expect(entry).toContain(`/${NEW_COMMIT}/video-api/openapi.json`);
      const said: string[] = [];
      const check = await runGenerate(["--check", "--force", "--root", root], { out: (line) => said.push(line), err: (line) => said.push(line) });
      expect(said.join("\n")).toContain("generated/ is up to date");
      expect(check).toBe(0);
    });

    it("refuses a changed repository file without the commit it comes from, writing nothing", async () => {
      const root = projectCopy();
      const before = treeHash(root);
      const { report } = await sync({ contract: false, root, from: docsWith(DOC, narrowed) });
      expect(report.exitCode).toBe(1);
      expect(report.errors[0]).toMatch(/pass --commit SHA/);
      expect(treeHash(root)).toBe(before);
    });

    it("--check reports the release it would make and writes nothing", async () => {
      const root = projectCopy();
      const before = treeHash(root);
      const { report, written } = await sync({ contract: false, root, check: true, from: narrowedDocs(), commit: NEW_COMMIT });
      expect(report.release?.bump).toBeDefined();
      expect(written).toEqual([]);
      expect(treeHash(root)).toBe(before);
    });
  });

  describe("--from live", () => {
    const HEAD = "c1440bc8b433d82e09c36fe0ac8307169cefc5d8";

    /**
     * Serves each page at /<file>, the docs repository's head commit at /head and its files at
     * /raw/<commit>/<path> (from `repoDir`, laid out like openapi/upstream/docs-repo); `behaviour`
     * decides per file what the server does instead.
     */
    async function docsServer(behaviour: Record<string, "404" | "html" | "hang">, repo: { dir?: string; head?: string } = {}): Promise<string> {
      const server = createServer((req, res) => {
        const file = decodeURIComponent((req.url ?? "/").slice(1));
        const mode = behaviour[file];
        if (mode === "hang") return;
        if (mode === "404") return void res.writeHead(404, { "content-type": "text/plain" }).end("not found");
        if (mode === "html") return void res.writeHead(200, { "content-type": "text/html" }).end("<!DOCTYPE html><html><body>Docs</body></html>");
        if (file === "head") return void res.writeHead(200, { "content-type": "text/plain" }).end(repo.head ?? HEAD);
        const raw = file.match(/^raw\/([0-9a-f]{40})\/(.+)$/);
        try {
          if (raw) {
            if (raw[1] !== (repo.head ?? HEAD)) return void res.writeHead(404).end();
            const bytes = readFileSync(join(repo.dir ?? join(layoutOf().upstreamDir, "docs-repo"), raw[2]!));
            return void res.writeHead(200, { "content-type": "text/plain; charset=utf-8" }).end(bytes);
          }
          const bytes = readFileSync(join(layoutOf().upstreamDir, file));
          res.writeHead(200, { "content-type": "text/markdown; charset=utf-8" }).end(bytes);
        } catch {
          res.writeHead(404).end();
        }
      });
      servers.push(server);
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    }

    /** Points the repository's head and raw URLs at the local server. */
    function pointRepositoryAt(root: string, origin: string): void {
      const manifest = join(root, "openapi", "upstream", "manifest.yaml");
      writeFileSync(
        manifest,
        readFileSync(manifest, "utf8")
          .replace("head: https://api.github.com/repos/ModelsLab/docs-v2/commits/main", `head: ${origin}/head`)
          .replace("raw: https://raw.githubusercontent.com/ModelsLab/docs-v2\n", `raw: ${origin}/raw\n`),
      );
    }

    /** Each rendered page's URL → the server's copy of its snapshot, and the repository → the server. */
    function pointPagesAtSnapshots(root: string, origin: string): void {
      const manifest = join(root, "openapi", "upstream", "manifest.yaml");
      writeFileSync(manifest, readFileSync(manifest, "utf8").replace(/(- file: (\S+)\n(?:    .*\n)*?    url: )https:\/\/(docs|modelslab)\S+/g, (_, head: string, file: string) => `${head}${origin}/${file}`));
      pointRepositoryAt(root, origin);
    }

    function pointManifestAt(root: string, origin: string): void {
      const manifest = join(root, "openapi", "upstream", "manifest.yaml");
      writeFileSync(manifest, readFileSync(manifest, "utf8").replace(/url: https:\/\/docs[^\s]+\/([^/\s]+)\n/g, (_, name: string) => `url: ${origin}/${name}\n`));
      pointRepositoryAt(root, origin);
    }

    it("downloads the Markdown pages, skips the text renderings, and finds no change", async () => {
      const root = projectCopy();
      const origin = await docsServer({});
      pointPagesAtSnapshots(root, origin);
      const { report } = await sync({ contract: false, root, from: "live", timeoutMs: 2000 });
      expect(report.pages.map((p) => `${p.file} ${p.status}`)).toEqual([
        "v6-img2video.md unchanged",
        "v6-img2video-ultra.md unchanged",
        "v6-img2video-ultra-legacy.txt skipped",
        "v7-video-fusion-image-to-video.txt skipped",
        "v1-enterprise-img2video.md unchanged",
        "docs-repo/enterprise-api/image-to-video-ultra/imagetovideo.mdx unchanged",
        "docs-repo/video-api/openapi.json unchanged",
        "docs-repo/video-api/img-to-video.mdx unchanged",
        "docs-repo/video-api/image-to-video-ultra.mdx unchanged",
        "docs-repo/video-api/fetch-video.mdx unchanged",
        "docs-repo/enterprise-api/video/openapi.json unchanged",
        "docs-repo/enterprise-api/video/img-to-video.mdx unchanged",
        "docs-repo/enterprise-api/video/fetch-video.mdx unchanged",
        "docs-repo/enterprise-api/image-to-video-ultra/openapi.json unchanged",
        "docs-repo/enterprise-api/image-to-video-ultra/fetchvideo.mdx unchanged",
        "docs-repo/general-api/openapi.json unchanged",
        "docs-repo/general-api/base64-to-url.mdx unchanged",
      ]);
      expect(report.exitCode).toBe(0);
    });

    it("takes the repository files from its head commit and pins the manifest to it", async () => {
      const root = projectCopy();
      const head = "fedcba9876543210fedcba9876543210fedcba98";
      const repoDir = tempDir("modelslab-docs-repo-");
      cpSync(join(layoutOf().upstreamDir, "docs-repo"), repoDir, { recursive: true });
      const general = join(repoDir, "general-api", "openapi.json");
      writeFileSync(general, readFileSync(general, "utf8").replaceAll('"description": "Image to be uploaded converted in base64 format"', '"description": "The image as a data: URI"'));
      const origin = await docsServer({}, { dir: repoDir, head });
      pointPagesAtSnapshots(root, origin);
      const { report } = await sync({ contract: false, root, from: "live", timeoutMs: 2000, date: "2026-11-22" });
      expect(report.pages.filter((p) => p.status === "changed").map((p) => p.file)).toEqual(["docs-repo/general-api/openapi.json"]);
      expect(report).toMatchObject({ verdict: "non-breaking", exitCode: 10 });
      expect(report.changes).toEqual([expect.objectContaining({ kind: "documentation-changed", field: "base64_string" })]);
      const manifest = readFileSync(join(root, "openapi", "upstream", "manifest.yaml"), "utf8");
      expect(manifest).toContain(`url: ${origin}/raw/${head}/general-api/openapi.json`);
      expect(manifest).toContain(`commit: ${head}`);
      expect(readFileSync(join(root, "openapi", "upstream", "docs-repo", "general-api", "openapi.json"), "utf8")).toContain("The image as a data: URI");
    });

    it("fails naming the repository when its head commit cannot be read", async () => {
      const root = projectCopy();
      const origin = await docsServer({ head: "html" });
      pointManifestAt(root, origin);
      const before = treeHash(root);
      const { report } = await sync({ contract: false, root, from: "live", timeoutMs: 2000 });
      expect(report.exitCode).toBe(1);
      expect(report.errors).toContain(`docs-repo/general-api/openapi.json: head commit of ModelsLab/docs-v2: GET ${origin}/head answered "<!DOCTYPE html><html><body>Docs</body></html>", not a commit sha`);
      expect(treeHash(root)).toBe(before);
    });

    it("fails with an error per page for 404, HTML and a timeout, leaving every file as it was", async () => {
      const root = projectCopy();
      const origin = await docsServer({ "img-to-video.md": "404", "image-to-video-ultra.md": "html", "img2video.md": "hang" });
      pointManifestAt(root, origin);
      const before = treeHash(root);
      // The time limit only has to be long enough for a loaded machine to answer the other 16 requests.
      const { report, written } = await sync({ contract: false, root, from: "live", timeoutMs: 10_000 });
      expect(report).toMatchObject({ verdict: "failed", exitCode: 1 });
      expect(report.errors).toEqual([
        `v6-img2video.md: GET ${origin}/img-to-video.md: HTTP 404 Not Found`,
        `v6-img2video-ultra.md: GET ${origin}/image-to-video-ultra.md: answered HTML (text/html) instead of the page's Markdown export`,
        `v1-enterprise-img2video.md: GET ${origin}/img2video.md: no answer within 10 s`,
      ]);
      expect(written).toEqual([]);
      expect(treeHash(root)).toBe(before);
    });
  });
});
