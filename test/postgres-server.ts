/**
 * A real PostgreSQL 15 for a test file: a fresh cluster in a temp dir, started by pg_ctl on a free
 * loopback port, stopped and removed after. As root it runs as the `postgres` user (initdb refuses
 * root). Debian's binaries: /usr/lib/postgresql/15/bin (`.ci/run` installs them when missing).
 *
 * The cluster is a copy of one initdb made once per machine (kept in the temp dir, keyed by the
 * binaries' version and the user running them): initdb costs about 0.7 s of CPU and 2 s, a copy of
 * its never-started result a few milliseconds, and gives the same fresh cluster.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { createHash } from "node:crypto";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SYSTEM_TMPDIR } from "./scratch-dir.js";

export const POSTGRES_BIN = process.env.MODELSLAB_POSTGRES_BIN ?? "/usr/lib/postgresql/15/bin";

export interface PostgresServer {
  /** postgres://...: a database of its own. */
  url(database: string): string;
  createDatabase(name: string): void;
  stop(): void;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function asPostgres(command: string, args: string[]): string {
  const root = process.getuid?.() === 0;
  const file = root ? "runuser" : command;
  const argv = root ? ["-u", "postgres", "--", command, ...args] : args;
  return execFileSync(file, argv, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

export interface PostgresServerOptions {
  /** Keep fsync on (benchmarks of durable commits); tests turn it off. Default false. */
  fsync?: boolean;
}

const INITDB_ARGS = ["-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"];

/** The initdb of this machine's binaries, made if missing (safe when two processes race: the first rename wins). */
function clusterTemplate(): string {
  const version = asPostgres(join(POSTGRES_BIN, "initdb"), ["--version"]).trim();
  const key = createHash("sha256").update(`${version}\n${process.getuid?.() ?? ""}\n${INITDB_ARGS.join(" ")}`).digest("hex").slice(0, 16);
  // The machine's temporary directory, not the test run's (test/scratch-dir.ts), which goes with the run.
  const template = join(process.env[SYSTEM_TMPDIR] || tmpdir(), `modelslab-pg-template-${key}`);
  if (existsSync(join(template, "data", "PG_VERSION"))) return join(template, "data");
  const staging = mkdtempSync(`${template}.`);
  chmodSync(staging, 0o777);
  try {
    asPostgres(join(POSTGRES_BIN, "initdb"), ["-D", join(staging, "data"), ...INITDB_ARGS]);
    renameSync(staging, template);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(join(template, "data", "PG_VERSION"))) throw error;
  }
  return join(template, "data");
}

export async function startPostgres(options: PostgresServerOptions = {}): Promise<PostgresServer> {
  const template = clusterTemplate();
  const dir = mkdtempSync(join(tmpdir(), "modelslab-pg-"));
  chmodSync(dir, 0o777);
  const data = join(dir, "data");
  // Copied as the user the server runs as, so the copy is that user's, mode 0700 as initdb made it.
  asPostgres("cp", ["-a", template, data]);
  // The port is chosen just before the start; if another process takes it first, try another.
  let port = 0;
  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    try {
      asPostgres(join(POSTGRES_BIN, "pg_ctl"), ["-D", data, "-l", join(dir, "log"), "-w", "-t", "120", "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=${options.fsync ? "on" : "off"} -c max_connections=50`, "start"]);
      break;
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
  const psql = (sql: string) => asPostgres(join(POSTGRES_BIN, "psql"), ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-c", sql]);
  return {
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    createDatabase: (name) => {
      psql(`CREATE DATABASE ${name}`);
    },
    stop: () => {
      try {
        asPostgres(join(POSTGRES_BIN, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
