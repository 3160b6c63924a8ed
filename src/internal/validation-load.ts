/**
 * The one way the client's code gets the validation module (its compiled validators), loaded on the
 * first submit, local image or batch item that validates, not with the client: once, bounded by a
 * request time limit as each request is (module-load.ts); a failed or hung load is a ConnectionError,
 * nothing sent, and is tried again by the next call that validates.
 */
import { ConnectionError } from "../core/errors.js";
import { loadWithin } from "./module-load.js";

type Validation = typeof import("./request-validation.js");

let loading: Promise<Validation> | undefined;
/** The module once loaded: later calls use it without waiting a turn. */
export let loadedValidation: Validation | undefined;

export async function loadValidation(timeoutMs: number): Promise<Validation> {
  if (loadedValidation) return loadedValidation;
  try {
    return (loadedValidation = await loadWithin(() => (loading ??= import("./request-validation.js")), timeoutMs));
  } catch (error) {
    loading = undefined;
    throw new ConnectionError("The client's validation code could not be loaded; nothing was sent", { cause: error });
  }
}
