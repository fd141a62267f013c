// The pod the cgroup math reads: the same v1.Pod the scheduler takes, parsed for its resources only
// (model/kube.ts podResourceSpecFromKube: containers, init containers, overhead, spec.resources, with
// podFromKube's validation and field paths) and reduced to the integers the kubelet's ResourceConfigForPod
// works on (pkg/kubelet/cm/helpers_linux.go). The totals come from the scheduler's own pod-requests rules
// (framework/pod-requests.ts podSpecRequests / podSpecLimits, component-helpers PodRequests / PodLimits):
// over exact cpu/memory integers (cpu-memory.ts) when every quantity is a whole millicore or byte, over the
// Quantity maps otherwise.
import { DomainError } from "../errors.js";
import { resolveFeatureGates } from "../framework/features.js";
import type { FeatureGates } from "../framework/interfaces.js";
import { isSupportedPodLevelResource, podLimitQuantities, podSpecLimits, podSpecRequestQuantities, podSpecRequests } from "../framework/pod-requests.js";
import { parseKubeVersion } from "../framework/version.js";
import { podResourceSpecFromKube, QUANTITY_LISTS, type ContainerResources, type PodResourceSpec } from "../model/kube.js";
import type { QuantityList } from "../model/types.js";
import type { Quantity } from "../quantity.js";
import { MAX_MILLI_CPU } from "./constants.js";
import { CPU_MEMORY, CPU_MEMORY_SUMS, type CpuMemoryList } from "./cpu-memory.js";
import { LeanPodReader } from "./lean-pod.js";

/** Kubernetes pod QoS class. */
export type PodQOSClass = "Guaranteed" | "Burstable" | "BestEffort";

/** One container's cpu (millicores) and memory (bytes); 0 where the list does not set it. */
interface CgroupContainer {
  readonly name: string;
  readonly requestCpu: number;
  readonly limitCpu: number;
  readonly requestMemory: number;
  readonly limitMemory: number;
}

/** What ResourceConfigForPod reads of a pod's resources as a whole: its QoS, totals and declared limits. */
export interface CgroupTotals {
  readonly qos: PodQOSClass;
  /** PodRequests / PodLimits cpu in millicores and memory in bytes (0 when unset). */
  readonly requestCpu: number;
  readonly requestMemory: number;
  readonly limitCpu: number;
  readonly limitMemory: number;
  /** helpers_linux.go ResourceConfigForPod: every container has a non-zero cpu (memory) limit, or the pod sets one. */
  readonly cpuLimitsDeclared: boolean;
  readonly memoryLimitsDeclared: boolean;
}

/** The derived, numeric pod: what ResourceConfigForPod and the QoS-level cgroups read of a v1.Pod. */
export interface CgroupPod extends CgroupTotals {
  readonly name: string;
  readonly namespace: string;
  /** The containers that keep running: restartable init containers (sidecars), then the app containers. */
  readonly running: readonly CgroupContainer[];
}

// The cgroup math follows the kubelet of v1.37 (helpers_linux.go ResourceConfigForPod, qos.go ComputePodQOS):
// PodLevelResources on (beta since 1.34), PodLevelResourcesFixKubeletQOSClass on (beta in 1.37: the pod-level
// QoS needs a supported pod-level resource, IsPodLevelResourcesSet), DRANodeAllocatableResources off (alpha).
const KUBELET_GATES: FeatureGates = resolveFeatureGates(parseKubeVersion("1.37"), undefined);
const MAX_BYTES = Number.MAX_SAFE_INTEGER;
const MAX_MILLI_CPU_BIG = BigInt(MAX_MILLI_CPU);
const MAX_BYTES_BIG = BigInt(MAX_BYTES);
const TWO_POW_53 = 2 ** 53;

