// The hot path of the score phase when most nodes are feasible: the resource scorers (LeastAllocated /
// MostAllocated over at most two resources, BalancedAllocation over at most two) evaluated for every node
// at once over contiguous columns, their weighted sum per node written to C_SCORE, then gathered for the
// feasible nodes. With SIMD128 (ASC_FEATURE_SIMD) two nodes per f64x2 lane pair; otherwise the same
// operations one node at a time. Every lane performs exactly the IEEE operations of score.ts's scalar
// formulas; lanes whose capacity is 0 compute garbage (x/0) that a mask then discards.
import {
  A_CPU, A_EPH, A_MEM, A_PODS, P_CAND, P_CPU, P_EPH, P_FIT_EMPTY, P_FIT_POS, P_MEM, P_NSCAL, P_NUM_TO_FIND, P_PROG, P_TSCOL, PODS,
  PROG_JOBS, PROG_NJOBS, R_CPU, R_MEM, BAL_CHANGE, BAL_RES_SLOTS, BAL_USE_BW, BW, C_N, C_RES, C_SCORE, C_STRIDE, FIT_RES_SLOTS, JOB_NRES, JOB_OP,
  JOB_RES, JOB_WEIGHT, NORM_NONE, NORM_REVERSE, OP_BALANCED, OP_LEAST, OP_MOST, OP_STATIC, R_ZERO, RES_ALLOC, RES_POD, RES_USED, RES_WEIGHT,
  STATIC_ALL_ZERO, STATIC_COLUMN, STATIC_MAX, STATIC_MODE, C_FUSED_CACHE, C_FUSED_EPOCH, C_FUSED_SLOTS, C_FUSED_STAMPS, FUSED_CACHE_SLOTS, FUSED_STAMP_NODES, FUSED_STAMPS_HEADER, P_FUSED_SLOT,
} from "./abi";
import { col, ctxInt, ctxPtr, f64At, i32At, setCtxInt, setI32 } from "./memory";
import { jobSize } from "./score";

// The nodes [rangeLo, rangeHi) the column passes cover (the examined part of the rotation).
let rangeLo: i32 = 0;
let rangeHi: i32 = 0;

/** Sets the node range of the following column passes. */
export function setRange(lo: i32, hi: i32): void {
  rangeLo = lo;
  rangeHi = hi;
}

// Job parameters, loaded once per job: up to two resources with allocatable column ≥ 0.
let ra0: usize = 0;
let ru0: usize = 0;
let rp0: f64 = 0;
let rw0: f64 = 0;
let ra1: usize = 0;
let ru1: usize = 0;
let rp1: f64 = 0;
let rw1: f64 = 0;
let rcount: i32 = 0;

/** Loads the job's effective resources (those not skipped for every node); false if more than two. */
function loadResources(ctx: usize, prog: usize, p: i32, size: i32): bool {
  const nres = <i32>f64At(prog, p + JOB_NRES);
  rcount = 0;
  for (let r = 0; r < nres; r++) {
    const q = p + JOB_RES + size * r;
    const ca = <i32>f64At(prog, q + RES_ALLOC);
    if (ca < 0) continue;
    const a = col(ctx, ca);
    const u = col(ctx, <i32>f64At(prog, q + RES_USED));
    const pr = f64At(prog, q + RES_POD);
    const w = size == FIT_RES_SLOTS ? f64At(prog, q + RES_WEIGHT) : 1;
    if (rcount == 0) {
      ra0 = a;
      ru0 = u;
      rp0 = pr;
      rw0 = w;
    } else if (rcount == 1) {
      ra1 = a;
      ru1 = u;
      rp1 = pr;
      rw1 = w;
    } else return false;
    rcount++;
  }
  return true;
}

/** Whether a job can run here (the caller falls back to the per-feasible-node path otherwise). */
export function vectorizable(ctx: usize, prog: usize, p: i32): bool {
  const op = <i32>f64At(prog, p + JOB_OP);
  if (op == OP_LEAST || op == OP_MOST) return loadResources(ctx, prog, p, FIT_RES_SLOTS);
  if (op == OP_BALANCED) {
    const nres = <i32>f64At(prog, p + JOB_NRES);
    // The v1.36 change-in-balance needs the without-pod score cached per node.
    if (f64At(prog, p + JOB_RES + BAL_CHANGE + BAL_RES_SLOTS * nres) != 0 && f64At(prog, p + JOB_RES + BAL_USE_BW + BAL_RES_SLOTS * nres) == 0) return false;
    return loadResources(ctx, prog, p, BAL_RES_SLOTS);
  }
  return false;
}

/** Adds weight × (job score) for nodes [0, n) to C_SCORE; `vectorizable` loaded the job's resources. */
export function addJobScores(ctx: usize, prog: usize, p: i32, first: bool): void {
  const op = <i32>f64At(prog, p + JOB_OP);
  const w = f64At(prog, p + JOB_WEIGHT);
  const n = rangeHi;
  const out = ctxPtr(ctx, C_SCORE);
  if (op == OP_BALANCED) {
    const nres = <i32>f64At(prog, p + JOB_NRES);
    const change = f64At(prog, p + JOB_RES + BAL_CHANGE + BAL_RES_SLOTS * nres) != 0;
    balancedAll(ctx, out, n, w, change, first);
  } else fitAll(out, n, w, op == OP_LEAST, first);
}

function fitAll(out: usize, n: i32, w: f64, least: bool, first: bool): void {
  const count = rcount;
  if (ASC_FEATURE_SIMD) {
    const zero = f64x2.splat(0);
    const p0 = f64x2.splat(rp0);
    const p1 = f64x2.splat(rp1);
    const w0 = f64x2.splat(rw0);
    const w1 = f64x2.splat(rw1);
    const wj = f64x2.splat(w);
    const half = f64x2.splat(0.5);
    const one = f64x2.splat(1);
    const w2 = f64x2.splat(rw0 * 2);
    const sameWeights = count == 2 && rw0 == rw1;
    for (let i = rangeLo; i < n; i += 2) {
      const off = <usize>i << 3;
      let score = zero;
      let wsum = zero;
      let nodeScore = zero;
      let sum = zero;
      if (count > 0) {
        const cap = v128.load(ra0 + off);
        const req = f64x2.add(v128.load(ru0 + off), p0);
        const s = resourceLane(least, cap, req);
        const has = f64x2.ne(cap, zero);
        sum = v128.and(s, has);
        nodeScore = f64x2.mul(sum, w0);
        wsum = v128.and(w0, has);
      }
      if (count > 1) {
        const cap = v128.load(ra1 + off);
        const req = f64x2.add(v128.load(ru1 + off), p1);
        const s = resourceLane(least, cap, req);
        const has = f64x2.ne(cap, zero);
        const sm = v128.and(s, has);
        sum = f64x2.add(sum, sm);
        nodeScore = f64x2.add(nodeScore, f64x2.mul(sm, w1));
        wsum = f64x2.add(wsum, v128.and(w1, has));
      }
      if (count > 0) {
        if (sameWeights) {
          // Σ s·w / Σ w with equal weights is the mean of the scores taking part: exactly (s0 + s1)·0.5 when
          // both do (an integer sum halved is representable, so it is the correctly rounded quotient), else s.
          score = f64x2.trunc(f64x2.mul(sum, v128.bitselect(half, one, f64x2.eq(wsum, w2))));
        } else score = v128.and(f64x2.trunc(f64x2.div(nodeScore, wsum)), f64x2.ne(wsum, zero));
      }
      const o = out + off;
      v128.store(o, first ? f64x2.mul(score, wj) : f64x2.add(v128.load(o), f64x2.mul(score, wj)));
    }
  } else {
    for (let i = rangeLo; i < n; i++) {
      const off = <usize>i << 3;
      let nodeScore: f64 = 0;
      let wsum: f64 = 0;
      if (count > 0) {
        const cap = load<f64>(ra0 + off);
        if (cap != 0) {
          const req = load<f64>(ru0 + off) + rp0;
          const s = least ? (req > cap ? 0 : trunc<f64>(((cap - req) * 100) / cap)) : trunc<f64>(((req > cap ? cap : req) * 100) / cap);
          nodeScore += s * rw0;
          wsum += rw0;
        }
      }
      if (count > 1) {
        const cap = load<f64>(ra1 + off);
        if (cap != 0) {
          const req = load<f64>(ru1 + off) + rp1;
          const s = least ? (req > cap ? 0 : trunc<f64>(((cap - req) * 100) / cap)) : trunc<f64>(((req > cap ? cap : req) * 100) / cap);
          nodeScore += s * rw1;
          wsum += rw1;
        }
      }
      const score = wsum == 0 ? 0 : trunc<f64>(nodeScore / wsum);
      const o = out + off;
      store<f64>(o, first ? score * w : load<f64>(o) + score * w);
    }
  }
}

