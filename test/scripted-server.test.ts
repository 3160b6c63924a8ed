/** The scripted server cannot drift from the contract: replies are checked when it starts, requests when they arrive. */
import { describe, expect, it } from "vitest";
import { fault, reply, startScriptedServer } from "../contract-tests/harness/scripted-server.js";
import { v6Processing } from "./video-responses.js";

describe("scripted server", () => {
  it("refuses a reply the merged document does not allow, naming the route, status and violation", async () => {
    await expect(startScriptedServer({ routes: { "POST /v6/video/fetch/{id}": [reply.json(200, { status: "queued" })] } })).rejects.toThrow(
      /200 reply scripted for POST \/v6\/video\/fetch\/\{id\} breaks the contract:\n[^]*^ {2}\/status must be equal to one of the allowed values/m,
    );
    await expect(startScriptedServer({ routes: { "POST /v6/video/fetch/{id}": [reply.json(503, { status: "error", message: "x" })] } })).rejects.toThrow(
      /declares no JSON 503 answer/,
    );
    await expect(startScriptedServer({ routes: { "POST /v6/video/fetch/{id}": [fault.truncatedJson({ message: "no status" }, 500)] } })).rejects.toThrow(
      /breaks the contract/,
    );
    await expect(startScriptedServer({ routes: { "GET /v6/video/nothing": [fault.dropConnection()] } })).rejects.toThrow(/not an operation/);
  });

  it("answers in order, repeats the last reply, and records each request with its contract violations", async () => {
    const server = await startScriptedServer({
      routes: { "POST /v6/video/fetch/{id}": [reply.json(200, v6Processing()), reply.json(200, { status: "success", id: 1, output: ["https://example.com/1.mp4"] })] },
    });
    try {
      const post = (body: unknown) =>
        fetch(`${server.url}/v6/video/fetch/1`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).then((r) => r.json());
      expect(await post({ key: "k" })).toMatchObject({ status: "processing" });
      expect(await post({ key: "k" })).toMatchObject({ status: "success" });
      expect(await post({})).toMatchObject({ status: "success" });
      expect(server.requests.map((r) => r.violations)).toEqual([[], [], ["(body) must have required property 'key'"]]);
      const unscripted = await fetch(`${server.url}/v6/other`, { method: "POST" });
      expect(unscripted.status).toBe(404);
      expect(server.requests.at(-1)?.route).toBe("unscripted");
    } finally {
      await server.stop();
    }
  });
});
