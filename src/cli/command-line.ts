/// <reference types="node" />
/**
 * The command line's grammar: each command's options (node:util parseArgs, strict), usage line,
 * help text with an example, and the endpoint names (the client's submit methods in kebab case).
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { isFamily, SUBMIT_METHODS, submitEndpoint, type Family, type SubmitEndpoint, type SubmitMethod } from "../index.js";
import { contractOptionsHelp, contractUsageOptions, ContractUsageError, parseContractFlags, type ContractFlags } from "../../contract-tests/contract-options.js";
import { UsageError } from "./exit-status.js";

export const PROGRAM = "modelslab-video";

/** `img2videoUltra` → `img2video-ultra`. */
export function endpointNameOf(method: SubmitMethod): string {
  return method.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

export const ENDPOINTS = new Map<string, SubmitMethod>(SUBMIT_METHODS.map((method) => [endpointNameOf(method), method]));

const CONNECTION_OPTIONS = {
  "base-url": { type: "string" },
  "key-file": { type: "string" },
  mock: { type: "boolean" },
  quiet: { type: "boolean", short: "q" },
  json: { type: "boolean" },
  timeout: { type: "string" },
  out: { type: "string", short: "o" },
  help: { type: "boolean", short: "h" },
} as const satisfies ParseArgsConfig["options"];

const GENERATE_OPTIONS = {
  ...CONNECTION_OPTIONS,
  image: { type: "string", short: "i", multiple: true },
  prompt: { type: "string", short: "p" },
  model: { type: "string", short: "m" },
  set: { type: "string", multiple: true },
  "no-wait": { type: "boolean" },
} as const satisfies ParseArgsConfig["options"];

const WAIT_OPTIONS = { ...CONNECTION_OPTIONS, family: { type: "string" } } as const satisfies ParseArgsConfig["options"];

export type Command = "generate" | "wait" | "batch" | "contract";

export const USAGE: Record<Command | "main", string> = {
  main: `Usage: ${PROGRAM} <generate|wait|batch|contract> [options]   (${PROGRAM} <command> --help for each)`,
  generate: `Usage: ${PROGRAM} generate <${[...ENDPOINTS.keys()].join("|")}> --image <url|file> [--prompt TEXT] [--model ID] [--set name=value ...] [--out FILE] [--no-wait] [--timeout SECONDS|none] [--json] [--quiet] [--base-url URL] [--key-file FILE] [--mock]`,
  wait: `Usage: ${PROGRAM} wait <id|fetch_result URL> [--family v6|v7|enterprise|enterprise-ultra] [--out FILE] [--timeout SECONDS|none] [--json] [--quiet] [--base-url URL] [--key-file FILE] [--mock]`,
  batch: `Usage: ${PROGRAM} batch FILE --endpoint NAME --journal PATH|postgres://... [--concurrency N] [--out-dir DIR] [--json]   (${PROGRAM} batch --help)`,
  contract: `Usage: ${PROGRAM} contract ${contractUsageOptions()}`,
};

const CONNECTION_HELP = `  --out, -o FILE       save the first output video to FILE, with a progress bar
  --timeout SECONDS    one deadline for the whole command: upload, submit, polls and download
                       (exit 4; the job may still finish). Default 900; "none" for no deadline
  --json               print the final response as JSON instead of the output URLs
  --quiet, -q          no progress on stderr (errors are still printed)
  --base-url URL       the API's base URL (default: MODELSLAB_BASE_URL, then https://modelslab.com/api)
  --key-file FILE      read the API key from FILE (default: the MODELSLAB_API_KEY environment variable).
                       The key is never a flag value and is never printed.
  --mock               run against a Prism mock of the merged OpenAPI document, started and stopped
                       here: no key, no network. Submits answer "processing", polls answer "success".`;

const EXIT_HELP = `Exit codes: 0 done · 2 invalid input, nothing sent · 3 the API, the generation or the download failed ·
            4 timed out waiting (the job may still finish) · 5 batch: an item is unknown (may have been queued) ·
            130 interrupted (Ctrl-C) · 1 could not run`;

export const MAIN_HELP = `${PROGRAM}: generate videos from images with ModelsLab's image-to-video API, wait for them,
and check the API's docs against its contract.

${USAGE.main}

Commands:
  generate <endpoint>        submit an image, wait for the video, print its URLs (stdout)
  wait <id|fetch URL>        resume waiting for a job submitted earlier
  batch FILE                 many videos within the account's queue limit, resumable from a journal
  contract                   run the contract check of the docs, specs and client (from a checkout)
  mcp                        serve the API to AI agents as an MCP server on stdio (see mcp --help)

Progress goes to stderr, results to stdout. The job id is printed as soon as it is known, with the
command that resumes it; Ctrl-C stops waiting (the job keeps running upstream) and prints it again.

Try it with no key and no network:
  ${PROGRAM} generate img2video --mock --model wan2.2 --image https://example.com/cat.png

${EXIT_HELP}
`;

function fieldTable(fields: SubmitEndpoint["fields"]): string {
  const width = Math.max(...fields.map((field) => field.name.length));
  return fields
    .map((field) => {
      const facts = [
        field.types.join("|"),
        field.required ? "required" : undefined,
        field.enum ? `one of ${field.enum.map((value) => JSON.stringify(value)).join(", ")}` : undefined,
        field.default !== undefined ? `default ${JSON.stringify(field.default)}` : undefined,
      ].filter((fact) => fact !== undefined);
      return `  ${field.name.padEnd(width)}  ${facts.join("; ")}${field.description ? ` — ${field.description}` : ""}`;
    })
    .join("\n");
}

/** The known models of an endpoint whose request depends on the model, one a line. */
function modelList(endpoint: SubmitEndpoint): string {
  const width = Math.max(...endpoint.models.map((model) => model.modelId.length));
  return endpoint.models
    .map((model) => {
      const own = model.fields.filter((field) => field.name !== "model_id" && (field.enum || field.types.join() !== "string"));
      const facts = own.map((field) => `${field.name} ${field.enum ? field.enum.map((value) => JSON.stringify(value)).join("|") : field.types.join("|")}`);
      return `  ${model.modelId.padEnd(width)}  ${facts.join("; ") || "the generic fields"}`;
    })
    .join("\n");
}

/** The fields part of `generate <endpoint> [--model ID] --help`. */
function fieldsHelp(method: SubmitMethod, endpoint: SubmitEndpoint, model: string | undefined): string {
  const name = endpointNameOf(method);
  if (endpoint.models.length === 0) return `\nFields of ${name} for --set (typed by the schema; validated before anything is sent):\n${fieldTable(endpoint.fields)}\n`;
  const known = endpoint.models.find((each) => each.modelId === model);
  const models = `\nModels of ${name} with their own request (--model ID; any other id is sent with the generic fields):\n${modelList(endpoint)}\n`;
  if (known)
    return `${models}\nFields of ${name} with --model ${known.modelId} (from ${known.page}; validated before anything is sent):\n${fieldTable(known.fields)}\n`;
  const generic = `\nGeneric fields of ${name}${model !== undefined ? ` (model ${JSON.stringify(model)} is not a known one)` : ""}; ${PROGRAM} generate ${name} --model ID --help lists a known model's:\n${fieldTable(endpoint.fields)}\n`;
  return models + generic;
}

export async function generateHelp(method: SubmitMethod | undefined, model?: string): Promise<string> {
  const all = await Promise.all([...ENDPOINTS].map(async ([name, each]) => [name, await submitEndpoint(each)] as const));
  const endpoints = all
    .map(([name, endpoint]) => `  ${name.padEnd(26)} ${endpoint.family.padEnd(16)} POST ${endpoint.path}${endpoint.acceptsBase64Image ? "  (local files: inline)" : "  (local files: uploaded first)"}`)
    .join("\n");
  const fields = method ? fieldsHelp(method, await submitEndpoint(method), model) : `\n${PROGRAM} generate <endpoint> --help lists that endpoint's fields for --set.\n`;
  return `${USAGE.generate}

Submits one image-to-video job, waits for it with progress on stderr, and prints the video URLs.

Endpoints:
${endpoints}

Options:
  --image, -i URL|FILE the first frame: an http(s) URL, or a local PNG/JPEG/GIF/WebP file of at most
                       5 MB, sent inline as base64 where the request has a base64 flag and otherwise
                       uploaded first through base64_to_url (its URL expires in 24 hours)
                       Repeat it for a model that takes a list of images (v7 kling-v1-6: URLs)
  --prompt, -p TEXT    the prompt
  --model, -m ID       model_id; required where the schema gives it no default (fusion-img2video,
                       img2video, enterprise-img2video). fusion-img2video checks a known model's
                       own fields and values (--model ID --help lists them)
  --set name=value     any other field of the endpoint; repeat it. "81" is sent as 81 where the field
                       is an integer and as "81" where it is a string; true/false, null, JSON arrays
  --no-wait            print the job id (or the response with --json) once queued; resume with wait
${CONNECTION_HELP}
${fields}
Example:
  ${PROGRAM} generate img2video --model wan2.2 --image https://example.com/cat.png --prompt "the cat turns its head" \\
    --set num_frames=25 --out cat.mp4

${EXIT_HELP}
`;
}

export const WAIT_HELP = `${USAGE.wait}

Resumes waiting for a job: polls its fetch endpoint until the video is done, then prints its URLs.
A fetch_result URL says which API the job belongs to; a bare id needs --family.

Options:
  --family v6|v7|enterprise|enterprise-ultra
                       the API of the job (v6: img2video and img2video-ultra; v7: fusion-img2video;
                       enterprise: enterprise-img2video; enterprise-ultra: enterprise-img2video-ultra)
${CONNECTION_HELP}

Example:
  ${PROGRAM} wait 155918900 --family v6 --out cat.mp4

${EXIT_HELP}
`;

export const CONTRACT_HELP = `${USAGE.contract}

Runs the same check as \`npm run contract\`: every page of openapi/upstream (or of --docs DIR, laid
out the same way) against the specs, the overlays and Prism mocks, then the client's calls, compared
with contract-tests/baseline.yaml. It needs a checkout of the project (the docs snapshots, specs,
baseline and dev dependencies are not part of the published package).

Options (the same as npm run contract's):
${contractOptionsHelp()}

Example:
  ${PROGRAM} contract --docs ./docs-draft

Exit codes: 0 OK · 1 a new finding, a stale baseline entry or a failed check · 2 invalid input
`;

/** Options shared by generate and wait: where to send, how to show it, what to print. */
export interface ConnectionArguments {
  baseUrl: string | undefined;
  keyFile: string | undefined;
  mock: boolean;
  quiet: boolean;
  json: boolean;
  timeoutMs: number | undefined;
  out: string | undefined;
}

export interface GenerateArguments extends ConnectionArguments {
  method: SubmitMethod;
  /** The first --image. */
  image: string;
  /** Every --image, in order (more than one for a model that takes a list of images). */
  images: string[];
  prompt: string | undefined;
  model: string | undefined;
  /** `--set name=value` pairs, in order. */
  sets: [name: string, value: string][];
  noWait: boolean;
}

export interface WaitArguments extends ConnectionArguments {
  target: string;
  family: Family | undefined;
}

/** The contract check's flags, as contract-tests/contract-options.ts reads them. */
export type ContractArguments = ContractFlags;

/** The key as a flag value is refused outright: it would end up in shell history and process lists. */
export function refuseKeyFlags(args: readonly string[]): void {
  for (const arg of args) {
    if (arg === "--") return;
    if (/^--(api-?)?key(=|$)/i.test(arg))
      throw new UsageError("the API key is never a flag value (it would end up in shell history and process lists): set MODELSLAB_API_KEY or use --key-file FILE");
  }
}

/** Whether --help or -h comes before any `--`. */
export function wantsHelp(args: readonly string[]): boolean {
  for (const arg of args) {
    if (arg === "--") return false;
    if (arg === "--help" || arg === "-h") return true;
  }
  return false;
}

function parsed<O extends NonNullable<ParseArgsConfig["options"]>>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    // parseArgs names the option, never the value that followed it.
    throw new UsageError(error instanceof Error ? error.message.split(". To specify a positional")[0]! : String(error));
  }
}

