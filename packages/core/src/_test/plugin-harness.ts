// Test-only: builds model objects and a Snapshot directly and runs one plugin's extension points the way
// the framework does, for plugin unit tables written from docs/scheduler.md's formulas (no fixtures exist for them).
import fc from "fast-check";
import type { FeatureGates, Plugin, PluginFactory } from "../framework/interfaces.js";
import { CycleState } from "../framework/interfaces.js";
import { Snapshot, addPodToNode, cloneNodeInfo, makePodInfo, removePodFromNode } from "../framework/snapshot.js";
import type { Status } from "../framework/status.js";
import { parseKubeVersion } from "../framework/version.js";
import { TEST_FEATURES } from "./plugin-fakes.js";
import type { Affinity, LabelSelector, Node, Pod, PodAffinityTerm, Taint, Toleration, TopologySpreadConstraint } from "../model/types.js";

/** The same gates as the other unit-test harness (plugin-fakes.ts). */
export const DEFAULT_FEATURES: FeatureGates = TEST_FEATURES;

export function node(name: string, labels: Record<string, string> = {}, taints: Taint[] = []): Node {
  return { name, labels: new Map(Object.entries(labels)), taints, unschedulable: false, allocatable: new Map(), images: [] };
}

/** A label selector from matchLabels (and optional expressions). */
export function sel(matchLabels: Record<string, string>, matchExpressions: LabelSelector["matchExpressions"] = []): LabelSelector {
  return { matchLabels: new Map(Object.entries(matchLabels)), matchExpressions };
}

export function term(topologyKey: string, labelSelector: LabelSelector | null, more: Partial<PodAffinityTerm> = {}): PodAffinityTerm {
  return { labelSelector, namespaces: [], namespaceSelector: null, topologyKey, matchLabelKeys: [], mismatchLabelKeys: [], ...more };
}

export function spread(
  topologyKey: string,
  maxSkew: number,
  whenUnsatisfiable: TopologySpreadConstraint["whenUnsatisfiable"],
  labelSelector: LabelSelector | null,
  more: Partial<TopologySpreadConstraint> = {},
): TopologySpreadConstraint {
  return {
    maxSkew,
    topologyKey,
    whenUnsatisfiable,
    labelSelector,
    minDomains: null,
    matchLabelKeys: [],
    nodeAffinityPolicy: null,
    nodeTaintsPolicy: null,
    ...more,
  };
}

export interface PodSpec {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
  nodeName?: string;
  terminating?: boolean;
  nodeSelector?: Record<string, string>;
  affinity?: Partial<Affinity>;
  tolerations?: Toleration[];
  spread?: TopologySpreadConstraint[];
}

let seq = 0;

export function pod(s: PodSpec = {}): Pod {
  const name = s.name ?? `p${seq++}`;
  return {
    name,
    namespace: s.namespace ?? "default",
    uid: name,
    labels: new Map(Object.entries(s.labels ?? {})),
    nodeName: s.nodeName ?? "",
    nominatedNodeName: "",
    priority: 0,
    creationTime: 0,
    schedulerName: "default-scheduler",
    containers: [{ name: "c", image: "", requests: new Map(), limits: new Map(), ports: [], restartPolicy: null }],
    initContainers: [],
    overhead: new Map(),
    podResources: null,
    nodeSelector: new Map(Object.entries(s.nodeSelector ?? {})),
    affinity: { nodeAffinity: null, podAffinity: null, podAntiAffinity: null, ...s.affinity },
    tolerations: s.tolerations ?? [],
    topologySpreadConstraints: s.spread ?? [],
    terminating: s.terminating ?? false,
    phase: "Running",
    preemptionPolicy: "PreemptLowerPriority",
    containerStatuses: [],
    initContainerStatuses: [],
    statusPodRequests: null,
    statusPodAllocated: null,
    statusPodResourcesSet: false,
    resizeInfeasible: false,
  };
}

/** Existing pod `spec` bound to `nodeName`. */
export function on(nodeName: string, s: PodSpec = {}): Pod {
  return pod({ ...s, nodeName });
}

export interface World {
  nodes: Node[];
  pods?: Pod[];
  namespaces?: Record<string, Record<string, string>>;
  features?: Partial<FeatureGates>;
  version?: string;
}

export interface CycleRun {
  plugin: Plugin;
  snapshot: Snapshot;
  preFilter: Status | null;
  /** Filter status per node name (absent when PreFilter did not succeed). */
  filter: Map<string, Status>;
  preScore: Status | null;
  /** Raw and normalized scores per feasible node name (absent when PreScore skipped). */
  raw: Map<string, number>;
  normalized: Map<string, number>;
}

/** The plugin built for `w`'s release and gates, `w`'s snapshot and the incoming pod's PodInfo. */
function setUp(factory: PluginFactory, incoming: Pod, w: World, args?: unknown) {
  const features = { ...DEFAULT_FEATURES, ...w.features };
  const ctx = { version: parseKubeVersion(w.version ?? "1.36"), features };
  const plugin = factory.create(args, ctx, "args");
  const bound = (w.pods ?? []).map((p, i) => makePodInfo(p, features, `pods[${i}]`, i + 1));
  const namespaces = new Map(Object.entries(w.namespaces ?? {}).map(([k, v]) => [k, new Map(Object.entries(v))] as const));
  const snapshot = Snapshot.build(w.nodes, bound, namespaces);
  return { plugin, features, bound, snapshot, pi: makePodInfo(incoming, features, "pod", 0) };
}

