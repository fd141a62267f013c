// kube-scheduler: framework/types.go (NodeInfo.AddPod, PodInfo) and internal/cache/snapshot.go.
// A Snapshot is the mutable per-scheduler view: assumed pods are added to their NodeInfo.
import { NO_LISTERS, type Listers, type SelectingObjects } from "../model/workloads.js";
import { podKey, type DraState } from "../dra/state.js";
import type { DeviceClassResolver } from "../model/device-classes.js";
import type { PodDisruptionBudget } from "../model/types.js";
import { DomainError, SchedkitError } from "../errors.js";
import { Nominator } from "./nominator.js";
import { compileLabelSelector } from "../labels/selector.js";
import type { LabelSelectorRequirement, Labels, Node, Pod, PodAffinityTerm, WeightedPodAffinityTerm } from "../model/types.js";
import { MAX_RESOURCE_VALUE, Quantity, toResourceNumber } from "../quantity.js";
import type { FeatureGates } from "./interfaces.js";
import { isScalarResourceName, podRequestQuantities } from "./pod-requests.js";
import type {
  AffinityTerm,
  HostPort,
  ImageState,
  NodeInfo,
  PodInfo,
  Resource,
  SnapshotView,
  WeightedAffinityTerm,
} from "./types.js";

const ZERO = Quantity.fromInteger(0);

/**
 * The scalar map of every Resource without scalar resources. Never changed: Resource.scalar is a ReadonlyMap, and
 * the only writable one is what ownScalars gives (addPodToNode, removePodFromNode, the builders), a Resource's
 * own map made before its first scalar. An empty Map is ~200 bytes, and a cluster has several per node (each
 * NodeInfo's requested and allocatable, each pod's requests): at 10⁵ nodes, ~80 MB of maps that never hold anything.
 */
const NO_SCALARS: ReadonlyMap<string, number> = new Map();

function emptyResource(): Resource {
  return { milliCPU: 0, memory: 0, ephemeralStorage: 0, allowedPodNumber: 0, scalar: NO_SCALARS };
}

/**
 * `r`'s scalar map, its own one (not the shared empty map) so that it can be written. Every Resource is made in
 * this file (emptyResource, cloneNodeInfo): a scalar map other than NO_SCALARS is a Map this file made for it.
 */
function ownScalars(r: Resource): Map<string, number> {
  if (r.scalar === NO_SCALARS) r.scalar = new Map<string, number>();
  return r.scalar as Map<string, number>;
}

function resourceFromQuantities(list: ReadonlyMap<string, { milliValue(): bigint; value(): bigint; toDecimalString(): string }>, path: string): Resource {
  const r = emptyResource();
  for (const [name, q] of list) {
    const p = `${path}.${name}`;
    switch (name) {
      case "cpu":
        r.milliCPU = toResourceNumber(q.milliValue(), p, q.toDecimalString());
        break;
      case "memory":
        r.memory = toResourceNumber(q.value(), p, q.toDecimalString());
        break;
      case "ephemeral-storage":
        r.ephemeralStorage = toResourceNumber(q.value(), p, q.toDecimalString());
        break;
      case "pods":
        r.allowedPodNumber = toResourceNumber(q.value(), p, q.toDecimalString());
        break;
      default:
        if (isScalarResourceName(name)) ownScalars(r).set(name, toResourceNumber(q.value(), p, q.toDecimalString()));
    }
  }
  return r;
}

/** Node allocatable as a Resource (values are already integers in the model). */
function allocatableResource(node: Node): Resource {
  const r = emptyResource();
  for (const [name, v] of node.allocatable) {
    switch (name) {
      case "cpu":
        r.milliCPU = v;
        break;
      case "memory":
        r.memory = v;
        break;
      case "ephemeral-storage":
        r.ephemeralStorage = v;
        break;
      case "pods":
        r.allowedPodNumber = v;
        break;
      default:
        if (isScalarResourceName(name)) ownScalars(r).set(name, v);
    }
  }
  return r;
}

