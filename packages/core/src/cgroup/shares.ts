// kubelet: pkg/kubelet/cm/helpers_linux.go MilliCPUToShares, SharesToMilliCPU and the constants beside them.
import { MAX_MILLI_CPU, MAX_SHARES, MILLI_CPU_TO_CPU, MIN_SHARES, SHARES_PER_CPU } from "./constants.js";
import { optionalBool, requireIntInDomain } from "./validate.js";

export { MAX_MILLI_CPU, MAX_SHARES, MILLI_CPU_TO_CPU, MIN_SHARES, SHARES_PER_CPU };
/** Largest cpu.shares value `sharesToMilliCPU` accepts: shares × 1000 stays below 2^53. */
const MAX_SHARES_READ = 2 ** 43;

/** Options for `milliCPUToShares`. */
export interface MilliCPUToSharesOptions {
  /**
   * Clamp the result to MAX_SHARES (default true). `false` reproduces the kubelet before PR #93248
   * (k8s 1.19; the kuberuntime copy only from about 1.24), where hosts above 256 CPUs got shares > 262144.
   */
  readonly clampToMaxShares?: boolean;
}

/**
 * cgroup v1 cpu.shares for a CPU request in millicores. Integer domain: |milliCPU| ≤ MAX_MILLI_CPU.
 * 0 and negative requests give MIN_SHARES, as upstream's tests assert.
 */
export function milliCPUToShares(milliCPU: number, options?: MilliCPUToSharesOptions): number {
  requireIntInDomain("milliCPU", milliCPU, -MAX_MILLI_CPU, MAX_MILLI_CPU);
  const clamp = optionalBool("options.clampToMaxShares", options?.clampToMaxShares, true);
  // kubelet: zero means "really zero" (kernel minimum), not Docker's "unset → 1024".
  if (milliCPU === 0) return MIN_SHARES;
  // Go int64 division truncates toward zero; |milliCPU × 1024| < 2^53 keeps the float quotient exact enough.
  const shares = Math.trunc((milliCPU * SHARES_PER_CPU) / MILLI_CPU_TO_CPU);
  if (shares < MIN_SHARES) return MIN_SHARES;
  if (clamp && shares > MAX_SHARES) return MAX_SHARES;
  return shares;
}

/**
 * Millicores the kubelet infers when it reads cpu.shares back: ceil(shares × 1000 / 1024) for
 * shares ≥ MIN_SHARES, else 0. Integer domain: 0 ≤ shares ≤ 2^43.
 */
export function sharesToMilliCPU(shares: number): number {
  requireIntInDomain("shares", shares, 0, MAX_SHARES_READ);
  if (shares < MIN_SHARES) return 0;
  // Dividing by 1024 is exact in binary floating point, so Go's float64 ceil and ours agree.
  return Math.ceil((shares * MILLI_CPU_TO_CPU) / SHARES_PER_CPU);
}

