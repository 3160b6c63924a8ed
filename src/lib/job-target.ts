/**
 * What a wait resumes from: the JobRef of a submit's answer, a persisted JobRef, a fetch URL, or
 * an id of a given family. Read by `job()`, which answers at once (so it loads with the client),
 * and by every wait.
 */
import { InvalidRequestError, UnexpectedResponseError } from "../core/errors.js";
import { fetchUrlOf, idOf, isFamily, jobIdProblem, parseFetchUrl, type Family, type JobRef } from "../core/job.js";
import { copyOf } from "../internal/options.js";
import type { Redactor } from "../internal/redaction.js";

/** What a submit's answer is tagged with (not enumerable): the job's id and family as the call knew them. */
export const JOB = Symbol("modelslab.job");
export type JobTag = Pick<JobRef, "id" | "family">;

/** The JobRef of `target` (see the module comment), of `family` where the target does not say; the client's base URL makes its fetch URL. */
export function jobOf(baseUrl: string, redactor: Redactor, target: unknown, family: unknown): JobRef {
  const cannot = (field: string, rule: string, message: string) => new InvalidRequestError([{ field, rule, message }], "Cannot wait");
  if (family !== undefined && !isFamily(family)) throw cannot("family", "enum", 'must be "v6", "v7", "enterprise" or "enterprise-ultra"');
  const callerId = (id: string, field: string): string => {
    const problem = jobIdProblem(id);
    if (problem) throw cannot(field, "format", `a job id that ${problem} cannot name a job`);
    return id;
  };
  let id: string | undefined;
  let found: Family | undefined;
  if (typeof target === "string" && /^https?:\/\//i.test(target)) {
    const parsed = parseFetchUrl(target);
    if (!parsed) throw cannot("target", "format", `${printableStart(redactor.text(target))} is not a fetch URL of the API with a usable id`);
    ({ id, family: found } = parsed);
  } else if (typeof target === "string") {
    id = callerId(target, "target");
  } else if (typeof target === "number") {
    if (!Number.isSafeInteger(target)) throw cannot("target", "format", `${String(target)} is not a whole number a job id can be (above 2^53 digits are lost: pass the id as a string)`);
    id = String(target);
  } else if (typeof target === "object" && target !== null && !Array.isArray(target)) {
    let tagged: JobTag | undefined;
    try {
      tagged = (target as { [JOB]?: JobTag })[JOB];
    } catch {
      tagged = undefined;
    }
    const fields = copyOf(target, "target");
    if ("fetchUrl" in fields && !("status" in fields)) {
      if (!isFamily(fields.family)) throw cannot("target.family", "enum", 'must be "v6", "v7", "enterprise" or "enterprise-ultra"');
      if (typeof fields.id !== "string") throw cannot("target.id", "type", "must be a string");
      id = callerId(fields.id, "target.id");
      found = fields.family;
    } else if ("status" in fields) {
      // A submit's answer: what the server chose.
      const own = idOf(fields.id);
      const fromUrl = typeof fields.fetch_result === "string" ? parseFetchUrl(fields.fetch_result) : undefined;
      id = tagged?.id ?? own ?? fromUrl?.id;
      found = tagged?.family ?? fromUrl?.family;
      if (id === undefined) throw new UnexpectedResponseError(200, "missing-id", answerStart(fields, redactor), "a response with neither a usable id nor fetch_result");
      const problem = jobIdProblem(id);
      if (problem) throw new UnexpectedResponseError(200, "invalid-id", answerStart(fields, redactor), `a job id that ${problem}`);
    } else {
      throw cannot("target", "type", "must be a submit answer, a JobRef, a fetch URL or an id");
    }
  } else {
    throw cannot("target", "type", `must be a submit answer, a JobRef, a fetch URL or an id (got ${target === null ? "null" : Array.isArray(target) ? "an array" : typeof target})`);
  }
  const chosen = (family as Family | undefined) ?? found;
  if (!chosen) throw cannot("family", "required", 'say which API the id belongs to: "v6", "v7", "enterprise" or "enterprise-ultra"');
  return { id, family: chosen, fetchUrl: fetchUrlOf(baseUrl, chosen, id) };
}

/** The start of an answer a caller handed back, as an error shows it (key redacted). */
function answerStart(fields: Record<string, unknown>, redactor: Redactor): string {
  try {
    return redactor.text(JSON.stringify(fields) ?? "").slice(0, 200);
  } catch {
    return "";
  }
}

/** The start of a caller's text, for a message. */
function printableStart(text: string): string {
  return JSON.stringify(text.length > 120 ? `${text.slice(0, 120)}…` : text);
}
