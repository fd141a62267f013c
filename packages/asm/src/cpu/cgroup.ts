// Batch kubelet / runtime cgroup CPU math: per pod shares, quota and weight in one kernel call, each equal
// to core's milliCPUToShares, milliCPUToQuota and sharesToWeight for the same input.
import { SchedkitError } from "@schedkit/core";
import {
  milliCPUToQuota,
  milliCPUToShares,
  MIN_QUOTA_PERIOD,
  QUOTA_PERIOD,
  sharesToWeight,
  type WeightFormula,
} from "@schedkit/core/cgroup";
import { rebase } from "./errors.js";
import type { CpuKernel } from "./kernel.js";
import { F_KUBELET_LINEAR, F_RUNC_LINEAR, F_RUNC_QUADRATIC, G_CLAMP, G_FORMULA, G_IN0, G_IN1, G_N, G_OUT0, G_OUT1, G_OUT2, G_PERIOD, G_SLOTS } from "../../assembly-cpu/abi.js";
import { copyNumbers } from "./water-fill.js";

/** Options of `cpuCgroups`. */
export interface CpuCgroupBatchOptions {
  /** shares → cpu.weight conversion; default "kubelet-linear" (what the kubelet writes for pod cgroups). */
  readonly formula?: WeightFormula;
  /** Kubelet cpuCFSQuotaPeriod in µs; default QUOTA_PERIOD. Only used with `customCPUCFSQuotaPeriod`. */
  readonly periodUs?: number;
  /** Feature gate CustomCPUCFSQuotaPeriod (default false: the quota is computed over 100 ms). */
  readonly customCPUCFSQuotaPeriod?: boolean;
  /** MilliCPUToShares clamps to MAX_SHARES (default true). */
  readonly clampToMaxShares?: boolean;
}

/** Per-pod CPU cgroup values, index for index with the inputs. */
export interface CpuCgroupBatch {
  /** cgroup v1 cpu.shares of each request (MilliCPUToShares). */
  readonly shares: Float64Array;
  /** CFS quota in µs of each limit (MilliCPUToQuota; 0 for no limit). */
  readonly quota: Float64Array;
  /** cgroup v2 cpu.weight of each `shares` under the formula. */
  readonly weight: Float64Array;
}

/** The kernel code of a formula name. */
export function formulaCode(path: string, formula: unknown): number {
  if (formula === "kubelet-linear") return F_KUBELET_LINEAR;
  if (formula === "runc-linear") return F_RUNC_LINEAR;
  if (formula === "runc-quadratic") return F_RUNC_QUADRATIC;
  throw new SchedkitError(path, formula, 'is not "kubelet-linear", "runc-linear" or "runc-quadratic"');
}

function bool(path: string, v: unknown, fallback: boolean): boolean {
  if (v === undefined) return fallback;
  if (typeof v !== "boolean") throw new SchedkitError(path, v, "is not a boolean");
  return v;
}

function numbers(path: string, v: unknown): ArrayLike<number> {
  if (typeof v !== "object" || v === null || typeof (v as { length?: unknown }).length !== "number") {
    throw new SchedkitError(path, v, "is not an array of numbers");
  }
  return v as ArrayLike<number>;
}

