// @schedkit/core public entry point: explicit re-exports only.

export { SchedkitError, DomainError } from "./errors.js";
export { MAX_LIST_DEPTH, MAX_PODS_PER_WORKLOAD } from "./limits.js";

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
  NodeFeatureUse,
  ControllerRef,
  PriorityClass,
  Service,
  SelectingController,
  SelectingControllerKind,
  PodDisruptionBudget,
} from "./model/types.js";
export type {
  ClusterInput,
  KubeList,
  KubeObject,
  KubeNode,
  KubeNodeSpec,
  KubeNodeStatus,
  KubePod,
  KubePodSpec,
  KubePodStatus,
  KubeNamespace,
  KubeObjectMeta,
  KubeContainer,
  KubeContainerPort,
  KubeContainerStatus,
  KubeContainerImage,
  KubeResourceRequirements,
  KubeResourceList,
  KubeQuantity,
  KubeTaint,
  KubeToleration,
  KubeAffinity,
  KubeNodeAffinity,
  KubeNodeSelectorTerm,
  KubeNodeSelectorRequirement,
  KubePodAffinity,
  KubePodAffinityTerm,
  KubeLabelSelector,
  KubeLabelSelectorRequirement,
  KubeTopologySpreadConstraint,
} from "./model/kube-types.js";

// --- what the control plane does before the scheduler sees a pod (admission/, controllers/)
export { PriorityAdmission, SYSTEM_PRIORITY_CLASSES } from "./admission/priority.js";
export type { AdmittedPriority, PodPriorityFields } from "./admission/priority.js";
export { expandWorkload, WORKLOAD_KINDS } from "./controllers/expand.js";
export type { Expansion, ExpandOptions } from "./controllers/expand.js";

// --- scheduling framework, plugins, scheduleOne / scheduleAll (framework/, plugins/, schedule.ts)
export { Cluster, Scheduler, PreparedPod, createCluster, schedule, scheduleAll } from "./schedule.js";
export { tsEngine } from "./engine/engine.js";
export type { Engine, EngineScheduler } from "./engine/engine.js";
export type { SchedulerOptions, PreemptionMode, Eviction, RunOptions, RunOutput, SchedulerRunOptions, RunResult, RunSummary, NodeUsage, PodInput, PodList, SkippedPod, GatedPod, ClusterWarning, ClusterObjects, CreateClusterOptions } from "./schedule.js";
export type { ScheduleResult, ScheduleStatus, Explanation, NodeExplanation, PluginScore } from "./framework/result.js";
export { ResultTable } from "./framework/result-table.js";
export type { Status, Code, InsufficientResource } from "./framework/status.js";
export type { FeatureGates } from "./framework/interfaces.js";
// Writing your own plugins (SchedulerOptions.plugins): the interface the in-tree plugins implement.
export { CycleState, stateKey } from "./framework/interfaces.js";
export type { Plugin, PluginFactory, PluginContext, PreFilterResult, PostFilterHandle, PostFilterResult, StateKey } from "./framework/interfaces.js";
export type { NodeInfo, PodInfo, Resource, HostPort, AffinityTerm, WeightedAffinityTerm } from "./framework/types.js";
export type { Selector } from "./labels/selector.js";
export { SUCCESS, SKIP, PluginStatusError } from "./framework/status.js";
export type { TieBreak } from "./framework/cycle.js";
export type { ProfileConfig, PluginRef, PluginSetConfig, ExtensionPoint } from "./framework/profile.js";
export { DEFAULT_KUBERNETES_VERSION, SUPPORTED_KUBERNETES_VERSIONS } from "./framework/version.js";
export type { KubeVersion } from "./framework/version.js";
export { defaultFeatureGates, featureGateTable } from "./framework/features.js";
export type { FeatureGateInfo, PreRelease } from "./framework/features.js";
export type { DeviceClass } from "./model/device-classes.js";
export type { NodeSelection, ResourceClaim, ResourceSlice, SliceDevice } from "./model/resource-slices.js";
export { fitErrorMessage, fitErrorHistogram, truncateEventMessage } from "./framework/fit-error.js";
export type { FitErrorInput, ReasonCount } from "./framework/fit-error.js";
export { numFeasibleNodesToFind } from "./framework/num-feasible-nodes.js";
export { podRequests } from "./framework/pod-requests-api.js";
export { defaultNormalizeScore } from "./plugins/index.js";
export { buildBrokenLinearFunction } from "./plugins/noderesources/index.js";
export type { FunctionShapePoint } from "./plugins/noderesources/index.js";
export { syntheticCluster, syntheticPods, syntheticPodStream } from "./synthetic/cluster.js";
export { syntheticBenchPod } from "./synthetic/cluster.js";
export type { SyntheticCluster, SyntheticClusterOptions, SyntheticPodsOptions } from "./synthetic/cluster.js";
export type { PodRequests } from "./framework/pod-requests-api.js";

// The cgroup CPU math, the OpenStack model, the layered overcommit model and the analyses have their own
// entry points: @schedkit/core/cgroup, /openstack, /overcommit, /analysis.

// --- time-driven simulation, workloads and trace importers (simulate/)
export { simulate } from "./simulate/simulate.js";
export { parseWorkload, parseWorkloadCsv, parseSeconds, MAX_SIMULATED_SECONDS } from "./simulate/workload.js";
export { backoffDurationMs } from "./simulate/backoff.js";
export { generateWorkload } from "./simulate/generate.js";
export type { GenerateWorkloadOptions } from "./simulate/generate.js";
export { importAlibabaBatchInstances, importAlibabaContainerMeta, importGoogleInstanceEvents } from "./simulate/traces.js";
export type { TraceImportOptions, TraceImport } from "./simulate/traces.js";
export type {
  PodShape,
  PodArrival,
  HpaSpec,
  DeploymentSpec,
  NodeAction,
  NodeEvent,
  Workload,
  SimulateOptions,
  SimEvent,
  NodeAllocation,
  WaitPercentiles,
  TickMetrics,
  SimulationSummary,
  SimHypervisor,
  HostCommitment,
} from "./simulate/types.js";
