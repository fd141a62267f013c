// Placement-quality metrics of a cluster state: allocation, nodes in use, stranded capacity, zone balance,
// and the wait-time percentiles of the pods placed.
import { fitsFree } from "../analysis/fragmentation.js";
import type { NodeInfo } from "../framework/types.js";
import type { NodeAllocation, WaitPercentiles } from "./types.js";

const ZONE_LABEL = "topology.kubernetes.io/zone";

/** A request shape for the stranded-capacity metric: millicores and bytes, what NodeResourcesFit filters on. */
export interface ResourceShape {
  readonly milliCPU: number;
  readonly memory: number;
}

/**
 * The shapes no other shape dominates (a node fits some shape iff it fits one of these): sorted by cpu
 * ascending with memory strictly descending.
 */
export function minimalShapes(shapes: readonly ResourceShape[]): ResourceShape[] {
  const sorted = [...shapes].sort((a, b) => a.milliCPU - b.milliCPU || a.memory - b.memory);
  const out: ResourceShape[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last === undefined || s.memory < last.memory) out.push(s);
  }
  return out;
}

/** What the cluster looks like now: allocation over schedulable nodes, stranded capacity, zones. */
export interface ClusterState {
  readonly nodes: number;
  readonly nodesInUse: number;
  readonly running: number;
  readonly cpuAllocated: number;
  readonly memoryAllocated: number;
  readonly strandedCPU: number;
  readonly strandedMemory: number;
  readonly zones: Record<string, number>;
  readonly zoneSpread: number;
}

/**
 * Cluster-wide allocation = Σ requested / Σ allocatable over schedulable (uncordoned) nodes. A node's free
 * capacity is stranded when none of `shapes` fits into it (fitsFree, as fragmentation() counts it);
 * stranded CPU (memory) is the stranded free CPU (memory) as a share of all free CPU (memory), 0 when nothing
 * is free. Zone balance: each zone's CPU allocation (requested / allocatable in the zone) and max − min.
 */
export function clusterState(nodes: readonly NodeInfo[], shapes: readonly ResourceShape[]): ClusterState {
  const { zoneOf, names } = zonesOf(nodes);
  const zoneReq = new Float64Array(names.length);
  const zoneAlloc = new Float64Array(names.length);
  let n = 0;
  let inUse = 0;
  let running = 0;
  let reqCpu = 0;
  let allocCpu = 0;
  let reqMem = 0;
  let allocMem = 0;
  let freeCpu = 0;
  let freeMem = 0;
  let strandedCpu = 0;
  let strandedMem = 0;
  for (let i = 0; i < nodes.length; i++) {
    const ni = nodes[i]!;
    running += ni.pods.length;
    if (ni.pods.length > 0) inUse++;
    if (ni.node.unschedulable) continue;
    n++;
    const a = ni.allocatable;
    const r = ni.requested;
    reqCpu += r.milliCPU;
    allocCpu += a.milliCPU;
    reqMem += r.memory;
    allocMem += a.memory;
    const fc = Math.max(0, a.milliCPU - r.milliCPU);
    const fm = Math.max(0, a.memory - r.memory);
    freeCpu += fc;
    freeMem += fm;
    if (shapes.length > 0) {
      let fits = false;
      for (const s of shapes) {
        if (fitsFree(ni.pods.length, a.allowedPodNumber, a.milliCPU - r.milliCPU, a.memory - r.memory, s)) {
          fits = true;
          break;
        }
      }
      if (!fits) {
        strandedCpu += fc;
        strandedMem += fm;
      }
    }
    const zi = zoneOf[i]!;
    zoneReq[zi] = zoneReq[zi]! + r.milliCPU;
    zoneAlloc[zi] = zoneAlloc[zi]! + a.milliCPU;
  }
  const zones: Record<string, number> = {};
  let lo = Infinity;
  let hi = -Infinity;
  let seen = 0;
  names.forEach((z, k) => {
    if (zoneAlloc[k] === 0) return;
    const u = zoneReq[k]! / zoneAlloc[k]!;
    zones[z] = u;
    lo = Math.min(lo, u);
    hi = Math.max(hi, u);
    seen++;
  });
  return {
    nodes: n,
    nodesInUse: inUse,
    running,
    cpuAllocated: allocCpu === 0 ? 0 : reqCpu / allocCpu,
    memoryAllocated: allocMem === 0 ? 0 : reqMem / allocMem,
    strandedCPU: freeCpu === 0 ? 0 : strandedCpu / freeCpu,
    strandedMemory: freeMem === 0 ? 0 : strandedMem / freeMem,
    zones,
    zoneSpread: seen === 0 ? 0 : hi - lo,
  };
}

