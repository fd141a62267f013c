// Fragmentation after a scheduling run: what is free on each node by requests (what NodeResourcesFit
// counts), which of the run's pod shapes still fit there, how much free capacity is stranded (free, yet no
// shape fits on that node), and which nodes are full by requests while their pods' limits overcommit them.
import { podCpuLimit } from "../cgroup/pod-spec.js";
import { SchedkitError } from "../errors.js";
import { resolveFeatureGates } from "../framework/features.js";
import { makePodInfo } from "../framework/snapshot.js";
import { DEFAULT_KUBERNETES_VERSION, parseKubeVersion } from "../framework/version.js";
import type { Pod } from "../model/types.js";
import type { Cluster, RunResult, SchedulerOptions } from "../schedule.js";
import type { ScheduleResult } from "../framework/result.js";

/** One node's requests, limits and capacity (cpu in millicores, memory in bytes). */
export interface FragmentationNode {
  readonly node: string;
  readonly pods: number;
  readonly allowedPods: number;
  readonly allocatableMilliCPU: number;
  readonly allocatableMemory: number;
  readonly requestedMilliCPU: number;
  readonly requestedMemory: number;
  /** Sum of the pods' CPU limits (pods without one are counted in podsWithoutCpuLimit). */
  readonly limitMilliCPU: number;
  readonly podsWithoutCpuLimit: number;
}

/** A pod shape by what NodeResourcesFit checks of it. */
export interface FragmentationShape {
  readonly name: string;
  readonly milliCPU: number;
  readonly memory: number;
}

/** One node in the fragmentation view. */
export interface NodeFragmentation {
  readonly node: string;
  readonly freeMilliCPU: number;
  readonly freeMemory: number;
  readonly freePods: number;
  /** The largest shape (by CPU, then memory) that still fits by requests, or null: the node is full for these shapes. */
  readonly largestFit: string | null;
  /** Σ CPU limits / allocatable CPU (pods without a limit are not in it); 0 for a node without allocatable CPU. */
  readonly cpuLimitRatio: number;
  /** Pods on the node without a CPU limit (bounded only by the node). */
  readonly podsWithoutCpuLimit: number;
}

/** The cluster-wide fragmentation view. */
export interface FragmentationReport {
  readonly nodes: readonly NodeFragmentation[];
  readonly freeMilliCPU: number;
  readonly freeMemory: number;
  /** Free by requests on nodes where no shape fits: capacity nothing pending can use. */
  readonly strandedMilliCPU: number;
  readonly strandedMemory: number;
  /** Nodes no shape fits on whose CPU limits exceed their allocatable CPU (they would contend when pods burst). */
  readonly fullButOvercommitted: readonly { readonly node: string; readonly cpuLimitRatio: number }[];
}

/**
 * Whether a shape fits what a node has free by requests (NodeResourcesFit's pod count, cpu and memory):
 * the one predicate of stranded capacity, for fragmentation() and simulate's metrics. `free*` are
 * allocatable − requested, negative on an over-admitted node.
 */
export function fitsFree(pods: number, allowedPods: number, freeMilliCPU: number, freeMemory: number, s: { readonly milliCPU: number; readonly memory: number }): boolean {
  return pods < allowedPods && s.milliCPU <= freeMilliCPU && s.memory <= freeMemory;
}

const fits = (n: FragmentationNode, s: FragmentationShape) =>
  fitsFree(n.pods, n.allowedPods, n.allocatableMilliCPU - n.requestedMilliCPU, n.allocatableMemory - n.requestedMemory, s);

/**
 * The fragmentation view of nodes for a set of pod shapes. Only the resources NodeResourcesFit checks by
 * default enter it (cpu, memory, pod count): a shape "fits" a node when its requests fit what is free,
 * whatever other filters (taints, affinity) would say.
 */