function balancedAll(ctx: usize, out: usize, n: i32, w: f64, change: bool, first: bool): void {
  const count = rcount;
  const bw = col(ctx, BW);
  if (ASC_FEATURE_SIMD) {
    const zero = f64x2.splat(0);
    const one = f64x2.splat(1);
    const half = f64x2.splat(0.5);
    const fifty = f64x2.splat(50);
    const hundred = f64x2.splat(100);
    const p0 = f64x2.splat(rp0);
    const p1 = f64x2.splat(rp1);
    const wj = f64x2.splat(w);
    for (let i = rangeLo; i < n; i += 2) {
      const off = <usize>i << 3;
      // std is 0 unless both resources count (fewer than two fractions).
      let std = zero;
      if (count == 2) {
        const c0 = v128.load(ra0 + off);
        const c1 = v128.load(ra1 + off);
        const f0 = f64x2.pmin(f64x2.div(f64x2.add(v128.load(ru0 + off), p0), c0), one);
        const f1 = f64x2.pmin(f64x2.div(f64x2.add(v128.load(ru1 + off), p1), c1), one);
        const both = v128.and(f64x2.ne(c0, zero), f64x2.ne(c1, zero));
        std = v128.and(f64x2.abs(f64x2.mul(f64x2.sub(f0, f1), half)), both);
      }
      let s = f64x2.trunc(f64x2.mul(f64x2.sub(one, std), hundred));
      if (change) s = f64x2.add(fifty, f64x2.trunc(f64x2.mul(f64x2.sub(f64x2.add(fifty, s), v128.load(bw + off)), half)));
      const o = out + off;
      v128.store(o, first ? f64x2.mul(s, wj) : f64x2.add(v128.load(o), f64x2.mul(s, wj)));
    }
  } else {
    for (let i = rangeLo; i < n; i++) {
      const off = <usize>i << 3;
      let std: f64 = 0;
      if (count == 2) {
        const c0 = load<f64>(ra0 + off);
        const c1 = load<f64>(ra1 + off);
        if (c0 != 0 && c1 != 0) {
          let f0 = (load<f64>(ru0 + off) + rp0) / c0;
          if (f0 > 1) f0 = 1;
          let f1 = (load<f64>(ru1 + off) + rp1) / c1;
          if (f1 > 1) f1 = 1;
          std = abs<f64>((f0 - f1) * 0.5);
        }
      }
      let s = trunc<f64>((1 - std) * 100);
      if (change) s = 50 + trunc<f64>((50 + s - load<f64>(bw + off)) * 0.5);
      const o = out + off;
      store<f64>(o, first ? s * w : load<f64>(o) + s * w);
    }
  }
}

/** C_SCORE[i] (+)= w·column[i] for nodes [0, n) (a static score without normalization, or all-zero maxima). */
export function addColumn(ctx: usize, column: usize, w: f64, first: bool): void {
  const n = rangeHi;
  const out = ctxPtr(ctx, C_SCORE);
  if (ASC_FEATURE_SIMD) {
    const wj = f64x2.splat(w);
    for (let i = rangeLo; i < n; i += 2) {
      const off = <usize>i << 3;
      const v = f64x2.mul(v128.load(column + off), wj);
      v128.store(out + off, first ? v : f64x2.add(v128.load(out + off), v));
    }
  } else {
    for (let i = rangeLo; i < n; i++) {
      const off = <usize>i << 3;
      const v = load<f64>(column + off) * w;
      store<f64>(out + off, first ? v : load<f64>(out + off) + v);
    }
  }
}

/** C_SCORE[i] (+)= c for nodes [0, n). */
export function addConstant(ctx: usize, c: f64, first: bool): void {
  const n = rangeHi;
  const out = ctxPtr(ctx, C_SCORE);
  for (let i = rangeLo; i < n; i++) {
    const off = <usize>i << 3;
    store<f64>(out + off, first ? c : load<f64>(out + off) + c);
  }
}

/**
 * C_SCORE[i] (+)= w·DefaultNormalizeScore(column[i]) with the feasible maximum `max` > 0:
 * trunc(100·raw / max), flipped to 100 − s when `reverse`.
 */
export function addNormalized(ctx: usize, column: usize, w: f64, max: f64, reverse: bool, first: bool): void {
  const n = rangeHi;
  const out = ctxPtr(ctx, C_SCORE);
  if (ASC_FEATURE_SIMD) {
    const wj = f64x2.splat(w);
    const m = f64x2.splat(max);
    const hundred = f64x2.splat(100);
    for (let i = rangeLo; i < n; i += 2) {
      const off = <usize>i << 3;
      let s = f64x2.trunc(f64x2.div(f64x2.mul(hundred, v128.load(column + off)), m));
      if (reverse) s = f64x2.sub(hundred, s);
      const v = f64x2.mul(s, wj);
      v128.store(out + off, first ? v : f64x2.add(v128.load(out + off), v));
    }
  } else {
    for (let i = rangeLo; i < n; i++) {
      const off = <usize>i << 3;
      let s = trunc<f64>((100 * load<f64>(column + off)) / max);
      if (reverse) s = 100 - s;
      const v = s * w;
      store<f64>(out + off, first ? v : load<f64>(out + off) + v);
    }
  }
}


// A Fit strategy job and a BalancedAllocation job together (the default profile's pair): one pass over the
// nodes computing both, the same operations as fitAll + balancedAll, one store per node pair.
let fa0: usize = 0;
let fu0: usize = 0;
let fp0: f64 = 0;
let fw0: f64 = 0;
let fa1: usize = 0;
let fu1: usize = 0;
let fp1: f64 = 0;
let fw1: f64 = 0;
let fcount: i32 = 0;

// A static column normalized by a positive feasible maximum, folded into the pair pass (0: none).
let nColumn: usize = 0;
let nWeight: f64 = 0;
let nMax: f64 = 0;
let nReverse: bool = false;

/** Sets (or clears, column 0) the normalized static column of the next pair pass. */
export function setNormalized(column: usize, w: f64, max: f64, reverse: bool): void {
  nColumn = column;
  nWeight = w;
  nMax = max;
  nReverse = reverse;
}

/** Keeps the resources `vectorizable` loaded for the Fit job of a pair. */
export function holdFitResources(): void {
  fa0 = ra0;
  fu0 = ru0;
  fp0 = rp0;
  fw0 = rw0;
  fa1 = ra1;
  fu1 = ru1;
  fp1 = rp1;
  fw1 = rw1;
  fcount = rcount;
}

/**
 * C_SCORE[i] (+)= wf·fit(i) + wb·balanced(i) [+ we·extra[i], a static column taken as is]: the held Fit job (least or most, two resources with equal
 * weights) and the loaded BalancedAllocation job (two resources, change in balance from BW).
 */
