// kube-scheduler: framework/types.go (NodeInfo, PodInfo, Resource, AffinityTerm) and the snapshot.
import type { Labels, Node, Pod, ContainerPort, PodDisruptionBudget } from "../model/types.js";
import type { Selector } from "../labels/selector.js";
import type { SelectingObjects } from "../model/workloads.js";
import type { DraState } from "../dra/state.js";
import type { DeviceClassResolver } from "../model/device-classes.js";

/** Integer resource amounts: cpu in millicores, memory / storage / scalars in units (upstream framework.Resource). */
export interface Resource {
  milliCPU: number;
  memory: number;
  ephemeralStorage: number;
  allowedPodNumber: number;
  /** Extended resources, hugepages-*, prefixed native resources (upstream ScalarResources). */
  scalar: ReadonlyMap<string, number>;
}

/** A pod (anti-)affinity term compiled for matching (upstream framework.AffinityTerm). */
export interface AffinityTerm {
  readonly namespaces: ReadonlySet<string>;
  readonly selector: Selector;
  readonly topologyKey: string;
  /** null when the term has no namespaceSelector. */
  readonly namespaceSelector: Selector | null;
}

/** A weighted affinity term. */
export interface WeightedAffinityTerm {
  readonly term: AffinityTerm;
  readonly weight: number;
}

/** A host port a pod uses, defaults applied (hostIP 0.0.0.0, protocol TCP). */
export type HostPort = Pick<ContainerPort, "hostIP" | "protocol" | "hostPort">;

/** A pod with everything derived once (upstream framework.PodInfo + cached requests). */
export interface PodInfo {
  readonly pod: Pod;
  /** PodRequests (docs/scheduler.md §2.1) as the Fit filter sees it. */
  readonly requests: Resource;
  /** cpu/memory with the non-zero defaults, as the Fit scorers see it. */
  readonly nonZeroMilliCPU: number;
  readonly nonZeroMemory: number;
  /**
   * The pod's request as NodeResourcesFit's scorer computes it (resource_allocation.go
   * calculatePodResourceRequest): containers with the non-zero cpu/memory defaults, plus overhead, but
   * neither pod-level resources nor status resources, because NewFit builds its resourceAllocationScorer
   * without the PodLevelResources and InPlacePodVerticalScaling flags (BalancedAllocation sets both).
   */
  readonly fitScoreRequests: Resource;
  readonly hostPorts: readonly HostPort[];
  readonly requiredAffinityTerms: readonly AffinityTerm[];
  readonly requiredAntiAffinityTerms: readonly AffinityTerm[];
  readonly preferredAffinityTerms: readonly WeightedAffinityTerm[];
  readonly preferredAntiAffinityTerms: readonly WeightedAffinityTerm[];
  /** Input order, for stable queue ordering and error paths. */
  readonly seq: number;
}

/** Per-node aggregate state (upstream framework.NodeInfo). Mutated only by the snapshot's assume/forget. */
export interface NodeInfo {
  readonly node: Node;
  /** Position in the snapshot's node list (the examination order). */
  readonly index: number;
  readonly allocatable: Resource;
  readonly pods: PodInfo[];
  readonly podsWithAffinity: PodInfo[];
  readonly podsWithRequiredAntiAffinity: PodInfo[];
  readonly requested: Resource;
  /** Non-zero requested cpu/memory (upstream NonZeroRequested). */
  nonZeroMilliCPU: number;
  nonZeroMemory: number;
  readonly usedPorts: HostPort[];
  /** Image name as the node lists it (status.images[].names) → size in bytes. */
  readonly imageSizes: ReadonlyMap<string, number>;
  /**
   * NodeInfo.Generation: renewed (nextGeneration) by every AddPod / RemovePod, so a cache of the node's state
   * (an engine's columns) knows whether it is stale with one comparison.
   */
  generation: number;
}

/** Cluster-wide image knowledge (upstream ImageStateSummary). */
export interface ImageState {
  readonly sizeBytes: number;
  readonly numNodes: number;
}

/** What plugins see of the cluster during a cycle (upstream SharedLister). */
export interface SnapshotView {
  readonly nodes: readonly NodeInfo[];
  getNode(name: string): NodeInfo | undefined;
  /** Nodes hosting at least one pod with (anti-)affinity terms. */
  havePodsWithAffinity(): readonly NodeInfo[];
  /** Nodes hosting at least one pod with required anti-affinity terms. */
  havePodsWithRequiredAntiAffinity(): readonly NodeInfo[];
  /** Image name (normalized) → summary over all nodes. */
  imageState(name: string): ImageState | undefined;
  /** Namespace labels by namespace name (for namespaceSelector); unknown namespaces have no labels. */
  namespaceLabels(namespace: string): Labels | undefined;
  /** The Services and controllers of the cluster (PodTopologySpread's default selectors); none when absent. */
  readonly selecting?: SelectingObjects;
  /** PodDisruptionBudgets (DefaultPreemption's victim selection); none when absent. */
  readonly podDisruptionBudgets?: readonly PodDisruptionBudget[];
  /** The DeviceClasses' extended-resource mapping (SharedDRAManager.DeviceClassResolver); none when absent. */
  readonly deviceClasses?: DeviceClassResolver;
  /** @internal The ResourceSlices and the devices in use (DRA); absent when the cluster has no ResourceSlice. */
  readonly dra?: DraState;
}
