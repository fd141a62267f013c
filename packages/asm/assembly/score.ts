// kube-scheduler: prioritizeNodes over the feasible nodes: each score job (a plugin) scores every feasible
// node, normalizes, and adds score × weight to the node's total. Every formula performs the TypeScript
// core's IEEE-754 operations in the same order (see README "Why it is bit-exact").
import {
  BAL_CHANGE, BAL_RES_SLOTS, BAL_TAIL_SLOTS, BAL_USE_BW, BW, C_FEAS, C_NORM, C_RAW, C_STRIDE, C_TOT, EXTRA_COLUMN,
  EXTRA_SLOTS, FIT_RES_SLOTS, JOB_NRES, JOB_OP, JOB_RES, JOB_WEIGHT, MAX_NODE_SCORE, NORM_NONE, NORM_REVERSE, OP_BALANCED,
  OP_EXTRA, OP_LEAST, OP_MOST, OP_RTCR, OP_STATIC, P_PROG, PROG_JOBS, PROG_NJOBS, R_MAX, R_TIES, RES_ALLOC, RES_POD,
  RES_USED, RES_WEIGHT, RTCR_POINT_SLOTS, STATIC_ALL_ZERO, STATIC_COLUMN, STATIC_MAX, STATIC_MODE, STATIC_SLOTS,
} from "./abi";
import { col, ctxInt, ctxPtr, f64At, i32At, res, setF64, setRes } from "./memory";
import { addColumn, addConstant, addJobScores, addNormalized, fitBalancedAll, holdFitResources, loadedCount, loadedEqualWeights, setNormalized, setRange, vectorizable } from "./vector";
import { P_CAND, P_START, R_NFAILED } from "./abi";
import { C_N, C_SCORE, R_FIRST } from "./abi";

/** Go math.Round (src/math/floor.go): half away from zero, on the bit pattern. */
export function goRound(x: f64): f64 {
  let bits = reinterpret<u64>(x);
  let e = <u32>(bits >> 52) & 0x7ff;
  if (e < 1023) {
    bits &= <u64>1 << 63;
    if (e == 1022) bits |= 0x3ff0000000000000;
  } else if (e < 1023 + 52) {
    e -= 1023;
    bits += (<u64>1 << 51) >> e;
    bits &= ~(((<u64>1 << 52) - 1) >> e);
  }
  return reinterpret<f64>(bits);
}

/** helper.BuildBrokenLinearFunction at integer `p`; the shape is (npts, (utilization, score)×) at `q`. */
function brokenLinear(prog: usize, q: i32, p: f64): f64 {
  const n = <i32>f64At(prog, q);
  for (let i = 0; i < n; i++) {
    const u = f64At(prog, q + 1 + 2 * i);
    if (p <= u) {
      const s = f64At(prog, q + 2 + 2 * i);
      if (i == 0) return s;
      const u0 = f64At(prog, q - 1 + 2 * i);
      const s0 = f64At(prog, q + 2 * i);
      return s0 + trunc<f64>(((s - s0) * (p - u0)) / (u - u0));
    }
  }
  return f64At(prog, q + 2 * n);
}

/** requested_to_capacity_ratio.go scaledUtilization (requested ≤ capacity ≤ MAX_RESOURCE_VALUE: exact). */
// @ts-ignore: decorator
@inline function scaledUtilization(requested: f64, capacity: f64): f64 {
  if (capacity <= 0 || requested <= 0) return 0;
  if (requested >= capacity) return 100;
  return trunc<f64>((requested * 100) / capacity);
}

/**
 * A NodeResourcesFit strategy for `node`: Σ score·weight / Σ weight over the resources the node has
 * (least_allocated.go, most_allocated.go, requested_to_capacity_ratio.go). Resources are (colA, colU, podReq, w)
 * at slot p + 3; colA −1 marks a resource skipped for this pod.
 */
