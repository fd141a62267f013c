// @schedkit/asm/parallel (Node only: node:worker_threads): what-if questions whose runs are independent,
// answered on several threads. A ParallelCluster keeps its threads warm: each builds its Cluster and engine
// from the same plain input once, then answers every question asked of it, so start-up (thread start, module
// import, createCluster, engine creation, and V8's warm-up of that code) is paid once per cluster rather than
// per question. The results are those of the one-thread calls (the tests compare them), only sooner.
import { createCluster, SchedkitError, type Cluster, type CreateClusterOptions, type Engine, type PodInput } from "@schedkit/core";
import {
  capacity,
  nodesToAdd as nodesToAddOn,
  nodesToAddSearch,
  type CapacityOptions,
  type CapacityResult,
  type NodesToAddOptions,
  type NodesToAddProbe,
  type NodesToAddResult,
  type ShapeCapacity,
} from "@schedkit/core/analysis";
import { createWorkerPool, MAX_WORKERS, type ThreadStats, type WorkerPool } from "@schedkit/core/parallel";
import { runJobs, type Threads } from "./jobs.js";
import { availableParallelism } from "node:os";
import { capacityAnswer, engineByName, probeAnswer, unpackPlacement, type CapacityJob, type EngineName, type PackedCapacity, type PackedCapacityResult, type Prepared, type ProbeJob, type Setup, type Startup } from "./tasks.js";

export type { EngineName, Startup } from "./tasks.js";
export type { ThreadStats } from "@schedkit/core/parallel";

/** What every parallel question takes besides its own options. */
export interface ParallelOptions {
  /**
   * Threads. Default: the machine's cores (os.availableParallelism()); 1 answers on the calling thread. A warm
   * pool starts this many; a one-call question counts the calling thread as one of them.
   */
  readonly workers?: number;
  /** The engine each thread creates (engines are not shared across threads). Default "wasm" (SIMD where the host has it). */
  readonly engine?: EngineName;
  /** createCluster's options for the cluster input. */
  readonly clusterOptions?: CreateClusterOptions;
}

/** A question's own options on a ParallelCluster: core's, without the engine (the cluster's threads have theirs). */
export type CapacityQuestion = Omit<CapacityOptions, "engine" | "interleave">;
export type NodesToAddQuestion = Omit<NodesToAddOptions, "engine">;

/** What a one-call question (capacityEach(), nodesToAdd()) takes besides ParallelOptions. */
export interface OneCallOptions extends ParallelOptions {
  /**
   * Whether the calling thread answers too (default true): it is then one of the `workers`, answers from the
   * first moment, and the other threads start only once the question has run about as long as their start-up
   * takes — about as fast as one thread for a short question — but the caller's event loop waits while it
   * answers. false leaves every job to `workers` threads and the event loop free (a server's), at the cost of
   * their start-up.
   */
  readonly callingThread?: boolean;
}

/** Options of the parallel nodesToAdd(): core's, with the engine named, and the threads. */
export type ParallelNodesToAddOptions = NodesToAddQuestion & OneCallOptions;

/** Options of capacityEach(): capacity()'s, with the engine named, and the threads. */
export type CapacityEachOptions = CapacityQuestion & OneCallOptions;

/** A cluster prepared on a pool of threads that stay warm between questions. Close it when done. */
export interface ParallelCluster {
  /** Threads answering; 0 when the calling thread answers (`workers: 1`). */
  readonly threads: number;
  /** Resolves once every thread has built its cluster and engine (questions asked earlier wait for that anyway). */
  ready(): Promise<void>;
  /** What each thread's start-up cost, one entry per thread (the calling thread's with `workers: 1`). */
  startup(): Promise<Startup[]>;
  /** capacity() of each shape alone, as `capacity(cluster, [shape], options)` for each; results in shape order. */
  capacityEach(shapes: readonly PodInput[], options?: CapacityQuestion): Promise<CapacityResult[]>;
  /** core's nodesToAdd(), its capacity probes answered as many at a time as there are threads. */
  nodesToAdd(shape: PodInput, template: unknown, target: number, options?: NodesToAddQuestion): Promise<NodesToAddResult>;
  /** Each thread's work, message passing and garbage collection so far (the pool's stats()): diff it around a question. */
  stats(): ThreadStats[];
  /** Ends the threads; questions still running reject. */
  close(): Promise<void>;
}

const TASKS = new URL("./parallel-tasks.js", import.meta.url);
const ENGINES: readonly EngineName[] = ["ts", "wasm", "wasm-scalar"];

