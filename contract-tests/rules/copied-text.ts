/**
 * Rule copied-text: words copied from another product's page — an image-to-video page whose
 * image is captioned "Text to video endpoint result". What the page shows then names an endpoint
 * it is not. The fix names the page's own product.
 */
import type { CheckContext } from "./check-context.js";
import type { FindingDraft } from "./finding.js";
import { defined, lineEdit } from "./page-edits.js";

/** Products of the API a page can name; each page documents one (its endpoint's). */
const PRODUCTS = [
  { name: "Text to video", pattern: /\btext[ -]to[ -]video\b/i, endpoint: /text2video/ },
  { name: "Image to video", pattern: /\bimage[ -]to[ -]video\b/i, endpoint: /img2video|image-to-video|image_to_video/ },
  { name: "Video to video", pattern: /\bvideo[ -]to[ -]video\b/i, endpoint: /video2video/ },
];

/** Lines that caption or title what the page shows (alt text, headings, the title), not lists of what an API does. */
const CAPTION = /alt="([^"]*)"|!\[([^\]]*)\]|^#+\s+(.*)$/;

export function checkCopiedText(context: CheckContext): FindingDraft[] {
  const drafts: FindingDraft[] = [];
  for (const unit of context.pages) {
    const own = PRODUCTS.find((product) => product.endpoint.test(unit.spec.endpoint));
    if (!own) continue;
    const lines = context.lines.get(unit.page.file) ?? [];
    lines.forEach((text, index) => {
      const caption = text.match(CAPTION);
      const words = caption?.[1] ?? caption?.[2] ?? caption?.[3];
      if (!words) return;
      for (const other of PRODUCTS.filter((product) => product !== own)) {
        const found = words.match(other.pattern)?.[0];
        if (!found) continue;
        const replacement = found[0] === found[0]!.toUpperCase() ? own.name : own.name.toLowerCase();
        drafts.push({
          rule: "copied-text",
          severity: "warning",
          endpoints: [unit.spec.endpoint],
          field: "(prose)",
          aspect: "copied-text",
          cause: JSON.stringify(["copied-text", unit.page.file, words]),
          message: `${unit.page.file} documents ${own.name.toLowerCase()} (${unit.spec.endpoint}) but shows "${words}", which names ${other.name.toLowerCase()}.`,
          statements: [{ role: "prose", location: { page: unit.page.file, line: index + 1 }, says: `shows "${words}"` }],
          fix: {
            follows: `the page's own endpoint (${unit.spec.endpoint}, ${own.name.toLowerCase()})`,
            why: `The page documents ${unit.spec.endpoint}; "${found}" is another product's name.`,
            edits: defined([lineEdit(context, unit.page.file, index + 1, found, replacement)]),
          },
        });
      }
    });
  }
  return drafts;
}
