import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../scripts/layout.js";
import { builtCheck, builtPrism, keptPrism, prismKey } from "../launch.mjs";
import { openPrismSide } from "./prism-side.js";

const tiny = {
  openapi: "3.1.0",
  info: { title: "tiny", version: "1" },
  paths: {
    "/ping/{name}": {
      post: {
        parameters: [{ name: "name", in: "path", required: true, schema: { type: "string", minLength: 2 } }],
        requestBody: { content: { "application/json": { schema: { type: "object", required: ["n"], properties: { n: { type: "integer" } } } } } },
        responses: { "200": { description: "pong", content: { "application/json": { schema: { type: "object", properties: { pong: { type: "boolean" } } }, example: { pong: true } } } } },
      },
    },
  },
};

/** What a side's server answers to a valid and an invalid request. */
async function answers(thread: Worker | undefined): Promise<unknown[]> {
  const side = openPrismSide(thread);
  try {
    const [url] = await side.serve({ pages: [{ label: "tiny.yaml", document: tiny }] }).listening;
    const post = async (path: string, body: unknown) => {
      const response = await fetch(`${url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      return [response.status, response.headers.get("sl-violations"), await response.text()];
    };
    return [await post("/ping/ab", { n: 1 }), await post("/ping/a", { n: "one" })];
  } finally {
    await side.close();
  }
}

describe("npm run contract: Prism's libraries from one bundle with V8's code cache (launch.mjs builtPrism, harness/prism-mock.ts)", () => {
  it("builds the bundle once per install, and a Prism thread loading it answers as Prism loaded module by module does; its code cache is written once, then used", async () => {
    const bundle = await builtPrism();
    expect(bundle).toBe(join(PROJECT_ROOT, "node_modules", ".cache", "modelslab-prism", prismKey()!, "prism.cjs"));
    const built = statSync(bundle!).mtimeMs;
    expect(await builtPrism()).toBe(bundle);
    expect(statSync(bundle!).mtimeMs).toBe(built);
    expect(keptPrism()).toBe(bundle); // the file --mock reads (src/cli/mock-prism.ts) is the one built
    expect(readFileSync(bundle!, "utf8")).not.toMatch(/node_modules\/@faker-js\/faker\//); // faker stays outside, loaded on first use

    const thread = pathToFileURL(join((await builtCheck())!, "prism-thread.mjs"));
    const cache = `${bundle}.v8-cache`;
    rmSync(cache, { force: true });
    const inThisThread = await answers(undefined);
    expect(inThisThread[0]).toEqual([200, null, '{"pong":true}']);
    expect((inThisThread[1] as unknown[])[0]).toBe(422);
    expect(await answers(new Worker(thread, { workerData: { prismBundle: bundle } }))).toEqual(inThisThread);
    const written = statSync(cache).mtimeMs;
    expect(await answers(new Worker(thread, { workerData: { prismBundle: bundle } }))).toEqual(inThisThread);
    expect(statSync(cache).mtimeMs).toBe(written); // accepted: a cache V8 rejects is written anew
  });
});

describe("launch.mjs keptPrism: the bundle a run built, for a reader that never builds it (--mock)", () => {
  it("is undefined for an install with no bundle yet, and writes nothing there", () => {
    const root = mkdtempSync(join(tmpdir(), "modelslab-kept-prism-"));
    try {
      expect(keptPrism(root)).toBeUndefined(); // npm recorded no install here
      mkdirSync(join(root, "node_modules"));
      copyFileSync(join(PROJECT_ROOT, "node_modules", ".package-lock.json"), join(root, "node_modules", ".package-lock.json"));
      expect(keptPrism(root)).toBeUndefined();
      expect(existsSync(join(root, "node_modules", ".cache"))).toBe(false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
