// @schedkit/core/engine: the contract between the scheduling framework and an accelerated engine (such as
// @schedkit/asm). Covered by semver like the main entry point.
//
// What an engine may implement:
//   - a NodeEvaluator (the filter and score phases over nodes), installed through the third argument of
//     `new Scheduler(cluster, options, { evaluator(cycle, snapshot) { ... } })`. The cycle keeps every decision
//     (PreFilter, PreScore, numFeasibleNodesToFind, FitError, PostFilter, explanations); the evaluator must
//     return outcomes structurally identical to the reference evaluator's, and may hand any job to
//     `cycle.referenceEvaluator`.
//   - batch runs: cycles the engine runs itself for pods it can place without the TypeScript cycle, through
//     `cycle.runBatch`, which hands over and takes back the rotation (nextStartNodeIndex) and the tie-break
//     generator's state; `cycle.preFilter` / `cycle.preScore` / `cycle.numToFind` give the cycle's decisions, and
//     `scheduledResult` the result of a pod placed that way (`numberedResult` for one scheduleAll's queue numbers).
// What the cycle tells it: the plugins to run (FilterJob / ScoreJob), and their CycleState, read through the
// typed keys the owning plugins export (FIT_PREFILTER_STATE, FIT_PRESCORE_STATE, BALANCED_PRESCORE_STATE,
// SPREAD_PREFILTER_STATE, SPREAD_PRESCORE_STATE, AFFINITY_PREFILTER_STATE, AFFINITY_PRESCORE_STATE).

// --- the cycle and its per-node phases (framework/)
export { SchedulingCycle } from "../framework/cycle.js";
export type { CycleConfig, PreFilterOutcome, PreScoreOutcome, BatchPosition, TieBreak } from "../framework/cycle.js";
export {
  CycleError,
  filterErrorMessage,
  invalidScoreMessage,
  MAX_NODE_SCORE,
  MIN_NODE_SCORE,
  scoreAndNormalize,
  withPlugin,
} from "../framework/evaluator.js";
export type { NodeEvaluator, FilterJob, FilterOutcome, ScoreJob, ScoreOutcome, ExaminedNode } from "../framework/evaluator.js";
export { TsNodeEvaluator } from "../framework/reference-evaluator.js";
export { numberedResult, scheduledResult } from "../framework/explanation.js";
export type { EngineHooks } from "../schedule.js";

// --- what plugins and evaluators exchange (framework/)
export { CycleState, stateKey } from "../framework/interfaces.js";
export type { StateKey, Plugin, PluginContext, PluginFactory, PreFilterResult, PostFilterHandle, PostFilterResult } from "../framework/interfaces.js";
export type { ResolvedProfile, ScorePluginEntry } from "../framework/profile.js";
export type { Registry } from "../framework/registry.js";
export { currentGeneration, forNodesChangedSince, Snapshot } from "../framework/snapshot.js";
export type { NodeInfo, PodInfo, Resource, SnapshotView, ImageState } from "../framework/types.js";
export { DeviceClassResolver } from "../model/device-classes.js";
export { Nominator } from "../framework/nominator.js";
export { SUCCESS, SKIP, isRejection, statusMessage, PluginStatusError } from "../framework/status.js";
export { isScalarResourceName } from "../framework/pod-requests.js";

// --- scheduleAll's queue and summary, for engines with their own run loop (schedule.ts)
export { boundPodProblem, carryOutPreemption, evictedResult, prepareQueue, prepareRunQueue, queueOrder, runPasses, runQueue, summarizeRun } from "../schedule.js";
export type { CarriedOutPreemption } from "../schedule.js";

// --- the resource plugins' args and state, for engines that run them over columns (plugins/noderesources/)
export { parseFitArgs, parseBalancedAllocationArgs } from "../plugins/noderesources/args.js";
export type { NodeResourcesFitArgs, NodeResourcesBalancedAllocationArgs, ScoringStrategy, ScoringStrategyType } from "../plugins/noderesources/args.js";
export type { ResourceSpec } from "../plugins/noderesources/resource-allocation.js";
export { scoresDraResource } from "../plugins/noderesources/resource-allocation.js";
export type { UtilizationShapePoint } from "../plugins/noderesources/requested-to-capacity-ratio.js";
export { NODE_RESOURCES_FIT, FIT_PREFILTER_STATE, FIT_PRESCORE_STATE } from "../plugins/noderesources/fit.js";
export type { FitRequest } from "../plugins/noderesources/fit.js";
export { NODE_RESOURCES_BALANCED_ALLOCATION, BALANCED_PRESCORE_STATE, scoresBalanceChange } from "../plugins/noderesources/balanced-allocation.js";

// --- the layered report's validation, derived pods, findings and verdict, for the CPU-truth engine (@schedkit/asm src/cpu)
export { layeredFindings, layeredVerdict } from "../overcommit/report.js";
export { checkLayeredInventory } from "../overcommit/validate.js";
export { GuestPodRow } from "../overcommit/guest-pod.js";
export type { CgroupTotals, MutableCgroupTotals } from "../cgroup/pod-spec.js";

// --- PodTopologySpread's state and counting, for engines that spread over columns (plugins/podtopologyspread/)
export { NAME as POD_TOPOLOGY_SPREAD, LABEL_HOSTNAME, countMatchingPods, nodeCounted } from "../plugins/podtopologyspread/common.js";
export type { CompiledConstraint as SpreadConstraint } from "../plugins/podtopologyspread/common.js";
export { SPREAD_PREFILTER_STATE } from "../plugins/podtopologyspread/filtering.js";
export type { PreFilterState as SpreadPreFilterState, CountOptions as SpreadCountOptions } from "../plugins/podtopologyspread/filtering.js";
export { SPREAD_PRESCORE_STATE } from "../plugins/podtopologyspread/scoring.js";
export type { SpreadPreScore, PreScoreState as SpreadPreScoreState } from "../plugins/podtopologyspread/scoring.js";
export { RequiredNodeAffinity } from "../labels/nodeselector.js";
export { goLog } from "../util/golog.js";
export { MAX_NORMALIZE_INPUT } from "../plugins/helper/normalize-score.js";

// --- InterPodAffinity's state, for engines that evaluate its Filter and Score over columns (plugins/interpodaffinity/)
export { NAME as INTER_POD_AFFINITY, AFFINITY_PREFILTER_STATE } from "../plugins/interpodaffinity/filtering.js";
export type { PreFilterState as AffinityPreFilterState } from "../plugins/interpodaffinity/filtering.js";
export { AFFINITY_PRESCORE_STATE, MAX_EXACT_SCORE as MAX_AFFINITY_SCORE } from "../plugins/interpodaffinity/scoring.js";
export type { PreScoreState as AffinityPreScoreState } from "../plugins/interpodaffinity/scoring.js";
