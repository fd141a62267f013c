// Recurring pods of a run (same pod block: same shape, same requests; replicas, or shapes alternated): a
// segment tree over the nodes in snapshot order replaces the filter and score scan. The first such pod is
// scanned; its tree then holds every node's total for that block (−∞ when a filter rejects it) and, per next
// pod with the block, answers in O(log N) what the scan computes, because only assumed nodes' columns changed
// in between and every assume updates that node's leaf in every tree of the run:
//
// - the window: schedule_one.go findNodesThatPassFilters examines nodes in rotation from nextStartNodeIndex
//   until numFeasibleNodesToFind feasible nodes are found; its end is where the k-th feasible node from the
//   start lies (rank and select over the feasible counts), the nodes examined are every node up to it,
//   feasible or not (processedNodes = len(feasibleNodes) + diagnosis.NodeToStatus.Len(), schedulePod);
// - prioritizeNodes + selectHost over the window's feasible nodes: the top total and its ties are range
//   queries, the pick-th tie in examination order a descent;
// - the assume (NodeInfo.AddPod) changes one leaf.
//
// Scores must be node-local for that. Of the default score plugins NodeResourcesFit, BalancedAllocation and
// ImageLocality (which scales by the count of all nodes, not of feasible ones) are; TaintToleration and
// NodeAffinity normalize by the maximum raw score over the scored nodes (DefaultNormalizeScore,
// plugins/helper/normalize_score.go), which depends on the window. The tree keeps, per such column, the
// maximum raw score of the feasible nodes below each tree node, and its totals are computed with one fixed
// maximum M: a pod whose window reaches a different maximum is scanned instead (exact either way, counted in
// R_TREE_MISS). PodTopologySpread and InterPodAffinity (min/max over the scored nodes, and counts that the
// placed pods change) and TypeScript-scored columns are not in the tree: such pods are never eligible.
import {
  C_N, C_TREE, JOB_OP, JOB_WEIGHT, MAX_NODE_SCORE, NORM_NONE, NORM_REVERSE, OP_BALANCED, OP_EXTRA, OP_LEAST, OP_MOST, OP_RTCR, OP_STATIC,
  EXTRA_COLUMN, P_CAND, P_FIT_POS, P_PROG, P_TSCOL, PROG_JOBS, PROG_NJOBS, STATIC_ALL_ZERO, STATIC_COLUMN, STATIC_MODE, TREE_NORM_COLUMNS, TREE_SLOTS,
  TS_PASS,
} from "./abi";
import { fitBits } from "./fit";
import { balancedAllocation, fitScore, jobSize } from "./score";
import { ctxInt, ctxPtr, f64At } from "./memory";

let size: i32 = 0; // leaves (a power of two ≥ n), the same for every tree of a context
let base: usize = 0; // the tree in use (treeUse): its C_TREE region

// Per tree: its pod block, and its normalized static columns (program slot, raw column and the maximum M
// the totals were computed with).
const BLOCK: usize = memory.data(TREE_SLOTS * 4, 16);
const NORM_COUNT: usize = memory.data(TREE_SLOTS * 4, 16);
const NORM: usize = memory.data(TREE_SLOTS * TREE_NORM_COLUMNS * 24, 16);
let norm: usize = NORM;
let normCount: i32 = 0;
// Normalized columns the tree in use carries (its RW entries, which pull maintains).
let pullColumns: i32 = 0;

// @ts-ignore: decorator
@inline function normSlot(j: i32): i32 {
  return <i32>load<f64>(norm + <usize>j * 24);
}
// @ts-ignore: decorator
@inline function normColumn(j: i32): usize {
  return <usize>load<f64>(norm + <usize>j * 24 + 8);
}
// @ts-ignore: decorator
@inline function normMax(j: i32): f64 {
  return load<f64>(norm + <usize>j * 24 + 16);
}

/** Makes tree `slot` of the context the one the functions below read and write. */
export function treeUse(ctx: usize, slot: i32): void {
  base = ctxPtr(ctx, C_TREE + slot);
  norm = NORM + <usize>(slot * TREE_NORM_COLUMNS * 24);
  normCount = load<i32>(NORM_COUNT + (<usize>slot << 2));
  pullColumns = normCount;
}

