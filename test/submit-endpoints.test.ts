/**
 * What the library says about each submit endpoint (from the merged document), typing text
 * values by the schema, and putting image bytes into a request: the facts the command line
 * builds on, checked here against the generated validators.
 */
import { describe, expect, it } from "vitest";
import * as validators from "../generated/request-validators.js";
import { imageMediaTypeOf } from "../src/lib/image-data.js";
import { operationIndex } from "../generated/client.js";
import {
  InvalidRequestError,
  submitEndpoint,
  SUBMIT_METHODS,
  type SubmitEndpoint,
  type SubmitMethod,
  type ValidationIssue,
} from "../src/index.js";

/** Each method's endpoint, loaded once (the field index loads on the first call). */
const endpoints = Object.fromEntries(await Promise.all(SUBMIT_METHODS.map(async (method) => [method, await submitEndpoint(method)] as const))) as Record<SubmitMethod, SubmitEndpoint>;

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 250, 251]);

function issuesOf(action: () => unknown): ValidationIssue[] {
  try {
    action();
  } catch (error) {
    if (error instanceof InvalidRequestError) return error.issues;
    throw error;
  }
  throw new Error("expected an InvalidRequestError");
}

describe("submitEndpoint", () => {
  it("names each method's operation, family and path as the operation index does", () => {
    expect(SUBMIT_METHODS).toEqual(["img2video", "img2videoUltra", "fusionImg2video", "enterpriseImg2video", "enterpriseImg2videoUltra"]);
    for (const method of SUBMIT_METHODS) {
      const endpoint = endpoints[method];
      expect(operationIndex[endpoint.operationId]).toMatchObject({ path: endpoint.path, family: endpoint.family, kind: "submit" });
    }
    expect(SUBMIT_METHODS.map((method) => endpoints[method].family)).toEqual(["v6", "v6", "v7", "enterprise", "enterprise-ultra"]);
  });

  it("says which endpoints take a base64 image: those with a base64 flag whose init_image is not URI-only", () => {
    expect(SUBMIT_METHODS.filter((method) => endpoints[method].acceptsBase64Image)).toEqual(["img2videoUltra", "enterpriseImg2video"]);
  });

  it("gives the schema's default model only: an example or a first allowed value is no default", () => {
    expect(SUBMIT_METHODS.map((method) => endpoints[method].defaultModelId)).toEqual([undefined, "wan2.2", undefined, undefined, undefined]);
  });

  it("lists v7's known models with their own fields, and the generic fields for any other id", () => {
    const v7 = endpoints.fusionImg2video;
    expect(v7.models.map((model) => model.modelId)).toEqual(["wan2.6-i2v", "wan2.6-i2v-flash", "wan2.5-i2v", "kling-v1-6", "Kling-V2-5-Turbo-i2v", "kling-v2-1-master-i2v", "Hailuo-2.3-i2v"]);
    expect(v7.fieldsFor("Hailuo-2.3-i2v").find((field) => field.name === "duration")).toMatchObject({ enum: ["6", "10"], default: "6" });
    expect(v7.fieldsFor("kling-v1-6").find((field) => field.name === "init_image")).toMatchObject({ types: ["array"] });
    expect(v7.fieldsFor("seedance-i2v")).toBe(v7.fields);
    expect(v7.fields.find((field) => field.name === "init_image")).toMatchObject({ types: ["string", "array"] });
    expect(v7.fieldValue("init_image", '["https://example.com/a.png"]', "kling-v1-6")).toEqual(["https://example.com/a.png"]);
    expect(() => v7.fieldValue("aspect_ratio", "16:9", "Hailuo-2.3-i2v")).toThrow(/is not a field of model Hailuo-2.3-i2v/);
    expect(v7.fieldValue("aspect_ratio", "16:9", "kling-v1-6")).toBe("16:9");
    expect(endpoints.img2video.models).toEqual([]);
  });

  it("lists each request's fields without the key, with their JSON types", () => {
    const ultra = endpoints.img2videoUltra.fields;
    expect(ultra.map((field) => field.name)).not.toContain("key");
    expect(ultra.find((field) => field.name === "seed")).toMatchObject({ types: ["integer", "null"], required: false });
    expect(ultra.find((field) => field.name === "prompt")).toMatchObject({ types: ["string"], required: true });
    expect(endpoints.img2video.fields.find((field) => field.name === "init_image")).toMatchObject({ format: "uri", required: true });
  });
});

