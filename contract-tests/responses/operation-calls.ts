/**
 * One typed call per operation of the generated client: a request every spec accepts, written
 * against generated/schema.d.ts, so the client, the types and the mock are checked together.
 * The key is a placeholder; the mock does not check it.
 */
import type { ModelsLabFetchClient, OperationId } from "../../generated/client.js";

export interface CallResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

const key = "contract-test-placeholder-key";
const image = "https://assets.modelslab.com/generations/a2dd96c6-b148-4bdc-aefc-453157d5fd0c.png";

export type OperationCall = (client: ModelsLabFetchClient, headers: Record<string, string>) => Promise<CallResult>;

export const operationCalls: Record<OperationId, OperationCall> = {
  submitV6Img2Video: (client, headers) => client.POST("/v6/video/img2video", { headers, body: { key, model_id: "wan2.2", init_image: image } }),
  submitV6Img2VideoUltra: (client, headers) =>
    client.POST("/v6/video/img2video_ultra", { headers, body: { key, model_id: "wan2.2", init_image: image, prompt: "a lighthouse at dusk, waves rolling in" } }),
  fetchV6Video: (client, headers) => client.POST("/v6/video/fetch/{id}", { headers, params: { path: { id: 155918900 } }, body: { key } }),
  submitV7ImageToVideo: (client, headers) =>
    client.POST("/v7/video-fusion/image-to-video", { headers, body: { key, model_id: "wan2.6-i2v", init_image: image, prompt: "the person waves", duration: "5", resolution: "720p" } }),
  fetchV7Video: (client, headers) => client.POST("/v7/video-fusion/fetch/{id}", { headers, params: { path: { id: "155918901" } }, body: { key } }),
  submitEnterpriseImg2Video: (client, headers) => client.POST("/v1/enterprise/video/img2video", { headers, body: { key, model_id: "svd", init_image: image } }),
  fetchEnterpriseVideo: (client, headers) => client.POST("/v1/enterprise/video/fetch/{id}", { headers, params: { path: { id: 155918902 } }, body: { key } }),
  submitEnterpriseUltraImg2Video: (client, headers) =>
    client.POST("/v1/enterprise/image_to_video_ultra/img2video", { headers, body: { key, init_image: image, prompt: "moving character", resolution: 320, num_inference_steps: 8 } }),
  fetchEnterpriseUltraVideo: (client, headers) =>
    client.POST("/v1/enterprise/image_to_video_ultra/fetch/{id}", { headers, params: { path: { id: 155918903 } }, body: { key } }),
  describeModel: (client, headers) => client.GET("/v6/model-search/{modelId}", { headers, params: { path: { modelId: "Hailuo-2.3-i2v" }, query: { key } } }),
  uploadBase64ToUrl: (client, headers) =>
    client.POST("/v6/base64_to_url", {
      headers,
      body: { key, base64_string: "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==" },
    }),
  accountRequestCount: (client, headers) => client.POST("/v6/processing/request_count", { headers, body: { key } }),
};