export function fitBalancedAll(ctx: usize, least: bool, wf: f64, wb: f64, first: bool, extra: usize, we: f64): void {
  // Allocatable columns without a zero (the common case) need no per-lane "resource present" masks.
  if (!hasZero(ctx, fa0) && !hasZero(ctx, fa1) && !hasZero(ctx, ra0) && !hasZero(ctx, ra1)) fitBalancedDense(ctx, least, wf, wb, first, extra, we);
  else fitBalancedMasked(ctx, least, wf, wb, first, extra, we);
}

/** Whether allocatable column `c` (a cpu, memory or ephemeral-storage column) has a node with 0; unknown columns: true. */
function hasZero(ctx: usize, c: usize): bool {
  const cols = col(ctx, 0);
  const stride = <usize>ctxInt(ctx, C_STRIDE) << 3;
  const id = <i32>((c - cols) / stride);
  if (id != A_CPU && id != A_MEM && id != A_EPH) return true;
  return f64At(ctxPtr(ctx, C_RES), R_ZERO + id) != 0;
}

/**
 * LeastAllocated (or MostAllocated) score of one resource on two nodes: capacity `c`, requested with the pod `q`;
 * `hundred` is 100 in both lanes (a loaded value in the fused loop, see LANE_CONSTANTS).
 */
// @ts-ignore: decorator
@inline function resourceLane(least: bool, c: v128, q: v128, hundred: v128 = f64x2.splat(100)): v128 {
  return least
    ? v128.andnot(f64x2.trunc(f64x2.div(f64x2.mul(f64x2.sub(c, q), hundred), c)), f64x2.gt(q, c))
    : f64x2.trunc(f64x2.div(f64x2.mul(f64x2.pmin(q, c), hundred), c));
}

/**
 * The end of a fused Fit + BalancedAllocation lane pair: BalancedAllocation as the change in balance (`std`
 * with the pod, `without` from the BW column), weights, the static extra column, the normalized column, and
 * the store (or accumulate) into C_SCORE at `o`.
 */
// @ts-ignore: decorator
@inline function storeLanes(o: usize, first: bool, fit: v128, std: v128, without: v128, wfv: v128, wbv: v128, extra: usize, off: usize, wev: v128, nmax: v128, nw: v128): void {
  const half = f64x2.splat(0.5);
  const fifty = f64x2.splat(50);
  const hundred = f64x2.splat(100);
  const withPod = f64x2.trunc(f64x2.mul(f64x2.sub(f64x2.splat(1), std), hundred));
  const bal = f64x2.add(fifty, f64x2.trunc(f64x2.mul(f64x2.sub(f64x2.add(fifty, withPod), without), half)));
  let v = f64x2.add(f64x2.mul(fit, wfv), f64x2.mul(bal, wbv));
  if (extra != 0) v = f64x2.add(v, f64x2.mul(v128.load(extra + off), wev));
  if (nColumn != 0) {
    let sn = f64x2.trunc(f64x2.div(f64x2.mul(hundred, v128.load(nColumn + off)), nmax));
    if (nReverse) sn = f64x2.sub(hundred, sn);
    v = f64x2.add(v, f64x2.mul(sn, nw));
  }
  v128.store(o, first ? v : f64x2.add(v128.load(o), v));
}

function fitBalancedDense(ctx: usize, least: bool, wf: f64, wb: f64, first: bool, extra: usize, we: f64): void {
  const n = rangeHi;
  const out = ctxPtr(ctx, C_SCORE);
  const bw = col(ctx, BW);
  const one = f64x2.splat(1);
  const half = f64x2.splat(0.5);
  const pf0 = f64x2.splat(fp0);
  const pf1 = f64x2.splat(fp1);
  const pb0 = f64x2.splat(rp0);
  const pb1 = f64x2.splat(rp1);
  const wfv = f64x2.splat(wf);
  const wbv = f64x2.splat(wb);
  const wev = f64x2.splat(we);
  const nmax = f64x2.splat(nMax);
  const nw = f64x2.splat(nWeight);
  const sameCaps = fa0 == ra0 && fa1 == ra1;
  for (let i = rangeLo; i < n; i += 2) {
    const off = <usize>i << 3;
    const c0 = v128.load(fa0 + off);
    const c1 = v128.load(fa1 + off);
    const q0 = f64x2.add(v128.load(fu0 + off), pf0);
    const q1 = f64x2.add(v128.load(fu1 + off), pf1);
    const s0 = resourceLane(least, c0, q0);
    const s1 = resourceLane(least, c1, q1);
    // Both resources take part with equal weights: the mean is exactly (s0 + s1)·0.5.
    const fit = f64x2.trunc(f64x2.mul(f64x2.add(s0, s1), half));
    const b0 = sameCaps ? c0 : v128.load(ra0 + off);
    const b1 = sameCaps ? c1 : v128.load(ra1 + off);
    const g0 = f64x2.pmin(f64x2.div(f64x2.add(v128.load(ru0 + off), pb0), b0), one);
    const g1 = f64x2.pmin(f64x2.div(f64x2.add(v128.load(ru1 + off), pb1), b1), one);
    const std = f64x2.abs(f64x2.mul(f64x2.sub(g0, g1), half));
    storeLanes(out + off, first, fit, std, v128.load(bw + off), wfv, wbv, extra, off, wev, nmax, nw);
  }
}

function fitBalancedMasked(ctx: usize, least: bool, wf: f64, wb: f64, first: bool, extra: usize, we: f64): void {
  const n = rangeHi;
  const out = ctxPtr(ctx, C_SCORE);
  const bw = col(ctx, BW);
  const zero = f64x2.splat(0);
  const one = f64x2.splat(1);
  const half = f64x2.splat(0.5);
  const w2 = f64x2.splat(fw0 * 2);
  const pf0 = f64x2.splat(fp0);
  const pf1 = f64x2.splat(fp1);
  const pb0 = f64x2.splat(rp0);
  const pb1 = f64x2.splat(rp1);
  const wfv = f64x2.splat(wf);
  const wbv = f64x2.splat(wb);
  const w0 = f64x2.splat(fw0);
  const wev = f64x2.splat(we);
  const nmax = f64x2.splat(nMax);
  const nw = f64x2.splat(nWeight);
  for (let i = rangeLo; i < n; i += 2) {
    const off = <usize>i << 3;
    // Fit (LeastAllocated / MostAllocated) on the non-zero requests.
    const c0 = v128.load(fa0 + off);
    const q0 = f64x2.add(v128.load(fu0 + off), pf0);
    const s0 = resourceLane(least, c0, q0);
    const h0 = f64x2.ne(c0, zero);
    const c1 = v128.load(fa1 + off);
    const q1 = f64x2.add(v128.load(fu1 + off), pf1);
    const s1 = resourceLane(least, c1, q1);
    const h1 = f64x2.ne(c1, zero);
    const sum = f64x2.add(v128.and(s0, h0), v128.and(s1, h1));
    const wsum = f64x2.add(v128.and(w0, h0), v128.and(w0, h1));
    const fit = f64x2.trunc(f64x2.mul(sum, v128.bitselect(half, one, f64x2.eq(wsum, w2))));
    // BalancedAllocation on the actual requests.
    const b0 = v128.load(ra0 + off);
    const b1 = v128.load(ra1 + off);
    const g0 = f64x2.pmin(f64x2.div(f64x2.add(v128.load(ru0 + off), pb0), b0), one);
    const g1 = f64x2.pmin(f64x2.div(f64x2.add(v128.load(ru1 + off), pb1), b1), one);
    const both = v128.and(f64x2.ne(b0, zero), f64x2.ne(b1, zero));
    const std = v128.and(f64x2.abs(f64x2.mul(f64x2.sub(g0, g1), half)), both);
    storeLanes(out + off, first, fit, std, v128.load(bw + off), wfv, wbv, extra, off, wev, nmax, nw);
  }
}

/** Resources of the last `vectorizable` call: how many, and whether two with equal weights. */
export function loadedCount(): i32 {
  return rcount;
}

export function loadedEqualWeights(): bool {
  return rcount == 2 && rw0 == rw1;
}

