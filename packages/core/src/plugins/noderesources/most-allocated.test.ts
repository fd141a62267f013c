import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { MAX_RESOURCE_VALUE } from "../../quantity.js";
import { mostAllocatedScore, mostRequestedScore } from "./most-allocated.js";
import { resourceEntry, resourceValue, vectors, weightedMeanRef } from "./_arbitraries.test-helpers.js";
import { kernelRunParameters } from "../../_test/long.js";

const MAX = MAX_RESOURCE_VALUE;

function refMost(req: bigint, cap: bigint): bigint {
  if (cap === 0n) return 0n;
  return ((req > cap ? cap : req) * 100n) / cap;
}

describe("mostRequestedScore", () => {
  it.each([
    { requested: 0, capacity: 4000, score: 0 },
    { requested: 3000, capacity: 4000, score: 75 },
    { requested: 4000, capacity: 4000, score: 100 },
    { requested: 300, capacity: 250, score: 100 },
    { requested: MAX - 1, capacity: MAX, score: 99 },
    { requested: 2 * MAX, capacity: MAX, score: 100 },
    { requested: 7, capacity: 0, score: 0 },
  ])("scores $requested of $capacity as $score", ({ requested, capacity, score }) => {
    expect(mostRequestedScore(requested, capacity)).toBe(score);
  });

  it("equals Go's int64 formula across the whole domain", () => {
    fc.assert(
      fc.property(resourceValue(2n * BigInt(MAX)), resourceValue(), (req, cap) => {
        expect(mostRequestedScore(req, cap)).toBe(Number(refMost(BigInt(req), BigInt(cap))));
      }),
      kernelRunParameters(20000),
    );
  });
});

describe("mostAllocatedScore", () => {
  it("averages by weight, truncating, and skips entries with allocatable 0", () => {
    // cpu 75 (w1), memory 62 (w2), a scalar the node lacks (skipped): (75 + 124) / 3 = 66.
    const v = vectors([
      { requested: 3000, capacity: 4000, weight: 1 },
      { requested: 5000, capacity: 8000, weight: 2 },
      { requested: 3, capacity: 0, weight: 5 },
    ]);
    expect(mostAllocatedScore(v.requested, v.allocatable, v.weights, v.n)).toBe(66);
  });

  it("is in [0, 100] and equals a BigInt reference for random values across the domain", () => {
    fc.assert(
      fc.property(fc.array(resourceEntry, { minLength: 1, maxLength: 6 }), (entries) => {
        const v = vectors(entries);
        const got = mostAllocatedScore(v.requested, v.allocatable, v.weights, v.n);
        expect(got).toBeGreaterThanOrEqual(0);
        expect(got).toBeLessThanOrEqual(100);
        expect(got).toBe(weightedMeanRef(entries, refMost));
      }),
      kernelRunParameters(20000),
    );
  });
});
