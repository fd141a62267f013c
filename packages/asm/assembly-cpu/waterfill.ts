// Weighted max-min fair share of one sibling set, in exactly core overcommit/water-fill.ts's float64
// arithmetic (its header lists the steps): keys cap ÷ weight, order by key then index, shares
// remaining × weight ÷ totalWeight (the whole remainder when weight = totalWeight), saturated children
// leave with their cap, the others split the frozen remainder. WebAssembly f64 ops are IEEE-754
// round-to-nearest-even and never fused, so each op rounds as V8's does.
import {
  W_CAPACITY,
  W_CAPS,
  W_GROUPS,
  W_OFFSETS,
  W_OUT,
  W_SCRATCH,
  W_STATUS,
  W_WEIGHTS,
  WP_CAP,
  WP_CAPACITY,
  WP_CAPACITY_DOMAIN,
  WP_WEIGHT,
  WP_WEIGHT_DOMAIN,
  WP_WEIGHT_SUM,
} from "./abi";
import { f64At, i32At, ptr, setF64, setI32, slot } from "./memory";

const MAX_CAPACITY: f64 = 4294967296; // WATER_FILL_MAX_CAPACITY, 2^32
const MAX_WEIGHT: f64 = 4294967296; // WATER_FILL_MAX_WEIGHT, 2^32
const MAX_SAFE_INTEGER: f64 = 9007199254740991;
// Insertion sort below this size; longer sets sort runs of RUN by insertion, then merge them.
const SMALL: i32 = 24;
const RUN: i32 = 16;

// Scratch for the largest sibling set of a call (scratchBytes(n) bytes from useScratch's base).
let gatherW: usize = 0; // f64[n]: weights of a gathered (non-contiguous) set
let gatherC: usize = 0; // f64[n]: caps
let gatherA: usize = 0; // f64[n]: allocations
let keys: usize = 0; // f64[n]
let keys2: usize = 0; // f64[n]: merge target
let order: usize = 0; // i32[n]
let order2: usize = 0; // i32[n]: merge target
let gatherMap: usize = 0; // i32[n]: where a gathered child's allocation goes

/** Bytes of scratch a sibling set of `n` children needs. */
export function scratchBytes(n: i32): i32 {
  return n * (5 * 8 + 3 * 4);
}

/** Points the scratch at `base` for sets of up to `n` children. */
export function useScratch(base: usize, n: i32): void {
  const f = <usize>n << 3;
  gatherW = base;
  gatherC = gatherW + f;
  gatherA = gatherC + f;
  keys = gatherA + f;
  keys2 = keys + f;
  order = keys2 + f;
  order2 = order + (<usize>n << 2);
  gatherMap = order2 + (<usize>n << 2);
}

// @ts-ignore: decorator
@inline export function gatheredWeights(): usize {
  return gatherW;
}
// @ts-ignore: decorator
@inline export function gatheredCaps(): usize {
  return gatherC;
}
// @ts-ignore: decorator
@inline export function gatheredAllocs(): usize {
  return gatherA;
}
// @ts-ignore: decorator
@inline export function gatheredMap(): usize {
  return gatherMap;
}

// Stable insertion sort of (keys, order)[lo, hi) by key: equal keys keep their index order.
function insertion(k: usize, o: usize, lo: i32, hi: i32): void {
  for (let i = lo + 1; i < hi; i++) {
    const key = f64At(k, i);
    const idx = i32At(o, i);
    let j = i - 1;
    while (j >= lo && f64At(k, j) > key) {
      setF64(k, j + 1, f64At(k, j));
      setI32(o, j + 1, i32At(o, j));
      j--;
    }
    setF64(k, j + 1, key);
    setI32(o, j + 1, idx);
  }
}

// Stable merge of sorted [lo, mid) and [mid, hi): the left run holds the smaller indices, so ties take it.
function merge(sk: usize, so: usize, dk: usize, dout: usize, lo: i32, mid: i32, hi: i32): void {
  let i = lo;
  let j = mid;
  let t = lo;
  while (i < mid && j < hi) {
    const a = f64At(sk, i);
    const b = f64At(sk, j);
    if (b < a) {
      setF64(dk, t, b);
      setI32(dout, t, i32At(so, j));
      j++;
    } else {
      setF64(dk, t, a);
      setI32(dout, t, i32At(so, i));
      i++;
    }
    t++;
  }
  for (; i < mid; i++, t++) {
    setF64(dk, t, f64At(sk, i));
    setI32(dout, t, i32At(so, i));
  }
  for (; j < hi; j++, t++) {
    setF64(dk, t, f64At(sk, j));
    setI32(dout, t, i32At(so, j));
  }
}

