/**
 * The one schema of options: every option the client takes, in the constructor, per submit and
 * per wait, with the rule it must meet. The constructor and each call read their options
 * through `readOptions` with the same rule for the same option (a per-call `rateLimitRetries`
 * meets exactly the client's rule), so no option reaches the code unchecked. Reading is done
 * once, each property in turn: a getter that throws, a Proxy or a value of the wrong kind is an
 * InvalidRequestError naming the option and the rule, never a TypeError.
 */
import { InvalidRequestError, type ValidationIssue } from "../core/errors.js";
import { callerCallback } from "./error-boundary.js";

/** Checks one option's value (never undefined here) and returns it; an issue string says what is wrong. */
type Rule<T> = (value: unknown) => { ok: true; value: T } | { ok: false; rule: string; message: string };

function shown(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint" || value === null) return String(value);
  return typeof value === "function" ? "a function" : Array.isArray(value) ? "an array" : `a ${typeof value}`;
}

const ok = <T>(value: T) => ({ ok: true as const, value });
const bad = (rule: string, message: string) => ({ ok: false as const, rule, message });

/** The most sends a submit call may add after HTTP 429s, or after sends that never left. */
export const MAX_RETRIES = 100;

const retryCount: Rule<number> = (value) =>
  typeof value === "number" && Number.isSafeInteger(value) && value >= 0 && value <= MAX_RETRIES
    ? ok(value)
    : bad("range", `must be a whole number from 0 to ${MAX_RETRIES} (got ${shown(value)})`);

const wholeCount: Rule<number> = (value) =>
  typeof value === "number" && Number.isSafeInteger(value) && value >= 0 ? ok(value) : bad("range", `must be a whole number ≥ 0 (got ${shown(value)})`);

/** A request time limit: a finite number of ms above 0. */
const requestTimeout: Rule<number> = (value) =>
  typeof value === "number" && Number.isFinite(value) && value > 0 ? ok(value) : bad("range", `must be a finite number of ms above 0 (got ${shown(value)})`);

/** A wait's deadline: a number of ms above 0, or Infinity (no deadline). */
const waitTimeout: Rule<number> = (value) =>
  typeof value === "number" && value > 0 ? ok(value) : bad("range", `must be a number of ms above 0, or Infinity for no deadline (got ${shown(value)})`);

const byteCount: Rule<number> = (value) =>
  typeof value === "number" && Number.isSafeInteger(value) && value > 0 ? ok(value) : bad("range", `must be a whole number of bytes above 0 (got ${shown(value)})`);

const flag: Rule<boolean> = (value) => (typeof value === "boolean" ? ok(value) : bad("type", `must be true or false (got ${shown(value)})`));

const text: Rule<string> = (value) => (typeof value === "string" ? ok(value) : bad("type", `must be a string (got ${shown(value)})`));

/** A caller's callback (onEnqueue, onProgress): what it throws passes the error boundary as it is. */
const callback: Rule<(...args: never[]) => unknown> = (value) =>
  typeof value === "function" ? ok(callerCallback(value as (...args: never[]) => unknown)) : bad("type", `must be a function (got ${shown(value)})`);

/** A fetch implementation: what it throws is a failed request (ConnectionError), as globalThis.fetch's failures are. */
const fetchFunction: Rule<(...args: never[]) => unknown> = (value) =>
  typeof value === "function" ? ok(value as (...args: never[]) => unknown) : bad("type", `must be a function (got ${shown(value)})`);

/** An AbortSignal (of this realm or shaped like one: `aborted` and `addEventListener`). */
const abortSignal: Rule<AbortSignal> = (value) => {
  if (typeof AbortSignal !== "undefined" && value instanceof AbortSignal) return ok(value);
  let shaped = false;
  try {
    const each = value as { aborted?: unknown; addEventListener?: unknown; removeEventListener?: unknown };
    shaped = typeof value === "object" && value !== null && typeof each.aborted === "boolean" && typeof each.addEventListener === "function" && typeof each.removeEventListener === "function";
  } catch {
    shaped = false;
  }
  return shaped ? ok(value as AbortSignal) : bad("type", `must be an AbortSignal (got ${shown(value)})`);
};

