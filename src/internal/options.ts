/**
 * The one schema of options: every option the client takes, in the constructor (here) and per
 * submit, wait and upload (./call-options.ts, loaded with the calls), with the rule it must meet.
 * The constructor and each call read their options through `readOptions` with the same rule for
 * the same option (a per-call `rateLimitRetries` meets exactly the client's rule: both schemas
 * take it from SHARED), so no option reaches the code unchecked. Reading is done once, each
 * property in turn: a getter that throws, a Proxy or a value of the wrong kind is an
 * InvalidRequestError naming the option and the rule, never a TypeError.
 */
import { InvalidRequestError, type ValidationIssue } from "../core/errors.js";
import { callerCallback } from "./error-boundary.js";

/** Checks one option's value (never undefined here) and returns it; an issue string says what is wrong. */
export type Rule<T> = (value: unknown) => { ok: true; value: T } | { ok: false; rule: string; message: string };

/** A caller's value as an issue's message shows it. */
export function shown(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint" || value === null) return String(value);
  return typeof value === "function" ? "a function" : Array.isArray(value) ? "an array" : `a ${typeof value}`;
}

export const ok = <T>(value: T) => ({ ok: true as const, value });
export const bad = (rule: string, message: string) => ({ ok: false as const, rule, message });

/** The most sends a submit call may add after HTTP 429s, or after sends that never left. */
export const MAX_RETRIES = 100;

const retryCount: Rule<number> = (value) =>
  typeof value === "number" && Number.isSafeInteger(value) && value >= 0 && value <= MAX_RETRIES
    ? ok(value)
    : bad("range", `must be a whole number from 0 to ${MAX_RETRIES} (got ${shown(value)})`);

export const wholeCount: Rule<number> = (value) =>
  typeof value === "number" && Number.isSafeInteger(value) && value >= 0 ? ok(value) : bad("range", `must be a whole number ≥ 0 (got ${shown(value)})`);

/** A request time limit: a finite number of ms above 0. */
export const requestTimeout: Rule<number> = (value) =>
  typeof value === "number" && Number.isFinite(value) && value > 0 ? ok(value) : bad("range", `must be a finite number of ms above 0 (got ${shown(value)})`);

/** A wait's deadline: a number of ms above 0, or Infinity (no deadline). */
export const waitTimeout: Rule<number> = (value) =>
  typeof value === "number" && value > 0 ? ok(value) : bad("range", `must be a number of ms above 0, or Infinity for no deadline (got ${shown(value)})`);

const byteCount: Rule<number> = (value) =>
  typeof value === "number" && Number.isSafeInteger(value) && value > 0 ? ok(value) : bad("range", `must be a whole number of bytes above 0 (got ${shown(value)})`);

const flag: Rule<boolean> = (value) => (typeof value === "boolean" ? ok(value) : bad("type", `must be true or false (got ${shown(value)})`));

export const text: Rule<string> = (value) => (typeof value === "string" ? ok(value) : bad("type", `must be a string (got ${shown(value)})`));

/** A fetch implementation: what it throws is a failed request (ConnectionError), as globalThis.fetch's failures are. */
const fetchFunction: Rule<(...args: never[]) => unknown> = (value) =>
  typeof value === "function" ? ok(value as (...args: never[]) => unknown) : bad("type", `must be a function (got ${shown(value)})`);

function isPlainObject(value: unknown): value is object {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/** A plain object, copied (own enumerable properties, each read once). */
export const plainObject: Rule<Record<string, unknown>> = (value) => (isPlainObject(value) ? ok(copyOf(value)) : bad("type", `must be a plain object (got ${shown(value)})`));

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
export const SHARED = {
  validate: flag,
  rateLimitRetries: retryCount,
  notSentRetries: retryCount,
} as const;

/** The options one place takes: the rule of each name, and the title of the error that lists what is wrong. */
export interface OptionSchema {
  what: string;
  rules: Record<string, Rule<unknown>>;
}

export type OptionsOf<S extends OptionSchema> = { [K in keyof S["rules"]]?: S["rules"][K] extends Rule<infer T> ? T : never };

export const CLIENT_OPTIONS = {
  what: "Invalid client options",
  rules: {
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
} as const satisfies OptionSchema;

/** The client's `wait` option: defaults for every wait. */
export const WAIT_DEFAULTS = {
  what: "Invalid client options",
  rules: {
    timeoutMs: waitTimeout,
    schedule: plainObject,
    maxPollRetries: wholeCount,
  },
} as const satisfies OptionSchema;

/** A wait's `schedule` (and the client's `wait.schedule`). */
export const SCHEDULE_OPTIONS = {
  what: "Invalid wait options",
  rules: Object.fromEntries(SCHEDULE_FIELDS.map((name) => [name, finiteAtLeastZero])) as Record<(typeof SCHEDULE_FIELDS)[number], Rule<number>>,
} as const satisfies OptionSchema;

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
 * Reads `options` (undefined: none) against `schema`: unknown names, wrong kinds
 * and unreadable properties are one InvalidRequestError listing every issue. `prefix` names
 * where the object sits (`wait.` for the client's wait defaults).
 */
export function readOptions<S extends OptionSchema>(schema: S, options: unknown, prefix = ""): OptionsOf<S> {
  const { what } = schema;
  if (options === undefined) return {};
  if (typeof options !== "object" || options === null || Array.isArray(options))
    throw new InvalidRequestError([{ field: prefix ? prefix.slice(0, -1) : "(options)", rule: "type", message: `must be an object of options (got ${shown(options)})` }], what);
  const rules = schema.rules;
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
  return out as OptionsOf<S>;
}