export function fitScore(ctx: usize, prog: usize, p: i32, op: i32, node: i32): f64 {
  const nres = <i32>f64At(prog, p + JOB_NRES);
  let nodeScore: f64 = 0;
  let weightSum: f64 = 0;
  for (let r = 0; r < nres; r++) {
    const q = p + JOB_RES + FIT_RES_SLOTS * r;
    const ca = <i32>f64At(prog, q + RES_ALLOC);
    if (ca < 0) continue;
    const capacity = f64At(col(ctx, ca), node);
    if (capacity == 0) continue;
    const requested = f64At(col(ctx, <i32>f64At(prog, q + RES_USED)), node) + f64At(prog, q + RES_POD);
    const w = f64At(prog, q + RES_WEIGHT);
    let s: f64;
    if (op == OP_LEAST) {
      s = requested > capacity ? 0 : trunc<f64>(((capacity - requested) * MAX_NODE_SCORE) / capacity);
    } else if (op == OP_MOST) {
      s = trunc<f64>(((requested > capacity ? capacity : requested) * MAX_NODE_SCORE) / capacity);
    } else {
      const shape = p + JOB_RES + FIT_RES_SLOTS * nres;
      s = requested > capacity ? brokenLinear(prog, shape, 100) : brokenLinear(prog, shape, scaledUtilization(requested, capacity));
      // Only resources scoring above 0 take part in the RTCR mean.
      if (!(s > 0)) continue;
    }
    nodeScore += s * w;
    weightSum += w;
  }
  if (weightSum == 0) return 0;
  return op == OP_RTCR ? goRound(nodeScore / weightSum) : trunc<f64>(nodeScore / weightSum);
}

/**
 * balanced_allocation.go balancedResourceScorer over entries (colA, colU[, podReq]) of `size` slots from
 * `first` in `base`; `withPod` adds the pod's request. int64((1 − std)·100).
 */
export function balancedScore(ctx: usize, base: usize, first: i32, nres: i32, size: i32, node: i32, withPod: bool): f64 {
  let count = 0;
  let total: f64 = 0;
  let f0: f64 = 0;
  let f1: f64 = 0;
  for (let r = 0; r < nres; r++) {
    const q = first + size * r;
    const ca = <i32>f64At(base, q + RES_ALLOC);
    if (ca < 0) continue;
    const capacity = f64At(col(ctx, ca), node);
    if (capacity == 0) continue;
    let requested = f64At(col(ctx, <i32>f64At(base, q + RES_USED)), node);
    if (withPod) requested += f64At(base, q + RES_POD);
    let f = requested / capacity;
    if (f > 1) f = 1;
    total += f;
    if (count == 0) f0 = f;
    else if (count == 1) f1 = f;
    count++;
  }
  let std: f64 = 0;
  if (count == 2) {
    std = abs<f64>((f0 - f1) / 2);
  } else if (count > 2) {
    const mean = total / <f64>count;
    let sum: f64 = 0;
    // Second pass: the fractions again (same operations, same values) instead of a scratch array.
    for (let r = 0; r < nres; r++) {
      const q = first + size * r;
      const ca = <i32>f64At(base, q + RES_ALLOC);
      if (ca < 0) continue;
      const capacity = f64At(col(ctx, ca), node);
      if (capacity == 0) continue;
      let requested = f64At(col(ctx, <i32>f64At(base, q + RES_USED)), node);
      if (withPod) requested += f64At(base, q + RES_POD);
      let f = requested / capacity;
      if (f > 1) f = 1;
      const d = f - mean;
      sum = sum + d * d;
    }
    std = sqrt<f64>(sum / <f64>count);
  }
  return trunc<f64>((1 - std) * MAX_NODE_SCORE);
}

