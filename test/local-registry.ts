/**
 * A real npm registry on loopback for the tests: verdaccio 6.8.0 (a devDependency; its
 * `node-fetch` pinned to 2.7.0 by package.json's `overrides`), served from this process on a
 * free port, storage and users in a temporary directory, no uplink (a package nobody published
 * there is a 404, never fetched from elsewhere), publishing for its one user.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";

export interface LocalRegistry {
  url: string;
  /** An .npmrc that points npm at this registry with the user's token. */
  npmrc: string;
  /**
   * Puts tarballs made as `npm pack` makes them into the registry's storage as a publish of each
   * would leave it (verdaccio's local storage: <name>/package.json, the packument, beside the
   * tarballs), in order: a name given at several versions has them all, its `latest` the last.
   * The registry serves them as published ones; it costs what writing the files costs, where a
   * publish of each of the hundred-odd dependencies over its HTTP API cost about 1.5 s of the
   * registry's CPU. (The package itself goes through `npm publish`: test/published-package.ts.)
   */
  storeTarballs(tarballs: string[]): void;
  stop(): Promise<void>;
}

/** package/package.json of a tarball made by `npm pack`. */
export function manifestOfTarball(tarball: string): Record<string, unknown> & { name: string; version: string } {
  const tar = gunzipSync(readFileSync(tarball));
  for (let offset = 0; offset + 512 <= tar.length; ) {
    const name = tar.subarray(offset, offset + 100).toString("utf8").replace(/\0.*$/s, "");
    const size = parseInt(tar.subarray(offset + 124, offset + 136).toString("utf8").replace(/\0.*$/s, "").trim() || "0", 8);
    if (name === "") break;
    if (/^[^/]+\/package\.json$/.test(name)) return JSON.parse(tar.subarray(offset + 512, offset + 512 + size).toString("utf8"));
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  throw new Error(`${tarball}: no package.json`);
}

export async function startLocalRegistry(dir: string): Promise<LocalRegistry> {
  mkdirSync(join(dir, "storage"), { recursive: true });
  const { runServer } = (await import("verdaccio")) as unknown as { runServer(config: object): Promise<Server> };
  const app = await runServer({
    self_path: join(dir, "config.yaml"),
    storage: join(dir, "storage"),
    // The one user's password stored as a SHA-1 hash: checked once, when the user is made (the
    // requests carry a JWT token, below); bcrypt, the default, costs about 0.2 s of CPU there.
    auth: { htpasswd: { file: join(dir, "htpasswd"), max_users: 1, algorithm: "sha1" } },
    uplinks: {},
    packages: { "**": { access: "$all", publish: "$authenticated", unpublish: "$authenticated" } },
    // JSON lines: the "pretty" format prints through a worker thread of its own (pino's transport), about 0.25 s of CPU to start.
    log: { type: "stdout", format: "json", level: "error" },
    web: { enable: false },
    // JWT tokens: a request's token is checked by its signature. With the default (legacy) tokens
    // every authenticated request checks the user's password again (a bcrypt hash, tens of ms of
    // CPU each): npm sends the token with every packument and tarball it fetches.
    security: { api: { jwt: { sign: { expiresIn: "1d" } } }, web: { sign: { expiresIn: "1d" } } },
  });
  await new Promise<void>((listening, fail) => {
    app.once("error", fail);
    app.listen(0, "127.0.0.1", () => listening());
  });
  const url = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  const user = await fetch(`${url}/-/user/org.couchdb.user:ci`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: "ci", password: "local-registry-password" }),
  });
  const { token } = (await user.json()) as { token?: string };
  if (!user.ok || !token) throw new Error(`verdaccio refused the user: HTTP ${user.status}`);
  const npmrc = join(dir, "npmrc");
  writeFileSync(npmrc, `registry=${url}/\n//127.0.0.1:${new URL(url).port}/:_authToken=${token}\n`);

  return {
    url,
    npmrc,
    storeTarballs(tarballs) {
      const packuments = new Map<string, { versions: Record<string, unknown>; attachments: Record<string, { shasum: string; version: string }>; latest: string }>();
      for (const tarball of tarballs) {
        const data = readFileSync(tarball);
        const manifest = manifestOfTarball(tarball);
        const { name, version } = manifest;
        const file = `${name.split("/").pop()}-${version}.tgz`;
        const shasum = createHash("sha1").update(data).digest("hex");
        const integrity = `sha512-${createHash("sha512").update(data).digest("base64")}`;
        mkdirSync(join(dir, "storage", name), { recursive: true });
        writeFileSync(join(dir, "storage", name, file), data);
        const packument = packuments.get(name) ?? { versions: {}, attachments: {}, latest: version };
        const { readme: _readme, ...stored } = manifest;
        packument.versions[version] = { ...stored, _id: `${name}@${version}`, dist: { integrity, shasum, tarball: `${url}/${name}/-/${file}` } };
        packument.attachments[file] = { shasum, version };
        packument.latest = version;
        packuments.set(name, packument);
      }
      const now = new Date().toISOString();
      for (const [name, { versions, attachments, latest }] of packuments) {
        const packument = {
          name,
          versions,
          time: { modified: now, created: now, ...Object.fromEntries(Object.keys(versions).map((version) => [version, now])) },
          users: {},
          "dist-tags": { latest },
          _uplinks: {},
          _distfiles: {},
          _attachments: attachments,
          _rev: `1-${createHash("sha256").update(JSON.stringify(versions)).digest("hex").slice(0, 16)}`,
          _id: name,
          readme: "",
        };
        writeFileSync(join(dir, "storage", name, "package.json"), JSON.stringify(packument, null, 2));
      }
    },
    stop: () => new Promise<void>((done) => app.close(() => done())),
  };
}
