// Public surface of the kubelet / runtime / kernel CPU cgroup math.
export {
  MIN_SHARES,
  MAX_SHARES,
  SHARES_PER_CPU,
  MILLI_CPU_TO_CPU,
  MAX_MILLI_CPU,
  milliCPUToShares,
  sharesToMilliCPU,
} from "./shares.js";
export type { MilliCPUToSharesOptions } from "./shares.js";
export {
  QUOTA_PERIOD,
  MIN_QUOTA_PERIOD,
  MAX_QUOTA_PERIOD,
  MIN_MILLI_CPU_LIMIT,
  milliCPUToQuota,
  quotaToMilliCPU,
  formatCpuMax,
  parseCpuMax,
} from "./quota.js";
export type { CPUCFSQuotaPeriodGate, CpuMax } from "./quota.js";
export {
  MIN_CPU_WEIGHT,
  MAX_CPU_WEIGHT,
  sharesToWeight,
  weightToShares,
  weightToKernelShares,
  kernelSharesToWeight,
} from "./weight.js";
export type { WeightFormula } from "./weight.js";
export { podQOSClass } from "./qos.js";
export type { PodQOSClass } from "./qos.js";
export { podCgroupConfig } from "./pod-config.js";
export type { PodCgroupConfig, PodCgroupOptions } from "./pod-config.js";
export { qosLevelCgroups } from "./qos-level.js";
export type { QosLevelCgroups, QosLevelCgroupsInput, CgroupCPUWeight } from "./qos-level.js";
export { nodeAllocatable } from "./allocatable.js";
export type { NodeAllocatable, NodeAllocatableInput, EvictionThresholdValue, ResourceAmounts } from "./allocatable.js";
