/// <reference types="node" />
/**
 * Prism mock servers of OpenAPI documents, served from this process through Prism's own
 * libraries (@stoplight/prism-http-server, prism-http, prism-core: the releases the pinned
 * `prism` CLI 5.14.2 runs on), each on a free loopback port. Built the way the CLI's `prism mock`
 * builds its server (util/createServer.js there): request validation, response validation and the
 * `sl-violations` header, `--errors`, dynamic mode with the seed passed as the string the CLI
 * passes, CORS, and the same log lines (the routes, "Prism is listening on …", each request).
 *
 * Prism and faker load once per process (the first start), a document is parsed once however
 * many servers serve it, and a server is ready when it listens: no child process, no fixed
 * start-up limit. `modelslab-video --mock`, the contract check and the tests use it. The
 * libraries are optional peer dependencies: only --mock needs them in an installed package.
 */
import { createHash } from "node:crypto";
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { Script } from "node:vm";
import { drawPatternStringsOnce, type JsonSchemaFakerRandom } from "./pattern-strings.js";

export interface PrismOptions {
  /** The OpenAPI document to serve: a file path, or the parsed document (never modified). */
  document: string | object;
  /** Generate responses from the schemas (`prism mock --dynamic`) instead of examples. */
  dynamic?: boolean;
  /** Seed for dynamic generation, so runs repeat (`--seed`; passed to Prism as a string, as the CLI does). */
  seed?: number | string;
  /** `--errors`: answer a request or response that breaks the document with an error (default false, as the CLI). */
  errors?: boolean;
}

export interface PrismServer {
  url: string;
  port: number;
  /** Every line Prism logged so far (routes, listening, requests, violations), one a line. */
  output(): string;
  stop(): Promise<void>;
}

/** Prism's libraries are not installed where this module can resolve them. */
export class PrismUnavailableError extends Error {
  override name = "PrismUnavailableError";
}

/** The Prism releases this module is built for: the ones @stoplight/prism-cli 5.14.2 depends on. */
export const PRISM_PACKAGES = {
  "@stoplight/prism-http-server": "5.12.2",
  "@stoplight/prism-http": "5.12.0",
  "@stoplight/prism-core": "5.8.0",
} as const;

// The few parts of Prism's libraries used here (they are CommonJS, loaded on first use).
interface PrismLogger {
  info(message: string): void;
  child(bindings: Record<string, unknown>): PrismLogger;
  [level: string]: unknown;
}
interface HttpParam {
  name: string;
  required?: boolean;
}
export interface HttpOperation {
  method: string;
  path: string;
  servers?: unknown[];
  request?: { path?: HttpParam[] };
}
interface PrismLibraries {
  createServer(
    operations: HttpOperation[],
    options: { cors: boolean; config: Record<string, unknown>; components: { logger: PrismLogger } },
  ): { listen(port: number, host: string): Promise<string>; close(): Promise<void> };
  getHttpOperationsFromSpec(document: string | object): Promise<HttpOperation[]>;
  resetJSONSchemaGenerator(): void;
  generateHttpParam(param: HttpParam): { _tag: "Some"; value: unknown } | { _tag: "None" };
  createLogger(name: string, options: Record<string, unknown>, destination: { write(line: string): void }): PrismLogger;
}

let libraries: PrismLibraries | undefined;

type Exports = Record<string | symbol, unknown>;

/** An object that stands for the one `load` returns, loading it on first use. */
function lazyObject(load: () => Exports): Exports {
  return new Proxy(
    {},
    {
      get: (_, key) => load()[key],
      set: (_, key, value) => Reflect.set(load(), key, value),
      has: (_, key) => key in load(),
      ownKeys: () => Reflect.ownKeys(load()),
      getOwnPropertyDescriptor: (_, key) => {
        const descriptor = Reflect.getOwnPropertyDescriptor(load(), key);
        return descriptor && { ...descriptor, configurable: true };
      },
    },
  );
}

/**
 * Puts a stand-in for `specifier` (as resolved from `from`) in the module cache: `standIn`
 * builds its exports from a loader of the real module, which is loaded on first use.
 */
function deferModule(from: string, specifier: string, standIn: (load: () => Exports) => Exports): void {
  const requireFrom = createRequire(from);
  let path: string;
  try {
    path = requireFrom.resolve(specifier);
  } catch {
    return; // not installed where Prism looks: Prism's own require says so, if it needs it
  }
  if (requireFrom.cache[path]) return;
  let real: Exports | undefined;
  const load = (): Exports => {
    if (!real) {
      delete requireFrom.cache[path];
      real = requireFrom(specifier) as Exports;
    }
    return real;
  };
  requireFrom.cache[path] = { id: path, filename: path, loaded: true, exports: standIn(load) } as unknown as NodeJS.Module;
}