// --- The filter and score phases fused, for a pod of the resource profile (NodeResourcesFit's check, a
// two-resource Fit strategy and BalancedAllocation's change in balance over the same two capacity columns,
// equal resource weights, no zero capacity) when every node is examined (numFeasibleNodesToFind ≥ n, no
// candidate list, no TypeScript filter). One pass over the columns writes each node's total, −∞ where
// NodeResourcesFit rejects it, to C_SCORE: the same verdicts as filter.ts fitCheck and the same lane
// formulas as fitBalancedDense, without the feasible list, its gather and a second pass over the columns.
// The default profile's static scorers ride along (score.ts scoreColumnar's pair pass does the same): one
// column taken as is (ImageLocality) and one normalized (TaintToleration reversed, or NodeAffinity), whose
// DefaultNormalizeScore maximum (helper/normalize_score.go: over the feasible nodes) is taken to be the
// column's maximum over every node; the pass checks that a feasible node reaches it and leaves the pod to the
// filter-then-score path when none does. Static jobs whose every score is 0 add 0, or (reversed, maximum 0)
// 100·weight to every node, which changes no choice.
let fusedLeast: bool = true;
let fusedWf: f64 = 0;
let fusedWb: f64 = 0;
let fusedMax: f64 = 0;
let fusedTies: i32 = 0;
// The static columns of the pass (0: none): one as is, one normalized by the speculated maximum.
let fusedExtra: usize = 0;
let fusedExtraW: f64 = 0;
let fusedNorm: usize = 0;
let fusedNormW: f64 = 0;
let fusedNormMax: f64 = 0;
let fusedNormReverse: bool = false;
// Feasible nodes of the last pass whose normalized column's raw value is the column's maximum over every node
// (0: the feasible maximum is below it).
let fusedHits: i32 = 0;
// Where the last pass's totals are: C_SCORE, or the block's kept column.
let fusedOut: usize = 0;

/**
 * Whether pod block `pb` takes the fused pass (and loads its resources when it does): fusedPod when every node
 * is examined, fusedWindow otherwise.
 */
export function fusedEligible(ctx: usize, pb: usize, n: i32): bool {
  if (!ASC_FEATURE_SIMD) return false;
  if (<u32>f64At(pb, P_CAND) != 0 || <u32>f64At(pb, P_TSCOL) != 0 || <i32>f64At(pb, P_FIT_POS) < 0) return false;
  if (f64At(pb, P_FIT_EMPTY) == 0 && (f64At(pb, P_NSCAL) != 0 || f64At(pb, P_EPH) > 0)) return false;
  const prog = pb + (<usize>P_PROG << 3);
  const nj = <i32>f64At(prog, PROG_NJOBS);
  let fit = -1;
  let bal = -1;
  fusedExtra = 0;
  fusedNorm = 0;
  let q = PROG_JOBS;
  for (let j = 0; j < nj; j++) {
    const op = <i32>f64At(prog, q + JOB_OP);
    if ((op == OP_LEAST || op == OP_MOST) && fit < 0) fit = q;
    else if (op == OP_BALANCED && bal < 0) bal = q;
    else if (op == OP_STATIC) {
      if (f64At(prog, q + STATIC_ALL_ZERO) == 0) {
        const column = <usize>(<u32>f64At(prog, q + STATIC_COLUMN));
        const mode = <i32>f64At(prog, q + STATIC_MODE);
        if (mode == NORM_NONE) {
          if (fusedExtra != 0) return false;
          fusedExtra = column;
          fusedExtraW = f64At(prog, q + JOB_WEIGHT);
        } else {
          const max = f64At(prog, q + STATIC_MAX);
          if (fusedNorm != 0 || !(max > 0)) return false;
          fusedNorm = column;
          fusedNormW = f64At(prog, q + JOB_WEIGHT);
          fusedNormMax = max;
          fusedNormReverse = mode == NORM_REVERSE;
        }
      }
    } else return false;
    q += jobSize(prog, q);
  }
  if (fit < 0 || bal < 0) return false;
  if (!vectorizable(ctx, prog, fit) || !loadedEqualWeights()) return false;
  holdFitResources();
  const nres = <i32>f64At(prog, bal + JOB_NRES);
  if (!vectorizable(ctx, prog, bal) || rcount != 2 || f64At(prog, bal + JOB_RES + BAL_CHANGE + BAL_RES_SLOTS * nres) == 0) return false;
  // Fit's check reads requested cpu and memory: the balanced resources must be those, in that order.
  if (ra0 != col(ctx, A_CPU) || ru0 != col(ctx, R_CPU) || ra1 != col(ctx, A_MEM) || ru1 != col(ctx, R_MEM)) return false;
  if (fa0 != ra0 || fa1 != ra1 || hasZero(ctx, ra0) || hasZero(ctx, ra1)) return false;
  fusedLeast = <i32>f64At(prog, fit + JOB_OP) == OP_LEAST;
  fusedWf = f64At(prog, fit + JOB_WEIGHT);
  fusedWb = f64At(prog, bal + JOB_WEIGHT);
  return true;
}

/**
 * The fused pass over every node for the block `fusedEligible` accepted; returns the feasible count, or −1
 * when the normalized static column's feasible maximum is not the speculated one (nothing chosen: the caller
 * filters and scores the pod the usual way).
 */
export function fusedPod(ctx: usize, pb: usize, n: i32): i32 {
  rangeLo = 0;
  rangeHi = n;
  fusedTies = -1;
  if (!ASC_FEATURE_SIMD) return 0;
  const empty = f64At(pb, P_FIT_EMPTY) != 0;
  const qc = empty ? 0 : f64At(pb, P_CPU);
  const qm = empty ? 0 : f64At(pb, P_MEM);
  // fitsRequest checks a resource only when the pod requests it (fit.go: podRequest.MilliCPU > 0 && …): a
  // request of −∞ makes `request > free` false on every node, the same verdict without a mask per lane.
  const qcx = qc > 0 ? qc : -Infinity;
  const qmx = qm > 0 ? qm : -Infinity;
  const slot = <i32>f64At(pb, P_FUSED_SLOT) - 1;
  const kept = ctxPtr(ctx, C_FUSED_CACHE);
  let nf: i32;
  if (slot >= 0 && kept != 0 && slot < ctxInt(ctx, C_FUSED_SLOTS)) {
    fusedOut = kept + ((<usize>slot * <usize>ctxInt(ctx, C_STRIDE)) << 3);
    const seen = i32At(SLOT_SEEN, slot);
    if (seen >= 0) {
      fusedKept = true;
      // The block's totals of its previous pod in this call: only the nodes assumed since changed.
      const d = fusedRefresh(ctx, n, seen, qcx, qmx);
      nf = i32At(SLOT_NF, slot) + <i32>(d & 0xffffffff);
      fusedHits = i32At(SLOT_HITS, slot) + <i32>(d >> 32);
      fusedScan(n);
    } else {
      fusedKept = false;
      nf = fusedFull(ctx, qcx, qmx);
    }
    setI32(SLOT_SEEN, slot, fusedLogLen);
    setI32(SLOT_NF, slot, nf);
    setI32(SLOT_HITS, slot, fusedHits);
  } else {
    fusedKept = false;
    fusedOut = ctxPtr(ctx, C_SCORE);
    nf = fusedFull(ctx, qcx, qmx);
  }
  if (fusedNorm != 0 && fusedHits == 0) return -1;
  return nf;
}

