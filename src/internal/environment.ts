/** Reads an environment variable where the runtime has one (Node, Bun, Deno with --allow-env); browsers have none. */
export function environmentVariable(name: string): string | undefined {
  try {
    const host = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
    if (host?.env) return host.env[name] || undefined;
    const deno = (globalThis as { Deno?: { env?: { get(name: string): string | undefined } } }).Deno;
    return deno?.env?.get(name) || undefined;
  } catch {
    // Deno without env permission throws; no environment then.
    return undefined;
  }
}
