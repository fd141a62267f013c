// kube-scheduler: backend/queue/nominator.go (the pods nominated to a node by preemption, or carrying
// status.nominatedNodeName) and framework/runtime/framework.go RunFilterPluginsWithNominatedPods /
// addGENominatedPods (filtering a node as if its nominated pods of equal or higher priority were running).
import { withPlugin } from "./evaluator.js";
import type { CycleState, Plugin } from "./interfaces.js";
import { addPodToNode, cloneNodeInfo } from "./snapshot.js";
import { SUCCESS, type Status } from "./status.js";
import type { NodeInfo, PodInfo } from "./types.js";

const keyOf = (p: PodInfo) => `${p.pod.namespace}/${p.pod.name}`;

/**
 * The nominator: pod → node, and per node the nominated pods in nomination order. Upstream keys pods by UID;
 * schedkit keys them by namespace/name, which is unique too and does not depend on how a pod without
 * metadata.uid was read.
 */
export class Nominator {
  private readonly nodeOf = new Map<string, string>();
  private readonly byNode = new Map<string, PodInfo[]>();

  /** Whether any pod is nominated anywhere. */
  get size(): number {
    return this.nodeOf.size;
  }

  /** AddNominatedPod: (re)nominates `p` to `node`; "" only removes its nomination. */
  nominate(p: PodInfo, node: string): void {
    this.remove(p);
    if (node === "") return;
    this.nodeOf.set(keyOf(p), node);
    let list = this.byNode.get(node);
    if (list === undefined) this.byNode.set(node, (list = []));
    list.push(p);
  }

  /** DeleteNominatedPodIfExists. */
  remove(p: PodInfo): void {
    // Every assume asks; with nobody nominated, without building the pod's key.
    if (this.nodeOf.size === 0) return;
    const key = keyOf(p);
    const node = this.nodeOf.get(key);
    if (node === undefined) return;
    this.nodeOf.delete(key);
    const list = this.byNode.get(node)!;
    const i = list.findIndex((q) => keyOf(q) === key);
    list.splice(i, 1);
    if (list.length === 0) this.byNode.delete(node);
  }

  /** Where `p` is nominated, if anywhere. */
  nodeOfPod(p: PodInfo): string | undefined {
    return this.nodeOf.get(keyOf(p));
  }

  /** addGENominatedPods' selection: the pods nominated to `node` with priority ≥ `pod`'s, other than `pod`. */
  yieldTo(pod: PodInfo, node: string): readonly PodInfo[] {
    const list = this.byNode.get(node);
    if (list === undefined) return NONE;
    const key = keyOf(pod);
    const out = list.filter((q) => q.pod.priority >= pod.pod.priority && keyOf(q) !== key);
    return out.length === 0 ? NONE : out;
  }

  /** getLowerPriorityNominatedPods (preemption/executor.go): the pods nominated to `node` with priority below `priority`. */
  lowerPriorityOn(node: string, priority: number): readonly PodInfo[] {
    return (this.byNode.get(node) ?? NONE).filter((q) => q.pod.priority < priority);
  }

  clone(): Nominator {
    const n = new Nominator();
    for (const [node, list] of this.byNode) for (const p of list) n.nominate(p, node);
    return n;
  }
}

const NONE: readonly PodInfo[] = Object.freeze([]);

/**
 * RunPreFilterExtensionAddPod / RemovePod: each PreFilter plugin that ran (`preFilters`: those that did not Skip)
 * and has the extension updates its state in `state` for `other` joining / leaving `node`.
 */
export function runPreFilterExtension(
  which: "addPod" | "removePod",
  state: CycleState,
  pod: PodInfo,
  other: PodInfo,
  node: NodeInfo,
  preFilters: readonly Plugin[],
): Status {
  for (const pl of preFilters) {
    const ext = pl[which];
    if (ext === undefined) continue;
    const s = ext.call(pl, state, pod, other, node);
    if (s.code !== "Success") return withPlugin(s, pl.name);
  }
  return SUCCESS;
}

/** RunFilterPlugins on `node` with `state`: the first non-success status, with its plugin. */
export function filterOnNode(pod: PodInfo, state: CycleState, filters: readonly Plugin[], node: NodeInfo): Status {
  for (const pl of filters) {
    const s = pl.filter!(state, pod, node);
    if (s.code !== "Success") return withPlugin(s, pl.name);
  }
  return SUCCESS;
}

/**
 * addGENominatedPods: a copy of `node` with the nominated pods added (AddPodInfo) and a clone of `state` that
 * the AddPod extensions brought up to date, or the extension's failure.
 */
export function addNominatedPods(
  pod: PodInfo,
  state: CycleState,
  preFilters: readonly Plugin[],
  node: NodeInfo,
  nominated: readonly PodInfo[],
): { readonly state: CycleState; readonly node: NodeInfo } | Status {
  const out = cloneNodeInfo(node);
  const stateOut = state.clone();
  for (const p of nominated) {
    addPodToNode(out, p);
    const s = runPreFilterExtension("addPod", stateOut, pod, p, out, preFilters);
    if (s.code !== "Success") return s;
  }
  return { state: stateOut, node: out };
}

/**
 * RunFilterPluginsWithNominatedPods on `node`: with nominated pods to yield to, filter first with them added;
 * only if that passes, filter again without them — the pod must fit both ways.
 */
export function filterWithNominatedPods(
  pod: PodInfo,
  state: CycleState,
  preFilters: readonly Plugin[],
  filters: readonly Plugin[],
  node: NodeInfo,
  nominated: readonly PodInfo[],
): Status {
  if (nominated.length > 0) {
    const added = addNominatedPods(pod, state, preFilters, node, nominated);
    if (!("state" in added)) return added;
    const s = filterOnNode(pod, added.state, filters, added.node);
    if (s.code !== "Success") return s;
  }
  return filterOnNode(pod, state, filters, node);
}