// --- The window: percentageOfNodesToScore below 100 %. findNodesThatPassFilters (schedule_one.go) examines the
// nodes in rotation from nextStartNodeIndex until numNodesToFind of them are feasible, only those are scored
// (so NormalizeScore's maximum is theirs) and selectHost picks among their top totals in examination order. The
// one pass does the same: totals pair by pair in rotation order, counting feasible nodes until numToFind, with
// the maximum, its ties and the feasible nodes at the normalized column's maximum over the window alone.
// A block with a kept column (P_FUSED_SLOT) keeps its totals across its pods and kernel calls, current by
// WINDOW_BLOCK nodes: each block of nodes carries per slot the epoch its totals were computed at, and the epoch
// of its nodes' last change (an assume here, a write of a node's columns by the host); each slot carries the
// epoch it was given to its block. A block's totals are current when computed at or after both. A window moves
// on by about numToFind nodes a pod, so a recurring block finds most of its window computed by its earlier pods.
// The region at C_FUSED_STAMPS (columns.ts ensureFusedCache): the slots' epochs, then per slot an epoch per
// block of nodes, then per block its last change (windowStamps 0: no kept columns).
let windowFloors: usize = 0;
let windowStamps: usize = 0;
let windowChanged: usize = 0;
let windowCtx: usize = 0;
let windowEpoch: i32 = 0;
let windowFloor: i32 = 0;
let windowEvaluated: i32 = 0;
let windowKeptPairs: i32 = 0;

/** Nodes the last fusedWindow examined (findNodesThatPassFilters' processed nodes). */
export function fusedWindowEvaluated(): i32 {
  return windowEvaluated;
}

/** Node pairs of the last fusedWindow whose totals were current (kept from an earlier pass). */
export function fusedWindowKept(): i32 {
  return windowKeptPairs;
}

/**
 * Nodes windowLoop takes as one block: between its checks of the feasible count, and the unit its kept totals
 * are current by (blocks start at multiples of it; the columns' stride is one).
 */
const WINDOW_BLOCK: i32 = FUSED_STAMP_NODES;
const WINDOW_BLOCK_SHIFT: i32 = 4;

/** Per 2-bit lane set: the i64x2 mask of its lanes. */
const LANE_MASKS = memory.data<i64>([0, 0, -1, 0, 0, -1, -1, -1], 16);

/**
 * The fused pass over the window from node `start` for the block fusedEligible accepted; returns the feasible
 * count, or −1 when no feasible node of the window reaches the normalized static column's maximum over every
 * node (its NormalizeScore would divide by another: the caller filters and scores the pod the usual way).
 */
export function fusedWindow(ctx: usize, pb: usize, n: i32, start: i32): i32 {
  rangeLo = 0;
  rangeHi = n;
  fusedTies = -1;
  fusedKept = false;
  windowEvaluated = 0;
  windowKeptPairs = 0;
  if (!ASC_FEATURE_SIMD) return -1;
  const empty = f64At(pb, P_FIT_EMPTY) != 0;
  const qc = empty ? 0 : f64At(pb, P_CPU);
  const qm = empty ? 0 : f64At(pb, P_MEM);
  const qcx = qc > 0 ? qc : -Infinity;
  const qmx = qm > 0 ? qm : -Infinity;
  const slot = <i32>f64At(pb, P_FUSED_SLOT) - 1;
  const kept = ctxPtr(ctx, C_FUSED_CACHE);
  let stamps: usize = 0;
  if (slot >= 0 && kept != 0 && windowStamps != 0 && slot < ctxInt(ctx, C_FUSED_SLOTS)) {
    const stride = <usize>ctxInt(ctx, C_STRIDE);
    fusedOut = kept + ((<usize>slot * stride) << 3);
    stamps = windowStamps + ((<usize>slot * (stride >> WINDOW_BLOCK_SHIFT)) << 2);
    windowFloor = i32At(windowFloors, slot);
  } else fusedOut = ctxPtr(ctx, C_SCORE);
  const numToFind = <i32>f64At(pb, P_NUM_TO_FIND);
  let nf: i32;
  if (!fusedLeast) nf = windowMost(ctx, stamps, n, start, numToFind, qcx, qmx);
  else if (fusedNorm != 0) nf = fusedExtra != 0 ? windowLeastExtraNorm(ctx, stamps, n, start, numToFind, qcx, qmx) : windowLeastNorm(ctx, stamps, n, start, numToFind, qcx, qmx);
  else nf = fusedExtra != 0 ? windowLeastExtra(ctx, stamps, n, start, numToFind, qcx, qmx) : windowLeast(ctx, stamps, n, start, numToFind, qcx, qmx);
  if (fusedNorm != 0 && fusedHits == 0) return -1;
  return nf;
}

function windowLeast(ctx: usize, stamps: usize, n: i32, start: i32, numToFind: i32, qc: f64, qm: f64): i32 {
  return windowLoop(ctx, true, false, false, stamps, n, start, numToFind, qc, qm);
}

function windowLeastExtra(ctx: usize, stamps: usize, n: i32, start: i32, numToFind: i32, qc: f64, qm: f64): i32 {
  return windowLoop(ctx, true, true, false, stamps, n, start, numToFind, qc, qm);
}

function windowLeastNorm(ctx: usize, stamps: usize, n: i32, start: i32, numToFind: i32, qc: f64, qm: f64): i32 {
  return windowLoop(ctx, true, false, true, stamps, n, start, numToFind, qc, qm);
}

function windowLeastExtraNorm(ctx: usize, stamps: usize, n: i32, start: i32, numToFind: i32, qc: f64, qm: f64): i32 {
  return windowLoop(ctx, true, true, true, stamps, n, start, numToFind, qc, qm);
}

function windowMost(ctx: usize, stamps: usize, n: i32, start: i32, numToFind: i32, qc: f64, qm: f64): i32 {
  return windowLoop(ctx, false, fusedExtra != 0, fusedNorm != 0, stamps, n, start, numToFind, qc, qm);
}

/**
 * The total of nodes `off`/8 and the next into fusedOut, for windowLoop's few single pairs a pod: one copy
 * for every variant of the loop (the module stays smaller; the flags are tested at run time here).
 */
function windowPair(ctx: usize, off: usize, qc: f64, qm: f64): v128 {
  const one = v128.load(LANE_CONSTANTS);
  const half = v128.load(LANE_CONSTANTS, 16);
  const fifty = v128.load(LANE_CONSTANTS, 32);
  const hundred = v128.load(LANE_CONSTANTS, 48);
  const none = v128.load(LANE_CONSTANTS, 64);
  return fusedLanes(
    fusedLeast, fusedExtra != 0, fusedNorm != 0, off, fusedOut, fa0, fa1, ru0, ru1, fu0, fu1, col(ctx, PODS), col(ctx, A_PODS), col(ctx, BW), fusedExtra, fusedNorm,
    f64x2.splat(qc), f64x2.splat(qm), f64x2.splat(fp0), f64x2.splat(fp1), f64x2.splat(rp0), f64x2.splat(rp1), f64x2.splat(fusedWf), f64x2.splat(fusedWb),
    f64x2.splat(fusedExtraW), f64x2.splat(fusedNormW), f64x2.splat(fusedNormMax), f64x2.splat(fusedNormReverse ? 100 : 0), false, one, half, fifty, hundred, none,
  );
}

