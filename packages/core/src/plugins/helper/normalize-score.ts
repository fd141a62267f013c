// kube-scheduler: pkg/scheduler/framework/plugins/helper/normalize_score.go DefaultNormalizeScore (docs/scheduler.md §5.7).
import { DomainError, SchedkitError } from "../../errors.js";

/** framework.MaxNodeScore. */
export const MAX_NODE_SCORE = 100;

/**
 * Largest |score| accepted. Up to 2^40 the float quotient `100*s/max` (≤ 100) is at least 1/max ≥ 2^-40 away
 * from the next integer unless exact, far more than its rounding error, so `Math.trunc` equals Go's int64 division.
 */
export const MAX_NORMALIZE_INPUT = 2 ** 40;

/**
 * DefaultNormalizeScore(MaxNodeScore, reverse, scores), in place: scale to [0, 100] by the maximum
 * (and flip when `reverse`). Scores are integers with |s| ≤ MAX_NORMALIZE_INPUT (plugins stay far below).
 */
export function defaultNormalizeScore(scores: Float64Array, reverse: boolean): void {
  // The maximum starts at 0 upstream, so all-negative or all-zero lists take the "max == 0" branch.
  let max = 0;
  for (let i = 0; i < scores.length; i++) if (scores[i]! > max) max = scores[i]!;
  if (max === 0) {
    if (reverse) scores.fill(MAX_NODE_SCORE);
    return;
  }
  for (let i = 0; i < scores.length; i++) {
    // Go: maxPriority * score / maxCount, int64 division truncating toward zero.
    const s = Math.trunc((MAX_NODE_SCORE * scores[i]!) / max);
    scores[i] = reverse ? MAX_NODE_SCORE - s : s;
  }
}

/** DefaultNormalizeScore over a list of integer scores; returns a new list. Throws for non-integers. */
export function normalizeScoreList(scores: readonly number[], reverse: boolean): number[] {
  if (!Array.isArray(scores)) throw new SchedkitError("scores", scores, "is not an array of integer scores");
  const buf = new Float64Array(scores.length);
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i];
    if (typeof s !== "number" || !Number.isInteger(s)) throw new SchedkitError(`scores[${i}]`, s, "is not an integer score");
    if (Math.abs(s) > MAX_NORMALIZE_INPUT) {
      throw new DomainError(`scores[${i}]`, s, `is outside the exact domain (|score| ≤ 2^40)`);
    }
    buf[i] = s;
  }
  defaultNormalizeScore(buf, reverse === true);
  return Array.from(buf);
}
