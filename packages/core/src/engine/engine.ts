// One contract, several implementations: the TypeScript reference here, the WebAssembly engine in
// @schedkit/asm. Both return deep-equal results for the same inputs, explanations included.
import { schedule, scheduleAll, type Cluster, type PodInput, type RunOptions, type RunResult, type SchedulerOptions } from "../schedule.js";
import type { ScheduleResult } from "../framework/result.js";

/** A scheduling engine. */
export interface Engine {
  /** "ts", "wasm", ... */
  readonly name: string;
  /** One scheduling cycle for `pod` on the cluster as it is. */
  schedule(pod: PodInput, cluster: Cluster, options?: SchedulerOptions): ScheduleResult;
  /** Pods one after another in PrioritySort order, each placed pod assumed before the next. */
  scheduleAll(pods: readonly PodInput[] | undefined, cluster: Cluster, options?: RunOptions): RunResult;
}

/** The pure TypeScript reference engine. */
export const tsEngine: Engine = Object.freeze({ name: "ts", schedule, scheduleAll });
