// kube-scheduler: pkg/scheduler/framework/plugins/noderesources/requested_to_capacity_ratio.go (docs/scheduler.md §5.4,
// scaledUtilization, buildRequestedToCapacityRatioScorerFunction).
import { buildBrokenLinearFunction, type FunctionShapePoint } from "../helper/shape-score.js";
import { goRound } from "../../util/goround.js";
import { MAX_NODE_SCORE, truncDiv, type ResourceScorer } from "./resource-allocation.js";

/** config.MaxCustomPriorityScore: the largest score of an RTCR shape point. */
export const MAX_CUSTOM_PRIORITY_SCORE = 10;

const MAX_UTILIZATION = 100;

/** A shape point as RequestedToCapacityRatio args write it (score 0..10). */
export interface UtilizationShapePoint {
  readonly utilization: number;
  readonly score: number;
}

/**
 * scaledUtilization(requested, capacity, 100): requested·100/capacity, clamped to 0..100.
 * Upstream takes a 128-bit intermediate so the product cannot overflow; here requested < capacity ≤
 * MAX_RESOURCE_VALUE = ⌊(2^53−1)/100⌋, so requested·100 is an exact integer below 2^53 and truncDiv is the
 * same integer quotient.
 */
export function scaledUtilization(requested: number, capacity: number): number {
  if (capacity <= 0 || requested <= 0) return 0;
  if (requested >= capacity) return MAX_UTILIZATION;
  return truncDiv(requested * MAX_UTILIZATION, capacity);
}

/**
 * requestedToCapacityRatioScorer: shape scores are scaled by MaxNodeScore/MaxCustomPriorityScore (= 10);
 * only resources scoring > 0 count; the node score is Go math.Round (half away from zero, bit-level port)
 * of the float64 mean. nodeScore ≤ 100·100·n and weightSum are small exact integers, so the float64
 * quotient equals Go's `float64(nodeScore) / float64(weightSum)`.
 */
export function requestedToCapacityRatioScorer(shape: readonly UtilizationShapePoint[]): ResourceScorer {
  const scale = MAX_NODE_SCORE / MAX_CUSTOM_PRIORITY_SCORE;
  const points: FunctionShapePoint[] = shape.map((p) => ({ utilization: p.utilization, score: p.score * scale }));
  const f = buildBrokenLinearFunction(points);
  return (requested, allocatable, weights, n) => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < n; i++) {
      const capacity = allocatable[i]!;
      if (capacity === 0) continue;
      const req = requested[i]!;
      const s = req > capacity ? f(MAX_UTILIZATION) : f(scaledUtilization(req, capacity));
      if (s > 0) {
        const w = weights[i]!;
        nodeScore += s * w;
        weightSum += w;
      }
    }
    return weightSum === 0 ? 0 : goRound(nodeScore / weightSum);
  };
}
