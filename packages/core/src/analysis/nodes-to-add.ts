// The fewest copies of a node template that make a target number of replicas fit: capacity() on the cluster
// plus k template nodes, searched over k (a cluster autoscaler's question, answered by the real scheduler).
import { SchedkitError } from "../errors.js";
import { nodeFromKube } from "../model/kube.js";
import type { Node } from "../model/types.js";
import { Cluster, type PodInput } from "../schedule.js";
import { capacity, withNodes, type CapacityOptions, type ShapeCapacity } from "./capacity.js";

/** Options of nodesToAdd(): capacity()'s (engine, scheduler options, excludeNodes) and the search limit. */
export interface NodesToAddOptions extends Omit<CapacityOptions, "max" | "interleave"> {
  /** Most template nodes to try. Default 10,000. */
  readonly maxNodes?: number;
}

/** What nodesToAdd() found. */
export interface NodesToAddResult {
  readonly shape: string;
  readonly target: number;
  /** Replicas that fit on the cluster as it is (up to target). */
  readonly fitsNow: number;
  /** The fewest template nodes after which `target` replicas fit; null when even maxNodes do not suffice. */
  readonly nodes: number | null;
  /** The added nodes' names (`<template name>-<i>`, i from 1). */
  readonly addedNodes: readonly string[];
  /** With one node fewer (nodes − 1): how many replicas fit and what stopped them (null when nodes is 0 or null). */
  readonly withOneFewer: ShapeCapacity | null;
  /** With the nodes added and no target: every replica that fits, and what binds after that. */
  readonly after: ShapeCapacity | null;
}

const DEFAULT_MAX_NODES = 10_000;
const HOSTNAME = "kubernetes.io/hostname";

/**
 * The fewest copies of `template` (a v1.Node) to add so that `target` replicas of `shape` fit, found by
 * doubling then bisecting the added count with capacity(). The search assumes that more nodes never fit
 * fewer replicas (true of the resource, taint, affinity and spread filters with a fixed tie-break seed; a
 * random tie-break can break it by a replica at the edge); the answer is checked at both ends: `nodes`
 * fits, `nodes − 1` does not. Copies are named `<template name>-<i>` and get that name as their
 * kubernetes.io/hostname label when the template has one.
 */
export function nodesToAdd(cluster: Cluster, shape: PodInput, template: unknown, target: number, options: NodesToAddOptions = {}): NodesToAddResult {
  if (!(cluster instanceof Cluster)) throw new SchedkitError("cluster", cluster, "is not a Cluster (use createCluster)");
  if (!Number.isSafeInteger(target) || target < 1) throw new SchedkitError("target", target, "is not an integer >= 1");
  if (typeof options !== "object" || options === null) throw new SchedkitError("options", options, "is not an options object");
  const { maxNodes = DEFAULT_MAX_NODES, ...capOpts } = options;
  if (!Number.isSafeInteger(maxNodes) || maxNodes < 0) throw new SchedkitError("maxNodes", maxNodes, "is not an integer >= 0");
  const tpl = nodeFromKube(template, "template");
  const existing = new Set(cluster.nodes.map((n) => n.name));
  const copies = (k: number): Node[] => Array.from({ length: k }, (_, i) => copyNode(tpl, i + 1, existing));
  const fitting = (k: number, max?: number): ShapeCapacity => capacity(withNodes(cluster, copies(k)), [shape], { ...capOpts, max })!.shapes[0]!;
  const fits = (k: number) => fitting(k, target).replicas >= target;

  const now = fitting(0, target);
  const base = { shape: now.shape, target, fitsNow: now.replicas };
  if (now.replicas >= target) return { ...base, nodes: 0, addedNodes: [], withOneFewer: null, after: fitting(0) };
  // Doubling finds a count that fits (hi) above one that does not (lo); bisection closes the gap.
  let lo = 0;
  let hi = 1;
  while (hi <= maxNodes && !fits(hi)) {
    lo = hi;
    hi *= 2;
  }
  if (hi > maxNodes) {
    if (lo >= maxNodes || !fits(maxNodes)) return { ...base, nodes: null, addedNodes: [], withOneFewer: null, after: null };
    hi = maxNodes;
  }
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (fits(mid)) hi = mid;
    else lo = mid;
  }
  return {
    ...base,
    nodes: hi,
    addedNodes: copies(hi).map((n) => n.name),
    withOneFewer: fitting(hi - 1, target),
    after: fitting(hi),
  };
}

function copyNode(tpl: Node, i: number, existing: ReadonlySet<string>): Node {
  const name = `${tpl.name}-${i}`;
  if (existing.has(name)) throw new SchedkitError("template.metadata.name", tpl.name, `makes node name ${JSON.stringify(name)}, which the cluster already has`);
  const labels = new Map(tpl.labels);
  if (labels.has(HOSTNAME)) labels.set(HOSTNAME, name);
  return { ...tpl, name, labels };
}