// Layout (2·size entries, node 1 the root, leaves from `size`): 16 bytes per node — f64 MX the top total, i32
// CM how many leaves below hold it, i32 CF how many feasible leaves — then per normalized column 2·size f64 RW,
// the maximum raw score of the feasible leaves (−∞: none). A node's three fields share a cache line, and so do
// two siblings: a path update (pull) reads one line per level where three arrays cost three (at hundreds of
// group trees most of those were misses). abi.ts TREE_LEAF_BYTES is what the host allocates per leaf.
// @ts-ignore: decorator
@inline function mx(i: i32): f64 {
  return load<f64>(base + (<usize>i << 4));
}
// @ts-ignore: decorator
@inline function cm(i: i32): i32 {
  return load<i32>(base + (<usize>i << 4), 8);
}
// @ts-ignore: decorator
@inline function cf(i: i32): i32 {
  return load<i32>(base + (<usize>i << 4), 12);
}
// @ts-ignore: decorator
@inline function rwAddr(j: i32, i: i32): usize {
  return base + (<usize>size << 5) + (<usize>j * <usize>size << 4) + (<usize>i << 3);
}
// @ts-ignore: decorator
@inline function setLeaf(i: i32, total: f64, feasible: i32): void {
  store<f64>(base + (<usize>i << 4), total);
  store<i32>(base + (<usize>i << 4), 1, 8);
  store<i32>(base + (<usize>i << 4), feasible, 12);
}

function pull(i: i32): void {
  const l = 2 * i;
  const r = l + 1;
  const ml = mx(l);
  const mr = mx(r);
  const m = ml > mr ? ml : mr;
  store<f64>(base + (<usize>i << 4), m);
  store<i32>(base + (<usize>i << 4), (ml == m ? cm(l) : 0) + (mr == m ? cm(r) : 0), 8);
  store<i32>(base + (<usize>i << 4), cf(l) + cf(r), 12);
  for (let j = 0; j < pullColumns; j++) {
    const a = load<f64>(rwAddr(j, l));
    const b = load<f64>(rwAddr(j, r));
    store<f64>(rwAddr(j, i), a > b ? a : b);
  }
}

/**
 * Whether pod block `pb` can use the tree: no candidate list, node-local scores (or at most
 * TREE_NORM_COLUMNS normalized static columns), and no TypeScript filter reporting an error on any node (the
 * scan would stop there; the tree does not know where the window ends before it is built).
 */
export function treeEligible(ctx: usize, pb: usize, slot: i32): bool {
  return ctxPtr(ctx, C_TREE + slot) != 0 && nodeLocal(ctx, pb, 0);
}

/**
 * Whether pod block `pb`'s totals are node-local enough for a tree: no candidate list, resource scorers and
 * static columns (at most TREE_NORM_COLUMNS normalized ones), no OP_EXTRA column but `extra` (spreadtree.ts:
 * PodTopologySpread's; 0: none), and no TypeScript filter error on any node.
 */
export function nodeLocal(ctx: usize, pb: usize, extra: usize): bool {
  if (<u32>f64At(pb, P_CAND) != 0) return false;
  const prog = pb + (<usize>P_PROG << 3);
  const nj = <i32>f64At(prog, PROG_NJOBS);
  let normalized = 0;
  let q = PROG_JOBS;
  for (let j = 0; j < nj; j++) {
    const op = <i32>f64At(prog, q + JOB_OP);
    if (op == OP_STATIC) {
      if (<i32>f64At(prog, q + STATIC_MODE) != NORM_NONE && f64At(prog, q + STATIC_ALL_ZERO) == 0 && ++normalized > TREE_NORM_COLUMNS) return false;
    } else if (op == OP_EXTRA) {
      if (extra == 0 || <usize>(<u32>f64At(prog, q + EXTRA_COLUMN)) != extra) return false;
    } else if (op != OP_LEAST && op != OP_MOST && op != OP_RTCR && op != OP_BALANCED) return false;
    q += jobSize(prog, q);
  }
  const tscol = <usize>(<u32>f64At(pb, P_TSCOL));
  if (tscol != 0) {
    const n = ctxInt(ctx, C_N);
    for (let i = 0; i < n; i++) {
      const c = load<u8>(tscol + <usize>i);
      if (c != TS_PASS && (c & 128) != 0) return false;
    }
  }
  return true;
}

