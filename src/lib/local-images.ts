/**
 * Local images on every endpoint: bytes sent inline where the request has a `base64` flag, and
 * otherwise uploaded first through `base64_to_url`, whose URL then goes into `init_image`. The
 * client loads this module with the first image given as bytes (or the first `uploadImage`),
 * not with itself.
 */
import { operationIndex } from "../../generated/operations.js";
import { AbortedError, UnexpectedResponseError } from "../core/errors.js";
import { bodyStartOf, videoAnswerOf } from "../internal/answer.js";
import type { SubmitOperationId } from "../internal/request-validation.js";
import { KEY_HELD_BY_PROXY, post, withKey, type Answer, type Transport } from "../internal/transport.js";
import { checkedImage, dataUriOf } from "./image-data.js";
import type { ImageBytes } from "./image-limits.js";
import { describeEndpoint } from "./request-fields.js";
import { refuseInvalid } from "../internal/request-body.js";
import { loadValidation } from "../internal/validation-load.js";
import { SUBMIT_OPERATIONS, type SubmitMethod } from "./submit-operations.js";

/**
 * A submit method's parameters with `init_image` also taking the image itself, as bytes: sent
 * inline (a `data:` URI with `base64: true`) where the request has a `base64` flag, otherwise
 * uploaded first through `base64_to_url` and sent as the URL it answers.
 */
export type WithLocalImage<P> = { [K in keyof P]: K extends "init_image" ? P[K] | ImageBytes : P[K] };

/** Where `uploadImage` put an image: a URL that expires 24 hours after the upload. */
export interface UploadedImage {
  url: string;
  /** The upload's id, when the answer gives one. */
  id: string | undefined;
  /** The answer as sent, API key redacted. */
  response: Record<string, unknown>;
}

export interface UploadOptions {
  signal?: AbortSignal;
}

/** What base64_to_url answered: the URL the image is at (for 24 hours) and the upload's id. */
interface UploadAnswer {
  url: string;
  id: string | undefined;
  body: Record<string, unknown>;
}

/** Throws the typed error an upload's answer amounts to, or returns the URL it gives. */
function uploadAnswerOf(answer: Answer): UploadAnswer {
  const fields = videoAnswerOf(answer, "upload");
  if (fields.status !== "success")
    throw new UnexpectedResponseError(answer.status, "unknown-status", bodyStartOf(answer), `base64_to_url answered status ${JSON.stringify(fields.status)}, not success`);
  const [url] = Array.isArray(fields.output) ? fields.output : [];
  if (typeof url !== "string" || !/^https?:\/\//i.test(url))
    throw new UnexpectedResponseError(answer.status, "missing-output", bodyStartOf(answer), "base64_to_url answered success without an http(s) URL in output");
  const id = fields.id;
  return { url, id: typeof id === "number" || typeof id === "string" ? String(id) : undefined, body: fields };
}

/** A placeholder URL the request is validated with before the upload, so a request the schema rejects uploads nothing. */
const PENDING_UPLOAD_URL = "https://upload.invalid/image.png";

async function upload(transport: Transport, dataUri: string, signal: AbortSignal | undefined): Promise<UploadedImage> {
  const body = withKey(transport, { base64_string: dataUri });
  try {
    const answer = uploadAnswerOf(await post(transport, { path: operationIndex.uploadBase64ToUrl.path, body, signal }, "upload"));
    return { url: answer.url, id: answer.id, response: answer.body };
  } catch (error) {
    if (signal?.aborted) throw new AbortedError(undefined, signal.reason);
    throw error;
  }
}

/** Checks the image (type, 5 MB) before anything is sent, then uploads it once. */
export async function uploadImage(transport: Transport, image: ImageBytes, signal: AbortSignal | undefined): Promise<UploadedImage> {
  const { bytes, mediaType } = await checkedImage(image);
  if (signal?.aborted) throw new AbortedError(undefined, signal.reason);
  return upload(transport, dataUriOf(bytes, mediaType), signal);
}

/**
 * `params` whose `init_image` is bytes, made into what the operation's request takes. Checked
 * before anything is sent: the image itself, and (with `validate`) the whole request with a
 * placeholder URL.
 */
export async function withLocalImage(
  transport: Transport,
  operationId: SubmitOperationId,
  params: object,
  options: { validate: boolean; signal: AbortSignal | undefined },
): Promise<object> {
  const { bytes, mediaType } = await checkedImage((params as { init_image: ImageBytes }).init_image);
  const method = (Object.keys(SUBMIT_OPERATIONS) as SubmitMethod[]).find((name) => SUBMIT_OPERATIONS[name] === operationId)!;
  const endpoint = describeEndpoint(method);
  if (endpoint.acceptsBase64Image) return endpoint.withImageData(params, bytes);
  if (options.validate) refuseInvalid((await loadValidation(transport.timeoutMs)).validateRequest(operationId, { ...params, init_image: PENDING_UPLOAD_URL, key: transport.apiKey ?? KEY_HELD_BY_PROXY }));
  if (options.signal?.aborted) throw new AbortedError(undefined, options.signal.reason);
  const { url } = await upload(transport, dataUriOf(bytes, mediaType), options.signal);
  return { ...params, init_image: url };
}
