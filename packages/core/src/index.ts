// @schedkit/core public entry point: explicit re-exports only.

export { SchedkitError, DomainError } from "./errors.js";

// --- quantities (quantity.ts)
export { Quantity, parseQuantity, quantityFromJSON, toResourceNumber, MAX_RESOURCE_VALUE } from "./quantity.js";
export type { QuantityFormat } from "./quantity.js";

// --- model and inputs (model/)
export type {
  Labels,
  TaintEffect,
  Taint,
  TolerationOperator,
  Toleration,
  NodeSelectorOperator,
  NodeSelectorRequirement,
  NodeSelectorTerm,
  PreferredSchedulingTerm,
  NodeAffinity,
  LabelSelectorOperator,
  LabelSelectorRequirement,
  LabelSelector,
  PodAffinityTerm,
  WeightedPodAffinityTerm,
  PodAffinity,
  Affinity,
  TopologySpreadConstraint,
  ContainerPort,
  QuantityList,
  Container,
  ContainerStatus,
  ContainerImage,
  Node,
  Pod,
} from "./model/types.js";

// --- scheduling framework, plugins, scheduleOne / scheduleAll (framework/, plugins/, schedule.ts)
export { Cluster, Scheduler, PreparedPod, createCluster, schedule, scheduleAll } from "./schedule.js";
export { tsEngine } from "./engine.js";
export type { Engine, EngineScheduler } from "./engine.js";
export type { SchedulerOptions, RunOptions, RunResult, RunSummary, NodeUsage, PodInput } from "./schedule.js";
export type { ScheduleResult, ScheduleStatus, Explanation, NodeExplanation, PluginScore } from "./framework/result.js";
export type { Status, Code, InsufficientResource } from "./framework/status.js";
export type { FeatureGates } from "./framework/interfaces.js";
export type { TieBreak } from "./framework/cycle.js";
export type { ProfileConfig, PluginRef, PluginSetConfig, ExtensionPoint } from "./framework/profile.js";
export { DEFAULT_KUBERNETES_VERSION } from "./framework/version.js";
export { defaultFeatureGates } from "./framework/features.js";
export { fitErrorMessage, fitErrorHistogram, truncateEventMessage } from "./framework/fit-error.js";
export type { FitErrorInput, ReasonCount } from "./framework/fit-error.js";
export { numFeasibleNodesToFind } from "./framework/num-feasible-nodes.js";
export { podRequests } from "./framework/pod-requests-api.js";
export { defaultNormalizeScore } from "./plugins/index.js";
export { buildBrokenLinearFunction } from "./plugins/noderesources/index.js";
export type { FunctionShapePoint } from "./plugins/noderesources/index.js";
export { syntheticCluster, syntheticPods } from "./synthetic/cluster.js";
export { syntheticBenchPod } from "./synthetic/cluster.js";
export type { SyntheticCluster, SyntheticClusterOptions, SyntheticPodsOptions } from "./synthetic/cluster.js";
export type { PodRequests } from "./framework/pod-requests-api.js";

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
export {
  waterFill,
  WATER_FILL_MAX_CAPACITY,
  WATER_FILL_MAX_WEIGHT,
  allocateCfsTree,
  guestCfsTree,
  hostCfsTree,
  layeredOversubscription,
  layeredReport,
  formatLayeredReport,
  overcommitFromSources,
  podMetricsUsage,
  kubectlTopUsage,
  parseHypervisors,
  parseServers,
  parseFlavors,
  parsePlacement,
} from "./overcommit/index.js";
export type {
  CfsGroup,
  CfsShare,
  GuestTree,
  GuestPodInfo,
  HostTree,
  HostVmInfo,
  LayeredOversubscriptionInput,
  LayeredOversubscription,
  LayeredInventory,
  LayeredHost,
  LayeredVm,
  LayeredNode,
  LayeredPod,
  LayeredContainer,
  GuestCgroupOptions,
  LayeredVerdictOptions,
  LayeredReport,
  LayeredHostReport,
  LayeredVmReport,
  LayeredNodeReport,
  LayeredPodReport,
  LayeredFinding,
  LayeredFindingKind,
  DemandSource,
  OvercommitSources,
  OvercommitFromSources,
  OvercommitVm,
  ContainerCpuUsage,
  OpenStackHypervisor,
  OpenStackServer,
  OpenStackFlavor,
  PlacementVcpu,
} from "./overcommit/index.js";
export {
  placementCapacity,
  placementFit,
  novaAllocationRatio,
  libvirtInventory,
  NOVA_PRE_STEIN_RATIOS,
  aggregateFloat,
  weighHosts,
  novaNormalize,
  NOVA_DEFAULT_MULTIPLIERS,
  NOVA_RESOURCE_WEIGHERS,
  runNovaFilters,
  NOVA_FILTERS,
  scheduleVms,
  novaRequestResources,
  novaHostStateFromPlacement,
  parseFlavorCpuTune,
  vmCpuWeight,
  vmCpuCap,
} from "./openstack/index.js";
export type {
  ResourceClass,
  PlacementInventory,
  RatioStorage,
  PlacementOptions,
  PlacementCapacity,
  PlacementFit,
  PlacementFitReason,
  NovaRatioConfig,
  NovaRatioRelease,
  LibvirtHostResources,
  NovaHostState,
  AggregateMetadata,
  NovaWeigherName,
  NovaWeightMultipliers,
  NovaWeigherScore,
  NovaWeighedHost,
  NovaWeighOptions,
  NovaFilterName,
  NovaFlavorRequest,
  NovaFilterConfig,
  NovaHostFilter,
  NovaFilterResult,
  NovaComputeHost,
  NovaVmRequest,
  NovaRejection,
  NovaPlacement,
  NovaSchedulerOptions,
  NovaScheduleResult,
  FlavorCpuTune,
  NovaCpuSharesDefault,
  VmCpuWeight,
} from "./openstack/index.js";

// --- analyses (analysis/)
export { topologySpreadCounts } from "./analysis/index.js";
export type { TopologySpreadCountsOptions, TopologySpreadConstraintCounts } from "./analysis/index.js";
export { hpaDesiredReplicas, hpaScaleUpPath, DEFAULT_HPA_SCALE_UP_RULES, rankForMemoryPressureEviction } from "./analysis/index.js";
export { capacity, nodesToAdd, formatReasons, fragmentation, runFragmentation, explainPod } from "./analysis/index.js";
export type { ExplainPodOptions, ExplainedPod } from "./analysis/index.js";
export type { FragmentationNode, FragmentationShape, NodeFragmentation, FragmentationReport } from "./analysis/index.js";
export type { CapacityOptions, CapacityResult, CapacityStop, ShapeCapacity, NodesToAddOptions, NodesToAddResult } from "./analysis/index.js";
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
