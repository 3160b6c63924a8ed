import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runGenerate } from "../scripts/generate.js";
import { layoutOf } from "../scripts/layout.js";
import { sync } from "./sync.js";
import { cleanUpAfterEach, docsWith, docsWithEdits, projectCopy, servers, tempDir, treeHash, ULTRA, V6 } from "./sync-fixtures.js";

cleanUpAfterEach();

describe("npm run sync", () => {
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
        "docs-repo/general-api/check-requests.mdx unchanged",
        "docs-repo/agents-api/usage-and-models.mdx unchanged",
        "v7-models.json skipped",
      ]);
      expect(report.pages.at(-1)?.note).toMatch(/needs an API key: set MODELSLAB_API_KEY/);
      expect(report.exitCode).toBe(0);
    });

    /**
     * A model-search server answering `GET /model-search/<modelId>?key=…` in the recorded shape of
     * the detail (`{ status, data: { model_id, name, provider, endpoints: [{ method, endpoint,
     * parameters }] } }`, parameters a JSON Schema with key and model_id among its properties), from
     * the committed snapshot with `change` applied to each model's parameters.
     */
    async function modelSearchServer(change: (modelId: string, parameters: Record<string, unknown>) => Record<string, unknown>): Promise<{ origin: string; seen: string[] }> {
      const snapshot = JSON.parse(readFileSync(join(layoutOf().upstreamDir, "v7-models.json"), "utf8")) as { models: { model_id: string; parameters: { properties: Record<string, unknown>; required?: string[] } }[] };
      const seen: string[] = [];
      const server = createServer((req, res) => {
        seen.push(req.url ?? "");
        const url = new URL(req.url ?? "/", "http://localhost");
        const id = decodeURIComponent(url.pathname.replace(/^\/model-search\//, ""));
        const model = snapshot.models.find((each) => each.model_id === id);
        if (url.searchParams.get("key") !== "sync-test-key") return void res.writeHead(401, { "content-type": "application/json" }).end('{"status":"error","message":"Invalid API key"}');
        if (!model) return void res.writeHead(404, { "content-type": "application/json" }).end('{"status":"error","message":"Model not found"}');
        const strip = (value: unknown): unknown =>
          Array.isArray(value) ? value.map(strip) : typeof value === "object" && value !== null ? Object.fromEntries(Object.entries(value).filter(([key]) => key !== "x-source").map(([key, child]) => [key, strip(child)])) : value;
        const parameters = change(id, {
          type: "object",
          required: ["key", "model_id", ...(model.parameters.required ?? [])],
          properties: { key: { type: "string" }, model_id: { type: "string", enum: [id] }, ...(strip(model.parameters.properties) as Record<string, unknown>) },
        });
        const answer = { status: "success", data: { model_id: id, name: id, provider: "recorded", endpoints: [{ method: "POST", endpoint: "https://modelslab.com/api/v7/video-fusion/image-to-video", parameters }] } };
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer));
      });
      servers.push(server);
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
    }

    it("with an API key, refreshes the per-model v7 constraints from the model-search JSON Schemas, the key written nowhere", async () => {
      const root = projectCopy();
      const origin = await docsServer({});
      pointPagesAtSnapshots(root, origin);
      const search = await modelSearchServer((id, parameters) => {
        if (id !== "Hailuo-2.3-i2v") return parameters;
        const properties = parameters.properties as Record<string, Record<string, unknown>>;
        return { ...parameters, properties: { ...properties, duration: { ...properties.duration, enum: ["6", "8", "10"] } } };
      });
      const manifestFile = join(root, "openapi", "upstream", "manifest.yaml");
      writeFileSync(manifestFile, readFileSync(manifestFile, "utf8").replace(/(- file: v7-models\.json\n(?:    .*\n)*?    url: )\S+/, `$1${search.origin}/model-search`));
      const { report, written } = await sync({ contract: false, root, from: "live", timeoutMs: 5000, date: "2026-12-01", apiKey: "sync-test-key" });
      expect(report.errors).toEqual([]);
      expect(report.pages.find((page) => page.file === "v7-models.json")?.status).toBe("changed");
      expect(search.seen).toHaveLength(7);
      expect(search.seen.every((url) => url.endsWith("?key=sync-test-key"))).toBe(true);
      const snapshot = JSON.parse(readFileSync(join(root, "openapi", "upstream", "v7-models.json"), "utf8")) as { source: string; models: { model_id: string; page: string; example?: unknown; parameters: { properties: Record<string, { enum?: string[] }> } }[] };
      expect(snapshot.source).toBe("model-search");
      const hailuo = snapshot.models.find((model) => model.model_id === "Hailuo-2.3-i2v")!;
      expect(hailuo.page).toBe(`${search.origin}/model-search/Hailuo-2.3-i2v`);
      expect(hailuo.parameters.properties.duration?.enum).toEqual(["6", "8", "10"]);
      expect(Object.keys(hailuo.parameters.properties)).not.toContain("key");
      expect(hailuo.example).toBeDefined();
      const merged = readFileSync(join(root, "generated", "openapi.yaml"), "utf8");
      expect(merged).toMatch(/V7ModelHailuo23I2vRequest:[^]*?duration:[^]*?enum:\n\s+- '6'\n\s+- '8'\n\s+- '10'/);
      expect(written).toEqual(expect.arrayContaining(["openapi/upstream/v7-models.json", "openapi/upstream/manifest.yaml", "generated/openapi.yaml"]));
      for (const file of written) expect(readFileSync(join(root, file), "utf8"), file).not.toContain("sync-test-key");
      expect(JSON.stringify(report)).not.toContain("sync-test-key");
      const check = await runGenerate(["--check", "--force", "--root", root], { out: () => {}, err: () => {} });
      expect(check).toBe(0);
    });

    it("with a key model-search refuses, fails naming the model's URL without the key, and writes nothing", async () => {
      const root = projectCopy();
      const origin = await docsServer({});
      pointPagesAtSnapshots(root, origin);
      const search = await modelSearchServer((_id, parameters) => parameters);
      const manifestFile = join(root, "openapi", "upstream", "manifest.yaml");
      writeFileSync(manifestFile, readFileSync(manifestFile, "utf8").replace(/(- file: v7-models\.json\n(?:    .*\n)*?    url: )\S+/, `$1${search.origin}/model-search`));
      const before = treeHash(root);
      const { report, written } = await sync({ contract: false, root, from: "live", timeoutMs: 5000, apiKey: "a-wrong-key" });
      expect(report.exitCode).toBe(1);
      expect(report.errors).toEqual([`v7-models.json: GET ${search.origin}/model-search/wan2.6-i2v: HTTP 401 Unauthorized`]);
      expect(JSON.stringify(report)).not.toContain("a-wrong-key");
      expect(written).toEqual([]);
      expect(treeHash(root)).toBe(before);
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
