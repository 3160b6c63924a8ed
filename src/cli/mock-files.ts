/// <reference types="node" />
/**
 * The output files of `--mock`: a loopback HTTP server that serves a small stand-in video for
 * every output URL the mock API answers with, so that `--mock --out` downloads from this machine
 * too. Nothing of a `--mock` run leaves the machine.
 */
import { createServer, type Server } from "node:http";
import type { Socket } from "node:net";

/** A 32-byte MP4 `ftyp` box: enough for `file` to call it an MP4, and for tests to recognise it. */
export const MOCK_VIDEO = Uint8Array.from([
  0x00, 0x00, 0x00, 0x20, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d, 0x00, 0x00, 0x02, 0x00, 0x69, 0x73, 0x6f, 0x6d, 0x69, 0x73, 0x6f, 0x32, 0x61, 0x76,
  0x63, 0x31, 0x6d, 0x70, 0x34, 0x31,
]);

export interface MockFiles {
  url: string;
  /** The loopback URL standing for an output URL of the mock: same file name, served here. */
  localUrl(outputUrl: string): string;
  stop(): Promise<void>;
}

export async function startMockFiles(): Promise<MockFiles> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((request, response) => {
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.writeHead(405).end();
      return;
    }
    response.writeHead(200, { "content-type": "video/mp4", "content-length": MOCK_VIDEO.byteLength }).end(request.method === "GET" ? MOCK_VIDEO : undefined);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  server.unref();
  const address = server.address();
  if (typeof address !== "object" || address === null) throw new Error("mock files: no address");
  const url = `http://127.0.0.1:${address.port}`;
  return {
    url,
    localUrl: (outputUrl) => {
      let name = "video.mp4";
      try {
        name = new URL(outputUrl).pathname.split("/").filter(Boolean).at(-1) ?? name;
      } catch {
        // not a URL: the stand-in keeps its default name
      }
      return `${url}/mock-output/${name.replace(/[^\w.-]/g, "_")}`;
    },
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
