// kube-scheduler: schedule_one.go (schedulePod, findNodesThatFitPod, findNodesThatPassFilters,
// prioritizeNodes, selectHost) and framework/runtime/framework.go (Run*Plugins). Spec §3, §6.
import type { NodeInfo, PodInfo } from "./types.js";
import { CycleState, type Plugin, type PluginContext } from "./interfaces.js";
import type { ResolvedProfile, ScorePluginEntry } from "./profile.js";
import type { Explanation, NodeExplanation, PluginScore, ScheduleResult } from "./result.js";
import { isRejection, PluginStatusError, statusMessage, SUCCESS, type Status } from "./status.js";
import type { Snapshot } from "./snapshot.js";
import { fitErrorHistogram, fitErrorMessage } from "./fit-error.js";
import { numFeasibleNodesToFind } from "./num-feasible-nodes.js";
import { dryRunPreemption } from "./preemption.js";
import { filterOnNode, withNominatedPods } from "./nominator.js";
import { DYNAMIC_RESOURCES, DEFAULT_PREEMPTION } from "../plugins/registry.js";
import { dynamicResourcesPostFilter } from "../plugins/dynamicresources.js";

/** MaxNodeScore / MinNodeScore (framework/interface.go). */
export const MAX_NODE_SCORE = 100;
export const MIN_NODE_SCORE = 0;

/** How selectHost breaks ties among the top-scoring nodes. */
export type TieBreak = "random" | "first";

/** The generator behind tie-breaks (framework/rng.ts Rng; the WASM engine substitutes a resumable one). */
export interface TieBreakRng {
  /** A uniform integer in [0, n). */
  below(n: number): number;
}

/** Everything a cycle needs besides the pod and the snapshot. */
export interface CycleConfig {
  readonly profile: ResolvedProfile;
  readonly ctx: PluginContext;
  /** KubeSchedulerConfiguration.percentageOfNodesToScore (0 = adaptive). */
  readonly percentageOfNodesToScore: number;
  readonly tieBreak: TieBreak;
  readonly rng: TieBreakRng;
  readonly explain: boolean;
}

/** Why a cycle ended early with an error (upstream returns err from schedulePod); evaluators throw it too. */
export class CycleError extends Error {}

/** A node the filter phase examined, with the first failing filter's status (SUCCESS when feasible). */
export interface ExaminedNode {
  readonly node: NodeInfo;
  readonly status: Status;
}

/** Input of the filter phase (findNodesThatPassFilters). */
export interface FilterJob {
  readonly state: CycleState;
  readonly pod: PodInfo;
  readonly snap: Snapshot;
  /** The nodes to examine in snapshot order: all nodes, or those a PreFilter restricted the pod to. */
  readonly candidates: readonly NodeInfo[];
  /** Filter plugins that run for this pod (PreFilter Skips removed), in profile order: the first rejection wins. */
  readonly filters: readonly Plugin[];
  /** Rotation start: candidate (start + i) mod candidates.length is examined i-th. */
  readonly start: number;
  /** Stop once this many feasible nodes are found (numFeasibleNodesToFind). */
  readonly numToFind: number;
  readonly explain: boolean;
  /**
   * Nominated pods to yield to (RunFilterPluginsWithNominatedPods): the pods nominated to a node that the
   * node must also fit the pod with, and the PreFilter plugins to recompute for that. The cycle hands jobs
   * with nominations to the TypeScript evaluator only.
   */
  readonly nominated?: { readonly preFilters: readonly Plugin[]; readonly yieldTo: (ni: NodeInfo) => readonly PodInfo[] } | null;
}

/** Output of the filter phase. */
export interface FilterOutcome {
  /** Feasible nodes in examination order. */
  readonly feasible: readonly NodeInfo[];
  readonly failedCount: number;
  /** The rejected nodes in examination order (asked for only when no node is feasible or when explaining). */
  failed(): readonly ExaminedNode[];
  /** Every examined node in examination order (asked for only when explaining). */
  examined(): readonly ExaminedNode[];
  /** A filter returned an error status after `processed` nodes were examined. */
  readonly error: { readonly message: string; readonly processed: number } | null;
}

