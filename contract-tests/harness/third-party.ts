/**
 * A second loopback listener standing for a third party (another host a hostile answer points
 * to: a redirect's Location, a fetch_result, an output URL). It answers every request with a
 * contract-shaped success, so a client that trusted it would finish "fine", and it records every
 * request, to count those that carry the key in any form: URL, headers or body, raw or encoded.
 */
import { createServer } from "node:http";
import type { Socket } from "node:net";

export interface ThirdPartyRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface ThirdParty {
  url: string;
  requests: ThirdPartyRequest[];
  /** Requests whose URL, headers or body hold `key` (as sent, percent-encoded or base64). */
  carrying(key: string): ThirdPartyRequest[];
  stop(): Promise<void>;
}

export async function startThirdParty(): Promise<ThirdParty> {
  const requests: ThirdPartyRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      requests.push({ method: request.method ?? "", url: request.url ?? "", headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      const body = JSON.stringify({ status: "success", id: 1, output: ["https://third.party.invalid/video.mp4"] });
      response.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) }).end(body);
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (typeof address !== "object" || address === null) throw new Error("third party: no address");
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    carrying: (key) => {
      const forms = [key, encodeURIComponent(key), Buffer.from(key).toString("base64")];
      return requests.filter((r) => forms.some((form) => `${r.url}\n${JSON.stringify(r.headers)}\n${r.body}`.includes(form)));
    },
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
