/// <reference types="node" />
/**
 * What the command line exits with, and why. Every error of the client maps to one code; the
 * message printed is the error's own (the client keeps the API key out of every message).
 */
import {
  AbortedError,
  APIError,
  ConnectionError,
  GenerationFailedError,
  InvalidRequestError,
  RequestTimeoutError,
  UnexpectedResponseError,
  WaitTimeoutError,
} from "../index.js";

export const EXIT = {
  /** The video is done (or, with --no-wait, the job was queued). */
  done: 0,
  /** The command could not run: --mock without Prism, `contract` outside a checkout, a bug. */
  couldNotRun: 1,
  /** Invalid input: a usage error or a request the schema rejects. Nothing was sent. */
  invalidInput: 2,
  /** The API answered an error, the generation failed, or its video could not be downloaded. */
  failed: 3,
  /** Gave up waiting (or the submit got no answer in time); the job may still finish. */
  timedOut: 4,
  /** batch: an item is unknown (its submit may have been queued and billed); check it, then --resubmit-unknown. */
  unknown: 5,
  /** Ctrl-C. A queued job keeps running upstream. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A mistake on the command line: printed with the command's usage line. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** The command cannot run here (not a mistake in the request). */
export class CannotRunError extends Error {
  override name = "CannotRunError";
}

/** The finished video could not be saved with --out. */
export class DownloadError extends Error {
  override name = "DownloadError";
}

/** The finished job's answer cannot be printed or used as it is (an output URL with whitespace or control characters). */
export class UnusableResultError extends Error {
  override name = "UnusableResultError";
}

export function exitCodeOf(error: unknown): ExitCode {
  if (error instanceof UsageError || error instanceof InvalidRequestError) return EXIT.invalidInput;
  if (error instanceof WaitTimeoutError || error instanceof RequestTimeoutError) return EXIT.timedOut;
  if (error instanceof AbortedError) return EXIT.interrupted;
  if (
    error instanceof APIError ||
    error instanceof GenerationFailedError ||
    error instanceof ConnectionError ||
    error instanceof UnexpectedResponseError ||
    error instanceof DownloadError ||
    error instanceof UnusableResultError
  )
    return EXIT.failed;
  return EXIT.couldNotRun;
}
