/// <reference types="node" />
/**
 * `generate` and `wait`: thin over the client. They build the request from the command line with
 * the library's own field index, submit once, follow the job with progress on stderr, print the
 * result on stdout and map the outcome to an exit code. Ctrl-C never loses a queued job: during
 * the submit the first Ctrl-C waits for its answer (to learn the id), a second one quits at once.
 */
import { accessSync, constants, existsSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import {
  AbortedError,
  DEFAULT_BASE_URL,
  DEFAULT_WAIT_TIMEOUT_MS,
  InvalidRequestError,
  MAX_IMAGE_BYTES,
  ModelsLab,
  ModelsLabError,
  RequestTimeoutError,
  submitEndpoint,
  WaitTimeoutError,
  type EnterpriseImg2VideoParams,
  type EnterpriseUltraImg2VideoParams,
  type FusionImg2VideoParams,
  type Img2VideoParams,
  type Img2VideoUltraParams,
  type JobRef,
  type SubmitCall,
  type SubmitEndpoint,
  type SubmitMethod,
  type SubmitOptions,
  type Video,
  type VideoResponse,
} from "../index.js";
import { submitStateNote } from "../internal/submit-state.js";
import { endpointNameOf, PROGRAM, USAGE, type ConnectionArguments, type GenerateArguments, type WaitArguments } from "./command-line.js";
import { useBaselineWasmOnly } from "./baseline-wasm.js";
import { DOWNLOAD_IDLE_TIMEOUT_MS, downloadTo } from "./download.js";
import { CannotRunError, EXIT, exitCodeOf, UnusableResultError, UsageError, type ExitCode } from "./exit-status.js";
import { MAX_KEY_FILE_BYTES, readRegularFile } from "./local-file.js";
import type { MockFiles } from "./mock-files.js";
import { megabytes, ProgressReporter, progressModeOf, seconds, type ProgressStream } from "./progress.js";
import { isPrintableUrl, printable, printableJson } from "./terminal-text.js";

export interface Terminal {
  stdout: ProgressStream;
  stderr: ProgressStream;
  env: Record<string, string | undefined>;
}

/** What --mock sends as the key: the mock accepts any, and a real key has no business there. */
const MOCK_KEY = "mock-key";

interface Connection {
  ml: ModelsLab;
  /** The exact command that resumes waiting for `job` with the same server and key source. */
  resumeCommand(job: JobRef): string;
  /** An output URL as this connection serves it (--mock: the stand-in file served on loopback). */
  outputUrl(url: string): string;
  close(): Promise<void>;
}

function shellWord(word: string): string {
  return /^[\w./:@%+=,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The API key: from --key-file when given, else MODELSLAB_API_KEY; never from a flag value. */
export function apiKeyOf(args: Pick<ConnectionArguments, "keyFile">, env: Terminal["env"]): string {
  if (args.keyFile !== undefined) {
    const text = new TextDecoder().decode(readRegularFile(args.keyFile, MAX_KEY_FILE_BYTES, "--key-file"));
    const key = text.trim();
    if (!key) throw new UsageError(`--key-file: ${args.keyFile} is empty`);
    return key;
  }
  const key = env.MODELSLAB_API_KEY?.trim();
  if (!key) throw new UsageError("no API key: set MODELSLAB_API_KEY or use --key-file FILE (or try --mock, which needs none)");
  return key;
}

async function connect(args: ConnectionArguments, terminal: Terminal, reporter: ProgressReporter): Promise<Connection> {
  if (!args.mock) {
    useBaselineWasmOnly();
    const ml = new ModelsLab({ apiKey: apiKeyOf(args, terminal.env), ...(args.baseUrl !== undefined ? { baseUrl: args.baseUrl } : {}) });
    const extra = [...(ml.baseUrl !== DEFAULT_BASE_URL ? ["--base-url", ml.baseUrl] : []), ...(args.keyFile !== undefined ? ["--key-file", args.keyFile] : [])];
    return {
      ml,
      resumeCommand: (job) => [PROGRAM, "wait", job.id, "--family", job.family, ...extra].map(shellWord).join(" "),
      outputUrl: (url) => url,
      close: async () => {},
    };
  }
  reporter.note("mock: starting a Prism mock of the merged OpenAPI document (no key, nothing leaves this machine)");
  // What only --mock needs, loaded only for it.
  const [{ startMockPrism }, { startMockFiles }] = await Promise.all([import("./mock-prism.js"), import("./mock-files.js")]);
  const prism = await startMockPrism();
  reporter.note(`mock: Prism is listening on ${prism.url}`);
  let files: MockFiles;
  try {
    files = await startMockFiles();
  } catch (error) {
    await prism.stop();
    throw new CannotRunError(`--mock: could not serve the mock's output files: ${error instanceof Error ? error.message : String(error)}`);
  }
  useBaselineWasmOnly();
  return {
    ml: new ModelsLab({ apiKey: MOCK_KEY, baseUrl: prism.url }),
    resumeCommand: (job) => [PROGRAM, "wait", job.id, "--family", job.family, "--mock"].map(shellWord).join(" "),
    outputUrl: (url) => files.localUrl(url),
    close: async () => {
      await Promise.all([prism.stop(), files.stop()]);
    },
  };
}

function submitCall(ml: ModelsLab, method: SubmitMethod, params: Record<string, unknown>, options: SubmitOptions): SubmitCall<VideoResponse> {
  // The request is checked against the schema by the client before anything is sent.
  switch (method) {
    case "img2video":
      return ml.img2video(params as Img2VideoParams, options);
    case "img2videoUltra":
      return ml.img2videoUltra(params as Img2VideoUltraParams, options);
    case "fusionImg2video":
      return ml.fusionImg2video(params as FusionImg2VideoParams, options);
    case "enterpriseImg2video":
      return ml.enterpriseImg2video(params as EnterpriseImg2VideoParams, options);
    case "enterpriseImg2videoUltra":
      return ml.enterpriseImg2videoUltra(params as EnterpriseUltraImg2VideoParams, options);
  }
}

const URL_LIKE = /^[a-z][a-z\d+.-]*:/i;

/** The request body (without key) the command line describes: --set fields typed by the schema, then the flags. */
async function requestOf(args: GenerateArguments, endpoint: SubmitEndpoint): Promise<Record<string, unknown>> {
  const params: Record<string, unknown> = {};
  const model = args.model ?? endpoint.defaultModelId;
  if (model === undefined && endpoint.fields.some((field) => field.name === "model_id" && field.required)) {
    const known = endpoint.models.length > 0 ? `; known models: ${endpoint.models.map((each) => each.modelId).join(", ")} (any other id is sent with the generic fields)` : "";
    const allowed = endpoint.fields.find((field) => field.name === "model_id")?.enum;
    throw new UsageError(
      `--model is required for ${endpointNameOf(endpoint.method)}: its schema gives model_id no default${allowed ? ` (one of ${allowed.map((value) => JSON.stringify(value)).join(", ")})` : ""}${known}`,
    );
  }
  if (model !== undefined) params.model_id = model;
  if (args.prompt !== undefined) params.prompt = args.prompt;
  for (const [name, text] of args.sets) params[name] = endpoint.fieldValue(name, text, model);
  const isUrl = (image: string) => URL_LIKE.test(image) && !/^[a-z]:[\\/]/i.test(image);
  const imageField = endpoint.fieldsFor(model).find((field) => field.name === "init_image");
  const takesList = imageField?.types.includes("array") === true;
  if (args.images.length > 1) {
    // A model that takes a list of images (kling-v1-6) gets every --image, as URLs.
    const named = model === undefined ? endpointNameOf(endpoint.method) : `${endpointNameOf(endpoint.method)} with model ${model}`;
    if (!takesList) throw new UsageError(`--image is given ${args.images.length} times, but ${named} takes one image`);
    const local = args.images.find((image) => !isUrl(image));
    if (local !== undefined) throw new UsageError(`--image ${local}: a list of images is sent as URLs; upload local files first (ml.uploadImage) or give one --image`);
    params.init_image = args.images;
  } else if (isUrl(args.image)) {
    // A model that takes only a list of images (kling-v1-6) gets the one URL as a list.
    params.init_image = takesList && imageField?.types.length === 1 ? [args.image] : args.image;
  } else {
    // A local file: its bytes go to the client, which sends them inline where the request has a
    // base64 flag and uploads them first (base64_to_url) everywhere else. Only a regular file of at
    // most 5 MB is read (opened without blocking: a FIFO or a device is refused, not waited on);
    // the image type is checked by the client, before anything is sent.
    if (!existsSync(args.image)) throw new UsageError(`--image: no file ${args.image} (and not a URL)`);
    params.init_image = readRegularFile(args.image, MAX_IMAGE_BYTES, "--image", `ModelsLab takes images of at most 5 MB (${MAX_IMAGE_BYTES.toLocaleString("en")} bytes)`);
  }
  return params;
}

/**
 * What the last step of a command prints on stdout: the response as JSON, or one URL (or the job
 * id) a line. An output URL is parsed as a URL and printed only when it is http(s) and one
 * printable token (a `javascript:`, `file:` or `data:` "URL", whitespace or control characters
 * are refused, exit 3), so stdout stays one fetchable URL a line.
 */
function printResult(terminal: Terminal, json: boolean, response: unknown, lines: { urls: readonly string[] } | { id: string }): void {
  if (json) {
    terminal.stdout.write(`${printableJson(response)}\n`);
    return;
  }
  if ("id" in lines) {
    terminal.stdout.write(`${printable(lines.id)}\n`);
    return;
  }
  const bad = lines.urls.find((line) => !isPrintableUrl(line));
  if (bad !== undefined) throw new UnusableResultError(`the answer holds ${JSON.stringify(printable(bad))}, which is not one printable http(s) URL; refused (use --json to see the whole answer)`);
  terminal.stdout.write(lines.urls.map((line) => `${line}\n`).join(""));
}

/** MODELSLAB_DOWNLOAD_IDLE_TIMEOUT (seconds) overrides the download's idle timeout. */
function downloadIdleTimeoutOf(env: Terminal["env"]): number {
  const text = env.MODELSLAB_DOWNLOAD_IDLE_TIMEOUT;
  if (text === undefined || text === "") return DOWNLOAD_IDLE_TIMEOUT_MS;
  const seconds = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || !(seconds > 0) || seconds * 1000 > 2 ** 31 - 1)
    throw new UsageError(`MODELSLAB_DOWNLOAD_IDLE_TIMEOUT must be a number of seconds above 0 (at most about 24 days), not ${JSON.stringify(text)}`);
  return seconds * 1000;
}

/** --out FILE must be writable where it is: checked before anything is sent. */
function checkOut(out: string | undefined): void {
  if (out === undefined) return;
  const file = resolve(out);
  if (existsSync(file) && statSync(file).isDirectory()) throw new UsageError(`--out: ${out} is a directory; give a file name`);
  try {
    accessSync(dirname(file), constants.W_OK);
  } catch {
    throw new UsageError(`--out: cannot write in ${dirname(file)} (missing or not writable)`);
  }
  if (existsSync(file)) {
    try {
      accessSync(file, constants.W_OK);
    } catch {
      throw new UsageError(`--out: ${out} exists and is not writable`);
    }
  }
}

type Phase = "setup" | "submitting" | "waiting" | "downloading";

/** The signals that stop a command, all handled as Ctrl-C is: SIGTERM (a supervisor, `kill`), SIGHUP (the terminal closed). */
const STOP_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * Ctrl-C (or SIGTERM, SIGHUP), by phase: during setup quit (nothing was sent); during a submit
 * wait for its answer unless it comes twice, so the job id is printed; later abort.
 */
class Interruption {
  phase: Phase = "setup";
  /** A stop signal came during the submit: stop as soon as its answer names the job. */
  afterSubmit = false;
  readonly #controller = new AbortController();
  readonly #stderr: ProgressStream;
  readonly #listeners = STOP_SIGNALS.map((name) => [name, () => this.#pressed(name)] as const);

  constructor(stderr: ProgressStream) {
    this.#stderr = stderr;
    for (const [name, listener] of this.#listeners) process.on(name, listener);
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  release(): void {
    for (const [name, listener] of this.#listeners) process.off(name, listener);
  }

  #pressed(name: (typeof STOP_SIGNALS)[number]): void {
    const what = name === "SIGINT" ? "Ctrl-C" : name;
    if (this.phase === "setup") {
      this.#stderr.write("\ninterrupted; nothing was sent\n");
      process.exit(EXIT.interrupted);
    }
    if (this.phase === "submitting" && !this.afterSubmit) {
      this.afterSubmit = true;
      this.#stderr.write(`\n${what}: waiting for the submit's answer so its job id is not lost; ${name === "SIGINT" ? "press Ctrl-C" : `send ${name}`} again to quit now (the job may then be queued and billed unseen)\n`);
      return;
    }
    this.#controller.abort(new Error("interrupted"));
  }
}

/** Why the command's deadline aborted what was in flight. */
class DeadlineReached {
  constructor(readonly timeoutMs: number) {}
}

/**
 * The one deadline of a command (--timeout, default 900 s, `none` for no deadline): it bounds
 * the whole command, the upload of a local image, the submit, the polls and the download.
 */
class CommandDeadline {
  readonly timeoutMs: number;
  readonly #startedAt = Date.now();
  readonly #controller = new AbortController();
  readonly #cancel: () => void;

  constructor(timeoutMs: number | undefined) {
    this.timeoutMs = timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS;
    const timer = Number.isFinite(this.timeoutMs) ? setTimeout(() => this.#controller.abort(new DeadlineReached(this.timeoutMs)), this.timeoutMs) : undefined;
    this.#cancel = () => clearTimeout(timer);
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get reached(): boolean {
    return this.#controller.signal.aborted;
  }

  /** What is left of it for a wait, in ms (at least 1; Infinity for none). */
  left(): number {
    return Number.isFinite(this.timeoutMs) ? Math.max(1, this.timeoutMs - (Date.now() - this.#startedAt)) : Number.POSITIVE_INFINITY;
  }

  release(): void {
    this.#cancel();
  }
}

interface Run {
  terminal: Terminal;
  reporter: ProgressReporter;
  interruption: Interruption;
  deadline: CommandDeadline;
  /** Stop signals and the deadline: what the submit (upload included) and the download listen to. */
  stop: AbortSignal;
  connection: Connection | undefined;
  /** The URL of the finished video being downloaded, to say where it is if the download is interrupted. */
  downloading?: string;
}

function resumeLine(run: Run, job: JobRef): string {
  return run.connection ? `resume with: ${run.connection.resumeCommand(job)}` : "";
}

/** Prints why the command stops (always, even with --quiet) and returns the exit code. */
function failure(run: Run, error: unknown, usage: string): ExitCode {
  run.reporter.end();
  // Server-chosen text is escaped; the line breaks of the command's own multi-line messages (a
  // usage error, the list of a request's invalid fields, all made from local input) are kept.
  const local = error instanceof UsageError || error instanceof InvalidRequestError;
  const say = (text: string) => run.terminal.stderr.write(`${local ? text.split("\n").map(printable).join("\n") : printable(text)}\n`);
  const code = exitCodeOf(error);
  if (run.deadline.reached && !run.interruption.signal.aborted && !(error instanceof WaitTimeoutError) && code !== EXIT.invalidInput) {
    const limit = seconds(run.deadline.timeoutMs);
    if (run.interruption.phase === "downloading") say(`timed out: --timeout (${limit}) passed during the download; the video is at ${run.downloading ?? "its output URL"}`);
    else if (run.interruption.phase === "waiting" && error instanceof AbortedError && error.job) {
      say(`timed out after ${limit} waiting for job ${error.job.id}; it may still finish`);
      say(resumeLine(run, error.job));
    } else {
      const state = error instanceof ModelsLabError ? error.submitState : undefined;
      say(`timed out: --timeout (${limit}) passed before the submit was answered; ${state ? submitStateNote(state) : "the job may have been queued and billed: check before submitting again"}`);
    }
    return EXIT.timedOut;
  }
  if (error instanceof WaitTimeoutError) {
    say(`timed out after ${seconds(error.elapsedMs)} waiting for job ${error.job.id}; it may still finish`);
    say(resumeLine(run, error.job));
  } else if (error instanceof RequestTimeoutError) {
    say(`timed out: ${error.message}`);
  } else if (error instanceof AbortedError || (run.interruption.signal.aborted && code !== EXIT.invalidInput)) {
    const job = error instanceof AbortedError ? error.job : undefined;
    if (run.interruption.phase === "downloading") say(`interrupted: download stopped; the video is at ${run.downloading ?? "its output URL"}`);
    else if (job) {
      say(`interrupted: stopped waiting for job ${job.id}; it keeps running upstream`);
      say(resumeLine(run, job));
    } else if (error instanceof AbortedError && error.submitState === "not-sent") say("interrupted before the submit was sent: nothing was sent");
    else if (error instanceof AbortedError && error.submitState === "refused") say("interrupted: the API had refused the submit (nothing was queued, nothing billed)");
    else say("interrupted before the submit was answered: it may have been queued (and billed); check your ModelsLab dashboard");
    return EXIT.interrupted;
  } else {
    say(`error: ${error instanceof Error ? error.message : String(error)}`);
    if (error instanceof UsageError) say(usage);
  }
  return code;
}

async function followJob(run: Run, job: JobRef, start: Parameters<ModelsLab["wait"]>[0], timeoutMs: number): Promise<Video> {
  run.interruption.phase = "waiting";
  const video = await run.connection!.ml.wait(start, {
    family: job.family,
    signal: run.interruption.signal,
    timeoutMs,
    onProgress: (progress) => run.reporter.waiting(progress),
  });
  run.reporter.end();
  run.reporter.note(`job ${job.id}: done in ${seconds(video.elapsedMs)} after ${video.polls} poll${video.polls === 1 ? "" : "s"}`);
  return video;
}

async function finishVideo(run: Run, args: ConnectionArguments, video: Video): Promise<void> {
  const output = video.output.map((url) => run.connection!.outputUrl(url));
  printResult(run.terminal, args.json, video.response, { urls: output });
  if (args.out === undefined) return;
  const [url] = output;
  if (url === undefined) throw new CannotRunError("--out: the finished job lists no output URL to download");
  if (!isPrintableUrl(url)) throw new UnusableResultError(`--out: the output URL ${JSON.stringify(printable(url))} is not one printable http(s) URL; refused`);
  run.interruption.phase = "downloading";
  run.downloading = url;
  const bytes = await downloadTo(url, args.out, (received, total) => run.reporter.downloading(args.out!, received, total), run.stop, downloadIdleTimeoutOf(run.terminal.env));
  run.reporter.end();
  run.reporter.note(`saved ${args.out} (${megabytes(bytes)})`);
}

async function withRun(terminal: Terminal, args: ConnectionArguments, usage: string, body: (run: Run) => Promise<ExitCode>): Promise<ExitCode> {
  const interruption = new Interruption(terminal.stderr);
  const deadline = new CommandDeadline(args.timeoutMs);
  const run: Run = {
    terminal,
    reporter: new ProgressReporter(terminal.stderr, progressModeOf(terminal.stderr, args.quiet)),
    interruption,
    deadline,
    stop: AbortSignal.any([interruption.signal, deadline.signal]),
    connection: undefined,
  };
  try {
    return await body(run);
  } catch (error) {
    return failure(run, error, usage);
  } finally {
    run.reporter.end();
    run.interruption.release();
    run.deadline.release();
    await run.connection?.close();
  }
}

export function runGenerate(args: GenerateArguments, terminal: Terminal): Promise<ExitCode> {
  return withRun(terminal, args, USAGE.generate, async (run) => {
    const endpoint = await submitEndpoint(args.method);
    const params = await requestOf(args, endpoint);
    checkOut(args.out);
    if (args.out !== undefined) downloadIdleTimeoutOf(terminal.env);
    run.connection = await connect(args, terminal, run.reporter);
    const { ml } = run.connection;
    if (params.init_image instanceof Uint8Array)
      run.reporter.note(
        endpoint.acceptsBase64Image
          ? `sending ${args.image} inline (base64)`
          : `uploading ${args.image} through base64_to_url first (${endpointNameOf(args.method)} takes a URL; the upload's URL expires in 24 hours)`,
      );
    run.reporter.note(`submitting to POST ${ml.baseUrl}${endpoint.path}`);
    run.interruption.phase = "submitting";
    // The command's one deadline bounds the upload of a local image and the submit too.
    const first = await submitCall(ml, args.method, params, { signal: run.stop });
    const job = ml.job(first, endpoint.family);
    if (first.status === "processing") run.reporter.note(`job ${job.id} (${job.family}) queued · ${resumeLine(run, job)}`);
    if (run.interruption.afterSubmit) {
      run.terminal.stderr.write(`interrupted: job ${job.id} was ${first.status === "processing" ? "queued and keeps running upstream" : "already done"}\n${resumeLine(run, job)}\n`);
      return EXIT.interrupted;
    }
    if (args.noWait) {
      printResult(terminal, args.json, first, first.status === "success" ? { urls: (first.output ?? []).map((url) => run.connection!.outputUrl(url)) } : { id: job.id });
      return EXIT.done;
    }
    await finishVideo(run, args, await followJob(run, job, first, run.deadline.left()));
    return EXIT.done;
  });
}

export function runWait(args: WaitArguments, terminal: Terminal): Promise<ExitCode> {
  return withRun(terminal, args, USAGE.wait, async (run) => {
    const target = /^https?:\/\//i.test(args.target) ? args.target : args.target.trim();
    checkOut(args.out);
    run.connection = await connect(args, terminal, run.reporter);
    const job = run.connection.ml.job(target, args.family);
    run.reporter.note(`waiting for job ${job.id} (${job.family}) · ${resumeLine(run, job)}`);
    await finishVideo(run, args, await followJob(run, job, job, run.deadline.left()));
    return EXIT.done;
  });
}
