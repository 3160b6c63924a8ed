/**
 * What a documentation page says, one statement at a time, each with the page and line it
 * comes from. Page parsers produce these; the rules compare them with the specs.
 */

export interface SourceLocation {
  /** The page's file name, as listed in openapi/upstream/manifest.yaml. */
  page: string;
  /** 1-based line on that page. */
  line: number;
  /** For a statement of a hand-written spec: the file and line of the project's transcription. */
  spec?: { file: string; line: number };
}

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** The JSON types a page can give a parameter ("Integer or null" is two). */
export type JsonType = "string" | "integer" | "number" | "boolean" | "null" | "object" | "array";

/** Which kind of statement a page makes about a parameter. */
export type ClaimAspect = "type" | "default" | "minimum" | "maximum" | "enum" | "location" | "documented" | "required" | "description";

/** Where a statement stands on its page. */
export type ClaimOrigin = "prose" | "table" | "param-field";

export interface FieldClaim {
  field: string;
  aspect: ClaimAspect;
  /**
   * type: JsonType[]; default/minimum/maximum: the value; enum: the values the page names;
   * location: "query" | "body"; documented: true (the page lists the parameter); required: true
   * (the page marks it required); description: the words describing it.
   */
  value: JsonValue;
  /** The words on the page, quoted as they are (trimmed). */
  quote: string;
  origin: ClaimOrigin;
  location: SourceLocation;
  /** A condition the page attaches, e.g. "model_id wan2.2" for "wan2.2: Maximum resolution is 720p". */
  condition?: string;
}

export interface ExampleBody {
  kind: "request" | "response";
  body: JsonObject;
  /** First line of the JSON on the page. */
  location: SourceLocation;
  /** Line of each top-level property (the first line that names it). */
  fieldLines: Record<string, number>;
  /** How the page embeds it: a code fence, JSON.stringify({...}) in code, or bare JSON text. */
  embedding: "fence" | "stringify" | "text";
}

/** A statement about the whole page's parameters, e.g. "pass the required parameters in the request body". */
export interface PageLocationClaim {
  location: SourceLocation;
  in: "query" | "body";
  quote: string;
}

export interface PageClaims {
  page: string;
  fields: FieldClaim[];
  examples: ExampleBody[];
  parameterLocations: PageLocationClaim[];
  /** Where the page's parameter list starts, if it has one (table or <ParamField> tags). */
  parameterList?: SourceLocation;
}