/**
 * Two of Prism's dependencies take over a second to load together and are rarely used: faker
 * (every locale), which prism-http uses only to fill `x-faker` keywords (in dynamic answers of
 * documents that ask for it, and in the example values of string path parameters on the route
 * lines), and postman-collection (with a faker of its own), which @stoplight/http-spec uses only
 * to read Postman collections. Both are handed over as stand-ins that load the real module on
 * first use, so a server that never needs them starts without them.
 */
function deferRarelyUsedModules(require: NodeJS.Require): void {
  let prismHttp: string;
  try {
    prismHttp = require.resolve("@stoplight/prism-http");
  } catch {
    return; // not installed: loadPrism says so
  }
  if (require.cache[prismHttp]) return; // already loaded
  // prism-http reads `.default` at once (JSONSchemaFaker.extend), so the default export is lazy too.
  deferModule(prismHttp, "@faker-js/faker", (load) => {
    const faker = lazyObject(() => load()["default"] as Exports);
    return { __esModule: true, default: faker, faker };
  });
  // http-spec reads `.Collection` only when it reads a Postman collection.
  try {
    deferModule(createRequire(prismHttp).resolve("@stoplight/http-spec"), "postman-collection", lazyObject);
  } catch {
    // http-spec laid out differently: loaded as is
  }
}

/**
 * Prism's libraries from one bundle of them (contract-tests/launch.mjs builds it: a CommonJS file
 * exporting each library by name), compiled as one script with V8's code cache kept beside it.
 * The modules the bundle leaves outside (faker, postman-collection) are required from where
 * Prism's own packages require them, as the stand-ins deferRarelyUsedModules puts in place.
 */
function bundledLibraries(file: string): (name: string) => unknown {
  const require = createRequire(import.meta.url);
  deferRarelyUsedModules(require);
  const prismHttp = require.resolve("@stoplight/prism-http");
  const httpSpec = createRequire(prismHttp).resolve("@stoplight/http-spec");
  const requireFrom: Record<string, NodeJS.Require> = { "@faker-js/faker": createRequire(prismHttp), "postman-collection": createRequire(httpSpec) };
  // js-yaml (Prism's YAML reader) requires esprima only to read `!!js/function` values, in a try of its own
  // that a bundler cannot see into: a stand-in that loads esprima on first use.
  let esprima: Exports | undefined;
  const outside: Record<string, () => unknown> = { esprima: () => (esprima ??= lazyObject(() => createRequire(prismHttp)("esprima") as Exports)) };
  const requireOutside = Object.assign((id: string) => (outside[id] ? outside[id]() : ((requireFrom[id] ?? require)(id) as unknown)), { resolve: require.resolve, cache: require.cache, main: require.main });
  const cacheFile = `${file}.v8-cache`;
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // none yet: this run writes it (keepPrismCodeCache)
  }
  const source = `(function (exports, require, module, __filename, __dirname) {${readFileSync(file, "utf8")}\n})`;
  const script = new Script(source, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} as Record<string, unknown> };
  (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, requireOutside, module, file, dirname(file));
  if (!cachedData || script.cachedDataRejected) codeCache = { script, file: cacheFile };
  return (name) => module.exports[name];
}

/** The bundle's script while its code cache is still to be written (it is written once the script has run its servers, with what they compiled). */
let codeCache: { script: Script; file: string } | undefined;

/** Writes the code cache of Prism's bundle when this process compiled it without one: the next start compiles nothing it has run. */
export function keepPrismCodeCache(): void {
  if (!codeCache) return;
  const { script, file } = codeCache;
  codeCache = undefined;
  try {
    const staging = `${file}.${process.pid}.tmp`;
    writeFileSync(staging, script.createCachedData());
    renameSync(staging, file);
  } catch {
    // not writable: the next start compiles the bundle again
  }
}

let bundleFile: string | undefined;

