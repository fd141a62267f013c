// component-helpers: resource/helpers.go PodRequests / AggregateContainerRequests, and the scheduler's
// non-zero variant (pkg/scheduler/util/pod_resources.go, framework/types.go calculateResource); docs/scheduler.md §2.1.
// aggregateContainers is the one container aggregation rule: PodRequests for the scheduler and PodRequests /
// PodLimits for the kubelet's cgroup math (cgroup/pod-spec.ts, docs/cgroup-overcommit.md §1.5).
import type { ContainerResources, PodResourceSpec } from "../model/kube.js";
import type { Container, ContainerStatus, Pod, QuantityList } from "../model/types.js";
import { Quantity } from "../quantity.js";
import type { FeatureGates } from "./interfaces.js";

/** DefaultMilliCPURequest: 100m for a container that sets no cpu request (scoring only). */
const DEFAULT_MILLI_CPU_REQUEST = 100;
/** DefaultMemoryRequest: 200 MiB for a container that sets no memory request (scoring only). */
const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

const DEFAULT_CPU_Q = Quantity.fromInteger(DEFAULT_MILLI_CPU_REQUEST, -3);
const DEFAULT_MEM_Q = Quantity.fromInteger(DEFAULT_MEMORY_REQUEST, 0, "BinarySI");

type Sums = Map<string, Quantity>;

function addInto(into: Sums, list: QuantityList): void {
  for (const [k, q] of list) {
    const prev = into.get(k);
    into.set(k, prev === undefined ? q : prev.add(q));
  }
}

function maxInto(into: Sums, list: QuantityList): void {
  for (const [k, q] of list) {
    const prev = into.get(k);
    if (prev === undefined || q.cmp(prev) > 0) into.set(k, q);
  }
}

function maxOf(...lists: (QuantityList | null)[]): Sums {
  const out: Sums = new Map();
  for (const l of lists) if (l !== null) maxInto(out, l);
  return out;
}

/** Whether a resource may be set at pod level (IsSupportedPodLevelResource). */
export function isSupportedPodLevelResource(name: string): boolean {
  return name === "cpu" || name === "memory" || name.startsWith("hugepages-");
}

// v0.33–v0.36 AggregateContainerRequests: one map of containerStatuses then initContainerStatuses, so a later
// entry of the same name wins.
function statusByName(pod: Pod): Map<string, ContainerStatus> | null {
  if (pod.containerStatuses.length === 0 && pod.initContainerStatuses.length === 0) return null;
  const m = new Map<string, ContainerStatus>();
  for (const s of pod.containerStatuses) m.set(s.name, s);
  for (const s of pod.initContainerStatuses) m.set(s.name, s);
  return m;
}

// v0.33–v0.36 determineContainerReqs / determineEffectiveRequests: a container whose status has `resources`
// counts the max of what the spec asks, what the kubelet actuated and what it allocated, per container; an
// infeasible resize drops the spec.
function containerRequests(pod: Pod, c: Container, statuses: Map<string, ContainerStatus> | null): QuantityList {
  const cs = statuses?.get(c.name);
  if (cs === undefined || !cs.hasResources) return c.requests;
  if (pod.resizeInfeasible) return maxOf(cs.actuatedRequests, cs.allocatedRequests);
  return maxOf(c.requests, cs.actuatedRequests, cs.allocatedRequests);
}

// v0.37 findContainerStatus: the first containerStatuses entry of that name, else the first initContainerStatuses one.
function findContainerStatus(pod: Pod, name: string): ContainerStatus | undefined {
  return pod.containerStatuses.find((s) => s.name === name) ?? pod.initContainerStatuses.find((s) => s.name === name);
}

/** One container's list as a v0.37 getResourceList sees it; null is Go's nil list. */
type ContainerList = (c: Container, cs: ContainerStatus | undefined, infeasible: boolean) => QuantityList | null;

