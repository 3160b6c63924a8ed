/**
 * `npm run generate`: upstream snapshots → extracted specs → merge → overlays → code, all of
 * generated/ rewritten from scratch. `npm run generate:check` (--check) writes nothing and fails,
 * naming each file, when generated/ differs from a fresh run.
 *
 * Both end at once, saying so, when neither the inputs, the pipeline's code nor generated/ changed
 * since a run last proved generated/ right (see generated-stamp.ts); --force runs anyway (the builds
 * themselves are kept by content: build-cache.ts).
 *
 *   tsx scripts/generate.ts [--check] [--force] [--root DIR]
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { performance } from "node:perf_hooks";
import { keptBuild } from "./build-cache.js";
import { generateClientModule, generateOperationsModule, generateRequestFieldsModule, generateSchemaTypes } from "./codegen.js";
import { generatedStamp, isStamped, writeStamp } from "./generated-stamp.js";
import { layoutOf, PROJECT_ROOT, type Layout } from "./layout.js";
import type { SourceDocument } from "./merge.js";
import { PipelineError } from "./pipeline-error.js";
import { generateRequestSchemasModule } from "./request-schemas.js";
import { generateRequestValidators } from "./request-validators.js";
import { stringifyYaml } from "./yaml-io.js";

const EXTRACTED_HEADER = "# Machine-written by `npm run generate` from the page named in x-extracted-from. Do not edit.\n";
const SELECTED_HEADER = "# Machine-written by `npm run generate`: the operations of the OpenAPI document named in x-extracted-from that the manifest takes. Do not edit.\n";
const MERGED_HEADER = "# Machine-written by `npm run generate`: openapi/upstream + openapi/specs, merged, then openapi/overlays applied. Do not edit.\n";

import { buildDocuments } from "./documents.js";

export { buildDocuments, readHandWrittenSpecs, type BuildOptions, type PipelineDocuments } from "./documents.js";

/** Runs every step in memory; returns each generated file (path relative to the root) and its content. */
export async function buildGenerated(layout: Layout): Promise<Map<string, string>> {
  const { extracted, upstream, final } = await buildDocuments(layout);
  const outputs = new Map<string, string>();
  for (const [path, content] of await outputsOfSources(extracted, upstream)) outputs.set(path, content);
  for (const [path, content] of await outputsOfMergedDocument(final)) outputs.set(path, content);
  outputs.set("generated/version.ts", generateVersionModule());
  return outputs;
}

/** generated/extracted/: each page's extracted document and each upstream document's selection, written once per content (build-cache.ts). */
function outputsOfSources(extracted: SourceDocument[], upstream: SourceDocument[]): Promise<[string, string][]> {
  const key = createHash("sha256").update(JSON.stringify([extracted, upstream])).digest("hex");
  return keptBuild("extracted", key, async () => [
    ...extracted.map((source): [string, string] => [source.label, EXTRACTED_HEADER + stringifyYaml(source.document)]),
    ...upstream.map((source): [string, string] => [`generated/extracted/${source.label.replace(/^openapi\/upstream\//, "").replace(/\.json$/, "")}.yaml`, SELECTED_HEADER + stringifyYaml(source.document)]),
  ]);
}

/**
 * The package's version as a module the client can import anywhere (browsers and Deno cannot
 * import package.json): package.json is the one place it is written; this copy is checked by
 * generate:check like every other generated file.
 */
export function generateVersionModule(): string {
  const { version } = JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as { version?: unknown };
  if (typeof version !== "string" || version === "") throw new PipelineError("package.json has no version");
  return `// Machine-written by \`npm run generate\` from package.json. Do not edit.\n\n/** The package's version (package.json). */\nexport const SDK_VERSION = ${JSON.stringify(version)};\n`;
}

/**
 * The files made from the merged document alone (the document, its types, the client, the field
 * index, the request schemas and validators), made once per document content, in a process and
 * on disk (build-cache.ts): a second run of the pipeline on the same docs (a check after a sync,
 * the tests, another worker) reuses them.
 */
const outputsByDocument = new Map<string, Promise<[string, string][]>>();

