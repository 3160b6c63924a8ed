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
import { basename, join } from "node:path";
import { gunzipSync } from "node:zlib";

export interface LocalRegistry {
  url: string;
  /** An .npmrc that points npm at this registry with the user's token. */
  npmrc: string;
  /** Publishes a tarball made by `npm pack` over the registry's HTTP API (what `npm publish` sends). */
  publishTarball(tarball: string): Promise<{ name: string; version: string }>;
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
    auth: { htpasswd: { file: join(dir, "htpasswd"), max_users: 1 } },
    uplinks: {},
    packages: { "**": { access: "$all", publish: "$authenticated", unpublish: "$authenticated" } },
    log: { type: "stdout", format: "pretty", level: "error" },
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
    async publishTarball(tarball) {
      const data = readFileSync(tarball);
      const manifest = manifestOfTarball(tarball);
      const { name, version } = manifest;
      const file = `${name}-${version}.tgz`;
      const integrity = `sha512-${createHash("sha512").update(data).digest("base64")}`;
      const shasum = createHash("sha1").update(data).digest("hex");
      const response = await fetch(`${url}/${name.replace("/", "%2f")}`, {
        method: "PUT",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({
          _id: name,
          name,
          "dist-tags": { latest: version },
          versions: { [version]: { ...manifest, _id: `${name}@${version}`, dist: { integrity, shasum, tarball: `${url}/${name}/-/${basename(file)}` } } },
          _attachments: { [file]: { content_type: "application/octet-stream", data: data.toString("base64"), length: data.length } },
        }),
      });
      // A second version of a package already published there is added the same way.
      if (!response.ok) throw new Error(`publishing ${name}@${version}: HTTP ${response.status} ${await response.text()}`);
      return { name, version };
    },
    stop: () => new Promise<void>((done) => app.close(() => done())),
  };
}
