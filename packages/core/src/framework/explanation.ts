// What a cycle reports: the ScheduleResult per outcome and, when asked, the Explanation built from the
// phases' outcomes (the order and contents upstream's framework would log at each extension point).
import type { ExaminedNode } from "./evaluator.js";
import type { Plugin } from "./interfaces.js";
import type { ScorePluginEntry } from "./profile.js";
import type { Explanation, NodeExplanation, PluginScore, ScheduleResult } from "./result.js";
import type { Snapshot } from "./snapshot.js";
import type { Status } from "./status.js";
import type { NodeInfo, PodInfo } from "./types.js";

/** "namespace/name", the key results and nominations use. */
export const podKey = (p: PodInfo): string => `${p.pod.namespace}/${p.pod.name}`;

/** A placed pod without explanation (how every engine reports a pod it placed itself). */
export function scheduledResult(pod: PodInfo, nodeName: string, evaluatedNodes: number, feasibleNodes: number): ScheduleResult {
  return { pod: podKey(pod), status: "Scheduled", nodeName, message: "", reasons: NO_REASONS, evaluatedNodes, feasibleNodes, explanation: null };
}

/**
 * scheduledResult for a result scheduleAll's queue numbers (runPasses sets `cycle` on every result it gets):
 * the object is made with the field, in the place the assignment would add it, so each of a run's results is
 * not made twice over (a new hidden class and a property store of its own per result).
 */
export function numberedResult(pod: PodInfo, nodeName: string, evaluatedNodes: number, feasibleNodes: number): ScheduleResult {
  return { pod: podKey(pod), status: "Scheduled", nodeName, message: "", reasons: NO_REASONS, evaluatedNodes, feasibleNodes, explanation: null, cycle: 0 };
}

// A placed pod has no reasons: one frozen array for all of them instead of one per result of a long run.
const NO_REASONS: ScheduleResult["reasons"] = Object.freeze([]);

/** A cycle that ended with an error (schedulePod returned err). */
export function errorResult(pod: PodInfo, message: string): ScheduleResult {
  return { pod: podKey(pod), status: "Error", nodeName: null, message, reasons: [], evaluatedNodes: 0, feasibleNodes: 0, explanation: null };
}

export const NO_NODES_EXPLANATION: Explanation = Object.freeze({
  preFilter: [],
  nodes: [],
  preScore: [],
  scorePlugins: [],
  topNodes: [],
  postFilter: [],
  preemptionCandidates: [],
  nomination: null,
});

/** Names in snapshot order (then names the snapshot lacks, sorted), so explanations do not depend on set insertion order. */
export function sortedNames(names: ReadonlySet<string>, snap: Snapshot): string[] {
  const known = snap.nodes.filter((n) => names.has(n.node.name)).map((n) => n.node.name);
  const unknown = [...names].filter((n) => snap.getNode(n) === undefined).sort();
  return known.concat(unknown);
}

const unscored = ({ node, status }: ExaminedNode): NodeExplanation => ({ node: node.node.name, status, scores: [], total: null });

/** A pod placed without PreScore or Score (one feasible node, or its nominated node). */
export function aloneExplanation(preFilter: Explanation["preFilter"], examined: readonly ExaminedNode[], only: NodeInfo): Explanation {
  return {
    preFilter,
    nodes: examined.map(unscored),
    preScore: [],
    scorePlugins: [],
    topNodes: [only.node.name],
    postFilter: [],
    preemptionCandidates: [],
    nomination: null,
  };
}

/** An unschedulable pod: the examined nodes unscored, and what PostFilter did. */
export function unschedulableExplanation(
  preFilter: Explanation["preFilter"],
  examined: readonly ExaminedNode[],
  postFilter: Explanation["postFilter"],
  preemptionCandidates: readonly string[],
  nomination: Explanation["nomination"],
): Explanation {
  return { preFilter, nodes: examined.map(unscored), preScore: [], scorePlugins: [], topNodes: [], postFilter, preemptionCandidates, nomination };
}

/** The Score plugins that ran, in profile order: the evaluator's and the zero scorers. */
function scoreOrder(names: readonly string[], scorers: readonly ScorePluginEntry[], zeros: readonly ScorePluginEntry[]): { plugin: Plugin; weight: number; zero: boolean }[] {
  const byName = new Map<string, { plugin: Plugin; weight: number; zero: boolean }>();
  for (const e of scorers) byName.set(e.plugin.name, { plugin: e.plugin, weight: e.weight, zero: false });
  for (const e of zeros) byName.set(e.plugin.name, { plugin: e.plugin, weight: e.weight, zero: true });
  return names.flatMap((n) => byName.get(n) ?? []);
}

/** A scored cycle's explanation from the filter and score phases' outcomes. */
export function scoredExplanation(d: {
  readonly preFilter: Explanation["preFilter"];
  readonly preScore: Explanation["preScore"];
  readonly examined: readonly ExaminedNode[];
  readonly feasible: readonly NodeInfo[];
  /** Every Score plugin of the profile, by name in profile order. */
  readonly scoreOrder: readonly string[];
  readonly scorers: readonly ScorePluginEntry[];
  /** The zero scorers (Plugin.scoresZero) PreScore did not skip: reported, never run. */
  readonly zeros: readonly ScorePluginEntry[];
  readonly totals: ArrayLike<number>;
  readonly perNode: readonly (readonly PluginScore[])[];
  readonly top: readonly number[];
}): Explanation {
  const { feasible, zeros, totals, perNode } = d;
  const feasibleIndex = new Map(feasible.map((f, i) => [f, i]));
  // The zero scorers the evaluator never saw take their place in the Score order. With Score plugins
  // configured but all skipped at PreScore, upstream totals every node 0 where the evaluator (as
  // prioritizeNodes without Score plugins) reports 1: the same tie, so only the reported totals change.
  const noneRan = d.scorers.length === 0;
  const order = scoreOrder(d.scoreOrder, d.scorers, zeros);
  const withZeros = (scores: readonly PluginScore[]): PluginScore[] => {
    if (zeros.length === 0) return scores as PluginScore[];
    let k = 0;
    return order.map((e) => (e.zero ? { plugin: e.plugin.name, raw: 0, normalized: 0, weighted: 0 } : scores[k++]!));
  };
  const nodes: NodeExplanation[] = d.examined.map((ex) => {
    const i = feasibleIndex.get(ex.node);
    return i === undefined ? unscored(ex) : { node: ex.node.node.name, status: ex.status, scores: withZeros(perNode[i]!), total: noneRan ? 0 : totals[i]! };
  });
  return {
    preFilter: d.preFilter,
    nodes,
    preScore: d.preScore,
    scorePlugins: order.map((e) => ({ plugin: e.plugin.name, weight: e.weight })),
    topNodes: d.top.map((i) => feasible[i]!.node.name),
    postFilter: [],
    preemptionCandidates: [],
    nomination: null,
  };
}

/** The status a node had in a cycle that found none feasible: its filter status, else the PreFilter rejection. */
export function nodeStatusOf(failed: readonly ExaminedNode[], absent: Status | null, success: Status): (ni: NodeInfo) => Status {
  const statusOf = new Map<NodeInfo, Status>();
  for (const f of failed) statusOf.set(f.node, f.status);
  return (ni) => statusOf.get(ni) ?? absent ?? success;
}