// matchLabelKeys / mismatchLabelKeys: the API server merges them into the selector at pod creation
// (KEP-3633). Merging again is idempotent, and it makes manifests that never met an API server behave
// the same as objects read back from one.
function labelKeyRequirements(term: PodAffinityTerm, podLabels: Labels): LabelSelectorRequirement[] {
  const extra: LabelSelectorRequirement[] = [];
  for (const k of term.matchLabelKeys) {
    const v = podLabels.get(k);
    if (v !== undefined) extra.push({ key: k, operator: "In", values: [v] });
  }
  for (const k of term.mismatchLabelKeys) {
    const v = podLabels.get(k);
    if (v !== undefined) extra.push({ key: k, operator: "NotIn", values: [v] });
  }
  return extra;
}

function affinityTerm(term: PodAffinityTerm, pod: Pod): AffinityTerm {
  const extra = term.labelSelector === null ? [] : labelKeyRequirements(term, pod.labels);
  const namespaces = new Set(term.namespaces);
  // An unset namespaces list and namespaceSelector means "the pod's own namespace" (framework.newAffinityTerm).
  if (namespaces.size === 0 && term.namespaceSelector === null) namespaces.add(pod.namespace);
  return {
    namespaces,
    selector: compileLabelSelector(term.labelSelector, extra),
    topologyKey: term.topologyKey,
    namespaceSelector: term.namespaceSelector === null ? null : compileLabelSelector(term.namespaceSelector),
  };
}

function weightedTerms(terms: readonly WeightedPodAffinityTerm[], pod: Pod): WeightedAffinityTerm[] {
  return terms.map((t) => ({ weight: t.weight, term: affinityTerm(t.podAffinityTerm, pod) }));
}

function hostPorts(pod: Pod): HostPort[] {
  const out: HostPort[] = [];
  const add = (ports: readonly { hostIP: string; hostPort: number; protocol: string }[]) => {
    for (const p of ports) {
      if (p.hostPort <= 0) continue;
      out.push({ hostIP: p.hostIP === "" ? "0.0.0.0" : p.hostIP, protocol: p.protocol === "" ? "TCP" : p.protocol, hostPort: p.hostPort });
    }
  };
  for (const c of pod.containers) add(c.ports);
  // Sidecars keep running, so their host ports stay taken; regular init containers have exited.
  for (const c of pod.initContainers) if (c.restartPolicy === "Always") add(c.ports);
  return out;
}

/** What makePodInfo derives from a pod's containers alone (a pod without status or pod-level resources). */
interface SpecDerived {
  readonly containers: Pod["containers"];
  readonly initContainers: Pod["initContainers"];
  readonly overhead: Pod["overhead"];
  readonly features: FeatureGates;
  readonly requests: Resource;
  readonly nonZeroMilliCPU: number;
  readonly nonZeroMemory: number;
  readonly fitScoreRequests: Resource;
  readonly hostPorts: readonly HostPort[];
}

// Replicas whose container lists podFromKube shared (PodInterner) share what is computed from them: keyed by
// the list itself, so an entry lives as long as a pod holding it.
const specDerived = new WeakMap<Pod["containers"], SpecDerived[]>();
const MAX_DERIVED_PER_LIST = 8;
const NO_TERMS: readonly never[] = Object.freeze([]);

// Whether PodRequests of `pod` reads its containers, init containers and overhead only (pod-requests.ts
// podRequestQuantities: statuses, pod-level resources and DRA claim statuses are what else it may read).
function specOnly(pod: Pod): boolean {
  return (
    pod.podResources === null &&
    pod.containerStatuses.length === 0 &&
    pod.initContainerStatuses.length === 0 &&
    !pod.statusPodResourcesSet &&
    pod.statusPodRequests === null &&
    pod.statusPodAllocated === null &&
    !pod.resizeInfeasible &&
    pod.draNodeAllocatable === undefined
  );
}