function outputsOfMergedDocument(final: Record<string, unknown>): Promise<[string, string][]> {
  const key = createHash("sha256").update(JSON.stringify(final)).digest("hex");
  let outputs = outputsByDocument.get(key);
  if (!outputs) {
    outputs = keptBuild("generated", key, async (): Promise<[string, string][]> => {
      const validators = generateRequestValidators(final);
      return [
        ["generated/openapi.yaml", MERGED_HEADER + stringifyYaml(final)],
        ["generated/schema.d.ts", await generateSchemaTypes(final)],
        ["generated/client.ts", generateClientModule()],
        ["generated/operations.ts", generateOperationsModule(final)],
        ["generated/request-fields.ts", generateRequestFieldsModule(final)],
        ["generated/request-schemas.ts", generateRequestSchemasModule(final)],
        ["generated/request-validators.js", validators.module],
        ["generated/request-validators.d.ts", validators.types],
      ];
    });
    outputsByDocument.set(key, outputs);
    outputs.catch(() => outputsByDocument.delete(key));
  }
  return outputs;
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Files of generated/ that differ from `outputs`, are missing, or are no longer produced. */
export function staleFiles(layout: Layout, outputs: Map<string, string>): string[] {
  const stale: string[] = [];
  for (const [path, content] of outputs) {
    const file = join(layout.root, path);
    if (!existsSync(file)) stale.push(`${path} (missing)`);
    else if (readFileSync(file, "utf8") !== content) stale.push(`${path} (differs)`);
  }
  for (const file of filesUnder(layout.generatedDir)) {
    const path = relative(layout.root, file).split("\\").join("/");
    if (!outputs.has(path)) stale.push(`${path} (no longer produced)`);
  }
  return stale;
}

export function writeGenerated(layout: Layout, outputs: Map<string, string>): { written: string[]; removed: string[] } {
  const written: string[] = [];
  const removed: string[] = [];
  for (const [path, content] of outputs) {
    const file = join(layout.root, path);
    if (existsSync(file) && readFileSync(file, "utf8") === content) continue;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    written.push(path);
  }
  for (const file of filesUnder(layout.generatedDir)) {
    const path = relative(layout.root, file).split("\\").join("/");
    if (!outputs.has(path)) {
      rmSync(file);
      removed.push(path);
    }
  }
  return { written, removed };
}

/** Runs `npm run generate` (or `--check`) with its arguments; prints through `print`; returns the exit code. */
export async function runGenerate(argv: string[], print: { out(line: string): void; err(line: string): void } = { out: console.log, err: console.error }): Promise<number> {
  const check = argv.includes("--check");
  const force = argv.includes("--force");
  const rootIndex = argv.indexOf("--root");
  const layout = layoutOf(rootIndex >= 0 ? argv[rootIndex + 1] : undefined);
  const started = performance.now();
  const seconds = () => ((performance.now() - started) / 1000).toFixed(2);
  const stamp = generatedStamp(layout);
  if (!force && isStamped(stamp)) {
    print.out(`generated/ is up to date (nothing changed since it was last verified; checked in ${seconds()} s; --force runs anyway)`);
    return 0;
  }
  let outputs: Map<string, string>;
  try {
    outputs = await buildGenerated(layout);
  } catch (error) {
    if (!(error instanceof PipelineError)) throw error;
    print.err(`error: ${error.message}`);
    return 1;
  }
  if (check) {
    const stale = staleFiles(layout, outputs);
    if (stale.length > 0) {
      print.err(`generated/ is stale; run \`npm run generate\` and commit the result:\n${stale.map((s) => `  ${s}`).join("\n")}`);
      return 1;
    }
    writeStamp(stamp);
    print.out(`generated/ is up to date (${outputs.size} files checked in ${seconds()} s)`);
    return 0;
  }
  const { written, removed } = writeGenerated(layout, outputs);
  writeStamp(written.length + removed.length === 0 ? stamp : generatedStamp(layout));
  for (const path of written) print.out(`wrote   ${path}`);
  for (const path of removed) print.out(`removed ${path}`);
  print.out(`generated ${outputs.size} files (${written.length} changed, ${removed.length} removed) in ${seconds()} s`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runGenerate(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