const zoneCache = new WeakMap<readonly NodeInfo[], { zoneOf: Int32Array; names: string[] }>();

/** Each node's zone as an index into the sorted zone names (per node list, computed once). */
function zonesOf(nodes: readonly NodeInfo[]): { zoneOf: Int32Array; names: string[] } {
  let z = zoneCache.get(nodes);
  if (z === undefined) {
    const label = nodes.map((ni) => ni.node.labels.get(ZONE_LABEL) ?? "");
    const names = [...new Set(label)].sort();
    const idx = new Map(names.map((n, i) => [n, i]));
    z = { zoneOf: Int32Array.from(label, (l) => idx.get(l)!), names };
    zoneCache.set(nodes, z);
  }
  return z;
}

/** Each node's allocation. */
export function nodeAllocations(nodes: readonly NodeInfo[]): NodeAllocation[] {
  return nodes.map((ni) => ({
    node: ni.node.name,
    zone: ni.node.labels.get(ZONE_LABEL) ?? "",
    pods: ni.pods.length,
    milliCPU: ni.requested.milliCPU,
    allocatableMilliCPU: ni.allocatable.milliCPU,
    memory: ni.requested.memory,
    allocatableMemory: ni.allocatable.memory,
  }));
}

/** The nearest-rank percentile (the smallest value with at least p % of the values at or below it) of sorted values. */
function nearestRank(sorted: ArrayLike<number>, p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  return sorted[Math.max(0, Math.ceil((p / 100) * n) - 1)]!;
}

/** p50 / p95 / p99 / max of waits in milliseconds, reported in seconds. */
export function waitPercentiles(waitsMs: number[]): WaitPercentiles {
  const s = Float64Array.from(waitsMs).sort();
  const sec = (v: number | null) => (v === null ? null : v / 1000);
  return { p50: sec(nearestRank(s, 50)), p95: sec(nearestRank(s, 95)), p99: sec(nearestRank(s, 99)), max: sec(s.length === 0 ? null : s[s.length - 1]!) };
}

/**
 * Waits of a whole run as counts per distinct value (milliseconds): the memory is the number of distinct
 * waits, not of pods, and the percentiles are exact.
 */
export class WaitHistogram {
  private readonly counts = new Map<number, number>();
  private n = 0;
  private sum = 0;

  add(ms: number): void {
    this.counts.set(ms, (this.counts.get(ms) ?? 0) + 1);
    this.n++;
    this.sum += ms;
  }

  /** How many waits fall at or below each bound (seconds), and above the last one: a histogram by bucket. */
  buckets(boundsSeconds: readonly number[]): { le: number | null; count: number }[] {
    const out = boundsSeconds.map((le) => ({ le: le as number | null, count: 0 }));
    out.push({ le: null, count: 0 });
    for (const [ms, n] of this.counts) {
      let i = boundsSeconds.findIndex((b) => ms <= b * 1000);
      if (i < 0) i = boundsSeconds.length;
      out[i]!.count += n;
    }
    return out;
  }

  summary(): WaitPercentiles & { mean: number | null } {
    if (this.n === 0) return { p50: null, p95: null, p99: null, max: null, mean: null };
    const values = Float64Array.from(this.counts.keys()).sort();
    const at = (p: number): number => {
      const rank = Math.max(1, Math.ceil((p / 100) * this.n));
      let seen = 0;
      for (const v of values) {
        seen += this.counts.get(v)!;
        if (seen >= rank) return v / 1000;
      }
      return values[values.length - 1]! / 1000;
    };
    return { p50: at(50), p95: at(95), p99: at(99), max: values[values.length - 1]! / 1000, mean: this.sum / this.n / 1000 };
  }
}
