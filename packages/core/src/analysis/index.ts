// Public surface of the analyses built on the scheduler, kubelet and overcommit math.
export { hpaDesiredReplicas, hpaScaleUpPath, DEFAULT_HPA_SCALE_UP_RULES } from "./hpa.js";
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
} from "./hpa.js";
export { rankForMemoryPressureEviction } from "./eviction.js";
export type { MemoryEvictionCandidate } from "./eviction.js";
export { topologySpreadCounts } from "./topology-spread.js";
export type { TopologySpreadCountsOptions, TopologySpreadConstraintCounts } from "./topology-spread.js";
export { capacity } from "./capacity.js";
export type { CapacityOptions, CapacityResult, CapacityStop, ShapeCapacity } from "./capacity.js";
export { nodesToAdd, nodesToAddSteps, nodesToAddSearch, nodesToAddProbe } from "./nodes-to-add.js";
export type { NodesToAddOptions, NodesToAddResult, NodesToAddProbe, NodesToAddSearch } from "./nodes-to-add.js";
export { fragmentation, runFragmentation } from "./fragmentation.js";
export type { FragmentationNode, FragmentationShape, NodeFragmentation, FragmentationReport, RunPlacements } from "./fragmentation.js";
export { explainPod } from "./explain-pod.js";
export type { ExplainPodOptions, ExplainedPod, RankedNode, RankedScore } from "./explain-pod.js";