/** NodeResourcesBalancedAllocation for `node`: the balance with the pod, or (v1.36+) the change in balance. */
// @ts-ignore: decorator
@inline export function balancedAllocation(ctx: usize, prog: usize, p: i32, node: i32): f64 {
  const nres = <i32>f64At(prog, p + JOB_NRES);
  const withPod = balancedScore(ctx, prog, p + JOB_RES, nres, BAL_RES_SLOTS, node, true);
  if (f64At(prog, p + JOB_RES + BAL_CHANGE + BAL_RES_SLOTS * nres) == 0) return withPod;
  const withoutPod = f64At(prog, p + JOB_RES + BAL_USE_BW + BAL_RES_SLOTS * nres) != 0 ? f64At(col(ctx, BW), node) : balancedScore(ctx, prog, p + JOB_RES, nres, BAL_RES_SLOTS, node, false);
  // 50 + (50 + Δ)/2, Go int64 division of a value in 0..100.
  return 50 + trunc<f64>((50 + withPod - withoutPod) / 2);
}

/** Slots a job occupies in the program (abi.ts "score program"). */
export function jobSize(prog: usize, p: i32): i32 {
  const op = <i32>f64At(prog, p + JOB_OP);
  if (op == OP_LEAST || op == OP_MOST) return JOB_RES + FIT_RES_SLOTS * <i32>f64At(prog, p + JOB_NRES);
  if (op == OP_RTCR) {
    const nres = <i32>f64At(prog, p + JOB_NRES);
    return JOB_RES + FIT_RES_SLOTS * nres + 1 + RTCR_POINT_SLOTS * <i32>f64At(prog, p + JOB_RES + FIT_RES_SLOTS * nres);
  }
  if (op == OP_BALANCED) return JOB_RES + BAL_RES_SLOTS * <i32>f64At(prog, p + JOB_NRES) + BAL_TAIL_SLOTS;
  if (op == OP_STATIC) return STATIC_SLOTS;
  return EXTRA_SLOTS;
}

/**
 * The feasible maximum of a static raw column (DefaultNormalizeScore starts it at 0). `globalMax` is the
 * column's maximum over all nodes: the scan stops at the first feasible node reaching it.
 */
function feasibleMax(column: usize, feas: usize, nf: i32, globalMax: f64): f64 {
  let max: f64 = 0;
  for (let k = 0; k < nf; k++) {
    const v = f64At(column, i32At(feas, k));
    if (v == globalMax) return v;
    if (v > max) max = v;
  }
  return max;
}

// @ts-ignore: decorator
@inline function isResource(op: i32): bool {
  return op == OP_LEAST || op == OP_MOST || op == OP_RTCR || op == OP_BALANCED;
}

/**
 * Columnar score phase: all jobs for every node in one fused pass into C_SCORE (vector.ts, SIMD), then one
 * pass gathers the feasible nodes' totals and finds the top. Returns the ties, or −1 (nothing written) when a
 * resource job does not fit the vector formulas.
 */
