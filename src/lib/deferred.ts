/**
 * What the client loads on its first use rather than with itself: waiting, local images, the
 * queue count and batches. They are one module so that a web page's bundle holds the code a first
 * submit needs in one part and all of this in one other: a bundler splits the code shared by the
 * client and each lazily loaded module into a file of its own per set of modules sharing it, and
 * every such file of the client's part is loaded (and compressed) apart before the first call.
 */
export { batchClientOf, startBatch } from "./batch.js";
export { memoryJournal } from "./batch-journal.js";
export { uploadImage, withLocalImage } from "./local-images.js";
export { processingRequestCount } from "./queue-count.js";
export { describeEndpoint } from "./request-fields.js";
export { waitFor } from "./wait.js";
export { videoAnswerOf } from "../internal/answer.js";
export { resendDecision, submitStateOf, withSubmitState, worseState } from "../internal/submit-state.js";