/** Input of the score phase (prioritizeNodes + selectHost) over at least two feasible nodes. */
export interface ScoreJob {
  readonly state: CycleState;
  readonly pod: PodInfo;
  readonly feasible: readonly NodeInfo[];
  /** Score plugins that run (PreScore Skips removed), with their weights, in profile order. */
  readonly scorers: readonly ScorePluginEntry[];
  readonly explain: boolean;
  /** The tie-break: which of `ties` top-scoring nodes (in examination order) to choose. */
  pick(ties: number): number;
}

/** Output of the score phase. */
export interface ScoreOutcome {
  /** Position of the chosen node in `feasible`. */
  readonly chosen: number;
  /** When explaining: the weighted total per feasible node, the per-plugin scores, the top-scoring positions. */
  readonly totals: ArrayLike<number> | null;
  readonly perNode: readonly (readonly PluginScore[])[] | null;
  readonly top: readonly number[] | null;
}

/**
 * The per-node phases of a cycle. The TypeScript evaluator below is the reference; other engines run the
 * same phases over columns and must return structurally identical outcomes. Throw CycleError for a
 * score-phase error.
 */
export interface NodeEvaluator {
  filter(job: FilterJob): FilterOutcome;
  score(job: ScoreJob): ScoreOutcome;
}

const podKey = (p: PodInfo) => `${p.pod.namespace}/${p.pod.name}`;

/** Runs scheduling cycles against one snapshot; keeps nextStartNodeIndex across cycles as upstream does. */
export class SchedulingCycle {
  nextStartNodeIndex = 0;
  /** The tie-break generator (starts as config.rng; an engine that advances it elsewhere swaps in its continuation). */
  rng: TieBreakRng;
  /** The per-node phases (the TypeScript reference unless an engine installs its own). */
  evaluator: NodeEvaluator;

  /**
   * How the last cycle's PostFilter left the pod's nomination (PostFilterResult.NominatingInfo): a node name
   * (ModeOverride; "" clears it) or null (ModeNoop: the pod keeps status.nominatedNodeName).
   */
  nominatingInfo: string | null = null;
  private readonly reference = new TsNodeEvaluator();

  constructor(readonly config: CycleConfig) {
    this.rng = config.rng;
    this.evaluator = this.reference;
  }

  /** selectHost's tie-break among `ties` top-scoring nodes. */
  pick(ties: number): number {
    return this.config.tieBreak === "first" || ties === 1 ? 0 : this.rng.below(ties);
  }

  /** One scheduling cycle for `pod` (no assume; the caller decides). */
  schedule(pod: PodInfo, snap: Snapshot): ScheduleResult {
    this.nominatingInfo = null;
    try {
      return this.run(pod, snap);
    } catch (e) {
      // An error clears the nomination (schedulingCycle returns clearNominatedNode).
      this.nominatingInfo = "";
      if (e instanceof CycleError) return errorResult(pod, e.message);
      throw e;
    }
  }

