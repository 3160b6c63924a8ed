/// <reference types="node" />
/**
 * `modelslab-video mcp`: the MCP server (src/mcp) on stdio, or on Streamable HTTP on loopback
 * with --http. The key comes from MODELSLAB_API_KEY or --key-file, never from a flag or a tool
 * argument; --mock serves the whole server against an in-process Prism mock, with no key.
 * The MCP SDK (src/mcp/server.ts, transports.ts) loads once the options, the key and the journal
 * are known good: not for --help or a usage error. The client and --mock's Prism are made after
 * it (see baseline-wasm.ts).
 */
import { parseArgs } from "node:util";
import { ModelsLab, type BatchJournal } from "../index.js";
import { openJournal } from "../journal/index.js";
import type { PrismServer } from "../../contract-tests/harness/prism-mock.js";
import { FileRefusedError } from "../mcp/allowed-files.js";
import { DEFAULT_MAX_SUBMITS } from "../mcp/limits.js";
import { PROGRAM } from "./command-line.js";
import { useBaselineWasmOnly } from "./baseline-wasm.js";
import { CannotRunError, EXIT, UsageError, type ExitCode } from "./exit-status.js";
import { packageVersion } from "./package-root.js";
import { apiKeyOf, type Terminal } from "./video-commands.js";

export const MCP_USAGE = `Usage: ${PROGRAM} mcp [--max-submits N] [--allow-dir DIR ...] [--journal PATH|postgres://...] [--no-confirm] [--http [--port N]] [--base-url URL] [--key-file FILE] [--mock]`;

export const MCP_HELP = `${MCP_USAGE}

Serves ModelsLab image-to-video as an MCP server (Model Context Protocol) on stdio, for agents:
one generate_… tool per endpoint (billed: each call is a new job, never resent), get_job,
wait_for_job (bounded by the agent's timeout_seconds, with progress notifications), list_jobs
and upload_image. See docs/mcp.md.

Options:
  --max-submits N      submits this server process makes at most (default ${DEFAULT_MAX_SUBMITS}); past it a
                       generate_… call is a tool error and nothing is sent
  --allow-dir DIR      a directory upload_image may read images from (repeat it); none by default
  --journal PATH|URL   a batch journal (a SQLite file or a postgres:// URL, as \`batch --journal\`) whose jobs
                       list_jobs shows too; read only
  --no-confirm         do not ask the user (MCP elicitation) before each submit
  --http               serve Streamable HTTP on 127.0.0.1 instead of stdio (its URL is printed on stderr)
  --port N             the port for --http (default: a free one)
  --base-url URL       the API's base URL (default: MODELSLAB_BASE_URL, then https://modelslab.com/api)
  --key-file FILE      read the API key from FILE (default: the MODELSLAB_API_KEY environment variable)
  --mock               serve against a Prism mock of the merged OpenAPI document: no key, no network

Example (an MCP client's configuration):
  { "command": "npx", "args": ["modelslab-video", "mcp", "--max-submits", "5"], "env": { "MODELSLAB_API_KEY": "..." } }
`;

const OPTIONS = {
  "max-submits": { type: "string" },
  "allow-dir": { type: "string", multiple: true },
  journal: { type: "string" },
  "no-confirm": { type: "boolean" },
  http: { type: "boolean" },
  port: { type: "string" },
  "base-url": { type: "string" },
  "key-file": { type: "string" },
  mock: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

function wholeNumber(text: string | undefined, flag: string, fallback: number, max: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) > max) throw new UsageError(`${flag} must be a whole number from 0 to ${max}, not ${JSON.stringify(text)}`);
  return Number(text);
}

export async function runMcpCommand(args: string[], terminal: Terminal): Promise<ExitCode> {
  let values;
  try {
    ({ values } = parseArgs({ args, options: OPTIONS, allowPositionals: false, strict: true }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.split(". To specify a positional")[0]! : String(error));
  }
  if (values.help) {
    terminal.stdout.write(MCP_HELP);
    return EXIT.done;
  }
  if (values.mock && values["base-url"] !== undefined) throw new UsageError("--mock starts its own server: leave out --base-url");
  if (values.port !== undefined && !values.http) throw new UsageError("--port goes with --http");
  const maxSubmits = wholeNumber(values["max-submits"], "--max-submits", DEFAULT_MAX_SUBMITS, 1_000_000);
  const port = wholeNumber(values.port, "--port", 0, 65_535);
  const apiKey = values.mock ? "mock-key" : apiKeyOf({ keyFile: values["key-file"] }, terminal.env);
  let prism: PrismServer | undefined;
  let journal: BatchJournal | undefined;
  try {
    if (values.journal !== undefined) {
      try {
        journal = await openJournal(values.journal, { inspectOnly: true });
      } catch (error) {
        throw new CannotRunError(`--journal: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
      }
    }
    const opened = journal;
    const [{ createMcpTools }, { serveHttp, serveStdio }] = await Promise.all([import("../mcp/server.js"), import("../mcp/transports.js")]);
    let ml: ModelsLab;
    if (values.mock) {
      prism = await (await import("./mock-prism.js")).startMockPrism();
      useBaselineWasmOnly();
      ml = new ModelsLab({ apiKey, baseUrl: prism.url });
      terminal.stderr.write(`mcp: mock: Prism is listening on ${prism.url} (no key, nothing leaves this machine)\n`);
    } else {
      useBaselineWasmOnly();
      ml = new ModelsLab({ apiKey, ...(values["base-url"] !== undefined ? { baseUrl: values["base-url"] } : {}) });
    }
    let tools;
    try {
      tools = createMcpTools({
        ml,
        apiKey,
        maxSubmits,
        allowDirs: values["allow-dir"] ?? [],
        confirm: values["no-confirm"] !== true,
        version: packageVersion(),
        log: (line) => terminal.stderr.write(`mcp: ${line}\n`),
        ...(opened && values.journal !== undefined ? { journal: { label: journalLabel(values.journal), list: () => opened.list() } } : {}),
        ...(values.mock ? { mock: true, note: "This server runs against a Prism mock: jobs are not real and cost nothing." } : {}),
      });
    } catch (error) {
      if (error instanceof FileRefusedError) throw new UsageError(error.message);
      throw error;
    }
    terminal.stderr.write(`mcp: ${ml.baseUrl}; at most ${maxSubmits} submits; upload_image reads ${values["allow-dir"]?.length ? values["allow-dir"].join(", ") : "nothing (no --allow-dir)"}\n`);
    if (values.http) {
      const serving = await serveHttp(tools.newServer, port);
      terminal.stderr.write(`mcp: Streamable HTTP on ${serving.url}\n`);
      await serving.done;
    } else {
      await serveStdio(tools.newServer);
    }
    return EXIT.done;
  } finally {
    await journal?.close().catch(() => {});
    await prism?.stop();
  }
}

/** How a journal is named in results: a PostgreSQL URL without its password. */
function journalLabel(spec: string): string {
  if (!/^postgres(ql)?:\/\//i.test(spec)) return spec;
  try {
    const url = new URL(spec);
    if (url.password) url.password = "***";
    return url.href;
  } catch {
    return "(a PostgreSQL journal)";
  }
}
