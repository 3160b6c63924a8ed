/**
 * Rule spelling: typos in the words of the pages (prose, table descriptions, <ParamField> text,
 * the descriptions of an OpenAPI block), checked with Hunspell's English dictionary (nspell,
 * dictionary-en, read through english-dictionary.ts) and the project's word list
 * (contract-tests/words.txt). Code, URLs, JSON, identifiers and acronyms are not words. One finding per misspelled word, listing every line
 * that has it, with the dictionary's first suggestion as the fix. Warnings.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../scripts/layout.js";
import type { CheckContext } from "./check-context.js";
import { englishChecker, type SpellChecker } from "./english-dictionary.js";
import type { FindingDraft, PageEdit, Statement } from "./finding.js";
import { lineEdit } from "./page-edits.js";

/** The project's word list (under the project root, where the packaged check finds it too). */
export const WORD_LIST = join(PROJECT_ROOT, "contract-tests", "words.txt");

export function projectWords(file = WORD_LIST): string[] {
  return readFileSync(file, "utf8")
    .split(/\r?\n/)
    .map((line) => line.replace(/#.*/, "").trim())
    .filter(Boolean);
}

/** What the dictionary answers about a word: whether it is one, and its suggestions. */
interface SpellAnswers {
  correct(word: string): boolean;
  suggest(word: string): string[];
}

/**
 * The dictionary with the project's words added, and its answers by word: every contract run asks
 * about the same few hundred words of mostly the same pages (nspell's `suggest` is the rule's
 * slowest step), so each word is asked once per process. Adding a word the checker did not hold
 * forgets the answers, which it can change.
 */
let checker: SpellChecker | undefined;
const added = new Set<string>();
const correct = new Map<string, boolean>();
const suggestions = new Map<string, string[]>();
function spellChecker(words: readonly string[]): SpellAnswers {
  checker ??= englishChecker();
  for (const word of words) {
    if (added.has(word)) continue;
    checker.add(word);
    added.add(word);
    correct.clear();
    suggestions.clear();
  }
  const spell = checker;
  return {
    correct(word) {
      let known = correct.get(word);
      if (known === undefined) correct.set(word, (known = spell.correct(word)));
      return known;
    },
    suggest(word) {
      let known = suggestions.get(word);
      if (known === undefined) suggestions.set(word, (known = spell.suggest(word)));
      return [...known];
    },
  };
}

/** The lines of a page that hold words: not code, JSON, YAML keys or tags. */
function proseLines(lines: readonly string[]): { line: number; text: string }[] {
  const result: { line: number; text: string }[] = [];
  let fence: string | undefined;
  lines.forEach((raw, index) => {
    const marker = raw.match(/^ {0,3}(`{3,}|~{3,})/);
    if (marker?.[1]) {
      fence = fence ? (marker[1][0] === fence[0] && marker[1].length >= fence.length ? undefined : fence) : marker[1];
      return;
    }
    let text = raw;
    if (fence) {
      // Inside an OpenAPI block only descriptions and summaries are words.
      const described = raw.match(/^\s+(?:description|summary|title):\s*(?:>-?\s*)?(.*)$/);
      if (!described) return;
      text = described[1]!;
    }
    if (/^\s*[{"\]}]|^\s*(var|fetch|\.then|\.catch|method:|headers:|body:|redirect:|myHeaders)\b|--request\b|JSON\.stringify/.test(text)) return;
    result.push({ line: index + 1, text });
  });
  return result;
}

/** The words of a line: URLs, inline code, tags, entities, identifiers and acronyms removed. */
export function wordsOf(text: string): string[] {
  const cleaned = text
    .replace(/`[^`]*`/g, " ")
    .replace(/<[^>]*>/g, " ")
    .replace(/\]\([^)]*\)/g, "] ")
    .replace(/\bhttps?:\/\/\S+/g, " ")
    .replace(/&#?\w+;/g, " ")
    .replace(/\{[^}]*\}/g, " ");
  return cleaned
    .split(/[\s/|,;:()[\]*!?"“”…]+/)
    .map((token) => token.replace(/^[^A-Za-z]+|[^A-Za-z]+$/g, ""))
    .filter((token) => /^[A-Za-z][a-z]+(?:'[a-z]+)?$/.test(token) || /^[A-Z][a-z]+$/.test(token))
    .filter((token) => token.length > 2);
}

export function checkSpelling(context: CheckContext, words: readonly string[] = projectWords()): FindingDraft[] {
  const spell = spellChecker(words);
  const known = new Set(words.map((word) => word.toLowerCase()));
  const occurrences = new Map<string, { page: string; line: number; endpoint: string }[]>();
  for (const unit of context.pages) {
    for (const { line, text } of proseLines(context.lines.get(unit.page.file) ?? [])) {
      // A flattened table row runs the parameter's name into its description ("resolutionthe resolution…").
      const row = unit.claims.fields.find((c) => c.aspect === "documented" && c.origin === "table" && c.location.line === line && text.trimStart().startsWith(c.field));
      for (const word of wordsOf(row ? text.trimStart().slice(row.field.length) : text)) {
        if (known.has(word.toLowerCase()) || spell.correct(word) || spell.correct(word.toLowerCase())) continue;
        const list = occurrences.get(word) ?? [];
        if (!list.some((o) => o.page === unit.page.file && o.line === line)) list.push({ page: unit.page.file, line, endpoint: unit.spec.endpoint });
        occurrences.set(word, list);
      }
    }
  }
  return [...occurrences].map(([word, places]): FindingDraft => {
    const suggestion = spell.suggest(word)[0];
    const statements: Statement[] = places.map(({ page, line }) => ({ role: "prose", location: { page, line }, says: `"${word}"` }));
    const edits = suggestion ? places.map(({ page, line }) => lineEdit(context, page, line, word, suggestion)).filter((edit): edit is PageEdit => edit !== undefined) : [];
    return {
      rule: "spelling",
      severity: "warning",
      endpoints: [...new Set(places.map((p) => p.endpoint))],
      field: "(prose)",
      aspect: "spelling",
      cause: JSON.stringify(["spelling", word]),
      message: `"${word}" is not an English word nor a term of the project's word list${suggestion ? ` (did it mean "${suggestion}"?)` : ""}.`,
      statements,
      fix: {
        follows: suggestion ? `the dictionary ("${suggestion}")` : "the dictionary",
        why: suggestion ? "A typo; the English dictionary's first suggestion fits." : "No suggestion: a term the docs use belongs in contract-tests/words.txt.",
        edits,
      },
    };
  });
}
