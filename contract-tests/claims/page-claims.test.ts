import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { layoutOf } from "../../scripts/layout.js";
import { jsonExamples } from "./json-examples.js";
import { limitPhrases } from "./limit-phrases.js";
import { readPageClaims } from "./page-claims.js";

const upstream = (file: string) => readFileSync(join(layoutOf().upstreamDir, file), "utf8");
const ULTRA_FIELDS = new Set(["key", "prompt", "init_image", "negative_prompt", "seed", "resolution", "num_frames", "num_inference_steps", "guidance_scale", "fps", "portrait", "sample_shift", "base64", "temp", "webhook", "track_id"]);

describe("limit phrases", () => {
  it("reads the ways the pages state defaults and limits", () => {
    expect(limitPhrases("Number of denoising steps. Default is 20. Maximum is 25.Integer (Default: 20, Max: 25).")).toEqual([
      { aspect: "default", value: 20, quote: "Default is 20" },
      { aspect: "maximum", value: 25, quote: "Maximum is 25" },
    ]);
    expect(limitPhrases("Minimum is 0.0, maximum is 8.0min: 0.0, max: 8.0").map((p) => [p.aspect, p.value])).toEqual([
      ["maximum", 8],
      ["minimum", 0],
    ]);
    expect(limitPhrases("Defaults to false.The default is false. (TRUE or FALSE)")).toEqual([{ aspect: "default", value: false, quote: "Defaults to false" }]);
    expect(limitPhrases("Should be less than num_framesMax 16")).toEqual([{ aspect: "maximum", value: 16, quote: "Max 16" }]);
    expect(limitPhrases("The number of CLIP layers to skip. Default: null.")).toEqual([]);
  });
});

describe("the legacy page's flattened table", () => {
  const claims = readPageClaims(upstream("v6-img2video-ultra-legacy.txt"), "v6-img2video-ultra-legacy.txt", "text", ULTRA_FIELDS);
  const about = (field: string) => claims.fields.filter((c) => c.field === field && c.aspect !== "documented").map((c) => [c.aspect, c.value, c.location.line]);

  it("splits rows into name, limits and type, with the row's line", () => {
    expect(about("num_inference_steps")).toEqual([
      ["type", ["integer"], 33],
      ["default", 20, 33],
      ["maximum", 25, 33],
    ]);
    expect(about("seed")).toEqual([["type", ["integer", "null"], 30]]);
    expect(about("base64")).toEqual([
      ["type", ["boolean"], 38],
      ["default", false, 38],
    ]);
  });

  it("splits a row whose description starts in lower case at a known name", () => {
    expect(about("resolution")).toEqual([["maximum", 480, 31]]);
    expect(claims.fields.filter((c) => c.aspect === "documented").map((c) => c.field)).toEqual([...ULTRA_FIELDS].filter((f) => f !== "model_id"));
    expect(claims.parameterList).toEqual({ page: "v6-img2video-ultra-legacy.txt", line: 25 });
  });

  it("reads the model id the prose names and both request examples and the response", () => {
    expect(claims.fields.find((c) => c.origin === "prose")).toMatchObject({ field: "model_id", aspect: "enum", value: ["cogvideox"], location: { line: 48 } });
    expect(claims.examples.map((e) => [e.kind, e.embedding, e.location.line])).toEqual([
      ["request", "text", 51],
      ["request", "stringify", 69],
      ["response", "text", 98],
    ]);
    expect(claims.examples[1]!.fieldLines.shift_sample).toBe(78);
    expect(claims.examples[0]!.body.num_inference_steps).toBe(31);
  });
});

