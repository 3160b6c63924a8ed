/**
 * A ModelsLab account as a batch sees it, on loopback: v6 img2video submits that queue a job for
 * `jobMs`, a queue limit enforced with HTTP 429 (`retry_after`) past it, fetches that answer
 * processing then success, processing/request_count, and the output videos on a second listener
 * (no key there, as on the real CDN). Built on the scripted server's handlers, so every JSON answer
 * is checked against the merged document. It keeps what the batch tests assert per item: the
 * submits each track_id sent (accepted and refused), the ids issued, whether each id's final answer
 * was polled, and the most jobs ever queued at once.
 */
import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fault, reply, startScriptedServer, type Reply, type ScriptedServer } from "../contract-tests/harness/scripted-server.js";

export interface BatchServerOptions {
  /** Jobs the account may have queued at once (429 past it). */
  limit: number;
  /** How long a job runs, in ms. */
  jobMs: number;
  /** Delay before a submit is answered, in ms (widens the window between intent and answer). */
  submitDelayMs?: number;
  /** The retry_after a 429 says, in seconds. */
  retryAfterSeconds?: number;
  /** Jobs of other programs of the account, queued from the start until this batch had `othersUntil` submits accepted. */
  others?: number;
  othersUntil?: number;
  /** Size of each output video in bytes, sent in `chunks` pieces `chunkDelayMs` apart. */
  videoBytes?: number;
  chunks?: number;
  chunkDelayMs?: number;
}

export interface JobRecord {
  id: number;
  trackId: string;
  endsAt: number;
  /** The fetch that answered success for it has been made. */
  finalPolled: boolean;
}

export interface TrackRecord {
  accepted: number;
  refused: number;
  ids: number[];
}

export interface BatchServer {
  url: string;
  api: ScriptedServer;
  jobs: Map<number, JobRecord>;
  tracks: Map<string, TrackRecord>;
  /** The most jobs queued at once (this batch's and the others'). */
  maxQueued(): number;
  refusals(): number;
  countRequests(): number;
  /** The bytes of the video of job `id`. */
  video(id: number): Buffer;
  stop(): Promise<void>;
}

export async function startBatchServer(options: BatchServerOptions): Promise<BatchServer> {
  const jobs = new Map<number, JobRecord>();
  const tracks = new Map<string, TrackRecord>();
  let nextId = 1000;
  let maxQueued = 0;
  let refusals = 0;
  let countRequests = 0;
  const videoBytes = options.videoBytes ?? 4096;
  const queued = () => {
    const now = Date.now();
    let count = jobs.size < (options.othersUntil ?? 0) ? (options.others ?? 0) : 0;
    for (const job of jobs.values()) if (job.endsAt > now) count += 1;
    return count;
  };
  // Made once per id: the download and the test's check of the file read the same bytes.
  const videos = new Map<number, Buffer>();
  const video = (id: number) => {
    const made = videos.get(id);
    if (made) return made;
    const seed = createHash("sha256").update(String(id)).digest();
    const bytes = Buffer.alloc(videoBytes);
    for (let i = 0; i < videoBytes; i++) bytes[i] = seed[i % seed.length]! ^ (i & 0xff);
    videos.set(id, bytes);
    return bytes;
  };

  const files: Server = createServer((request, response) => {
    const id = Number(/^\/videos\/(\d+)\.mp4$/.exec(request.url ?? "")?.[1]);
    if (!jobs.has(id)) {
      response.writeHead(404).end();
      return;
    }
    const bytes = video(id);
    const chunks = options.chunks ?? 1;
    response.writeHead(200, { "content-type": "video/mp4", "content-length": bytes.length });
    let sent = 0;
    const step = Math.ceil(bytes.length / chunks);
    const more = () => {
      if (response.destroyed) return;
      response.write(bytes.subarray(sent, sent + step));
      sent += step;
      if (sent >= bytes.length) response.end();
      else setTimeout(more, options.chunkDelayMs ?? 0);
    };
    more();
  });
  await new Promise<void>((resolve) => files.listen(0, "127.0.0.1", resolve));
  const filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;

  let apiUrl = "";
  const submit = async (body: Record<string, unknown>): Promise<Reply> => {
    if (options.submitDelayMs) await new Promise((resolve) => setTimeout(resolve, options.submitDelayMs));
    const trackId = String(body.track_id);
    const track = tracks.get(trackId) ?? { accepted: 0, refused: 0, ids: [] };
    tracks.set(trackId, track);
    if (queued() >= options.limit) {
      track.refused += 1;
      refusals += 1;
      return reply.json(429, { status: "error", message: `Rate limit exceeded. Maximum ${options.limit} queued requests allowed.`, retry_after: options.retryAfterSeconds ?? 0.2 });
    }
    const id = nextId++;
    jobs.set(id, { id, trackId, endsAt: Date.now() + options.jobMs, finalPolled: false });
    track.accepted += 1;
    track.ids.push(id);
    maxQueued = Math.max(maxQueued, queued());
    return reply.json(200, { status: "processing", id, eta: options.jobMs / 1000, output: [], future_links: [], fetch_result: `${apiUrl}/v6/video/fetch/${id}` });
  };
  const fetchJob = (path: string): Reply => {
    const id = Number(path.split("/").pop());
    const job = jobs.get(id);
    if (!job) return reply.json(200, { status: "error", message: "Request not found" });
    const left = job.endsAt - Date.now();
    if (left > 0) return reply.json(200, { status: "processing", id, eta: left / 1000, output: [] });
    job.finalPolled = true;
    return reply.json(200, { status: "success", id, generationTime: options.jobMs / 1000, output: [`${filesUrl}/videos/${id}.mp4`] });
  };

  const api = await startScriptedServer({
    routes: {
      "POST /v6/video/img2video": (request) => submit(request.body as Record<string, unknown>),
      "POST /v6/video/fetch/{id}": (request) => fetchJob(request.path),
      "POST /v6/processing/request_count": () => {
        countRequests += 1;
        return reply.json(200, { status: "success", processing_count: queued(), message: "Current processing request count retrieved successfully" });
      },
      // Declared so a stray call of another family shows as a contract-valid fault, not a 404.
      "POST /v7/video-fusion/image-to-video": [fault.htmlPage(502)],
    },
  });
  apiUrl = api.url;

  return {
    url: api.url,
    api,
    jobs,
    tracks,
    maxQueued: () => maxQueued,
    refusals: () => refusals,
    countRequests: () => countRequests,
    video,
    stop: async () => {
      await api.stop();
      files.closeAllConnections();
      await new Promise<void>((resolve) => files.close(() => resolve()));
    },
  };
}
