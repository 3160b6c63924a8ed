/**
 * vitest setup file (unit and integration projects): the client's lazily loaded code
 * (src/lib/deferred.ts: the calls, the transport, waits, batches; and validation) loaded before a
 * test file's cases run. A call waits for that code, bounded by the client's request time limit
 * (src/internal/module-load.ts); under vitest a worker transforms it at its first load, which on a
 * busy machine can take longer than the short time limits tests give their clients, and would end
 * such a first call as "could not be loaded" instead of what the test looks at. With the workers'
 * module graphs kept (isolate off), each worker loads it once. test/client-loading.test.ts loads the
 * client in a module graph of its own to test the loading itself.
 */
await Promise.all([import("../src/lib/deferred.js"), import("../src/internal/request-validation.js")]);