// cpu in millicores (≤ MAX_MILLI_CPU), memory in bytes (≤ 2^53 − 1); 0 when the list does not set it.
const UNITS = {
  cpu: { max: MAX_MILLI_CPU_BIG, read: (q: Quantity) => q.milliValue(), domain: `${MAX_MILLI_CPU}m, the largest cpu` },
  memory: { max: MAX_BYTES_BIG, read: (q: Quantity) => q.value(), domain: `${MAX_BYTES} bytes, the largest memory` },
} as const;

function amount(list: ReadonlyMap<string, Quantity>, resource: keyof typeof UNITS, path: string): number {
  const q = list.get(resource);
  if (q === undefined) return 0;
  const unit = UNITS[resource];
  const v = unit.read(q);
  if (v > unit.max) throw new DomainError(path, q.toDecimalString(), `is above ${unit.domain} the exact integer math accepts`);
  return Number(v);
}

const cpuOf = (list: ReadonlyMap<string, Quantity>, path: string) => amount(list, "cpu", path);
const memoryOf = (list: ReadonlyMap<string, Quantity>, path: string) => amount(list, "memory", path);

function container(c: ContainerResources, path: string): CgroupContainer {
  const rp = `${path}.resources`;
  return {
    name: c.name,
    requestCpu: cpuOf(c.requests, `${rp}.requests.cpu`),
    limitCpu: cpuOf(c.limits, `${rp}.limits.cpu`),
    requestMemory: memoryOf(c.requests, `${rp}.requests.memory`),
    limitMemory: memoryOf(c.limits, `${rp}.limits.memory`),
  };
}

/**
 * qos.go ComputePodQOS (v1.37): from spec.resources when it sets a supported pod-level resource
 * (PodLevelResources, PodLevelResourcesFixKubeletQOSClass), otherwise container by container (init containers
 * first, then app containers): any Burstable container makes the pod Burstable, and so does a mix of
 * Guaranteed and BestEffort containers.
 */
function computePodQOS<L>(pod: PodResourceSpec<L>, podLevel: boolean, shape: ResourceQOS<L>): PodQOSClass {
  if (podLevel) return requirementsQOS(pod.podResources!.requests, pod.podResources!.limits, shape);
  let qos: PodQOSClass | "" = "";
  for (let l = 0; l < 2; l++) {
    const list = l === 0 ? pod.initContainers : pod.containers;
    for (let i = 0; i < list.length; i++) {
      const c = list[i]!;
      const r = requirementsQOS(c.requests, c.limits, shape);
      if (r === "Burstable") return r;
      if (qos === "") qos = r;
      else if (qos !== r) return "Burstable";
    }
  }
  return qos === "" ? "BestEffort" : qos;
}

/** qos.go resourceQOS for one resource of a requests/limits pair. */
type ResourceQOS<L> = (requests: L, limits: L, resource: "cpu" | "memory") => PodQOSClass;

/**
 * qos.go requirementsQOS: cpu and memory only (supportedQoSComputeResources), each BestEffort (request and limit
 * both zero or unset), Guaranteed (equal and non-zero) or Burstable (unequal); one Burstable resource, or a mix,
 * makes the set Burstable. (Empty lists are BestEffort, as both resources then are.)
 */
function requirementsQOS<L>(requests: L, limits: L, shape: ResourceQOS<L>): PodQOSClass {
  const cpu = shape(requests, limits, "cpu");
  if (cpu === "Burstable") return cpu;
  const memory = shape(requests, limits, "memory");
  return memory === cpu ? cpu : "Burstable";
}

const ZERO = (q: Quantity | undefined) => q === undefined || q.isZero();

const quantityQOS: ResourceQOS<QuantityList> = (requests, limits, resource) => {
  const req = requests.get(resource);
  const lim = limits.get(resource);
  // Quantity.Equal: an unset quantity is zero.
  const equal = ZERO(req) ? ZERO(lim) : lim !== undefined && req!.cmp(lim) === 0;
  return !equal ? "Burstable" : ZERO(req) ? "BestEffort" : "Guaranteed";
};

