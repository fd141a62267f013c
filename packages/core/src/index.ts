// @schedkit/core public entry point: explicit re-exports only.

export { SchedkitError, DomainError } from "./errors.js";

// --- quantities (quantity.ts)
export { Quantity, parseQuantity, quantityFromJSON, toResourceNumber, MAX_RESOURCE_VALUE } from "./quantity.js";
export type { QuantityFormat } from "./quantity.js";

// --- model and inputs (model/)

// --- scheduling framework, plugins, scheduleOne / scheduleAll (framework/, plugins/, schedule.ts)

// --- cgroup and kubelet CPU math (cgroup/)
export {
  MIN_SHARES,
  MAX_SHARES,
  SHARES_PER_CPU,
  MILLI_CPU_TO_CPU,
  MAX_MILLI_CPU,
  QUOTA_PERIOD,
  MIN_QUOTA_PERIOD,
  MAX_QUOTA_PERIOD,
  MIN_MILLI_CPU_LIMIT,
  MIN_CPU_WEIGHT,
  MAX_CPU_WEIGHT,
  milliCPUToShares,
  sharesToMilliCPU,
  milliCPUToQuota,
  quotaToMilliCPU,
  formatCpuMax,
  parseCpuMax,
  sharesToWeight,
  weightToShares,
  weightToKernelShares,
  kernelSharesToWeight,
  podQOSClass,
  podCgroupConfig,
  qosLevelCgroups,
  nodeAllocatable,
} from "./cgroup/index.js";
export type {
  MilliCPUToSharesOptions,
  CPUCFSQuotaPeriodGate,
  CpuMax,
  WeightFormula,
  CgroupPodSpec,
  CgroupContainer,
  CgroupInitContainer,
  CgroupResourceList,
  PodQOSClass,
  PodCgroupConfig,
  PodCgroupOptions,
  QosLevelCgroups,
  QosLevelCgroupsInput,
  CgroupCPUWeight,
  NodeAllocatable,
  NodeAllocatableInput,
  EvictionThresholdValue,
  ResourceAmounts,
} from "./cgroup/index.js";

// --- contention, OpenStack and layered overcommit (overcommit/, openstack/)

// --- analyses (analysis/)
export { hpaDesiredReplicas, hpaScaleUpPath, DEFAULT_HPA_SCALE_UP_RULES, rankForMemoryPressureEviction } from "./analysis/index.js";
export type {
  HpaPodState,
  HpaPodSample,
  HpaTolerances,
  HpaToleranceRule,
  HpaDesiredReplicasInput,
  HpaDesiredReplicas,
  HpaScalingPolicy,
  HpaScalingRules,
  HpaScaleUpPathInput,
  HpaScaleUpStep,
  MemoryEvictionCandidate,
} from "./analysis/index.js";
