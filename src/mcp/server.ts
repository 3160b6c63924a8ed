/// <reference types="node" />
/**
 * The MCP server over the client: the tools of tools.ts, each call answered through one
 * boundary (`answer`) that turns every outcome into a tool result or a tool error and redacts
 * the key from all of it, whatever the API sent. Money is guarded here and nowhere else:
 *
 * - a submit is made by exactly one call of the client's submit method, which never resends a
 *   billed request; a tool call the agent repeats is a new job, and the result says so, naming
 *   the earlier jobs with the same arguments;
 * - `maxSubmits` per server process: a submit past it is a tool error, nothing sent; a submit
 *   that failed with nothing sent or refused gives its place back;
 * - where the client supports elicitation, each submit is confirmed by the user first.
 *
 * The state (submits counted, jobs submitted) belongs to the process: every MCP session of a
 * Streamable HTTP server shares it.
 */
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult, type ServerNotification, type ServerRequest } from "@modelcontextprotocol/sdk/types.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import {
  AbortedError,
  GenerationFailedError,
  InvalidRequestError,
  isFamily,
  MAX_IMAGE_BYTES,
  ModelsLabError,
  submitEndpoint,
  WaitTimeoutError,
  type Family,
  type JournalRecord,
  type ModelsLab,
  type SubmitCall,
  type SubmitMethod,
  type SubmitOptions,
  type SubmitState,
  type Video,
  type VideoResponse,
  type WaitProgress,
} from "../index.js";
import { redactorFor, type Redactor } from "../internal/redaction.js";
import { allowedFiles, FileRefusedError, type AllowedFiles } from "./allowed-files.js";
import { DEFAULT_MAX_SUBMITS } from "./limits.js";
import { allTools, SUBMIT_TOOLS } from "./tools.js";

export { DEFAULT_MAX_SUBMITS };

export interface McpServerOptions {
  ml: ModelsLab;
  /** The key the client holds: redacted from everything the server says. */
  apiKey: string;
  /** Submits allowed in this process (default 10). */
  maxSubmits?: number;
  /** Directories upload_image may read files in. */
  allowDirs?: readonly string[];
  /** Ask the user through elicitation before each submit, where the client supports it (default true). */
  confirm?: boolean;
  /** Receives a line per tool call (stderr by default); key redacted. */
  log?: (line: string) => void;
  /** Said in the server's instructions (e.g. that this is a mock). */
  note?: string;
  /** The API is a mock: results say a job costs nothing. */
  mock?: boolean;
  /** A batch journal (modelslab-video/journal) whose jobs list_jobs shows too, read only. */
  journal?: { label: string; list(): Promise<readonly JournalRecord[]> };
  version: string;
}

/** A job this process submitted, as list_jobs shows it. */
interface JobEntry {
  id: string;
  family: Family;
  tool: string;
  submittedAt: string;
  status: string;
  eta?: number;
  output?: string[];
  /** The submit's arguments, as text: repeated calls with the same ones are told about the earlier jobs. */
  arguments: string;
}

const DEFAULT_WAIT_SECONDS = 50;
const GET_JOB_LIMIT_MS = 30_000;

