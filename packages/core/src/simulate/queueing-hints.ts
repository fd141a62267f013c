// QueueingHints: which cluster events move which unschedulable pods back to the active or backoff queue.
// kube-scheduler v1.37.1: each plugin's EventsToRegister and QueueingHintFn (pkg/scheduler/framework/plugins/*),
// asked by PriorityQueue.isPodWorthRequeuing (backend/queue/scheduling_queue.go) for the plugins that rejected
// the pod (Diagnosis.UnschedulablePlugins) only.
import type { FeatureGates } from "../framework/interfaces.js";
import type { NodeInfo, PodInfo } from "../framework/types.js";
import { atLeast, type KubeVersion } from "../framework/version.js";
import { RequiredNodeAffinity } from "../labels/nodeselector.js";
import { firstUntoleratedTaint } from "../labels/toleration.js";
import type { Labels, Node } from "../model/types.js";
import { existingTermMatches } from "../plugins/interpodaffinity/filtering.js";
import { conflicts } from "../plugins/nodeports.js";
import { filterConstraints, nodeHasAllKeys, type CompiledConstraint } from "../plugins/podtopologyspread/common.js";

/**
 * The cluster events the simulation produces, as kube-scheduler's event handlers name them (eventhandlers.go):
 * a pod bound (AssignedPod/Add), a bound or nominated pod deleted (AssignedPod/Delete), a node added, deleted,
 * or uncordoned (Node/UpdateNodeTaint: extractNodeSpecUnschedulableChange reports only unschedulable → schedulable).
 */
export type ClusterEvent =
  | { readonly type: "AssignedPodAdd"; readonly pod: PodInfo }
  | { readonly type: "AssignedPodDelete"; readonly pod: PodInfo; readonly bound: boolean }
  | { readonly type: "NodeAdd"; readonly node: NodeInfo }
  | { readonly type: "NodeDelete"; readonly node: Node }
  | { readonly type: "UpdateNodeTaint"; readonly old: Node; readonly node: Node };

export type ClusterEventType = ClusterEvent["type"];

const EVENT_TYPES: readonly ClusterEventType[] = ["AssignedPodAdd", "AssignedPodDelete", "NodeAdd", "NodeDelete", "UpdateNodeTaint"];

/**
 * PodTopologySpread's getConstraints(pod) for DoNotSchedule, default constraints included (the profile's plugin
 * gives it: plugins/podtopologyspread/plugin.ts hardConstraints); without it, a pod's own constraints only.
 */
export type SpreadConstraints = (pod: PodInfo) => readonly CompiledConstraint[];

/** A QueueingHintFn: true is Queue, false is QueueSkip. */
type Hint = (pod: PodInfo, event: ClusterEvent, gates: FeatureGates, spread: SpreadConstraints | undefined) => boolean;

const QUEUE: Hint = () => true;

/** The deleted pod was bound or nominated (an unscheduled pod's deletion frees nothing). */
function deletedWasPlaced(e: ClusterEvent): boolean {
  return e.type === "AssignedPodDelete" && e.bound;
}

/**
 * noderesources/fit.go isSchedulableAfterNodeChange for an added node: isFit, the pod against the empty node
 * (Fits on a NodeInfo holding only the node). Extended resources are not compared (the hint may Queue where
 * upstream skips: an extra attempt, never a missed one), since ignoredResources are the plugin's arguments.
 */
function fitsEmptyNode(pod: PodInfo, ni: NodeInfo): boolean {
  const a = ni.allocatable;
  const r = pod.requests;
  if (a.allowedPodNumber < 1) return false;
  if (r.milliCPU > 0 && r.milliCPU > a.milliCPU) return false;
  if (r.memory > 0 && r.memory > a.memory) return false;
  if (r.ephemeralStorage > 0 && r.ephemeralStorage > a.ephemeralStorage) return false;
  return true;
}

/** interpodaffinity/filtering.go podMatchesAllAffinityTerms / podMatchesAnyAffinityTerms (term.Matches(pod, nil)). */
const NO_LABELS: Labels = new Map();
function matchesAll(terms: PodInfo["requiredAffinityTerms"], other: PodInfo): boolean {
  if (terms.length === 0) return false;
  for (const t of terms) if (!existingTermMatches(t, other.pod, NO_LABELS)) return false;
  return true;
}
function matchesAny(terms: PodInfo["requiredAffinityTerms"], other: PodInfo): boolean {
  for (const t of terms) if (existingTermMatches(t, other.pod, NO_LABELS)) return true;
  return false;
}