// v0.37 containerSpecRequests / containerAllocatedRequests / containerActuatedRequests.
const specRequests: ContainerList = (c) => c.requests;
const allocatedRequests: ContainerList = (c, cs, infeasible) => {
  if (cs !== undefined && cs.allocatedRequests !== null) return cs.allocatedRequests;
  return infeasible ? null : c.requests;
};
const actuatedRequests: ContainerList = (c, cs, infeasible) => {
  if (cs !== undefined && cs.actuatedRequests !== null) return cs.actuatedRequests;
  if (cs !== undefined && cs.allocatedRequests !== null) return cs.allocatedRequests;
  return infeasible ? null : c.requests;
};

function withDefaults(list: QuantityList): QuantityList {
  if (list.has("cpu") && list.has("memory")) return list;
  const out = new Map(list);
  if (!out.has("cpu")) out.set("cpu", DEFAULT_CPU_Q);
  if (!out.has("memory")) out.set("memory", DEFAULT_MEM_Q);
  return out;
}

/**
 * How the pod-requests rules add, compare and override one representation of resource lists: the exact
 * Quantity maps here, or the cgroup math's exact cpu/memory integers (cgroup/cpu-memory.ts).
 */
export interface ResourceAccumulator<A, L> {
  empty(): A;
  copy(a: A): A;
  /** into += list */
  add(into: A, list: L): void;
  /** into = max(into, other), per resource */
  max(into: A, other: A): void;
  /** IsPodLevelRequestsSet / IsPodLevelLimitsSet on one list: it sets a supported pod-level resource. */
  setsPodLevel(list: L): boolean;
  /** applyPodLevelResources: the supported pod-level resources of `list` replace those of `into`. */
  applyPodLevel(into: A, list: L): void;
  /** PodLimits: `list` (the overhead) added to every non-zero resource of `into`. */
  addToNonZero(into: A, list: L): void;
}

/**
 * component-helpers resource/helpers.go AggregateContainerRequests / AggregateContainerLimits, before pod
 * overhead (aggregateContainerResourcesByFn): max(Σ app + Σ sidecars, max over init containers of (its own +
 * the sidecars started before it)). Sidecars run beside the app containers and beside every later init
 * container. `list` reads a container's list (`init` for an init container).
 */
function aggregateContainers<A, L, C extends ContainerResources<unknown>>(
  containers: readonly C[],
  initContainers: readonly C[],
  list: (c: C, init: boolean) => L,
  acc: ResourceAccumulator<A, L>,
): A {
  const total = acc.empty();
  // Index loops: this runs once per pod of a fleet, and an array iterator here is an allocation per pod
  // (docs/performance.md, the layered section).
  for (let i = 0; i < containers.length; i++) acc.add(total, list(containers[i]!, false));
  // Made for the first init container: most pods have none, and max(total, nothing) changes nothing.
  let sidecars: A | null = null;
  let initMax: A | null = null;
  for (let i = 0; i < initContainers.length; i++) {
    const c = initContainers[i]!;
    sidecars ??= acc.empty();
    initMax ??= acc.empty();
    const l = list(c, true);
    if (c.restartPolicy === "Always") {
      acc.add(total, l);
      acc.add(sidecars, l);
      acc.max(initMax, sidecars);
    } else {
      const use = acc.copy(sidecars);
      acc.add(use, l);
      acc.max(initMax, use);
    }
  }
  if (initMax !== null) acc.max(total, initMax);
  return total;
}

/** PodRequests after the container aggregate: pod-level requests (when set) replace their keys, then overhead is added. */
function finishRequests<A, L>(reqs: A, podLevel: L | null, overhead: L, acc: ResourceAccumulator<A, L>): A {
  if (podLevel !== null) acc.applyPodLevel(reqs, podLevel);
  acc.add(reqs, overhead);
  return reqs;
}

const QUANTITY_SUMS: ResourceAccumulator<Sums, QuantityList> = {
  empty: () => new Map(),
  copy: (a) => new Map(a),
  add: addInto,
  max: maxInto,
  setsPodLevel: podLevelSet,
  applyPodLevel: (into, list) => {
    for (const [k, q] of list) if (isSupportedPodLevelResource(k)) into.set(k, q);
  },
  addToNonZero: (into, list) => {
    for (const [k, q] of list) {
      const l = into.get(k);
      if (l !== undefined && l.sign() !== 0) into.set(k, l.add(q));
    }
  },
};