describe("fieldValueOf", () => {
  it("types text by the field's schema", () => {
    expect(endpoints.img2videoUltra.fieldValue("num_frames", "81")).toBe(81);
    expect(endpoints.fusionImg2video.fieldValue("duration", "5")).toBe("5");
    expect(endpoints.img2videoUltra.fieldValue("guidance_scale", "4.5")).toBe(4.5);
    expect(endpoints.img2videoUltra.fieldValue("portrait", "true")).toBe(true);
    expect(endpoints.img2videoUltra.fieldValue("seed", "null")).toBeNull();
    expect(endpoints.img2videoUltra.fieldValue("seed", "-7")).toBe(-7);
    expect(endpoints.img2video.fieldValue("track_id", "null")).toBeNull();
    expect(endpoints.img2video.fieldValue("track_id", "123")).toBe("123");
    expect(endpoints.enterpriseImg2video.fieldValue("track_id", "123")).toBe(123);
  });

  it("refuses text that is none of the field's types, naming field and types", () => {
    expect(issuesOf(() => endpoints.img2videoUltra.fieldValue("num_frames", "1.5"))).toEqual([{ field: "num_frames", rule: "type", message: 'must be integer, not "1.5"' }]);
    expect(issuesOf(() => endpoints.img2videoUltra.fieldValue("portrait", "yes"))[0]).toMatchObject({ field: "portrait", rule: "type" });
    expect(issuesOf(() => endpoints.img2videoUltra.fieldValue("seed", "abc"))[0]?.message).toBe('must be integer or null, not "abc"');
  });

  it("refuses a field the request does not have, listing those it has, and the key", () => {
    const [unknown] = issuesOf(() => endpoints.img2video.fieldValue("num_frame", "25"));
    expect(unknown).toMatchObject({ field: "num_frame", rule: "additionalProperties" });
    expect(unknown?.message).toContain("num_frames");
    expect(issuesOf(() => endpoints.img2video.fieldValue("key", "secret"))[0]).toMatchObject({ field: "key", rule: "key" });
  });
});

describe("withImageData", () => {
  it("puts the bytes in init_image as a data URI with base64: true, which the request schema accepts", () => {
    const params = endpoints.img2videoUltra.withImageData({ model_id: "wan2.2", prompt: "waves" }, PNG);
    expect(params).toEqual({ model_id: "wan2.2", prompt: "waves", init_image: `data:image/png;base64,${Buffer.from(PNG).toString("base64")}`, base64: true });
    expect(validators.submitV6Img2VideoUltra({ ...params, key: "k" })).toBe(true);
    expect(validators.submitEnterpriseImg2Video({ ...endpoints.enterpriseImg2video.withImageData({ model_id: "svd" }, PNG), key: "k" })).toBe(true);
  });

  it("encodes large images whole", () => {
    const large = new Uint8Array(200_000).map((_, index) => index % 251);
    large.set(PNG);
    expect(endpoints.img2videoUltra.withImageData({}, large).init_image).toBe(`data:image/png;base64,${Buffer.from(large).toString("base64")}`);
  });

  it("refuses endpoints whose init_image is a URL only, and bytes that are not an image", () => {
    const [urlOnly] = issuesOf(() => endpoints.img2video.withImageData({}, PNG));
    expect(urlOnly).toMatchObject({ field: "init_image", rule: "format" });
    expect(urlOnly?.message).toBe(
      "img2video takes init_image only as a URL (its request has no base64 flag): pass the bytes to the client method, which uploads them first, or upload them with ml.uploadImage()",
    );
    expect(issuesOf(() => endpoints.fusionImg2video.withImageData({}, PNG))[0]).toMatchObject({ field: "init_image", rule: "format" });
    expect(issuesOf(() => endpoints.img2videoUltra.withImageData({}, new TextEncoder().encode("not an image")))[0]?.message).toBe("is not a PNG, JPEG, GIF or WebP image");
    const big = new Uint8Array(6_000_000);
    big.set(PNG);
    expect(issuesOf(() => endpoints.img2videoUltra.withImageData({}, big))[0]).toMatchObject({ field: "init_image", rule: "maxBytes" });
  });

  it("recognises PNG, JPEG, GIF and WebP by their signatures", () => {
    expect(imageMediaTypeOf(PNG)).toBe("image/png");
    expect(imageMediaTypeOf(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe("image/jpeg");
    expect(imageMediaTypeOf(new TextEncoder().encode("GIF89a"))).toBe("image/gif");
    expect(imageMediaTypeOf(new TextEncoder().encode("RIFF\0\0\0\0WEBPVP8 "))).toBe("image/webp");
    expect(imageMediaTypeOf(new TextEncoder().encode("RIFF\0\0\0\0WAVEfmt "))).toBeUndefined();
    expect(imageMediaTypeOf(new Uint8Array([]))).toBeUndefined();
  });
});