function deriveFromSpec(pod: Pod, features: FeatureGates, path: string): Omit<SpecDerived, "containers" | "initContainers" | "overhead" | "features"> {
  const requests = resourceFromQuantities(podRequestQuantities(pod, features, false), `${path} requests`);
  const nonZero = podRequestQuantities(pod, features, true);
  // A pod without containers gets no defaults: nothing to fill in.
  const cpu = nonZero.get("cpu") ?? ZERO;
  const mem = nonZero.get("memory") ?? ZERO;
  const nonZeroMilliCPU = toResourceNumber(cpu.milliValue(), `${path} requests.cpu`, cpu);
  const nonZeroMemory = toResourceNumber(mem.value(), `${path} requests.memory`, mem);
  // Only pod-level resources and container statuses make the Fit scorer's view differ from the others.
  const fitScoreRequests =
    pod.podResources === null && pod.containerStatuses.length === 0 && pod.initContainerStatuses.length === 0
      ? { ...requests, milliCPU: nonZeroMilliCPU, memory: nonZeroMemory }
      : resourceFromQuantities(podRequestQuantities(pod, { ...features, podLevelResources: false, inPlacePodVerticalScaling: false }, true), `${path} requests`);
  const ports = hostPorts(pod);
  return { requests, nonZeroMilliCPU, nonZeroMemory, fitScoreRequests, hostPorts: ports.length === 0 ? NO_TERMS : ports };
}

// The spec-derived part of a pod's PodInfo, shared with earlier pods of the same container lists. `path` is
// made only when derived here (a replica sharing an earlier pod's parts never names itself in an error).
function derived(pod: Pod, features: FeatureGates, path: string | (() => string)): Omit<SpecDerived, "containers" | "initContainers" | "overhead" | "features"> {
  if (!specOnly(pod)) return deriveFromSpec(pod, features, typeof path === "string" ? path : path());
  // A queue's replicas come one after another: the entry the pod before took, without the WeakMap's lookup.
  const last = lastDerived;
  if (last !== null && last.containers === pod.containers && last.initContainers === pod.initContainers && last.overhead === pod.overhead && last.features === features) return last;
  const d = sharedDerived(pod, features, path);
  lastDerived = d;
  return d;
}

// The entry derived() gave last (one strong reference: the WeakMap holds the others while their pods live).
let lastDerived: SpecDerived | null = null;

function sharedDerived(pod: Pod, features: FeatureGates, path: string | (() => string)): SpecDerived {
  let list = specDerived.get(pod.containers);
  // A loop, not find(): a closure per pod of a 10⁶-pod queue.
  if (list !== undefined) {
    for (let i = 0; i < list.length; i++) {
      const d = list[i]!;
      if (d.initContainers === pod.initContainers && d.overhead === pod.overhead && d.features === features) return d;
    }
  }
  const d: SpecDerived = { containers: pod.containers, initContainers: pod.initContainers, overhead: pod.overhead, features, ...deriveFromSpec(pod, features, typeof path === "string" ? path : path()) };
  if (list === undefined) specDerived.set(pod.containers, (list = []));
  if (list.length < MAX_DERIVED_PER_LIST) list.push(d);
  return d;
}

/**
 * Builds the PodInfo of a pod once: requests (both variants), ports, compiled affinity terms. `path` names the
 * pod in errors; a function makes it only if one is thrown (a queue of 50,000 replicas made a path per pod).
 */