export function fragmentation(nodes: readonly FragmentationNode[], shapes: readonly FragmentationShape[]): FragmentationReport {
  if (!Array.isArray(nodes)) throw new SchedkitError("nodes", nodes, "is not an array");
  if (!Array.isArray(shapes)) throw new SchedkitError("shapes", shapes, "is not an array");
  const bySize = [...shapes].sort((a, b) => b.milliCPU - a.milliCPU || b.memory - a.memory || (a.name < b.name ? -1 : 1));
  let freeMilliCPU = 0;
  let freeMemory = 0;
  let strandedMilliCPU = 0;
  let strandedMemory = 0;
  const full: { node: string; cpuLimitRatio: number }[] = [];
  const out = nodes.map((n): NodeFragmentation => {
    const fc = Math.max(0, n.allocatableMilliCPU - n.requestedMilliCPU);
    const fm = Math.max(0, n.allocatableMemory - n.requestedMemory);
    const largest = bySize.find((s) => fits(n, s))?.name ?? null;
    const ratio = n.allocatableMilliCPU > 0 ? n.limitMilliCPU / n.allocatableMilliCPU : 0;
    freeMilliCPU += fc;
    freeMemory += fm;
    if (largest === null && shapes.length > 0) {
      strandedMilliCPU += fc;
      strandedMemory += fm;
      if (ratio > 1) full.push({ node: n.node, cpuLimitRatio: ratio });
    }
    return { node: n.node, freeMilliCPU: fc, freeMemory: fm, freePods: Math.max(0, n.allowedPods - n.pods), largestFit: largest, cpuLimitRatio: ratio, podsWithoutCpuLimit: n.podsWithoutCpuLimit };
  });
  return { nodes: out, freeMilliCPU, freeMemory, strandedMilliCPU, strandedMemory, fullButOvercommitted: full };
}

/** A pod's CPU limit as the kubelet's cgroup sees it (cgroup/pod-spec.ts: PodLimits, pod-level limit first), or null when a container has none. */
function cpuLimit(p: Pod): number | null {
  return podCpuLimit(p, `pods[${JSON.stringify(`${p.namespace}/${p.name}`)}]`);
}

/** What runFragmentation reads of a run: a RunResult, or its placements streamed elsewhere (keepResults false). */
export interface RunPlacements {
  /** Each pod's final result, or just its pod and node. */
  readonly results: Iterable<Pick<ScheduleResult, "pod" | "nodeName">>;
  readonly summary: RunResult["summary"];
  readonly evictions: RunResult["evictions"];
}

/**
 * The fragmentation view after scheduleAll(undefined, cluster): nodes as the run left them (bound pods plus
 * the pods it placed), and as shapes the distinct cpu/memory requests of the cluster's pending pods.
 */
export function runFragmentation(cluster: Cluster, run: RunPlacements, options: Pick<SchedulerOptions, "kubernetesVersion" | "featureGates"> = {}): FragmentationReport {
  const features = resolveFeatureGates(parseKubeVersion(options.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION), options.featureGates);
  const pending = new Map(cluster.pendingPods.map((p) => [`${p.namespace}/${p.name}`, p]));
  const podsOn = new Map<string, Pod[]>();
  const put = (node: string, p: Pod) => {
    const l = podsOn.get(node);
    if (l === undefined) podsOn.set(node, [p]);
    else l.push(p);
  };
  // Pods a carried-out preemption evicted no longer run anywhere, placed by the run or bound before it.
  const evicted = new Set(run.evictions.map((e) => e.pod));
  for (const p of cluster.boundPods) if (!evicted.has(`${p.namespace}/${p.name}`)) put(p.nodeName, p);
  for (const r of run.results) {
    const p = pending.get(r.pod);
    if (r.nodeName !== null && p !== undefined && !evicted.has(r.pod)) put(r.nodeName, p);
  }
  const nodes = run.summary.nodes.map((u): FragmentationNode => {
    let limit = 0;
    let unlimited = 0;
    for (const p of podsOn.get(u.node) ?? []) {
      const l = cpuLimit(p);
      if (l === null) unlimited++;
      else limit += l;
    }
    return { ...u, limitMilliCPU: limit, podsWithoutCpuLimit: unlimited };
  });
  const shapes = new Map<string, FragmentationShape>();
  cluster.pendingPods.forEach((p, i) => {
    const info = makePodInfo(p, features, `pods[${i}]`, i);
    const key = `${info.requests.milliCPU}/${info.requests.memory}`;
    if (!shapes.has(key)) shapes.set(key, { name: `${p.namespace}/${p.name}`, milliCPU: info.requests.milliCPU, memory: info.requests.memory });
  });
  return fragmentation(nodes, [...shapes.values()]);
}
