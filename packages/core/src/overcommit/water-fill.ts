// Steady-state CPU share of one cgroup sibling set under contention: weighted max-min fairness
// ("progressive filling"), docs/cgroup-overcommit.md §3.4. CFS hands a parent's CPU time to its runnable children in
// proportion to weight (kernel Documentation/admin-guide/cgroup-v2.rst "Weights"); a child that
// cannot use its share (quota, thread count or demand) keeps only what it can use and the rest is
// redistributed among the others, by weight, until nobody can take more.
//
// THE ARITHMETIC (a WASM port must reproduce it bit for bit):
//   Inputs: capacity C (float64), weights w_i (integers), caps c_i (float64, +Infinity = unbounded).
//   1. key_i = c_i / w_i                                    (one IEEE-754 binary64 division)
//   2. order = children sorted by key ascending, ties by index ascending
//   3. W = Σ w_i summed in index order (integers, exact below 2^53); R = C
//   4. walk `order`: share = (R * w_k) / W                   (multiply, then divide: two roundings;
//                                                            share = R exactly when w_k = W)
//        if c_k <= share: alloc_k = c_k; R = R - c_k; W = W - w_k; continue
//        else stop at k
//   5. from k to the end of `order` (R and W frozen): alloc_j = min(c_j, (R * w_j) / W)
//   Round-to-nearest-even everywhere, no fused multiply-add, no reassociation.
// Why floats and this shape: the sorted single pass gives the same unique max-min fair allocation as
// docs/cgroup-overcommit.md §3.4's iterative loop (a child saturates exactly when its cap per unit weight is below the water
// level R/W, and that level only rises as capped children leave), costs O(n log n) instead of O(n^2),
// and uses only ops that WASM f64 performs identically to V8. Exact rationals were rejected because
// allocations feed the next level of the hierarchy as capacities, so denominators grow without bound.
// Rounding: each allocation is within a few ulps of the exact rational result (the fixtures give the
// exact values); the min() in step 5 only matters when the float key order and the exact order
// disagree within an ulp, and it guarantees alloc_i <= c_i always holds exactly.
import { DomainError, SchedkitError } from "../errors.js";

/** Largest capacity accepted, in CPUs: with weights ≤ 2^32, R × w stays below 2^64, far from overflow. */
export const WATER_FILL_MAX_CAPACITY = 2 ** 32;
/** Largest weight accepted (kernel v1 shares stop at 262144; libvirt raw weights and 1024 × vCPUs stay far below). */
export const WATER_FILL_MAX_WEIGHT = 2 ** 32;

/**
 * Weighted max-min fair allocation of `capacity` CPUs among children with integer `weights` and
 * `caps` (CPUs, `Infinity` for none). Children with cap 0 are idle and get 0. Writes into `out` when
 * given (length ≥ n) and returns it. The exact arithmetic is documented at the top of this file.
 */
export function waterFill(
  capacity: number,
  weights: ArrayLike<number>,
  caps: ArrayLike<number>,
  out?: Float64Array,
): Float64Array {
  const n = weights.length;
  if (!(capacity >= 0) || capacity === Infinity) throw new SchedkitError("capacity", capacity, "is not a finite number >= 0");
  if (capacity > WATER_FILL_MAX_CAPACITY) throw new DomainError("capacity", capacity, `is above ${WATER_FILL_MAX_CAPACITY} CPUs`);
  if (caps.length !== n) throw new SchedkitError("caps", caps.length, `is not the same length as weights (${n})`);
  const alloc = out ?? new Float64Array(n);
  if (alloc.length < n) throw new SchedkitError("out", alloc.length, `is shorter than the ${n} children`);

  let totalWeight = 0;
  const keys = new Float64Array(n);
  const order = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const w = weights[i]!;
    const c = caps[i]!;
    if (!Number.isInteger(w) || w < 1) throw new SchedkitError(`weights[${i}]`, w, "is not an integer >= 1");
    if (w > WATER_FILL_MAX_WEIGHT) throw new DomainError(`weights[${i}]`, w, `is above ${WATER_FILL_MAX_WEIGHT}`);
    if (!(c >= 0)) throw new SchedkitError(`caps[${i}]`, c, "is not a number >= 0 (use Infinity for no cap)");
    totalWeight += w;
    keys[i] = c / w;
    order[i] = i;
  }
  if (totalWeight > Number.MAX_SAFE_INTEGER) throw new DomainError("weights", totalWeight, "sum above 2^53 - 1");
  order.sort((a, b) => keys[a]! - keys[b]! || a - b);

  let remaining = capacity;
  let k = 0;
  for (; k < n; k++) {
    const i = order[k]!;
    const w = weights[i]!;
    const c = caps[i]!;
    if (c <= (w === totalWeight ? remaining : (remaining * w) / totalWeight)) {
      alloc[i] = c;
      remaining -= c;
      totalWeight -= w;
    } else break;
  }
  for (; k < n; k++) {
    const i = order[k]!;
    const w = weights[i]!;
    const share = w === totalWeight ? remaining : (remaining * w) / totalWeight;
    const c = caps[i]!;
    alloc[i] = c < share ? c : share;
  }
  return alloc;
}
