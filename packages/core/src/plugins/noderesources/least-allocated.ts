// kube-scheduler: pkg/scheduler/framework/plugins/noderesources/least_allocated.go (docs/scheduler.md §5.2).
import { MAX_NODE_SCORE, truncDiv } from "./resource-allocation.js";

/**
 * leastRequestedScore: the unused share of `capacity` on 0..100, 0 when over-committed.
 * Bit-exact for 0 ≤ requested, 0 < capacity ≤ MAX_RESOURCE_VALUE = ⌊(2^53−1)/100⌋: when requested ≤ capacity,
 * (capacity − requested)·100 ≤ capacity·100 < 2^53 is an exact integer, so truncDiv is Go's int64 division.
 */
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return truncDiv((capacity - requested) * MAX_NODE_SCORE, capacity);
}

/**
 * leastResourceScorer: Σ score·weight / Σ weight over the entries with allocatable > 0 (0 if none).
 * The weighted sum is at most 100·100·n, an exact small integer.
 */
export function leastAllocatedScore(requested: Float64Array, allocatable: Float64Array, weights: Float64Array, n: number): number {
  let nodeScore = 0;
  let weightSum = 0;
  for (let i = 0; i < n; i++) {
    const capacity = allocatable[i]!;
    if (capacity === 0) continue;
    const w = weights[i]!;
    nodeScore += leastRequestedScore(requested[i]!, capacity) * w;
    weightSum += w;
  }
  return weightSum === 0 ? 0 : truncDiv(nodeScore, weightSum);
}
