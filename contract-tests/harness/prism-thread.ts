/**
 * The contract check's Prism side on a worker thread of its own (prism-side.ts): the entry
 * `npm run contract`'s launcher builds beside the check and starts the thread on. Prism's
 * libraries load at once, while the check's thread builds the documents.
 */
import { parentPort, workerData } from "node:worker_threads";
import { preparePrism } from "./prism-mock.js";
import { prismSide } from "./prism-side.js";

try {
  // The launcher's bundle of Prism's libraries, when it could build one (launch.mjs: builtPrism).
  preparePrism((workerData as { prismBundle?: string } | null)?.prismBundle);
} catch {
  // not installed: each start says so, in the check's failures
}
// Node loads its fetch (undici) on first use: loaded now, while the thread waits for the documents, not on the first call.
new Headers();
if (parentPort) prismSide(parentPort);
