// scheduleAll without explanations on the WebAssembly engine's two kernels, deep-equal to tsEngine over
// generated scenarios (the path without explanations runs whole batches in the kernel). SCHEDKIT_LONG /
// SCHEDKIT_MIN_RUNS: core's _test/long.ts.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createCluster, tsEngine } from "@schedkit/core";
import { scenarioArbitrary } from "@schedkit/core/arbitraries";
import { assertProperty, LONG, PROPERTY_TIMEOUT, runParameters, runsFor } from "../../core/src/_test/long.js";
import { bothKernels, outcome } from "./_test/both-kernels.js";

const numRuns = 200;
const long = runParameters(numRuns);
const timeout = LONG ? (long.interruptAfterTimeLimit ?? 0) + 600_000 : PROPERTY_TIMEOUT ?? 120_000;

describe("engine parity over generated scenarios (@schedkit/core/arbitraries), both kernels", () => {
  it(
    `scheduleAll without explanations is deep-equal to tsEngine (${numRuns} scenarios)`,
    () => {
      let ran = 0;
      assertProperty(
        `scheduleAll without explanations, simd and scalar kernels`,
        fc.property(scenarioArbitrary(), (s) => {
          const options = { ...s.options, explain: false };
          expect(outcome(() => bothKernels.scheduleAll(undefined, createCluster(s.cluster), options))).toEqual(
            outcome(() => tsEngine.scheduleAll(undefined, createCluster(s.cluster), options)),
          );
          ran++;
        }),
        runParameters(numRuns, 43),
      );
      if (!LONG) expect(ran).toBe(runsFor(numRuns));
    },
    timeout,
  );
});