/**
 * Prepares `cluster` (createCluster's input: plain data, which each thread turns into its own Cluster) on
 * `workers` threads for many questions. Bad cluster input fails here, on the calling thread, before any
 * thread starts. With `workers: 1` no thread starts: the calling thread answers with core's functions, the
 * reference the threaded answers equal.
 */
export function openParallelCluster(cluster: unknown, options: ParallelOptions = {}): ParallelCluster {
  const { clusterOptions } = parallelOptions(options);
  const t0 = performance.now();
  return openOn(createCluster(cluster, clusterOptions), performance.now() - t0, cluster, options);
}

/** openParallelCluster() with the calling thread's Cluster already built from `cluster`. */
function openOn(own: Cluster, clusterMs: number, cluster: unknown, options: ParallelOptions): ParallelCluster {
  const { workers, engine, clusterOptions } = parallelOptions(options);
  return workers === 1 ? callingThread(own, engine, clusterMs) : threads(own, { cluster, clusterOptions, engine }, workers);
}

/**
 * One question's threads: the calling thread and `workers − 1` threads. A thread's start, its cold
 * createCluster and V8's warm-up of the question's code take longer than many questions, and on a machine
 * with as many cores as threads a starting thread slows the calling thread's own warm-up (docs/parallel.md,
 * "One call"). So the calling thread — its Cluster built and checked already — answers from the first moment,
 * and the threads start only once it has answered for about what a thread's start-up takes (a thread's start
 * and import, and its cold createCluster of the input: twice the calling thread's): a question that ends
 * sooner starts none.
 */
function oneCall(own: Cluster, clusterMs: number, cluster: unknown, options: OneCallOptions): Pick<ParallelCluster, "capacityEach" | "nodesToAdd" | "close"> {
  const { workers, engine, clusterOptions } = parallelOptions(options);
  if (options.callingThread === false) return threads(own, { cluster, clusterOptions, engine }, workers);
  if (workers === 1) return callingThread(own, engine, clusterMs);
  const t0 = performance.now();
  const local: Prepared = { cluster: own, engine: engineByName(engine), startup: { bootMs: 0, clusterMs, engineMs: performance.now() - t0 } };
  let pool: WorkerPool | undefined;
  let ready = false;
  const later: Threads = {
    count: workers - 1,
    ready: () => ready,
    start: () => {
      const setup: Setup = { cluster, clusterOptions, engine, spawnedAt: performance.timeOrigin + performance.now() };
      pool ??= createWorkerPool(TASKS, { workers: workers - 1, onCallingThread: false, setup });
      return pool.ready().then(() => void (ready = true));
    },
    run: (fn, input) => pool!.run(fn, input),
  };
  const on: Runner = { threads: later, local, startAfterMs: 2 * clusterMs + THREAD_START_MS };
  return {
    capacityEach: (shapes, options = {}) => askCapacityEach(own, on, shapes, options),
    nodesToAdd: (shape, template, target, options = {}) => askNodesToAdd(own, on, shape, template, target, options),
    close: async () => {
      await pool?.close();
    },
  };
}

/** A thread's start and the import of the task module (docs/parallel.md: 120–260 ms on the bench's 2-core machine). */
const THREAD_START_MS = 200;

/**
 * @schedkit/core/analysis's nodesToAdd() on several threads. `cluster` is createCluster's input (plain data:
 * each thread builds its own Cluster from it). Every thread answers a capacity() probe at all times: the one
 * the search needs, or one it will need on the outcome the answers so far predict (core's nodesToAddSearch),
 * and a thread that finishes takes the next at once, with no round to wait for. The search decides only on
 * real answers, so the result is the one-thread result. In one call the calling thread is one of the
 * `workers` and answers from the first moment; the others start once the question has run about as long as
 * their start-up takes, and end with the call. To ask several questions of one cluster, openParallelCluster()
 * keeps threads warm.
 */
export async function nodesToAdd(cluster: unknown, shape: PodInput, template: unknown, target: number, options: ParallelNodesToAddOptions = {}): Promise<NodesToAddResult> {
  const { question, ...parallel } = splitOptions(options);
  // Bad input fails here, as the one-thread call fails, before any thread starts.
  const t0 = performance.now();
  const own = createCluster(cluster, parallel.clusterOptions);
  const clusterMs = performance.now() - t0;
  nodesToAddSearch(own, template, target, question);
  return once(oneCall(own, clusterMs, cluster, parallel), (p) => p.nodesToAdd(shape, template, target, question));
}

/**
 * capacity() of each shape alone on the cluster, as `capacity(cluster, [shape], options)` for each, on
 * several threads: independent questions (unlike capacity() over several shapes, where each shape sees the
 * replicas of the ones before it). Results in shape order. In one call the calling thread is one of the
 * `workers` (at most one per shape) and answers from the first moment; the others start once the question has
 * run about as long as their start-up takes, and end with the call. openParallelCluster() keeps threads warm
 * for the next question.
 */
