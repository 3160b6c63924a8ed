/**
 * Parameter tables of pages rendered as plain text, where the cells of a row run together:
 *
 *   ParameterDescriptionValues
 *   num_inference_stepsNumber of denoising steps. Default is 20. Maximum is 25.Integer (Default: 20, Max: 25).
 *
 * A row starts with the parameter name; the description usually starts with a capital letter,
 * and the values cell ends the row ("Integer", "String", "URL", "Integer or null", "(TRUE or
 * FALSE)", "Integer (Default: 20, Max: 25)"). Names the specs know are matched first, so a
 * description that starts in lower case ("resolutionthe resolution…") still splits right.
 */
import type { FieldClaim, JsonType, SourceLocation } from "./claim.js";
import { limitPhrases } from "./limit-phrases.js";

const HEADER = /^\s*Parameter\s*Description\s*Values?\s*$/i;
const ROW = /^([a-z][a-z0-9_]*)/;

const TYPE_WORDS: [RegExp, JsonType[]][] = [
  [/Integer or null(?: \([^)]*\))?\.?\s*$/, ["integer", "null"]],
  [/(?:String|string|URL) or null\.?\s*$/, ["string", "null"]],
  [/Integer(?: \([^)]*\))?\.?\s*$/, ["integer"]],
  [/Number(?: \([^)]*\))?\.?\s*$/, ["number"]],
  [/(?:String|string)\.?\s*$/, ["string"]],
  [/URL\.?\s*$/, ["string"]],
  [/(?:Boolean|\(TRUE or FALSE\))\.?\s*$/, ["boolean"]],
];

function splitName(row: string, knownFields: ReadonlySet<string>): { name: string; rest: string } | undefined {
  const known = [...knownFields].filter((field) => row.startsWith(field)).sort((a, b) => b.length - a.length)[0];
  if (known) return { name: known, rest: row.slice(known.length) };
  const match = row.match(/^([a-z][a-z0-9_]*?)(?=[A-Z])/);
  return match?.[1] ? { name: match[1], rest: row.slice(match[1].length) } : undefined;
}

/** Claims of every row of every flattened parameter table on the page. */
export function flattenedTableClaims(pageText: string, page: string, knownFields: ReadonlySet<string>): { claims: FieldClaim[]; tables: SourceLocation[] } {
  const lines = pageText.split(/\r?\n/);
  const claims: FieldClaim[] = [];
  const tables: SourceLocation[] = [];
  for (let index = 0; index < lines.length; index++) {
    if (!HEADER.test(lines[index]!)) continue;
    tables.push({ page, line: index + 1 });
    for (let rowIndex = index + 1; rowIndex < lines.length; rowIndex++) {
      const row = lines[rowIndex]!.trim();
      if (!ROW.test(row)) break;
      const split = splitName(row, knownFields);
      if (!split) break;
      const location = { page, line: rowIndex + 1 };
      const { name, rest } = split;
      claims.push({ field: name, aspect: "documented", value: true, quote: row, origin: "table", location });
      const type = TYPE_WORDS.find(([pattern]) => pattern.test(rest));
      if (type) claims.push({ field: name, aspect: "type", value: type[1], quote: rest.match(type[0])![0].trim(), origin: "table", location });
      for (const phrase of limitPhrases(rest)) claims.push({ field: name, aspect: phrase.aspect, value: phrase.value, quote: phrase.quote, origin: "table", location });
      index = rowIndex;
    }
  }
  return { claims, tables };
}
