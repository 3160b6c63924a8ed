/**
 * The client's `raw`: the typed openapi-fetch client over every path of the merged document,
 * made on its first call rather than with the client. It and openapi-fetch are loaded then (a
 * chunk of their own in a web page's bundle), so a program that never uses `raw` does not carry it. Every
 * method is the openapi-fetch client's own; middleware registered before the first call is
 * registered on it when it is made.
 */
import type { ClientOptions, Middleware } from "openapi-fetch";
import type { ModelsLabFetchClient } from "../../generated/client.js";
import type { paths } from "../../generated/schema.js";

type Method = "GET" | "PUT" | "POST" | "DELETE" | "OPTIONS" | "HEAD" | "PATCH" | "TRACE" | "request";
const METHODS: readonly Method[] = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE", "request"];

/** A ModelsLabFetchClient whose openapi-fetch client is made (with `options`) on the first request. */
export function lazyFetchClient(options: ClientOptions): ModelsLabFetchClient {
  let made: ModelsLabFetchClient | undefined;
  let making: Promise<ModelsLabFetchClient> | undefined;
  /** Middleware registered before the client was made, in order. */
  let pending: Middleware[] = [];
  const client = (): Promise<ModelsLabFetchClient> =>
    // openapi-fetch itself, as generated/client.ts's createModelsLabFetchClient calls it (`options`
    // always has the base URL): that module would bring the operation index along, which the
    // client already holds, into a file of its own that a web page then loads first.
    (making ??= import("openapi-fetch").then(({ default: createClient }) => {
      made = createClient<paths>(options);
      if (pending.length > 0) made.use(...pending);
      pending = [];
      return made;
    }));
  const raw: Partial<ModelsLabFetchClient> = {
    use(...middleware) {
      if (made) made.use(...middleware);
      else pending.push(...middleware);
    },
    eject(...middleware) {
      if (made) made.eject(...middleware);
      else pending = pending.filter((each) => !middleware.includes(each));
    },
  };
  for (const method of METHODS)
    (raw as Record<Method, unknown>)[method] = (...args: unknown[]) => client().then((typed) => (typed[method] as (...each: unknown[]) => unknown)(...args));
  return raw as ModelsLabFetchClient;
}