  private run(pod: PodInfo, snap: Snapshot): ScheduleResult {
    const { profile, explain } = this.config;
    const allNodes = snap.nodes;
    // schedulePod returns ErrNoNodesAvailable, which schedulingCycle turns into an UnschedulableAndUnresolvable
    // status: the pod waits as unschedulable and FailedScheduling carries the error text (schedule_one.go).
    if (allNodes.length === 0) return { ...errorResult(pod, "no nodes available to schedule pods"), status: "Unschedulable", explanation: explain ? NO_NODES_EXPLANATION : null };
    const state = new CycleState(snap);

    // --- PreFilter (RunPreFilterPlugins)
    const skipFilter = new Set<string>();
    const preFilterExplained: Explanation["preFilter"][number][] = [];
    let restriction: Set<string> | null = null;
    const pluginsWithNodes: string[] = [];
    let rejection: Status | null = null;
    const preFiltersRun: Plugin[] = [];
    for (const pl of profile.preFilter) {
      const r = pl.preFilter!(state, pod, snap);
      const s = withPlugin(r.status, pl.name);
      const nodeNames = r.nodeNames ?? null;
      if (explain) preFilterExplained.push({ plugin: pl.name, status: s, nodeNames: nodeNames === null ? null : sortedNames(nodeNames, snap) });
      if (s.code === "Skip") {
        skipFilter.add(pl.name);
        continue;
      }
      preFiltersRun.push(pl);
      if (s.code === "UnschedulableAndUnresolvable") {
        rejection = s;
        break;
      }
      if (s.code === "Unschedulable") {
        // Keep running the other PreFilters: preemption may still help (kubernetes#119770). The last
        // Unschedulable status is the one returned (framework.go RunPreFilterPlugins: returnStatus = s).
        rejection = s;
        continue;
      }
      if (s.code === "Error") throw new CycleError(`running PreFilter plugin ${JSON.stringify(pl.name)}: ${statusMessage(s)}`);
      if (nodeNames !== null) {
        pluginsWithNodes.push(pl.name);
        if (restriction === null) restriction = new Set(nodeNames);
        else for (const n of restriction) if (!nodeNames.has(n)) restriction.delete(n);
        if (restriction.size === 0) {
          const names = [...new Set(pluginsWithNodes)].sort();
          const msg =
            names.length === 1
              ? `node(s) didn't satisfy plugin ${names[0]}`
              : `node(s) didn't satisfy plugin(s) [${names.join(" ")}] simultaneously`;
          rejection = { code: "UnschedulableAndUnresolvable", reasons: [msg], plugin: "" };
          break;
        }
      }
    }
    const filters = skipFilter.size === 0 ? profile.filter : profile.filter.filter((p) => !skipFilter.has(p.name));
    if (rejection !== null) {
      // Every node gets the PreFilter status; the message is the PreFilter message.
      return this.unschedulable(pod, snap, state, {
        preFiltersRun,
        filters,
        preFilterMsg: statusMessage(rejection),
        failed: [],
        absent: rejection,
        evaluated: 0,
        explanation: explain ? { preFilter: preFilterExplained } : null,
      });
    }

    // --- Filter (findNodesThatPassFilters), sequential emulation of the parallel search (spec §3.2).
    let candidates: readonly NodeInfo[] = allNodes;
    let absent: Status | null = null;
    if (restriction !== null) {
      candidates = allNodes.filter((n) => restriction!.has(n.node.name));
      const names = [...new Set(pluginsWithNodes)].sort();
      absent = { code: "UnschedulableAndUnresolvable", reasons: [`node(s) didn't satisfy plugin(s) [${names.join(" ")}]`], plugin: "" };
    }
    const n = candidates.length;
    // HasScorePlugins: the configured Score plugins, whether or not PreScore later skips them.
    const hasScoring = profile.score.length > 0 || profile.zeroScore.length > 0;
    const pct = profile.percentageOfNodesToScore ?? this.config.percentageOfNodesToScore;
    const numToFind = hasScoring ? numFeasibleNodesToFind(n, pct) : Math.min(1, n);
    // Nodes with nominated pods of equal or higher priority are filtered with them too; such cycles go to the
    // reference evaluator (the only one that implements the two passes).
    const nominator = snap.nominator;
    const yieldTo = (ni: NodeInfo) => nominator.yieldTo(pod, ni.node.name);
    const nominated = nominator.size > 0 && candidates.some((ni) => yieldTo(ni).length > 0) ? { preFilters: preFiltersRun, yieldTo } : null;
    const evaluator = nominated === null ? this.evaluator : this.reference;

    // findNodesThatFitPod: a pod nominated to a node (status.nominatedNodeName) takes that node, unscored,
    // when it passes the filters there (evaluateNominatedNode); otherwise the full search runs.
    const nnn = pod.pod.nominatedNodeName === "" ? undefined : snap.getNode(pod.pod.nominatedNodeName);
    if (nnn !== undefined) {
      const job = { state, pod, snap, candidates: [nnn], filters, start: 0, numToFind: 1, explain, nominated: yieldTo(nnn).length > 0 ? { preFilters: preFiltersRun, yieldTo } : null };
      const no = (job.nominated === null ? this.evaluator : this.reference).filter(job);
      if (no.error === null && no.feasible.length === 1) return this.scheduledAlone(pod, nnn, 1, preFilterExplained, explain ? no.examined() : NO_EXAMINED);
    }

    const start = this.nextStartNodeIndex;
    const fo = evaluator.filter({ state, pod, snap, candidates, filters, start, numToFind, explain, nominated });
    if (fo.error !== null) {
      this.nextStartNodeIndex = (start + fo.error.processed) % allNodes.length;
      throw new CycleError(fo.error.message);
    }
    const feasible = fo.feasible;
    const evaluated = feasible.length + fo.failedCount;
    // Updated whatever the outcome (schedule_one.go findNodesThatFitPod).
    this.nextStartNodeIndex = (start + evaluated) % allNodes.length;

    if (feasible.length === 0) {
      return this.unschedulable(pod, snap, state, {
        preFiltersRun,
        filters,
        preFilterMsg: "",
        failed: fo.failed(),
        absent,
        evaluated,
        explanation: explain ? { preFilter: preFilterExplained, examined: fo.examined() } : null,
      });
    }

    // Exactly one feasible node: chosen without PreScore or Score.
    if (feasible.length === 1) return this.scheduledAlone(pod, feasible[0]!, evaluated, preFilterExplained, explain ? fo.examined() : NO_EXAMINED);

    // --- PreScore (RunPreScorePlugins); Score, NormalizeScore, weights and selectHost are the evaluator's.
    const skipScore = new Set<string>();
    const preScoreExplained: { plugin: string; status: Status }[] = [];
    // prioritizeNodes runs no PreScore when the profile has no Score plugin (every node then totals 1).
    for (const pl of hasScoring ? profile.preScore : []) {
      const s = withPlugin(pl.preScore!(state, pod, feasible, snap), pl.name);
      if (explain) preScoreExplained.push({ plugin: pl.name, status: s });
      if (s.code === "Skip") skipScore.add(pl.name);
      else if (s.code !== "Success") throw new CycleError(`running PreScore plugin ${JSON.stringify(pl.name)}: ${statusMessage(s)}`);
    }
    const scorers = skipScore.size === 0 ? profile.score : profile.score.filter((e) => !skipScore.has(e.plugin.name));
    const so = this.evaluator.score({ state, pod, feasible, scorers, explain, pick: (ties) => this.pick(ties) });

    let explanation: Explanation | null = null;
    if (explain) {
      const totals = so.totals!;
      const perNode = so.perNode!;
      const feasibleIndex = new Map(feasible.map((f, i) => [f, i]));
      // The zero scorers the evaluator never saw take their place in the Score order. With Score plugins
      // configured but all skipped at PreScore, upstream totals every node 0 where the evaluator (as
      // prioritizeNodes without Score plugins) reports 1: the same tie, so only the reported totals change.
      const zeros = profile.zeroScore.filter((e) => !skipScore.has(e.plugin.name));
      const noneRan = scorers.length === 0;
      const order = scoreOrder(profile.scoreOrder, scorers, zeros);
      const withZeros = (scores: readonly PluginScore[]): PluginScore[] => {
        if (zeros.length === 0) return scores as PluginScore[];
        let k = 0;
        return order.map((e) => (e.zero ? { plugin: e.plugin.name, raw: 0, normalized: 0, weighted: 0 } : scores[k++]!));
      };
      const nodes: NodeExplanation[] = fo.examined().map(({ node, status }) => {
        const i = feasibleIndex.get(node);
        return i === undefined
          ? { node: node.node.name, status, scores: [], total: null }
          : { node: node.node.name, status, scores: withZeros(perNode[i]!), total: noneRan ? 0 : totals[i]! };
      });
      explanation = {
        preFilter: preFilterExplained,
        nodes,
        preScore: preScoreExplained,
        scorePlugins: order.map((e) => ({ plugin: e.plugin.name, weight: e.weight })),
        topNodes: so.top!.map((i) => feasible[i]!.node.name),
        postFilter: [],
        preemptionCandidates: [],
        nomination: null,
      };
    }
    return {
      pod: podKey(pod),
      status: "Scheduled",
      nodeName: feasible[so.chosen]!.node.name,
      message: "",
      reasons: [],
      evaluatedNodes: evaluated,
      feasibleNodes: feasible.length,
      explanation,
    };
  }