export function makePodInfo(pod: Pod, features: FeatureGates, path: string | (() => string), seq: number): PodInfo {
  const { requests, nonZeroMilliCPU, nonZeroMemory, fitScoreRequests, hostPorts } = derived(pod, features, path);
  const aff = pod.affinity.podAffinity;
  const anti = pod.affinity.podAntiAffinity;
  return {
    pod,
    requests,
    nonZeroMilliCPU,
    nonZeroMemory,
    fitScoreRequests,
    hostPorts,
    requiredAffinityTerms: aff === null ? NO_TERMS : aff.required.map((t) => affinityTerm(t, pod)),
    requiredAntiAffinityTerms: anti === null ? NO_TERMS : anti.required.map((t) => affinityTerm(t, pod)),
    preferredAffinityTerms: aff === null ? NO_TERMS : weightedTerms(aff.preferred, pod),
    preferredAntiAffinityTerms: anti === null ? NO_TERMS : weightedTerms(anti.preferred, pod),
    seq,
  };
}

function hasAffinity(p: PodInfo): boolean {
  return p.pod.affinity.podAffinity !== null || p.pod.affinity.podAntiAffinity !== null;
}

function checkedSum(a: number, b: number, node: string, what: string): number {
  const s = a + b;
  if (s > MAX_RESOURCE_VALUE) {
    throw new DomainError(`nodes[${JSON.stringify(node)}]`, s, `total requested ${what} exceeds the exact domain (max ${MAX_RESOURCE_VALUE})`);
  }
  return s;
}

// types.go nextGeneration: one counter for every NodeInfo, so no two changes carry the same number (a clone
// starts at its original's and diverges with its first change), and "changed since I looked" is one comparison.
let generation = 0;

// The node index each of the last CHANGE_LOG_SIZE generations went to: a cache of per-node state that was
// current at generation g visits the nodes changed since (their indices, in any snapshot: a node of another
// snapshot at the same index costs one generation comparison) instead of comparing every node's generation.
// Indices, not NodeInfos: the log keeps no snapshot alive.
const CHANGE_LOG_SIZE = 1 << 16;
const changeLog = new Int32Array(CHANGE_LOG_SIZE);

/** types.go nextGeneration: a number no NodeInfo change has carried before, logged against the node's index. */
function nextGeneration(index: number): number {
  generation++;
  changeLog[generation & (CHANGE_LOG_SIZE - 1)] = index;
  return generation;
}

/**
 * @internal The index of the node whose change carried generation `g`, or −1 when the log no longer holds it
 * (CHANGE_LOG_SIZE or more changes after it) or no change carried it (g < 1 or after currentGeneration()).
 */
export function changedNodeIndex(g: number): number {
  if (g < 1 || g > generation || generation - g >= CHANGE_LOG_SIZE) return -1;
  return changeLog[g & (CHANGE_LOG_SIZE - 1)]!;
}

/**
 * @internal Calls `visit` on each node of `nodes` whose state a cache that was current at generation `since`
 * must check again (by its generation): none when nothing changed since; the nodes the changes since went to,
 * when they are fewer than the nodes and the log still holds them all (a node changed twice is visited twice);
 * else every node.
 */
export function forNodesChangedSince(nodes: readonly NodeInfo[], since: number, visit: (ni: NodeInfo) => void): void {
  const now = generation;
  if (now === since) return;
  if (now - since < nodes.length && changedNodeIndex(since + 1) >= 0) {
    for (let g = since + 1; g <= now; g++) {
      // An index of another snapshot's node may be past this one's nodes.
      const ni = nodes[changeLog[g & (CHANGE_LOG_SIZE - 1)]!];
      if (ni !== undefined) visit(ni);
    }
  } else for (let i = 0; i < nodes.length; i++) visit(nodes[i]!);
}

/** The last generation handed out: no NodeInfo changed since a cache saw this value if it is still current. */
export function currentGeneration(): number {
  return generation;
}