export async function capacityEach(cluster: unknown, shapes: readonly PodInput[], options: CapacityEachOptions = {}): Promise<CapacityResult[]> {
  if (!Array.isArray(shapes)) throw new SchedkitError("shapes", shapes, "is not an array of pods");
  const { question, ...parallel } = splitOptions(options);
  const workers = Math.min(parallelOptions(parallel).workers, Math.max(1, shapes.length));
  const t0 = performance.now();
  const own = createCluster(cluster, parallel.clusterOptions);
  return once(oneCall(own, performance.now() - t0, cluster, { ...parallel, workers }), (p) => p.capacityEach(shapes, question));
}

async function once<P extends Pick<ParallelCluster, "close">, T>(p: P, ask: (p: P) => Promise<T>): Promise<T> {
  try {
    return await ask(p);
  } finally {
    await p.close();
  }
}

function callingThread(cluster: Cluster, engineName: EngineName, clusterMs: number): ParallelCluster {
  const t0 = performance.now();
  const engine: Engine = engineByName(engineName);
  const startup: Startup = { bootMs: 0, clusterMs, engineMs: performance.now() - t0 };
  let closed = false;
  // Questions, not probes, are this thread's jobs; no transit, and no GC figure (its collector also serves the caller).
  const tally = { jobs: 0, busyMs: 0, gcMs: 0, transitMs: 0 };
  // Asynchronous like the threaded answers, so that a caller's code does not depend on the worker count.
  const open = async <T>(f: () => T): Promise<T> => {
    if (closed) throw new Error("the worker pool is closed");
    return f();
  };
  // A question or startup() is a job, as on threads (their pool's ready() is not).
  const job = <T>(f: () => T): Promise<T> =>
    open(() => {
      const t1 = performance.now();
      try {
        return f();
      } finally {
        tally.jobs++;
        tally.busyMs += performance.now() - t1;
      }
    });
  return {
    threads: 0,
    ready: () => open(() => undefined),
    startup: () => job(() => [startup]),
    stats: () => [{ ...tally }],
    capacityEach: (shapes, options = {}) =>
      job(() => {
        if (!Array.isArray(shapes)) throw new SchedkitError("shapes", shapes, "is not an array of pods");
        return shapes.map((s) => capacity(cluster, [s], { ...question(options), engine }));
      }),
    nodesToAdd: (shape, template, target, options = {}) => job(() => nodesToAddOn(cluster, shape, template, target, { ...question(options), engine })),
    close: async () => {
      closed = true;
    },
  };
}

/** A ParallelCluster on `workers` threads (one included) that stay warm until close(). */
function threads(cluster: Cluster, setup: Setup, workers: number): ParallelCluster {
  const pool: WorkerPool = createWorkerPool(TASKS, { workers, onCallingThread: false, setup: { ...setup, spawnedAt: performance.timeOrigin + performance.now() } });
  // The pool queues jobs until its threads are ready: they take them at once.
  const on: Runner = { threads: { count: pool.threads, ready: () => true, start: () => Promise.resolve(), run: (fn, input) => pool.run(fn, input) }, local: undefined, startAfterMs: 0 };
  return {
    threads: pool.threads,
    ready: () => pool.ready(),
    startup: async () => {
      // Once every thread is ready and idle, the pool hands one job to each of them at once.
      await pool.ready();
      return pool.map<Startup>("startup", Array.from({ length: pool.threads }, () => ({})));
    },
    capacityEach: (shapes, options = {}) => askCapacityEach(cluster, on, shapes, options),
    nodesToAdd: (shape, template, target, options = {}) => askNodesToAdd(cluster, on, shape, template, target, options),
    stats: () => pool.stats(),
    close: () => pool.close(),
  };
}

/** Where a question's jobs run: threads, and for a one-call question the calling thread too (runJobs). */
interface Runner {
  readonly threads: Threads;
  readonly local: Prepared | undefined;
  /** How long the calling thread answers alone before the threads start (runJobs). */
  readonly startAfterMs: number;
}

/** The cluster's node names, which packed placements index (every thread's cluster has the same nodes in the same order). */
const nodeNames = new WeakMap<Cluster, readonly string[]>();
function namesOf(cluster: Cluster): readonly string[] {
  let names = nodeNames.get(cluster);
  if (names === undefined) nodeNames.set(cluster, (names = cluster.nodes.map((n) => n.name)));
  return names;
}

