// Test-only: hand-built model objects and a snapshot for driving one plugin directly, the way the Go
// plugin tests call PreFilter/Filter/Score on a NodeInfo. Fixture tables go through the public API instead.
import type { FeatureGates, Plugin, PluginContext, PluginFactory } from "../framework/interfaces.js";
import { CycleState } from "../framework/interfaces.js";
import { Snapshot, makePodInfo } from "../framework/snapshot.js";
import type { NodeInfo, PodInfo } from "../framework/types.js";
import { parseKubeVersion } from "../framework/version.js";
import type { Container, Node, Pod } from "../model/types.js";

export const TEST_FEATURES: FeatureGates = Object.freeze({
  podLevelResources: true,
  dynamicResources: true,
  nodeInclusionPolicyInPodTopologySpread: true,
  taintTolerationComparisonOperators: false,
  inPlacePodVerticalScaling: true,
  inPlacePodLevelResourcesVerticalScaling: true,
  sidecarContainers: true,
  nodeDeclaredFeatures: true,
  storageCapacityScoring: false,
  draExtendedResource: false,
  draNodeAllocatableResources: false,
  statusRequestsMaxOfSums: true,
});

/** A plugin context for `version` ("1.36" by default) with the test feature gates, some overridden. */
export function testContext(version = "1.36", features: Partial<FeatureGates> = {}): PluginContext {
  return { version: parseKubeVersion(version), features: { ...TEST_FEATURES, ...features } };
}

export function fakeContainer(c: Partial<Container> = {}): Container {
  return { name: "c", image: "", requests: new Map(), limits: new Map(), ports: [], restartPolicy: null, ...c };
}

export function fakePod(p: Partial<Pod> = {}): Pod {
  return {
    name: "p",
    namespace: "default",
    uid: "",
    labels: new Map(),
    nodeName: "",
    nominatedNodeName: "",
    priority: 0,
    creationTime: 0,
    schedulerName: "default-scheduler",
    containers: [fakeContainer()],
    initContainers: [],
    overhead: new Map(),
    podResources: null,
    nodeSelector: new Map(),
    affinity: { nodeAffinity: null, podAffinity: null, podAntiAffinity: null },
    tolerations: [],
    topologySpreadConstraints: [],
    terminating: false,
    phase: "Pending",
    preemptionPolicy: "PreemptLowerPriority",
    containerStatuses: [],
    initContainerStatuses: [],
    statusPodRequests: null,
    statusPodAllocated: null,
    statusPodResourcesSet: false,
    resizeInfeasible: false,
    ...p,
  };
}

export function fakeNode(n: Partial<Node> = {}): Node {
  return { name: "node", labels: new Map(), taints: [], unschedulable: false, allocatable: new Map(), images: [], ...n };
}

export function podInfo(pod: Pod, seq = 0): PodInfo {
  return makePodInfo(pod, TEST_FEATURES, `pods[${seq}]`, seq);
}

/** A snapshot of `nodes` with `bound` pods (each with nodeName set) accounted. */
export function snapshotOf(nodes: readonly Node[], bound: readonly Pod[] = []): Snapshot {
  return Snapshot.build(nodes, bound.map((p, i) => podInfo(p, i + 1)), new Map());
}

/** Creates the plugin of `factory` with `args`. */
export function pluginOf(factory: PluginFactory, args?: unknown, ctx: PluginContext = testContext()): Plugin {
  return factory.create(args, ctx, "args");
}

/** Runs Score then NormalizeScore (when the plugin has one) over `nodes`, after PreScore. */
export function scoreAll(
  plugin: Plugin,
  pod: PodInfo,
  snapshot: Snapshot,
  nodes: readonly NodeInfo[] = snapshot.nodes,
): { preScore: string; raw: number[]; normalized: number[] } {
  const state = new CycleState(snapshot);
  const pre = plugin.preScore?.(state, pod, nodes, snapshot);
  if (pre !== undefined && pre.code !== "Success") return { preScore: pre.code, raw: [], normalized: [] };
  const scores = new Float64Array(nodes.length);
  nodes.forEach((n, i) => (scores[i] = plugin.score!(state, pod, n)));
  const raw = Array.from(scores);
  plugin.normalizeScore?.(state, pod, nodes, scores);
  return { preScore: pre?.code ?? "Success", raw, normalized: Array.from(scores) };
}
