// The cycle's per-node phases as a contract (kube-scheduler: schedule_one.go findNodesThatPassFilters,
// prioritizeNodes, selectHost; framework/runtime/framework.go RunFilterPlugins, RunScorePlugins). The cycle
// (cycle.ts) decides which plugins run and what the outcome means; an evaluator only runs them over nodes.
// reference-evaluator.ts is the reference; @schedkit/asm implements the same contract over columns.
import type { CycleState, Plugin } from "./interfaces.js";
import type { ScorePluginEntry } from "./profile.js";
import type { PluginScore } from "./result.js";
import type { Snapshot } from "./snapshot.js";
import { PluginStatusError, statusMessage, type Status } from "./status.js";
import type { NodeInfo, PodInfo } from "./types.js";

/** MaxNodeScore / MinNodeScore (framework/interface.go). */
export const MAX_NODE_SCORE = 100;
export const MIN_NODE_SCORE = 0;

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
 * The per-node phases of a cycle. The TypeScript evaluator (reference-evaluator.ts) is the reference; other engines run the
 * same phases over columns and must return structurally identical outcomes. Throw CycleError for a
 * score-phase error.
 */
export interface NodeEvaluator {
  filter(job: FilterJob): FilterOutcome;
  score(job: ScoreJob): ScoreOutcome;
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

/** framework.runtime: a non-success status carries the name of the plugin that returned it. */
export function withPlugin(s: Status, plugin: string): Status {
  return s.code === "Success" || s.plugin === plugin ? s : { ...s, plugin };
}

/** The cycle's error for a Filter that returned an Error status (RunFilterPlugins: "running %q filter plugin"). */
export function filterErrorMessage(plugin: string, s: Status): string {
  return `running ${JSON.stringify(plugin)} filter plugin: ${statusMessage(s)}`;
}

/** The CycleError text for a normalized score outside [MinNodeScore, MaxNodeScore] (RunScorePlugins). */
export function invalidScoreMessage(plugin: string, score: number): string {
  return `plugin ${JSON.stringify(plugin)} returns an invalid score ${score}, it should in the range of [${MIN_NODE_SCORE}, ${MAX_NODE_SCORE}] after normalizing`;
}
