/**
 * Local images on every endpoint, against the scripted server: bytes (Uint8Array or Blob) go
 * inline where the request has a base64 flag and through base64_to_url first everywhere else,
 * with exactly one billed submit each; anything wrong with the image, the request or the upload
 * stops before the submit, and an image over 5 MB before anything at all.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fault, reply, type Reply, type ScriptedServer } from "../contract-tests/harness/scripted-server.js";
import {
  AbortedError,
  APIError,
  AuthenticationError,
  InvalidRequestError,
  MAX_IMAGE_BYTES,
  ModelsLab,
  SUBMIT_OPERATIONS,
  UnexpectedResponseError,
  type SubmitMethod,
} from "../src/index.js";
import { base64Of } from "../src/lib/image-data.js";
import { v6Success, v7Success } from "./video-responses.js";
import { scriptedServerPerTest } from "./scripted-servers.js";

const KEY = "test-key-images-5d1c";
const UPLOAD = "POST /v6/base64_to_url";
const UPLOADED = "https://pub-3626123a908346a7a8be8d9295f44e26.r2.dev/generations/4321.png";
const uploaded = () => ({ status: "success", id: 4321, output: [UPLOADED] });
/** The first bytes of a real PNG file (signature and IHDR): enough for the type check. */
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
const PNG_URI = `data:image/png;base64,${Buffer.from(PNG).toString("base64")}`;
const enterpriseSuccess = () => ({ status: "success", id: 87654, generationTime: 61.5, output: ["https://pub-3626123a908346a7a8be8d9295f44e26.r2.dev/video/87654.mp4"] });

/** Each submit method: its route, a request with the image, the answer, and whether it takes the image inline. */
const ENDPOINTS: Record<SubmitMethod, { route: string; params: Record<string, unknown>; answer: () => unknown; inline: boolean }> = {
  img2video: { route: "POST /v6/video/img2video", params: { model_id: "wan2.2" }, answer: v6Success, inline: false },
  img2videoUltra: { route: "POST /v6/video/img2video_ultra", params: { model_id: "wan2.2", prompt: "waves" }, answer: v6Success, inline: true },
  fusionImg2video: { route: "POST /v7/video-fusion/image-to-video", params: { model_id: "wan2.6-i2v", duration: "5", resolution: "720p" }, answer: v7Success, inline: false },
  enterpriseImg2video: { route: "POST /v1/enterprise/video/img2video", params: { model_id: "svd" }, answer: enterpriseSuccess, inline: true },
  enterpriseImg2videoUltra: { route: "POST /v1/enterprise/image_to_video_ultra/img2video", params: { prompt: "moving character" }, answer: enterpriseSuccess, inline: false },
};

const serve = scriptedServerPerTest();

const clientFor = (server: ScriptedServer) => new ModelsLab({ apiKey: KEY, baseUrl: server.url });

function submit(ml: ModelsLab, method: SubmitMethod, params: Record<string, unknown>) {
  // Each method takes its own request type; the table above holds valid ones.
  return (ml[method] as unknown as (p: Record<string, unknown>) => Promise<unknown>).call(ml, params);
}

function expectContractRequests(server: ScriptedServer): void {
  expect(server.requests.filter((r) => r.violations.length > 0 || r.route === "unscripted")).toEqual([]);
}

describe("a local PNG on every endpoint", () => {
  it("covers the five submit methods", () => {
    expect(Object.keys(ENDPOINTS).sort()).toEqual(Object.keys(SUBMIT_OPERATIONS).sort());
  });

  it.each(Object.entries(ENDPOINTS))("%s: inline where the request has a base64 flag, else uploaded first; one submit", async (method, endpoint) => {
    const server = await serve({ [UPLOAD]: [reply.json(200, uploaded())], [endpoint.route]: [reply.json(200, endpoint.answer())] });
    await submit(clientFor(server), method as SubmitMethod, { ...endpoint.params, init_image: PNG });
    expect(server.requestsTo(endpoint.route)).toHaveLength(1);
    const sent = server.requestsTo(endpoint.route)[0]!.body as Record<string, unknown>;
    if (endpoint.inline) {
      expect(server.requests.map((r) => r.route)).toEqual([endpoint.route]);
      expect(sent).toMatchObject({ init_image: PNG_URI, base64: true, key: KEY });
    } else {
      expect(server.requests.map((r) => r.route)).toEqual([UPLOAD, endpoint.route]);
      expect(server.requestsTo(UPLOAD)[0]!.body).toEqual({ key: KEY, base64_string: PNG_URI });
      expect(sent).toMatchObject({ init_image: UPLOADED, key: KEY });
      expect(sent).not.toHaveProperty("base64");
    }
    expectContractRequests(server);
  });

  it("takes a Blob as well, and waits on the fifth endpoint's own fetch endpoint", async () => {
    const ultra = ENDPOINTS.enterpriseImg2videoUltra;
    const server = await serve({
      [UPLOAD]: [reply.json(200, uploaded())],
      [ultra.route]: [reply.json(200, { status: "processing", eta: 0.001, id: 87654, fetch_result: "https://modelslab.com/api/v1/enterprise/image_to_video_ultra/fetch/87654" })],
      "POST /v1/enterprise/image_to_video_ultra/fetch/{id}": [reply.json(200, enterpriseSuccess())],
    });
    const ml = new ModelsLab({ apiKey: KEY, baseUrl: server.url, wait: { schedule: { minIntervalMs: 1, maxIntervalMs: 5, jitter: 0, backoff: 1.5 } } });
    const video = await ml.enterpriseImg2videoUltra({ prompt: "moving character", init_image: new Blob([PNG], { type: "image/png" }) }).wait();
    expect(video).toMatchObject({ id: "87654", family: "enterprise-ultra", output: enterpriseSuccess().output });
    expect(server.requests.map((r) => r.route)).toEqual([UPLOAD, ultra.route, "POST /v1/enterprise/image_to_video_ultra/fetch/{id}"]);
    expectContractRequests(server);
  });
});

