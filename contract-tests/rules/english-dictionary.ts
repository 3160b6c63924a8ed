/**
 * Hunspell's English dictionary (dictionary-en) as nspell reads it, for the spelling rule, without
 * expanding its affixes at every run. nspell turns the dictionary's 49,000 stems into 124,000
 * words when it is built (a third to half a second, the rule's whole cost); the spelling rule then
 * asks about a few hundred of them. So the words nspell builds are kept, once, as a sorted index
 * in node_modules/.cache/modelslab-spelling/<sha256 of the dictionary and nspell's version>.txt,
 * and later runs answer nspell's own `correct` and `suggest` from it: an nspell built from the
 * affix file alone, whose word table looks each word up in the index (a binary search over the
 * file's text) instead of holding them all. Its answers are nspell's, word for word: the index is
 * what nspell built (every word with its flags, the compound rules' words), read back as it was.
 * Where the index cannot be written or read (no node_modules, the packaged check), nspell is
 * built whole, as before.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import dictionary from "dictionary-en";
import nspell from "nspell";
import { PROJECT_ROOT } from "../../scripts/layout.js";

export type SpellChecker = ReturnType<typeof nspell>;

/** Where the index is kept. */
export const SPELLING_CACHE = join(PROJECT_ROOT, "node_modules", ".cache", "modelslab-spelling");
/** Bumped when the index's layout changes. */
const FORMAT = "nspell-index 1";

/** The parts of an nspell instance the dictionary fills (the rest comes from the affix file). */
interface NSpellState {
  data: Record<string, string[]>;
  compoundRuleCodes: Record<string, string[]>;
  compoundRules: RegExp[];
}

/** The index's name for this dictionary and nspell, or undefined when nspell's version cannot be read (a bundled nspell). */
function indexKey(): string | undefined {
  let nspellVersion: string;
  try {
    nspellVersion = (JSON.parse(readFileSync(createRequire(import.meta.url).resolve("nspell/package.json"), "utf8")) as { version: string }).version;
  } catch {
    return undefined;
  }
  return createHash("sha256").update(`${FORMAT}\nnspell ${nspellVersion}\n`).update(dictionary.aff).update("\n").update(dictionary.dic).digest("hex").slice(0, 32);
}

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The index of a built nspell: a first line of JSON (the compound rules' words and expressions),
 * then one line per word, sorted by code units: the word, a tab, its flags as JSON.
 */
function indexText(built: SpellChecker): string | undefined {
  const state = built as unknown as NSpellState;
  const words = Object.keys(state.data).sort(byCodeUnits);
  if (words.some((word) => /[\t\n\r]/.test(word))) return undefined; // a word a line could not hold
  const head = JSON.stringify({ compoundRuleCodes: state.compoundRuleCodes, compoundRules: state.compoundRules.map((rule) => [rule.source, rule.flags]) });
  return `${head}\n${words.map((word) => `${word}\t${JSON.stringify(state.data[word])}`).join("\n")}\n`;
}

/**
 * A word table over an index's text: what nspell's `data` object answers (a word's flags, or
 * undefined), each word's flags one array kept once read (nspell adds to them in place), words
 * added to it kept beside the index.
 */
function indexedTable(text: string, start: number): Record<string, string[]> {
  const lineStarts: number[] = [];
  for (let at = start; at < text.length; at = text.indexOf("\n", at) + 1) lineStarts.push(at);
  const read = new Map<string, string[] | undefined>();
  const lookUp = (word: string): string[] | undefined => {
    if (read.has(word)) return read.get(word);
    let low = 0;
    let high = lineStarts.length - 1;
    let found: string[] | undefined;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const at = lineStarts[middle]!;
      const tab = text.indexOf("\t", at);
      const order = byCodeUnits(text.slice(at, tab), word);
      if (order === 0) {
        found = JSON.parse(text.slice(tab + 1, text.indexOf("\n", tab))) as string[];
        break;
      }
      if (order < 0) low = middle + 1;
      else high = middle - 1;
    }
    read.set(word, found);
    return found;
  };
  return new Proxy(Object.create(null) as Record<string, string[]>, {
    get: (_, key) => (typeof key === "string" ? lookUp(key) : undefined),
    has: (_, key) => typeof key === "string" && lookUp(key) !== undefined,
    set: (_, key, value: string[]) => {
      if (typeof key !== "string") return false;
      read.set(key, value);
      return true;
    },
  });
}

/** nspell from the affix file, with the index's words: the same answers as nspell built from the whole dictionary. */
function indexedChecker(text: string): SpellChecker {
  const headEnd = text.indexOf("\n");
  const head = JSON.parse(text.slice(0, headEnd)) as { compoundRuleCodes: Record<string, string[]>; compoundRules: [string, string][] };
  const checker = nspell({ aff: Buffer.from(dictionary.aff) });
  const state = checker as unknown as NSpellState;
  state.data = indexedTable(text, headEnd + 1);
  state.compoundRuleCodes = head.compoundRuleCodes;
  state.compoundRules = head.compoundRules.map(([source, flags]) => new RegExp(source, flags));
  return checker;
}

/** nspell built whole from dictionary-en, as nspell builds it. */
export function builtChecker(): SpellChecker {
  return nspell({ aff: Buffer.from(dictionary.aff), dic: Buffer.from(dictionary.dic) });
}

/**
 * An nspell of dictionary-en: from the index when one is kept (written first, from nspell built
 * whole, when none is), else built whole. `cacheDir: false` always builds it whole.
 */
export function englishChecker(cacheDir: string | false = SPELLING_CACHE): SpellChecker {
  const key = cacheDir === false ? undefined : indexKey();
  if (cacheDir === false || key === undefined) return builtChecker();
  const file = join(cacheDir, `${key}.txt`);
  try {
    return indexedChecker(readFileSync(file, "utf8"));
  } catch {
    // no index yet (or one cut short): build nspell whole and keep its words
  }
  const built = builtChecker();
  const text = indexText(built);
  if (text !== undefined) {
    try {
      mkdirSync(cacheDir, { recursive: true });
      const staging = `${file}.${process.pid}.tmp`;
      writeFileSync(staging, text);
      renameSync(staging, file);
    } catch {
      // a read-only node_modules only costs the next run its shortcut
    }
  }
  return built;
}
