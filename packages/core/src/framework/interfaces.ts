// kube-scheduler: framework/interface.go extension points, reduced to what the default profile uses.
import type { Explanation } from "./result.js";
import type { Snapshot } from "./snapshot.js";
import type { Status } from "./status.js";
import type { NodeInfo, PodInfo, SnapshotView } from "./types.js";
import type { KubeVersion } from "./version.js";

/** Feature gates that change plugin behaviour. Defaults follow the selected Kubernetes version. */
export interface FeatureGates {
  /** PodLevelResources (beta, on since 1.34). */
  readonly podLevelResources: boolean;
  /** DRA GA (1.34+): DynamicResources runs and its PostFilter message is part of FailedScheduling. */
  readonly dynamicResources: boolean;
  /** NodeInclusionPolicyInPodTopologySpread (GA). */
  readonly nodeInclusionPolicyInPodTopologySpread: boolean;
  /** TaintTolerationComparisonOperators (alpha, off): Lt/Gt toleration operators. */
  readonly taintTolerationComparisonOperators: boolean;
  /** InPlacePodVerticalScaling (GA): resize-aware request accounting for bound pods. */
  readonly inPlacePodVerticalScaling: boolean;
  /**
   * InPlacePodLevelResourcesVerticalScaling (alpha 1.35, beta on 1.36): PodRequests reads a pod's pod-level
   * status (status.allocatedResources, status.resources) under InPlacePodVerticalScaling.
   */
  readonly inPlacePodLevelResourcesVerticalScaling: boolean;
  /** SidecarContainers (GA; gone in 1.37). */
  readonly sidecarContainers: boolean;
  /** NodeDeclaredFeatures (beta, on since 1.36; GA 1.37): the NodeDeclaredFeatures plugin joins the default profile. */
  readonly nodeDeclaredFeatures: boolean;
  /** StorageCapacityScoring (beta, on since 1.37): VolumeBinding scores (0 for pods without volumes) instead of skipping. */
  readonly storageCapacityScoring: boolean;
  /**
   * DRAExtendedResource (alpha 1.34, beta on 1.36, GA and locked on 1.37): NodeResourcesFit leaves an extended
   * resource the node does not advertise to DRA when a DeviceClass maps it.
   */
  readonly draExtendedResource: boolean;
  /**
   * DRANodeAllocatableResources (alpha, off, since 1.36): a bound pod's status.nodeAllocatableResourceClaimStatuses
   * count toward its requests.
   */
  readonly draNodeAllocatableResources: boolean;
  /**
   * Not a gate: the release's in-place resize rule, fixed by the release (1.37+). component-helpers v0.37
   * AggregateContainerRequests takes max(spec, actuated, allocated) of the totals, each summed over the
   * containers; v0.33–v0.36 took the max per container (determineContainerReqs) and summed that.
   * Cannot be set by name; `resolveFeatureGates` derives it from the version.
   */
  readonly statusRequestsMaxOfSums: boolean;
}

/** What a plugin factory gets besides its args. */
export interface PluginContext {
  readonly version: KubeVersion;
  readonly features: FeatureGates;
}

const EMPTY_SNAPSHOT: SnapshotView = Object.freeze({
  nodes: [],
  getNode: () => undefined,
  havePodsWithAffinity: () => [],
  havePodsWithRequiredAntiAffinity: () => [],
  imageState: () => undefined,
  namespaceLabels: () => undefined,
});

/**
 * A CycleState key that carries the type of its value (upstream StateKey). The plugin that writes the state
 * exports its key, so other readers (an accelerated engine) share the type instead of re-declaring it.
 */
export type StateKey<T> = string & { readonly __state?: T };

/** Declares a typed state key (upstream names them after the extension point and plugin, "PreFilter" + name). */
export function stateKey<T>(name: string): StateKey<T> {
  return name as StateKey<T>;
}

/** Per-pod scratch space shared by a plugin's extension points during one cycle (upstream CycleState). */
export class CycleState {
  private readonly data = new Map<string, unknown>();
  /** The snapshot this cycle runs on (upstream plugins reach it through the framework handle). */
  constructor(readonly snapshot: SnapshotView = EMPTY_SNAPSHOT) {}
  write<T>(key: StateKey<T>, value: T): void {
    this.data.set(key, value);
  }
  read<T>(key: StateKey<T>): T | undefined {
    return this.data.get(key) as T | undefined;
  }
  /**
   * CycleState.Clone: a state whose writes leave this one alone. The values are shared, so a plugin changing
   * its state after a clone (AddPod / RemovePod) writes a changed copy; a state shared on purpose (upstream's
   * DRA stateData.Clone returns itself) stays one object.
   */
  clone(): CycleState {
    const c = new CycleState(this.snapshot);
    for (const [k, v] of this.data) c.data.set(k, v);
    return c;
  }
}

