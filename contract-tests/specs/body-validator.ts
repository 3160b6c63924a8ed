/**
 * Ajv validators for the JSON bodies of OpenAPI 3.1 operations: JSON Schema 2020-12 with
 * formats, OpenAPI keywords (example, x-source, …) tolerated. A body schema can be "closed":
 * top-level properties it does not define are then errors, as a misspelled field name is.
 */
import { createHash } from "node:crypto";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import type { JsonObject } from "../claims/claim.js";

type FormatsPlugin = (ajv: Ajv2020) => Ajv2020;
// ajv-formats is CommonJS: under NodeNext its default export arrives as the module object.
const addFormats = ((addFormatsModule as unknown as { default?: FormatsPlugin }).default ?? addFormatsModule) as unknown as FormatsPlugin;

const pointerPart = (part: string): string => part.replace(/~/g, "~0").replace(/\//g, "~1");

export interface BodyTarget {
  /** Names the document (its label); one document is added to Ajv once. */
  label: string;
  document: JsonObject;
  path: string;
  method: string;
  /** "request", or a response status such as "200". */
  which: "request" | string;
}

/** One document added to an Ajv of its own (`document`: its copy there), and the validators compiled from it by pointer. */
interface CompiledDocument {
  ajv: Ajv2020;
  document: JsonObject;
  compiled: Map<string, ValidateFunction>;
}

/**
 * Documents compiled by content (their label and JSON text), shared by every BodyValidator of a
 * process: a check run again on the same docs (the tests, a sync's check of an edited copy, where
 * most documents are unchanged) compiles nothing it compiled before. Each document is a copy of
 * its own, so a caller that changes its object later changes nothing here. The most recent 32 are kept.
 */
const compiledDocuments = new Map<string, CompiledDocument>();
const KEPT_DOCUMENTS = 32;

function compiledDocument(id: string, document: JsonObject): CompiledDocument {
  const key = createHash("sha256").update(id).update("\n").update(JSON.stringify(document)).digest("hex");
  let entry = compiledDocuments.get(key);
  if (entry) compiledDocuments.delete(key);
  else {
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
    addFormats(ajv);
    const copy = structuredClone(document);
    ajv.addSchema({ ...copy, $id: id }, id);
    entry = { ajv, document: copy, compiled: new Map() };
    for (const oldest of [...compiledDocuments.keys()].slice(0, Math.max(0, compiledDocuments.size + 1 - KEPT_DOCUMENTS))) compiledDocuments.delete(oldest);
  }
  compiledDocuments.set(key, entry);
  return entry;
}

export class BodyValidator {
  /** The document each label names here: the first one it was given (one document is added to Ajv once). */
  private readonly documents = new Map<string, CompiledDocument>();

  /** The validator of the body, or undefined when the operation has no JSON body there. */
  validator(target: BodyTarget, options: { closed: boolean }): ValidateFunction | undefined {
    const id = `urn:spec:${encodeURIComponent(target.label)}`;
    let document = this.documents.get(id);
    if (!document) {
      document = compiledDocument(id, target.document);
      this.documents.set(id, document);
    }
    const operation = `/paths/${pointerPart(target.path)}/${target.method}`;
    const holder = target.which === "request" ? `${operation}/requestBody` : `${operation}/responses/${target.which}`;
    const pointer = `${holder}/content/application~1json/schema`;
    if (!hasPointer(target.document, pointer)) return undefined;
    const key = `${pointer}|${options.closed}`;
    let validate = document.compiled.get(key);
    if (!validate) {
      const compile = () => document.ajv.compile(options.closed ? { $ref: `${id}#${pointer}`, unevaluatedProperties: false } : { $ref: `${id}#${pointer}` });
      const closure = refClosure(document.document, pointer);
      validate = closure === undefined ? compile() : sharedValidator(`${id}\n${key}\n${closure}`, compile);
      document.compiled.set(key, validate);
    }
    return validate;
  }
}

/**
 * Validators by what they validate: a body schema and every schema its `$ref`s reach, in the same
 * document label at the same pointer. Another document of that label whose changes lie elsewhere
 * (a docs copy with one page edited: most operations of the merged document are as they were)
 * compiles to the same code, so it gets the validator compiled first, and its errors are the same.
 * The most recent 256 are kept.
 */
const validatorsBySchema = new Map<string, ValidateFunction>();
const KEPT_VALIDATORS = 256;

function sharedValidator(closure: string, compile: () => ValidateFunction): ValidateFunction {
  const key = createHash("sha256").update(closure).digest("hex");
  let validate = validatorsBySchema.get(key);
  if (validate) validatorsBySchema.delete(key);
  else {
    validate = compile();
    if (validatorsBySchema.size >= KEPT_VALIDATORS) validatorsBySchema.delete(validatorsBySchema.keys().next().value!);
  }
  validatorsBySchema.set(key, validate);
  return validate;
}

/** Keywords that change how Ajv resolves a reference: a schema with one is compiled from its own document, never shared. */
const RESOLUTION_KEYWORDS = new Set(["$id", "$anchor", "$dynamicAnchor", "$dynamicRef", "$recursiveRef", "$recursiveAnchor", "$schema"]);

/**
 * The schema at `pointer` and every schema its local `$ref`s reach (transitively), as JSON text by
 * pointer, with the document's own `$schema`; undefined when a reference leaves the document, does
 * not resolve, or a schema sets how references resolve (the validator is then not shared).
 */
function refClosure(document: JsonObject, pointer: string): string | undefined {
  const reached = new Map<string, string>();
  const visit = (at: string): boolean => {
    if (reached.has(at)) return true;
    const node = nodeAt(document, at);
    if (node === undefined) return false;
    reached.set(at, JSON.stringify(node));
    const walk = (value: unknown): boolean => {
      if (Array.isArray(value)) return value.every(walk);
      if (typeof value !== "object" || value === null) return true;
      for (const [name, child] of Object.entries(value)) {
        if (RESOLUTION_KEYWORDS.has(name)) return false;
        if (name === "$ref") {
          if (typeof child !== "string" || !child.startsWith("#")) return false;
          let target: string;
          try {
            target = decodeURIComponent(child.slice(1));
          } catch {
            return false;
          }
          if (!visit(target)) return false;
        } else if (!walk(child)) return false;
      }
      return true;
    };
    return walk(node);
  };
  if (!visit(pointer)) return undefined;
  return JSON.stringify([document.$schema ?? null, ...[...reached].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]);
}

/** The value at a JSON pointer ("" is the document), or undefined. */
function nodeAt(document: JsonObject, pointer: string): unknown {
  if (pointer === "") return document;
  if (!pointer.startsWith("/")) return undefined;
  let node: unknown = document;
  for (const part of pointer.slice(1).split("/")) {
    const key = part.replace(/~1/g, "/").replace(/~0/g, "~");
    if (typeof node !== "object" || node === null || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function hasPointer(document: JsonObject, pointer: string): boolean {
  let node: unknown = document;
  for (const part of pointer.slice(1).split("/")) {
    const key = part.replace(/~1/g, "/").replace(/~0/g, "~");
    if (typeof node !== "object" || node === null || !(key in node)) return false;
    node = (node as Record<string, unknown>)[key];
  }
  return true;
}