  /** A pod placed on its only feasible node (or its nominated node), without PreScore or Score. */
  private scheduledAlone(pod: PodInfo, only: NodeInfo, evaluated: number, preFilter: Explanation["preFilter"], examined: readonly ExaminedNode[]): ScheduleResult {
    return {
      pod: podKey(pod),
      status: "Scheduled",
      nodeName: only.node.name,
      message: "",
      reasons: [],
      evaluatedNodes: evaluated,
      feasibleNodes: 1,
      explanation: this.config.explain
        ? {
            preFilter,
            nodes: examined.map(({ node, status }) => ({ node: node.node.name, status, scores: [], total: null })),
            preScore: [],
            scorePlugins: [],
            topNodes: [only.node.name],
            postFilter: [],
            preemptionCandidates: [],
            nomination: null,
          }
        : null,
    };
  }

  // FitError + PostFilter (DynamicResources message, DefaultPreemption dry run).
  private unschedulable(
    pod: PodInfo,
    snap: Snapshot,
    state: CycleState,
    d: {
      preFiltersRun: readonly Plugin[];
      filters: readonly Plugin[];
      preFilterMsg: string;
      failed: readonly ExaminedNode[];
      absent: Status | null;
      evaluated: number;
      explanation: { preFilter: Explanation["preFilter"]; examined?: readonly ExaminedNode[] } | null;
    },
  ): ScheduleResult {
    const { profile, ctx } = this.config;
    const statusOf = new Map<NodeInfo, Status>();
    for (const f of d.failed) statusOf.set(f.node, f.status);
    const nodeStatus = (ni: NodeInfo): Status => statusOf.get(ni) ?? d.absent ?? SUCCESS;

    const reasons: string[] = [];
    const postFilter: { plugin: string; code: Status["code"]; message: string }[] = [];
    let candidates: string[] = [];
    let postFilterSucceeded: string | null = null;
    let nomination: Explanation["nomination"] = null;
    let postFilterError: string | null = null;
    for (const name of profile.postFilter) {
      if (name === DYNAMIC_RESOURCES) {
        const { code, message } = dynamicResourcesPostFilter(state, ctx);
        postFilter.push({ plugin: name, code, message });
        if (code === "Error") {
          // RunPostFilterPlugins returns a plugin's Error status at once: its message is the PostFilter message.
          postFilterError = message;
          break;
        }
        // Only reasons are collected: a status without any adds nothing to the message.
        if (message !== "") reasons.push(message);
      } else if (name === DEFAULT_PREEMPTION) {
        const p = dryRunPreemption(pod, snap, d.preFiltersRun, d.filters, nodeStatus, ctx);
        candidates = p.candidates.map((c) => c.node);
        if (p.nominatingInfo !== null) this.nominatingInfo = p.nominatingInfo;
        if (p.nominated !== null) nomination = { node: p.nominated.node, victims: p.nominated.victims.map(podKey), ties: p.ties };
        postFilter.push({ plugin: name, code: p.code, message: p.message });
        if (p.code === "Success") {
          // RunPostFilterPlugins returns at the first success, with that status's message (none before v1.37).
          postFilterSucceeded = p.message;
          break;
        }
        if (p.code === "Error") {
          postFilterError = p.message;
          break;
        }
        reasons.push(p.message);
      }
    }
    const fit = {
      numAllNodes: snap.nodes.length,
      preFilterMsg: d.preFilterMsg,
      nodeStatuses: d.failed.map((f) => f.status),
      absentNodesStatus: d.absent,
      postFilterMsg: postFilterError ?? postFilterSucceeded ?? reasons.join(", "),
    };
    const message = fitErrorMessage(fit);
    return {
      pod: podKey(pod),
      status: "Unschedulable",
      nodeName: null,
      message,
      reasons: fitErrorHistogram(fit),
      evaluatedNodes: d.evaluated,
      feasibleNodes: 0,
      ...(nomination === null ? {} : { nomination: { node: nomination.node, victims: nomination.victims } }),
      explanation:
        d.explanation === null
          ? null
          : {
              preFilter: d.explanation.preFilter,
              nodes: (d.explanation.examined ?? []).map(({ node, status }) => ({ node: node.node.name, status, scores: [], total: null })),
              preScore: [],
              scorePlugins: [],
              topNodes: [],
              postFilter,
              preemptionCandidates: candidates,
              nomination,
            },
    };
  }
}

