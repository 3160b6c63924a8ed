/**
 * What the client loads on its first use rather than with itself: what its calls do
 * (./client-calls.ts: the transport, submits, waits, uploads, the queue count), batches, and the
 * field index. They are one module so that a web page's bundle holds what must answer at once in
 * one part and all of this in one other: a bundler splits the code shared by the client and each
 * lazily loaded module into a file of its own per set of modules sharing it, and every such file
 * of the client's part is loaded (and compressed) apart before the first call.
 */
export { batchClientOf, startBatch } from "./batch.js";
export { memoryJournal } from "./batch-journal.js";
export { clientCallsOf, prefetchValidation } from "./client-calls.js";
export { describeEndpoint } from "./request-fields.js";