const requestsOf = <L>(c: ContainerResources<L>): L => c.requests;
const limitsOf = <L>(c: ContainerResources<L>): L => c.limits;

/**
 * component-helpers PodRequests from the spec alone (UseStatusResources false, no DRA claims, no non-zero
 * defaults), as the kubelet's ResourceConfigForPod calls it, in any list representation.
 */
export function podSpecRequests<A, L>(pod: PodResourceSpec<L>, acc: ResourceAccumulator<A, L>, podLevelResources: boolean): A {
  const res = pod.podResources;
  const podLevel = podLevelResources && res !== null && acc.setsPodLevel(res.requests) ? res.requests : null;
  return finishRequests(aggregateContainers(pod.containers, pod.initContainers, requestsOf, acc), podLevel, pod.overhead, acc);
}

/**
 * component-helpers resource/helpers.go PodLimits from the spec (UseStatusResources false, as the kubelet's
 * ResourceConfigForPod calls it): the container aggregation, pod-level limits for the keys they set when any
 * pod-level resource is set (IsPodLevelResourcesSet), then overhead added to every non-zero limit.
 */
export function podSpecLimits<A, L>(pod: PodResourceSpec<L>, acc: ResourceAccumulator<A, L>, podLevelResources: boolean): A {
  const limits = aggregateContainers(pod.containers, pod.initContainers, limitsOf, acc);
  const res = pod.podResources;
  if (podLevelResources && res !== null && (acc.setsPodLevel(res.requests) || acc.setsPodLevel(res.limits))) acc.applyPodLevel(limits, res.limits);
  acc.addToNonZero(limits, pod.overhead);
  return limits;
}

/** podSpecLimits over the model's Quantity maps. */
export function podLimitQuantities(pod: PodResourceSpec, features: FeatureGates): Sums {
  return podSpecLimits(pod, QUANTITY_SUMS, features.podLevelResources);
}

/** podSpecRequests over the model's Quantity maps. */
export function podSpecRequestQuantities(pod: PodResourceSpec, features: FeatureGates): Sums {
  return podSpecRequests(pod, QUANTITY_SUMS, features.podLevelResources);
}

/**
 * v0.37 aggregateContainerResourcesByFn: the sidecar-aware aggregate of one view (spec, allocated or actuated)
 * of every container, each container's status looked up by name (init containers too, sidecar or not).
 */
function aggregateView(pod: Pod, view: ContainerList, nonZero: boolean): Sums {
  const infeasible = pod.resizeInfeasible;
  // applyNonMissing fills cpu/memory into a nil list as well.
  const list = (c: Container): QuantityList => {
    const l = view(c, findContainerStatus(pod, c.name), infeasible) ?? EMPTY;
    return nonZero ? withDefaults(l) : l;
  };
  return aggregateContainers(pod.containers, pod.initContainers, list, QUANTITY_SUMS);
}

const EMPTY: QuantityList = new Map();

/**
 * v0.37 AggregateContainerRequests with UseStatusResources: max(spec, actuated, allocated) of the three
 * totals, each summed over the containers (not the sum of per-container maxima: two containers whose spec and
 * allocated requests cross count less). An infeasible resize drops the spec total. DRA node-allocatable
 * claims join the spec and the container-summed allocated totals, not the actuated one.
 */
