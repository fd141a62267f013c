// kube-scheduler: schedule_one.go (schedulePod, findNodesThatFitPod, prioritizeNodes, selectHost) and
// framework/runtime/framework.go (RunPreFilterPlugins, RunPreScorePlugins, RunPostFilterPlugins). The cycle
// decides which plugins run and what their statuses mean; the per-node phases are its NodeEvaluator's.
import { CycleState, type Plugin, type PluginContext, type PostFilterHandle } from "./interfaces.js";
import type { ResolvedProfile, ScorePluginEntry } from "./profile.js";
import type { Explanation, ScheduleResult } from "./result.js";
import { statusMessage, SUCCESS, type Status } from "./status.js";
import type { Snapshot } from "./snapshot.js";
import type { NodeInfo, PodInfo } from "./types.js";
import { fitErrorHistogram, fitErrorMessage } from "./fit-error.js";
import { numFeasibleNodesToFind } from "./num-feasible-nodes.js";
import { Rng } from "./rng.js";
import { CycleError, withPlugin, type ExaminedNode, type NodeEvaluator } from "./evaluator.js";
import { TsNodeEvaluator } from "./reference-evaluator.js";
import {
  aloneExplanation,
  errorResult,
  NO_NODES_EXPLANATION,
  nodeStatusOf,
  podKey,
  scheduledResult,
  scoredExplanation,
  sortedNames,
  unschedulableExplanation,
} from "./explanation.js";

/** How selectHost breaks ties among the top-scoring nodes. */
export type TieBreak = "random" | "first";

/** Everything a cycle needs besides the pod and the snapshot. */
export interface CycleConfig {
  readonly profile: ResolvedProfile;
  readonly ctx: PluginContext;
  /** KubeSchedulerConfiguration.percentageOfNodesToScore (0 = adaptive). */
  readonly percentageOfNodesToScore: number;
  readonly tieBreak: TieBreak;
  /** Seed of the tie-break generator (Rng). */
  readonly seed: number;
  readonly explain: boolean;
  /**
   * The per-node phases: built once with the cycle (an accelerated engine's evaluator); the reference
   * TypeScript evaluator when absent.
   */
  readonly evaluator?: (cycle: SchedulingCycle) => NodeEvaluator;
}

/** What RunPreFilterPlugins decided for a pod. */
export interface PreFilterOutcome {
  /** PreFilter plugins that ran and did not Skip, in profile order. */
  readonly preFiltersRun: readonly Plugin[];
  /** Filter plugins that run for this pod (those whose PreFilter skipped removed), in profile order. */
  readonly filters: readonly Plugin[];
  /** The nodes PreFilter restricted the pod to (intersection of every PreFilterResult), or null for all. */
  readonly restriction: ReadonlySet<string> | null;
  /** The plugins that restricted it, sorted and unique. */
  readonly restrictedBy: readonly string[];
  /** The status that rejects the pod before any Filter runs, or null. */
  readonly rejection: Status | null;
  /** Per PreFilter plugin, when explaining. */
  readonly explained: Explanation["preFilter"];
}

/** What RunPreScorePlugins decided for a pod. */
export interface PreScoreOutcome {
  /** Score plugins that run (PreScore Skips removed), with weights, in profile order. */
  readonly scorers: readonly ScorePluginEntry[];
  /** Names of the plugins whose PreScore returned Skip. */
  readonly skipped: ReadonlySet<string>;
  readonly explained: Explanation["preScore"];
}

/** Where a run of cycles an engine did itself starts and ends: the rotation and the tie-break generator state. */
export interface BatchPosition {
  /** nextStartNodeIndex. */
  readonly nextStartNodeIndex: number;
  /** The tie-break generator's state (Rng.seed): `new Rng(rngState)` continues it. */
  readonly rngState: number;
}

const NO_EXAMINED: readonly ExaminedNode[] = Object.freeze([]);
const NO_EXPLAINED: readonly never[] = Object.freeze([]);