// @ts-ignore: decorator
@inline function windowLoop(ctx: usize, least: bool, extra: bool, norm: bool, stamps: usize, n: i32, start: i32, numToFind: i32, qc: f64, qm: f64): i32 {
  const out = fusedOut;
  const bwp = col(ctx, BW);
  const podsp = col(ctx, PODS);
  const apodsp = col(ctx, A_PODS);
  const c0p = fa0;
  const c1p = fa1;
  const r0p = ru0;
  const r1p = ru1;
  const z0p = fu0;
  const z1p = fu1;
  const xp = fusedExtra;
  const np = fusedNorm;
  const one = v128.load(LANE_CONSTANTS);
  const half = v128.load(LANE_CONSTANTS, 16);
  const fifty = v128.load(LANE_CONSTANTS, 32);
  const hundred = v128.load(LANE_CONSTANTS, 48);
  const none = v128.load(LANE_CONSTANTS, 64);
  const pf0 = f64x2.splat(fp0);
  const pf1 = f64x2.splat(fp1);
  const pb0 = f64x2.splat(rp0);
  const pb1 = f64x2.splat(rp1);
  const wfv = f64x2.splat(fusedWf);
  const wbv = f64x2.splat(fusedWb);
  const xwv = f64x2.splat(fusedExtraW);
  const nwv = f64x2.splat(fusedNormW);
  const nmaxv = f64x2.splat(fusedNormMax);
  const nrev = f64x2.splat(fusedNormReverse ? 100 : 0);
  const qcv = f64x2.splat(qc);
  const qmv = f64x2.splat(qm);
  const oneI = i64x2.splat(1);
  const changed = windowChanged;
  const floor = windowFloor;
  const epoch = windowEpoch;
  let m = none;
  // Per lane: totals equal to the lane's maximum so far (a larger total restarts the count at 1).
  let ties = i64x2.splat(0);
  // Feasible lanes whose normalized column's raw value is its maximum over every node, counting down from 0.
  let hits = i64x2.splat(0);
  let nf = 0;
  let evaluated = 0;
  let keptPairs = 0;
  let lo = start;
  let hi = n;
  let done = false;
  for (let seg = 0; seg < 2 && !done; seg++) {
    if (seg == 1) {
      lo = 0;
      hi = start;
    }
    let i = lo & ~1;
    while (i < hi) {
      // Whether the totals of the block of nodes holding `i` are current.
      let current = false;
      if (stamps != 0) {
        const st = i32At(stamps, i >> WINDOW_BLOCK_SHIFT);
        current = st >= floor && st >= i32At(changed, i >> WINDOW_BLOCK_SHIFT);
      }
      if ((i & (WINDOW_BLOCK - 1)) == 0 && i >= lo && i + WINDOW_BLOCK <= hi) {
        // A whole block inside the segment: its totals (computed, or kept), feasible count, maximum, ties and
        // hits as vectors, folded into the window's unless the block holds the numToFind-th feasible node
        // (then its pairs are taken one by one below, their totals current by then).
        let bm = none;
        let bt = i64x2.splat(0);
        let bh = i64x2.splat(0);
        let bc = i64x2.splat(0);
        for (let j = i; j < i + WINDOW_BLOCK; j += 2) {
          const off = <usize>j << 3;
          const total = current
            ? v128.load(out + off)
            : fusedLanes(least, extra, norm, off, out, c0p, c1p, r0p, r1p, z0p, z1p, podsp, apodsp, bwp, xp, np, qcv, qmv, pf0, pf1, pb0, pb1, wfv, wbv, xwv, nwv, nmaxv, nrev, false, one, half, fifty, hundred, none);
          const rej = f64x2.eq(total, none);
          bc = i64x2.add(bc, rej);
          bt = v128.bitselect(oneI, i64x2.sub(bt, f64x2.eq(total, bm)), f64x2.gt(total, bm));
          bm = f64x2.pmax(bm, total);
          if (norm) bh = i64x2.add(bh, v128.andnot(f64x2.eq(v128.load(np + off), nmaxv), rej));
        }
        if (current) keptPairs += WINDOW_BLOCK >> 1;
        else if (stamps != 0) setI32(stamps, i >> WINDOW_BLOCK_SHIFT, epoch);
        // Rejected lanes counted down from 0.
        const found = WINDOW_BLOCK + <i32>(i64x2.extract_lane(bc, 0) + i64x2.extract_lane(bc, 1));
        if (nf + found < numToFind) {
          const gt = f64x2.gt(bm, m);
          ties = v128.bitselect(bt, v128.bitselect(i64x2.add(ties, bt), ties, f64x2.eq(bm, m)), gt);
          m = f64x2.pmax(m, bm);
          if (norm) hits = i64x2.add(hits, bh);
          nf += found;
          evaluated += WINDOW_BLOCK;
          i += WINDOW_BLOCK;
          continue;
        }
        current = stamps != 0;
      }
      // One pair: a segment's ragged ends, and the block holding the numToFind-th feasible node. A pair
      // computed here leaves its block's stamp alone (the rest of the block is not).
      const off = <usize>i << 3;
      let total: v128;
      if (current) {
        total = v128.load(out + off);
        keptPairs++;
      } else total = windowPair(ctx, off, qc, qm);
      // The pair's lanes in this segment of the rotation: a node before `lo` comes at the end of the other
      // segment, one at or past `hi` was examined in the first (or is the padding past n).
      let lanes = 3;
      if (i < lo) lanes &= 2;
      if (i + 1 >= hi) lanes &= 1;
      const ok = (<i32>i64x2.bitmask(v128.not(f64x2.eq(total, none)))) & lanes;
      if (nf + <i32>popcnt(ok) >= numToFind) {
        // The numToFind-th feasible node ends the window: the second lane stays out when the first is it.
        if ((ok & 1) != 0 && nf + 1 == numToFind) lanes &= 1;
        done = true;
      }
      evaluated += <i32>popcnt(lanes);
      nf += <i32>popcnt(ok & lanes);
      const t = v128.bitselect(total, none, v128.load(LANE_MASKS + (<usize>lanes << 4)));
      ties = v128.bitselect(oneI, i64x2.sub(ties, f64x2.eq(t, m)), f64x2.gt(t, m));
      m = f64x2.pmax(m, t);
      if (norm) hits = i64x2.add(hits, v128.andnot(f64x2.eq(v128.load(np + off), nmaxv), f64x2.eq(t, none)));
      if (done) break;
      i += 2;
    }
  }
  const a = f64x2.extract_lane(m, 0);
  const b = f64x2.extract_lane(m, 1);
  const ca = <i32>i64x2.extract_lane(ties, 0);
  const cb = <i32>i64x2.extract_lane(ties, 1);
  fusedMax = b > a ? b : a;
  fusedTies = fusedMax == -Infinity ? 0 : a == b ? ca + cb : b > a ? cb : ca;
  fusedHits = norm ? -<i32>(i64x2.extract_lane(hits, 0) + i64x2.extract_lane(hits, 1)) : 0;
  windowEvaluated = evaluated;
  windowKeptPairs = keptPairs;
  return nf;
}

/** The one pass over every node into fusedOut; returns the feasible count. */
function fusedFull(ctx: usize, qcx: f64, qmx: f64): i32 {
  // LeastAllocated (the default) gets one loop per set of static columns, each a constant of its loop;
  // MostAllocated one loop that tests them per node pair (a smaller module).
  if (!fusedLeast) return fusedMostPass(ctx, qcx, qmx);
  if (fusedNorm != 0) return fusedExtra != 0 ? fusedLeastExtraNorm(ctx, qcx, qmx) : fusedLeastNorm(ctx, qcx, qmx);
  return fusedExtra != 0 ? fusedLeastExtra(ctx, qcx, qmx) : fusedLeastPass(ctx, qcx, qmx);
}

// --- Recurring blocks. Within one run call the only column changes are the call's own assumes, so a block
// whose totals of its previous pod are kept (P_FUSED_SLOT) recomputes just the node pairs assumed since (the
// log below), with the same lane formulas, then scans the totals for the maximum and its ties. The feasible
// count and the feasible nodes at the normalized column's maximum are kept per slot and corrected per pair.
const FUSED_LOG_CAP = 4096;
// Nodes assumed in this call, in order.
const FUSED_LOG = memory.data(FUSED_LOG_CAP * 4, 16);
let fusedLogLen: i32 = 0;
// Per slot: the log length its totals are current at (−1: none kept), its feasible count and hits.
const SLOT_SEEN = memory.data(FUSED_CACHE_SLOTS * 4, 16);
const SLOT_NF = memory.data(FUSED_CACHE_SLOTS * 4, 16);
const SLOT_HITS = memory.data(FUSED_CACHE_SLOTS * 4, 16);
// Whether the last pass started from kept totals (run.ts counts those pods).
let fusedKept: bool = false;

/** Whether the last fused pass started from its block's kept totals. */
export function fusedWasKept(): bool {
  return fusedKept;
}

