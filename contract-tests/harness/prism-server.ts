/**
 * Real Prism mock servers for tests: the same servers `modelslab-video --mock` starts (see
 * contract-tests/harness/prism-mock.ts), each on a free loopback port and stopped however the run ends.
 */
export { startPrism, type PrismOptions, type PrismServer } from "./prism-mock.js";

/**
 * A line of Prism's route listing: `info`, a method and the URL of an operation, whose path
 * parameters Prism fills with generated values (a `{modelId}` listed as `/v6/model-search/error`
 * is a route, not an error).
 */
const ROUTE_LINE = /\binfo\s+(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|TRACE)\s+https?:\/\/\S+\s*$/;

/** Lines Prism printed that are warnings or errors about the document itself (not about requests, not its route listing). */
export function documentWarnings(output: string): string[] {
  return output
    .split("\n")
    .filter((line) => /(warning|error|✖|⚠)/i.test(line) && !/\[(HTTP SERVER|VALIDATOR|NEGOTIATOR)\]/.test(line) && !/^\s*\[.*\]\s*›\s{4}/.test(line) && !ROUTE_LINE.test(line));
}
