// kube-scheduler: schedule_one.go selectHost, with the core's seeded tie-break (framework/rng.ts mulberry32:
// a uniform pick among the top-scoring nodes in examination order).
import { C_TOP, C_TOT, R_FIRST, R_MAX } from "./abi";
import { ctxPtr, f64At, res, setI32 } from "./memory";

let rngState: i32 = 0;

export function setRng(state: u32): void {
  rngState = <i32>state;
}

export function getRng(): u32 {
  return <u32>rngState;
}

/** mulberry32's next uint32 (Rng.next). */
function next(): u32 {
  rngState = rngState + 0x6d2b79f5;
  let t = rngState;
  t = (t ^ (t >>> 15)) * (t | 1);
  t ^= t + (t ^ (t >>> 7)) * (t | 61);
  return <u32>(t ^ (t >>> 14));
}

/** Rng.below(n): ⌊next·n / 2^32⌋, exact for n ≤ 2^21 (the product stays below 2^53; here it is a u64). */
export function below(n: i32): i32 {
  return <i32>((<u64>next() * <u64>n) >> 32);
}

/** Position among the `nf` totals of the `pick`-th (0-based) node with the top total R_MAX. */
export function choose(ctx: usize, nf: i32, pick: i32): i32 {
  if (pick == 0) return <i32>res(ctx, R_FIRST);
  const tot = ctxPtr(ctx, C_TOT);
  const max = res(ctx, R_MAX);
  for (let k = 0, seen = 0; k < nf; k++) {
    if (f64At(tot, k) == max) {
      if (seen == pick) return k;
      seen++;
    }
  }
  return -1;
}

/** Writes the positions with the top total to C_TOP; returns how many. */
export function topPositions(ctx: usize, nf: i32): i32 {
  const tot = ctxPtr(ctx, C_TOT);
  const top = ctxPtr(ctx, C_TOP);
  const max = res(ctx, R_MAX);
  let c = 0;
  for (let k = 0; k < nf; k++) {
    if (f64At(tot, k) == max) {
      setI32(top, c, k);
      c++;
    }
  }
  return c;
}