/** NodeInfo.AddPod: account a bound or assumed pod on its node. */
export function addPodToNode(ni: NodeInfo, p: PodInfo): void {
  const r = p.requests;
  const req = ni.requested;
  const name = ni.node.name;
  req.milliCPU = checkedSum(req.milliCPU, r.milliCPU, name, "cpu");
  req.memory = checkedSum(req.memory, r.memory, name, "memory");
  req.ephemeralStorage = checkedSum(req.ephemeralStorage, r.ephemeralStorage, name, "ephemeral-storage");
  if (r.scalar.size > 0) {
    const sc = ownScalars(req);
    for (const [k, v] of r.scalar) sc.set(k, checkedSum(sc.get(k) ?? 0, v, name, k));
  }
  ni.nonZeroMilliCPU = checkedSum(ni.nonZeroMilliCPU, p.nonZeroMilliCPU, name, "cpu");
  ni.nonZeroMemory = checkedSum(ni.nonZeroMemory, p.nonZeroMemory, name, "memory");
  ni.pods.push(p);
  if (hasAffinity(p)) ni.podsWithAffinity.push(p);
  if (p.requiredAntiAffinityTerms.length > 0) ni.podsWithRequiredAntiAffinity.push(p);
  // An index, not for-of: most pods' list is the one frozen empty array, over which for-of made an iterator
  // and its result objects per assume (~90 bytes a replica of a Deployment, all garbage).
  const ports = p.hostPorts;
  for (let i = 0; i < ports.length; i++) ni.usedPorts.push(ports[i]!);
  ni.generation = nextGeneration(ni.index);
}

function newNodeInfo(node: Node, index: number): NodeInfo {
  const imageSizes = new Map<string, number>();
  for (const img of node.images) for (const n of img.names) imageSizes.set(n, img.sizeBytes);
  return {
    node,
    index,
    allocatable: allocatableResource(node),
    pods: [],
    podsWithAffinity: [],
    podsWithRequiredAntiAffinity: [],
    requested: emptyResource(),
    nonZeroMilliCPU: 0,
    nonZeroMemory: 0,
    usedPorts: [],
    imageSizes,
    generation: nextGeneration(index),
  };
}

/**
 * NodeInfo.RemovePod: take a pod's requests, affinity lists and host ports off its node. Used ports are a set
 * upstream (HostPortInfo.Remove deletes the (ip, protocol, port) entry), so removing a pod frees each of its
 * ports even when another pod on the node uses the same one — as the preemption dry run sees it.
 */
export function removePodFromNode(ni: NodeInfo, p: PodInfo): void {
  const i = ni.pods.indexOf(p);
  if (i < 0) throw new Error(`schedkit: pod ${p.pod.namespace}/${p.pod.name} is not on node ${ni.node.name}`);
  ni.pods.splice(i, 1);
  const a = ni.podsWithAffinity.indexOf(p);
  if (a >= 0) ni.podsWithAffinity.splice(a, 1);
  const r = ni.podsWithRequiredAntiAffinity.indexOf(p);
  if (r >= 0) ni.podsWithRequiredAntiAffinity.splice(r, 1);
  const q = p.requests;
  const req = ni.requested;
  req.milliCPU -= q.milliCPU;
  req.memory -= q.memory;
  req.ephemeralStorage -= q.ephemeralStorage;
  if (q.scalar.size > 0) {
    const sc = ownScalars(req);
    for (const [k, v] of q.scalar) sc.set(k, (sc.get(k) ?? 0) - v);
  }
  ni.nonZeroMilliCPU -= p.nonZeroMilliCPU;
  ni.nonZeroMemory -= p.nonZeroMemory;
  // An index, as addPodToNode (the frozen empty list: no iterator per removal of a preemption's dry run).
  const ports = p.hostPorts;
  for (let i = 0; i < ports.length; i++) {
    const hp = ports[i]!;
    for (let j = ni.usedPorts.length - 1; j >= 0; j--) {
      const u = ni.usedPorts[j]!;
      if (u.hostPort === hp.hostPort && u.protocol === hp.protocol && u.hostIP === hp.hostIP) ni.usedPorts.splice(j, 1);
    }
  }
  ni.generation = nextGeneration(ni.index);
}

