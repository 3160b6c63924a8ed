/**
 * `npm run fuzz:hostile [-- --runs N] [-- --seed S]`: the hostile-server property of
 * test/hostile-property.ts over many more cases than `npm test` tries (default 500, a random
 * seed, printed so that a failure can be replayed). Prints how many cases it tried.
 */
import { parseArgs } from "node:util";
import fc from "fast-check";
import { startThirdParty } from "../contract-tests/harness/third-party.js";
import { behaviourArb, checkBehaviour, describeBehaviour, type Behaviour } from "./hostile-property.js";

const { values } = parseArgs({ options: { runs: { type: "string" }, seed: { type: "string" } } });
const runs = Number(values.runs ?? 500);
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
const third = await startThirdParty();
const started = performance.now();
let tried = 0;
let last: Behaviour | undefined;
const result = await fc.check(
  fc.asyncProperty(behaviourArb, async (behaviour) => {
    tried += 1;
    last = behaviour;
    await checkBehaviour(behaviour, third);
  }),
  { seed, numRuns: runs },
);
await third.stop();
const seconds = ((performance.now() - started) / 1000).toFixed(1);
if (result.failed) {
  console.log(`fuzz:hostile: FAILED after ${result.numRuns} cases (${tried} tried with shrinking), seed ${seed}, path ${result.counterexamplePath}`);
  console.log(`  counterexample: ${result.counterexample ? describeBehaviour(result.counterexample[0]) : last ? describeBehaviour(last) : "?"}`);
  console.log(`  ${String(result.errorInstance)}`);
  process.exitCode = 1;
} else {
  console.log(`fuzz:hostile: ${result.numRuns} cases passed (${tried} tried), seed ${seed}, ${seconds} s`);
}
