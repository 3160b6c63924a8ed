/**
 * What each submit method sends and accepts, from the merged document: its operation, family and
 * path, the fields of its request body with their JSON types, and whether `init_image` may carry
 * the image itself as base64; with the two things code that builds requests from text (a command
 * line, a form) needs: a field's value typed by the schema, and image bytes put into a request.
 * `submitEndpoint` loads all this (./request-fields.ts and the generated field index, with the
 * rest of what the client loads on first use: ./deferred.ts) on its first call, not with the
 * client, so a program that never asks carries none of it.
 */
import type { SubmitEndpoint, SubmitMethod } from "./submit-operations.js";

export { isSubmitMethod, SUBMIT_METHODS, SUBMIT_OPERATIONS } from "./submit-operations.js";
export type { JsonTypeName, ModelFieldsSpec, RequestFieldSpec, SubmitEndpoint, SubmitMethod } from "./submit-operations.js";

let describing: Promise<typeof import("./deferred.js")> | undefined;

/** Everything the merged document says about a submit method's request. */
export async function submitEndpoint(method: SubmitMethod): Promise<SubmitEndpoint> {
  describing ??= import("./deferred.js");
  return (await describing).describeEndpoint(method);
}
