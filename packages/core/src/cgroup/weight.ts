// cgroup v1 cpu.shares → cgroup v2 cpu.weight, in the three variants found upstream, plus the kubelet's
// read-back inverse and the kernel's internal scaling of cpu.weight.
import { SchedkitError } from "../errors.js";
import { MAX_CPU_WEIGHT, MAX_SHARES, MIN_CPU_WEIGHT, MIN_SHARES } from "./constants.js";
import { requireInt, requireIntInDomain } from "./validate.js";

export { MAX_CPU_WEIGHT, MIN_CPU_WEIGHT };

/**
 * Which shares→weight conversion to apply:
 * - `"kubelet-linear"`: kubelet `getCPUWeight` (pod, QoS and kubepods cgroups; still linear in 2026 master).
 * - `"runc-linear"`: opencontainers/cgroups ≤ v0.0.2, runc ≤ 1.3.1, crun ≤ 1.22 (containers); no upper clamp.
 * - `"runc-quadratic"`: opencontainers/cgroups ≥ v0.0.3, runc ≥ 1.3.2, crun ≥ 1.23 (containers).
 */
export type WeightFormula = "kubelet-linear" | "runc-linear" | "runc-quadratic";

/** Largest shares the old runc formula accepts: (shares − 2) × 9999 stays below 2^53. */
const MAX_RUNC_LINEAR_SHARES = Math.floor(Number.MAX_SAFE_INTEGER / 9999) + 2;

/**
 * cgroup v2 cpu.weight for cgroup v1 cpu.shares under `formula`. Domains (integers):
 * kubelet-linear: shares ≥ MIN_SHARES (the kubelet never passes less; its uint64 math would wrap);
 * runc-linear: shares 0 (unset → 0) or 2 ≤ shares ≤ ~9.0e11 (shares 1 wraps uint64 upstream);
 * runc-quadratic: shares ≥ 0 (0 → 0 unset, ≤ 2 → 1, ≥ 262144 → 10000).
 */
export function sharesToWeight(shares: number, formula: WeightFormula): number {
  switch (formula) {
    case "kubelet-linear":
      // kubelet: pkg/kubelet/cm/cgroup_manager_linux.go getCPUWeight
      requireInt("shares", shares, MIN_SHARES, Number.MAX_SAFE_INTEGER);
      if (shares >= MAX_SHARES) return MAX_CPU_WEIGHT;
      return linear(shares);
    case "runc-linear":
      // opencontainers/cgroups v0.0.1 utils.go ConvertCPUSharesToCgroupV2Value (linear, KEP-2254)
      requireIntInDomain("shares", shares, 0, MAX_RUNC_LINEAR_SHARES);
      if (shares === 0) return 0;
      if (shares === 1) {
        throw new SchedkitError("shares", shares, "wraps around in runc's uint64 linear formula (shares − 2 < 0)");
      }
      return linear(shares);
    case "runc-quadratic":
      // opencontainers/cgroups utils.go ConvertCPUSharesToCgroupV2Value @ fd952166 (v0.0.3+);
      // crun src/libcrun/cgroup-internal.h convert_shares_to_weight @ 4998c928 (1.23+)
      requireInt("shares", shares, 0, Number.MAX_SAFE_INTEGER);
      if (shares === 0) return 0;
      if (shares <= MIN_SHARES) return MIN_CPU_WEIGHT;
      if (shares >= MAX_SHARES) return MAX_CPU_WEIGHT;
      return quadratic(shares);
    default:
      throw new SchedkitError("formula", formula, 'is not "kubelet-linear", "runc-linear" or "runc-quadratic"');
  }
}

// KEP-2254 map of [2, 262144] onto [1, 10000]; the numerator stays below 2^53 so floor(a / b) is exact.
function linear(shares: number): number {
  return 1 + Math.floor(((shares - 2) * 9999) / 262142);
}

// Parabola in log2(shares)/log10(weight) space through (1, 0), (10, 2), (18, 4). Evaluated in the same
// float64 operation order as Go; exhaustive checks over 0..262150 show the ceil'd integers match Go
// (docs/cgroup-overcommit.md §2.4: the nearest pre-ceil value to an integer, other than 1024 → 100.0 exactly, is 2.2e−6 away).
function quadratic(shares: number): number {
  const l = Math.log2(shares);
  const exponent = (l * l + 125 * l) / 612 - 7 / 34;
  return Math.ceil(Math.pow(10, exponent));
}

/**
 * cpu.shares the kubelet infers when it reads cpu.weight back on cgroup v2 (cgroup_v2_manager_linux.go
 * `cpuWeightToCPUShares`): (weight − 1) × 262142 // 9999 + 2. Lossy: 51 shares → weight 2 → 28 shares.
 * Domain: weight in [MIN_CPU_WEIGHT, MAX_CPU_WEIGHT].
 */
export function weightToShares(weight: number): number {
  requireInt("weight", weight, MIN_CPU_WEIGHT, MAX_CPU_WEIGHT);
  return Math.floor(((weight - 1) * 262142) / 9999) + 2;
}

/**
 * The task-group weight the kernel stores for a written cpu.weight: DIV_ROUND_CLOSEST(weight × 1024, 100)
 * (kernel/sched/core.c `cpu_weight_write_u64`). CFS shares CPU in proportion to these values.
 */
export function weightToKernelShares(weight: number): number {
  requireInt("weight", weight, MIN_CPU_WEIGHT, MAX_CPU_WEIGHT);
  return Math.floor((weight * 1024 + 50) / 100);
}

/**
 * The cpu.weight the kernel reports for a task-group weight: DIV_ROUND_CLOSEST(shares × 100, 1024)
 * (kernel/sched/core.c `cpu_weight_read_u64`). Domain: shares in [10, 102400], the values a cpu.weight
 * write can store (newer kernels also clamp the result to [1, 10000]; inside this domain that never acts).
 */
export function kernelSharesToWeight(shares: number): number {
  requireInt("shares", shares, 10, 102400);
  return Math.floor((shares * 100 + 512) / 1024);
}
