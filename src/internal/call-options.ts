/**
 * The options of each call: a submit's, a wait's and an upload's, read with the client's own rules
 * for the options of the same name (./options.ts: the schema's other half, which the constructor
 * reads). Loaded with the calls, not with the client.
 */
import { bad, ok, plainObject, requestTimeout, SHARED, shown, text, waitTimeout, wholeCount, type OptionSchema, type Rule } from "./options.js";
import { callerCallback } from "./error-boundary.js";

/** A caller's callback (onEnqueue, onProgress): what it throws passes the error boundary as it is. */
const callback: Rule<(...args: never[]) => unknown> = (value) =>
  typeof value === "function" ? ok(callerCallback(value as (...args: never[]) => unknown)) : bad("type", `must be a function (got ${shown(value)})`);

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

export const SUBMIT_OPTIONS = {
  what: "Invalid submit options",
  rules: {
    ...SHARED,
    timeoutMs: requestTimeout,
    signal: abortSignal,
    extraFields: plainObject,
  },
} as const satisfies OptionSchema;

export const WAIT_OPTIONS = {
  what: "Invalid wait options",
  rules: {
    timeoutMs: waitTimeout,
    signal: abortSignal,
    onEnqueue: callback,
    onProgress: callback,
    schedule: plainObject,
    maxPollRetries: wholeCount,
    family: text,
  },
} as const satisfies OptionSchema;

export const UPLOAD_OPTIONS = {
  what: "Invalid upload options",
  rules: {
    signal: abortSignal,
  },
} as const satisfies OptionSchema;