/** A copy of a NodeInfo that can be changed without touching the original (NodeInfo.Snapshot). */
export function cloneNodeInfo(ni: NodeInfo): NodeInfo {
  // Literals in newNodeInfo's and emptyResource's field order, not spreads: a copy then has its original's
  // hidden class, whose number fields hold doubles in place. A spread's copy had a class of its own whose
  // fields did not, so every assume's store of a sum past 2³⁰ (memory in bytes) boxed a new number.
  const r = ni.requested;
  return {
    node: ni.node,
    index: ni.index,
    allocatable: ni.allocatable,
    pods: ni.pods.slice(),
    podsWithAffinity: ni.podsWithAffinity.slice(),
    podsWithRequiredAntiAffinity: ni.podsWithRequiredAntiAffinity.slice(),
    requested: { milliCPU: r.milliCPU, memory: r.memory, ephemeralStorage: r.ephemeralStorage, allowedPodNumber: r.allowedPodNumber, scalar: r.scalar.size === 0 ? NO_SCALARS : new Map(r.scalar) },
    nonZeroMilliCPU: ni.nonZeroMilliCPU,
    nonZeroMemory: ni.nonZeroMemory,
    usedPorts: ni.usedPorts.slice(),
    imageSizes: ni.imageSizes,
    generation: ni.generation,
  };
}

/** The scheduler's mutable view of the cluster. */
export class Snapshot implements SnapshotView {
  readonly nodes: NodeInfo[];
  private readonly byName: Map<string, NodeInfo>;
  private readonly images: Map<string, ImageState>;
  private readonly namespaces: ReadonlyMap<string, Labels>;
  /** The listers of objects beyond nodes and pods. */
  readonly listers: Listers;
  private withAffinity: NodeInfo[] | null = null;
  private withAntiAffinity: NodeInfo[] | null = null;
  /** The pods nominated to nodes (the scheduling queue's nominator), which filtering yields to. */
  nominator = new Nominator();
  /** The DRA manager's state, copied per scheduler: devices reserved by placed pods are in use from then on. */
  private draState: DraState | undefined;

  private constructor(nodes: NodeInfo[], images: Map<string, ImageState>, namespaces: ReadonlyMap<string, Labels>, listers: Listers) {
    this.nodes = nodes;
    this.listers = listers;
    this.images = images;
    this.namespaces = namespaces;
    this.byName = new Map(nodes.map((n) => [n.node.name, n]));
    this.draState = listers.dra;
  }

  /** Builds the snapshot; `boundPods` must already be PodInfos whose nodeName exists (checked by the caller). */
  static build(nodes: readonly Node[], boundPods: readonly PodInfo[], namespaces: ReadonlyMap<string, Labels>, listers: Listers = NO_LISTERS): Snapshot {
    const infos = nodes.map((n, i) => newNodeInfo(n, i));
    // The scheduler cache keeps one summary per image name (backend/cache/cache.go addNodeImageStates): its
    // size is the sizeBytes of the first node (in the order nodes were added) that listed the name, and every
    // node's ImageStates points at that summary. numNodes counts the nodes listing the name (once per node).
    const sizes = new Map<string, number>();
    const counts = new Map<string, number>();
    for (const n of nodes) {
      const seen = new Set<string>();
      for (const img of n.images) {
        for (const name of img.names) {
          if (!sizes.has(name)) sizes.set(name, img.sizeBytes);
          if (seen.has(name)) continue;
          seen.add(name);
          counts.set(name, (counts.get(name) ?? 0) + 1);
        }
      }
    }
    const images = new Map<string, ImageState>();
    for (const [name, sizeBytes] of sizes) images.set(name, { sizeBytes, numNodes: counts.get(name)! });
    for (const ni of infos) for (const name of ni.imageSizes.keys()) (ni.imageSizes as Map<string, number>).set(name, sizes.get(name)!);
    const snap = new Snapshot(infos, images, namespaces, listers);
    for (const p of boundPods) {
      const ni = snap.byName.get(p.pod.nodeName);
      if (ni === undefined) throw new SchedkitError("", p.pod.nodeName, `pod ${p.pod.namespace}/${p.pod.name} is bound to a node that does not exist`);
      addPodToNode(ni, p);
    }
    return snap;
  }