/** Whether the filters let `node` through for pod block `pb` (the TypeScript column and NodeResourcesFit). */
// @ts-ignore: decorator
@inline export function feasibleNode(ctx: usize, pb: usize, node: i32): bool {
  const tscol = <usize>(<u32>f64At(pb, P_TSCOL));
  if (tscol != 0 && load<u8>(tscol + <usize>node) != TS_PASS) return false;
  return !(<i32>f64At(pb, P_FIT_POS) >= 0 && fitBits(ctx, pb, node) != 0);
}

/** The node's total for pod block `pb` (the columnar formulas, one node), normalizing with the tree's maxima. */
export function nodeTotal(ctx: usize, pb: usize, node: i32): f64 {
  const prog = pb + (<usize>P_PROG << 3);
  const nj = <i32>f64At(prog, PROG_NJOBS);
  // prioritizeNodes: without score plugins every node scores 1.
  if (nj == 0) return 1;
  let total: f64 = 0;
  let q = PROG_JOBS;
  for (let j = 0; j < nj; j++) {
    const op = <i32>f64At(prog, q + JOB_OP);
    const w = f64At(prog, q + JOB_WEIGHT);
    // PodTopologySpread's column (the only OP_EXTRA a tree pod has): spreadtree.ts adds it per group.
    if (op == OP_EXTRA) {
      q += jobSize(prog, q);
      continue;
    }
    let s: f64 = 0;
    if (op == OP_BALANCED) s = balancedAllocation(ctx, prog, q, node);
    else if (op == OP_STATIC) {
      const mode = <i32>f64At(prog, q + STATIC_MODE);
      const raw = f64At(<usize>(<u32>f64At(prog, q + STATIC_COLUMN)), node);
      if (mode == NORM_NONE) s = raw;
      else {
        // DefaultNormalizeScore with the maximum the tree was built with (0 for an all-zero column).
        let max: f64 = 0;
        for (let k = 0; k < normCount; k++) if (normSlot(k) == q) max = normMax(k);
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

/** Builds tree `slot` for pod block `pb` over every node's current columns (O(N), once per run of pods). */
export function treeBuild(ctx: usize, pb: usize, slot: i32): void {
  treeUse(ctx, slot);
  store<u32>(BLOCK + (<usize>slot << 2), <u32>pb);
  const n = ctxInt(ctx, C_N);
  size = 1;
  while (size < n) size <<= 1;
  listNormalized(pb);
  // Feasibility and the raw maxima first: M is the maximum over every feasible node (DefaultNormalizeScore
  // starts from 0), the value most windows reach.
  for (let i = 0; i < size; i++) {
    const ok = i < n && feasibleNode(ctx, pb, i);
    setLeaf(size + i, -Infinity, ok ? 1 : 0);
    for (let j = 0; j < normCount; j++) store<f64>(rwAddr(j, size + i), ok ? f64At(normColumn(j), i) : -Infinity);
  }
  store<i32>(NORM_COUNT + (<usize>slot << 2), normCount);
  pullColumns = normCount;
  for (let i = size - 1; i >= 1; i--) pull(i);
  for (let j = 0; j < normCount; j++) {
    const m = load<f64>(rwAddr(j, 1));
    store<f64>(norm + <usize>j * 24 + 16, m > 0 ? m : 0);
  }
  for (let i = 0; i < n; i++) if (cf(size + i) != 0) store<f64>(base + (<usize>(size + i) << 4), nodeTotal(ctx, pb, i));
  for (let i = size - 1; i >= 1; i--) pull(i);
}

/** Recomputes `node`'s leaf of tree `slot` after the node's columns changed (the assume). */
export function treeUpdate(ctx: usize, slot: i32, node: i32): void {
  treeUse(ctx, slot);
  const pb = <usize>load<u32>(BLOCK + (<usize>slot << 2));
  const ok = feasibleNode(ctx, pb, node);
  setLeaf(size + node, ok ? nodeTotal(ctx, pb, node) : -Infinity, ok ? 1 : 0);
  for (let j = 0; j < normCount; j++) store<f64>(rwAddr(j, size + node), ok ? f64At(normColumn(j), node) : -Infinity);
  for (let i = (size + node) >> 1; i >= 1; i >>= 1) pull(i);
}

// --- the window of one pod, set by treeWindow: examined ranges [lo1, hi1) then [lo2, hi2) in rotation order.
let lo1: i32 = 0;
let hi1: i32 = 0;
let lo2: i32 = 0;
let hi2: i32 = 0;
let winFeasible: i32 = 0;
let winExamined: i32 = 0;
let winMax: f64 = 0;
let winTies: i32 = 0;

/** Feasible leaves in [0, x). */
export function feasibleBefore(x: i32): i32 {
  let c = 0;
  let lo = size;
  let hi = size + x;
  while (lo < hi) {
    if (lo & 1) c += cf(lo++);
    if (hi & 1) c += cf(--hi);
    lo >>= 1;
    hi >>= 1;
  }
  return c;
}

/** The leaf of the j-th (1-based) feasible node in snapshot order. */
export function selectFeasible(j: i32): i32 {
  let i = 1;
  let k = j;
  while (i < size) {
    const l = 2 * i;
    const c = cf(l);
    if (k <= c) i = l;
    else {
      k -= c;
      i = l + 1;
    }
  }
  return i - size;
}

/** The top total over leaves [a, b) (−∞ when none is feasible). */
export function rangeMax(a: i32, b: i32): f64 {
  let m = -Infinity;
  let lo = size + a;
  let hi = size + b;
  while (lo < hi) {
    if (lo & 1) {
      const v = mx(lo++);
      if (v > m) m = v;
    }
    if (hi & 1) {
      const v = mx(--hi);
      if (v > m) m = v;
    }
    lo >>= 1;
    hi >>= 1;
  }
  return m;
}

/** The maximum raw score of normalized column `j` over the feasible leaves of [a, b). */
function rangeRawMax(j: i32, a: i32, b: i32): f64 {
  let m = -Infinity;
  let lo = size + a;
  let hi = size + b;
  while (lo < hi) {
    if (lo & 1) {
      const v = load<f64>(rwAddr(j, lo++));
      if (v > m) m = v;
    }
    if (hi & 1) {
      const v = load<f64>(rwAddr(j, --hi));
      if (v > m) m = v;
    }
    lo >>= 1;
    hi >>= 1;
  }
  return m;
}

/** Leaves of [a, b) holding `m`, the maximum of the range (every covering node's maximum is ≤ m). */
export function rangeTies(m: f64, a: i32, b: i32): i32 {
  let c = 0;
  let lo = size + a;
  let hi = size + b;
  while (lo < hi) {
    if (lo & 1) {
      if (mx(lo) == m) c += cm(lo);
      lo++;
    }
    if (hi & 1) {
      hi--;
      if (mx(hi) == m) c += cm(hi);
    }
    lo >>= 1;
    hi >>= 1;
  }
  return c;
}

let remaining: i32 = 0;

/** The `remaining`-th leaf holding `m` among leaves [a, b) ∩ tree node `i` (covering [lo, hi)), or −1 (remaining reduced). */
function findTie(i: i32, lo: i32, hi: i32, a: i32, b: i32, m: f64): i32 {
  if (hi <= a || b <= lo) return -1;
  if (a <= lo && hi <= b) {
    if (mx(i) != m) return -1;
    const c = cm(i);
    if (remaining >= c) {
      remaining -= c;
      return -1;
    }
    while (i < size) {
      const l = 2 * i;
      const cl = mx(l) == m ? cm(l) : 0;
      if (remaining < cl) i = l;
      else {
        remaining -= cl;
        i = l + 1;
      }
    }
    return i - size;
  }
  const mid = (lo + hi) >> 1;
  const r = findTie(2 * i, lo, mid, a, b, m);
  return r >= 0 ? r : findTie(2 * i + 1, mid, hi, a, b, m);
}

/**
 * The window of a pod starting at `start` that looks for `numToFind` feasible nodes among `n`: returns the
 * feasible count (0: none anywhere; the scan then examines every node and the cycle reports the failure).
 */
export function treeWindow(n: i32, start: i32, numToFind: i32): i32 {
  const total = cf(1);
  lo2 = 0;
  hi2 = 0;
  lo1 = start;
  if (total < numToFind) {
    // Fewer feasible nodes than wanted: every node is examined, from the start round to it. (With exactly
    // numToFind, the scan stops at the last of them.)
    hi1 = n;
    hi2 = start;
    winFeasible = total;
    winExamined = n;
  } else {
    const before = feasibleBefore(start);
    const fromStart = total - before;
    if (numToFind <= fromStart) {
      hi1 = selectFeasible(before + numToFind) + 1;
    } else {
      hi1 = n;
      hi2 = selectFeasible(numToFind - fromStart) + 1;
    }
    winFeasible = numToFind;
    winExamined = hi1 - lo1 + hi2 - lo2;
  }
  if (winFeasible > 0) {
    const m1 = rangeMax(lo1, hi1);
    const m2 = rangeMax(lo2, hi2);
    winMax = m1 > m2 ? m1 : m2;
    winTies = rangeTies(winMax, lo1, hi1) + rangeTies(winMax, lo2, hi2);
  }
  return winFeasible;
}

/** Nodes the window examines (feasible or not). */
export function treeExamined(): i32 {
  return winExamined;
}

/** Top-scoring nodes of the window. */
export function treeTies(): i32 {
  return winTies;
}

/**
 * Whether every normalized column's maximum over the window's feasible nodes is the one the totals were
 * computed with (otherwise this pod's scores differ from the tree's: the caller scans it).
 */
export function treeNormalizationHolds(): bool {
  for (let j = 0; j < normCount; j++) {
    const a = rangeRawMax(j, lo1, hi1);
    const b = rangeRawMax(j, lo2, hi2);
    let m = a > b ? a : b;
    if (m < 0) m = 0;
    if (m != normMax(j)) return false;
  }
  return true;
}

/** The node of the `pick`-th (0-based) top total of the window, in examination order. */
export function treePick(pick: i32): i32 {
  remaining = pick;
  const r = findTie(1, 0, size, lo1, hi1, winMax);
  return r >= 0 ? r : findTie(1, 0, size, lo2, hi2, winMax);
}

// --- trees without normalized columns over a region of the host's (spreadtree.ts: one per group of nodes).

/** Makes the tree at `ptr` (TREE_GROUP_BYTES per leaf) the one in use, for `n` nodes; returns its leaf count. */
export function treeAt(ptr: usize, n: i32): i32 {
  base = ptr;
  pullColumns = 0;
  size = 1;
  while (size < n) size <<= 1;
  return size;
}

/**
 * Empties the tree in use: every leaf −∞ and infeasible. What pull makes of such leaves is known per level —
 * top −∞, every leaf below tied at it, none feasible, raw maxima −∞ — so each node is written, not pulled
 * from its children (the spread group trees' clears were a twentieth of a Deployment's adaptive run).
 */
export function treeClear(): void {
  let below = size;
  for (let first = 1; first < 2 * size; first <<= 1) {
    for (let i = first; i < 2 * first; i++) {
      store<f64>(base + (<usize>i << 4), -Infinity);
      store<i32>(base + (<usize>i << 4), below, 8);
      store<i32>(base + (<usize>i << 4), 0, 12);
      for (let j = 0; j < pullColumns; j++) store<f64>(rwAddr(j, i), -Infinity);
    }
    below >>= 1;
  }
}

/** Sets leaf `node` of the tree in use and the path above it. */
export function treeSet(node: i32, total: f64, feasible: i32): void {
  setLeaf(size + node, total, feasible);
  for (let i = (size + node) >> 1; i >= 1; i >>= 1) pull(i);
}

/** Sets leaf `node` without the path above (a build pulls every node once after). */
export function treeSetLeaf(node: i32, total: f64, feasible: i32): void {
  setLeaf(size + node, total, feasible);
}

/**
 * Sets, in the bitmap at `bits` (bit i of u64 word i >> 6 for leaf i), the bit of every leaf of the tree in use
 * that holds its top: O(k log N) for k such leaves, descending only into subtrees whose top is the root's.
 */
export function markTopLeaves(bits: usize): void {
  const m = mx(1);
  if (m == -Infinity) return;
  markTopsBelow(1, m, bits);
}

function markTopsBelow(i: i32, m: f64, bits: usize): void {
  if (mx(i) != m) return;
  if (i >= size) {
    const leaf = i - size;
    const w = bits + (<usize>(leaf >> 6) << 3);
    store<u64>(w, load<u64>(w) | (<u64>1 << <u64>(leaf & 63)));
    return;
  }
  markTopsBelow(2 * i, m, bits);
  markTopsBelow(2 * i + 1, m, bits);
}

/** Recomputes every inner node of the tree in use. */
export function treePullAll(): void {
  for (let i = size - 1; i >= 1; i--) pull(i);
}

/** Feasible leaves of the tree in use. */
export function treeFeasible(): i32 {
  return cf(1);
}

/** Feasible leaves in [a, b). */
export function rangeFeasible(a: i32, b: i32): i32 {
  return feasibleBefore(b) - feasibleBefore(a);
}

/** Tree node `i`'s top total and how many leaves below it hold it. */
export function nodeMax(i: i32): f64 {
  return mx(i);
}
export function nodeTies(i: i32): i32 {
  return cm(i);
}

/**
 * Makes the tree at `ptr` the one in use, with the leaf count of the last treeAt and `columns` normalized
 * columns (0: TREE_GROUP_BYTES per leaf; else TREE_LEAF_BYTES, the maxima of normSetup's columns).
 */
export function treeBase(ptr: usize, columns: i32): void {
  base = ptr;
  pullColumns = columns;
}

/**
 * The normalized static columns of pod block `pb` that nodeTotal reads (as treeBuild lists them), kept in
 * slot 0's list (a run that uses the group trees uses no node tree); returns how many.
 */
export function normSetup(pb: usize): i32 {
  norm = NORM;
  listNormalized(pb);
  return normCount;
}

/** Lists pod block `pb`'s normalized static columns that are not all zero at `norm` (program slot, column). */
function listNormalized(pb: usize): void {
  normCount = 0;
  const prog = pb + (<usize>P_PROG << 3);
  const nj = <i32>f64At(prog, PROG_NJOBS);
  let q = PROG_JOBS;
  for (let j = 0; j < nj; j++) {
    if (<i32>f64At(prog, q + JOB_OP) == OP_STATIC && <i32>f64At(prog, q + STATIC_MODE) != NORM_NONE && f64At(prog, q + STATIC_ALL_ZERO) == 0) {
      const at = norm + <usize>normCount * 24;
      store<f64>(at, <f64>q);
      store<f64>(at + 8, <f64>(<u32>f64At(prog, q + STATIC_COLUMN)));
      normCount++;
    }
    q += jobSize(prog, q);
  }
}

/** Column `j` of normSetup's list, and the maximum its totals are computed with. */
export function normColumnOf(j: i32): usize {
  return normColumn(j);
}
export function setNormMax(j: i32, m: f64): void {
  store<f64>(norm + <usize>j * 24 + 16, m);
}
export function normMaxOf(j: i32): f64 {
  return normMax(j);
}

/** Sets normalized column `j`'s raw entry of leaf `node` (the path above: treeSet or treePullAll after). */
export function treeSetRaw(node: i32, j: i32, v: f64): void {
  store<f64>(rwAddr(j, size + node), v);
}

/** The maximum raw score of normalized column `j` over the feasible leaves of [a, b) (−∞: none). */
export function rangeRaw(j: i32, a: i32, b: i32): f64 {
  return rangeRawMax(j, a, b);
}

/** Feasible leaves and top total over [a, b) of the tree in use, in one walk (rangeCount, rangeTop after). */
export function rangeStats(a: i32, b: i32): void {
  let c = 0;
  let m = -Infinity;
  let lo = size + a;
  let hi = size + b;
  while (lo < hi) {
    if (lo & 1) {
      c += cf(lo);
      const v = mx(lo++);
      if (v > m) m = v;
    }
    if (hi & 1) {
      c += cf(--hi);
      const v = mx(hi);
      if (v > m) m = v;
    }
    lo >>= 1;
    hi >>= 1;
  }
  statCount = c;
  statTop = m;
}
let statCount: i32 = 0;
let statTop: f64 = 0;
export function rangeCount(): i32 {
  return statCount;
}
export function rangeTop(): f64 {
  return statTop;
}
