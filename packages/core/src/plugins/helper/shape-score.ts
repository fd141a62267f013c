// kube-scheduler: pkg/scheduler/framework/plugins/helper/shape_score.go BuildBrokenLinearFunction (docs/scheduler.md §5.4).
import { SchedkitError } from "../../errors.js";

/** One point of a broken-linear function: `score` at `utilization` (helper.FunctionShapePoint). */
export interface FunctionShapePoint {
  readonly utilization: number;
  readonly score: number;
}

// RTCR args are validated to utilization 0..100 and score 0..10 (×10 inside). The function accepts any
// integers up to 2^25 in magnitude: then |Δscore| and |p − u[i-1]| ≤ |Δu| are at most 2^26 and the
// interpolation product stays an exact integer below 2^53.
const MAX_POINT_MAGNITUDE = 2 ** 25;

/**
 * BuildBrokenLinearFunction: f(p) is the first point's score for p ≤ u₀, the last point's score beyond the
 * last point, and the segment interpolation `s[i-1] + (s[i]-s[i-1])·(p-u[i-1]) / (u[i]-u[i-1])` between,
 * with Go's int64 division (truncating toward zero, which matters for decreasing segments).
 * Utilizations must be strictly increasing (upstream validation guarantees it for plugin args); `p` must
 * be an integer (Go's argument is an int64).
 */
export function buildBrokenLinearFunction(shape: readonly FunctionShapePoint[], path = "shape"): (p: number) => number {
  if (!Array.isArray(shape) || shape.length === 0) throw new SchedkitError(path, shape, "is not a non-empty list of shape points");
  const n = shape.length;
  const u = new Float64Array(n);
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const pt = shape[i];
    const ui = pt?.utilization;
    const si = pt?.score;
    if (typeof ui !== "number" || !Number.isInteger(ui) || Math.abs(ui) > MAX_POINT_MAGNITUDE) {
      throw new SchedkitError(`${path}[${i}].utilization`, ui, `is not an integer within ±2^25`);
    }
    if (typeof si !== "number" || !Number.isInteger(si) || Math.abs(si) > MAX_POINT_MAGNITUDE) {
      throw new SchedkitError(`${path}[${i}].score`, si, `is not an integer within ±2^25`);
    }
    if (i > 0 && ui <= u[i - 1]!) throw new SchedkitError(`${path}[${i}].utilization`, ui, "is not greater than the previous point's");
    u[i] = ui;
    s[i] = si;
  }
  return (p: number): number => {
    for (let i = 0; i < n; i++) {
      if (p <= u[i]!) {
        if (i === 0) return s[0]!;
        // Bit-exact for integer p: here u[i-1] < p ≤ u[i], so both factors are integers of magnitude ≤ 2^26,
        // the product is exact and below 2^53, and Math.trunc of the float quotient is Go's truncating
        // division (lemma at truncDiv in noderesources/resource-allocation.ts; it holds for negatives by symmetry).
        const num = (s[i]! - s[i - 1]!) * (p - u[i - 1]!);
        return s[i - 1]! + Math.trunc(num / (u[i]! - u[i - 1]!));
      }
    }
    return s[n - 1]!;
  };
}
