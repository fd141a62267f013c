// kube-scheduler: plugins/podtopologyspread/common.go (constraint preparation, inclusion policies, counting).
import type { NodeInfo, PodInfo } from "../../framework/types.js";
import { compileLabelSelector, type Selector } from "../../labels/selector.js";
import type { RequiredNodeAffinity } from "../../labels/nodeselector.js";
import { firstUntoleratedTaint } from "../../labels/toleration.js";
import type { LabelSelectorRequirement, Labels, Node, Pod, TopologySpreadConstraint } from "../../model/types.js";

export const NAME = "PodTopologySpread";

/** v1.LabelHostname: spreading by node, counted per node at Score time. */
export const LABEL_HOSTNAME = "kubernetes.io/hostname";
/** v1.LabelTopologyZone (the system default constraints' zone key). */
export const LABEL_TOPOLOGY_ZONE = "topology.kubernetes.io/zone";

/** A spread constraint with its selector compiled and its defaults applied (upstream topologySpreadConstraint). */
export interface CompiledConstraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly selector: Selector;
  /**
   * Whether existing pods are counted at all. countPodsMatchSelector returns 0 for a selector with no
   * requirements (`labelSelector: {}`) since kubernetes/kubernetes#116607 (v1.27): `Empty()` was meant to
   * catch the nil selector but catches "everything" instead. Fixed upstream by #141340 (2026-08, after 1.37),
   * so every release schedkit models has the quirk; the incoming pod still matches itself.
   */
  readonly countsExisting: boolean;
  readonly minDomains: number;
  readonly nodeAffinityHonored: boolean;
  readonly nodeTaintsHonored: boolean;
}

export type WhenUnsatisfiable = TopologySpreadConstraint["whenUnsatisfiable"];

/**
 * filterTopologySpreadConstraints: the constraints with the given action. matchLabelKeys become `key In
 * (pod's value)` requirements (MatchLabelKeysInPodTopologySpread, on since v1.27); a nil labelSelector stays
 * "nothing" (mergeLabelSetWithSelector returns it unchanged). Without the NodeInclusionPolicy gate the
 * policies keep their defaults: nodeAffinityPolicy Honor, nodeTaintsPolicy Ignore.
 */
export function filterConstraints(
  constraints: readonly TopologySpreadConstraint[],
  podLabels: Labels,
  action: WhenUnsatisfiable,
  nodeInclusionPolicy: boolean,
): CompiledConstraint[] {
  const out: CompiledConstraint[] = [];
  for (const c of constraints) {
    if (c.whenUnsatisfiable !== action) continue;
    const extra: LabelSelectorRequirement[] = [];
    for (const key of c.matchLabelKeys) {
      const v = podLabels.get(key);
      if (v !== undefined) extra.push({ key, operator: "In", values: [v] });
    }
    const selector = compileLabelSelector(c.labelSelector, extra);
    out.push({
      maxSkew: c.maxSkew,
      topologyKey: c.topologyKey,
      selector,
      countsExisting: !selector.everything,
      minDomains: c.minDomains ?? 1,
      nodeAffinityHonored: !nodeInclusionPolicy || c.nodeAffinityPolicy !== "Ignore",
      nodeTaintsHonored: nodeInclusionPolicy && c.nodeTaintsPolicy === "Honor",
    });
  }
  return out;
}

/** matchNodeInclusionPolicies: whether the node counts as a domain for this constraint. */
function matchNodeInclusionPolicies(
  c: CompiledConstraint,
  pod: Pod,
  node: Node,
  required: RequiredNodeAffinity,
  comparisonOperators: boolean,
): boolean {
  // Parse errors in the pod's node affinity mean "no match" here, as upstream ignores them for compatibility.
  if (c.nodeAffinityHonored && !required.matches(node)) return false;
  if (c.nodeTaintsHonored && firstUntoleratedTaint(node.taints, pod.tolerations, comparisonOperators) !== undefined) return false;
  return true;
}

/**
 * Whether a node's pods count towards constraint `c` (calPreFilterState / PreScore's counting loop): without the
 * NodeInclusionPolicy gate every constraint needs the pod's required node affinity, with it the constraint's
 * own policies decide. The caller checks the topology keys.
 */
export function nodeCounted(
  c: CompiledConstraint,
  pod: Pod,
  node: Node,
  required: RequiredNodeAffinity,
  opts: { readonly nodeInclusionPolicy: boolean; readonly taintComparisonOperators: boolean },
): boolean {
  return opts.nodeInclusionPolicy ? matchNodeInclusionPolicies(c, pod, node, required, opts.taintComparisonOperators) : required.matches(node);
}

/** nodeLabelsMatchSpreadConstraints: the node has every constraint's topology key. */
export function nodeHasAllKeys(labels: Labels, constraints: readonly CompiledConstraint[]): boolean {
  for (const c of constraints) if (!labels.has(c.topologyKey)) return false;
  return true;
}

/** countPodsMatchSelector: pods on the node in `namespace`, not terminating, matching the constraint. */
export function countMatchingPods(node: NodeInfo, c: CompiledConstraint, namespace: string): number {
  if (!c.countsExisting) return 0;
  let n = 0;
  for (const p of node.pods) {
    // Terminating pods are bypassed (kubernetes/kubernetes#87621).
    const pod = p.pod;
    if (pod.terminating || pod.namespace !== namespace) continue;
    if (c.selector.matches(pod.labels)) n++;
  }
  return n;
}

/** Whether the incoming pod's own labels match the constraint (the Filter's selfMatchNum). */
export function selfMatches(c: CompiledConstraint, pod: PodInfo): boolean {
  return c.selector.matches(pod.pod.labels);
}