/**
 * A run call starts: the every-node totals kept by the log are forgotten (other calls and the host may have
 * changed any column); the window's stamped totals stay, the host having stamped the nodes it changed.
 */
export function fusedReset(ctx: usize): void {
  fusedLogReset();
  const region = ctxPtr(ctx, C_FUSED_STAMPS);
  windowStamps = 0;
  if (region == 0) return;
  const slots = ctxInt(ctx, C_FUSED_SLOTS);
  const stride = <usize>ctxInt(ctx, C_STRIDE);
  windowFloors = region;
  windowStamps = region + FUSED_STAMPS_HEADER;
  windowChanged = windowStamps + ((<usize>slots * (stride >> WINDOW_BLOCK_SHIFT)) << 2);
  windowCtx = ctx;
  // Below FUSED_EPOCH_LIMIT: the host starts the epochs again before a call when they reach it.
  windowEpoch = ctxInt(ctx, C_FUSED_EPOCH);
}

function fusedLogReset(): void {
  for (let s = 0; s < FUSED_CACHE_SLOTS; s++) setI32(SLOT_SEEN, s, -1);
  fusedLogLen = 0;
}

/** A pod of the call was assumed on `node`. */
export function fusedAssumed(node: i32): void {
  if (windowStamps != 0) {
    setI32(windowChanged, node >> WINDOW_BLOCK_SHIFT, ++windowEpoch);
    setCtxInt(windowCtx, C_FUSED_EPOCH, windowEpoch);
  }
  if (fusedLogLen == FUSED_LOG_CAP) {
    fusedLogReset();
    return;
  }
  setI32(FUSED_LOG, fusedLogLen++, node);
}

/**
 * Recomputes the pairs of the nodes logged from `from` into fusedOut, for the block fusedEligible loaded.
 * Returns the change of the feasible count | the change of the hits << 32.
 */
function fusedRefresh(ctx: usize, n: i32, from: i32, qc: f64, qm: f64): i64 {
  const out = fusedOut;
  const least = fusedLeast;
  const extra = fusedExtra != 0;
  const norm = fusedNorm != 0;
  const one = v128.load(LANE_CONSTANTS);
  const half = v128.load(LANE_CONSTANTS, 16);
  const fifty = v128.load(LANE_CONSTANTS, 32);
  const hundred = v128.load(LANE_CONSTANTS, 48);
  const none = v128.load(LANE_CONSTANTS, 64);
  const nmaxv = f64x2.splat(fusedNormMax);
  let dnf: i32 = 0;
  let dhits: i32 = 0;
  for (let k = from; k < fusedLogLen; k++) {
    const j = i32At(FUSED_LOG, k) & ~1;
    const off = <usize>j << 3;
    const before = v128.load(out + off);
    const after = fusedLanes(
      least, extra, norm, off, out, fa0, fa1, ru0, ru1, fu0, fu1, col(ctx, PODS), col(ctx, A_PODS), col(ctx, BW), fusedExtra, fusedNorm,
      f64x2.splat(qc), f64x2.splat(qm), f64x2.splat(fp0), f64x2.splat(fp1), f64x2.splat(rp0), f64x2.splat(rp1), f64x2.splat(fusedWf), f64x2.splat(fusedWb),
      f64x2.splat(fusedExtraW), f64x2.splat(fusedNormW), nmaxv, f64x2.splat(fusedNormReverse ? 100 : 0), j + 1 >= n, one, half, fifty, hundred, none,
    );
    const wasOk = v128.not(f64x2.eq(before, none));
    const isOk = v128.not(f64x2.eq(after, none));
    dnf += <i32>popcnt(i64x2.bitmask(isOk)) - <i32>popcnt(i64x2.bitmask(wasOk));
    if (norm) {
      const atMax = f64x2.eq(v128.load(fusedNorm + off), nmaxv);
      dhits += <i32>popcnt(i64x2.bitmask(v128.and(atMax, isOk))) - <i32>popcnt(i64x2.bitmask(v128.and(atMax, wasOk)));
    }
  }
  return <i64>(<u32>dnf) | (<i64>dhits << 32);
}

/** The maximum of fusedOut over nodes [0, n) and how many nodes reach it (fusedMax, fusedTies), one pass. */
function fusedScan(n: i32): void {
  const out = fusedOut;
  const none = v128.load(LANE_CONSTANTS, 64);
  const oneI = i64x2.splat(1);
  let m = none;
  // Per lane: how many totals equal the lane's maximum so far (a larger total restarts the count at 1).
  let c = i64x2.splat(0);
  for (let i = 0; i < n; i += 2) {
    const t = v128.load(out + (<usize>i << 3));
    const gt = f64x2.gt(t, m);
    c = v128.bitselect(oneI, i64x2.sub(c, f64x2.eq(t, m)), gt);
    m = f64x2.pmax(m, t);
  }
  const a = f64x2.extract_lane(m, 0);
  const b = f64x2.extract_lane(m, 1);
  const ca = <i32>i64x2.extract_lane(c, 0);
  const cb = <i32>i64x2.extract_lane(c, 1);
  fusedMax = b > a ? b : a;
  fusedTies = fusedMax == -Infinity ? 0 : a == b ? ca + cb : b > a ? cb : ca;
}

/** 1, 0.5, 50, 100, −∞ in both lanes (the fused loop's constants). */
const LANE_CONSTANTS = memory.data<f64>([1, 1, 0.5, 0.5, 50, 50, 100, 100, -Infinity, -Infinity], 16);

function fusedLeastPass(ctx: usize, qc: f64, qm: f64): i32 {
  return fusedLoop(ctx, true, false, false, qc, qm);
}

function fusedLeastExtra(ctx: usize, qc: f64, qm: f64): i32 {
  return fusedLoop(ctx, true, true, false, qc, qm);
}

function fusedLeastNorm(ctx: usize, qc: f64, qm: f64): i32 {
  return fusedLoop(ctx, true, false, true, qc, qm);
}

function fusedLeastExtraNorm(ctx: usize, qc: f64, qm: f64): i32 {
  return fusedLoop(ctx, true, true, true, qc, qm);
}

function fusedMostPass(ctx: usize, qc: f64, qm: f64): i32 {
  return fusedLoop(ctx, false, fusedExtra != 0, fusedNorm != 0, qc, qm);
}

/**
 * The total of nodes `off`/8 and the next (−∞ where NodeResourcesFit rejects the node, or `tail` is set in the
 * lane), stored to `out`; every column address is a local of the caller, so the loop reads no global.
 */
