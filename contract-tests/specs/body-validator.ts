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

/** One document added to an Ajv of its own, and the validators compiled from it by pointer. */
interface CompiledDocument {
  ajv: Ajv2020;
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
    ajv.addSchema({ ...structuredClone(document), $id: id }, id);
    entry = { ajv, compiled: new Map() };
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
      validate = document.ajv.compile(options.closed ? { $ref: `${id}#${pointer}`, unevaluatedProperties: false } : { $ref: `${id}#${pointer}` });
      document.compiled.set(key, validate);
    }
    return validate;
  }
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