/**
 * Runs PreFilter, Filter (all nodes), PreScore, Score and NormalizeScore of one plugin. `feasible` names the
 * nodes handed to scoring (default: every node), like the Go score tests that skip filtering.
 */
export function runPlugin(factory: PluginFactory, incoming: Pod, w: World, args?: unknown, feasible?: string[]): CycleRun {
  const { plugin, snapshot, pi } = setUp(factory, incoming, w, args);
  const state = new CycleState();
  const run: CycleRun = { plugin, snapshot, preFilter: null, filter: new Map(), preScore: null, raw: new Map(), normalized: new Map() };
  if (plugin.preFilter !== undefined) {
    const r = plugin.preFilter(state, pi, snapshot);
    run.preFilter = r.status;
    if (r.status.code === "Success" && plugin.filter !== undefined) {
      for (const ni of snapshot.nodes) run.filter.set(ni.node.name, plugin.filter(state, pi, ni));
    }
  }
  const scored = feasible === undefined ? snapshot.nodes : feasible.map((n) => snapshot.getNode(n)!);
  if (plugin.preScore !== undefined) {
    run.preScore = plugin.preScore(state, pi, scored, snapshot);
    if (run.preScore.code === "Success" && plugin.score !== undefined) {
      const scores = new Float64Array(scored.length);
      scored.forEach((ni, i) => (scores[i] = plugin.score!(state, pi, ni)));
      scored.forEach((ni, i) => run.raw.set(ni.node.name, scores[i]!));
      plugin.normalizeScore?.(state, pi, scored, scores);
      scored.forEach((ni, i) => run.normalized.set(ni.node.name, scores[i]!));
    }
  }
  return run;
}

/** A change to one node's pods: `add` joins its spec.nodeName, or the existing pod `remove` (an index into `World.pods`) leaves. */
export type PodChange = { readonly add: Pod } | { readonly remove: number };

/**
 * PreFilter on `w`, then, as RunFilterPluginsWithNominatedPods / SelectVictimsOnNode do, the change on a copy of
 * its node and AddPod / RemovePod on a clone of the cycle state, then Filter on every node (the changed copy in
 * its namesake's place). Filter statuses per node; null when PreFilter did not succeed (no extension runs then).
 */
export function runWithChange(factory: PluginFactory, incoming: Pod, w: World, change: PodChange): Map<string, Status> | null {
  const { plugin, features, bound, snapshot, pi } = setUp(factory, incoming, w);
  const state = new CycleState(snapshot);
  if (plugin.preFilter!(state, pi, snapshot).status.code !== "Success") return null;
  const changed = state.clone();
  const other = "add" in change ? makePodInfo(change.add, features, "added", bound.length + 1) : bound[change.remove]!;
  const copy = cloneNodeInfo(snapshot.getNode(other.pod.nodeName)!);
  let s: Status;
  if ("add" in change) {
    addPodToNode(copy, other);
    s = plugin.addPod!(changed, pi, other, copy);
  } else {
    removePodFromNode(copy, other);
    s = plugin.removePod!(changed, pi, other, copy);
  }
  if (s.code !== "Success") throw new Error(`extension failed: ${JSON.stringify(s)}`);
  const out = new Map<string, Status>();
  for (const ni of snapshot.nodes) out.set(ni.node.name, plugin.filter!(changed, pi, ni.node.name === copy.node.name ? copy : ni));
  return out;
}

/**
 * Clusters for the PreFilter-extension properties: `nodes`, pods drawn by `podOn(node count)` on them, the
 * incoming pod's draw, and a change — one more pod, or one of the pods removed.
 */
export function changeCases<I>(nodes: fc.Arbitrary<Node[]>, podOn: (count: number) => fc.Arbitrary<Pod>, incoming: fc.Arbitrary<I>): fc.Arbitrary<{ world: World; incoming: I; change: PodChange }> {
  return nodes.chain((ns) =>
    fc.record({ pods: fc.array(podOn(ns.length), { maxLength: 8 }), incoming, add: podOn(ns.length), removeAt: fc.nat(), remove: fc.boolean() }).map((c) => ({
      world: { nodes: ns, pods: c.pods },
      incoming: c.incoming,
      change: c.remove && c.pods.length > 0 ? { remove: c.removeAt % c.pods.length } : { add: c.add },
    })),
  );
}

/** The world after `change`, for PreFilter to count from scratch. */
export function changedWorld(w: World, change: PodChange): World {
  const pods = w.pods ?? [];
  return { ...w, pods: "add" in change ? [...pods, change.add] : pods.filter((_, i) => i !== change.remove) };
}

/** Filter codes per node, compactly: { name: "Success" | "Unschedulable" | ... }. */
export function codes(run: CycleRun): Record<string, string> {
  return Object.fromEntries([...run.filter].map(([n, s]) => [n, s.code]));
}
