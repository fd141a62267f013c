// kube-scheduler: pkg/scheduler/framework/plugins/noderesources/most_allocated.go (docs/scheduler.md §5.3).
import { MAX_NODE_SCORE, truncDiv } from "./resource-allocation.js";

/**
 * mostRequestedScore: the used share of `capacity` on 0..100; requests above capacity count as full
 * (pods without requests get the non-zero defaults, so this happens).
 * Bit-exact for 0 ≤ requested, 0 < capacity ≤ MAX_RESOURCE_VALUE = ⌊(2^53−1)/100⌋: min(requested, capacity)·100
 * ≤ capacity·100 < 2^53 is an exact integer, so truncDiv is Go's int64 division.
 */
export function mostRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0) return 0;
  return truncDiv((requested > capacity ? capacity : requested) * MAX_NODE_SCORE, capacity);
}

/** mostResourceScorer: Σ score·weight / Σ weight over the entries with allocatable > 0 (0 if none). */
export function mostAllocatedScore(requested: Float64Array, allocatable: Float64Array, weights: Float64Array, n: number): number {
  let nodeScore = 0;
  let weightSum = 0;
  for (let i = 0; i < n; i++) {
    const capacity = allocatable[i]!;
    if (capacity === 0) continue;
    const w = weights[i]!;
    nodeScore += mostRequestedScore(requested[i]!, capacity) * w;
    weightSum += w;
  }
  return weightSum === 0 ? 0 : truncDiv(nodeScore, weightSum);
}
