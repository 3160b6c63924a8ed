/** The hostile-server property (test/hostile-property.ts) with a fixed seed; `npm run fuzz:hostile` runs many more cases. */
import fc from "fast-check";
import { afterAll, beforeAll, describe, it } from "vitest";
import { startThirdParty, type ThirdParty } from "../contract-tests/harness/third-party.js";
import { behaviourArb, checkBehaviour } from "./hostile-property.js";

export const SEED = 20261122;
export const RUNS = 40;

let third: ThirdParty;
beforeAll(async () => {
  third = await startThirdParty();
});
afterAll(() => third?.stop());

describe("whatever the server does", () => {
  it(`a submit reaches it at most once, the key goes nowhere else and shows nowhere, and the call settles in time with a ModelsLabError or a result (seed ${SEED}, ${RUNS} cases)`, async () => {
    let tried = 0;
    await fc.assert(
      fc.asyncProperty(behaviourArb, async (behaviour) => {
        tried += 1;
        await checkBehaviour(behaviour, third);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    console.log(`hostile property: ${tried} cases tried (seed ${SEED})`);
  }, 180_000);
});
