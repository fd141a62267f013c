import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { MAX_RESOURCE_VALUE } from "../../quantity.js";
import { leastAllocatedScore, leastRequestedScore } from "./least-allocated.js";
import { resourceEntry, resourceValue, vectors, weightedMeanRef } from "./_arbitraries.test-helpers.js";
import { kernelRunParameters } from "../../_test/long.js";

const MAX = MAX_RESOURCE_VALUE;

function refLeast(req: bigint, cap: bigint): bigint {
  if (cap === 0n || req > cap) return 0n;
  return ((cap - req) * 100n) / cap;
}

describe("leastRequestedScore", () => {
  it.each([
    { requested: 0, capacity: 4000, score: 100 },
    { requested: 3000, capacity: 4000, score: 25 },
    { requested: 5000, capacity: 10000, score: 50 },
    { requested: 4000, capacity: 4000, score: 0 },
    { requested: 4001, capacity: 4000, score: 0 },
    { requested: 1, capacity: MAX, score: 99 },
    { requested: 0, capacity: MAX, score: 100 },
    { requested: MAX - 1, capacity: MAX, score: 0 },
    { requested: 7, capacity: 0, score: 0 },
  ])("scores $requested of $capacity as $score", ({ requested, capacity, score }) => {
    expect(leastRequestedScore(requested, capacity)).toBe(score);
  });

  it("equals Go's int64 formula across the whole domain", () => {
    fc.assert(
      fc.property(resourceValue(2n * BigInt(MAX)), resourceValue(), (req, cap) => {
        expect(leastRequestedScore(req, cap)).toBe(Number(refLeast(BigInt(req), BigInt(cap))));
      }),
      kernelRunParameters(20000),
    );
  });
});

describe("leastAllocatedScore", () => {
  it("averages by weight, truncating, and skips entries with allocatable 0", () => {
    // cpu 25 (w1), memory 37 (w2), a scalar the node lacks (skipped): (25 + 74) / 3 = 33.
    const v = vectors([
      { requested: 3000, capacity: 4000, weight: 1 },
      { requested: 5000, capacity: 8000, weight: 2 },
      { requested: 0, capacity: 0, weight: 5 },
    ]);
    expect(leastAllocatedScore(v.requested, v.allocatable, v.weights, v.n)).toBe(33);
  });

  it("is 0 when no entry has allocatable", () => {
    const v = vectors([{ requested: 1, capacity: 0, weight: 1 }]);
    expect(leastAllocatedScore(v.requested, v.allocatable, v.weights, v.n)).toBe(0);
  });

  it("is in [0, 100] and equals a BigInt reference for random values across the domain", () => {
    fc.assert(
      fc.property(fc.array(resourceEntry, { minLength: 1, maxLength: 6 }), (entries) => {
        const v = vectors(entries);
        const got = leastAllocatedScore(v.requested, v.allocatable, v.weights, v.n);
        expect(got).toBeGreaterThanOrEqual(0);
        expect(got).toBeLessThanOrEqual(100);
        expect(got).toBe(weightedMeanRef(entries, refLeast));
      }),
      kernelRunParameters(20000),
    );
  });
});
