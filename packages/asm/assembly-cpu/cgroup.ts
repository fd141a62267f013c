// The kubelet / runtime / kernel CPU cgroup math of core cgroup/ (shares.ts, quota.ts, weight.ts), in the
// same float64 operation order, plus the batch entry points over host-laid-out arrays.
import {
  F_KUBELET_LINEAR,
  F_RUNC_LINEAR,
  G_CLAMP,
  G_FORMULA,
  G_IN0,
  G_IN1,
  G_N,
  G_OUT0,
  G_OUT1,
  G_OUT2,
  G_PERIOD,
} from "./abi";
import { f64At, ptr, setF64, slot } from "./memory";
// The kubelet constants are core's own definitions (one file both builds read; see its header).
import { MAX_MILLI_CPU, MAX_SHARES, MILLI_CPU_TO_CPU, MIN_QUOTA_PERIOD, MIN_SHARES, SHARES_PER_CPU } from "../../core/src/cgroup/constants";

const MAX_SAFE_INTEGER: f64 = 9007199254740991;
/** Largest shares the old runc linear formula accepts (core weight.ts MAX_RUNC_LINEAR_SHARES). */
const MAX_RUNC_LINEAR_SHARES: f64 = 900810006476; // floor((2^53 - 1) / 9999) + 2

// kubelet: pkg/kubelet/cm/helpers_linux.go MilliCPUToShares (Go's truncating int64 division; the product
// stays below 2^53, core shares.ts).
// @ts-ignore: decorator
@inline export function milliCPUToShares(milli: f64, clamp: bool): f64 {
  if (milli == 0) return MIN_SHARES;
  const shares = Math.trunc((milli * SHARES_PER_CPU) / MILLI_CPU_TO_CPU);
  if (shares < MIN_SHARES) return MIN_SHARES;
  if (clamp && shares > MAX_SHARES) return MAX_SHARES;
  return shares;
}

// kubelet: pkg/kubelet/cm/helpers_linux.go MilliCPUToQuota over an already resolved period.
// @ts-ignore: decorator
@inline export function milliCPUToQuota(milli: f64, period: f64): f64 {
  if (milli == 0) return 0;
  const quota = Math.floor((milli * period) / MILLI_CPU_TO_CPU);
  return quota < MIN_QUOTA_PERIOD ? <f64>MIN_QUOTA_PERIOD : quota;
}

// KEP-2254 linear map of [2, 262144] onto [1, 10000] (kubelet getCPUWeight; runc ≤ 1.3.1).
// @ts-ignore: decorator
@inline function linear(shares: f64): f64 {
  return 1 + Math.floor(((shares - 2) * 9999) / 262142);
}

/**
 * runc ≥ 1.3.2 / crun ≥ 1.23 log-quadratic weight before the ceil, in core weight.ts's operation order.
 * AssemblyScript's Math.log2 / Math.pow (musl ports) are not V8's (fdlibm ports): over shares 3..262143 the
 * exhaustive check (src/cpu/cgroup.test.ts, Node 20) finds log2 one ulp off on 100 inputs and this value off
 * on 23,013: by 1 ulp on 22,930 (pow), by 5 to 36 ulps on 83 (a log2 ulp amplified by the exponent), at most
 * 3.3e-11 in absolute terms, while no pre-ceil value other than the exact 100.0 at 1024 lies closer than
 * 2.17e-6 to an integer (docs/cgroup-overcommit.md §2.4). So the ceil'd integer weight never differs: the check finds 0 of 262,151.
 */
export function quadraticRaw(shares: f64): f64 {
  const l = Math.log2(shares);
  const exponent = (l * l + 125 * l) / 612 - 7.0 / 34.0;
  return Math.pow(10, exponent);
}

/** cgroup v2 cpu.weight of cgroup v1 shares under `formula`, inside the formula's domain (core sharesToWeight). */
export function sharesToWeight(shares: f64, formula: i32): f64 {
  if (formula == F_KUBELET_LINEAR) return shares >= MAX_SHARES ? 10000 : linear(shares);
  if (formula == F_RUNC_LINEAR) return shares == 0 ? 0 : linear(shares);
  if (shares == 0) return 0;
  if (shares <= MIN_SHARES) return 1;
  if (shares >= MAX_SHARES) return 10000;
  return Math.ceil(quadraticRaw(shares));
}

// kernel/sched/core.c cpu_weight_write_u64: DIV_ROUND_CLOSEST(weight × 1024, 100).
// @ts-ignore: decorator
@inline export function weightToKernelShares(weight: f64): f64 {
  return Math.floor((weight * 1024 + 50) / 100);
}

// @ts-ignore: decorator
@inline function isInt(v: f64): bool {
  return Math.floor(v) == v && v - v == 0;
}

/**
 * Per pod: shares of the request, quota of the limit, weight of the shares. Returns the index of the first
 * request or limit outside the exact integer domain (requests in [-2^33, 2^33], limits in [0, 2^33]), or -1
 * when all were computed.
 */
export function cpuCgroups(ctx: usize): i32 {
  const n = slot(ctx, G_N);
  const formula = slot(ctx, G_FORMULA);
  const clamp = slot(ctx, G_CLAMP) != 0;
  const period = <f64>slot(ctx, G_PERIOD);
  const req = ptr(ctx, G_IN0);
  const lim = ptr(ctx, G_IN1);
  const outShares = ptr(ctx, G_OUT0);
  const outQuota = ptr(ctx, G_OUT1);
  const outWeight = ptr(ctx, G_OUT2);
  for (let i = 0; i < n; i++) {
    const r = f64At(req, i);
    const l = f64At(lim, i);
    if (!(isInt(r) && r >= -<f64>MAX_MILLI_CPU && r <= <f64>MAX_MILLI_CPU && isInt(l) && l >= 0 && l <= <f64>MAX_MILLI_CPU)) return i;
    const shares = milliCPUToShares(r, clamp);
    setF64(outShares, i, shares);
    setF64(outQuota, i, milliCPUToQuota(l, period));
    setF64(outWeight, i, sharesToWeight(shares, formula));
  }
  return -1;
}

/** Weights of cgroup v1 shares. Returns the index of the first share outside the formula's domain, or -1. */
export function sharesToWeights(ctx: usize): i32 {
  const n = slot(ctx, G_N);
  const formula = slot(ctx, G_FORMULA);
  const shares = ptr(ctx, G_IN0);
  const out = ptr(ctx, G_OUT0);
  for (let i = 0; i < n; i++) {
    const s = f64At(shares, i);
    let ok = isInt(s);
    if (formula == F_KUBELET_LINEAR) ok = ok && s >= MIN_SHARES && s <= MAX_SAFE_INTEGER;
    else if (formula == F_RUNC_LINEAR) ok = ok && s >= 0 && s != 1 && s <= MAX_RUNC_LINEAR_SHARES;
    else ok = ok && s >= 0 && s <= MAX_SAFE_INTEGER;
    if (!ok) return i;
    setF64(out, i, sharesToWeight(s, formula));
  }
  return -1;
}

/** quadraticRaw and Math.log2 over a batch (the exhaustive check compares them with V8's). */
export function quadraticRaws(ctx: usize): void {
  const n = slot(ctx, G_N);
  const shares = ptr(ctx, G_IN0);
  const raw = ptr(ctx, G_OUT0);
  const log2 = ptr(ctx, G_OUT1);
  for (let i = 0; i < n; i++) {
    const s = f64At(shares, i);
    setF64(raw, i, quadraticRaw(s));
    setF64(log2, i, Math.log2(s));
  }
}
