// One contract, several implementations: the TypeScript reference here, the WebAssembly engine in
// @schedkit/asm. Both return deep-equal results for the same inputs, explanations included.
import { schedule, scheduleAll, Scheduler, type Cluster, type PodInput, type PodList, type PreparedPod, type RunOptions, type RunResult, type SchedulerOptions, type SchedulerRunOptions } from "../schedule.js";
import type { ScheduleResult } from "../framework/result.js";

/**
 * A long-lived scheduler on its own copy of a cluster (core's Scheduler, @schedkit/asm's WasmScheduler):
 * what step-by-step analyses (capacity, nodesToAdd) drive, stopping where the answer is known.
 */
export interface EngineScheduler {
  /** Validates and pre-computes a pod once. */
  prepare(pod: PodInput, path?: string): PreparedPod;
  /** Schedules and, when a node was chosen, assumes the pod there. */
  scheduleOne(pod: PodInput, path?: string): ScheduleResult;
  /**
   * Pods one after another in the given order, each placed pod assumed before the next; with
   * `stopAtFailure`, nothing after the first pod that is not placed is scheduled.
   */
  scheduleMany(pods: readonly PodInput[], options?: { readonly stopAtFailure?: boolean }): ScheduleResult[];
  /** Records or clears (null) a pod's nomination. */
  nominate(pod: PodInput, nodeName: string | null, path?: string): void;
  /**
   * scheduleAll on the scheduler's cluster as it is now, keeping what it learned across calls (the WASM
   * engine's node columns); `seed` makes the run equal a new scheduler's. Optional: simulate() uses it when
   * present, and a new engine.scheduleAll per pass otherwise.
   */
  scheduleAll?(pods?: PodList, options?: SchedulerRunOptions): RunResult;
  /** Gives resources back early (WASM memory); optional. */
  dispose?(): void;
}

/** A scheduling engine. */
export interface Engine {
  /** "ts", "wasm", ... */
  readonly name: string;
  /** One scheduling cycle for `pod` on the cluster as it is. */
  schedule(pod: PodInput, cluster: Cluster, options?: SchedulerOptions): ScheduleResult;
  /** Pods one after another in PrioritySort order, each placed pod assumed before the next. */
  scheduleAll(pods: PodList | undefined, cluster: Cluster, options?: RunOptions): RunResult;
  /** A scheduler on its own copy of `cluster`, for step-by-step runs (capacity, nodesToAdd need it). */
  scheduler?(cluster: Cluster, options?: SchedulerOptions): EngineScheduler;
}

/** The pure TypeScript reference engine. */
export const tsEngine: Engine = Object.freeze({
  name: "ts",
  schedule,
  scheduleAll,
  scheduler: (cluster: Cluster, options?: SchedulerOptions) => new Scheduler(cluster, options),
});
