// @schedkit/asm/parallel (Node only: node:worker_threads): what-if questions whose runs are independent,
// answered on several threads. Each thread builds its own Cluster and engine from the same plain input; the
// results are those of the one-thread calls (the tests compare them), only sooner.
import { createCluster, SchedkitError, type CreateClusterOptions, type PodInput } from "@schedkit/core";
import { nodesToAddSteps, type CapacityOptions, type CapacityResult, type NodesToAddOptions, type NodesToAddResult, type ShapeCapacity } from "@schedkit/core/analysis";
import { createWorkerPool, MAX_WORKERS } from "@schedkit/core/parallel";
import { availableParallelism } from "node:os";
import type { EngineName, Setup } from "./tasks.js";

export type { EngineName } from "./tasks.js";

/** What every parallel question takes besides its own options. */
export interface ParallelOptions {
  /** Threads. Default: the machine's cores (os.availableParallelism()); 1 answers on the calling thread. */
  readonly workers?: number;
  /** The engine each thread creates (engines are not shared across threads). Default "wasm" (SIMD where the host has it). */
  readonly engine?: EngineName;
  /** createCluster's options for the cluster input. */
  readonly clusterOptions?: CreateClusterOptions;
}

/** Options of the parallel nodesToAdd(): core's, with the engine named, and the threads. */
export type ParallelNodesToAddOptions = Omit<NodesToAddOptions, "engine"> & ParallelOptions;

/** Options of capacityEach(): capacity()'s, with the engine named, and the threads. */
export type CapacityEachOptions = Omit<CapacityOptions, "engine" | "interleave"> & ParallelOptions;

const TASKS = new URL("./parallel-tasks.js", import.meta.url);
const ENGINES: readonly EngineName[] = ["ts", "wasm", "wasm-scalar"];

/**
 * @schedkit/core/analysis's nodesToAdd() on several threads. `cluster` is createCluster's input (plain data:
 * each thread builds its own Cluster from it). Each round asks as many capacity() questions at once as there
 * are threads: the one the search needs and those it needs next on either outcome; the search decides only
 * on real answers, so the result is the one-thread result. The search is sequential by nature: with 2
 * threads it takes about two rounds where one thread takes three.
 */
export async function nodesToAdd(cluster: unknown, shape: PodInput, template: unknown, target: number, options: ParallelNodesToAddOptions = {}): Promise<NodesToAddResult> {
  const { workers, engine, clusterOptions, rest } = split(options);
  // Bad input fails here, as the one-thread call fails, before any thread starts.
  const steps = nodesToAddSteps(createCluster(cluster, clusterOptions), template, target, rest, workers);
  let s = steps.next([]);
  if (s.done === true) return s.value;
  const setup: Setup = { cluster, clusterOptions, engine };
  const pool = createWorkerPool(TASKS, { workers, setup });
  try {
    while (s.done !== true) {
      const answers = await pool.map<ShapeCapacity>(
        "nodesToAddProbe",
        s.value.map((probe) => ({ shape, template, probe, options: rest })),
      );
      s = steps.next(answers);
    }
    return s.value;
  } finally {
    await pool.close();
  }
}

/**
 * capacity() of each shape alone on the cluster, as `capacity(cluster, [shape], options)` for each, on
 * several threads: independent questions (unlike capacity() over several shapes, where each shape sees the
 * replicas of the ones before it). Results in shape order.
 */
export async function capacityEach(cluster: unknown, shapes: readonly PodInput[], options: CapacityEachOptions = {}): Promise<CapacityResult[]> {
  if (!Array.isArray(shapes)) throw new SchedkitError("shapes", shapes, "is not an array of pods");
  const { workers, engine, clusterOptions, rest } = split(options);
  createCluster(cluster, clusterOptions);
  const pool = createWorkerPool(TASKS, { workers: Math.min(workers, Math.max(1, shapes.length)), setup: { cluster, clusterOptions, engine } satisfies Setup });
  try {
    return await pool.map<CapacityResult>("capacity", shapes.map((s) => ({ shapes: [s], options: rest })));
  } finally {
    await pool.close();
  }
}

function split<O extends ParallelOptions>(options: O): { workers: number; engine: EngineName; clusterOptions: CreateClusterOptions | undefined; rest: Omit<O, keyof ParallelOptions> } {
  if (typeof options !== "object" || options === null) throw new SchedkitError("options", options, "is not an options object");
  const { workers = Math.min(availableParallelism(), MAX_WORKERS), engine = "wasm", clusterOptions, ...rest } = options;
  if (!Number.isSafeInteger(workers) || workers < 1 || workers > MAX_WORKERS) throw new SchedkitError("workers", workers, `is not an integer from 1 to ${MAX_WORKERS}`);
  if (!ENGINES.includes(engine)) throw new SchedkitError("engine", engine, `is not one of ${ENGINES.map((e) => JSON.stringify(e)).join(", ")} (threads create their own engine)`);
  return { workers, engine, clusterOptions, rest };
}