async function askCapacityEach(cluster: Cluster, on: Runner, shapes: readonly PodInput[], options: CapacityQuestion): Promise<CapacityResult[]> {
  if (!Array.isArray(shapes)) throw new SchedkitError("shapes", shapes, "is not an array of pods");
  const rest = question(options);
  const local = on.local;
  // One job per shape from one queue: whoever is free takes the next shape, so uneven questions keep every
  // thread busy until the last one.
  // A thread's answer comes packed (tasks.ts capacity), the calling thread's as it is.
  const answers = new Array<PackedCapacityResult | CapacityResult>(shapes.length);
  let next = 0;
  let answered = 0;
  await runJobs<number, PackedCapacityResult | CapacityResult>(on.threads, "capacity", local && ((input) => capacityAnswer(input as CapacityJob, local)), on.startAfterMs, {
    known: true,
    next: () => (next < shapes.length ? next++ : undefined),
    input: (i): CapacityJob => ({ shapes: [shapes[i]], options: rest }),
    answer: (i, a) => {
      answers[i] = a;
      answered++;
    },
    done: () => answered === shapes.length,
  });
  const names = namesOf(cluster);
  return answers.map((a) => ("placements" in a ? { ...a.result, shapes: a.result.shapes.map((sh, i) => ({ ...sh, placement: unpackPlacement(a.placements[i]!, names, []) })) } : a));
}

async function askNodesToAdd(cluster: Cluster, on: Runner, shape: PodInput, template: unknown, target: number, options: NodesToAddQuestion): Promise<NodesToAddResult> {
  const rest = question(options);
  const local = on.local;
  const search = nodesToAddSearch(cluster, template, target, rest);
  // A thread's answers' packed placements, unpacked only for the answers the result keeps; the calling
  // thread's answers come whole.
  const packed = new Map<ShapeCapacity, Int32Array>();
  // Every thread runs a probe at all times: whenever one is answered, the search takes the answer and hands
  // out the next probe worth running.
  await runJobs<NodesToAddProbe, PackedCapacity | ShapeCapacity>(on.threads, "nodesToAddProbe", local && ((input) => probeAnswer(input as ProbeJob, local)), on.startAfterMs, {
    known: false,
    next: () => search.next(),
    input: (p): ProbeJob => ({ shape, template, probe: p, options: rest }),
    answer: (p, a) => {
      if ("answer" in a) packed.set(a.answer, a.placement);
      search.answer(p, "answer" in a ? a.answer : a);
    },
    done: () => search.result() !== undefined,
  });
  const r = search.result()!;
  const names = namesOf(cluster);
  const full = (a: ShapeCapacity | null) => {
    const p = a === null ? undefined : packed.get(a);
    return p === undefined ? a : { ...a!, placement: unpackPlacement(p, names, r.addedNodes) };
  };
  return { ...r, withOneFewer: full(r.withOneFewer), after: full(r.after) };
}


/** A question's options, checked: the engine and threads belong to the ParallelCluster. */
function question<O extends object>(options: O): O {
  if (typeof options !== "object" || options === null) throw new SchedkitError("options", options, "is not an options object");
  for (const k of ["engine", "workers", "clusterOptions"] as const) {
    if (k in options) throw new SchedkitError(`options.${k}`, (options as Record<string, unknown>)[k], "belongs to openParallelCluster(), not to a question");
  }
  return options;
}

function splitOptions<O extends OneCallOptions>(options: O): ParallelOptions & { callingThread: boolean; question: Omit<O, keyof OneCallOptions> } {
  if (typeof options !== "object" || options === null) throw new SchedkitError("options", options, "is not an options object");
  const { workers, engine, clusterOptions, callingThread = true, ...rest } = options;
  if (typeof callingThread !== "boolean") throw new SchedkitError("callingThread", callingThread, "is not a boolean");
  return { ...parallelOptions({ workers, engine, clusterOptions }), callingThread, question: rest };
}

function parallelOptions(options: ParallelOptions): { workers: number; engine: EngineName; clusterOptions: CreateClusterOptions | undefined } {
  if (typeof options !== "object" || options === null) throw new SchedkitError("options", options, "is not an options object");
  const { workers = Math.min(availableParallelism(), MAX_WORKERS), engine = "wasm", clusterOptions } = options;
  if (!Number.isSafeInteger(workers) || workers < 1 || workers > MAX_WORKERS) throw new SchedkitError("workers", workers, `is not an integer from 1 to ${MAX_WORKERS}`);
  if (!ENGINES.includes(engine)) throw new SchedkitError("engine", engine, `is not one of ${ENGINES.map((e) => JSON.stringify(e)).join(", ")} (threads create their own engine)`);
  return { workers, engine, clusterOptions };
}
