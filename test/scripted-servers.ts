/** Scripted servers a test starts and that stop after it, whatever it did. */
import { afterEach } from "vitest";
import { startScriptedServer, type Reply, type ScriptedServer } from "../contract-tests/harness/scripted-server.js";

/** Registers the clean-up in the calling test file; returns the function that starts a server on `routes`. */
export function scriptedServerPerTest(): (routes: Record<string, Reply[]>) => Promise<ScriptedServer> {
  const servers: ScriptedServer[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.stop();
  });
  return async (routes) => {
    const server = await startScriptedServer({ routes });
    servers.push(server);
    return server;
  };
}

/**
 * The same for tests that run concurrently (`it.extend({ serve: serveFixture })`): each test gets
 * its own `serve`, whose servers stop when that test ends.
 */
export async function serveFixture(
  // vitest reads a fixture's first parameter as a destructuring pattern, so it stays `{}`.
  {}: object,
  use: (serve: (routes: Record<string, Reply[]>) => Promise<ScriptedServer>) => Promise<void>,
): Promise<void> {
  const started: ScriptedServer[] = [];
  await use(async (routes) => {
    const server = await startScriptedServer({ routes });
    started.push(server);
    return server;
  });
  for (const server of started) await server.stop();
}