describe("refused before anything is sent", () => {
  const big = () => {
    const bytes = new Uint8Array(6 * 1024 * 1024);
    bytes.set(PNG);
    return bytes;
  };

  it.each([
    ["a 6 MB Uint8Array, inline endpoint", "img2videoUltra", big],
    ["a 6 MB Uint8Array, upload endpoint", "img2video", big],
    ["a 6 MB Blob, upload endpoint", "enterpriseImg2videoUltra", () => new Blob([big()])],
  ] as const)("%s", async (_, method, image) => {
    const endpoint = ENDPOINTS[method];
    const server = await serve({ [UPLOAD]: [reply.json(200, uploaded())], [endpoint.route]: [reply.json(200, endpoint.answer())] });
    const error = await submit(clientFor(server), method, { ...endpoint.params, init_image: image() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as InvalidRequestError).issues).toEqual([
      { field: "init_image", rule: "maxBytes", message: `is 6,291,456 bytes; ModelsLab takes images of at most 5 MB (${MAX_IMAGE_BYTES.toLocaleString("en")} bytes)` },
    ]);
    expect(server.requests).toEqual([]);
  });

  it("an image of exactly 5 MB goes through", async () => {
    const server = await serve({ [UPLOAD]: [reply.json(200, uploaded())] });
    const bytes = new Uint8Array(MAX_IMAGE_BYTES);
    bytes.set(PNG);
    await expect(clientFor(server).uploadImage(bytes)).resolves.toMatchObject({ url: UPLOADED, id: "4321" });
  });

  it("bytes that are not an image, and a request the schema rejects (no upload for a request that would fail)", async () => {
    const server = await serve({ [UPLOAD]: [reply.json(200, uploaded())], [ENDPOINTS.img2video.route]: [reply.json(200, v6Success())] });
    const ml = clientFor(server);
    const notImage = await ml.img2video({ model_id: "wan2.2", init_image: new TextEncoder().encode("GIF? no") }).catch((e: unknown) => e);
    expect((notImage as InvalidRequestError).issues).toEqual([{ field: "init_image", rule: "format", message: "is not a PNG, JPEG, GIF or WebP image" }]);
    const invalid = await ml.img2video({ model_id: "wan2.2", init_image: PNG, num_frames: 99 }).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(InvalidRequestError);
    expect((invalid as InvalidRequestError).issues.map((i) => i.field)).toEqual(["num_frames"]);
    expect(server.requests).toEqual([]);
  });

  it("an aborted signal", async () => {
    const server = await serve({ [UPLOAD]: [reply.json(200, uploaded())] });
    const controller = new AbortController();
    controller.abort();
    await expect(clientFor(server).img2video({ model_id: "wan2.2", init_image: PNG }, { signal: controller.signal })).rejects.toBeInstanceOf(AbortedError);
    expect(server.requests).toEqual([]);
  });
});

describe("the upload's own errors are typed, and no submit follows them", () => {
  it.each([
    ["401", reply.json(401, { status: "error", message: "Invalid API key" }), AuthenticationError],
    ["400", reply.json(400, { status: "error", message: "Invalid base64 string" }), APIError],
    ["an HTML page", fault.htmlPage(502), UnexpectedResponseError],
    ["success without a URL", reply.json(200, { status: "success", id: 9, output: [] }), UnexpectedResponseError],
  ] as const)("%s", async (_, answer, type) => {
    const route = ENDPOINTS.fusionImg2video.route;
    const server = await serve({ [UPLOAD]: [answer], [route]: [reply.json(200, v7Success())] });
    const error = await submit(clientFor(server), "fusionImg2video", { ...ENDPOINTS.fusionImg2video.params, init_image: PNG }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
    expect(server.requestsTo(route)).toEqual([]);
    expect(server.requestsTo(UPLOAD)).toHaveLength(1);
  });

  it("an upload answer that echoes the key never shows it", async () => {
    const server = await serve({ [UPLOAD]: [reply.json(400, { status: "error", message: `bad key ${KEY}` })] });
    const error = (await clientFor(server).uploadImage(PNG).catch((e: unknown) => e)) as APIError;
    expect(error).toBeInstanceOf(APIError);
    expect(`${error.message} ${JSON.stringify(error.body)}`).not.toContain(KEY);
  });
});

describe("ml.uploadImage()", () => {
  it("uploads a PNG once and returns its URL", async () => {
    const server = await serve({ [UPLOAD]: [reply.json(200, uploaded())] });
    const result = await clientFor(server).uploadImage(new Blob([PNG]));
    expect(result).toEqual({ url: UPLOADED, id: "4321", response: uploaded() });
    expect(server.requests.map((r) => r.body)).toEqual([{ key: KEY, base64_string: PNG_URI }]);
    expectContractRequests(server);
  });
});

describe("the data: URI's base64", () => {
  it("is RFC 4648 base64, padded, for every length and byte (as Node's Buffer writes it)", () => {
    for (let length = 0; length <= 7; length++) {
      const bytes = Uint8Array.from({ length }, (_, i) => 255 - i * 37);
      expect(base64Of(bytes), `length ${length}`).toBe(Buffer.from(bytes).toString("base64"));
    }
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(3), (whole, offset) => {
        const bytes = whole.subarray(Math.min(offset, whole.length));
        return base64Of(bytes) === Buffer.from(bytes).toString("base64");
      }),
      { seed: 20261201, numRuns: 300 },
    );
  });
});
