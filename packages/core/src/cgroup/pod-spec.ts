// The pod the cgroup math reads: the same v1.Pod the scheduler takes (model/kube.ts podFromKube: quantities
// as strings, containers, initContainers, overhead, spec.resources), reduced to the integers the kubelet's
// ResourceConfigForPod works on. The totals come from the scheduler's own aggregation
// (framework/pod-requests.ts podRequestQuantities / podLimitQuantities, component-helpers PodRequests /
// PodLimits), so scheduling and cgroup math share one pod-requests implementation.
import { DomainError } from "../errors.js";
import { resolveFeatureGates } from "../framework/features.js";
import type { FeatureGates } from "../framework/interfaces.js";
import { isSupportedPodLevelResource, podLimitQuantities, podRequestQuantities } from "../framework/pod-requests.js";
import { DEFAULT_KUBERNETES_VERSION, parseKubeVersion } from "../framework/version.js";
import { podFromKube } from "../model/kube.js";
import type { Container, Pod, QuantityList } from "../model/types.js";
import type { Quantity } from "../quantity.js";
import { MAX_MILLI_CPU } from "./constants.js";

/** Kubernetes pod QoS class. */
export type PodQOSClass = "Guaranteed" | "Burstable" | "BestEffort";

/** One container's cpu (millicores) and memory (bytes); 0 where the list does not set it. */
export interface CgroupContainer {
  readonly name: string;
  readonly requestCpu: number;
  readonly limitCpu: number;
  readonly requestMemory: number;
  readonly limitMemory: number;
}

/** The derived, numeric pod: what ResourceConfigForPod and the QoS-level cgroups read of a v1.Pod. */
export interface CgroupPod {
  readonly name: string;
  readonly namespace: string;
  readonly qos: PodQOSClass;
  /** PodRequests / PodLimits cpu in millicores and memory in bytes (0 when unset). */
  readonly requestCpu: number;
  readonly requestMemory: number;
  readonly limitCpu: number;
  readonly limitMemory: number;
  /** helpers_linux.go ResourceConfigForPod: every container has a non-zero cpu (memory) limit, or the pod sets one. */
  readonly cpuLimitsDeclared: boolean;
  readonly memoryLimitsDeclared: boolean;
  /** The containers that keep running: restartable init containers (sidecars), then the app containers. */
  readonly running: readonly CgroupContainer[];
}

// The kubelet reads pod-level resources when PodLevelResources is on; its default follows the release
// schedkit defaults to (docs/cgroup-overcommit.md §1.5).
const DEFAULT_GATES: FeatureGates = resolveFeatureGates(parseKubeVersion(DEFAULT_KUBERNETES_VERSION), undefined);
const MAX_BYTES = Number.MAX_SAFE_INTEGER;
const MAX_MILLI_CPU_BIG = BigInt(MAX_MILLI_CPU);
const MAX_BYTES_BIG = BigInt(MAX_BYTES);

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

function container(c: Container, path: string): CgroupContainer {
  const rp = `${path}.resources`;
  return {
    name: c.name,
    requestCpu: cpuOf(c.requests, `${rp}.requests.cpu`),
    limitCpu: cpuOf(c.limits, `${rp}.limits.cpu`),
    requestMemory: memoryOf(c.requests, `${rp}.requests.memory`),
    limitMemory: memoryOf(c.limits, `${rp}.limits.memory`),
  };
}

function podLevelSet(pod: Pod, gates: FeatureGates): boolean {
  const res = pod.podResources;
  if (!gates.podLevelResources || res === null) return false;
  for (const k of res.requests.keys()) if (isSupportedPodLevelResource(k)) return true;
  for (const k of res.limits.keys()) if (isSupportedPodLevelResource(k)) return true;
  return false;
}

