/**
 * A program in another repository, as an ES module: it is type-checked against the installed
 * package (each `@ts-expect-error` below must find an error, so types that went `any` fail the
 * check) and then run against a local server at MODELSLAB_BASE_URL. It prints one JSON line.
 */
import { InvalidRequestError, ModelsLab, parseWebhook, type Video } from "modelslab-video";
import type {
  components,
  EnterpriseUltraImageToVideoRequest,
  ImageBytes,
  operations,
  paths,
  UploadResponse,
  V6ImageToVideoRequest,
  V6VideoResponse,
  WebhookPayload,
} from "modelslab-video/types";

type SubmitBody = paths["/v6/video/img2video"]["post"]["requestBody"]["content"]["application/json"];
const body: SubmitBody = { key: "typed-only", model_id: "wan2.2", init_image: "https://example.com/cat.png" };
const named: V6ImageToVideoRequest = body;
const fromComponents: components["schemas"]["V6ImageToVideoRequest"] = named;
const fetchId: operations["fetchV6Video"]["parameters"]["path"]["id"] = 155918900;
const ultra: EnterpriseUltraImageToVideoRequest = { key: "typed-only", prompt: "moving character", num_inference_steps: 8, sample_shift: 3 };
// @ts-expect-error sample_shift is an integer, as on v6 img2video_ultra and as ModelsLab's SDK sends it (the page's tag says string)
const ultraShift: EnterpriseUltraImageToVideoRequest = { key: "typed-only", prompt: "moving character", sample_shift: "3" };
const uploaded: UploadResponse = { status: "success", id: 1, output: ["https://example.com/a.png"] };
const bytes: ImageBytes = new Uint8Array([0x89]);
// @ts-expect-error model_id is one of the models the spec lists
const unknownModel: V6ImageToVideoRequest = { key: "typed-only", model_id: "no-such-model", init_image: "https://example.com/cat.png" };

// Key and base URL come from MODELSLAB_API_KEY and MODELSLAB_BASE_URL.
const ml = new ModelsLab({ wait: { schedule: { minIntervalMs: 5, maxIntervalMs: 50 } } });

let invalidFields: string[] = [];
try {
  // @ts-expect-error init_image is required
  await ml.img2video({ model_id: "wan2.2" });
} catch (error) {
  if (error instanceof InvalidRequestError) invalidFields = error.issues.map((issue) => `${issue.field} ${issue.rule}`);
}

const video: Video<V6VideoResponse> = await ml.img2video({ model_id: "wan2.2", init_image: "https://example.com/cat.png", prompt: "the cat turns its head" }).wait();
const webhook: WebhookPayload = parseWebhook(JSON.stringify({ status: "failed", id: 7, message: "content policy" }));

console.log(
  JSON.stringify({
    id: video.id,
    output: video.output,
    polls: video.polls,
    invalidFields,
    webhook: webhook.status,
    typed: [fromComponents.model_id, fetchId, unknownModel.model_id, ultra.prompt, ultraShift.prompt, uploaded.output?.length, bytes instanceof Uint8Array],
  }),
);
