/**
 * Rule model-pages: the v7 model pages (the models snapshot, openapi/upstream/v7-models.json)
 * against each other and against the v7 page, which documents the endpoint for every model:
 *
 * - audio-duration: the v7 page's audio text names the durations audio is cut to ("5 or 10
 *   seconds") while a model that takes init_audio asks for another duration;
 * - init-image-list: a model takes init_image as a list of URLs while the v7 page documents one
 *   image and says nothing of a list;
 * - spelling: one value written two ways across the pages (`720p` and `720P`), with no page
 *   saying the API takes both.
 *
 * Each is a docs finding with a suggested fix: the v7 page's text where it speaks for every model,
 * the model pages' value (in their transcription's lines, the place the model page's editors find
 * it by its URL) where one page differs from the others.
 */
import type { ModelsSnapshot } from "../../scripts/v7-models.js";
import type { JsonValue } from "../claims/claim.js";
import type { CheckContext, PageUnderCheck } from "./check-context.js";
import type { FindingDraft, PageEdit, Statement } from "./finding.js";

export interface ModelsUnderCheck {
  /** The snapshot file, as the manifest names it (v7-models.json). */
  file: string;
  snapshot: ModelsSnapshot;
  /** The snapshot's text, for the line of each statement. */
  text: string;
}

/** Where each model's entry, its parameters' properties and its example's fields stand in the snapshot. */
function snapshotLines(models: ModelsUnderCheck) {
  const lines = models.text.split("\n");
  const starts = models.snapshot.models.map((model) => lines.findIndex((line) => line === `      "model_id": ${JSON.stringify(model.model_id)},`));
  const blockOf = (index: number) => {
    const start = starts[index]!;
    const next = starts.filter((each) => each > start).sort((a, b) => a - b)[0] ?? lines.length;
    return { start, end: next };
  };
  /** 1-based line of `needle` in model `index`'s block, after the line holding `after` (when given); 0 when absent. */
  const lineIn = (index: number, needle: (line: string) => boolean, after?: (line: string) => boolean): number => {
    const { start, end } = blockOf(index);
    if (start < 0) return 0;
    let from = start;
    if (after) {
      const at = lines.slice(start, end).findIndex(after);
      if (at < 0) return 0;
      from = start + at;
    }
    const found = lines.slice(from, end).findIndex(needle);
    return found < 0 ? 0 : from + found + 1;
  };
  return {
    lines,
    entry: (index: number) => (starts[index]! >= 0 ? starts[index]! + 1 : 0),
    /** The line of a property of the model's parameters (`"duration": {`). */
    property: (index: number, field: string) => lineIn(index, (line) => line.trimStart().startsWith(`${JSON.stringify(field)}: {`), (line) => line.trimStart().startsWith('"parameters": {')),
    /** The line of a field of the model's example body (`"duration": "15"`). */
    example: (index: number, field: string) => lineIn(index, (line) => line.trimStart().startsWith(`${JSON.stringify(field)}: `), (line) => line.trimStart().startsWith('"example": {')),
    /** The line holding `text` inside the model's property `field` (its examples list, its enum). */
    inProperty: (index: number, field: string, text: string) =>
      lineIn(index, (line) => line.includes(text), (line) => line.trimStart().startsWith(`${JSON.stringify(field)}: {`)),
  };
}

const V7_FAMILY = "v7";

function v7Page(context: CheckContext): PageUnderCheck | undefined {
  return context.pages.find((unit) => unit.page.family === V7_FAMILY);
}

/** The words the v7 page's parameter table gives a field, with their line. */
function tableText(unit: PageUnderCheck, field: string): { quote: string; line: number } | undefined {
  const claim = unit.claims.fields.find((each) => each.field === field && each.aspect === "description" && each.origin === "table");
  return claim ? { quote: claim.quote, line: claim.location.line } : undefined;
}

/** A model's values of a field: its enum, else the value its page's example sends. */
function valuesOf(model: ModelsSnapshot["models"][number], field: string): string[] {
  const property = model.parameters.properties[field];
  if (property && Array.isArray(property.enum)) return property.enum.map(String);
  const example = model.example?.[field];
  return typeof example === "string" ? [example] : [];
}

