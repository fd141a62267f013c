// kube-scheduler: plugins/noderesources/fit.go fitsRequest, as a reason bitmask per node.
// Bits: 0 Too many pods, 1 cpu, 2 memory, 3 ephemeral-storage, 4 + j the j-th checked scalar resource,
// 31 unresolvable (a resource the pod alone exceeds; never set for the pod count, which preemption can free).
// Every operand is an integer ≤ MAX_RESOURCE_VALUE held exactly in a float64, so `allocatable − used` and the
// comparisons are exact, as fit.ts's are.
import { A_CPU, A_EPH, A_MEM, A_PODS, P_CPU, P_EPH, P_FIT_EMPTY, P_MEM, P_NSCAL, P_SCAL, PODS, R_CPU, R_EPH, R_MEM } from "./abi";
import { col, f64At } from "./memory";

const UNRESOLVABLE: i32 = 1 << 31;

/** The NodeResourcesFit reason bits of `node` for the pod block `pb` (0: fits). */
export function fitBits(ctx: usize, pb: usize, node: i32): i32 {
  let bits = 0;
  let unresolvable = false;
  if (f64At(col(ctx, PODS), node) + 1 > f64At(col(ctx, A_PODS), node)) bits = 1;
  if (f64At(pb, P_FIT_EMPTY) == 0) {
    const cpu = f64At(pb, P_CPU);
    if (cpu > 0) {
      const a = f64At(col(ctx, A_CPU), node);
      if (cpu > a - f64At(col(ctx, R_CPU), node)) {
        bits |= 2;
        if (cpu > a) unresolvable = true;
      }
    }
    const mem = f64At(pb, P_MEM);
    if (mem > 0) {
      const a = f64At(col(ctx, A_MEM), node);
      if (mem > a - f64At(col(ctx, R_MEM), node)) {
        bits |= 4;
        if (mem > a) unresolvable = true;
      }
    }
    const eph = f64At(pb, P_EPH);
    if (eph > 0) {
      const a = f64At(col(ctx, A_EPH), node);
      if (eph > a - f64At(col(ctx, R_EPH), node)) {
        bits |= 8;
        if (eph > a) unresolvable = true;
      }
    }
    const ns = <i32>f64At(pb, P_NSCAL);
    for (let j = 0; j < ns; j++) {
      const c = <i32>f64At(pb, P_SCAL + 2 * j);
      const v = f64At(pb, P_SCAL + 2 * j + 1);
      // A scalar resource no node lists (column −1) has allocatable 0 everywhere.
      let a: f64 = 0;
      let u: f64 = 0;
      if (c >= 0) {
        a = f64At(col(ctx, c), node);
        u = f64At(col(ctx, c + 1), node);
      }
      if (v > a - u) {
        bits |= 1 << (4 + j);
        if (v > a) unresolvable = true;
      }
    }
  }
  return unresolvable ? bits | UNRESOLVABLE : bits;
}
