// kubelet: pkg/kubelet/cm/helpers_linux.go ResourceConfigForPod (the pod-level cgroup), and what the cgroup
// manager then writes on cgroup v2 (cgroup_manager_linux.go getCPUWeight; runc fs2 cpu.max / memory.max).
import type { KubePod } from "../model/kube-types.js";
import { cgroupPodFromKube, type CgroupPod, type CgroupTotals, type PodQOSClass } from "./pod-spec.js";
import { formatCpuMax, MAX_QUOTA_PERIOD, milliCPUToQuota, MIN_QUOTA_PERIOD, QUOTA_PERIOD } from "./quota.js";
import { milliCPUToShares, MIN_SHARES } from "./shares.js";
import { optionalBool, requireInt } from "./validate.js";
import { sharesToWeight } from "./weight.js";

/** Kubelet settings that shape the pod cgroup. */
export interface PodCgroupOptions {
  /** Kubelet `cpuCFSQuota` (default true); false writes quota −1 (unlimited) wherever a quota is set. */
  readonly enforceCPULimits?: boolean;
  /** Kubelet `cpuCFSQuotaPeriod` in µs (default QUOTA_PERIOD), in [MIN_QUOTA_PERIOD, MAX_QUOTA_PERIOD]. */
  readonly cpuCFSQuotaPeriod?: number;
  /**
   * Feature gate `CustomCPUCFSQuotaPeriod` (default false). When off, the quota is computed over 100 ms but
   * the configured period is still written, as ResourceConfigForPod does (its direct callers in k8s ≲ 1.35
   * tests; kubelet config validation refuses a non-default period with the gate off since 1.20).
   */
  readonly customCPUCFSQuotaPeriod?: boolean;
}

/** The pod cgroup the kubelet configures, and what it reads as on cgroup v2. */
export interface PodCgroupConfig {
  readonly qos: PodQOSClass;
  /** cgroup v1 cpu.shares (BestEffort: MIN_SHARES). */
  readonly cpuShares: number;
  /** CFS quota in µs, −1 for unlimited; absent when the kubelet leaves it unset. */
  readonly cpuQuota?: number;
  /** CFS period in µs; absent when the kubelet leaves it unset. */
  readonly cpuPeriod?: number;
  /** memory limit in bytes; absent when the kubelet leaves it unset. */
  readonly memoryLimit?: number;
  /** cgroup v2 cpu.weight, from cpuShares by the kubelet's linear `getCPUWeight`. */
  readonly cpuWeight: number;
  /** cgroup v2 cpu.max text; "max 100000" (the kernel default) when quota and period are unset. */
  readonly cpuMax: string;
  /** cgroup v2 memory.max text; "max" when the memory limit is unset. */
  readonly memoryMax: string;
}

/**
 * The pod-level cgroup for a v1.Pod (the object the scheduler takes; ResourceConfigForPod without
 * MemoryQoS): PodRequests and PodLimits include init containers, sidecars, overhead and pod-level
 * resources. Guaranteed gets shares, quota, period and memory limit; Burstable gets shares, plus quota/period
 * only if every app and init container has a non-zero CPU limit (or the pod sets one) and a memory limit
 * likewise; BestEffort gets MIN_SHARES only. Throws a SchedkitError naming the field of a malformed pod.
 */
export function podCgroupConfig(pod: KubePod | unknown, options?: PodCgroupOptions): PodCgroupConfig {
  return cgroupConfigOf(cgroupPodFromKube(pod), options);
}

/** The CPU half of the pod cgroup: what the layered report's guest trees read (no cgroup v2 file texts). */
export type PodCpuCgroup = Pick<PodCgroupConfig, "qos" | "cpuShares" | "cpuWeight" | "cpuQuota" | "cpuPeriod">;

/** podCgroupConfig on an already derived pod. */
function cgroupConfigOf(pod: CgroupPod, options?: PodCgroupOptions): PodCgroupConfig {
  const enforceCPULimits = optionalBool("options.enforceCPULimits", options?.enforceCPULimits, true);
  const customPeriod = optionalBool("options.customCPUCFSQuotaPeriod", options?.customCPUCFSQuotaPeriod, false);
  const period = requireInt("options.cpuCFSQuotaPeriod", options?.cpuCFSQuotaPeriod ?? QUOTA_PERIOD, MIN_QUOTA_PERIOD, MAX_QUOTA_PERIOD);
  const cpu = podCpuCgroup(pod, enforceCPULimits, period, customPeriod);
  const memoryLimit = pod.qos === "Guaranteed" || (pod.qos === "Burstable" && pod.memoryLimitsDeclared) ? pod.limitMemory : undefined;
  return finish(cpu.qos, cpu.cpuShares, cpu.cpuQuota, cpu.cpuPeriod, memoryLimit);
}

// The gate as milliCPUToQuota takes it, made once: podCpuCgroup runs for every pod of a layered fleet.
const CUSTOM_PERIOD = Object.freeze({ customCPUCFSQuotaPeriod: true });
const DEFAULT_PERIOD = Object.freeze({ customCPUCFSQuotaPeriod: false });

/**
 * ResourceConfigForPod's cpu fields: Guaranteed gets shares, quota and period; Burstable shares, plus quota and
 * period only when its cpu limits are declared; BestEffort MIN_SHARES only.
 */
export function podCpuCgroup(pod: CgroupTotals, enforceCPULimits: boolean, period = QUOTA_PERIOD, customCPUCFSQuotaPeriod = false): PodCpuCgroup {
  const qos = pod.qos;
  if (qos === "BestEffort") return { qos, cpuShares: MIN_SHARES, cpuWeight: sharesToWeight(MIN_SHARES, "kubelet-linear") };
  const cpuShares = milliCPUToShares(pod.requestCpu);
  const cpuWeight = sharesToWeight(cpuShares, "kubelet-linear");
  if (qos === "Burstable" && !pod.cpuLimitsDeclared) return { qos, cpuShares, cpuWeight };
  const computedQuota = milliCPUToQuota(pod.limitCpu, period, customCPUCFSQuotaPeriod ? CUSTOM_PERIOD : DEFAULT_PERIOD);
  return { qos, cpuShares, cpuWeight, cpuQuota: enforceCPULimits ? computedQuota : -1, cpuPeriod: period };
}

function finish(
  qos: PodQOSClass,
  cpuShares: number,
  cpuQuota: number | undefined,
  cpuPeriod: number | undefined,
  memoryLimit: number | undefined,
): PodCgroupConfig {
  const config: {
    qos: PodQOSClass;
    cpuShares: number;
    cpuQuota?: number;
    cpuPeriod?: number;
    memoryLimit?: number;
    cpuWeight: number;
    cpuMax: string;
    memoryMax: string;
  } = {
    qos,
    cpuShares,
    cpuWeight: sharesToWeight(cpuShares, "kubelet-linear"),
    cpuMax: cpuQuota === undefined ? formatCpuMax(-1, QUOTA_PERIOD) : formatCpuMax(cpuQuota, cpuPeriod),
    // runc writes memory.max only for a non-zero limit; a fresh cgroup reads "max".
    memoryMax: memoryLimit === undefined || memoryLimit === 0 ? "max" : String(memoryLimit),
  };
  if (cpuQuota !== undefined) config.cpuQuota = cpuQuota;
  if (cpuPeriod !== undefined) config.cpuPeriod = cpuPeriod;
  if (memoryLimit !== undefined) config.memoryLimit = memoryLimit;
  return config;
}
