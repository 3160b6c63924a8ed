/**
 * The proxy in a Hono app, without depending on Hono: a handler for `app.all(prefix + "/*", …)`
 * that hands Hono's standard Request to the fetch handler.
 *
 *   app.all("/api/modelslab/*", honoHandler(createProxy({ apiKey, authorize })));
 */
import type { ProxyHandler } from "./proxy.js";

/** The part of Hono's context the handler reads (`c.req.raw`, the standard Request). */
export interface HonoLikeContext {
  req: { raw: Request };
}

export function honoHandler(proxy: ProxyHandler): (context: HonoLikeContext) => Promise<Response> {
  return (context) => proxy(context.req.raw);
}
