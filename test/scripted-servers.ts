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