/** PodTopologySpread.getConstraints: the pod's DoNotSchedule constraints, null when it has none (profile defaults apply). */
function hardConstraints(pod: PodInfo, gates: FeatureGates, spread: SpreadConstraints | undefined): readonly CompiledConstraint[] | null {
  // getConstraints: with the profile's plugin, its constraints, the defaults (from the pod's Services and
  // controllers) included for a pod without its own; an empty list matches no pod and every node, as upstream.
  if (spread !== undefined) return spread(pod);
  const c = pod.pod.topologySpreadConstraints;
  if (c.length === 0) return null;
  return filterConstraints(c, pod.pod.labels, "DoNotSchedule", gates.nodeInclusionPolicyInPodTopologySpread);
}

const HINTS: Readonly<Record<string, Partial<Record<ClusterEventType, Hint>>>> = {
  // noderesources/fit.go: AssignedPod/Delete, Node/Add|UpdateNodeAllocatable.
  NodeResourcesFit: {
    AssignedPodDelete: (_p, e) => deletedWasPlaced(e),
    NodeAdd: (p, e) => e.type === "NodeAdd" && fitsEmptyNode(p, e.node),
  },
  // nodeunschedulable/node_unschedulable.go isSchedulableAfterNodeChange: Node/Add|UpdateNodeTaint.
  NodeUnschedulable: {
    NodeAdd: (_p, e) => e.type === "NodeAdd" && !e.node.node.unschedulable,
    UpdateNodeTaint: (_p, e) => e.type === "UpdateNodeTaint" && e.old.unschedulable && !e.node.unschedulable,
  },
  // tainttoleration/taint_toleration.go isSchedulableAfterNodeChange: queue when the node goes from an
  // untolerated NoSchedule/NoExecute taint (an added node counts as untolerated before) to none.
  TaintToleration: {
    NodeAdd: (p, e, g) => e.type === "NodeAdd" && firstUntoleratedTaint(e.node.node.taints, p.pod.tolerations, g.taintTolerationComparisonOperators) === undefined,
    UpdateNodeTaint: (p, e, g) =>
      e.type === "UpdateNodeTaint" &&
      firstUntoleratedTaint(e.old.taints, p.pod.tolerations, g.taintTolerationComparisonOperators) !== undefined &&
      firstUntoleratedTaint(e.node.taints, p.pod.tolerations, g.taintTolerationComparisonOperators) === undefined,
  },
  // nodename/node_name.go: Node/Add without a hint function (Queue).
  NodeName: { NodeAdd: QUEUE },
  // nodeports/node_ports.go: AssignedPod/Delete (isSchedulableAfterAssignedPodDeleted), Node/Add (Queue).
  NodePorts: {
    AssignedPodDelete: (p, e) => {
      if (e.type !== "AssignedPodDelete" || !e.bound || e.pod.hostPorts.length === 0) return false;
      // Queue when the deleted pod used a port the pod wants (fitsPorts over the deleted pod's ports fails).
      for (const want of p.hostPorts) if (conflicts(want, e.pod.hostPorts)) return true;
      return false;
    },
    NodeAdd: QUEUE,
  },
  // nodeaffinity/node_affinity.go isSchedulableAfterNodeChange for an added node: the pod's nodeSelector and
  // required node affinity match it. (The profile's addedAffinity is not checked: it can only skip.)
  NodeAffinity: {
    NodeAdd: (p, e) => e.type === "NodeAdd" && new RequiredNodeAffinity(p.pod).matches(e.node.node),
  },
  // interpodaffinity/plugin.go: AssignedPod/Add|UpdatePodLabel|Delete, Node/Add|UpdateNodeLabel.
  InterPodAffinity: {
    // isSchedulableAfterAssignedPodChange, a pod added: it matches all of the pod's affinity terms.
    AssignedPodAdd: (p, e) => e.type === "AssignedPodAdd" && matchesAll(p.requiredAffinityTerms, e.pod),
    // A pod deleted: it matched the pod's anti-affinity, or the pod matched the deleted pod's anti-affinity.
    AssignedPodDelete: (p, e) => e.type === "AssignedPodDelete" && e.bound && (matchesAny(p.requiredAntiAffinityTerms, e.pod) || matchesAny(e.pod.requiredAntiAffinityTerms, p)),
    // isSchedulableAfterNodeChange, a node added: it has an affinity term's topology key, or the pod has anti-affinity.
    NodeAdd: (p, e) => e.type === "NodeAdd" && (p.requiredAffinityTerms.some((t) => e.node.node.labels.has(t.topologyKey)) || p.requiredAntiAffinityTerms.length > 0),
  },
  // podtopologyspread/plugin.go: AssignedPod/Add|UpdatePodLabel|Delete, Node/Add|Delete|UpdateNodeLabel|UpdateNodeTaint.
  // getConstraints: a pod without constraints of its own is judged by the profile's default constraints, whose
  // selector comes from the pod's Services and controllers (the Scheduler and simulate pass the profile's plugin; hints built without it Queue).
  PodTopologySpread: {
    AssignedPodAdd: (p, e, g, sp) => e.type === "AssignedPodAdd" && spreadPodMatches(p, e.pod, g, sp),
    AssignedPodDelete: (p, e, g, sp) => e.type === "AssignedPodDelete" && e.bound && spreadPodMatches(p, e.pod, g, sp),
    NodeAdd: (p, e, g, sp) => e.type === "NodeAdd" && spreadNodeMatches(p, e.node.node, g, sp),
    NodeDelete: (p, e, g, sp) => e.type === "NodeDelete" && spreadNodeMatches(p, e.node, g, sp),
    // An uncordon changes neither labels nor taints: Queue only when the node's matching changes, which it cannot.
    UpdateNodeTaint: (p, e, g, sp) => {
      if (e.type !== "UpdateNodeTaint") return false;
      const c = hardConstraints(p, g, sp);
      if (c === null) return true;
      const before = nodeHasAllKeys(e.old.labels, c);
      const after = nodeHasAllKeys(e.node.labels, c);
      if (before !== after) return true;
      return after && (topologyValuesChanged(e.old, e.node, c) || !sameTaints(e.old, e.node));
    },
  },
  // volumebinding: Node/Add|UpdateNodeLabel without a hint function. dynamicresources: Node/Add|UpdateNodeLabel|
  // UpdateNodeAllocatable without one. nodedeclaredfeatures: Node/Add (its hint compares declared features,
  // which the simulation's nodes keep: Queue). Their other events (claims, volumes) never happen here.
  VolumeBinding: { NodeAdd: QUEUE },
  DynamicResources: { NodeAdd: QUEUE },
  NodeDeclaredFeatures: { NodeAdd: QUEUE },
};