function isPlainObject(value: unknown): value is object {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/** A plain object, copied (own enumerable properties, each read once). */
const plainObject: Rule<Record<string, unknown>> = (value) => (isPlainObject(value) ? ok(copyOf(value)) : bad("type", `must be a plain object (got ${shown(value)})`));

const stringRecord: Rule<Record<string, string>> = (value) => {
  if (!isPlainObject(value)) return bad("type", `must be a plain object of strings (got ${shown(value)})`);
  const copy = copyOf(value);
  const wrong = Object.entries(copy).find(([, each]) => typeof each !== "string");
  return wrong ? bad("type", `${JSON.stringify(wrong[0])} must be a string (got ${shown(wrong[1])})`) : ok(copy as Record<string, string>);
};

const logger: Rule<{ debug(message: string, details?: Record<string, unknown>): void }> = (value) => {
  let debug: unknown;
  try {
    debug = typeof value === "object" && value !== null ? (value as { debug?: unknown }).debug : undefined;
  } catch {
    debug = undefined;
  }
  if (typeof debug !== "function") return bad("type", `must be an object with a debug(message, details) method (got ${shown(value)})`);
  const bound = (debug as (message: string, details?: Record<string, unknown>) => void).bind(value);
  return ok({ debug: callerCallback(bound) });
};

/** The poll schedule's fields, each a finite number ≥ 0. */
export const SCHEDULE_FIELDS = ["minIntervalMs", "maxIntervalMs", "backoff", "jitter", "etaOverestimate", "ageFraction"] as const;

const finiteAtLeastZero: Rule<number> = (value) =>
  typeof value === "number" && Number.isFinite(value) && value >= 0 ? ok(value) : bad("range", `must be a finite number ≥ 0 (got ${shown(value)})`);

/** The rules, by option name and where it is given. Options of the same name and meaning share one rule. */
const SHARED = {
  validate: flag,
  rateLimitRetries: retryCount,
  notSentRetries: retryCount,
} as const;

export const OPTION_SCHEMA = {
  client: {
    ...SHARED,
    timeoutMs: requestTimeout,
    apiKey: text,
    baseUrl: text,
    fetch: fetchFunction,
    headers: stringRecord,
    maxResponseBytes: byteCount,
    logger,
    wait: plainObject,
  },
  submit: {
    ...SHARED,
    timeoutMs: requestTimeout,
    signal: abortSignal,
    extraFields: plainObject,
  },
  wait: {
    timeoutMs: waitTimeout,
    signal: abortSignal,
    onEnqueue: callback,
    onProgress: callback,
    schedule: plainObject,
    maxPollRetries: wholeCount,
    family: text,
  },
  upload: {
    signal: abortSignal,
  },
  /** The client's `wait` option: defaults for every wait. */
  waitDefaults: {
    timeoutMs: waitTimeout,
    schedule: plainObject,
    maxPollRetries: wholeCount,
  },
  schedule: Object.fromEntries(SCHEDULE_FIELDS.map((name) => [name, finiteAtLeastZero])) as Record<(typeof SCHEDULE_FIELDS)[number], Rule<number>>,
} as const;

type Schema = (typeof OPTION_SCHEMA)[keyof typeof OPTION_SCHEMA];
export type OptionsOf<S extends Schema> = { [K in keyof S]?: S[K] extends Rule<infer T> ? T : never };

const WHAT: Record<keyof typeof OPTION_SCHEMA, string> = {
  client: "Invalid client options",
  submit: "Invalid submit options",
  wait: "Invalid wait options",
  waitDefaults: "Invalid client options",
  upload: "Invalid upload options",
  schedule: "Invalid wait options",
};

/** Own enumerable properties of `value`, each read once (a throwing getter or Proxy trap is an InvalidRequestError). */
export function copyOf(value: object, field = "(options)"): Record<string, unknown> {
  const { names, values } = fieldsOf(value, field);
  const copy: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (let at = 0; at < names.length; at++) copy[names[at]!] = values[at];
  return copy;
}

/** The own enumerable fields of `value`, each read once, in order; what copyOf copies (same errors). */
export function fieldsOf(value: object, field = "(options)"): { names: string[]; values: unknown[] } {
  let names: string[];
  try {
    names = Object.keys(value);
  } catch (error) {
    throw new InvalidRequestError([{ field, rule: "readable", message: `its properties could not be listed (${describeThrown(error)})` }]);
  }
  const values: unknown[] = new Array(names.length);
  for (let at = 0; at < names.length; at++) {
    const key = names[at]!;
    try {
      values[at] = (value as Record<string, unknown>)[key];
    } catch (error) {
      throw new InvalidRequestError([{ field: field === "(options)" || field === "" ? key : `${field}.${key}`, rule: "readable", message: `reading it threw (${describeThrown(error)})` }]);
    }
  }
  return { names, values };
}

function describeThrown(error: unknown): string {
  try {
    const message = error instanceof Error ? error.message : String(error);
    return message.length > 80 ? `${message.slice(0, 80)}…` : message;
  } catch {
    return "a value that cannot be shown";
  }
}

/**
 * Reads `options` (undefined: none) against the schema of `where`: unknown names, wrong kinds
 * and unreadable properties are one InvalidRequestError listing every issue. `prefix` names
 * where the object sits (`wait.` for the client's wait defaults).
 */
export function readOptions<W extends keyof typeof OPTION_SCHEMA>(where: W, options: unknown, prefix = ""): OptionsOf<(typeof OPTION_SCHEMA)[W]> {
  const what = WHAT[where];
  if (options === undefined) return {};
  if (typeof options !== "object" || options === null || Array.isArray(options))
    throw new InvalidRequestError([{ field: prefix ? prefix.slice(0, -1) : "(options)", rule: "type", message: `must be an object of options (got ${shown(options)})` }], what);
  const rules = OPTION_SCHEMA[where] as Record<string, Rule<unknown>>;
  const copy = copyOf(options, prefix ? prefix.slice(0, -1) : "(options)");
  const out: Record<string, unknown> = {};
  const issues: ValidationIssue[] = [];
  for (const [name, value] of Object.entries(copy)) {
    const rule = Object.hasOwn(rules, name) ? rules[name] : undefined;
    if (!rule) {
      issues.push({ field: `${prefix}${name}`, rule: "unknown", message: `is not an option here (options: ${Object.keys(rules).join(", ")})` });
      continue;
    }
    if (value === undefined) continue;
    const checked = rule(value);
    if (checked.ok) out[name] = checked.value;
    else issues.push({ field: `${prefix}${name}`, rule: checked.rule, message: checked.message });
  }
  if (issues.length > 0) throw new InvalidRequestError(issues, what);
  return out as OptionsOf<(typeof OPTION_SCHEMA)[W]>;
}
