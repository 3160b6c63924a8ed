/** Everything one upstream page documents, read with the parsers its format needs. */
import type { PageFormat } from "../../scripts/manifest.js";
import { ReadsByText } from "../../scripts/yaml-io.js";
import type { PageClaims } from "./claim.js";
import { flattenedTableClaims } from "./flattened-table.js";
import { jsonExamples } from "./json-examples.js";
import { markdownTableClaims } from "./markdown-table.js";
import { paramFieldClaims } from "./param-fields.js";
import { proseClaims } from "./prose.js";

/**
 * Claims by the page's text, name, format and the known names (in their order): the contract
 * check's runs on copies of the docs read mostly unchanged pages. Each caller gets a copy of its own.
 */
const readClaims = new ReadsByText<PageClaims>(64);

/**
 * @param knownFields parameter names the specs use, so a flattened table row whose
 *   description starts in lower case still splits at the right place.
 */
export function readPageClaims(pageText: string, page: string, format: PageFormat, knownFields: ReadonlySet<string>): PageClaims {
  return readClaims.read(JSON.stringify([page, format, [...knownFields]]), pageText, () => claimsOf(pageText, page, format, knownFields));
}

function claimsOf(pageText: string, page: string, format: PageFormat, knownFields: ReadonlySet<string>): PageClaims {
  const prose = proseClaims(pageText, page);
  const examples = jsonExamples(pageText, page);
  const lists = format === "text" ? [flattenedTableClaims(pageText, page, knownFields), markdownTableClaims(pageText, page)] : [markdownTableClaims(pageText, page)];
  const paramFields = paramFieldClaims(pageText, page);
  const tables = lists.flatMap((list) => list.tables);
  const parameterList = [...tables, ...paramFields.lists].sort((a, b) => a.line - b.line)[0];
  return {
    page,
    fields: [...prose.claims, ...lists.flatMap((list) => list.claims), ...paramFields.claims],
    examples,
    parameterLocations: prose.parameterLocations,
    ...(parameterList ? { parameterList } : {}),
  };
}