function loadPrism(): PrismLibraries {
  if (libraries) return libraries;
  const require = createRequire(import.meta.url);
  let fromBundle: ((name: string) => unknown) | undefined;
  try {
    fromBundle = bundleFile ? bundledLibraries(bundleFile) : undefined;
  } catch {
    // a bundle that does not load (another install under it): the libraries module by module
  }
  if (!fromBundle) deferRarelyUsedModules(require);
  const load = <T>(name: keyof typeof PRISM_PACKAGES): T => {
    try {
      return (fromBundle ? fromBundle(name) : require(name)) as T;
    } catch (error) {
      if ((error as { code?: string }).code !== "MODULE_NOT_FOUND") throw error;
      const install = Object.entries(PRISM_PACKAGES).map(([pkg, version]) => `${pkg}@${version}`).join(" ");
      throw new PrismUnavailableError(`Prism's libraries are not installed; install them next to modelslab-video (npm install --save-dev ${install})`);
    }
  };
  const server = load<Pick<PrismLibraries, "createServer">>("@stoplight/prism-http-server");
  const http = load<Pick<PrismLibraries, "getHttpOperationsFromSpec" | "resetJSONSchemaGenerator" | "generateHttpParam">>("@stoplight/prism-http");
  const core = load<Pick<PrismLibraries, "createLogger">>("@stoplight/prism-core");
  // What the CLI's configureExtensionsUserProvided does before each server, for a document
  // without `x-json-schema-faker`: json-schema-faker at Prism's defaults. Those options are global
  // to a process, so a document's own `x-json-schema-faker` options are not applied here.
  http.resetJSONSchemaGenerator();
  // The json-schema-faker Prism generates with (the bundle's own, or the one prism-http requires): its
  // strings of a regular expression drawn from a parse kept per expression, the same strings as randexp's.
  const jsf = (fromBundle ? (fromBundle("json-schema-faker") as { JSONSchemaFaker?: JsonSchemaFakerRandom } | undefined) : (createRequire(require.resolve("@stoplight/prism-http"))("json-schema-faker") as { JSONSchemaFaker?: JsonSchemaFakerRandom }))?.JSONSchemaFaker;
  if (jsf) drawPatternStringsOnce(jsf);
  libraries = {
    createServer: server.createServer,
    getHttpOperationsFromSpec: http.getHttpOperationsFromSpec,
    resetJSONSchemaGenerator: http.resetJSONSchemaGenerator,
    generateHttpParam: http.generateHttpParam,
    createLogger: core.createLogger,
  };
  return libraries;
}

/**
 * Loads Prism's libraries now rather than at the first start (a thread of the check's own does it
 * while the documents are built); `bundle`: the file of Prism's bundle to load them from.
 */
export function preparePrism(bundle?: string): void {
  if (!libraries) bundleFile = bundle;
  loadPrism();
}

/**
 * Parsed documents, shared by every server of the same document: a file until it changes, an
 * object by its content (its JSON text), so the servers of a document that arrives again as
 * another object (the contract check's runs on copies of the docs, where most documents are
 * unchanged) share the parse, and with it the validators Prism compiles for its operations' schemas
 * (Prism keeps them by schema object). The most recent 16 contents are kept.
 */
const parsedFiles = new Map<string, { stamp: string; operations: Promise<HttpOperation[]> }>();
const parsedObjects = new WeakMap<object, Promise<HttpOperation[]>>();
const parsedContents = new Map<string, Promise<HttpOperation[]>>();
const KEPT_CONTENTS = 16;

/**
 * Operations by content (their JSON text), across documents: an operation that another document
 * already had as it is (a docs copy where one page changed: the merged document's other
 * operations) is that one, so Prism's validators compiled for its schemas, which Prism keeps by
 * schema object, serve it too. An operation Prism parsed as a tree that is not JSON (a cycle) stays
 * its own. The most recent 256 are kept.
 */
const operationsByContent = new Map<string, HttpOperation>();
const KEPT_OPERATIONS = 256;

function sharedOperations(operations: HttpOperation[]): HttpOperation[] {
  return operations.map((operation) => {
    let key: string;
    try {
      key = createHash("sha256").update(JSON.stringify(operation)).digest("hex");
    } catch {
      return operation;
    }
    const known = operationsByContent.get(key);
    if (known) operationsByContent.delete(key);
    else if (operationsByContent.size >= KEPT_OPERATIONS) operationsByContent.delete(operationsByContent.keys().next().value!);
    operationsByContent.set(key, known ?? operation);
    return known ?? operation;
  });
}

