import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { MAX_RESOURCE_VALUE } from "../../quantity.js";
import { requestedToCapacityRatioScorer, scaledUtilization } from "./requested-to-capacity-ratio.js";
import { resourceValue, vectors } from "./_arbitraries.test-helpers.js";
import { kernelRunParameters } from "../../_test/long.js";

const MAX = MAX_RESOURCE_VALUE;

// Go scaledUtilization with its 128-bit intermediate, in BigInt.
function refUtilization(req: bigint, cap: bigint): bigint {
  if (cap <= 0n || req <= 0n) return 0n;
  if (req >= cap) return 100n;
  return (req * 100n) / cap;
}

describe("scaledUtilization", () => {
  it.each([
    { requested: 0, capacity: 10, utilization: 0 },
    { requested: 3, capacity: 10, utilization: 30 },
    { requested: 1, capacity: 3, utilization: 33 },
    { requested: 2, capacity: 3, utilization: 66 },
    { requested: 10, capacity: 10, utilization: 100 },
    { requested: 11, capacity: 10, utilization: 100 },
    { requested: MAX - 1, capacity: MAX, utilization: 99 },
    { requested: 5, capacity: 0, utilization: 0 },
  ])("$requested of $capacity is $utilization%", ({ requested, capacity, utilization }) => {
    expect(scaledUtilization(requested, capacity)).toBe(utilization);
  });

  it("equals the 128-bit Go computation across the whole domain", () => {
    fc.assert(
      fc.property(resourceValue(2n * BigInt(MAX)), resourceValue(), (req, cap) => {
        expect(scaledUtilization(req, cap)).toBe(Number(refUtilization(BigInt(req), BigInt(cap))));
      }),
      kernelRunParameters(20000),
    );
  });
});

describe("requestedToCapacityRatioScorer", () => {
  const increasing = requestedToCapacityRatioScorer([
    { utilization: 0, score: 0 },
    { utilization: 100, score: 10 },
  ]);

  it("rounds the weighted mean half away from zero", () => {
    // Utilizations 25% and 50% score 25 and 50: (25·1 + 50·2) / 3 = 41.67 → 42; weights 1 and 1: 37.5 → 38.
    const a = vectors([
      { requested: 1, capacity: 4, weight: 1 },
      { requested: 2, capacity: 4, weight: 2 },
    ]);
    expect(increasing(a.requested, a.allocatable, a.weights, a.n)).toBe(42);
    const b = vectors([
      { requested: 1, capacity: 4, weight: 1 },
      { requested: 2, capacity: 4, weight: 1 },
    ]);
    expect(increasing(b.requested, b.allocatable, b.weights, b.n)).toBe(38);
  });

  it("leaves resources scoring 0 out of both sums", () => {
    // 0% scores 0 and is dropped, so the mean is the other resource's 50, not 25.
    const v = vectors([
      { requested: 0, capacity: 4, weight: 1 },
      { requested: 2, capacity: 4, weight: 1 },
    ]);
    expect(increasing(v.requested, v.allocatable, v.weights, v.n)).toBe(50);
  });

  it("scores an over-committed resource at 100% utilization", () => {
    const decreasing = requestedToCapacityRatioScorer([
      { utilization: 0, score: 10 },
      { utilization: 100, score: 2 },
    ]);
    const v = vectors([{ requested: 9, capacity: 4, weight: 1 }]);
    expect(decreasing(v.requested, v.allocatable, v.weights, v.n)).toBe(20);
  });

  it("is 0 when nothing scores", () => {
    const v = vectors([{ requested: 0, capacity: 4, weight: 3 }]);
    expect(increasing(v.requested, v.allocatable, v.weights, v.n)).toBe(0);
  });
});
