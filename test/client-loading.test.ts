/**
 * The client's calls live in a module loaded after the client (src/lib/client-calls.ts, through
 * src/lib/deferred.ts), which the constructor starts loading. These tests run the client in a
 * fresh module graph (vi.resetModules), so that module has not loaded when the first call is made,
 * and make its load fail (vi.doMock) as a web page's would when offline or after a deploy removed
 * the file.
 */
import { afterEach, describe, expect, it, vi } from "vitest";

const KEY = "sk-loading-canary-0123456789abcdef";
const PARAMS = { model_id: "wan2.2", init_image: "https://example.com/cat.png" } as const;
const DEFERRED = "../src/lib/deferred.js";
const VALIDATION = "../src/internal/request-validation.js";

afterEach(() => {
  vi.doUnmock(DEFERRED);
  vi.doUnmock(VALIDATION);
  vi.resetModules();
});

/** The client's entry in a module graph of its own: nothing of it loaded yet. */
async function freshEntry() {
  vi.resetModules();
  return await import("../src/index.js");
}

/** Every string an error holds, its cause chain included, as one text. */
function everythingIn(error: unknown, depth = 0): string {
  if (depth > 8 || typeof error !== "object" || error === null) return String(error);
  const own = Object.getOwnPropertyNames(error).map((name) => {
    const value = (error as Record<string, unknown>)[name];
    return name === "cause" ? everythingIn(value, depth + 1) : typeof value === "string" ? value : JSON.stringify(value) ?? "";
  });
  return own.join("\n");
}