async function operationsOf(prism: PrismLibraries, document: string | object): Promise<HttpOperation[]> {
  if (typeof document !== "string") {
    if ("x-json-schema-faker" in document) throw new Error("x-json-schema-faker is not supported by the in-process Prism (its options are global to a process)");
    let parsed = parsedObjects.get(document);
    if (!parsed) {
      const key = createHash("sha256").update(JSON.stringify(document)).digest("hex");
      parsed = parsedContents.get(key);
      if (parsed) parsedContents.delete(key);
      else {
        parsed = prism.getHttpOperationsFromSpec(structuredClone(document)).then(sharedOperations);
        if (parsedContents.size >= KEPT_CONTENTS) parsedContents.delete(parsedContents.keys().next().value!);
      }
      parsedContents.set(key, parsed);
      parsedObjects.set(document, parsed);
    }
    return parsed;
  }
  const file = resolve(document);
  const info = await stat(file);
  const stamp = `${info.mtimeMs}:${info.size}`;
  let cached = parsedFiles.get(file);
  if (!cached || cached.stamp !== stamp) {
    cached = { stamp, operations: prism.getHttpOperationsFromSpec(file).then(sharedOperations) };
    parsedFiles.set(file, cached);
  }
  return cached.operations;
}

/** A document's operations as Prism parses them (the parse its servers share): what each answer is made from (prism-answers.ts). */
export function prismOperations(document: object): Promise<readonly Readonly<HttpOperation>[]> {
  return operationsOf(loadPrism(), document);
}

/** Starts parsing a document now (a server of the same object started later shares the parse); its errors are the server's. */
export function prepareDocument(document: object): void {
  try {
    operationsOf(loadPrism(), document).catch(() => {});
  } catch {
    // startPrism says why
  }
}

/** The CLI's route line path: required path parameters filled with values Prism generates. */
function examplePath(prism: PrismLibraries, operation: HttpOperation): string {
  let path = operation.path;
  for (const param of operation.request?.path ?? []) {
    if (param.required === false) continue;
    const value = prism.generateHttpParam(param);
    if (value._tag === "Some") path = path.replace(`{${param.name}}`, encodeURIComponent(String(value.value)));
  }
  return path;
}

/** One log record as a text line: `[NAME] level message`, indented like the CLI's. */
function logLine(record: { name?: string; level?: string | number; msg?: string; offset?: number; input?: { method?: string; url?: { path?: string } } }): string {
  const name = record.name ?? "CLI";
  const indent = "    ".repeat((name === "NEGOTIATOR" || name === "VALIDATOR" || name === "CALLBACK" || name === "PROXY" ? 1 : 0) + (record.offset ?? 0));
  const request = record.input ? ` ${record.input.method ?? ""} ${record.input.url?.path ?? ""}` : "";
  return `${indent}[${name}]${request} ${String(record.level ?? "info").padEnd(9)} ${record.msg ?? ""}`;
}

/** Serves a document on a free loopback port, from this process. Ready when it resolves. */
export async function startPrism(options: PrismOptions): Promise<PrismServer> {
  const prism = loadPrism();
  // What Prism logs, kept as written and made into lines when read (most servers' logs never are).
  const chunks: string[] = [];
  const lines: string[] = [];
  const readLines = () => {
    for (const chunk of chunks.splice(0)) {
      for (const text of chunk.split("\n")) {
        if (!text) continue;
        try {
          lines.push(logLine(JSON.parse(text) as Parameters<typeof logLine>[0]));
        } catch {
          lines.push(text);
        }
      }
    }
    return lines;
  };
  const logger = prism.createLogger("CLI", { level: "info", formatters: { level: (level: string) => ({ level }) } }, { write: (chunk: string) => void chunks.push(chunk) });
  const operations = await operationsOf(prism, options.document);
  if (operations.length === 0) throw new Error("No operations found in the current file.");
  const server = prism.createServer(operations, {
    cors: true,
    config: {
      validateRequest: true,
      validateResponse: true,
      checkSecurity: true,
      errors: options.errors ?? false,
      upstreamProxy: undefined,
      mock: { dynamic: options.dynamic ?? false, ignoreExamples: false, seed: options.seed === undefined ? null : String(options.seed) },
      isProxy: false,
    },
    components: { logger: logger.child({ name: "HTTP SERVER" }) },
  });
  const address = await server.listen(0, "127.0.0.1");
  // The CLI's first lines: one per route, then "listening". Written when first read: the example
  // values of the routes' path parameters come from faker, which nothing else may need.
  let head: string[] | undefined;
  const headLines = () =>
    (head ??= [
      ...operations.map((operation) => logLine({ name: "CLI", level: "info", msg: `${operation.method.toUpperCase().padEnd(10)} ${address}${examplePath(prism, operation)}` })),
      logLine({ name: "CLI", level: "start", msg: `Prism is listening on ${address}` }),
    ]);
  let stopped: Promise<void> | undefined;
  return {
    url: address,
    port: Number(new URL(address).port),
    output: () => [...headLines(), ...readLines()].join("\n"),
    stop: () => (stopped ??= server.close()),
  };
}