  /**
   * A base snapshot (one never mutated, as a Cluster keeps) with pod-less nodes appended, sharing the base's
   * NodeInfos as clone() would copy them, instead of building every node again. null when an added node lists
   * images: those change the image summaries (numNodes) that build() computes over every node.
   */
  static withAddedNodes(base: Snapshot, extra: readonly Node[]): Snapshot | null {
    if (extra.some((n) => n.images.length > 0)) return null;
    const infos = base.nodes.slice();
    for (const n of extra) infos.push(newNodeInfo(n, infos.length));
    return new Snapshot(infos, base.images, base.namespaces, base.listers);
  }

  clone(): Snapshot {
    const s = new Snapshot(this.nodes.map(cloneNodeInfo), this.images, this.namespaces, this.listers);
    s.nominator = this.nominator.clone();
    s.draState = this.draState?.clone();
    return s;
  }

  getNode(name: string): NodeInfo | undefined {
    return this.byName.get(name);
  }

  /** Assume a pod onto a node (scheduler cache AssumePod). */
  assume(p: PodInfo, nodeName: string): void {
    const ni = this.byName.get(nodeName);
    if (ni === undefined) throw new SchedkitError("nodeName", nodeName, "is not a node of this cluster");
    this.assumeOn(ni, p);
  }

  /** @internal assume onto `ni`, one of this snapshot's nodes (an engine that has it by index: no lookup by name). */
  assumeOn(ni: NodeInfo, p: PodInfo): void {
    addPodToNode(ni, p);
    // assumeAndReserve: DynamicResources' Reserve marks the devices its Filter allocated on this node in use.
    this.draState?.reserve(podKey(p.pod), ni.node.name);
    // An assumed pod is no longer nominated (DeleteNominatedPodIfExists).
    this.nominator.remove(p);
    if (hasAffinity(p)) this.withAffinity = null;
    if (p.requiredAntiAffinityTerms.length > 0) this.withAntiAffinity = null;
  }

  /**
   * Deletes pods from `nodeName` (a preemption's victims: executor.go PreemptPod deletes them through the API,
   * and the scheduler cache's RemovePod follows). A deleted pod is no longer nominated anywhere either.
   */
  evict(nodeName: string, victims: readonly PodInfo[]): void {
    const ni = this.byName.get(nodeName);
    if (ni === undefined) throw new SchedkitError("nodeName", nodeName, "is not a node of this cluster");
    for (const v of victims) {
      removePodFromNode(ni, v);
      this.nominator.remove(v);
      if (hasAffinity(v)) this.withAffinity = null;
      if (v.requiredAntiAffinityTerms.length > 0) this.withAntiAffinity = null;
    }
  }

  havePodsWithAffinity(): readonly NodeInfo[] {
    return (this.withAffinity ??= this.nodes.filter((n) => n.podsWithAffinity.length > 0));
  }

  havePodsWithRequiredAntiAffinity(): readonly NodeInfo[] {
    return (this.withAntiAffinity ??= this.nodes.filter((n) => n.podsWithRequiredAntiAffinity.length > 0));
  }

  imageState(name: string): ImageState | undefined {
    return this.images.get(name);
  }

  namespaceLabels(namespace: string): Labels | undefined {
    return this.namespaces.get(namespace);
  }

  get selecting(): SelectingObjects {
    return this.listers.selecting;
  }

  get podDisruptionBudgets(): readonly PodDisruptionBudget[] {
    return this.listers.podDisruptionBudgets;
  }

  get deviceClasses(): DeviceClassResolver | undefined {
    return this.listers.deviceClasses;
  }

  get dra(): DraState | undefined {
    return this.draState;
  }
}
