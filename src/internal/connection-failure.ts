/**
 * Whether a failed request can have left this machine. The transport asks it of each low-level
 * fetch failure and tags the ConnectionError it throws; the submit's state (submit-state.ts)
 * reads the tag. Only a failure the runtime names as one before any connection counts.
 */
/**
 * Error codes that mean the connection was never made, so no byte of the request left: DNS,
 * refused, unreachable, connect timeout, and TLS handshake failures (Node's and undici's names,
 * and Bun's). A runtime that names none of them (browsers say only "Failed to fetch") gives
 * no proof, so its failures count as maybe queued.
 */
const NEVER_CONNECTED = new Set([
  "ENOTFOUND",
  "EAI_AGAIN",
  "EAI_NONAME",
  "EAI_FAIL",
  "ECONNREFUSED",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EHOSTDOWN",
  "ENETDOWN",
  "EADDRNOTAVAIL",
  "UND_ERR_CONNECT_TIMEOUT",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "ERR_TLS_HANDSHAKE_TIMEOUT",
  "ERR_SSL_WRONG_VERSION_NUMBER",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_UNTRUSTED",
  "CERT_REJECTED",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "ConnectionRefused",
  "FailedToOpenSocket",
]);

/** ConnectionErrors whose low-level failure proved the connection was never made (tagged by the transport). */
const neverConnected = new WeakSet<object>();

/** Whether a low-level fetch failure (its cause chain, an AggregateError's errors) names a failure before any connection. */
export function connectionNeverMade(failure: unknown, depth = 0): boolean {
  if (depth > 8 || typeof failure !== "object" || failure === null) return false;
  let code: unknown;
  let cause: unknown;
  let errors: unknown;
  try {
    ({ code, cause, errors } = failure as { code?: unknown; cause?: unknown; errors?: unknown });
  } catch {
    return false;
  }
  if (typeof code === "string" && NEVER_CONNECTED.has(code)) return true;
  if (Array.isArray(errors) && errors.length > 0 && errors.every((each) => connectionNeverMade(each, depth + 1))) return true;
  return connectionNeverMade(cause, depth + 1);
}

export function markNeverConnected<E extends object>(error: E): E {
  neverConnected.add(error);
  return error;
}

export function wasNeverConnected(error: object): boolean {
  return neverConnected.has(error);
}