/** A plugin has a name; the extension points it implements are the optional methods. */
export interface Plugin {
  readonly name: string;
  /**
   * PreEnqueue: whether the pod may enter the scheduling queue at all (SUCCESS) or is held back (a rejection,
   * as SchedulingGates does): a held-back pod is never scheduled (RunResult.gated).
   */
  preEnqueue?(pod: PodInfo): Status;
  /** PreFilter: may Skip, reject the pod, or restrict candidates to a set of node names (null = all). */
  preFilter?(state: CycleState, pod: PodInfo, snapshot: SnapshotView): PreFilterResult;
  /**
   * PreFilterExtensions AddPod / RemovePod: `other` joins / leaves `node` (already changed), and the plugin brings
   * its PreFilter state in `state` (a clone of the cycle's, see CycleState.clone) up to date. Called only for
   * plugins whose PreFilter did not Skip.
   */
  addPod?(state: CycleState, pod: PodInfo, other: PodInfo, node: NodeInfo): Status;
  removePod?(state: CycleState, pod: PodInfo, other: PodInfo, node: NodeInfo): Status;
  /** Filter: one node. Returns SUCCESS or a rejection with upstream reasons. */
  filter?(state: CycleState, pod: PodInfo, node: NodeInfo): Status;
  /** PreScore over the feasible nodes; Skip removes the plugin from scoring for this pod, Error aborts. */
  preScore?(state: CycleState, pod: PodInfo, feasible: readonly NodeInfo[], snapshot: SnapshotView): Status;
  /** Score one feasible node. Throws PluginStatusError for an Error status. */
  score?(state: CycleState, pod: PodInfo, node: NodeInfo): number;
  /** NormalizeScore in place over the scores of `nodes` (same order). Throws PluginStatusError for an Error status. */
  normalizeScore?(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], scores: Float64Array): void;
  /**
   * A score plugin whose Score is 0 on every node, and stays 0 after NormalizeScore, for every pod schedkit
   * models (VolumeBinding without PVCs, DynamicResources without ResourceClaims). The cycle reports its zeros
   * and weight as upstream does but never calls it per node.
   */
  readonly scoresZero?: boolean;
  /**
   * PostFilter: runs when no node is feasible, in profile order until one returns Success or Error
   * (RunPostFilterPlugins). Reads the failed nodes' statuses and re-runs filters through `handle`.
   */
  postFilter?(state: CycleState, pod: PodInfo, handle: PostFilterHandle): PostFilterResult;
}

/** What PostFilter plugins see of the failed cycle (upstream's framework handle + filteredNodeStatusMap). */
export interface PostFilterHandle {
  /** The snapshot the cycle ran on, with its nominator. */
  readonly snapshot: Snapshot;
  /** The status each node got in the cycle (the PreFilter rejection for nodes never filtered). */
  nodeStatus(node: NodeInfo): Status;
  /** PreFilter plugins that ran (did not Skip), and Filter plugins that run for this pod, in profile order. */
  readonly preFilters: readonly Plugin[];
  readonly filters: readonly Plugin[];
}

/** PostFilter outcome: the status (its message joins FailedScheduling's) and, optionally, a nomination. */
export interface PostFilterResult {
  readonly status: Status;
  /** PostFilterResult.NominatingInfo: the node to nominate ("" clears it), or null / absent to leave it (ModeNoop). */
  readonly nominatingInfo?: string | null;
  /** What a preemption plugin found, for the explanation. */
  readonly preemptionCandidates?: readonly string[];
  readonly nomination?: Explanation["nomination"];
  /**
   * With a Success status and a node in `nominatingInfo`: the pods on that node whose eviction makes room
   * (the candidate's Victims). A Scheduler in "carry-out" mode evicts them, as upstream's prepareCandidate does.
   */
  readonly victims?: readonly PodInfo[];
}

/** PreFilter outcome: a status and, optionally, the only node names worth filtering. */
export interface PreFilterResult {
  readonly status: Status;
  readonly nodeNames?: ReadonlySet<string> | null;
}

/**
 * Creates a plugin from its args (already the JSON of `pluginConfig[].args`, or undefined). Throws SchedkitError
 * naming `path`. In-tree plugins and user plugins (SchedulerOptions.plugins) are both factories.
 */
export interface PluginFactory {
  readonly name: string;
  create(args: unknown, ctx: PluginContext, path: string): Plugin;
}