/** The numeric pod of a parsed model pod; `path` names it in errors (`pods[2]`). */
export function cgroupPodOf(pod: Pod, path: string, gates: FeatureGates = DEFAULT_GATES): CgroupPod {
  const sp = `${path}.spec`;
  const app = pod.containers.map((c, i) => container(c, `${sp}.containers[${i}]`));
  const init = pod.initContainers.map((c, i) => container(c, `${sp}.initContainers[${i}]`));
  // ResourceConfigForPod reads the spec, never the in-place-resize status (UseStatusResources: false).
  const specGates: FeatureGates = { ...gates, inPlacePodVerticalScaling: false };
  const requests = podRequestQuantities(pod, specGates, false);
  const limits = podLimitQuantities(pod, specGates);
  const podLevel = podLevelSet(pod, gates);
  let cpuLimitsDeclared = true;
  let memoryLimitsDeclared = true;
  for (const c of [...init, ...app]) {
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
    qos: podLevel ? requirementsQOS(pod.podResources!.requests, pod.podResources!.limits) : containersQOS([...init, ...app]),
    requestCpu: cpuOf(requests, total("requests.cpu")),
    requestMemory: memoryOf(requests, total("requests.memory")),
    limitCpu: cpuOf(limits, total("limits.cpu")),
    limitMemory: memoryOf(limits, total("limits.memory")),
    cpuLimitsDeclared,
    memoryLimitsDeclared,
    running: [...init.filter((_, i) => pod.initContainers[i]!.restartPolicy === "Always"), ...app],
  };
}

/** The pod's CPU limit as its cgroup gets it (PodLimits cpu), or null when the kubelet sets no pod quota (cpuLimitsDeclared). */
export function podCpuLimit(pod: Pod, path: string): number | null {
  const c = cgroupPodOf(pod, path);
  return c.cpuLimitsDeclared ? c.limitCpu : null;
}

/** Parses a v1.Pod (validated as createCluster validates pods) into its numeric cgroup form. */
export function cgroupPodFromKube(obj: unknown, path = "pod"): CgroupPod {
  return cgroupPodOf(podFromKube(obj, path), path);
}

/**
 * qos.go ComputePodQOS over containers: only cpu and memory count, quantities of 0 are ignored, requests and
 * limits are summed over app and init containers (sidecars included), and Guaranteed needs every container
 * to limit both.
 */
function containersQOS(containers: readonly CgroupContainer[]): PodQOSClass {
  let reqCpu = 0;
  let reqMem = 0;
  let limCpu = 0;
  let limMem = 0;
  let guaranteed = true;
  for (const c of containers) {
    reqCpu += c.requestCpu;
    reqMem += c.requestMemory;
    limCpu += c.limitCpu;
    limMem += c.limitMemory;
    if (c.limitCpu <= 0 || c.limitMemory <= 0) guaranteed = false;
  }
  const largest = Math.max(reqCpu, reqMem, limCpu, limMem);
  if (largest > Number.MAX_SAFE_INTEGER) {
    throw new DomainError("pod", largest, "has a summed request or limit above 2^53 − 1; QoS sums would be inexact");
  }
  const reqCount = (reqCpu > 0 ? 1 : 0) + (reqMem > 0 ? 1 : 0);
  const limCount = (limCpu > 0 ? 1 : 0) + (limMem > 0 ? 1 : 0);
  if (reqCount === 0 && limCount === 0) return "BestEffort";
  // Every requested resource must be limited, with an equal sum.
  if (guaranteed && reqCpu > 0 && reqCpu !== limCpu) guaranteed = false;
  if (guaranteed && reqMem > 0 && reqMem !== limMem) guaranteed = false;
  return guaranteed && reqCount === limCount ? "Guaranteed" : "Burstable";
}

/** qos.go requirementsQOS on pod-level resources (ComputePodQOS when spec.resources sets a supported resource). */
function requirementsQOS(requests: QuantityList, limits: QuantityList): PodQOSClass {
  if (requests.size === 0 && limits.size === 0) return "BestEffort";
  let qos: PodQOSClass | "" = "";
  for (const res of ["cpu", "memory"]) {
    const req = requests.get(res);
    const lim = limits.get(res);
    const reqZero = req === undefined || req.isZero();
    const limZero = lim === undefined || lim.isZero();
    // resourceQOS: unequal → Burstable; equal and zero → BestEffort; equal and non-zero → Guaranteed.
    const equal = reqZero && limZero ? true : req !== undefined && lim !== undefined && req.cmp(lim) === 0;
    const r: PodQOSClass = !equal ? "Burstable" : reqZero ? "BestEffort" : "Guaranteed";
    if (r === "Burstable") return r;
    if (qos === "") qos = r;
    else if (qos !== r) return "Burstable";
  }
  return qos === "" ? "BestEffort" : qos;
}