// Named loads: `requests[resource]` is a keyed load on every container of every pod of a fleet.
const numericQOS: ResourceQOS<CpuMemoryList> = (requests, limits, resource) => {
  const cpu = resource === "cpu";
  const req = cpu ? requests.cpu : requests.memory;
  return req !== (cpu ? limits.cpu : limits.memory) ? "Burstable" : req === 0 ? "BestEffort" : "Guaranteed";
};

function podLevelSet(pod: PodResourceSpec, gates: FeatureGates): boolean {
  const res = pod.podResources;
  if (!gates.podLevelResources || res === null) return false;
  for (const k of res.requests.keys()) if (isSupportedPodLevelResource(k)) return true;
  for (const k of res.limits.keys()) if (isSupportedPodLevelResource(k)) return true;
  return false;
}

/** The numeric pod of a pod's resources in Quantity maps (a parsed model pod, or any pod the integers cannot carry); `path` names it in errors (`pods[2]`). */
export function cgroupPodOf(pod: PodResourceSpec, path: string): CgroupPod {
  const sp = `${path}.spec`;
  const app = pod.containers.map((c, i) => container(c, `${sp}.containers[${i}]`));
  const init = pod.initContainers.map((c, i) => container(c, `${sp}.initContainers[${i}]`));
  // ResourceConfigForPod reads the spec, never the in-place-resize status (UseStatusResources: false).
  const requests = podSpecRequestQuantities(pod, KUBELET_GATES);
  const limits = podLimitQuantities(pod, KUBELET_GATES);
  const podLevel = podLevelSet(pod, KUBELET_GATES);
  let cpuLimitsDeclared = true;
  let memoryLimitsDeclared = true;
  for (const c of init.concat(app)) {
    if (c.limitCpu === 0) cpuLimitsDeclared = false;
    if (c.limitMemory === 0) memoryLimitsDeclared = false;
  }
  if (podLevel) {
    const lim = pod.podResources!.limits;
    if (cpuOf(lim, `${sp}.resources.limits.cpu`) !== 0) cpuLimitsDeclared = true;
    if (memoryOf(lim, `${sp}.resources.limits.memory`) !== 0) memoryLimitsDeclared = true;
  }
  const total = (which: string) => `${path} ${which}`;
  return {
    name: pod.name,
    namespace: pod.namespace,
    qos: computePodQOS(pod, podLevel, quantityQOS),
    requestCpu: cpuOf(requests, total("requests.cpu")),
    requestMemory: memoryOf(requests, total("requests.memory")),
    limitCpu: cpuOf(limits, total("limits.cpu")),
    limitMemory: memoryOf(limits, total("limits.memory")),
    cpuLimitsDeclared,
    memoryLimitsDeclared,
    running: init.filter((_, i) => pod.initContainers[i]!.restartPolicy === "Always").concat(app),
  };
}

const numericContainer = (c: ContainerResources<CpuMemoryList>): CgroupContainer => ({
  name: c.name,
  requestCpu: c.requests.cpu,
  limitCpu: c.limits.cpu,
  requestMemory: c.requests.memory,
  limitMemory: c.limits.memory,
});

const LEAN = new LeanPodReader();

/** A CgroupTotals to fill in place (one per caller, refilled pod after pod). */
export type MutableCgroupTotals = { -readonly [K in keyof CgroupTotals]: CgroupTotals[K] };

/**
 * cgroupPodOf's totals over exact integers, written into `into`; false (and `into` unspecified) when the
 * integers cannot stand in for the Quantity sums: a value that is not a whole millicore or byte, a sum that
 * could reach 2^53, or a total beyond the exact domain (the Quantity path then computes it, or raises the
 * domain error).
 */
