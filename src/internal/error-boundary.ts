/**
 * The one error boundary every public method returns or throws through (`guard`, `guardSync`).
 * Whatever is thrown inside comes out as a ModelsLabError:
 *
 * - a ModelsLabError is handed on with every string it holds redacted of the key (message,
 *   stack, own fields) and its `cause` chain rebuilt from redacted copies: plain Errors holding
 *   only a redacted name, message, stack and `code`, so no server bytes or key can hide in a
 *   cause, an AggregateError's `errors` or a field of some runtime's error object;
 * - anything else (a TypeError of a bug, a value thrown by a runtime) becomes an InternalError
 *   whose cause is such a redacted copy;
 * - only what the caller's own callbacks threw passes through as it is: the options schema wraps
 *   each callback it reads (`callerCallback`), so their errors are known by construction.
 */
import { InternalError, ModelsLabError } from "../core/errors.js";
import type { Redactor } from "./redaction.js";

/** What a caller's callback threw, carried unchanged through the client to the boundary. */
class CallerThrew {
  constructor(readonly error: unknown) {}
}

/** `callback` whose errors (thrown or rejected) pass the boundary as they are. */
export function callerCallback<A extends unknown[], R>(callback: (...args: A) => R): (...args: A) => R {
  return (...args: A): R => {
    let result: R;
    try {
      result = callback(...args);
    } catch (error) {
      throw new CallerThrew(error);
    }
    if (typeof (result as { then?: unknown } | null)?.then === "function") {
      const carried = Promise.resolve(result).catch((error: unknown) => {
        throw new CallerThrew(error);
      });
      // A callback whose promise the client does not await (onProgress) must not leave an
      // unhandled rejection behind; where the client awaits it (onEnqueue), the rejection arrives.
      carried.catch(() => {});
      return carried as R;
    }
    return result;
  };
}

const MAX_CAUSES = 8;

function safeText(read: () => unknown, redactor: Redactor | undefined): string | undefined {
  try {
    const value = read();
    if (value === undefined) return undefined;
    const text = typeof value === "string" ? value : String(value);
    return redactor ? redactor.text(text) : text;
  } catch {
    return "(a value that cannot be shown)";
  }
}

/** A redacted copy of a cause: a plain Error with name, message, stack and code only, its own cause copied the same way. */
function copiedCause(cause: unknown, redactor: Redactor | undefined, depth: number): unknown {
  if (depth >= MAX_CAUSES) return undefined;
  if (!(cause instanceof Error)) {
    if (cause === undefined || cause === null) return cause;
    return safeText(() => (typeof cause === "object" ? JSON.stringify(cause) : String(cause)), redactor);
  }
  const copy = new Error(safeText(() => cause.message, redactor) ?? "");
  const name = safeText(() => cause.name, redactor);
  if (name !== undefined) copy.name = name;
  copy.stack = safeText(() => cause.stack, redactor) ?? `${copy.name}: ${copy.message}`;
  const code = safeText(() => (cause as { code?: unknown }).code, redactor);
  if (code !== undefined) Object.defineProperty(copy, "code", { value: code, enumerable: true });
  let inner: unknown;
  try {
    inner = cause.cause;
  } catch {
    inner = undefined;
  }
  if (inner !== undefined) Object.defineProperty(copy, "cause", { value: copiedCause(inner, redactor, depth + 1), enumerable: false, writable: true, configurable: true });
  let errors: unknown;
  try {
    errors = (cause as { errors?: unknown }).errors;
  } catch {
    errors = undefined;
  }
  if (Array.isArray(errors)) Object.defineProperty(copy, "errors", { value: errors.slice(0, 16).map((each) => copiedCause(each, redactor, depth + 1)), enumerable: true });
  return copy;
}

/** A field value of one of the client's errors, redacted: strings, plain data, errors (copied as causes are). */
function redactedField(value: unknown, redactor: Redactor | undefined, depth: number): unknown {
  if (!redactor) return value;
  if (typeof value === "string") return redactor.text(value);
  if (value instanceof Error) return copiedCause(value, redactor, depth);
  if (typeof value === "object" && value !== null) {
    try {
      return redactor.value(JSON.parse(JSON.stringify(value)));
    } catch {
      return "(a value that cannot be shown)";
    }
  }
  return value;
}

/** `error` as it may leave the client: see the module comment. */
export function publicError(error: unknown, redactor: Redactor | undefined): unknown {
  if (error instanceof CallerThrew) return error.error;
  if (!(error instanceof ModelsLabError)) {
    const wrapped = new InternalError(`An error inside the client: ${safeText(() => (error instanceof Error ? `${error.name}: ${error.message}` : error), redactor) ?? "unknown"}`);
    Object.defineProperty(wrapped, "cause", { value: copiedCause(error, redactor, 0), enumerable: false, writable: true, configurable: true });
    return wrapped;
  }
  if (!redactor) {
    if (error.cause !== undefined) Object.defineProperty(error, "cause", { value: copiedCause(error.cause, undefined, 0), enumerable: false, writable: true, configurable: true });
    return error;
  }
  error.message = redactor.text(error.message);
  if (typeof error.stack === "string") error.stack = redactor.text(error.stack);
  for (const key of Object.keys(error)) {
    const descriptor = Object.getOwnPropertyDescriptor(error, key);
    if (!descriptor || !("value" in descriptor) || !descriptor.configurable) continue;
    Object.defineProperty(error, key, { ...descriptor, value: redactedField(descriptor.value, redactor, 0) });
  }
  if ("cause" in error && error.cause !== undefined) Object.defineProperty(error, "cause", { value: copiedCause(error.cause, redactor, 0), enumerable: false, writable: true, configurable: true });
  return error;
}

/** Runs `body` behind the boundary: its result, or the public form of what it threw. */
export async function guard<T>(redactor: Redactor | undefined, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    throw publicError(error, redactor);
  }
}

/** `guard` for methods that answer at once. */
export function guardSync<T>(redactor: Redactor | undefined, body: () => T): T {
  try {
    return body();
  } catch (error) {
    throw publicError(error, redactor);
  }
}
