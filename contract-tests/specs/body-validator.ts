/**
 * Ajv validators for the JSON bodies of OpenAPI 3.1 operations: JSON Schema 2020-12 with
 * formats, OpenAPI keywords (example, x-source, …) tolerated. A body schema can be "closed":
 * top-level properties it does not define are then errors, as a misspelled field name is.
 */
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

export class BodyValidator {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  private readonly added = new Set<string>();
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor() {
    addFormats(this.ajv);
  }

  /** The validator of the body, or undefined when the operation has no JSON body there. */
  validator(target: BodyTarget, options: { closed: boolean }): ValidateFunction | undefined {
    const id = `urn:spec:${encodeURIComponent(target.label)}`;
    if (!this.added.has(id)) {
      this.ajv.addSchema({ ...target.document, $id: id }, id);
      this.added.add(id);
    }
    const operation = `/paths/${pointerPart(target.path)}/${target.method}`;
    const holder = target.which === "request" ? `${operation}/requestBody` : `${operation}/responses/${target.which}`;
    const pointer = `${holder}/content/application~1json/schema`;
    if (!hasPointer(target.document, pointer)) return undefined;
    const key = `${id}#${pointer}|${options.closed}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(options.closed ? { $ref: `${id}#${pointer}`, unevaluatedProperties: false } : { $ref: `${id}#${pointer}` });
      this.compiled.set(key, validate);
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