/** isSchedulableAfterAssignedPodChange: same namespace (involvedInTopologySpreading) and some constraint's selector matches the pod's labels. */
function spreadPodMatches(p: PodInfo, other: PodInfo, g: FeatureGates, spread: SpreadConstraints | undefined): boolean {
  if (other.pod.namespace !== p.pod.namespace) return false;
  const c = hardConstraints(p, g, spread);
  if (c === null) return true;
  for (const k of c) if (k.selector.matches(other.pod.labels)) return true;
  return false;
}

/** isSchedulableAfterNodeChange for an added or deleted node: it has every constraint's topology key. */
function spreadNodeMatches(p: PodInfo, node: Node, g: FeatureGates, spread: SpreadConstraints | undefined): boolean {
  const c = hardConstraints(p, g, spread);
  return c === null || nodeHasAllKeys(node.labels, c);
}

function topologyValuesChanged(a: Node, b: Node, c: readonly CompiledConstraint[]): boolean {
  for (const k of c) if (a.labels.get(k.topologyKey) !== b.labels.get(k.topologyKey)) return true;
  return false;
}

function sameTaints(a: Node, b: Node): boolean {
  return a.taints.length === b.taints.length && a.taints.every((t, i) => JSON.stringify(t) === JSON.stringify(b.taints[i]));
}

/**
 * The scheduling queue's view of one profile's plugins: which events each rejecting plugin registered, and its
 * hint. A plugin schedkit does not know (a custom plugin) has no EnqueueExtensions: upstream registers every
 * event for it with the default hint Queue (framework/runtime/framework.go fillEnqueueExtensions,
 * defaultEnqueueExtension). Before v1.32 SchedulerQueueingHints was off by default (kubernetes#122289;
 * KEP-4247 enabled it in v1.32): every registered event then answers Queue.
 */
export class QueueingHints {
  private readonly hintsOn: boolean;

  constructor(
    version: KubeVersion,
    private readonly gates: FeatureGates,
    private readonly spread?: SpreadConstraints,
  ) {
    this.hintsOn = atLeast(version, 32);
  }

  /** The event types any of `plugins` registered (a pod in the unschedulable pool listens to these only). */
  interests(plugins: readonly string[]): ClusterEventType[] {
    const out = new Set<ClusterEventType>();
    for (const pl of plugins) {
      const h = HINTS[pl];
      if (h === undefined) return [...EVENT_TYPES];
      for (const t of EVENT_TYPES) if (h[t] !== undefined) out.add(t);
    }
    return [...out];
  }

  /**
   * isPodWorthRequeuing for a pod rejected by `plugins` (non-empty): some rejecting plugin registered the
   * event and its hint says Queue (queueAfterBackoff; Pending plugins, which would queue immediately, are not
   * modelled: no plugin here returns Pending).
   */
  worthRequeuing(pod: PodInfo, plugins: readonly string[], event: ClusterEvent): boolean {
    for (const pl of plugins) {
      const h = HINTS[pl];
      if (h === undefined) return true;
      const fn = h[event.type];
      if (fn === undefined) continue;
      if (!this.hintsOn || fn(pod, event, this.gates, this.spread)) return true;
    }
    return false;
  }
}
