/**
 * Real Prism mock servers for tests: the same servers `modelslab-video --mock` starts (see
 * contract-tests/harness/prism-mock.ts), each on a free loopback port and stopped however the run ends.
 */
export { startPrism, type PrismOptions, type PrismServer } from "./prism-mock.js";

/** Lines Prism printed that are warnings or errors about the document itself (not about requests). */
export function documentWarnings(output: string): string[] {
  return output
    .split("\n")
    .filter((line) => /(warning|error|✖|⚠)/i.test(line) && !/\[(HTTP SERVER|VALIDATOR|NEGOTIATOR)\]/.test(line) && !/^\s*\[.*\]\s*›\s{4}/.test(line));
}
