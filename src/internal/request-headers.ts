/**
 * The headers of every request a client sends: JSON, the SDK's User-Agent where the runtime lets a
 * script set one, then the caller's (later names win, case-insensitively). Merged once per client,
 * when it is made, so that a header name or value the runtime refuses is refused by the constructor.
 */
import { SDK_VERSION } from "../../generated/version.js";

/** The SDK's name and version, sent as User-Agent where the runtime lets a script set it. */
export const USER_AGENT = `modelslab-video/${SDK_VERSION}`;

/** Whether the runtime lets a script set User-Agent: not in browsers (where it is the browser's). */
function mayName(): boolean {
  const agent = (globalThis as { navigator?: { userAgent?: unknown } }).navigator?.userAgent;
  return !(typeof agent === "string" && agent.startsWith("Mozilla/"));
}

/** The headers of every request with `own` (the caller's) merged in: lower-case names, frozen. */
export function requestHeaders(own: Record<string, string>): Record<string, string> {
  const merged = new Headers({ "content-type": "application/json" });
  if (mayName()) merged.set("user-agent", USER_AGENT);
  for (const [name, value] of Object.entries(own)) merged.set(name, value);
  const headers: Record<string, string> = {};
  merged.forEach((value, name) => {
    headers[name] = value;
  });
  return Object.freeze(headers) as Record<string, string>;
}
