/**
 * The spelling rule's answers, asked once per word in a process (spelling.ts): the same pages give
 * the same findings however often they are checked, and a word added to the word list changes the
 * answers from then on, though the dictionary was asked before.
 */
import { describe, expect, it } from "vitest";
import { fixtureContext, specDocument } from "../test-support/check-context-fixture.js";
import { checkSpelling, projectWords } from "./spelling.js";

const page = (text: string) =>
  fixtureContext(
    [{ file: "fixture-spelling.md", format: "markdown", endpoint: "POST https://modelslab.com/api/v6/video/img2video", text }],
    [{ label: "fixture.yaml", document: specDocument("/video/img2video", { type: "object", properties: { prompt: { type: "string" } } }) }],
  );
const TEXT = "# Image to video\n\nSelect one of mutiple models to make the vidoe.\n\nA zorbleflax is made for each call.\n";
const messages = (words?: string[]) => checkSpelling(page(TEXT), words).map((draft) => [draft.message, draft.fix?.edits]);

describe("spelling, answered once per word", () => {
  it("finds the same typos, suggestions and edits however often the same page is checked", () => {
    const first = messages();
    expect(first.map(([message]) => message)).toEqual([
      '"mutiple" is not an English word nor a term of the project\'s word list (did it mean "multiple"?).',
      '"vidoe" is not an English word nor a term of the project\'s word list (did it mean "video"?).',
      expect.stringMatching(/^"zorbleflax" is not an English word nor a term of the project's word list/),
    ]);
    expect(messages()).toEqual(first);
  });

  it("asks again once a word is added to the word list: a zorbleflax then means the added zorbleflux", () => {
    const zorbleflax = (list: ReturnType<typeof messages>) => list.find(([message]) => String(message).startsWith('"zorbleflax"'));
    expect(zorbleflax(messages())?.[0]).not.toContain("zorbleflux");
    const withIt = messages([...projectWords(), "zorbleflux"]);
    expect(zorbleflax(withIt)?.[0]).toContain('(did it mean "zorbleflux"?)');
    expect(zorbleflax(withIt)?.[1]).toEqual([{ page: "fixture-spelling.md", line: 5, before: "zorbleflax", after: "zorbleflux" }]);
  });
});