/** --timeout SECONDS (a finite number above 0) or `none` (no deadline), in ms. */
function timeoutOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (text === "none") return Number.POSITIVE_INFINITY;
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || !(value > 0) || !Number.isFinite(value * 1000))
    throw new UsageError(`--timeout must be a number of seconds above 0, or none, not ${JSON.stringify(text)}`);
  return value * 1000;
}

function connectionOf(values: { "base-url"?: string; "key-file"?: string; mock?: boolean; quiet?: boolean; json?: boolean; timeout?: string; out?: string }): ConnectionArguments {
  if (values.mock && values["base-url"] !== undefined) throw new UsageError("--mock starts its own server: leave out --base-url");
  return {
    baseUrl: values["base-url"],
    keyFile: values["key-file"],
    mock: values.mock === true,
    quiet: values.quiet === true,
    json: values.json === true,
    timeoutMs: timeoutOf(values.timeout),
    out: values.out,
  };
}

export function parseGenerate(args: string[]): GenerateArguments {
  const { values, positionals } = parsed(args, GENERATE_OPTIONS);
  const [name, ...extra] = positionals;
  if (name === undefined) throw new UsageError(`say which endpoint: ${[...ENDPOINTS.keys()].join(", ")}`);
  const method = ENDPOINTS.get(name);
  if (!method) throw new UsageError(`unknown endpoint ${JSON.stringify(name)}; the endpoints are ${[...ENDPOINTS.keys()].join(", ")}`);
  if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
  const [image] = values.image ?? [];
  if (image === undefined) throw new UsageError("--image <url|file> is required");
  if (values["no-wait"] && values.out !== undefined) throw new UsageError("--out needs the finished video: leave out --no-wait");
  const sets = (values.set ?? []).map((pair): [string, string] => {
    const at = pair.indexOf("=");
    if (at <= 0) throw new UsageError(`--set takes name=value, not ${JSON.stringify(pair)}`);
    return [pair.slice(0, at), pair.slice(at + 1)];
  });
  for (const [field, flag] of [
    ["init_image", "--image"],
    ["base64", "--image"],
    ["prompt", "--prompt"],
    ["model_id", "--model"],
  ] as const) {
    if (sets.some(([name]) => name === field)) throw new UsageError(`set ${field} with ${flag}, not --set`);
  }
  return {
    ...connectionOf(values),
    method,
    image,
    images: values.image!,
    prompt: values.prompt,
    model: values.model,
    sets,
    noWait: values["no-wait"] === true,
  };
}

export function parseWait(args: string[]): WaitArguments {
  const { values, positionals } = parsed(args, WAIT_OPTIONS);
  const [target, ...extra] = positionals;
  if (target === undefined) throw new UsageError("say which job: its id (with --family) or its fetch_result URL");
  if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
  if (values.family !== undefined && !isFamily(values.family)) throw new UsageError(`--family must be v6, v7, enterprise or enterprise-ultra, not ${JSON.stringify(values.family)}`);
  if (values.family === undefined && !/^https?:\/\//i.test(target))
    throw new UsageError(`a bare id needs --family v6, v7, enterprise or enterprise-ultra (or pass the job's fetch_result URL, which says it)`);
  return { ...connectionOf(values), target, family: values.family as Family | undefined };
}

export function parseContract(args: string[]): ContractArguments {
  try {
    return parseContractFlags(args);
  } catch (error) {
    throw error instanceof ContractUsageError ? new UsageError(error.message) : error;
  }
}
