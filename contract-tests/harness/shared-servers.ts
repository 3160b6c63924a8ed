/**
 * One set of mock servers for a whole test run: vitest's global setup (vitest.config.ts) starts
 * them in the main process before any test file and stops them after the last; every test file
 * reaches them over loopback. A test that only needs *a* Prism of the merged document uses
 * `sharedPrism()` instead of starting its own:
 *
 *   import { sharedPrism } from "../contract-tests/harness/shared-servers.js";
 *   const prism = sharedPrism(); // { url, routes }: static answers from the named examples
 *
 * A test that needs a server of its own (another document, dynamic mode, a fault) still calls
 * startPrism(), which is cheap: in process, ready when listening. To share another server, start
 * it in `setup` and `provide` it under a name declared in ProvidedContext below.
 */
import type { TestProject } from "vitest/node";
import { inject } from "vitest";
import { startPrism } from "./prism-server.js";
import { MERGED_DOCUMENT } from "./scripted-server.js";

export interface SharedPrism {
  /** Base URL of a Prism mock of generated/openapi.yaml (static answers, `--errors` off). */
  url: string;
  /** What it logged on start: a route line per operation, then "Prism is listening on …". */
  routes: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    sharedPrism: SharedPrism;
  }
}

/** vitest global setup: start the shared servers, hand their addresses to the test files. */
export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const prism = await startPrism({ document: MERGED_DOCUMENT });
  project.provide("sharedPrism", { url: prism.url, routes: prism.output() });
  return () => prism.stop();
}

/** The run's shared Prism mock of the merged document (see the comment at the top). */
export function sharedPrism(): SharedPrism {
  return inject("sharedPrism");
}
