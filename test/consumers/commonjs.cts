/**
 * A program in another repository, as a CommonJS module: `import` compiles to `require()`, which
 * loads the ES module package on Node 20.19 and later (require(esm)). Same checks as esm.ts.
 */
import { InvalidRequestError, ModelsLab, parseWebhook } from "modelslab-video";
import type { V6ImageToVideoRequest, WebhookPayload } from "modelslab-video/types";

// @ts-expect-error model_id is one of the models the spec lists
const unknownModel: V6ImageToVideoRequest = { key: "typed-only", model_id: "no-such-model", init_image: "https://example.com/cat.png" };

async function main(): Promise<void> {
  const ml = new ModelsLab({ wait: { schedule: { minIntervalMs: 5, maxIntervalMs: 50 } } });
  let invalidFields: string[] = [];
  try {
    // @ts-expect-error init_image is required
    await ml.img2video({ model_id: "wan2.2" });
  } catch (error) {
    if (error instanceof InvalidRequestError) invalidFields = error.issues.map((issue) => `${issue.field} ${issue.rule}`);
  }
  const video = await ml.img2video({ model_id: "wan2.2", init_image: "https://example.com/cat.png", prompt: "the cat turns its head" }).wait();
  const webhook: WebhookPayload = parseWebhook(JSON.stringify({ status: "failed", id: 7, message: "content policy" }));
  console.log(JSON.stringify({ id: video.id, output: video.output, polls: video.polls, invalidFields, webhook: webhook.status, typed: [unknownModel.model_id] }));
}

// A rejection is unhandled: Node prints it and exits non-zero.
void main();
