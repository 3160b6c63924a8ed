/**
 * Markdown parameter tables (`| Field Name | Parameter | Technical Description |`): the column
 * headed "Parameter" names each parameter; the description may state limits in words, and a
 * description that starts with "Required" marks the parameter required.
 */
import type { FieldClaim, SourceLocation } from "./claim.js";
import { limitPhrases } from "./limit-phrases.js";

const cells = (line: string): string[] => line.trim().replace(/^\||\|$/g, "").split("|").map((cell) => cell.trim());

export function markdownTableClaims(pageText: string, page: string): { claims: FieldClaim[]; tables: SourceLocation[] } {
  const lines = pageText.split(/\r?\n/);
  const claims: FieldClaim[] = [];
  const tables: SourceLocation[] = [];
  for (let index = 0; index + 1 < lines.length; index++) {
    const header = cells(lines[index]!);
    const column = header.findIndex((cell) => /^parameter$/i.test(cell));
    if (!lines[index]!.trim().startsWith("|") || column < 0 || !/^\s*\|?\s*:?-{3,}/.test(lines[index + 1]!)) continue;
    const descriptionColumn = header.findIndex((cell) => /description/i.test(cell));
    tables.push({ page, line: index + 1 });
    let rowIndex = index + 2;
    for (; rowIndex < lines.length && lines[rowIndex]!.trim().startsWith("|"); rowIndex++) {
      const row = cells(lines[rowIndex]!);
      const field = row[column];
      if (!field || !/^[a-z][a-z0-9_]*$/i.test(field)) continue;
      const location = { page, line: rowIndex + 1 };
      claims.push({ field, aspect: "documented", value: true, quote: lines[rowIndex]!.trim(), origin: "table", location });
      const description = descriptionColumn >= 0 ? (row[descriptionColumn] ?? "") : "";
      if (/^required\b/i.test(description)) claims.push({ field, aspect: "required", value: true, quote: "Required", origin: "table", location });
      if (description) claims.push({ field, aspect: "description", value: description, quote: description, origin: "table", location });
      for (const phrase of limitPhrases(description))
        claims.push({ field, aspect: phrase.aspect, value: phrase.value, quote: phrase.quote, origin: "table", location });
    }
    index = rowIndex - 1;
  }
  return { claims, tables };
}