/** Shares, quota and weight for each pod's CPU request and limit (millicores). */
export function cpuCgroups(kernel: CpuKernel, requestsMilli: ArrayLike<number>, limitsMilli: ArrayLike<number>, options: CpuCgroupBatchOptions = {}): CpuCgroupBatch {
  const req = numbers("requestsMilli", requestsMilli);
  const lim = numbers("limitsMilli", limitsMilli);
  const n = req.length;
  if (lim.length !== n) throw new SchedkitError("limitsMilli", lim.length, `is not the same length as requestsMilli (${n})`);
  const formula = formulaCode("options.formula", options.formula ?? "kubelet-linear");
  const custom = bool("options.customCPUCFSQuotaPeriod", options.customCPUCFSQuotaPeriod, false);
  const clamp = bool("options.clampToMaxShares", options.clampToMaxShares, true);
  const period = options.periodUs ?? QUOTA_PERIOD;
  const gates = { customCPUCFSQuotaPeriod: custom };
  // Each pod as core's functions would take it, in index order; a rejected pod raises core's error with this
  // batch's path (a period core rejects is the option's fault).
  const replay = (bad: number): never => {
    let shares: number;
    try {
      shares = milliCPUToShares(req[bad]!, { clampToMaxShares: clamp });
    } catch (e) {
      throw rebase(e, `requestsMilli[${bad}]`);
    }
    try {
      milliCPUToQuota(lim[bad]!, period, gates);
    } catch (e) {
      throw rebase(e, e instanceof SchedkitError && e.path === "period" ? "options.periodUs" : `limitsMilli[${bad}]`);
    }
    sharesToWeight(shares, options.formula ?? "kubelet-linear");
    throw new Error(`schedkit internal: the CPU module rejected pod ${bad}, which core accepts`);
  };
  // core's milliCPUToQuota (kubelet MilliCPUToQuota) reads the period only for a positive limit: with no limit
  // any integer period up to MAX_QUOTA_PERIOD is accepted, as upstream's "0m at period 0" case has it.
  try {
    milliCPUToQuota(0, period, gates);
  } catch (e) {
    // A period core rejects even without a limit fails the first pod (after its own request and limit).
    if (n > 0) replay(0);
    throw rebase(e, "options.periodUs");
  }

  kernel.begin();
  const op = "cpuCgroups";
  const ctx = kernel.reserve(G_SLOTS * 4, op);
  const a = kernel.reserve(n * 8, op);
  const b = kernel.reserve(n * 8, op);
  const shares = kernel.reserve(n * 8, op);
  const quota = kernel.reserve(n * 8, op);
  const weight = kernel.reserve(n * 8, op);
  const i32 = kernel.i32;
  const c = ctx >> 2;
  i32[c + G_N] = n;
  i32[c + G_FORMULA] = formula;
  i32[c + G_CLAMP] = clamp ? 1 : 0;
  // kubelet: with the gate off the quota math uses 100 ms whatever the configured period.
  i32[c + G_PERIOD] = custom && period >= MIN_QUOTA_PERIOD ? period : QUOTA_PERIOD;
  i32[c + G_IN0] = a;
  i32[c + G_IN1] = b;
  i32[c + G_OUT0] = shares;
  i32[c + G_OUT1] = quota;
  i32[c + G_OUT2] = weight;
  copyNumbers(kernel.f64, a >> 3, req);
  copyNumbers(kernel.f64, b >> 3, lim);
  let bad = kernel.call(op, kernel.exports.cpuCgroups, ctx);
  // A period below MIN_QUOTA_PERIOD passed the check above, which core makes only for no limit: core rejects
  // the first pod that sets one (the kernel computed it over QUOTA_PERIOD), unless an earlier pod failed.
  if (period < MIN_QUOTA_PERIOD) {
    const end = bad >= 0 ? bad : n;
    for (let i = 0; i < end; i++) {
      if (lim[i] !== 0) {
        bad = i;
        break;
      }
    }
  }
  if (bad >= 0) replay(bad);
  const f64 = kernel.f64;
  return {
    shares: f64.slice(shares >> 3, (shares >> 3) + n),
    quota: f64.slice(quota >> 3, (quota >> 3) + n),
    weight: f64.slice(weight >> 3, (weight >> 3) + n),
  };
}

/** cgroup v2 cpu.weight of each cgroup v1 shares value under `formula` (core sharesToWeight, element by element). */
export function sharesToWeights(kernel: CpuKernel, shares: ArrayLike<number>, formula: WeightFormula): Float64Array {
  const input = numbers("shares", shares);
  const code = formulaCode("formula", formula);
  const n = input.length;
  kernel.begin();
  const op = "sharesToWeights";
  const ctx = kernel.reserve(G_SLOTS * 4, op);
  const a = kernel.reserve(n * 8, op);
  const out = kernel.reserve(n * 8, op);
  const i32 = kernel.i32;
  i32[(ctx >> 2) + G_N] = n;
  i32[(ctx >> 2) + G_FORMULA] = code;
  i32[(ctx >> 2) + G_IN0] = a;
  i32[(ctx >> 2) + G_OUT0] = out;
  copyNumbers(kernel.f64, a >> 3, input);
  const bad = kernel.call(op, kernel.exports.sharesToWeights, ctx);
  if (bad >= 0) {
    try {
      sharesToWeight(input[bad]!, formula);
    } catch (e) {
      throw rebase(e, `shares[${bad}]`);
    }
    throw new Error(`schedkit internal: the CPU module rejected shares[${bad}], which core accepts`);
  }
  return kernel.f64.slice(out >> 3, (out >> 3) + n);
}

/** @internal The log-quadratic formula's value before the ceil, and log2, per shares (the exhaustive check compares ulps). */
export function quadraticRaws(kernel: CpuKernel, shares: Float64Array): { raw: Float64Array; log2: Float64Array } {
  const n = shares.length;
  kernel.begin();
  const op = "quadraticRaws";
  const ctx = kernel.reserve(G_SLOTS * 4, op);
  const a = kernel.reserve(n * 8, op);
  const raw = kernel.reserve(n * 8, op);
  const log2 = kernel.reserve(n * 8, op);
  const i32 = kernel.i32;
  i32[(ctx >> 2) + G_N] = n;
  i32[(ctx >> 2) + G_IN0] = a;
  i32[(ctx >> 2) + G_OUT0] = raw;
  i32[(ctx >> 2) + G_OUT1] = log2;
  kernel.f64.set(shares, a >> 3);
  kernel.call(op, (x) => (kernel.exports.quadraticRaws(x), 0), ctx);
  return { raw: kernel.f64.slice(raw >> 3, (raw >> 3) + n), log2: kernel.f64.slice(log2 >> 3, (log2 >> 3) + n) };
}