describe("a call made before the calls' module has loaded", () => {
  it("when the module cannot be loaded: no unhandled rejection from the constructor's prefetch, every call rejects with a ConnectionError (nothing sent, the key nowhere), and a later call loads it again", async () => {
    vi.doMock(DEFERRED, () => {
      throw new Error(`Failed to fetch dynamically imported module (key=${KEY}, ${btoa(KEY)})`);
    });
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      const { ConnectionError, ModelsLab, ModelsLabError } = await freshEntry();
      const sent: string[] = [];
      const ml = new ModelsLab({
        apiKey: KEY,
        validate: false,
        fetch: async (input) => (sent.push(String(input)), Response.json({ status: "success", id: 7, output: ["https://example.com/v.mp4"] })),
      });
      // The prefetch the constructor started has failed by the time a later import of the module does.
      await import(DEFERRED).catch(() => {});
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);

      const call = ml.img2video(PARAMS);
      const waited = call.wait();
      const [submitError, waitError] = await Promise.all([call.then(() => "resolved", (error: unknown) => error), waited.then(() => "resolved", (error: unknown) => error)]);
      expect(submitError).toBeInstanceOf(ConnectionError);
      expect((submitError as InstanceType<typeof ModelsLabError>).submitState).toBe("not-sent");
      expect((submitError as Error).message).toMatch(/could not be loaded; nothing was sent/);
      // The .wait() of the submit ends with the submit's own error, also one asked for after the load failed.
      expect(waitError).toBe(submitError);
      await expect(call.wait()).rejects.toBe(submitError);
      const others = await Promise.all([
        ml.wait(7, { family: "v6" }).catch((error: unknown) => error),
        ml.processingRequestCount().catch((error: unknown) => error),
        ml.uploadImage(new Uint8Array([0x89, 0x50, 0x4e, 0x47])).catch((error: unknown) => error),
        ml.batch([]).summary().catch((error: unknown) => error),
      ]);
      for (const error of others) {
        expect(error).toBeInstanceOf(ConnectionError);
        // Not a submit: no submitState.
        expect((error as InstanceType<typeof ModelsLabError>).submitState).toBeUndefined();
      }
      for (const error of [submitError, ...others]) {
        const text = everythingIn(error);
        expect(text).toContain("Failed to fetch dynamically imported module");
        expect(text).not.toContain(KEY);
        expect(text).not.toContain(btoa(KEY).slice(0, 16));
      }
      expect(sent).toEqual([]);

      // Back online: the next call loads the module and is sent, once.
      vi.doUnmock(DEFERRED);
      await expect(ml.img2video(PARAMS)).resolves.toMatchObject({ status: "success", id: 7 });
      expect(sent).toHaveLength(1);
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });

  it("when validation cannot be loaded: a submit that validates rejects with a ConnectionError (nothing sent), and a later one loads it again", async () => {
    vi.doMock(VALIDATION, () => {
      throw new Error("Failed to fetch dynamically imported module");
    });
    const { ConnectionError, InvalidRequestError, ModelsLab } = await freshEntry();
    const sent: string[] = [];
    const ml = new ModelsLab({ apiKey: KEY, fetch: async (input) => (sent.push(String(input)), Response.json({ status: "success", id: 10, output: [] })) });
    const error = await ml.img2video(PARAMS).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as InstanceType<typeof ConnectionError>).submitState).toBe("not-sent");
    expect(sent).toEqual([]);
    vi.doUnmock(VALIDATION);
    await expect(ml.img2video({ ...PARAMS, init_image: "not a url" })).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(ml.img2video(PARAMS)).resolves.toMatchObject({ id: 10 });
    expect(sent).toHaveLength(1);
  });

  it("when validation cannot be loaded: a local image to upload and a batch item are refused the same way (a ConnectionError, nothing sent), through the one loader", async () => {
    vi.doMock(VALIDATION, () => {
      throw new Error("Failed to fetch dynamically imported module");
    });
    const { ConnectionError, ModelsLab } = await freshEntry();
    const sent: string[] = [];
    const ml = new ModelsLab({ apiKey: KEY, fetch: async (input) => (sent.push(String(input)), Response.json({ status: "success", id: 12, output: [] })) });
    // img2video takes no base64 image: the image would be uploaded, after the request is validated.
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
    const imageError = await ml.img2video({ ...PARAMS, init_image: png }).catch((thrown: unknown) => thrown);
    expect(imageError).toBeInstanceOf(ConnectionError);
    expect((imageError as Error).message).toMatch(/validation code could not be loaded/);
    const batchError = await ml.batch([{ endpoint: "img2video", params: { ...PARAMS } }]).summary().catch((thrown: unknown) => thrown);
    expect(batchError).toBeInstanceOf(ConnectionError);
    expect((batchError as Error).message).toMatch(/validation code could not be loaded/);
    expect(sent).toEqual([]);
  });

  it("when a module's load hangs (a stalled server): the call ends within the client's request time limit, a ConnectionError with nothing sent, and nothing is sent when the load arrives late", async () => {
    // The calls' module arrives only after the time limit has passed; validation hangs for good.
    const arrived = { calls: false };
    vi.doMock(DEFERRED, async (importOriginal) => {
      await new Promise((resolve) => setTimeout(resolve, 400));
      arrived.calls = true;
      return await importOriginal();
    });
    const { ConnectionError, ModelsLab } = await freshEntry();
    const sent: string[] = [];
    const fetch = async (input: RequestInfo | URL) => (sent.push(String(input)), Response.json({ status: "success", id: 11, output: ["https://example.com/v.mp4"] }));
    const ml = new ModelsLab({ apiKey: KEY, validate: false, timeoutMs: 60, fetch });
    const call = ml.img2video(PARAMS);
    const [submitError, waitError, otherError] = await Promise.all([
      call.catch((error: unknown) => error),
      call.wait({ timeoutMs: 1_000_000 }).catch((error: unknown) => error),
      ml.wait(11, { family: "v6" }).catch((error: unknown) => error),
    ]);
    expect(arrived.calls).toBe(false);
    expect(submitError).toBeInstanceOf(ConnectionError);
    expect((submitError as InstanceType<typeof ConnectionError>).submitState).toBe("not-sent");
    expect((submitError as Error).message).toMatch(/could not be loaded; nothing was sent/);
    expect(waitError).toBe(submitError);
    expect(otherError).toBeInstanceOf(ConnectionError);
    await vi.waitFor(() => expect(arrived.calls).toBe(true), { timeout: 5_000 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sent).toEqual([]);

    // Validation that never arrives: a submit that validates ends within its own time limit, nothing sent.
    vi.doMock(VALIDATION, () => new Promise(() => {}));
    const validating = new ModelsLab({ apiKey: KEY, timeoutMs: 60, fetch });
    const validated = await validating.img2video(PARAMS).catch((error: unknown) => error);
    expect(validated).toBeInstanceOf(ConnectionError);
    expect((validated as InstanceType<typeof ConnectionError>).submitState).toBe("not-sent");
    expect(sent).toEqual([]);
    // The calls' module has loaded by now: a call that needs no validation is sent, once.
    await expect(ml.img2video(PARAMS)).resolves.toMatchObject({ id: 11 });
    expect(sent).toHaveLength(1);
  });

  it("is still stopped before anything is sent by a .wait() whose options are invalid, as once the module is loaded", async () => {
    const { InvalidRequestError, ModelsLab } = await freshEntry();
    const sent: string[] = [];
    // Without validation nothing else is awaited before the request: only the stop can keep it from being sent.
    const ml = new ModelsLab({ apiKey: KEY, validate: false, fetch: async (input) => (sent.push(String(input)), Response.json({ status: "processing", id: 8, eta: 1 })) });
    const call = ml.img2video(PARAMS);
    const waited = call.wait({ timeoutMs: -1 });
    const [submitError, waitError] = await Promise.all([call.catch((error: unknown) => error), waited.catch((error: unknown) => error)]);
    expect(waitError).toBeInstanceOf(InvalidRequestError);
    expect((waitError as Error).message).toMatch(/timeoutMs/);
    expect((waitError as InstanceType<typeof InvalidRequestError>).submitState).toBe("not-sent");
    expect(submitError).toBe(waitError);
    expect(sent).toEqual([]);
  });

  it("waits under the same submit as awaiting it: one request for the call and each of its .wait()s", async () => {
    const { ModelsLab } = await freshEntry();
    const sent: string[] = [];
    const ml = new ModelsLab({
      apiKey: KEY,
      fetch: async (input) => (sent.push(new URL(String(input)).pathname), Response.json({ status: "success", id: 9, output: ["https://example.com/v.mp4"] })),
    });
    const call = ml.img2video(PARAMS);
    const [answer, first, second] = await Promise.all([call, call.wait(), call.wait()]);
    expect(answer).toMatchObject({ status: "success", id: 9 });
    expect(first.id).toBe("9");
    expect(second.id).toBe("9");
    expect(sent).toEqual(["/api/v6/video/img2video"]);
  });
});
