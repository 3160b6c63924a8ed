/**
 * `modelslab-video/proxy`: a key-holding proxy for web pages, as a standard fetch handler (Node,
 * Deno, Bun, edge runtimes), with a Hono adapter here and the Node `http`/Express adapter in
 * `modelslab-video/proxy/node`. See docs/proxy.md.
 */
export {
  createProxy,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_PROXY_PREFIX,
  type ProxyErrorBody,
  type ProxyErrorCode,
  type ProxyHandler,
  type ProxyOptions,
  type ProxyUser,
  type SubmitLimitOptions,
} from "./proxy.js";
export { memorySubmitLimiter, type SubmitDecision, type SubmitLimiter } from "./submit-limits.js";
export { honoHandler, type HonoLikeContext } from "./hono.js";
