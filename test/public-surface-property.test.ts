/** The public-surface property (test/public-surface-property.ts) with a fixed seed; `npm run fuzz:hostile` runs many more cases. */
import fc from "fast-check";
import { afterAll, beforeAll, describe, it } from "vitest";
import { startThirdParty, type ThirdParty } from "../contract-tests/harness/third-party.js";
import { caseArb, checkCase } from "./public-surface-property.js";

export const SEED = 20261201;
export const RUNS = 150;

let third: ThirdParty;
beforeAll(async () => {
  third = await startThirdParty();
});
afterAll(() => third?.stop());

describe("whatever the caller passes and whatever the server does", () => {
  it(`every public method: submits ≤ 1 (+ n after HTTP 429s with rateLimitRetries n), keyed requests only to the call's operations on the base origin, settled in time, only ModelsLabErrors, the key nowhere (seed ${SEED}, ${RUNS} cases)`, async () => {
    let tried = 0;
    await fc.assert(
      fc.asyncProperty(caseArb, async (each) => {
        tried += 1;
        await checkCase(each, third);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    console.log(`public-surface property: ${tried} cases tried (seed ${SEED})`);
  }, 240_000);
});
