/**
 * ModelsLab's webhook deliveries: POSTed to the `webhook` URL of a request when the generation
 * ends. ModelsLab signs nothing, so anyone who knows the URL can post to it: treat a delivery as a
 * hint and confirm with `wait(payload.id)` before trusting it. Deliveries may repeat: deduplicate
 * on `id` (and `track_id`).
 */
import { ModelsLabError, type ValidationIssue } from "../core/errors.js";
import { guardSync } from "../internal/error-boundary.js";
import { parseJsonExactIds } from "../internal/exact-json.js";
import { copyOf } from "../internal/options.js";

export interface WebhookSuccess {
  status: "success";
  id: string;
  output: string[];
  /** Seconds spent generating, when sent. */
  generationTime: number | undefined;
  /** The `track_id` of the request, as sent (a string on v6, an integer on enterprise). */
  track_id: string | number | null | undefined;
  meta: Record<string, unknown> | undefined;
}

export interface WebhookFailure {
  status: "failed" | "error";
  id: string;
  message: string | undefined;
  track_id: string | number | null | undefined;
}

export type WebhookPayload = WebhookSuccess | WebhookFailure;

/** A webhook body that is not a ModelsLab delivery. */
export class InvalidWebhookError extends ModelsLabError {
  override name = "InvalidWebhookError";
  constructor(readonly issues: ValidationIssue[]) {
    super(`Not a ModelsLab webhook delivery:\n${issues.map((issue) => `  - ${issue.field || "(body)"}: ${issue.message} (${issue.rule})`).join("\n")}`);
  }
}

function bodyOf(body: unknown): unknown {
  const text = typeof body === "string" ? body : body instanceof Uint8Array || body instanceof ArrayBuffer ? new TextDecoder().decode(body) : undefined;
  if (text === undefined) return body;
  try {
    // Integer ids beyond 2^53 stay the exact string of their digits, so deduplicating on `id` holds.
    return parseJsonExactIds(text);
  } catch {
    throw new InvalidWebhookError([{ field: "", rule: "type", message: "is not JSON" }]);
  }
}

/**
 * Parses and checks a webhook body (raw text, bytes, or already-parsed JSON) into a typed payload.
 * Pass the raw body where you can: an integer id beyond 2^53 keeps every digit only when read
 * from text (an already-parsed number that large has lost digits and is refused).
 */
export function parseWebhook(body: unknown): WebhookPayload {
  return guardSync(undefined, () => webhookOf(body));
}

function webhookOf(body: unknown): WebhookPayload {
  const value = bodyOf(body);
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new InvalidWebhookError([{ field: "", rule: "type", message: "must be a JSON object" }]);
  let fields: Record<string, unknown>;
  try {
    fields = copyOf(value, "");
  } catch {
    throw new InvalidWebhookError([{ field: "", rule: "readable", message: "its fields could not be read" }]);
  }
  const issues: ValidationIssue[] = [];
  const { status, id, output, generationTime, track_id, meta } = fields;
  if (status !== "success" && status !== "failed" && status !== "error")
    issues.push({ field: "status", rule: "enum", message: 'must be one of "success", "failed", "error"' });
  if (!(typeof id === "string" && id !== "") && !(typeof id === "number" && Number.isSafeInteger(id)))
    issues.push({
      field: "id",
      rule: "type",
      message: typeof id === "number" && Number.isFinite(id) ? "is a number that has lost digits (above 2^53): pass the raw body, where it is kept exact" : "must be a non-empty string or a whole number",
    });
  if (status === "success" && !(Array.isArray(output) && output.every((url) => typeof url === "string")))
    issues.push({ field: "output", rule: "type", message: "must be an array of URLs" });
  if (track_id !== undefined && track_id !== null && typeof track_id !== "string" && typeof track_id !== "number")
    issues.push({ field: "track_id", rule: "type", message: "must be a string, an integer or null" });
  if (generationTime !== undefined && typeof generationTime !== "number")
    issues.push({ field: "generationTime", rule: "type", message: "must be a number" });
  if (meta !== undefined && (typeof meta !== "object" || meta === null || Array.isArray(meta)))
    issues.push({ field: "meta", rule: "type", message: "must be an object" });
  if (issues.length > 0) throw new InvalidWebhookError(issues);
  const common = { id: String(id), track_id: track_id as WebhookPayload["track_id"] };
  if (status === "success")
    return { status, ...common, output: output as string[], generationTime: generationTime as number | undefined, meta: meta as Record<string, unknown> | undefined };
  const message = fields.message ?? fields.messege;
  return { status: status as "failed" | "error", ...common, message: typeof message === "string" ? message : undefined };
}