/** The Score plugins that ran, in profile order: the evaluator's and the zero scorers. */
function scoreOrder(names: readonly string[], scorers: readonly ScorePluginEntry[], zeros: readonly ScorePluginEntry[]): { plugin: Plugin; weight: number; zero: boolean }[] {
  const byName = new Map<string, { plugin: Plugin; weight: number; zero: boolean }>();
  for (const e of scorers) byName.set(e.plugin.name, { plugin: e.plugin, weight: e.weight, zero: false });
  for (const e of zeros) byName.set(e.plugin.name, { plugin: e.plugin, weight: e.weight, zero: true });
  return names.flatMap((n) => byName.get(n) ?? []);
}

/**
 * RunScorePlugins for one plugin: Score every feasible node into `view`, then NormalizeScore in place. A plugin
 * error becomes the cycle's error with upstream's wording. Returns the raw scores when explaining.
 */
export function scoreAndNormalize(
  pl: Plugin,
  state: CycleState,
  pod: PodInfo,
  feasible: readonly NodeInfo[],
  view: Float64Array,
  explain: boolean,
): Float64Array | null {
  try {
    for (let i = 0; i < feasible.length; i++) view[i] = pl.score!(state, pod, feasible[i]!);
    const raw = explain ? Float64Array.from(view) : null;
    pl.normalizeScore?.(state, pod, feasible, view);
    return raw;
  } catch (e) {
    if (e instanceof PluginStatusError) throw new CycleError(`plugin ${JSON.stringify(pl.name)} failed with: ${statusMessage(e.status)}`);
    throw e;
  }
}

