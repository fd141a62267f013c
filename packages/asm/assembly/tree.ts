// Runs of identical pods (same pod block: same shape, same requests) with every node examined: a max tree
// over the nodes' totals (−∞ for infeasible nodes) replaces the scan. After the first pod of the run scored
// every node, each next pod costs O(log N): the top total and its ties at the root, the pick-th tie in
// examination order by descent, and only the assumed node's leaf recomputed (upstream's opportunistic
// batching idea, exact here because nothing else changed: same columns, same pod, and no normalization that
// depends on which nodes are feasible).
import {
  C_FEAS, C_N, C_TOT, C_TREE, JOB_OP, JOB_WEIGHT, MAX_NODE_SCORE, NORM_NONE, NORM_REVERSE, OP_BALANCED, OP_LEAST, OP_MOST,
  OP_RTCR, OP_STATIC, P_CAND, P_FIT_POS, P_NUM_TO_FIND, P_PROG, P_TSCOL, PROG_JOBS, PROG_NJOBS, STATIC_ALL_ZERO, STATIC_COLUMN,
  STATIC_MODE, TS_PASS,
} from "./abi";
import { fitBits } from "./fit";
import { balancedAllocation, fitScore, jobSize } from "./score";
import { ctxInt, ctxPtr, f64At, i32At, setF64, setI32 } from "./memory";

let size: i32 = 0; // leaves (a power of two ≥ n)
let feasibleCount: i32 = 0;

// Static columns normalized by the feasible maximum: the maximum the totals were computed with and how many
// feasible nodes reach it. The tree stays valid while that count is positive (only then is the maximum the
// same for the next pod); a node becoming feasible above it invalidates it too.
const MAX_NORM: i32 = 8;
const NORM: usize = memory.data(MAX_NORM * 32, 16); // per job: program slot, max, count, column
let normCount: i32 = 0;

@inline function normSlot(j: i32): i32 {
  return <i32>load<f64>(NORM + (<usize>j << 5));
}
@inline function normMax(j: i32): f64 {
  return load<f64>(NORM + (<usize>j << 5) + 8);
}
@inline function normReached(j: i32): i32 {
  return <i32>load<f64>(NORM + (<usize>j << 5) + 16);
}
@inline function normColumn(j: i32): usize {
  return <usize>load<f64>(NORM + (<usize>j << 5) + 24);
}
@inline function setNorm(j: i32, slot: i32, max: f64, reached: i32, column: usize): void {
  store<f64>(NORM + (<usize>j << 5), slot);
  store<f64>(NORM + (<usize>j << 5) + 8, max);
  store<f64>(NORM + (<usize>j << 5) + 16, reached);
  store<f64>(NORM + (<usize>j << 5) + 24, <f64>column);
}

// Tree layout in the C_TREE region: f64 max[2·size], then i32 count[2·size]; node 1 is the root.
@inline function maxAt(t: usize, i: i32): f64 {
  return load<f64>(t + (<usize>i << 3));
}
@inline function countAt(t: usize, i: i32): i32 {
  return load<i32>(t + (<usize>size << 4) + (<usize>i << 2));
}
@inline function setNode(t: usize, i: i32, m: f64, c: i32): void {
  store<f64>(t + (<usize>i << 3), m);
  store<i32>(t + (<usize>size << 4) + (<usize>i << 2), c);
}

function pull(t: usize, i: i32): void {
  const l = 2 * i;
  const r = l + 1;
  const ml = maxAt(t, l);
  const mr = maxAt(t, r);
  const m = ml > mr ? ml : mr;
  setNode(t, i, m, (ml == m ? countAt(t, l) : 0) + (mr == m ? countAt(t, r) : 0));
}

/** Whether pod block `pb` can use the tree: every node examined, no candidate list, node-local scores. */
export function treeEligible(ctx: usize, pb: usize): bool {
  const n = ctxInt(ctx, C_N);
  if (ctxPtr(ctx, C_TREE) == 0 || <i32>f64At(pb, P_NUM_TO_FIND) < n || <u32>f64At(pb, P_CAND) != 0) return false;
  const prog = pb + (<usize>P_PROG << 3);
  const nj = <i32>f64At(prog, PROG_NJOBS);
  let normalized = 0;
  let q = PROG_JOBS;
  for (let j = 0; j < nj; j++) {
    const op = <i32>f64At(prog, q + JOB_OP);
    if (op == OP_STATIC) {
      // A normalized column's scores depend on the feasible maximum, tracked below (a few columns at most).
      if (<i32>f64At(prog, q + STATIC_MODE) != NORM_NONE && f64At(prog, q + STATIC_ALL_ZERO) == 0 && ++normalized > MAX_NORM) return false;
    } else if (op != OP_LEAST && op != OP_MOST && op != OP_RTCR && op != OP_BALANCED) return false;
    q += jobSize(prog, q);
  }
  return true;
}

/** The feasible maximum recorded for the normalized job at program slot `q` (0 when not tracked: all zero). */
function maxOf(q: i32): f64 {
  for (let j = 0; j < normCount; j++) if (normSlot(j) == q) return normMax(j);
  return 0;
}

