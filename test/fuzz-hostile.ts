/**
 * `npm run fuzz:hostile [-- --runs N] [-- --seed S]`: the two properties over many more cases than
 * `npm test` tries (default 500 each, a random seed, printed so that a failure can be replayed):
 * the hostile-server property (test/hostile-property.ts) and the public-surface property
 * (test/public-surface-property.ts: generated caller values × generated servers). Prints how
 * many cases each tried; exits 1 with the counterexample when one fails.
 */
import { parseArgs } from "node:util";
import fc from "fast-check";
import { startThirdParty, type ThirdParty } from "../contract-tests/harness/third-party.js";
import { behaviourArb, checkBehaviour, describeBehaviour } from "./hostile-property.js";
import { caseArb, checkCase, describeCase } from "./public-surface-property.js";

const { values } = parseArgs({ options: { runs: { type: "string" }, seed: { type: "string" }, only: { type: "string" } } });
const runs = Number(values.runs ?? 500);
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
const third = await startThirdParty();

async function fuzz<T>(name: string, arbitrary: fc.Arbitrary<T>, check: (value: T, third: ThirdParty) => Promise<void>, describe: (value: T) => string): Promise<boolean> {
  const started = performance.now();
  let tried = 0;
  let last: T | undefined;
  const result = await fc.check(
    fc.asyncProperty(arbitrary, async (value) => {
      tried += 1;
      last = value;
      await check(value, third);
    }),
    { seed, numRuns: runs },
  );
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (result.failed) {
    console.log(`fuzz:hostile ${name}: FAILED after ${result.numRuns} cases (${tried} tried with shrinking), seed ${seed}, path ${result.counterexamplePath}`);
    console.log(`  counterexample: ${result.counterexample ? describe(result.counterexample[0]) : last !== undefined ? describe(last) : "?"}`);
    console.log(`  ${String(result.errorInstance)}`);
    return false;
  }
  console.log(`fuzz:hostile ${name}: ${result.numRuns} cases passed (${tried} tried), seed ${seed}, ${seconds} s`);
  return true;
}

let ok = true;
if (values.only === undefined || values.only === "server") ok = (await fuzz("hostile servers", behaviourArb, checkBehaviour, describeBehaviour)) && ok;
if (values.only === undefined || values.only === "surface") ok = (await fuzz("public surface", caseArb, checkCase, describeCase)) && ok;
await third.stop();
if (!ok) process.exitCode = 1;