/** A tool error: what the agent sees when a call did not do what it asked. */
class ToolRefusal extends Error {
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** The same arguments whatever the order of their fields. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (typeof value === "object" && value !== null)
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(",")}}`;
  return JSON.stringify(value) ?? "null";
}

const BILLING: Record<SubmitState, string> = {
  "not-sent": "nothing was sent, nothing billed",
  refused: "the API refused it: nothing queued, nothing billed",
  "maybe-queued": "it may have been queued and billed: check before submitting again (it was not sent again)",
};

/** What an error says to the agent: its message, the job id where there is one, and whether anything may have been billed. */
function errorDetails(error: unknown): { message: string; details: Record<string, unknown> } {
  if (error instanceof ToolRefusal) return { message: error.message, details: error.details };
  if (!(error instanceof ModelsLabError)) return { message: "internal failure of the MCP server", details: { error: "InternalError" } };
  const details: Record<string, unknown> = { error: error.name };
  const job = error instanceof WaitTimeoutError || error instanceof AbortedError ? error.job : undefined;
  const id = error instanceof GenerationFailedError ? error.id : job?.id;
  if (id !== undefined) details.job_id = id;
  if (job) details.family = job.family;
  if (error.submitState !== undefined) {
    details.submit_state = error.submitState;
    details.billing = BILLING[error.submitState];
  } else if (error instanceof GenerationFailedError) details.billing = "the job was queued and ran; whether a failed job is billed is ModelsLab's to say";
  if (error instanceof InvalidRequestError) details.issues = error.issues;
  return { message: error.message, details };
}

function submitCall(ml: ModelsLab, method: SubmitMethod, params: Record<string, unknown>, options: SubmitOptions): SubmitCall<VideoResponse> {
  const call = ml[method] as (params: Record<string, unknown>, options?: SubmitOptions) => SubmitCall<VideoResponse>;
  return call.call(ml, params, options);
}

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

function jobArgument(args: Record<string, unknown>): { id: string; family: Family } {
  const id = args.job_id;
  const family = args.family;
  if (typeof id !== "string" || id === "") throw new ToolRefusal("job_id must be the id a generate_… tool returned (a non-empty string)", { error: "InvalidArguments" });
  if (!isFamily(family)) throw new ToolRefusal('family must be "v6", "v7", "enterprise" or "enterprise-ultra"', { error: "InvalidArguments" });
  return { id, family };
}

function videoResult(video: Video): Record<string, unknown> {
  return { status: "success", job_id: video.id, family: video.family, output: video.output, generation_time: video.generationTime, polls: video.polls };
}

/** The process's tools and state; `connect` serves them on a new MCP Server per session. */
export function createMcpTools(options: McpServerOptions): { newServer(): Server; jobs(): readonly JobEntry[] } {
  const { ml } = options;
  const maxSubmits = options.maxSubmits ?? DEFAULT_MAX_SUBMITS;
  const confirm = options.confirm ?? true;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const redactor: Redactor = redactorFor(options.apiKey);
  const files: AllowedFiles = allowedFiles(options.allowDirs ?? []);
  const jobs: JobEntry[] = [];
  let submitsTaken = 0;

  const remember = (job: { id: string; family: Family }, update: Partial<JobEntry>) => {
    const entry = jobs.find((each) => each.id === job.id && each.family === job.family);
    if (entry) Object.assign(entry, update);
  };

  const generate = async (server: Server, tool: string, method: SubmitMethod, args: Record<string, unknown>): Promise<Record<string, unknown>> => {
    if ("key" in args) throw new ToolRefusal("key is not an argument: the server holds the API key; nothing was sent", { error: "InvalidArguments", submit_state: "not-sent", billing: BILLING["not-sent"] });
    if (submitsTaken >= maxSubmits)
      throw new ToolRefusal(`spend limit reached: this server allows ${maxSubmits} submit${maxSubmits === 1 ? "" : "s"} per process (--max-submits ${maxSubmits}); nothing was sent`, {
        error: "SpendLimit",
        submit_state: "not-sent",
        billing: BILLING["not-sent"],
        submits_used: submitsTaken,
        max_submits: maxSubmits,
      });
    // Taken before anything else can run: concurrent calls cannot overshoot the limit.
    submitsTaken += 1;
    const endpoint = await submitEndpoint(method);
    const argumentsText = canonical(args);
    try {
      if (confirm && server.getClientCapabilities()?.elicitation) {
        const summary = [args.model_id !== undefined ? `model ${String(args.model_id)}` : undefined, typeof args.prompt === "string" ? `prompt ${JSON.stringify(args.prompt.slice(0, 120))}` : undefined]
          .filter(Boolean)
          .join(", ");
        const answer = await server.elicitInput({
          message: `Submit a billed video job to ${endpoint.family} POST ${endpoint.path}${summary ? ` (${summary})` : ""}? Submit ${submitsTaken} of at most ${maxSubmits} in this server.`,
          requestedSchema: { type: "object", properties: { confirm: { type: "boolean", title: "Submit this billed job", description: "true to submit" } }, required: ["confirm"] },
        });
        if (answer.action !== "accept" || answer.content?.confirm !== true)
          throw new ToolRefusal(`not confirmed (${answer.action}): nothing was sent`, { error: "NotConfirmed", submit_state: "not-sent", billing: BILLING["not-sent"] });
      }
      // The one call that sends it. No signal: a cancelled tool call must not lose a job's id.
      const first = await submitCall(ml, method, args, {});
      const job = ml.job(first, endpoint.family);
      const earlier = jobs.filter((each) => each.tool === tool && each.arguments === argumentsText).map((each) => each.id);
      const entry: JobEntry = { id: job.id, family: job.family, tool, submittedAt: new Date().toISOString(), status: first.status, arguments: argumentsText };
      if (typeof first.eta === "number") entry.eta = first.eta;
      if (first.status === "success" && Array.isArray(first.output)) entry.output = first.output.filter((url): url is string => typeof url === "string");
      jobs.unshift(entry);
      log(`${tool}: job ${job.id} (${job.family}) ${first.status}; submit ${submitsTaken} of ${maxSubmits}`);
      return {
        job_id: job.id,
        family: job.family,
        status: first.status,
        ...(entry.eta !== undefined ? { eta_seconds: entry.eta } : {}),
        ...(entry.output ? { output: entry.output } : {}),
        billed: options.mock ? "a new job on the mock (nothing billed)" : "a new job was queued (billed)",
        submits_used: submitsTaken,
        max_submits: maxSubmits,
        ...(earlier.length > 0
          ? { same_arguments_earlier: earlier, note: `This is a NEW job: ${earlier.length} earlier job(s) with the same arguments (first: ${earlier.at(-1)}). To follow an earlier one, call wait_for_job with its id instead of submitting again.` }
          : {}),
        next: first.status === "success" ? "done" : `call wait_for_job with {"job_id": ${JSON.stringify(job.id)}, "family": ${JSON.stringify(job.family)}}`,
      };
    } catch (error) {
      // Nothing sent, or refused by the API: nothing was billed, so the place is given back.
      const state = error instanceof ModelsLabError ? error.submitState : undefined;
      if (error instanceof ToolRefusal || state === "not-sent" || state === "refused") submitsTaken -= 1;
      throw error;
    }
  };

  const progressSender = (extra: Extra): ((progress: WaitProgress) => void) => {
    const token = extra._meta?.progressToken;
    if (token === undefined) return () => {};
    return (progress) => {
      const seconds = progress.elapsedMs / 1000;
      const eta = progress.eta;
      const message =
        progress.status === "retrying"
          ? `poll ${progress.attempt} failed (${redactor.text(progress.error?.message ?? "error")}); retrying in ${Math.round(progress.nextPollInMs / 100) / 10} s`
          : `processing${eta !== undefined ? `, eta ${eta} s` : ""}; next poll in ${Math.round(progress.nextPollInMs / 100) / 10} s`;
      void extra
        .sendNotification({
          method: "notifications/progress",
          params: { progressToken: token, progress: Math.round(seconds * 10) / 10, ...(eta !== undefined ? { total: Math.round((seconds + eta) * 10) / 10 } : {}), message },
        })
        .catch(() => {});
    };
  };

  const waitForJob = async (args: Record<string, unknown>, extra: Extra): Promise<Record<string, unknown>> => {
    const { id, family } = jobArgument(args);
    const seconds = args.timeout_seconds ?? DEFAULT_WAIT_SECONDS;
    if (typeof seconds !== "number" || !(seconds > 0) || seconds > 600) throw new ToolRefusal("timeout_seconds must be a number above 0 and at most 600", { error: "InvalidArguments" });
    const sendProgress = progressSender(extra);
    let last: WaitProgress | undefined;
    try {
      const video = await ml.wait(id, {
        family,
        timeoutMs: seconds * 1000,
        signal: extra.signal,
        onProgress: (progress) => {
          last = progress;
          if (progress.eta !== undefined) remember({ id, family }, { status: "processing", eta: progress.eta });
          sendProgress(progress);
        },
      });
      remember(video, { status: "success", output: video.output });
      return videoResult(video);
    } catch (error) {
      if (error instanceof WaitTimeoutError)
        return {
          status: "processing",
          job_id: id,
          family,
          ...(last?.eta !== undefined ? { eta_seconds: last.eta } : {}),
          waited_seconds: Math.round(error.elapsedMs / 100) / 10,
          next: `not finished within ${seconds} s; call wait_for_job again with {"job_id": ${JSON.stringify(id)}, "family": ${JSON.stringify(family)}}`,
        };
      if (error instanceof GenerationFailedError) remember({ id, family }, { status: "failed" });
      throw error;
    }
  };

  const getJob = async (args: Record<string, unknown>, extra: Extra): Promise<Record<string, unknown>> => {
    const { id, family } = jobArgument(args);
    // One poll: the wait is stopped at its first answer that is not the end.
    const stop = new AbortController();
    extra.signal.addEventListener("abort", () => stop.abort(extra.signal.reason), { once: true });
    let seen: WaitProgress | undefined;
    try {
      const video = await ml.wait(id, { family, timeoutMs: GET_JOB_LIMIT_MS, signal: stop.signal, maxPollRetries: 0, onProgress: (progress) => ((seen = progress), stop.abort()) });
      remember(video, { status: "success", output: video.output });
      return videoResult(video);
    } catch (error) {
      if (error instanceof AbortedError && seen?.status === "processing" && !extra.signal.aborted) {
        remember({ id, family }, { status: "processing", ...(seen.eta !== undefined ? { eta: seen.eta } : {}) });
        return { status: "processing", job_id: id, family, ...(seen.eta !== undefined ? { eta_seconds: seen.eta } : {}), next: `call wait_for_job with {"job_id": ${JSON.stringify(id)}, "family": ${JSON.stringify(family)}}` };
      }
      if (error instanceof AbortedError && seen?.error) throw seen.error;
      if (error instanceof GenerationFailedError) remember({ id, family }, { status: "failed" });
      throw error;
    }
  };

  const uploadImage = async (args: Record<string, unknown>): Promise<Record<string, unknown>> => {
    if (typeof args.path !== "string" || args.path === "") throw new ToolRefusal("path must be a non-empty string", { error: "InvalidArguments" });
    let bytes: Uint8Array;
    try {
      bytes = files.read(args.path, MAX_IMAGE_BYTES);
    } catch (error) {
      if (error instanceof FileRefusedError) throw new ToolRefusal(`${error.message}; nothing was sent`, { error: "FileRefused" });
      throw error;
    }
    const uploaded = await ml.uploadImage(bytes);
    log(`upload_image: ${args.path} uploaded`);
    return { url: uploaded.url, expires: "24 hours after the upload", next: "pass url as init_image to a generate_… tool" };
  };

  const call = async (server: Server, name: string, args: Record<string, unknown>, extra: Extra): Promise<Record<string, unknown>> => {
    const method = SUBMIT_TOOLS.get(name);
    if (method) return generate(server, name, method, args);
    if (name === "wait_for_job") return waitForJob(args, extra);
    if (name === "get_job") return getJob(args, extra);
    if (name === "upload_image") return uploadImage(args);
    if (name === "list_jobs") {
      const journal = options.journal;
      const records = journal ? await journal.list() : undefined;
      return {
        source: journal
          ? `the jobs this server process submitted (in memory), and the batch journal ${journal.label} (read only)`
          : "the jobs this server process submitted (kept in memory; a restart starts an empty list; start the server with --journal to list a batch's jobs too)",
        submits_used: submitsTaken,
        max_submits: maxSubmits,
        jobs: jobs.map(({ arguments: _arguments, ...entry }) => entry),
        ...(records
          ? {
              batch_jobs: [...records].reverse().map((record) => ({
                key: record.key,
                endpoint: record.endpoint,
                state: record.state,
                ...(record.id !== undefined ? { id: record.id } : {}),
                ...(record.family !== undefined ? { family: record.family } : {}),
                ...(record.output !== undefined ? { output: record.output } : {}),
                ...(record.reason !== undefined ? { reason: record.reason } : {}),
                submits: record.submits,
                updatedAt: new Date(record.updatedAt).toISOString(),
              })),
            }
          : {}),
      };
    }
    throw new ToolRefusal(`unknown tool ${JSON.stringify(name)}`, { error: "UnknownTool" });
  };

  /** The one boundary: every outcome becomes a result or a tool error, with the key redacted from all of it. */
  const answer = async (server: Server, name: string, args: Record<string, unknown>, extra: Extra): Promise<CallToolResult> => {
    try {
      const result = redactor.value(await call(server, name, args, extra)) as Record<string, unknown>;
      return { content: [{ type: "text", text: JSON.stringify(result, null, 2) }], structuredContent: result };
    } catch (error) {
      const { message, details } = errorDetails(error);
      const body = redactor.value({ message, ...details }) as Record<string, unknown>;
      log(redactor.text(`${name}: ${String(body.error ?? "error")}: ${message.split("\n")[0]}`));
      return { isError: true, content: [{ type: "text", text: JSON.stringify(body, null, 2) }], structuredContent: body };
    }
  };

  const instructions = [
    "Generate videos from images with ModelsLab. Each generate_… call is a new billed job (never resent by this server);",
    "follow it with wait_for_job (bounded by timeout_seconds; call again while it says processing).",
    `At most ${maxSubmits} submits in this server process.`,
    options.note,
  ]
    .filter(Boolean)
    .join(" ");

  const newServer = (): Server => {
    const server = new Server({ name: "modelslab-video", version: options.version }, { capabilities: { tools: {} }, instructions });
    server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: allTools() }));
    server.setRequestHandler(CallToolRequestSchema, (request, extra) => answer(server, request.params.name, (request.params.arguments ?? {}) as Record<string, unknown>, extra));
    return server;
  };
  return { newServer, jobs: () => jobs };
}