function withPlugin(s: Status, plugin: string): Status {
  return s.code === "Success" || s.plugin === plugin ? s : { ...s, plugin };
}

function sortedNames(names: ReadonlySet<string>, snap: Snapshot): string[] {
  // Snapshot order (then names the snapshot lacks, sorted), so explanations do not depend on set insertion order.
  const known = snap.nodes.filter((n) => names.has(n.node.name)).map((n) => n.node.name);
  const unknown = [...names].filter((n) => snap.getNode(n) === undefined).sort();
  return known.concat(unknown);
}

function errorResult(pod: PodInfo, message: string): ScheduleResult {
  return { pod: podKey(pod), status: "Error", nodeName: null, message, reasons: [], evaluatedNodes: 0, feasibleNodes: 0, explanation: null };
}

const NO_EXAMINED: readonly ExaminedNode[] = Object.freeze([]);
const NO_PODS: readonly PodInfo[] = Object.freeze([]);
const NO_PLUGINS: readonly Plugin[] = Object.freeze([]);

const NO_NODES_EXPLANATION: Explanation = Object.freeze({
  preFilter: [],
  nodes: [],
  preScore: [],
  scorePlugins: [],
  topNodes: [],
  postFilter: [],
  preemptionCandidates: [],
  nomination: null,
});

/** The reference evaluator: today's loops over NodeInfo objects, one plugin call per node. */
export class TsNodeEvaluator implements NodeEvaluator {
  private totals = new Float64Array(0);
  private scores = new Float64Array(0);