function takesList(property: Record<string, unknown> | undefined): boolean {
  if (!property) return false;
  if (property.type === "array" || (Array.isArray(property.type) && property.type.includes("array"))) return true;
  return Array.isArray(property.oneOf) && property.oneOf.some((branch) => typeof branch === "object" && branch !== null && (branch as { type?: unknown }).type === "array");
}

export function checkModelPages(context: CheckContext, models: ModelsUnderCheck | undefined): FindingDraft[] {
  const unit = v7Page(context);
  if (!unit || !models) return [];
  const endpoint = unit.spec.endpoint;
  const page = unit.page.file;
  const at = snapshotLines(models);
  const drafts: FindingDraft[] = [];
  const modelStatement = (index: number, line: number, says: string): Statement => ({ role: "example", location: { page: models.file, line: line || at.entry(index) }, says });

  // audio-duration: "(5 or 10 seconds)" on the v7 page against a model with another duration.
  const audio = tableText(unit, "init_audio");
  const named = audio?.quote.match(/\((\d+) or (\d+) seconds\)/);
  if (audio && named) {
    const stated = [named[1]!, named[2]!];
    const differing = models.snapshot.models
      .map((model, index) => ({ model, index, values: valuesOf(model, "duration") }))
      .filter(({ model, values }) => "init_audio" in model.parameters.properties && values.some((value) => !stated.includes(value)));
    const pageLine = context.lines.get(page)?.[audio.line - 1] ?? "";
    const before = `the duration value (${stated[0]} or ${stated[1]} seconds), the first ${stated[0]} or ${stated[1]} seconds are`;
    if (differing.length > 0 && pageLine.includes(before))
      drafts.push({
        rule: "model-pages",
        severity: "warning",
        endpoints: [endpoint],
        field: "init_audio",
        aspect: "audio-duration",
        message: `The v7 page says audio longer than the video is cut to its first ${stated[0]} or ${stated[1]} seconds (init_audio), but ${differing
          .map(({ model, values }) => `${model.model_id} asks for a duration of ${values.map((value) => JSON.stringify(value)).join(" or ")}`)
          .join("; ")}: the audio is cut to the video's duration, which is not ${stated[0]} or ${stated[1]} seconds for every model.`,
        statements: [
          { role: "table", location: { page, line: audio.line }, says: `init_audio: audio is cut to the first ${stated[0]} or ${stated[1]} seconds` },
          ...differing.map(({ model, index, values }) => modelStatement(index, at.example(index, "duration") || at.property(index, "duration"), `${model.model_id} (${model.page}): duration ${values.map((value) => JSON.stringify(value)).join(", ")}`)),
        ],
        fix: {
          follows: "each model's own duration",
          why: `The audio is cut to the video's length; ${stated[0]} and ${stated[1]} are wan2.6-i2v's durations, and the v7 page documents the endpoint for every model.`,
          edits: [{ page, line: audio.line, before, after: "the duration value, the first duration seconds are" }],
        },
      });
  }

  // init-image-list: a model takes a list of images; the v7 page documents one and no list.
  const image = tableText(unit, "init_image");
  const lists = models.snapshot.models.map((model, index) => ({ model, index })).filter(({ model }) => takesList(model.parameters.properties.init_image));
  const example = unit.claims.examples.find((each) => each.kind === "request" && typeof each.body.init_image === "string");
  if (image && lists.length > 0 && !/\b(list|array)\b/i.test(image.quote)) {
    const before = image.quote.replace(/\s*\|?\s*$/, "");
    const pageLine = context.lines.get(page)?.[image.line - 1] ?? "";
    if (pageLine.includes(before))
      drafts.push({
        rule: "model-pages",
        severity: "warning",
        endpoints: [endpoint],
        field: "init_image",
        aspect: "init-image-list",
        message: `${lists.map(({ model }) => model.model_id).join(", ")} take${lists.length === 1 ? "s" : ""} init_image as a list of image URLs, but the v7 page documents one image (its example sends a string) and says nothing of a list.`,
        statements: [
          { role: "table", location: { page, line: image.line }, says: "init_image: one image" },
          ...(example ? [{ role: "example" as const, location: { page, line: example.fieldLines.init_image ?? example.location.line }, says: "init_image: a string" }] : []),
          ...lists.map(({ model, index }) => modelStatement(index, at.property(index, "init_image"), `${model.model_id} (${model.page}): init_image a list of URLs`)),
        ],
        fix: {
          follows: "the model pages and the client: init_image is a URL, or a list of URLs for a multi-image model",
          why: "The v7 page documents the endpoint for every model; a multi-image model's page sends a list.",
          edits: [{ page, line: image.line, before, after: `${before}: a URL, or a list of URLs for a multi-image model (${lists.map(({ model }) => model.model_id).join(", ")})` }],
        },
      });
  }

  // spelling: one value written two ways (720p, 720P) across the v7 page and the model pages.
  const v7Example = unit.claims.examples.find((each) => each.kind === "request" && typeof each.body.resolution === "string");
  const spellings = new Map<string, { spelling: string; where: "v7" | number }[]>();
  const note = (value: JsonValue | undefined, where: "v7" | number) => {
    if (typeof value !== "string") return;
    const key = value.toLowerCase();
    spellings.set(key, [...(spellings.get(key) ?? []), { spelling: value, where }]);
  };
  note(v7Example?.body.resolution, "v7");
  models.snapshot.models.forEach((model, index) => {
    for (const value of valuesOf(model, "resolution")) note(value, index);
    const examples = model.parameters.properties.resolution?.examples;
    if (Array.isArray(examples)) for (const value of examples) if (!valuesOf(model, "resolution").includes(String(value))) note(String(value), index);
  });
  for (const [, uses] of spellings) {
    const forms = [...new Set(uses.map((use) => use.spelling))];
    if (forms.length < 2) continue;
    const count = (form: string) => uses.filter((use) => use.spelling === form).length;
    const v7Form = uses.find((use) => use.where === "v7")?.spelling;
    const kept = [...forms].sort((a, b) => count(b) - count(a) || (a === v7Form ? -1 : b === v7Form ? 1 : a.localeCompare(b)))[0]!;
    const others = uses.filter((use) => use.spelling !== kept && use.where !== "v7") as { spelling: string; where: number }[];
    const edits: PageEdit[] = [];
    for (const use of others) {
      for (const line of [at.example(use.where, "resolution"), at.inProperty(use.where, "resolution", JSON.stringify(use.spelling))])
        if (line > 0 && at.lines[line - 1]!.includes(JSON.stringify(use.spelling)) && !edits.some((edit) => edit.line === line))
          edits.push({ page: models.file, line, before: JSON.stringify(use.spelling), after: JSON.stringify(kept) });
    }
    if (edits.length === 0 || uses.some((use) => use.where === "v7" && use.spelling !== kept)) continue;
    drafts.push({
      rule: "model-pages",
      severity: "warning",
      endpoints: [endpoint],
      field: "resolution",
      aspect: "spelling",
      message: `resolution is written ${forms.map((form) => JSON.stringify(form)).join(" and ")} across the v7 model pages (${uses
        .map((use) => `${use.where === "v7" ? "the v7 page" : models.snapshot.models[use.where]!.model_id}: ${JSON.stringify(use.spelling)}`)
        .join(", ")}), and no page says whether the API takes both.`,
      statements: [
        ...(v7Example ? [{ role: "example" as const, location: { page, line: v7Example.fieldLines.resolution ?? v7Example.location.line }, says: `resolution ${JSON.stringify(v7Example.body.resolution)}` }] : []),
        ...uses
          .filter((use): use is { spelling: string; where: number } => use.where !== "v7")
          .map((use) => modelStatement(use.where, at.example(use.where, "resolution") || at.property(use.where, "resolution"), `${models.snapshot.models[use.where]!.model_id} (${models.snapshot.models[use.where]!.page}): resolution ${JSON.stringify(use.spelling)}`)),
      ],
      fix: {
        follows: `the spelling most pages use, as the v7 page writes it (${JSON.stringify(kept)})`,
        why: "One value, one spelling: a client copying a page's example should not wonder whether the case matters.",
        edits,
      },
    });
  }
  return drafts;
}
