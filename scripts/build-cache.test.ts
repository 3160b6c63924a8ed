import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { keptBuild } from "./build-cache.js";

const dirs: string[] = [];
const cacheDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "modelslab-build-cache-"));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A build that counts its runs. */
function counted<T>(value: () => T) {
  const build = { runs: 0, make: async () => (build.runs++, value()) };
  return build;
}

describe("keptBuild", () => {
  it("builds once per kind and inputs; a later call (another process alike) reads what was kept", async () => {
    const dir = cacheDir();
    const build = counted(() => ({ paths: { "/a": { post: { summary: "ä \u2028 𝕏" } } }, list: [1, 2.5, null, true, ""] }));
    const first = await keptBuild("documents", "inputs-1", build.make, dir);
    const second = await keptBuild("documents", "inputs-1", build.make, dir);
    expect(build.runs).toBe(1);
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
    await keptBuild("documents", "inputs-2", build.make, dir);
    await keptBuild("generated", "inputs-1", build.make, dir);
    expect(build.runs).toBe(3);
    expect(readdirSync(dir).filter((name) => name.endsWith(".json"))).toHaveLength(3);
  });

  it.each<[string, () => unknown]>([
    ["an undefined property", () => ({ a: undefined })],
    ["-0", () => ({ n: -0 })],
    ["Infinity", () => [Number.POSITIVE_INFINITY]],
    ["a Map", () => ({ m: new Map([[1, 2]]) })],
    ["an object without a prototype", () => Object.assign(Object.create(null) as object, { a: 1 })],
  ])("does not keep a value whose JSON reads back as something else (%s): it builds every time", async (_, value) => {
    const dir = cacheDir();
    const build = counted(value);
    const first = await keptBuild("documents", "odd", build.make, dir);
    expect(first).toStrictEqual(value());
    await keptBuild("documents", "odd", build.make, dir);
    expect(build.runs).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("keeps no failed build, and builds again after an entry cut short", async () => {
    const dir = cacheDir();
    await expect(keptBuild("documents", "bad", async () => Promise.reject(new Error("openapi/specs/x.yaml:3: invalid YAML")), dir)).rejects.toThrow("invalid YAML");
    expect(readdirSync(dir)).toEqual([]);
    const build = counted(() => ({ ok: true }));
    await keptBuild("documents", "cut", build.make, dir);
    const [entry] = readdirSync(dir);
    writeFileSync(join(dir, entry!), '{"ok":');
    expect(await keptBuild("documents", "cut", build.make, dir)).toEqual({ ok: true });
    expect(build.runs).toBe(2);
  });

  it("always builds with cacheDir false", async () => {
    const build = counted(() => 1);
    await keptBuild("documents", "x", build.make, false);
    await keptBuild("documents", "x", build.make, false);
    expect(build.runs).toBe(2);
  });
});