// @ts-ignore: decorator
@inline function fusedLanes(
  least: bool, extra: bool, norm: bool, off: usize, out: usize, c0p: usize, c1p: usize, r0p: usize, r1p: usize, z0p: usize, z1p: usize, podsp: usize, apodsp: usize, bwp: usize,
  xp: usize, np: usize, qcv: v128, qmv: v128, pf0: v128, pf1: v128, pb0: v128, pb1: v128, wfv: v128, wbv: v128, xwv: v128, nwv: v128, nmaxv: v128, nrev: v128, tail: bool,
  one: v128, half: v128, fifty: v128, hundred: v128, none: v128,
): v128 {
  const c0 = v128.load(c0p + off);
  const c1 = v128.load(c1p + off);
  const r0 = v128.load(r0p + off);
  const r1 = v128.load(r1p + off);
  let bad = f64x2.gt(f64x2.add(v128.load(podsp + off), one), v128.load(apodsp + off));
  bad = v128.or(bad, f64x2.gt(qcv, f64x2.sub(c0, r0)));
  bad = v128.or(bad, f64x2.gt(qmv, f64x2.sub(c1, r1)));
  if (tail) bad = v128.or(bad, i64x2(0, -1));
  const s0 = resourceLane(least, c0, f64x2.add(v128.load(z0p + off), pf0), hundred);
  const s1 = resourceLane(least, c1, f64x2.add(v128.load(z1p + off), pf1), hundred);
  const fit = f64x2.trunc(f64x2.mul(f64x2.add(s0, s1), half));
  const g0 = f64x2.pmin(f64x2.div(f64x2.add(r0, pb0), c0), one);
  const g1 = f64x2.pmin(f64x2.div(f64x2.add(r1, pb1), c1), one);
  const std = f64x2.abs(f64x2.mul(f64x2.sub(g0, g1), half));
  const withPod = f64x2.trunc(f64x2.mul(f64x2.sub(one, std), hundred));
  const bal = f64x2.add(fifty, f64x2.trunc(f64x2.mul(f64x2.sub(f64x2.add(fifty, withPod), v128.load(bwp + off)), half)));
  let sum = f64x2.add(f64x2.mul(fit, wfv), f64x2.mul(bal, wbv));
  if (extra) sum = f64x2.add(sum, f64x2.mul(v128.load(xp + off), xwv));
  if (norm) {
    const raw = v128.load(np + off);
    // DefaultNormalizeScore: trunc(100·raw / max), reversed 100 − s (|100 − s| with s in 0..100; |0 − s| plain).
    const sn = f64x2.abs(f64x2.sub(nrev, f64x2.trunc(f64x2.div(f64x2.mul(hundred, raw), nmaxv))));
    sum = f64x2.add(sum, f64x2.mul(sn, nwv));
  }
  const total = v128.bitselect(none, sum, bad);
  v128.store(out + off, total);
  return total;
}

// @ts-ignore: decorator
@inline function fusedLoop(ctx: usize, least: bool, extra: bool, norm: bool, qc: f64, qm: f64): i32 {
  const n = rangeHi;
  const out = fusedOut;
  const bwp = col(ctx, BW);
  const podsp = col(ctx, PODS);
  const apodsp = col(ctx, A_PODS);
  // The fused pod's Fit and BalancedAllocation share the capacity columns (fusedEligible).
  const c0p = fa0;
  const c1p = fa1;
  const r0p = ru0;
  const r1p = ru1;
  const z0p = fu0;
  const z1p = fu1;
  const xp = fusedExtra;
  const np = fusedNorm;
  // The constants as loads from a read-only data segment, before the loop: a v128.const is rebuilt from
  // immediates at every use inside the loop (3–4 instructions each on x64 in V8), a loaded value stays in a
  // register or a spill slot.
  const one = v128.load(LANE_CONSTANTS);
  const half = v128.load(LANE_CONSTANTS, 16);
  const fifty = v128.load(LANE_CONSTANTS, 32);
  const hundred = v128.load(LANE_CONSTANTS, 48);
  const none = v128.load(LANE_CONSTANTS, 64);
  const pf0 = f64x2.splat(fp0);
  const pf1 = f64x2.splat(fp1);
  const pb0 = f64x2.splat(rp0);
  const pb1 = f64x2.splat(rp1);
  const wfv = f64x2.splat(fusedWf);
  const wbv = f64x2.splat(fusedWb);
  const xwv = f64x2.splat(fusedExtraW);
  const nwv = f64x2.splat(fusedNormW);
  const nmaxv = f64x2.splat(fusedNormMax);
  const nrev = f64x2.splat(fusedNormReverse ? 100 : 0);
  const qcv = f64x2.splat(qc);
  const qmv = f64x2.splat(qm);
  let m = none;
  // Feasible lanes whose normalized column's raw value is its maximum over every node, counting down from 0
  // (a total is −∞ exactly where the node is rejected).
  let hits = i64x2.splat(0);
  // Rejected lanes count down from 0 (a true lane of a comparison is −1).
  let rejected = i64x2.splat(0);
  const pairs = n & ~1;
  for (let i = 0; i < pairs; i += 2) {
    const off = <usize>i << 3;
    const total = fusedLanes(least, extra, norm, off, out, c0p, c1p, r0p, r1p, z0p, z1p, podsp, apodsp, bwp, xp, np, qcv, qmv, pf0, pf1, pb0, pb1, wfv, wbv, xwv, nwv, nmaxv, nrev, false, one, half, fifty, hundred, none);
    const rej = f64x2.eq(total, none);
    rejected = i64x2.add(rejected, rej);
    if (norm) hits = i64x2.add(hits, v128.andnot(f64x2.eq(v128.load(np + off), nmaxv), rej));
    m = f64x2.pmax(m, total);
  }
  if (pairs < n) {
    // An odd count: the columns are padded to 16 nodes, so the last pair holds a node past n, masked out.
    const off = <usize>pairs << 3;
    const total = fusedLanes(least, extra, norm, off, out, c0p, c1p, r0p, r1p, z0p, z1p, podsp, apodsp, bwp, xp, np, qcv, qmv, pf0, pf1, pb0, pb1, wfv, wbv, xwv, nwv, nmaxv, nrev, true, one, half, fifty, hundred, none);
    const rej = f64x2.eq(total, none);
    rejected = i64x2.add(rejected, rej);
    if (norm) hits = i64x2.add(hits, v128.andnot(f64x2.eq(v128.load(np + off), nmaxv), rej));
    m = f64x2.pmax(m, total);
  }
  const a = f64x2.extract_lane(m, 0);
  const b = f64x2.extract_lane(m, 1);
  fusedMax = b > a ? b : a;
  fusedHits = norm ? -<i32>(i64x2.extract_lane(hits, 0) + i64x2.extract_lane(hits, 1)) : 0;
  const lanes = (n + 1) & ~1;
  return lanes + <i32>(i64x2.extract_lane(rejected, 0) + i64x2.extract_lane(rejected, 1));
}

/**
 * Top-scoring nodes of the last fused pass, counted on demand (a second pass over C_SCORE): only a random
 * tie-break among several feasible nodes needs them.
 */
export function fusedTopTies(ctx: usize): i32 {
  if (fusedTies >= 0) return fusedTies;
  const out = fusedOut;
  const n = rangeHi;
  let ties = 0;
  if (fusedMax != -Infinity) {
    if (ASC_FEATURE_SIMD) {
      const mv = f64x2.splat(fusedMax);
      for (let i = 0; i < n; i += 2) ties += <i32>popcnt(i64x2.bitmask(f64x2.eq(v128.load(out + (<usize>i << 3)), mv)));
    } else {
      for (let i = 0; i < n; i++) if (f64At(out, i) == fusedMax) ties++;
    }
  }
  fusedTies = ties;
  return ties;
}

/** The node of the `pick`-th top total of the last fused pass in examination order (rotation from `start`). */
export function fusedPick(ctx: usize, start: i32, pick: i32): i32 {
  pickSeen = 0;
  const r = pickIn(start, rangeHi, pick);
  return r >= 0 ? r : pickIn(0, start, pick);
}

// Top totals passed so far by pickIn.
let pickSeen: i32 = 0;

/** The `pick`-th top total counting pickSeen before node `lo`, in nodes [lo, hi); −1 (pickSeen advanced) when not there. */
function pickIn(lo: i32, hi: i32, pick: i32): i32 {
  const out = fusedOut;
  let i = lo;
  if (ASC_FEATURE_SIMD) {
    if (i & 1 && i < hi) {
      if (f64At(out, i) == fusedMax && pickSeen++ == pick) return i;
      i++;
    }
    // Pairs: count the top totals of each, and look inside only the pair holding the one sought.
    const mv = f64x2.splat(fusedMax);
    for (; i + 1 < hi; i += 2) {
      const bits = <i32>i64x2.bitmask(f64x2.eq(v128.load(out + (<usize>i << 3)), mv));
      if (bits == 0) continue;
      const c = <i32>popcnt(bits);
      if (pickSeen + c > pick) return pickSeen == pick ? i + <i32>ctz(bits) : i + 1;
      pickSeen += c;
    }
  }
  for (; i < hi; i++) if (f64At(out, i) == fusedMax && pickSeen++ == pick) return i;
  return -1;
}