export function numericCgroupTotals(pod: PodResourceSpec<CpuMemoryList>, into: MutableCgroupTotals): boolean {
  // Every partial sum the aggregation forms is at most the sum of all values; below 2^53 all are exact. The
  // same walk notes whether every container declares cpu and memory limits (ResourceConfigForPod).
  let bound = 0;
  let exact = true;
  let cpuLimitsDeclared = true;
  let memoryLimitsDeclared = true;
  for (let l = 0; l < 2; l++) {
    const list = l === 0 ? pod.initContainers : pod.containers;
    for (let i = 0; i < list.length; i++) {
      const c = list[i]!;
      const req = c.requests;
      const lim = c.limits;
      exact &&= req.exact && lim.exact;
      bound += req.cpu + req.memory + lim.cpu + lim.memory;
      if (lim.cpu === 0) cpuLimitsDeclared = false;
      if (lim.memory === 0) memoryLimitsDeclared = false;
    }
  }
  const res = pod.podResources;
  exact &&= pod.overhead.exact && (res === null || (res.requests.exact && res.limits.exact));
  bound += pod.overhead.cpu + pod.overhead.memory;
  if (res !== null) bound += res.requests.cpu + res.requests.memory + res.limits.cpu + res.limits.memory;
  if (!exact || !(bound < TWO_POW_53)) return false;
  const podLevelResources = KUBELET_GATES.podLevelResources;
  const requests = podSpecRequests(pod, CPU_MEMORY_SUMS, podLevelResources);
  const limits = podSpecLimits(pod, CPU_MEMORY_SUMS, podLevelResources);
  if (requests.cpu > MAX_MILLI_CPU || limits.cpu > MAX_MILLI_CPU) return false;
  const podLevel = podLevelResources && res !== null && (res.requests.podLevel || res.limits.podLevel);
  if (podLevel) {
    if (res!.limits.cpu !== 0) cpuLimitsDeclared = true;
    if (res!.limits.memory !== 0) memoryLimitsDeclared = true;
  }
  into.qos = computePodQOS(pod, podLevel, numericQOS);
  into.requestCpu = requests.cpu;
  into.requestMemory = requests.memory;
  into.limitCpu = limits.cpu;
  into.limitMemory = limits.memory;
  into.cpuLimitsDeclared = cpuLimitsDeclared;
  into.memoryLimitsDeclared = memoryLimitsDeclared;
  return true;
}

/** numericCgroupTotals with the running containers, or null where the Quantity path must decide. */
function numericCgroupPod(pod: PodResourceSpec<CpuMemoryList>): CgroupPod | null {
  const totals = {} as MutableCgroupTotals;
  if (!numericCgroupTotals(pod, totals)) return null;
  const running: CgroupContainer[] = [];
  for (const c of pod.initContainers) if (c.restartPolicy === "Always") running.push(numericContainer(c));
  for (const c of pod.containers) running.push(numericContainer(c));
  return { name: pod.name, namespace: pod.namespace, ...totals, running };
}

/** The pod's CPU limit as its cgroup gets it (PodLimits cpu), or null when the kubelet sets no pod quota (cpuLimitsDeclared). */
export function podCpuLimit(pod: PodResourceSpec, path: string): number | null {
  const c = cgroupPodOf(pod, path);
  return c.cpuLimitsDeclared ? c.limitCpu : null;
}

/**
 * Parses a v1.Pod into its numeric cgroup form, reading only what the cgroup math reads (podResourceSpecFromKube:
 * validated as createCluster validates those fields, with the same errors; a pod in the common shape through
 * LeanPodReader, which reads it to the same result without field paths).
 */
export function cgroupPodFromKube(obj: unknown, path = "pod"): CgroupPod {
  // numericCgroupPod copies what it keeps of the reader's reused spec.
  const spec = LEAN.read(obj) ?? podResourceSpecFromKube(obj, path, CPU_MEMORY);
  return numericCgroupPod(spec) ?? cgroupPodOf(podResourceSpecFromKube(obj, path, QUANTITY_LISTS), path);
}
