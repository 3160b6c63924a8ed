// Machine-written by `npm run generate` from generated/openapi.yaml. Do not edit.
/** The server every path of the merged document is relative to. */
export const DEFAULT_BASE_URL = "https://modelslab.com/api";

/** Each operation of the merged document: how to call it, its family, and whether it submits or fetches. */
export const operationIndex = {
  submitV6Img2Video: { method: "post", path: "/v6/video/img2video", family: "v6", kind: "submit" },
  submitV6Img2VideoUltra: { method: "post", path: "/v6/video/img2video_ultra", family: "v6", kind: "submit" },
  fetchV6Video: { method: "post", path: "/v6/video/fetch/{id}", family: "v6", kind: "fetch" },
  submitV7ImageToVideo: { method: "post", path: "/v7/video-fusion/image-to-video", family: "v7", kind: "submit" },
  fetchV7Video: { method: "post", path: "/v7/video-fusion/fetch/{id}", family: "v7", kind: "fetch" },
  submitEnterpriseImg2Video: { method: "post", path: "/v1/enterprise/video/img2video", family: "enterprise", kind: "submit" },
  fetchEnterpriseVideo: { method: "post", path: "/v1/enterprise/video/fetch/{id}", family: "enterprise", kind: "fetch" },
  submitEnterpriseUltraImg2Video: { method: "post", path: "/v1/enterprise/image_to_video_ultra/img2video", family: "enterprise-ultra", kind: "submit" },
  fetchEnterpriseUltraVideo: { method: "post", path: "/v1/enterprise/image_to_video_ultra/fetch/{id}", family: "enterprise-ultra", kind: "fetch" },
  describeModel: { method: "get", path: "/v6/model-search/{modelId}", family: "general", kind: "describe" },
  uploadBase64ToUrl: { method: "post", path: "/v6/base64_to_url", family: "general", kind: "upload" },
  accountRequestCount: { method: "post", path: "/v6/processing/request_count", family: "general", kind: "account" },
} as const;

export type OperationId = keyof typeof operationIndex;
