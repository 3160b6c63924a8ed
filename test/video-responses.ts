/** Answers shaped as ModelsLab sends them (API-FACTS.md), for scripting the local server. */

export const V6_ID = 155918900;

/** `eta: null` leaves the field out. */
export function v6Processing(eta: number | null = 416.94, id: number = V6_ID) {
  return {
    status: "processing",
    tip: "Your request is queued; fetch it after the eta",
    ...(eta === null ? {} : { eta }),
    message: "Try to fetch request after seconds estimated",
    fetch_result: `https://modelslab.com/api/v6/video/fetch/${id}`,
    id,
    output: [],
    meta: { model_id: "wan2.2", num_frames: 25 },
    future_links: [`https://pub-3626123a908346a7a8be8d9295f44e26.r2.dev/video/${id}.mp4`],
  };
}

export function v6Success(id: number = V6_ID) {
  return {
    status: "success",
    generationTime: 93.27,
    id,
    output: [`https://pub-3626123a908346a7a8be8d9295f44e26.r2.dev/video/${id}.mp4`],
    proxy_links: [`https://cdn2.stablediffusionapi.com/video/${id}.mp4`],
    meta: { model_id: "wan2.2", num_frames: 25, seed: 1234 },
  };
}

export const V7_ID = "a1b2c3d4-v7";

/** A v7 processing answer as seen in third-party tests: no id, only the fetch_result URL carries it. */
export function v7ProcessingWithoutId(eta = 12.5) {
  return {
    status: "processing",
    eta,
    fetch_result: `https://modelslab.com/api/v7/video-fusion/fetch/${V7_ID}`,
    future_links: [`https://pub-3626123a908346a7a8be8d9295f44e26.r2.dev/video/${V7_ID}.mp4`],
  };
}

export function v7Success() {
  return { status: "success", id: V7_ID, output: [`https://pub-3626123a908346a7a8be8d9295f44e26.r2.dev/video/${V7_ID}.mp4`], meta: {} };
}

export function failed(message = "Video generation failed: content policy") {
  return { status: "failed", id: V6_ID, message };
}

export function apiError(message: string, spelling: "message" | "messege" = "message") {
  return { status: "error", [spelling]: message };
}

export function rateLimited(retryAfterSeconds = 30) {
  return { status: "error", message: "Rate limit exceeded. Maximum 5 queued requests allowed.", retry_after: retryAfterSeconds };
}

export const IMG2VIDEO = { model_id: "wan2.2", init_image: "https://example.com/cat.png", prompt: "the cat turns its head" } as const;
