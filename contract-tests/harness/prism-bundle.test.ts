import { readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../scripts/layout.js";
import { builtCheck, builtPrism, prismKey } from "../launch.mjs";
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