/** Runs scheduling cycles against one snapshot; keeps nextStartNodeIndex across cycles as upstream does. */
export class SchedulingCycle {
  private next = 0;
  private rng: Rng;
  private readonly reference = new TsNodeEvaluator();
  private readonly evaluator: NodeEvaluator;

  /**
   * How the last cycle's PostFilter left the pod's nomination (PostFilterResult.NominatingInfo): a node name
   * (ModeOverride; "" clears it) or null (ModeNoop: the pod keeps status.nominatedNodeName).
   */
  nominatingInfo: string | null = null;

  /**
   * The preemption the last cycle's PostFilter decided (a Success with a nominated node and victims), which a
   * scheduler in "carry-out" mode executes (framework/preemption/executor.go prepareCandidate); null otherwise.
   */
  preemption: { readonly node: string; readonly victims: readonly PodInfo[] } | null = null;

  constructor(readonly config: CycleConfig) {
    this.rng = new Rng(config.seed);
    this.evaluator = config.evaluator?.(this) ?? this.reference;
  }

  /** Where the next cycle starts examining nodes (schedule_one.go nextStartNodeIndex). */
  get nextStartNodeIndex(): number {
    return this.next;
  }

  /** The reference evaluator (what an engine falls back to for phases it cannot run exactly). */
  get referenceEvaluator(): NodeEvaluator {
    return this.reference;
  }

  /**
   * Cycles an engine runs itself (several pods in one call): `run` gets the rotation and tie-break state and
   * returns where its cycles left them, which the next cycle continues from.
   */
  runBatch<T>(run: (from: BatchPosition) => { readonly result: T; readonly end: BatchPosition }): T {
    const { result, end } = run({ nextStartNodeIndex: this.next, rngState: this.rng.seed });
    this.next = end.nextStartNodeIndex;
    this.rng = new Rng(end.rngState);
    return result;
  }

  /** selectHost's tie-break among `ties` top-scoring nodes. */
  pick(ties: number): number {
    return this.config.tieBreak === "first" || ties === 1 ? 0 : this.rng.below(ties);
  }

  /**
   * numFeasibleNodesToFind for `candidates` nodes: adaptive (or the percentage) when the profile has Score
   * plugins (HasScorePlugins: configured ones, whether or not PreScore later skips them), else one node.
   */
  numToFind(candidates: number): number {
    const { profile } = this.config;
    const hasScoring = profile.score.length > 0 || profile.zeroScore.length > 0;
    const pct = profile.percentageOfNodesToScore ?? this.config.percentageOfNodesToScore;
    return hasScoring ? numFeasibleNodesToFind(candidates, pct) : Math.min(1, candidates);
  }