function scoreColumnar(ctx: usize, pb: usize, prog: usize, nf: i32): i32 {
  const nj = <i32>f64At(prog, PROG_NJOBS);
  const feas = ctxPtr(ctx, C_FEAS);
  const tot = ctxPtr(ctx, C_TOT);
  let q = PROG_JOBS;
  for (let j = 0; j < nj; j++) {
    if (isResource(<i32>f64At(prog, q + JOB_OP)) && !vectorizable(ctx, prog, q)) return -1;
    q += jobSize(prog, q);
  }
  // The examined nodes: two contiguous ranges of the rotation, or every node behind a candidate list.
  const n = ctxInt(ctx, C_N);
  let lo1 = 0;
  let hi1 = n;
  let lo2 = 0;
  let hi2 = 0;
  if (<u32>f64At(pb, P_CAND) == 0 && n > 0) {
    const examined = nf + <i32>res(ctx, R_NFAILED);
    const s0 = <i32>f64At(pb, P_START) % n;
    lo1 = s0;
    hi1 = min(n, s0 + examined);
    hi2 = max(0, s0 + examined - n);
  } else if (nf * 4 < n) return -1;
  let constant: f64 = 0;
  let hasExtra = false;
  for (let r = 0; r < 2; r++) {
    const lo = r == 0 ? lo1 : lo2;
    const hi = r == 0 ? hi1 : hi2;
    if (lo >= hi) continue;
    setRange(lo, hi);
    constant = 0;
    hasExtra = false;
    let first = true;
    // The default profile's pair (a two-resource Fit strategy and a cached two-resource BalancedAllocation)
    // in one pass.
    let pairFit = -1;
    let pairBal = -1;
    let pairStatic = -1;
    let pairNorm = -1;
    if (ASC_FEATURE_SIMD) {
      let fits = 0;
      let bals = 0;
      q = PROG_JOBS;
      for (let j = 0; j < nj; j++) {
        const op = <i32>f64At(prog, q + JOB_OP);
        if (op == OP_LEAST || op == OP_MOST) {
          fits++;
          vectorizable(ctx, prog, q);
          if (loadedEqualWeights()) pairFit = q;
        } else if (op == OP_BALANCED) {
          bals++;
          const nres = <i32>f64At(prog, q + JOB_NRES);
          vectorizable(ctx, prog, q);
          if (loadedCount() == 2 && f64At(prog, q + JOB_RES + BAL_CHANGE + BAL_RES_SLOTS * nres) != 0) pairBal = q;
        }
        q += jobSize(prog, q);
      }
      if (fits != 1 || bals != 1 || pairFit < 0 || pairBal < 0) {
        pairFit = -1;
        pairBal = -1;
      } else {
        // One static column taken as is (ImageLocality) and one normalized by a positive feasible maximum
        // (TaintToleration, NodeAffinity) ride along.
        let normMax: f64 = 0;
        q = PROG_JOBS;
        for (let j = 0; j < nj; j++) {
          if (<i32>f64At(prog, q + JOB_OP) == OP_STATIC && f64At(prog, q + STATIC_ALL_ZERO) == 0) {
            if (<i32>f64At(prog, q + STATIC_MODE) == NORM_NONE) {
              if (pairStatic < 0) pairStatic = q;
            } else if (pairNorm < 0) {
              const m = feasibleMax(<usize>(<u32>f64At(prog, q + STATIC_COLUMN)), feas, nf, f64At(prog, q + STATIC_MAX));
              if (m > 0) {
                pairNorm = q;
                normMax = m;
              }
            }
          }
          q += jobSize(prog, q);
        }
        vectorizable(ctx, prog, pairFit);
        holdFitResources();
        vectorizable(ctx, prog, pairBal);
        const extra: usize = pairStatic > 0 ? <usize>(<u32>f64At(prog, pairStatic + STATIC_COLUMN)) : 0;
        const we: f64 = pairStatic > 0 ? f64At(prog, pairStatic + JOB_WEIGHT) : 0;
        setNormalized(
          pairNorm > 0 ? <usize>(<u32>f64At(prog, pairNorm + STATIC_COLUMN)) : 0,
          pairNorm > 0 ? f64At(prog, pairNorm + JOB_WEIGHT) : 0,
          normMax,
          pairNorm > 0 && <i32>f64At(prog, pairNorm + STATIC_MODE) == NORM_REVERSE,
        );
        fitBalancedAll(ctx, <i32>f64At(prog, pairFit + JOB_OP) == OP_LEAST, f64At(prog, pairFit + JOB_WEIGHT), f64At(prog, pairBal + JOB_WEIGHT), true, extra, we);
        first = false;
      }
    }
    q = PROG_JOBS;
    for (let j = 0; j < nj; j++) {
      const op = <i32>f64At(prog, q + JOB_OP);
      const w = f64At(prog, q + JOB_WEIGHT);
      if (q == pairFit || q == pairBal || q == pairStatic || q == pairNorm) {
        // Done above.
      } else if (isResource(op)) {
        vectorizable(ctx, prog, q);
        addJobScores(ctx, prog, q, first);
        first = false;
      } else if (op == OP_STATIC) {
        const column = <usize>(<u32>f64At(prog, q + STATIC_COLUMN));
        const mode = <i32>f64At(prog, q + STATIC_MODE);
        const allZero = f64At(prog, q + STATIC_ALL_ZERO) != 0;
        const max = mode == NORM_NONE || allZero ? 0 : feasibleMax(column, feas, nf, f64At(prog, q + STATIC_MAX));
        // 0 is NORM_NONE, spelled as the literal: with the named constant AssemblyScript emits one byte more here.
        if (mode != 0 && max > 0) {
          addNormalized(ctx, column, w, max, mode == NORM_REVERSE, first);
          first = false;
        } else if (mode == NORM_REVERSE) {
          // DefaultNormalizeScore reversed with a zero maximum: every node 100.
          constant += MAX_NODE_SCORE * w;
        } else if (!allZero) {
          // As is (no NormalizeScore, or a zero maximum leaving scores unchanged).
          addColumn(ctx, column, w, first);
          first = false;
        }
      } else hasExtra = true;
      q += jobSize(prog, q);
    }
    // No score plugins: every node scores 1 (prioritizeNodes).
    if (nj == 0) constant = 1;
    if (first) addConstant(ctx, 0, true);
  }
  const sc = ctxPtr(ctx, C_SCORE);
  for (let k = 0; k < nf; k++) setF64(tot, k, f64At(sc, i32At(feas, k)) + constant);
  if (hasExtra) {
    q = PROG_JOBS;
    for (let j = 0; j < nj; j++) {
      if (<i32>f64At(prog, q + JOB_OP) == OP_EXTRA) {
        const column = <usize>(<u32>f64At(prog, q + EXTRA_COLUMN));
        for (let k = 0; k < nf; k++) setF64(tot, k, f64At(tot, k) + f64At(column, k));
      }
      q += jobSize(prog, q);
    }
  }
  return topOf(ctx, tot, nf);
}