// Orders children by (key, index): the unique order core's comparator `keys[a] - keys[b] || a - b` gives
// (keys are never NaN; equal keys, ±0 and ∞ alike, fall back to the index).
function sortByKey(n: i32): void {
  if (n <= SMALL) {
    insertion(keys, order, 0, n);
    return;
  }
  for (let lo = 0; lo < n; lo += RUN) insertion(keys, order, lo, lo + RUN < n ? lo + RUN : n);
  let sk = keys;
  let so = order;
  let dk = keys2;
  let dout = order2;
  for (let width = RUN; width < n; width <<= 1) {
    for (let lo = 0; lo < n; lo += width << 1) {
      const mid = lo + width < n ? lo + width : n;
      const hi = lo + (width << 1) < n ? lo + (width << 1) : n;
      merge(sk, so, dk, dout, lo, mid, hi);
    }
    const tk = sk;
    const to = so;
    sk = dk;
    so = dout;
    dk = tk;
    dout = to;
  }
  if (sk != keys) {
    memory.copy(keys, sk, <usize>n << 3);
    memory.copy(order, so, <usize>n << 2);
  }
}

/**
 * Water-fills `capacity` among `n` children whose weights and caps are the f64 arrays at `w` and `c`,
 * writing allocations to `out`. Inputs must be valid (waterFill's checks); `out` must not alias them.
 */
export function fill(n: i32, capacity: f64, w: usize, c: usize, out: usize): void {
  let total: f64 = 0;
  for (let i = 0; i < n; i++) {
    const wi = f64At(w, i);
    total += wi;
    setF64(keys, i, f64At(c, i) / wi);
    setI32(order, i, i);
  }
  sortByKey(n);
  let remaining = capacity;
  let k = 0;
  for (; k < n; k++) {
    const i = i32At(order, k);
    const wi = f64At(w, i);
    const ci = f64At(c, i);
    const share = wi == total ? remaining : (remaining * wi) / total;
    if (ci <= share) {
      setF64(out, i, ci);
      remaining -= ci;
      total -= wi;
    } else break;
  }
  for (; k < n; k++) {
    const i = i32At(order, k);
    const wi = f64At(w, i);
    const share = wi == total ? remaining : (remaining * wi) / total;
    const ci = f64At(c, i);
    setF64(out, i, ci < share ? ci : share);
  }
}

// @ts-ignore: decorator
@inline function problem(status: usize, code: i32, group: i32, child: i32): i32 {
  setI32(status, 0, code);
  setI32(status, 1, group);
  setI32(status, 2, child);
  return code;
}

/**
 * Water-fills every sibling set of a batch, each checked as waterFill checks its input, in waterFill's
 * order. Returns 0, or the first problem's code (status holds the code, group and child).
 */
export function waterFillGroups(ctx: usize): i32 {
  const groups = slot(ctx, W_GROUPS);
  const offsets = ptr(ctx, W_OFFSETS);
  const capacities = ptr(ctx, W_CAPACITY);
  const weights = ptr(ctx, W_WEIGHTS);
  const caps = ptr(ctx, W_CAPS);
  const out = ptr(ctx, W_OUT);
  const status = ptr(ctx, W_STATUS);
  let largest = 0;
  for (let g = 0; g < groups; g++) {
    const n = i32At(offsets, g + 1) - i32At(offsets, g);
    if (n > largest) largest = n;
  }
  useScratch(ptr(ctx, W_SCRATCH), largest);
  for (let g = 0; g < groups; g++) {
    const start = i32At(offsets, g);
    const n = i32At(offsets, g + 1) - start;
    const capacity = f64At(capacities, g);
    if (!(capacity >= 0) || capacity == Infinity) return problem(status, WP_CAPACITY, g, -1);
    if (capacity > MAX_CAPACITY) return problem(status, WP_CAPACITY_DOMAIN, g, -1);
    const w = weights + (<usize>start << 3);
    const c = caps + (<usize>start << 3);
    let total: f64 = 0;
    for (let i = 0; i < n; i++) {
      const wi = f64At(w, i);
      if (!(Math.floor(wi) == wi && wi - wi == 0) || wi < 1) return problem(status, WP_WEIGHT, g, i);
      if (wi > MAX_WEIGHT) return problem(status, WP_WEIGHT_DOMAIN, g, i);
      if (!(f64At(c, i) >= 0)) return problem(status, WP_CAP, g, i);
      total += wi;
    }
    if (total > MAX_SAFE_INTEGER) return problem(status, WP_WEIGHT_SUM, g, -1);
    fill(n, capacity, w, c, out + (<usize>start << 3));
  }
  return 0;
}
