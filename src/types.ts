/**
 * `modelslab-video/types`: the API's types and no runtime code. The generated `paths`,
 * `components` and `operations` of the merged OpenAPI document (the same ones openapi-fetch and
 * openapi-typescript tooling expect), and a name for each request, response and webhook payload.
 *
 *   import type { V6ImageToVideoRequest, V6VideoResponse, WebhookPayload } from "modelslab-video/types";
 */
export type { components, operations, paths } from "../generated/schema.js";
export type * from "./core/api-types.js";
export type { Family, JobRef } from "./core/job.js";
export type { UploadedImage, WithLocalImage } from "./client.js";
export type { ImageBytes } from "./lib/image-limits.js";
export type { WebhookFailure, WebhookPayload, WebhookSuccess } from "./lib/webhooks.js";