/** Maximum of totals[0..nf), how many share it and the first of them (R_MAX, R_TIES, R_FIRST); returns ties. */
function topOf(ctx: usize, tot: usize, nf: i32): i32 {
  let max = -Infinity;
  let ties = 0;
  let firstPos = 0;
  const even = nf & ~1;
  if (ASC_FEATURE_SIMD) {
    // Independent accumulators: a single running maximum would serialize on its compare latency.
    let m0 = f64x2.splat(-Infinity);
    let m1 = m0;
    let k = 0;
    for (; k + 4 <= even; k += 4) {
      m0 = f64x2.pmax(m0, v128.load(tot + (<usize>k << 3)));
      m1 = f64x2.pmax(m1, v128.load(tot + (<usize>(k + 2) << 3)));
    }
    for (; k < even; k += 2) m0 = f64x2.pmax(m0, v128.load(tot + (<usize>k << 3)));
    const m = f64x2.pmax(m0, m1);
    const a = f64x2.extract_lane(m, 0);
    const b = f64x2.extract_lane(m, 1);
    max = b > a ? b : a;
    if (nf & 1 && f64At(tot, nf - 1) > max) max = f64At(tot, nf - 1);
    const mv = f64x2.splat(max);
    for (let j = 0; j < even; j += 2) {
      const bits = i64x2.bitmask(f64x2.eq(v128.load(tot + (<usize>j << 3)), mv));
      if (bits != 0) {
        if (ties == 0) firstPos = j + <i32>ctz(bits);
        ties += <i32>popcnt(bits);
      }
    }
    if (nf & 1 && f64At(tot, nf - 1) == max) {
      if (ties == 0) firstPos = nf - 1;
      ties++;
    }
  } else {
    for (let k = 0; k < nf; k++) {
      const t = f64At(tot, k);
      if (t > max) {
        max = t;
        ties = 1;
        firstPos = k;
      } else if (t == max) ties++;
    }
  }
  setRes(ctx, R_MAX, max);
  setRes(ctx, R_TIES, <f64>ties);
  setRes(ctx, R_FIRST, <f64>firstPos);
  return ties;
}

