/**
 * Pipeline step 5: Ajv standalone validators for every submit request body of the final merged
 * document, compiled here once so the client never compiles a schema at run time (no `new
 * Function`, CSP-safe) and can import them lazily.
 * - generated/request-validators.js: one validate function per submit operationId (ESM), and
 *   ajv-formats' format checks they use, its dist/formats.js as it is, wrapped as a function: a
 *   module of the package's own code that imports nothing, so that a bundler has no CommonJS to
 *   convert (esbuild would add its module helpers to a web page's first load for it).
 * - generated/request-validators.d.ts: their types.
 * Annotations (description, examples, x-*) are stripped first: they only make the code bigger.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { _ } from "ajv";
import Ajv2020Module from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import standaloneModule from "ajv/dist/standalone/index.js";
import { GENERATED_HEADER, operationEntries, submitRequestShapes } from "./codegen.js";
import { PipelineError } from "./pipeline-error.js";

const ANNOTATIONS = new Set(["description", "examples", "example", "default", "title", "deprecated"]);
const DOCUMENT_ID = "modelslab";
// CommonJS modules: under NodeNext their ES default export is `.default`.
const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;
const standaloneCode = standaloneModule.default;

/**
 * ajv-formats' dist/formats.js (CommonJS, no imports of its own) as an expression whose value is
 * its `fullFormats`: the same code, run as a function of its `exports`.
 */
function fullFormatsExpression(): string {
  const require = createRequire(import.meta.url);
  const path = require.resolve("ajv-formats/dist/formats.js");
  const { version } = JSON.parse(readFileSync(require.resolve("ajv-formats/package.json"), "utf8")) as { version: string };
  const source = readFileSync(path, "utf8")
    .replace(/^"use strict";\n/, "")
    .replace(/\n\/\/# sourceMappingURL=.*\s*$/, "\n");
  if (/\brequire\(/.test(source)) throw new PipelineError(`ajv-formats ${version}: dist/formats.js requires other modules; it can no longer be inlined as it is`);
  return `/* ajv-formats ${version} (MIT), dist/formats.js */ ((exports) => {\n${source}return exports.fullFormats;\n})({})`;
}

/**
 * ajv-formats' license as the copy of its code must carry it: its LICENSE file whole, in a legal
 * comment (`/*!`, `@license`) that minifiers and bundlers keep.
 */
function fullFormatsLicense(): string {
  const require = createRequire(import.meta.url);
  const { version } = JSON.parse(readFileSync(require.resolve("ajv-formats/package.json"), "utf8")) as { version: string };
  const license = readFileSync(join(dirname(require.resolve("ajv-formats/package.json")), "LICENSE"), "utf8").trim();
  if (license.includes("*/")) throw new PipelineError(`ajv-formats ${version}: its LICENSE cannot be put in a comment as it is`);
  return `/*! @license ajv-formats ${version}: its dist/formats.js is inlined below, under this license.\n${license
    .split("\n")
    .map((line) => ` * ${line}`.trimEnd())
    .join("\n")}\n */\n`;
}

/** A copy of a schema without annotation keywords (descriptions, examples, x- extensions). */
export function withoutAnnotations(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutAnnotations);
  if (typeof value !== "object" || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (ANNOTATIONS.has(key) || key.startsWith("x-")) continue;
    // `properties` maps names to schemas: a property called "description" is not an annotation.
    copy[key] =
      key === "properties" && typeof child === "object" && child !== null
        ? Object.fromEntries(Object.entries(child).map(([name, schema]) => [name, withoutAnnotations(schema)]))
        : withoutAnnotations(child);
  }
  return copy;
}

/** The component schema ref of each submit operation's JSON request body, keyed by operationId. */
export function submitRequestSchemas(document: Record<string, unknown>): Map<string, string> {
  const refs = new Map<string, string>();
  const paths = document.paths as Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> } }>>;
  for (const entry of operationEntries(document)) {
    if (entry.kind !== "submit") continue;
    const ref = paths[entry.path]?.[entry.method]?.requestBody?.content?.["application/json"]?.schema?.$ref;
    if (!ref?.startsWith("#/components/schemas/"))
      throw new PipelineError(`generated/openapi.yaml: ${entry.operationId} has no application/json request body referring to a component schema`);
    refs.set(entry.operationId, ref);
  }
  return refs;
}

export function generateRequestValidators(document: Record<string, unknown>): { module: string; types: string } {
  const refs = submitRequestSchemas(document);
  const ajv = new Ajv2020({
    strict: false,
    allErrors: true,
    // The generated module defines ajv-formats' definitions under this name (see below).
    code: { source: true, esm: true, lines: false, formats: _`formats` },
  });
  addFormats(ajv);
  ajv.addSchema({ $id: DOCUMENT_ID, components: withoutAnnotations(document.components) });
  const exports: Record<string, string> = {};
  for (const [operationId, ref] of refs) exports[operationId] = `${DOCUMENT_ID}${ref}`;
  // Where a request is one schema per model: a validator per known model and one for any other
  // model_id, so a refusal names the model's own rule rather than every branch of the oneOf.
  const perModel: string[] = [];
  const others: string[] = [];
  for (const [operationId, shape] of submitRequestShapes(document)) {
    if (!shape.models) continue;
    const entries = shape.models.map((model, index) => {
      exports[`${operationId}_model${index}`] = `${DOCUMENT_ID}#/components/schemas/${model.schema}`;
      return `${JSON.stringify(model.modelId)}: ${operationId}_model${index}`;
    });
    exports[`${operationId}_otherModel`] = `${DOCUMENT_ID}#/components/schemas/${shape.otherSchema}`;
    perModel.push(`  ${operationId}: { ${entries.join(", ")} },`);
    others.push(`  ${operationId}: ${operationId}_otherModel,`);
  }
  const code = standaloneCode(ajv, exports);
  const usesFormats = /\bformats\./.test(code);
  const module =
    GENERATED_HEADER +
    (usesFormats ? `${fullFormatsLicense()}const formats = ${fullFormatsExpression()};\n` : "") +
    code.replace(/^"use strict";/, "") +
    `\nexport const modelValidators = {\n${perModel.join("\n")}\n};\nexport const otherModelValidators = {\n${others.join("\n")}\n};\n`;
  const types =
    GENERATED_HEADER +
    `/** An Ajv error, as the standalone validators report it. */
export interface RequestValidationError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** Validates a request body; on failure \`errors\` lists every violation. */
export interface RequestValidator {
  (data: unknown): boolean;
  errors?: RequestValidationError[] | null;
}

${[...refs.keys()].map((operationId) => `export declare const ${operationId}: RequestValidator;`).join("\n")}

/** Where a submit's request is one schema per model: the validator of each known model_id. */
export declare const modelValidators: Partial<Record<${[...refs.keys()].map((id) => JSON.stringify(id)).join(" | ")}, Readonly<Record<string, RequestValidator>>>>;
/** Where a submit's request is one schema per model: the validator of any model_id it does not know. */
export declare const otherModelValidators: Partial<Record<${[...refs.keys()].map((id) => JSON.stringify(id)).join(" | ")}, RequestValidator>>;
`;
  return { module, types };
}
