// The cgroup math's view of a ResourceList: cpu in millicores and memory in bytes as exact integers, every
// other entry validated and dropped. The kubelet's ResourceConfigForPod reads PodRequests / PodLimits cpu with
// MilliValue and memory with Value (pkg/kubelet/cm/helpers_linux.go); when every quantity of a pod is a whole
// number of those units, the Quantity sums of component-helpers equal the integer sums, so the pod-requests
// rules (framework/pod-requests.ts) run over plain numbers. A pod with any other quantity (a fraction of a
// millicore, a fraction of a byte, or beyond the exact domain) goes through the Quantity maps instead.
import type { ResourceAccumulator } from "../framework/pod-requests.js";
import { isSupportedPodLevelResource } from "../framework/pod-requests.js";
import { resourceQuantity, type ResourceListReader } from "../model/kube.js";
import type { JsonObject } from "../model/json.js";
import type { Quantity } from "../quantity.js";
import { commonQuantityUnits } from "./common-quantity.js";
import { MAX_MILLI_CPU } from "./constants.js";

/** cpu and memory of one ResourceList; 0 where it does not set them. */
export interface CpuMemoryList {
  readonly cpu: number;
  readonly memory: number;
  readonly hasCpu: boolean;
  readonly hasMemory: boolean;
  /** It sets a supported pod-level resource (cpu, memory or hugepages-*: IsSupportedPodLevelResource). */
  readonly podLevel: boolean;
  /** cpu and memory are whole millicores and bytes, cpu ≤ MAX_MILLI_CPU and memory ≤ 2^53 − 1. */
  readonly exact: boolean;
}

const EMPTY: CpuMemoryList = Object.freeze({ cpu: 0, memory: 0, hasCpu: false, hasMemory: false, podLevel: false, exact: true });

/** A quantity as a whole number of 10^scale units no larger than max, or NaN (not whole, or too large). */
export function wholeUnits(q: Quantity, scale: number, max: number): number {
  if (!q.roundUp(scale).exact) return Number.NaN;
  const v = q.scaledValue(scale);
  return v <= BigInt(max) ? Number(v) : Number.NaN;
}

// Inventories repeat a few quantity strings across thousands of pods: the common spellings are read without a
// Quantity (common-quantity.ts), the others validated and converted once. The caches hold only valid,
// non-negative quantities (an invalid one throws before it is stored) and are emptied when full.
const CACHE_MAX = 16384;
const CPU_MILLI = new Map<string, number>();
const MEMORY_BYTES = new Map<string, number>();

function cached(cache: Map<string, number>, name: string, raw: unknown, path: string, scale: -3 | 0, max: number): number {
  const common = commonQuantityUnits(raw, scale, max);
  if (common !== undefined) return common;
  if (typeof raw !== "string") return wholeUnits(resourceQuantity(name, raw, path), scale, max);
  let v = cache.get(raw);
  if (v === undefined) {
    v = wholeUnits(resourceQuantity(name, raw, path), scale, max);
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(raw, v);
  }
  return v;
}

function read(v: JsonObject, path: string): CpuMemoryList {
  let cpu = 0;
  let memory = 0;
  let hasCpu = false;
  let hasMemory = false;
  let podLevel = false;
  for (const k of Object.keys(v)) {
    if (k === "cpu") {
      cpu = cached(CPU_MILLI, k, v[k], path, -3, MAX_MILLI_CPU);
      hasCpu = true;
    } else if (k === "memory") {
      memory = cached(MEMORY_BYTES, k, v[k], path, 0, Number.MAX_SAFE_INTEGER);
      hasMemory = true;
    } else {
      resourceQuantity(k, v[k], path);
      if (isSupportedPodLevelResource(k)) podLevel = true;
    }
  }
  if (!hasCpu && !hasMemory && !podLevel) return EMPTY;
  // NaN marks a value the numbers cannot carry exactly.
  const exact = cpu === cpu && memory === memory;
  return { cpu: exact ? cpu : 0, memory: exact ? memory : 0, hasCpu, hasMemory, podLevel: podLevel || hasCpu || hasMemory, exact };
}

/** Resource lists as the cgroup math reads them (podResourceSpecFromKube's reader). */
export const CPU_MEMORY: ResourceListReader<CpuMemoryList> = {
  read,
  empty: EMPTY,
  // SetDefaults_Pod: a resource the limits set and the requests do not takes the limit.
  defaulted(requests, limits) {
    const cpu = !requests.hasCpu && limits.hasCpu;
    const memory = !requests.hasMemory && limits.hasMemory;
    if (!cpu && !memory) return requests;
    return {
      cpu: cpu ? limits.cpu : requests.cpu,
      memory: memory ? limits.memory : requests.memory,
      hasCpu: requests.hasCpu || cpu,
      hasMemory: requests.hasMemory || memory,
      podLevel: true,
      exact: requests.exact && limits.exact,
    };
  },
};

/** A running total of cpu (millicores) and memory (bytes). */
export interface CpuMemory {
  cpu: number;
  memory: number;
}

/** The pod-requests rules over exact cpu/memory integers (valid while every list is `exact` and sums stay below 2^53). */
export const CPU_MEMORY_SUMS: ResourceAccumulator<CpuMemory, CpuMemoryList> = {
  empty: () => ({ cpu: 0, memory: 0 }),
  copy: (a) => ({ cpu: a.cpu, memory: a.memory }),
  add(into, list) {
    into.cpu += list.cpu;
    into.memory += list.memory;
  },
  max(into, other) {
    if (other.cpu > into.cpu) into.cpu = other.cpu;
    if (other.memory > into.memory) into.memory = other.memory;
  },
  setsPodLevel: (list) => list.podLevel,
  applyPodLevel(into, list) {
    if (list.hasCpu) into.cpu = list.cpu;
    if (list.hasMemory) into.memory = list.memory;
  },
  addToNonZero(into, list) {
    if (into.cpu !== 0) into.cpu += list.cpu;
    if (into.memory !== 0) into.memory += list.memory;
  },
};
