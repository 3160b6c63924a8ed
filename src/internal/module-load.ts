/**
 * The load of a module the client fetches lazily (lib/deferred.ts, validation), bounded as each
 * request is, by the client's request time limit: a load that hangs (a stalled server in a web page)
 * rejects once `ms` passed, so the call that waits for it ends (its caller turns this into a
 * ConnectionError, nothing sent), and a load that arrives later sends nothing for that call.
 */
export async function loadWithin<T>(load: () => Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await new Promise<T>((loaded, failed) => {
      timer = setTimeout(failed, Math.min(ms, 2_147_483_647), new Error("timed out"));
      load().then(loaded, failed);
    });
  } finally {
    clearTimeout(timer);
  }
}