  filter(job: FilterJob): FilterOutcome {
    const { state, pod, candidates, filters, start, numToFind, explain } = job;
    const n = candidates.length;
    const feasible: NodeInfo[] = [];
    const failed: ExaminedNode[] = [];
    const examined: ExaminedNode[] | null = explain ? [] : null;
    if (filters.length === 0) {
      for (let i = 0; i < numToFind; i++) {
        const ni = candidates[(start + i) % n]!;
        feasible.push(ni);
        examined?.push({ node: ni, status: SUCCESS });
      }
    } else {
      const nominated = job.nominated ?? null;
      for (let i = 0; i < n && feasible.length < numToFind; i++) {
        const ni = candidates[(start + i) % n]!;
        let status: Status = SUCCESS;
        const yieldTo = nominated === null ? NO_PODS : nominated.yieldTo(ni);
        if (yieldTo.length > 0) {
          // RunFilterPluginsWithNominatedPods' first pass: the node with its nominated pods running.
          const s = filterOnNode(pod, job.snap, nominated!.preFilters, filters, withNominatedPods(ni, yieldTo));
          if (s.code !== "Success" && !isRejection(s)) {
            return errorOutcome(`running ${JSON.stringify(s.plugin)} filter plugin: ${statusMessage(s)}`, feasible.length + failed.length);
          }
          status = s;
        }
        for (const pl of status === SUCCESS ? filters : NO_PLUGINS) {
          const s = pl.filter!(state, pod, ni);
          if (s.code === "Success") continue;
          if (!isRejection(s)) {
            const message = `running ${JSON.stringify(pl.name)} filter plugin: ${statusMessage(s)}`;
            return errorOutcome(message, feasible.length + failed.length);
          }
          status = withPlugin(s, pl.name);
          break;
        }
        if (status === SUCCESS) feasible.push(ni);
        else failed.push({ node: ni, status });
        examined?.push({ node: ni, status });
      }
    }
    return {
      feasible,
      failedCount: failed.length,
      failed: () => failed,
      examined: () => examined ?? NO_EXAMINED,
      error: null,
    };
  }

  score(job: ScoreJob): ScoreOutcome {
    const { state, pod, feasible, scorers, explain } = job;
    const nf = feasible.length;
    if (this.totals.length < nf) {
      this.totals = new Float64Array(nf);
      this.scores = new Float64Array(nf);
    }
    const totals = this.totals;
    totals.fill(0, 0, nf);
    const perNode: PluginScore[][] | null = explain ? feasible.map(() => []) : null;
    if (scorers.length === 0) {
      // No score plugins: every node scores 1 (prioritizeNodes).
      totals.fill(1, 0, nf);
    }
    for (const { plugin: pl, weight } of scorers) {
      const view = this.scores.subarray(0, nf);
      const raw = scoreAndNormalize(pl, state, pod, feasible, view, explain);
      for (let i = 0; i < nf; i++) {
        const s = view[i]!;
        if (s > MAX_NODE_SCORE || s < MIN_NODE_SCORE) throw new CycleError(invalidScoreMessage(pl.name, s));
        totals[i] = totals[i]! + s * weight;
        if (perNode !== null) perNode[i]!.push({ plugin: pl.name, raw: raw![i]!, normalized: s, weighted: s * weight });
      }
    }

    // --- selectHost
    let max = -Infinity;
    let ties = 0;
    for (let i = 0; i < nf; i++) {
      const t = totals[i]!;
      if (t > max) {
        max = t;
        ties = 1;
      } else if (t === max) ties++;
    }
    const pick = job.pick(ties);
    let chosen = -1;
    for (let i = 0, k = 0; i < nf; i++) {
      if (totals[i] === max) {
        if (k === pick) {
          chosen = i;
          break;
        }
        k++;
      }
    }
    let top: number[] | null = null;
    if (explain) {
      top = [];
      for (let i = 0; i < nf; i++) if (totals[i] === max) top.push(i);
    }
    return { chosen, totals: explain ? Float64Array.from(totals.subarray(0, nf)) : null, perNode, top };
  }
}

/** The CycleError text for a normalized score outside [MinNodeScore, MaxNodeScore] (RunScorePlugins). */
export function invalidScoreMessage(plugin: string, score: number): string {
  return `plugin ${JSON.stringify(plugin)} returns an invalid score ${score}, it should in the range of [${MIN_NODE_SCORE}, ${MAX_NODE_SCORE}] after normalizing`;
}

function errorOutcome(message: string, processed: number): FilterOutcome {
  return { feasible: [], failedCount: 0, failed: () => NO_EXAMINED, examined: () => NO_EXAMINED, error: { message, processed } };
}
