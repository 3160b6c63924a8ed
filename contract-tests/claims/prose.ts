/**
 * Statements in running text (outside code fences) about models, limits and where the
 * parameters go:
 *
 *   "Supported model_id are `wan2.2` and `ltx-2.3`. Any other models passed will be ignored
 *    and defauted to `wan2.2`"                      → model_id enum [wan2.2, ltx-2.3], default wan2.2
 *   "When the model_id is cogvideox, …"             → model_id enum [cogvideox]
 *   "**wan2.2**: Maximum resolution is **720p**"    → resolution maximum 720 (for model_id wan2.2)
 *   "pass the required parameters in the request body" → parameters go in the body
 */
import type { FieldClaim, PageLocationClaim } from "./claim.js";

function outsideFences(lines: string[]): number[] {
  const indexes: number[] = [];
  let fence: string | undefined;
  lines.forEach((line, index) => {
    const marker = line.match(/^ {0,3}(`{3,}|~{3,})/);
    if (marker?.[1]) {
      if (!fence) fence = marker[1];
      else if (marker[1][0] === fence[0] && marker[1].length >= fence.length) fence = undefined;
      return;
    }
    if (!fence) indexes.push(index);
  });
  return indexes;
}

const backticked = (text: string): string[] => [...text.matchAll(/`([^`]+)`/g)].map((match) => match[1]!);

export function proseClaims(pageText: string, page: string): { claims: FieldClaim[]; parameterLocations: PageLocationClaim[] } {
  const lines = pageText.split(/\r?\n/);
  const claims: FieldClaim[] = [];
  const parameterLocations: PageLocationClaim[] = [];
  for (const index of outsideFences(lines)) {
    const line = lines[index]!;
    const location = { page, line: index + 1 };
    const supported = line.match(/supported\s+(model_id|[a-z_]+)s?\s+(?:are|is)\s+([^.]*(?:\.\d[^.]*)*)/i);
    if (supported) {
      const values = backticked(supported[2]!);
      if (values.length > 0) claims.push({ field: supported[1]!, aspect: "enum", value: values, quote: supported[0].trim(), origin: "prose", location });
    }
    const fallback = line.match(/defa\w*ed\s+to\s+`([^`]+)`/i);
    if (fallback && supported) claims.push({ field: supported[1]!, aspect: "default", value: fallback[1]!, quote: fallback[0], origin: "prose", location });
    const named = line.match(/\bwhen\s+the\s+(model_id)\s+is\s+`?([\w.-]*\w)`?/i);
    if (named) claims.push({ field: named[1]!, aspect: "enum", value: [named[2]!], quote: named[0].trim(), origin: "prose", location });
    for (const limit of line.matchAll(/(?:\*\*([\w.-]+)\*\*:\s*)?maximum\s+([a-z_]+)\s+is\s+\**(\d+(?:\.\d+)?)p?\**/gi)) {
      claims.push({
        field: limit[2]!.toLowerCase(),
        aspect: "maximum",
        value: Number(limit[3]),
        quote: limit[0].replace(/\*\*/g, "").trim(),
        origin: "prose",
        location,
        ...(limit[1] ? { condition: `model_id ${limit[1]}` } : {}),
      });
    }
    const body = line.match(/[^.]*\bin\s+the\s+request\s+(body|query(?:\s+string)?)\b[^.]*/i);
    if (body) parameterLocations.push({ location, in: /^body$/i.test(body[1]!) ? "body" : "query", quote: body[0].trim() });
  }
  return { claims, parameterLocations };
}