  /**
   * RunPreFilterPlugins for `pod` over the profile's PreFilter plugins (or `only`, a subset of them, for an
   * engine that re-derives one plugin's state per pod). Throws CycleError for an Error status.
   */
  preFilter(state: CycleState, pod: PodInfo, snap: Snapshot, explain: boolean, only?: readonly Plugin[]): PreFilterOutcome {
    const { profile } = this.config;
    const skipFilter = new Set<string>();
    const explained: Explanation["preFilter"][number][] = [];
    let restriction: Set<string> | null = null;
    const pluginsWithNodes = new Set<string>();
    let rejection: Status | null = null;
    const preFiltersRun: Plugin[] = [];
    for (const pl of only ?? profile.preFilter) {
      const r = pl.preFilter!(state, pod, snap);
      const s = withPlugin(r.status, pl.name);
      const nodeNames = r.nodeNames ?? null;
      if (explain) explained.push({ plugin: pl.name, status: s, nodeNames: nodeNames === null ? null : sortedNames(nodeNames, snap) });
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
        pluginsWithNodes.add(pl.name);
        if (restriction === null) restriction = new Set(nodeNames);
        else for (const n of restriction) if (!nodeNames.has(n)) restriction.delete(n);
        if (restriction.size === 0) {
          const names = [...pluginsWithNodes].sort();
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
    return { preFiltersRun, filters, restriction, restrictedBy: [...pluginsWithNodes].sort(), rejection, explained };
  }

  /**
   * RunPreScorePlugins over the feasible nodes for the profile's PreScore plugins (or `only`, a subset).
   * Throws CycleError for a status other than Success or Skip.
   */
  preScore(state: CycleState, pod: PodInfo, feasible: readonly NodeInfo[], snap: Snapshot, explain: boolean, only?: readonly Plugin[]): PreScoreOutcome {
    const { profile } = this.config;
    const skipped = new Set<string>();
    const explained: { plugin: string; status: Status }[] = [];
    for (const pl of only ?? profile.preScore) {
      const s = withPlugin(pl.preScore!(state, pod, feasible, snap), pl.name);
      if (explain) explained.push({ plugin: pl.name, status: s });
      if (s.code === "Skip") skipped.add(pl.name);
      else if (s.code !== "Success") throw new CycleError(`running PreScore plugin ${JSON.stringify(pl.name)}: ${statusMessage(s)}`);
    }
    const scorers = skipped.size === 0 ? profile.score : profile.score.filter((e) => !skipped.has(e.plugin.name));
    return { scorers, skipped, explained };
  }

  /** One scheduling cycle for `pod` (no assume; the caller decides). */
  schedule(pod: PodInfo, snap: Snapshot): ScheduleResult {
    this.nominatingInfo = null;
    this.preemption = null;
    try {
      return this.run(pod, snap);
    } catch (e) {
      // An error clears the nomination (schedulingCycle returns clearNominatedNode).
      this.nominatingInfo = "";
      this.preemption = null;
      if (e instanceof CycleError) return errorResult(pod, e.message);
      throw e;
    }
  }

  private run(pod: PodInfo, snap: Snapshot): ScheduleResult {
    const { profile, explain } = this.config;
    const allNodes = snap.nodes;
    // schedulePod returns ErrNoNodesAvailable, which schedulingCycle turns into an UnschedulableAndUnresolvable
    // status: the pod waits as unschedulable and FailedScheduling carries the error text (schedule_one.go).
    if (allNodes.length === 0) return { ...errorResult(pod, "no nodes available to schedule pods"), status: "Unschedulable", explanation: explain ? NO_NODES_EXPLANATION : null, unschedulablePlugins: [] };
    const state = new CycleState(snap);

    // --- PreFilter (RunPreFilterPlugins)
    const pf = this.preFilter(state, pod, snap, explain);
    const { preFiltersRun, filters, restriction } = pf;
    if (pf.rejection !== null) {
      // Every node gets the PreFilter status; the message is the PreFilter message.
      return this.unschedulable(pod, snap, state, pf, statusMessage(pf.rejection), NO_EXAMINED, pf.rejection, 0, NO_EXAMINED);
    }

    // --- Filter (findNodesThatPassFilters), sequential emulation of the parallel search.
    let candidates: readonly NodeInfo[] = allNodes;
    let absent: Status | null = null;
    if (restriction !== null) {
      candidates = allNodes.filter((n) => restriction.has(n.node.name));
      absent = { code: "UnschedulableAndUnresolvable", reasons: [`node(s) didn't satisfy plugin(s) [${pf.restrictedBy.join(" ")}]`], plugin: "" };
    }
    const numToFind = this.numToFind(candidates.length);
    // Nodes with nominated pods of equal or higher priority are filtered with them too; such cycles go to the
    // reference evaluator (the only one that implements the two passes).
    const nominator = snap.nominator;
    const yieldTo = (ni: NodeInfo) => nominator.yieldTo(pod, ni.node.name);
    const nominated = nominator.size > 0 && candidates.some((ni) => yieldTo(ni).length > 0) ? { preFilters: preFiltersRun, yieldTo } : null;
    const evaluator = nominated === null ? this.evaluator : this.reference;

    // findNodesThatFitPod: a pod nominated to a node (status.nominatedNodeName) takes that node, unscored,
    // when it passes the filters there (evaluateNominatedNode); otherwise the full search runs.
    const nnn = pod.pod.nominatedNodeName === "" ? undefined : snap.getNode(pod.pod.nominatedNodeName);
    // The nominated node's rejection joins the diagnosis (evaluateNominatedNode fills the same Diagnosis).
    let nominatedFailed: readonly ExaminedNode[] = NO_EXAMINED;
    if (nnn !== undefined) {
      const job = { state, pod, snap, candidates: [nnn], filters, start: 0, numToFind: 1, explain, nominated: yieldTo(nnn).length > 0 ? { preFilters: preFiltersRun, yieldTo } : null };
      const no = (job.nominated === null ? this.evaluator : this.reference).filter(job);
      if (no.error === null && no.feasible.length === 1) return this.scheduledAlone(pod, nnn, 1, pf.explained, explain ? no.examined() : NO_EXAMINED);
      if (no.error === null) nominatedFailed = no.failed();
    }

    const start = this.next;
    const fo = evaluator.filter({ state, pod, snap, candidates, filters, start, numToFind, explain, nominated });
    if (fo.error !== null) {
      this.next = (start + fo.error.processed) % allNodes.length;
      throw new CycleError(fo.error.message);
    }
    const feasible = fo.feasible;
    const evaluated = feasible.length + fo.failedCount;
    // Updated whatever the outcome (schedule_one.go findNodesThatFitPod).
    this.next = (start + evaluated) % allNodes.length;

    if (feasible.length === 0) {
      return this.unschedulable(pod, snap, state, pf, "", fo.failed(), absent, evaluated, explain ? fo.examined() : NO_EXAMINED, nominatedFailed);
    }

    // Exactly one feasible node: chosen without PreScore or Score.
    if (feasible.length === 1) return this.scheduledAlone(pod, feasible[0]!, evaluated, pf.explained, explain ? fo.examined() : NO_EXAMINED);

    // --- PreScore (RunPreScorePlugins); Score, NormalizeScore, weights and selectHost are the evaluator's.
    // prioritizeNodes runs no PreScore when the profile has no Score plugin (every node then totals 1).
    const hasScoring = profile.score.length > 0 || profile.zeroScore.length > 0;
    const ps = this.preScore(state, pod, feasible, snap, explain, hasScoring ? undefined : []);
    const so = this.evaluator.score({ state, pod, feasible, scorers: ps.scorers, explain, pick: (ties) => this.pick(ties) });
    const result = scheduledResult(pod, feasible[so.chosen]!.node.name, evaluated, feasible.length);
    if (!explain) return result;
    const explanation = scoredExplanation({
      preFilter: pf.explained,
      preScore: ps.explained,
      examined: fo.examined(),
      feasible,
      scoreOrder: profile.scoreOrder,
      scorers: ps.scorers,
      zeros: profile.zeroScore.filter((e) => !ps.skipped.has(e.plugin.name)),
      totals: so.totals!,
      perNode: so.perNode!,
      top: so.top!,
    });
    return { ...result, explanation };
  }

  /** A pod placed on its only feasible node (or its nominated node), without PreScore or Score. */
  private scheduledAlone(pod: PodInfo, only: NodeInfo, evaluated: number, preFilter: Explanation["preFilter"], examined: readonly ExaminedNode[]): ScheduleResult {
    const result = scheduledResult(pod, only.node.name, evaluated, 1);
    return this.config.explain ? { ...result, explanation: aloneExplanation(preFilter, examined, only) } : result;
  }

  // FitError + RunPostFilterPlugins: in profile order until a plugin returns Success (its message, if any, is the
  // PostFilter message) or Error (returned at once); the rejections' messages are joined.
  private unschedulable(
    pod: PodInfo,
    snap: Snapshot,
    state: CycleState,
    pf: PreFilterOutcome,
    preFilterMsg: string,
    failed: readonly ExaminedNode[],
    absent: Status | null,
    evaluated: number,
    examined: readonly ExaminedNode[],
    nominatedFailed: readonly ExaminedNode[] = NO_EXAMINED,
  ): ScheduleResult {
    const { profile, explain } = this.config;
    const handle: PostFilterHandle = { snapshot: snap, nodeStatus: nodeStatusOf(failed, absent, SUCCESS), preFilters: pf.preFiltersRun, filters: pf.filters };
    const reasons: string[] = [];
    const postFilter: { plugin: string; code: Status["code"]; message: string }[] = [];
    let candidates: readonly string[] = NO_EXPLAINED;
    let nomination: Explanation["nomination"] = null;
    let postFilterMsg: string | null = null;
    for (const pl of profile.postFilter) {
      const r = pl.postFilter!(state, pod, handle);
      const s = withPlugin(r.status, pl.name);
      const message = statusMessage(s);
      postFilter.push({ plugin: pl.name, code: s.code, message });
      if (r.preemptionCandidates !== undefined) candidates = r.preemptionCandidates;
      if (r.nomination !== undefined && r.nomination !== null) nomination = r.nomination;
      if (r.nominatingInfo !== undefined && r.nominatingInfo !== null) this.nominatingInfo = r.nominatingInfo;
      if (s.code === "Success" || s.code === "Error") {
        if (s.code === "Success" && r.nominatingInfo && r.victims !== undefined && r.victims.length > 0) this.preemption = { node: r.nominatingInfo, victims: r.victims };
        postFilterMsg = message;
        break;
      }
      // Only reasons are collected: a status without any adds nothing to the message.
      if (message !== "") reasons.push(message);
    }
    const fit = {
      numAllNodes: snap.nodes.length,
      preFilterMsg,
      nodeStatuses: failed.map((f) => f.status),
      absentNodesStatus: absent,
      postFilterMsg: postFilterMsg ?? reasons.join(", "),
    };
    return {
      pod: podKey(pod),
      status: "Unschedulable",
      nodeName: null,
      message: fitErrorMessage(fit),
      reasons: fitErrorHistogram(fit),
      evaluatedNodes: evaluated,
      feasibleNodes: 0,
      ...(nomination === null ? {} : { nomination: { node: nomination.node, victims: nomination.victims, evicted: false } }),
      explanation: explain ? unschedulableExplanation(pf.explained, examined, postFilter, candidates, nomination) : null,
      unschedulablePlugins: unschedulablePlugins(pf, failed, nominatedFailed),
    };
  }
}

/**
 * Diagnosis.UnschedulablePlugins: the PreFilter plugins that restricted the nodes (RunPreFilterPlugins'
 * pluginsWithNodes, dropped when a PreFilter returns UnschedulableAndUnresolvable), then AddPluginStatus of the
 * PreFilter rejection and of every rejected node's status (schedule_one.go findNodesThatFitPod,
 * findNodesThatPassFilters; framework/types.go Diagnosis.AddPluginStatus). Sorted.
 */
function unschedulablePlugins(pf: PreFilterOutcome, failed: readonly ExaminedNode[], nominatedFailed: readonly ExaminedNode[]): string[] {
  const rej = pf.rejection;
  const out = new Set<string>(rej !== null && rej.code === "UnschedulableAndUnresolvable" && rej.plugin !== "" ? [] : pf.restrictedBy);
  if (rej !== null && rej.plugin !== "") out.add(rej.plugin);
  for (const list of [nominatedFailed, failed]) {
    for (const f of list) {
      const s = f.status;
      if (s.plugin !== "" && (s.code === "Unschedulable" || s.code === "UnschedulableAndUnresolvable")) out.add(s.plugin);
    }
  }
  return [...out].sort();
}