/** The node's total for pod block `pb` (the columnar formulas, one node), or −∞ when a filter rejects it. */
function nodeTotal(ctx: usize, pb: usize, node: i32): f64 {
  const tscol = <usize>(<u32>f64At(pb, P_TSCOL));
  if (tscol != 0 && load<u8>(tscol + <usize>node) != TS_PASS) return -Infinity;
  if (<i32>f64At(pb, P_FIT_POS) >= 0 && fitBits(ctx, pb, node) != 0) return -Infinity;
  const prog = pb + (<usize>P_PROG << 3);
  const nj = <i32>f64At(prog, PROG_NJOBS);
  if (nj == 0) return 1;
  let total: f64 = 0;
  let q = PROG_JOBS;
  for (let j = 0; j < nj; j++) {
    const op = <i32>f64At(prog, q + JOB_OP);
    const w = f64At(prog, q + JOB_WEIGHT);
    let s: f64 = 0;
    if (op == OP_BALANCED) s = balancedAllocation(ctx, prog, q, node);
    else if (op == OP_STATIC) {
      const mode = <i32>f64At(prog, q + STATIC_MODE);
      const raw = f64At(<usize>(<u32>f64At(prog, q + STATIC_COLUMN)), node);
      if (mode == NORM_NONE) s = raw;
      else {
        // DefaultNormalizeScore with the maximum the tree was built with (0 for an all-zero column).
        const max = maxOf(q);
        if (max == 0) s = mode == NORM_REVERSE ? MAX_NODE_SCORE : raw;
        else {
          s = trunc<f64>((MAX_NODE_SCORE * raw) / max);
          if (mode == NORM_REVERSE) s = MAX_NODE_SCORE - s;
        }
      }
    } else s = fitScore(ctx, prog, q, op, node);
    total += s * w;
    q += jobSize(prog, q);
  }
  return total;
}

/** Builds the tree from the `nf` feasible nodes' totals the score phase left in C_FEAS / C_TOT. */
export function treeBuild(ctx: usize, pb: usize, nf: i32): void {
  const t = ctxPtr(ctx, C_TREE);
  const n = ctxInt(ctx, C_N);
  size = 1;
  while (size < n) size <<= 1;
  for (let i = 0; i < size; i++) setNode(t, size + i, -Infinity, 1);
  const feas = ctxPtr(ctx, C_FEAS);
  const tot = ctxPtr(ctx, C_TOT);
  for (let k = 0; k < nf; k++) setNode(t, size + i32At(feas, k), f64At(tot, k), 1);
  for (let i = size - 1; i >= 1; i--) pull(t, i);
  feasibleCount = nf;
  normCount = 0;
  const prog = pb + (<usize>P_PROG << 3);
  const nj = <i32>f64At(prog, PROG_NJOBS);
  let q = PROG_JOBS;
  for (let j = 0; j < nj; j++) {
    if (<i32>f64At(prog, q + JOB_OP) == OP_STATIC && <i32>f64At(prog, q + STATIC_MODE) != NORM_NONE && f64At(prog, q + STATIC_ALL_ZERO) == 0) {
      const column = <usize>(<u32>f64At(prog, q + STATIC_COLUMN));
      let max: f64 = 0;
      for (let k = 0; k < nf; k++) {
        const v = f64At(column, i32At(feas, k));
        if (v > max) max = v;
      }
      let reached = 0;
      for (let k = 0; k < nf; k++) if (f64At(column, i32At(feas, k)) == max) reached++;
      setNorm(normCount++, q, max, reached, column);
    }
    q += jobSize(prog, q);
  }
}

/**
 * Recomputes one node's leaf after its columns changed (the assume). False when the tree no longer holds:
 * a normalized column's feasible maximum may have changed.
 */
export function treeUpdate(ctx: usize, pb: usize, node: i32): bool {
  const t = ctxPtr(ctx, C_TREE);
  const before = maxAt(t, size + node);
  const v = nodeTotal(ctx, pb, node);
  const was = before != -Infinity;
  const is = v != -Infinity;
  if (was != is) {
    if (was) feasibleCount--;
    else feasibleCount++;
    for (let j = 0; j < normCount; j++) {
      const raw = f64At(normColumn(j), node);
      const max = normMax(j);
      if (is && raw > max) return false;
      if (raw == max) {
        const reached = normReached(j) + (is ? 1 : -1);
        if (reached == 0) return false;
        setNorm(j, normSlot(j), max, reached, normColumn(j));
      }
    }
  }
  setNode(t, size + node, v, 1);
  for (let i = (size + node) >> 1; i >= 1; i >>= 1) pull(t, i);
  return true;
}

export function treeFeasible(): i32 {
  return feasibleCount;
}

/** Ties at the top. */
export function treeTies(ctx: usize): i32 {
  return countAt(ctxPtr(ctx, C_TREE), 1);
}

/** How many leaves in [0, hi) hold the top total. */
function countBefore(t: usize, hi: i32): i32 {
  const m = maxAt(t, 1);
  let c = 0;
  let lo = size;
  let h = size + hi;
  // Iterative half-open range over leaves [size, size + hi).
  while (lo < h) {
    if (lo & 1) {
      if (maxAt(t, lo) == m) c += countAt(t, lo);
      lo++;
    }
    if (h & 1) {
      h--;
      if (maxAt(t, h) == m) c += countAt(t, h);
    }
    lo >>= 1;
    h >>= 1;
  }
  return c;
}

/** The node of the `pick`-th top total in examination order (rotation from `start`). */
export function treePick(ctx: usize, start: i32, pick: i32): i32 {
  const t = ctxPtr(ctx, C_TREE);
  const m = maxAt(t, 1);
  const before = countBefore(t, start);
  const fromStart = countAt(t, 1) - before;
  let k = pick < fromStart ? before + pick : pick - fromStart;
  let i = 1;
  while (i < size) {
    const l = 2 * i;
    const cl = maxAt(t, l) == m ? countAt(t, l) : 0;
    if (k < cl) i = l;
    else {
      k -= cl;
      i = l + 1;
    }
  }
  return i - size;
}
