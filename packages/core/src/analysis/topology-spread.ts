// What PodTopologySpread's PreFilter counts for a pod (plugins/podtopologyspread/filtering.go calPreFilterState):
// matching pods per topology domain for each DoNotSchedule constraint, and the skew inputs derived from them.
import { SchedkitError } from "../errors.js";
import { resolveFeatureGates } from "../framework/features.js";
import type { FeatureGates } from "../framework/interfaces.js";
import { makePodInfo } from "../framework/snapshot.js";
import { DEFAULT_KUBERNETES_VERSION, parseKubeVersion } from "../framework/version.js";
import { podFromKube } from "../model/kube.js";
import { filterConstraints } from "../plugins/podtopologyspread/common.js";
import { computePreFilterState } from "../plugins/podtopologyspread/filtering.js";
import { Cluster } from "../schedule.js";

/** Options of topologySpreadCounts. */
export interface TopologySpreadCountsOptions {
  /** The release whose behaviour to reproduce. Default: "1.37" (DEFAULT_KUBERNETES_VERSION). */
  readonly kubernetesVersion?: string;
  /** Feature-gate overrides (NodeInclusionPolicyInPodTopologySpread changes which nodes count). */
  readonly featureGates?: Partial<FeatureGates> | Record<string, boolean>;
}

/** One DoNotSchedule constraint of the pod as PodTopologySpread's Filter sees it. */
export interface TopologySpreadConstraintCounts {
  readonly topologyKey: string;
  readonly maxSkew: number;
  /** minDomains (1 when unset). */
  readonly minDomains: number;
  /** Eligible domain value → matching existing pods (same namespace, not terminating), in node order. */
  readonly counts: ReadonlyMap<string, number>;
  /** The global minimum the skew is taken against: 0 when there are fewer domains than minDomains. */
  readonly minMatch: number;
  /** Whether the pod matches its own selector (it then adds 1 to a domain's count). */
  readonly selfMatch: boolean;
}

/**
 * The per-domain matching-pod counts of each hard (DoNotSchedule) topology spread constraint of `pod`
 * over `cluster`, in constraint order. A node passes the constraint when
 * `counts.get(value) + selfMatch − minMatch ≤ maxSkew`. Pods without hard constraints give [] (constraints
 * defaulted from Services/ReplicaSets are not modelled).
 */
export function topologySpreadCounts(pod: unknown, cluster: Cluster, options?: TopologySpreadCountsOptions): TopologySpreadConstraintCounts[] {
  if (!(cluster instanceof Cluster)) throw new SchedkitError("cluster", cluster, "is not a Cluster (use createCluster)");
  const o = options ?? {};
  if (typeof o !== "object") throw new SchedkitError("options", o, "is not an options object");
  const version = parseKubeVersion(o.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION);
  const features = resolveFeatureGates(version, o.featureGates);
  const info = makePodInfo(podFromKube(pod, "pod"), features, "pod", 0);
  const constraints = filterConstraints(info.pod.topologySpreadConstraints, info.pod.labels, "DoNotSchedule", features.nodeInclusionPolicyInPodTopologySpread);
  const s = computePreFilterState(constraints, info, cluster.snapshotFor(features).nodes, {
    nodeInclusionPolicy: features.nodeInclusionPolicyInPodTopologySpread,
    taintComparisonOperators: features.taintTolerationComparisonOperators,
  });
  return constraints.map((c, i) => ({
    topologyKey: c.topologyKey,
    maxSkew: c.maxSkew,
    minDomains: c.minDomains,
    counts: new Map(s.counts[i]!),
    minMatch: s.minMatch[i]!,
    selfMatch: s.selfMatch[i] === 1,
  }));
}
