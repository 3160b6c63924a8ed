/**
 * The client against a real Prism mock of the merged document (static answers): every submit
 * method sends a body Prism accepts and returns a typed answer; every family's fetch endpoint
 * answers wait(); Prism's declared 401 and 429 answers become typed errors.
 */
import { describe, expect, it } from "vitest";
import { sharedPrism } from "../contract-tests/harness/shared-servers.js";
import { AuthenticationError, ModelsLab, RateLimitError, type Submitted, type V6VideoResponse } from "../src/index.js";

const prism = sharedPrism();

// Prism answers eta 1: a pause of a few ms instead (the schedule has tests of its own).
const client = (headers?: Record<string, string>) =>
  new ModelsLab({ apiKey: "test-key", baseUrl: prism.url, wait: { schedule: { minIntervalMs: 1, maxIntervalMs: 5 } }, ...(headers ? { headers } : {}) });
const image = "https://example.com/cat.png";

describe("against Prism", () => {
  it("each submit method sends a body the contract accepts and returns a success or processing answer", async () => {
    const ml = client();
    const answers = [
      await ml.img2video({ model_id: "wan2.2", init_image: image }),
      await ml.img2videoUltra({ model_id: "ltx-2.3", init_image: image, prompt: "waves" }),
      await ml.fusionImg2video({ model_id: "wan2.6-i2v", init_image: image }),
      await ml.enterpriseImg2video({ model_id: "svd", init_image: image }),
    ];
    for (const answer of answers) expect(["success", "processing"]).toContain(answer.status);
    const first: Submitted<V6VideoResponse> = answers[0]!;
    if (first.status === "success") expect(first.output).toEqual(expect.any(Array));
  });

  it("submit-and-wait resolves with the video for each endpoint", async () => {
    const ml = client();
    const videos = await Promise.all([
      ml.img2video({ model_id: "wan2.2", init_image: image }).wait(),
      ml.img2videoUltra({ model_id: "wan2.2", init_image: image, prompt: "waves" }).wait(),
      ml.fusionImg2video({ model_id: "wan2.6-i2v", init_image: image }).wait(),
      ml.enterpriseImg2video({ model_id: "svd", init_image: image }).wait(),
    ]);
    expect(videos.map((v) => v.family)).toEqual(["v6", "v6", "v7", "enterprise"]);
    for (const video of videos) expect(video.output.length).toBeGreaterThan(0);
  });

  it("wait() on an id polls each family's fetch endpoint, which Prism accepts", async () => {
    const ml = client();
    for (const family of ["v6", "v7", "enterprise"] as const) {
      const video = await ml.wait(12, { family });
      expect(video).toMatchObject({ id: "12", family, polls: 1 });
    }
  });

  it("Prism's 401 and 429 answers become AuthenticationError and RateLimitError (retry_after in ms)", async () => {
    await expect(client({ Prefer: "code=401" }).img2video({ model_id: "wan2.2", init_image: image })).rejects.toBeInstanceOf(AuthenticationError);
    const limited = await client({ Prefer: "code=429" }).img2video({ model_id: "wan2.2", init_image: image }).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(RateLimitError);
    expect(limited).toMatchObject({ status: 429, retryAfterMs: 30_000 });
  });
});