describe("markdown pages", () => {
  it("reads the v6 page's prose, its fenced example and nothing of its embedded OpenAPI", () => {
    const claims = readPageClaims(upstream("v6-img2video.md"), "v6-img2video.md", "markdown-openapi", new Set());
    expect(claims.fields.map((c) => [c.field, c.aspect, c.value, c.location.line])).toEqual([
      ["model_id", "enum", ["wan2.2", "ltx-2.3"], 7],
      ["model_id", "default", "wan2.2", 7],
    ]);
    expect(claims.examples).toHaveLength(1);
    expect(claims.examples[0]).toMatchObject({ kind: "request", embedding: "fence", location: { line: 26 } });
    expect(claims.examples[0]!.fieldLines.model_id).toBe(29);
    expect(claims.parameterLocations.map((c) => [c.in, c.location.line])).toEqual([["body", 17]]);
  });

  it("reads a conditional limit in a note", () => {
    const claims = readPageClaims(upstream("v6-img2video-ultra.md"), "v6-img2video-ultra.md", "markdown-openapi", new Set());
    expect(claims.fields.find((c) => c.field === "resolution")).toMatchObject({ aspect: "maximum", value: 720, condition: "model_id wan2.2", location: { line: 40 } });
  });

  it("reads <ParamField> attributes, HTML entities and limits in the tag's text", () => {
    const claims = readPageClaims(upstream("v1-enterprise-img2video.md"), "v1-enterprise-img2video.md", "markdown", new Set());
    const of = (field: string) => claims.fields.filter((c) => c.field === field).map((c) => [c.aspect, c.value, c.location.line]);
    expect(of("output_type")).toEqual([
      ["documented", true, 81],
      ["location", "query", 81],
      ["type", ["string"], 81],
      ["enum", ["mp4", "gif", "base64"], 81],
      ["default", "mp4", 81],
      ["description", "The output type of the video. Options: mp4, gif, base64.", 81],
    ]);
    expect(of("model_id").filter(([aspect]) => aspect === "required")).toEqual([["required", true, 29]]);
    expect(of("init_image").filter(([aspect]) => aspect === "required")).toEqual([]);
    expect(of("num_frames").filter(([aspect]) => aspect === "maximum")).toEqual([
      ["maximum", 25, 53],
      ["maximum", 25, 54],
    ]);
    expect(of("noise_aug_strength").find(([aspect]) => aspect === "default")).toEqual(["default", 0.5, 73]);
    expect(claims.examples[0]!.body.base64).toBe(false);
  });

  it("reads the v7 Markdown table and its one-line JSON example", () => {
    const claims = readPageClaims(upstream("v7-video-fusion-image-to-video.txt"), "v7-video-fusion-image-to-video.txt", "text", new Set());
    expect(claims.fields.filter((c) => c.aspect === "documented").map((c) => [c.field, c.location.line])).toEqual([
      ["init_image", 16],
      ["init_audio", 17],
      ["prompt", 18],
      ["model_id", 19],
      ["duration", 20],
      ["resolution", 21],
    ]);
    expect(claims.examples[0]).toMatchObject({ kind: "request", location: { line: 8 }, body: { model_id: "wan2.6-i2v", duration: "5" } });
  });
});

describe("required-ness and nullable types", () => {
  it("reads a union type and a required flag from a <ParamField> tag, a null default included", () => {
    const page = '<ParamField body="track_id" type="integer | null" default="null" required>\n  Tracking id.\n</ParamField>';
    const claims = readPageClaims(page, "p.md", "markdown", new Set());
    expect(claims.fields.filter((c) => ["type", "required", "default"].includes(c.aspect)).map((c) => [c.aspect, c.value])).toEqual([
      ["type", ["integer", "null"]],
      ["required", true],
      ["default", null],
    ]);
  });

  it("reads a table row whose description starts with Required, and a flattened row typed 'string or null'", () => {
    const table = ["| Field Name | Parameter | Technical Description |", "|---|---|---|", "| Model | model_id | Required. The model. |", "| Prompt | prompt | The prompt. |"].join("\n");
    expect(readPageClaims(table, "p.txt", "text", new Set()).fields.filter((c) => c.aspect === "required").map((c) => c.field)).toEqual(["model_id"]);
    const flattened = ["ParameterDescriptionValues", "track_idA unique ID.string or null"].join("\n");
    expect(readPageClaims(flattened, "p.txt", "text", new Set(["track_id"])).fields.find((c) => c.aspect === "type")?.value).toEqual(["string", "null"]);
  });
});

describe("JSON examples", () => {
  it("finds JSON in JavaScript, keeps braces inside strings and skips what is not JSON", () => {
    const page = ['const raw = JSON.stringify({"prompt": "a {curly} cat",', '"n": 2});', "{ not json }", "Response", '{"status": "success"}'].join("\n");
    expect(jsonExamples(page, "p").map((e) => [e.kind, e.location.line, e.body])).toEqual([
      ["request", 1, { prompt: "a {curly} cat", n: 2 }],
      ["response", 5, { status: "success" }],
    ]);
  });
});

describe("prose", () => {
  it("reads a dotted model id up to its end", () => {
    const claims = readPageClaims("When the model_id is wan2.2, the request json looks like so,", "p.txt", "text", new Set());
    expect(claims.fields.map((c) => [c.field, c.aspect, c.value])).toEqual([["model_id", "enum", ["wan2.2"]]]);
  });
});
