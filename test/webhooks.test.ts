/** Webhook bodies into typed payloads: success, failed (and error), every input form, and what is rejected. */
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { readYaml } from "../scripts/yaml-io.js";
import { InvalidWebhookError, parseWebhook } from "../src/index.js";

const success = {
  status: "success",
  id: 155918900,
  output: ["https://pub-3626123a908346a7a8be8d9295f44e26.r2.dev/video/155918900.mp4"],
  generationTime: 93.27,
  track_id: "order-17",
  meta: { model_id: "wan2.2" },
};

describe("parseWebhook", () => {
  it("parses a success delivery from text, bytes or parsed JSON", () => {
    const expected = { status: "success", id: "155918900", output: success.output, generationTime: 93.27, track_id: "order-17", meta: { model_id: "wan2.2" } };
    expect(parseWebhook(JSON.stringify(success))).toEqual(expected);
    expect(parseWebhook(new TextEncoder().encode(JSON.stringify(success)))).toEqual(expected);
    expect(parseWebhook(success)).toEqual(expected);
  });

  it("parses a failed delivery, with the message under either spelling and an integer track_id (enterprise)", () => {
    const payload = parseWebhook({ status: "failed", id: 9, message: "NSFW content", track_id: 17 });
    expect(payload).toEqual({ status: "failed", id: "9", message: "NSFW content", track_id: 17 });
    expect(parseWebhook({ status: "error", id: "9", messege: "Out of memory" })).toMatchObject({ status: "error", message: "Out of memory" });
  });

  it("narrows on status", () => {
    const payload = parseWebhook(success);
    if (payload.status === "success") expect(payload.output).toHaveLength(1);
    else expect.unreachable();
  });

  it("rejects what is not a delivery, naming each field and rule", () => {
    expect(() => parseWebhook("<html>")).toThrow(InvalidWebhookError);
    expect(() => parseWebhook([])).toThrow(/must be a JSON object/);
    const error = (() => {
      try {
        parseWebhook({ status: "done", output: "x", track_id: { a: 1 } });
      } catch (e) {
        return e as InvalidWebhookError;
      }
    })();
    expect(error?.issues.map((i) => [i.field, i.rule])).toEqual([
      ["status", "enum"],
      ["id", "type"],
      ["track_id", "type"],
    ]);
    expect(() => parseWebhook({ status: "success", id: 1, output: [3] })).toThrow(/output: must be an array of URLs/);
  });
});

describe("parseWebhook and the merged document's WebhookPayload schema", () => {
  const document = readYaml(join(import.meta.dirname, "..", "generated", "openapi.yaml"), "generated/openapi.yaml") as Record<string, unknown>;
  const ajv = new Ajv2020({ strict: false, validateSchema: false });
  ajv.addSchema({ ...document, $id: "https://modelslab-video.invalid/openapi.yaml" });
  const validDelivery = ajv.compile({ $ref: "https://modelslab-video.invalid/openapi.yaml#/components/schemas/WebhookPayload" });

  const accepted: unknown[] = [
    success,
    { status: "failed", id: 9, message: "NSFW content", track_id: 17 },
    { status: "error", id: "9", messege: "Out of memory" },
    { status: "success", id: "x1", output: [], track_id: null },
  ];
  const rejected: unknown[] = [
    { status: "done", id: 1 },
    { status: "success", id: 1, output: [3] },
    { status: "success", output: [] },
    { status: "failed", id: 1, track_id: { a: 1 } },
  ];

  it.each(accepted)("both accept %j", (delivery) => {
    expect(() => parseWebhook(delivery)).not.toThrow();
    expect(validDelivery(delivery), JSON.stringify(validDelivery.errors)).toBe(true);
  });

  it.each(rejected)("both reject %j", (delivery) => {
    expect(() => parseWebhook(delivery)).toThrow(InvalidWebhookError);
    expect(validDelivery(delivery)).toBe(false);
  });

  it("is served as the document's videoGenerationFinished webhook", () => {
    const webhooks = document.webhooks as Record<string, { post: { requestBody: { content: Record<string, { schema: { $ref: string } }> } } }>;
    expect(webhooks.videoGenerationFinished?.post.requestBody.content["application/json"]?.schema.$ref).toBe("#/components/schemas/WebhookPayload");
  });
});