/**
 * The score phase over the `nf` feasible nodes in C_FEAS: totals into C_TOT (raw and normalized scores per
 * job into C_RAW / C_NORM with `explain`). Returns the number of nodes sharing the top total (R_MAX, R_TIES,
 * R_FIRST: the first of them).
 */
export function scorePod(ctx: usize, pb: usize, nf: i32, explain: i32): i32 {
  const prog = pb + (<usize>P_PROG << 3);
  const feas = ctxPtr(ctx, C_FEAS);
  const tot = ctxPtr(ctx, C_TOT);
  const stride = ctxInt(ctx, C_STRIDE);
  const rawOut = ctxPtr(ctx, C_RAW);
  const normOut = ctxPtr(ctx, C_NORM);
  const nj = <i32>f64At(prog, PROG_NJOBS);
  // Most nodes feasible and no explanation: every job for every node at once (vector.ts).
  if (!explain) {
    const ties = scoreColumnar(ctx, pb, prog, nf);
    if (ties >= 0) return ties;
  }
  {
    // No score plugins: every node scores 1 (prioritizeNodes).
    const init: f64 = nj == 0 ? 1 : 0;
    for (let k = 0; k < nf; k++) setF64(tot, k, init);
    let p = PROG_JOBS;
    for (let j = 0; j < nj; j++) {
      const op = <i32>f64At(prog, p + JOB_OP);
      const w = f64At(prog, p + JOB_WEIGHT);
      const jr = rawOut + ((<usize>j * <usize>stride) << 3);
      const jn = normOut + ((<usize>j * <usize>stride) << 3);
      if (op == OP_LEAST || op == OP_MOST || op == OP_RTCR) {
        for (let k = 0; k < nf; k++) {
          const s = fitScore(ctx, prog, p, op, i32At(feas, k));
          setF64(tot, k, f64At(tot, k) + s * w);
          if (explain) {
            setF64(jr, k, s);
            setF64(jn, k, s);
          }
        }
      } else if (op == OP_BALANCED) {
        for (let k = 0; k < nf; k++) {
          const s = balancedAllocation(ctx, prog, p, i32At(feas, k));
          setF64(tot, k, f64At(tot, k) + s * w);
          if (explain) {
            setF64(jr, k, s);
            setF64(jn, k, s);
          }
        }
      } else if (op == OP_STATIC) {
        const column = <usize>(<u32>f64At(prog, p + STATIC_COLUMN));
        const mode = <i32>f64At(prog, p + STATIC_MODE);
        // helper.DefaultNormalizeScore: the maximum starts at 0.
        const max = mode != NORM_NONE ? feasibleMax(column, feas, nf, f64At(prog, p + STATIC_MAX)) : 0;
        for (let k = 0; k < nf; k++) {
          const raw = f64At(column, i32At(feas, k));
          let s = raw;
          if (mode != NORM_NONE) {
            if (max == 0) {
              if (mode == NORM_REVERSE) s = MAX_NODE_SCORE;
            } else {
              s = trunc<f64>((MAX_NODE_SCORE * raw) / max);
              if (mode == NORM_REVERSE) s = MAX_NODE_SCORE - s;
            }
          }
          setF64(tot, k, f64At(tot, k) + s * w);
          if (explain) {
            setF64(jr, k, raw);
            setF64(jn, k, s);
          }
        }
      } else {
        const column = <usize>(<u32>f64At(prog, p + EXTRA_COLUMN));
        for (let k = 0; k < nf; k++) setF64(tot, k, f64At(tot, k) + f64At(column, k));
      }
      p += jobSize(prog, p);
    }
  }
  return topOf(ctx, tot, nf);
}
