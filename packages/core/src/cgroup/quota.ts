// kubelet: pkg/kubelet/cm/helpers_linux.go MilliCPUToQuota, QuotaToMilliCPU; cgroup v2 `cpu.max` as runc
// writes it (libcontainer fs2 setCpu) and as Documentation/admin-guide/cgroup-v2.rst describes it.
import { SchedkitError } from "../errors.js";
import { MAX_MILLI_CPU, MAX_QUOTA_PERIOD, MILLI_CPU_TO_CPU, MIN_MILLI_CPU_LIMIT, MIN_QUOTA_PERIOD, QUOTA_PERIOD } from "./constants.js";
import { optionalBool, requireInt, requireIntInDomain } from "./validate.js";

export { MAX_QUOTA_PERIOD, MIN_MILLI_CPU_LIMIT, MIN_QUOTA_PERIOD, QUOTA_PERIOD };
/** Largest quota `quotaToMilliCPU` accepts: quota × 1000 stays below 2^53. */
const MAX_QUOTA_READ = 2 ** 43;

/** Kubelet feature gates that change the quota math. */
export interface CPUCFSQuotaPeriodGate {
  /**
   * Feature gate `CustomCPUCFSQuotaPeriod` (Go const `CPUCFSQuotaPeriod`; alpha since 1.12, default off).
   * When off, the quota is computed over QUOTA_PERIOD whatever period is passed in.
   */
  readonly customCPUCFSQuotaPeriod?: boolean;
}

/**
 * CFS quota in µs for a CPU limit in millicores: 0 for no limit, else max(MIN_QUOTA_PERIOD,
 * milliCPU × period // 1000). Integer domain: 0 ≤ milliCPU ≤ MAX_MILLI_CPU; when milliCPU > 0 the period
 * must lie in [MIN_QUOTA_PERIOD, MAX_QUOTA_PERIOD] (for milliCPU 0 it is not read, as upstream).
 */
export function milliCPUToQuota(milliCPU: number, period: number = QUOTA_PERIOD, gates?: CPUCFSQuotaPeriodGate): number {
  requireIntInDomain("milliCPU", milliCPU, 0, MAX_MILLI_CPU);
  const customPeriod = optionalBool("gates.customCPUCFSQuotaPeriod", gates?.customCPUCFSQuotaPeriod, false);
  if (milliCPU === 0) {
    requireInt("period", period, 0, MAX_QUOTA_PERIOD);
    return 0;
  }
  requireInt("period", period, MIN_QUOTA_PERIOD, MAX_QUOTA_PERIOD);
  // kubelet: with the gate off the period is forced to 100 ms inside the quota math only; the caller
  // still writes its configured period (the "tuned-quota" quirk of k8s ≲ 1.35).
  const effectivePeriod = customPeriod ? period : QUOTA_PERIOD;
  const quota = Math.floor((milliCPU * effectivePeriod) / MILLI_CPU_TO_CPU);
  return quota < MIN_QUOTA_PERIOD ? MIN_QUOTA_PERIOD : quota;
}

/**
 * Millicores the kubelet infers from a quota and period it reads back: 0 for quota −1 (unlimited), else
 * quota × 1000 // period. Domain: quota −1 or 0 ≤ quota ≤ 2^43; period in [MIN_QUOTA_PERIOD, MAX_QUOTA_PERIOD].
 */
export function quotaToMilliCPU(quota: number, period: number): number {
  if (quota !== -1) requireIntInDomain("quota", quota, 0, MAX_QUOTA_READ);
  requireInt("period", period, MIN_QUOTA_PERIOD, MAX_QUOTA_PERIOD);
  if (quota === -1) return 0;
  return Math.floor((quota * MILLI_CPU_TO_CPU) / period);
}

/** A cgroup v2 `cpu.max` value: quota −1 means "max" (no limit). Both in µs. */
export interface CpuMax {
  readonly quota: number;
  readonly period: number;
}

/**
 * The `cpu.max` text for a quota and period, "$MAX $PERIOD". A quota of −1 (limits not enforced) or 0 (no
 * limit, as MilliCPUToQuota returns for a zero limit) is written "max", as runc does for quota ≤ 0. Other
 * quotas must be at least MIN_QUOTA_PERIOD (the kernel rejects smaller ones).
 */
export function formatCpuMax(quota: number, period: number = QUOTA_PERIOD): string {
  if (quota !== -1 && quota !== 0) requireInt("quota", quota, MIN_QUOTA_PERIOD, Number.MAX_SAFE_INTEGER);
  requireInt("period", period, MIN_QUOTA_PERIOD, MAX_QUOTA_PERIOD);
  return `${quota > 0 ? String(quota) : "max"} ${period}`;
}

const CPU_MAX_RE = /^(max|[0-9]+) ([0-9]+)\n?$/;

/** Parses `cpu.max` as the kernel prints it ("max 100000", "20000 100000", optional trailing newline). */
export function parseCpuMax(text: string): CpuMax {
  if (typeof text !== "string") throw new SchedkitError("cpu.max", text, "is not a string");
  const m = CPU_MAX_RE.exec(text);
  if (m === null) throw new SchedkitError("cpu.max", text, 'is not "<quota|max> <period>"');
  const quotaText = m[1] as string;
  const quota = quotaText === "max" ? -1 : requireInt("cpu.max quota", Number(quotaText), MIN_QUOTA_PERIOD, Number.MAX_SAFE_INTEGER);
  const period = requireInt("cpu.max period", Number(m[2]), MIN_QUOTA_PERIOD, MAX_QUOTA_PERIOD);
  return { quota, period };
}