function statusAwareRequests(pod: Pod, features: FeatureGates, nonZero: boolean, dra: QuantityList | null): Sums {
  const spec = aggregateView(pod, specRequests, nonZero);
  if (dra !== null) addInto(spec, dra);
  let allocated: QuantityList;
  let actuated: QuantityList;
  // InPlacePodLevelResourcesVerticalScaling (alpha 1.35, beta on 1.36): pod-level status totals, when both are
  // reported, already sum the containers and include DRA (v0.37 AggregateContainerRequests).
  if (features.inPlacePodLevelResourcesVerticalScaling && pod.statusPodAllocated !== null && pod.statusPodRequests !== null) {
    allocated = pod.statusPodAllocated;
    actuated = pod.statusPodRequests;
  } else {
    const a = aggregateView(pod, allocatedRequests, nonZero);
    if (dra !== null) addInto(a, dra);
    allocated = a;
    actuated = aggregateView(pod, actuatedRequests, nonZero);
  }
  return pod.resizeInfeasible ? maxOf(actuated, allocated) : maxOf(spec, actuated, allocated);
}

/** Exact per-resource pod requests (before unit conversion). `nonZero` fills missing cpu/memory per container. */
export function podRequestQuantities(pod: Pod, features: FeatureGates, nonZero: boolean): Sums {
  const useStatus = features.inPlacePodVerticalScaling;
  // DRANodeAllocatableResources (component-helpers AggregateContainerRequests → addDRANodeAllocatableClaimResources):
  // what DRA allocated from node-allocatable resources joins the container aggregate, before pod-level requests
  // replace cpu/memory and before overhead. Only a bound pod's status counts: for the pod being scheduled
  // NodeResourcesFit's PreFilter and scorers compute its request without UseDRANodeAllocatableResourceClaimStatus
  // (fit.go PreFilter, resource_allocation.go calculatePodResourceRequest), and assume overwrites the status with
  // what this cycle's DynamicResources allocated (schedule_one.go assume) — nothing, for pods without claims.
  const dra = features.draNodeAllocatableResources && pod.nodeName !== "" && pod.draNodeAllocatable !== undefined ? pod.draNodeAllocatable : null;
  let reqs: Sums;
  if (useStatus && features.statusRequestsMaxOfSums) {
    reqs = statusAwareRequests(pod, features, nonZero, dra);
  } else {
    const statuses = useStatus ? statusByName(pod) : null;
    // v0.33–v0.36 read the status of app containers and restartable init containers only.
    const list = (c: Container, init: boolean): QuantityList => {
      const r = init && c.restartPolicy !== "Always" ? c.requests : containerRequests(pod, c, statuses);
      return nonZero ? withDefaults(r) : r;
    };
    reqs = aggregateContainers(pod.containers, pod.initContainers, list, QUANTITY_SUMS);
    if (dra !== null) addInto(reqs, dra);
  }

  // Pod-level requests replace the container aggregate for the keys they set (PodLevelResources).
  const podLevel = pod.podResources?.requests;
  let effective: QuantityList | null = null;
  if (features.podLevelResources && podLevel !== undefined && podLevelSet(podLevel)) {
    // PodRequests → effectivePodLevelResources (v0.35–v0.37): under InPlacePodLevelResourcesVerticalScaling, and
    // only when status.resources is set.
    effective =
      useStatus && features.inPlacePodLevelResourcesVerticalScaling && pod.statusPodResourcesSet
        ? pod.resizeInfeasible
          ? maxOf(pod.statusPodRequests, pod.statusPodAllocated)
          : maxOf(podLevel, pod.statusPodRequests, pod.statusPodAllocated)
        : podLevel;
  }
  return finishRequests(reqs, effective, pod.overhead, QUANTITY_SUMS);
}

/** Whether spec.resources sets a supported resource (component-helpers IsPodLevelResourcesSet / IsPodLevelRequestsSet). */
function podLevelSet(list: QuantityList | undefined): boolean {
  if (list === undefined) return false;
  for (const k of list.keys()) if (isSupportedPodLevelResource(k)) return true;
  return false;
}

/** pkg/scheduler/util IsScalarResourceName: extended, hugepages-*, prefixed native or attachable-volumes-*. */
export function isScalarResourceName(name: string): boolean {
  if (name.startsWith("hugepages-") || name.startsWith("attachable-volumes-")) return true;
  if (name.includes("kubernetes.io/")) return true;
  // Extended: not native (native = no "/" or kubernetes.io/ prefixed) and not a quota "requests." name.
  return name.includes("/") && !name.startsWith("requests.");
}
