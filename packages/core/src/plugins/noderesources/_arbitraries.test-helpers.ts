// Test-only: fast-check arbitraries over the documented exact domain, and BigInt references of the Go
// int64 formulas (BigInt `/` truncates toward zero like Go).
import fc from "fast-check";
import { MAX_RESOURCE_VALUE } from "../../quantity.js";

const MAX = BigInt(MAX_RESOURCE_VALUE);

/** A value in 0..max, biased to 0, 1, the top of the range and small numbers. */
export function resourceValue(max: bigint = MAX): fc.Arbitrary<number> {
  return fc
    .oneof(
      { weight: 2, arbitrary: fc.constantFrom(0n, 1n, 2n, 99n, 100n, 101n, max - 1n, max) },
      { weight: 3, arbitrary: fc.bigInt({ min: 0n, max }) },
      { weight: 2, arbitrary: fc.bigInt({ min: max > 1000n ? max - 1000n : 0n, max }) },
      { weight: 1, arbitrary: fc.bigInt({ min: 0n, max: 1000n > max ? max : 1000n }) },
    )
    .map(Number);
}

/** One configured resource on one node: pod+node requested (up to 2·MAX, as the scorer sees it), capacity, weight. */
export const resourceEntry = fc.record({
  requested: resourceValue(2n * MAX),
  capacity: resourceValue(),
  weight: fc.integer({ min: 1, max: 100 }),
});

/** Go: Σ s_i·w_i / Σ w_i over entries with capacity > 0, in int64. */
export function weightedMeanRef(
  entries: readonly { requested: number; capacity: number; weight: number }[],
  per: (req: bigint, cap: bigint) => bigint,
): number {
  let score = 0n;
  let weights = 0n;
  for (const e of entries) {
    if (e.capacity === 0) continue;
    score += per(BigInt(e.requested), BigInt(e.capacity)) * BigInt(e.weight);
    weights += BigInt(e.weight);
  }
  return weights === 0n ? 0 : Number(score / weights);
}

export function vectors(entries: readonly { requested: number; capacity: number; weight: number }[]) {
  return {
    requested: Float64Array.from(entries, (e) => e.requested),
    allocatable: Float64Array.from(entries, (e) => e.capacity),
    weights: Float64Array.from(entries, (e) => e.weight),
    n: entries.length,
  };
}
