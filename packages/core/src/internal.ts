// @schedkit/core/internal: an UNSTABLE entry point for schedkit's own engines (@schedkit/asm). It exposes the
// scheduling cycle's seams and the plugin args decoders so another engine can run the per-node phases over
// its own data layout and stay structurally identical to the reference. Not covered by semver.
import { Scheduler } from "./schedule.js";
import { SchedulingCycle } from "./framework/cycle.js";

export {
  SchedulingCycle,
  TsNodeEvaluator,
  CycleError,
  invalidScoreMessage,
  scoreAndNormalize,
  MAX_NODE_SCORE,
  MIN_NODE_SCORE,
} from "./framework/cycle.js";
export type {
  NodeEvaluator,
  FilterJob,
  FilterOutcome,
  ScoreJob,
  ScoreOutcome,
  ExaminedNode,
  TieBreakRng,
  CycleConfig,
} from "./framework/cycle.js";
export { CycleState } from "./framework/interfaces.js";
export type { Plugin, PluginContext, PreFilterResult } from "./framework/interfaces.js";
export type { ResolvedProfile, ScorePluginEntry } from "./framework/profile.js";
export { Snapshot } from "./framework/snapshot.js";
export type { NodeInfo, PodInfo, Resource } from "./framework/types.js";
export { SUCCESS, SKIP, isRejection, statusMessage, PluginStatusError } from "./framework/status.js";
export { Rng } from "./framework/rng.js";
export { atLeast } from "./framework/version.js";
export type { KubeVersion } from "./framework/version.js";
export { isScalarResourceName } from "./framework/pod-requests.js";
export { podFromKube } from "./model/kube.js";
export { boundPodProblem, queueOrder, runQueue, summarizeRun } from "./schedule.js";
export { parseFitArgs, parseBalancedAllocationArgs } from "./plugins/noderesources/args.js";
export type { NodeResourcesFitArgs, NodeResourcesBalancedAllocationArgs, ScoringStrategy } from "./plugins/noderesources/args.js";
export { NODE_RESOURCES_FIT } from "./plugins/noderesources/fit.js";
export { NODE_RESOURCES_BALANCED_ALLOCATION } from "./plugins/noderesources/balanced-allocation.js";

/** The cycle a Scheduler runs (to install another NodeEvaluator or carry its rotation and tie-break state). */
export function schedulerCycle(s: Scheduler): SchedulingCycle {
  const cycle = (s as unknown as { cycle?: unknown }).cycle;
  if (!(cycle instanceof SchedulingCycle)) throw new Error("schedkit internal: Scheduler no longer holds its SchedulingCycle in `cycle`");
  return cycle;
}

// The layered report's findings and verdict, for the CPU-truth engine (@schedkit/asm src/cpu).
export { layeredFindings, layeredVerdict } from "./overcommit/report.js";
export { checkLayeredInventory } from "./overcommit/validate.js";
