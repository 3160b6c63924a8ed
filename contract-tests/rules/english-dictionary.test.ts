import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { builtChecker, englishChecker, type SpellChecker } from "./english-dictionary.js";
import { projectWords } from "./spelling.js";

const cacheDir = mkdtempSync(join(tmpdir(), "spelling-index-"));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

/** A repeatable stream of numbers below `n`. */
function numbers(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
}

describe("english-dictionary: nspell's answers from the kept index are nspell's own", () => {
  const whole = builtChecker();
  const words = Object.keys((whole as unknown as { data: Record<string, string[]> }).data);

  it("writes the index on the first call, reads it on the next, and answers correct() and suggest() as nspell built whole does", () => {
    const first = englishChecker(cacheDir);
    expect(readdirSync(cacheDir)).toEqual([expect.stringMatching(/^[0-9a-f]{32}\.txt$/)]);
    const indexed = englishChecker(cacheDir);
    expect(indexed).not.toBe(first);
    const checkers: SpellChecker[] = [whole, first, indexed];
    for (const checker of checkers) for (const word of projectWords()) checker.add(word);

    const next = numbers(20261201);
    const letters = "abcdefghijklmnopqrstuvwxyz'";
    const samples = new Set(["defauted", "mutiple", "multiple", "Hello", "HELLO", "1st", "21st", "111th", "12nd", "constructor", "__proto__", "toString", "ModelsLab", "webhook", "isn't", "img2video", ...projectWords()]);
    for (let i = 0; i < 1500; i++) {
      const word = words[next(words.length)]!;
      const at = next(word.length + 1);
      samples.add(word);
      samples.add(word.toUpperCase());
      samples.add(`${word[0]!.toUpperCase()}${word.slice(1)}`);
      samples.add(`${word.slice(0, at)}${letters[next(letters.length)]}${word.slice(at + 1)}`); // a letter replaced
      samples.add(`${word.slice(0, at)}${word.slice(at + 1)}`); // a letter dropped
    }
    const answers = (checker: SpellChecker) => [...samples].map((word) => checker.correct(word));
    expect(answers(indexed)).toEqual(answers(whole));
    expect(answers(indexed).filter(Boolean).length).toBeGreaterThan(1500);
    expect(answers(indexed).filter((known) => !known).length).toBeGreaterThan(1500);

    const asked = [...samples].filter((_, index) => index % 150 === 0).concat(["defauted", "mutiple"]);
    const suggestions = (checker: SpellChecker) => asked.map((word) => checker.suggest(word));
    expect(suggestions(indexed)).toEqual(suggestions(whole));
    expect(indexed.suggest("defauted")[0]).toBe("defaulted");
  });

  it("answers from nspell built whole where the index cannot be written (the run still checks)", () => {
    const notADirectory = join(cacheDir, "taken");
    writeFileSync(notADirectory, "a file where the index's folder would be\n");
    const checker = englishChecker(notADirectory);
    expect([checker.correct("multiple"), checker.correct("mutiple"), checker.suggest("mutiple")[0]]).toEqual([true, false, "multiple"]);
    expect(readFileSync(notADirectory, "utf8")).toBe("a file where the index's folder would be\n");
  });
});
