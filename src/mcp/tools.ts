/**
 * The MCP server's tools, derived from the merged document rather than written by hand: one
 * `generate_…` tool per submit endpoint (named after the command line's endpoint, its input
 * schema the endpoint's request schema without `key`), and the tools that follow a job.
 * Annotations say which tools cost money and which are not idempotent.
 */
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { requestSchemas } from "../../generated/request-schemas.js";
import { SUBMIT_METHODS, SUBMIT_OPERATIONS, type SubmitMethod } from "../index.js";
import { operationIndex } from "../../generated/operations.js";

/** `img2videoUltra` → `generate_img2video_ultra`: the command line's endpoint name, snake case. */
export function toolNameOf(method: SubmitMethod): string {
  return `generate_${method.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)}`;
}

/** `_meta` key saying whether a call of the tool is billed. */
export const BILLED_META = "modelslab-video/billed";

const FAMILY = { type: "string", enum: ["v6", "v7", "enterprise", "enterprise-ultra"], description: "The API the job belongs to (the `family` of the job a generate_… tool returned)" } as const;
const JOB_ID = { type: "string", minLength: 1, maxLength: 200, description: "The job id a generate_… tool returned" } as const;

export const SUBMIT_TOOLS: ReadonlyMap<string, SubmitMethod> = new Map(SUBMIT_METHODS.map((method) => [toolNameOf(method), method]));

function submitTool(method: SubmitMethod): Tool {
  const operationId = SUBMIT_OPERATIONS[method];
  const { path, family } = operationIndex[operationId];
  return {
    name: toolNameOf(method),
    title: `Generate a video: ${family} POST ${path}`,
    description:
      `Submits ONE image-to-video job to ModelsLab (${family}, POST ${path}). COSTS MONEY: each call is a new, billed job, ` +
      "never sent twice by this server; calling it again with the same arguments makes a second job. " +
      "Returns the job (id, family, eta) at once; then call wait_for_job with it. init_image is an http(s) URL " +
      "(use upload_image first for a local file).",
    inputSchema: structuredClone(requestSchemas[operationId]) as Tool["inputSchema"],
    annotations: { title: `Generate a video (${family}, billed)`, readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    _meta: { [BILLED_META]: true },
  };
}

const READ_ONLY = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true } as const;

export const JOB_TOOLS: readonly Tool[] = [
  {
    name: "get_job",
    title: "Get a job's status",
    description: "Polls a job once: its status (processing, success with output URLs, or failed) and eta. Free; costs nothing.",
    inputSchema: { type: "object", properties: { job_id: JOB_ID, family: FAMILY }, required: ["job_id", "family"], additionalProperties: false },
    annotations: { title: "Get a job's status", ...READ_ONLY },
    _meta: { [BILLED_META]: false },
  },
  {
    name: "wait_for_job",
    title: "Wait for a job",
    description:
      "Waits for a job to finish, at most timeout_seconds (sends progress notifications from the API's eta when the request has a progressToken). " +
      "When the time is up and the job is still processing it returns the job to call wait_for_job with again; it never blocks longer. Free.",
    inputSchema: {
      type: "object",
      properties: {
        job_id: JOB_ID,
        family: FAMILY,
        timeout_seconds: { type: "number", exclusiveMinimum: 0, maximum: 600, default: 50, description: "How long to wait in this call, in seconds (keep it under your client's request timeout)" },
      },
      required: ["job_id", "family"],
      additionalProperties: false,
    },
    annotations: { title: "Wait for a job", ...READ_ONLY },
    _meta: { [BILLED_META]: false },
  },
  {
    name: "list_jobs",
    title: "List jobs",
    description: "The jobs this server submitted since it started, newest first, with their last known status. Free; sends nothing to the API.",
    inputSchema: { type: "object", properties: {}, additionalProperties: false },
    annotations: { title: "List jobs", readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    _meta: { [BILLED_META]: false },
  },
  {
    name: "upload_image",
    title: "Upload a local image",
    description:
      "Uploads a local PNG, JPEG, GIF or WebP image of at most 5 MB (a file inside a directory this server was allowed with --allow-dir) " +
      "through ModelsLab's base64_to_url, and returns its URL (it expires after 24 hours) to pass as init_image. Not billed as a generation.",
    inputSchema: { type: "object", properties: { path: { type: "string", minLength: 1, description: "The file's path (absolute, or relative to the first allowed directory)" } }, required: ["path"], additionalProperties: false },
    annotations: { title: "Upload a local image", readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    _meta: { [BILLED_META]: false },
  },
];

/** Every tool, the submit tools first, in the document's order. */
export function allTools(): Tool[] {
  return [...SUBMIT_METHODS.map(submitTool), ...JOB_TOOLS.map((tool) => structuredClone(tool))];
}
