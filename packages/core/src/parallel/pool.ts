// Independent runs on Node's worker threads. A task is an ES module: each thread imports it, calls its
// optional `prepare(setup)` once, then one named export per job with (input, prepared, context). Threads share
// nothing mutable: inputs, setup and results are structured clones (the setup's serialised bytes are the one
// buffer the threads share, read-only), so a job's result cannot depend on the thread
// that ran it or on the jobs that ran before it there (a task's prepare must keep that promise: it builds
// read-only inputs, never state that a job leaves behind for the next).
import { availableParallelism } from "node:os";
import { isAbsolute } from "node:path";
import { pathToFileURL } from "node:url";
import { serialize } from "node:v8";
import { Worker, type ResourceLimits } from "node:worker_threads";
import { DomainError, SchedkitError } from "../errors.js";

/** What a task function gets besides its input. */
export interface TaskContext {
  /** Reports progress (any unit the task chooses) to the caller's `onProgress`. */
  progress(n: number): void;
}

/** Where a task module is: a file URL, or an absolute path or specifier Node's `import()` resolves. */
export type TaskModule = URL | string;

/** Options of createWorkerPool() and sweep(). */
export interface WorkerPoolOptions {
  /** Threads to start. Default: the machine's cores (os.availableParallelism()). 1 runs every job on the calling thread (unless `onCallingThread` is false). */
  readonly workers?: number;
  /**
   * With `workers: 1`, whether jobs run on the calling thread (default true: no thread to start, the reference
   * threaded runs are compared with). false starts one thread, which leaves the calling thread's event loop
   * free while jobs run. Threads are always started for more than one worker.
   */
  readonly onCallingThread?: boolean;
  /** Passed (as a structured clone) to the task's `prepare` on each thread; without `prepare`, it is the job's second argument. */
  readonly setup?: unknown;
  /** Called on the calling thread with what jobs pass to `context.progress`. */
  readonly onProgress?: (n: number) => void;
  /**
   * Each thread's V8 heap limits in MB (Node's Worker `resourceLimits`), over the pool's default: a young
   * generation of 192 MB, four times V8's 48 MB. Ignored when jobs run on the calling thread (`workers: 1`
   * without `onCallingThread: false`: its heap is the process's, and `node --max-semi-space-size=64` gives it the same).
   */
  readonly resourceLimits?: ResourceLimits;
}

/** A pool of threads that run jobs of one task module. Close it when done (sweep() does). */
export interface WorkerPool {
  /** Threads in the pool (0 when jobs run on the calling thread). */
  readonly threads: number;
  /** Runs one job: `fn` names an export of the task module; the result is a structured clone of its return value. */
  run<O>(fn: string, input: unknown): Promise<O>;
  /** Runs one job per input, results in input order whatever finishes first; rejects with the first error. */
  map<O>(fn: string, inputs: readonly unknown[]): Promise<O[]>;
  /**
   * Resolves once every thread has imported the task and run its `prepare` (rejects with the first thread's
   * error): a caller that keeps the pool for many jobs can pay that start-up before it times or runs them.
   */
  ready(): Promise<void>;
  /**
   * Where each thread's time went since the pool started, one entry per thread (the calling thread's with
   * `workers: 1`): what a caller diffs around a question to see the work, the message passing and the idle
   * time of each thread.
   */
  stats(): ThreadStats[];
  /** Ends the threads; jobs still queued reject. */
  close(): Promise<void>;
}

/** Milliseconds one thread of a pool spent, summed over its jobs. */
export interface ThreadStats {
  /** Jobs the task ran, whether it answered or threw. */
  readonly jobs: number;
  /** Inside the task's functions: the work, including the garbage collection it caused. */
  readonly busyMs: number;
  /** The thread's garbage collector pauses (wall time, by V8's gc entries) up to its last answer. */
  readonly gcMs: number;
  /**
   * Between the calling thread handing a job to the thread and taking its answer, less the job's busyMs:
   * cloning the input and the result both ways, and the wait for each thread's event loop.
   */
  readonly transitMs: number;
}

/** The most threads a pool starts. */
export const MAX_WORKERS = 256;

/**
 * A pool thread's young generation, MB. A scheduling job keeps a run's state (every assumed replica) alive
 * for the run, so V8's default 48 MB (two 16 MB semi-spaces) scavenges every few milliseconds and copies the
 * same live state each time, then promotes it to the old generation, where the major collector marks it once
 * more. At 192 MB a nodesToAdd question on 2,000 nodes scavenged 33 times instead of 128, copying and
 * promoting 807 MB instead of 1,016 MB (docs/parallel.md). Its cost is memory: up to 128 MB more per thread
 * (the two semi-spaces grow to 64 MB each when the work keeps them full).
 */
const YOUNG_GENERATION_MB = 192;
const HEAP_LIMITS = ["maxYoungGenerationSizeMb", "maxOldGenerationSizeMb", "codeRangeSizeMb", "stackSizeMb"] as const;

/** createWorkerPool's `resourceLimits`, checked (with one thread too, where they go unused), over the default. */
function resourceLimits(limits: unknown): ResourceLimits {
  if (limits === undefined) return { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB };
  if (typeof limits !== "object" || limits === null || Array.isArray(limits)) throw new SchedkitError("resourceLimits", limits, "is not an object of heap limits in MB");
  for (const [k, v] of Object.entries(limits)) {
    if (!(HEAP_LIMITS as readonly string[]).includes(k)) throw new SchedkitError(`resourceLimits.${k}`, v, `is not a heap limit (one of ${HEAP_LIMITS.join(", ")})`);
    if (v !== undefined && (typeof v !== "number" || !Number.isFinite(v) || v <= 0)) throw new SchedkitError(`resourceLimits.${k}`, v, "is not a number of MB above 0");
  }
  return { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB, ...(limits as ResourceLimits) };
}

// The thread's side, evaluated as a script so that the pool needs no file of its own next to the bundle that
// contains it (bundlers move files; a data: or eval worker travels with the code). It imports the task module,
// prepares once, and answers jobs in the order they come.
const THREAD = `{
const { parentPort, workerData } = require("node:worker_threads");
const { performance, PerformanceObserver } = require("node:perf_hooks");
let gcMs = 0;
const gcEntries = new PerformanceObserver((list) => { for (const e of list.getEntries()) gcMs += e.duration; });
gcEntries.observe({ entryTypes: ["gc"] });
// Node records a pause's entry on the event loop's next turn, so a job's own pauses are read after one.
const gcSoFar = () => new Promise((r) => setImmediate(r)).then(() => { for (const e of gcEntries.takeRecords()) gcMs += e.duration; return gcMs; });
// The setup lives only inside this function: a variable of the block would stay reachable from the message
// handler for the thread's life, and every major collection would mark it (a cluster's input: a few times
// the Cluster built from it) when only what prepare() returns is needed.
const ready = import(workerData.module).then(async (m) => {
  const setup = require("node:v8").deserialize(new Uint8Array(workerData.setup));
  return { m, prepared: typeof m.prepare === "function" ? await m.prepare(setup) : setup };
});
const progress = (id) => ({ progress: (n) => parentPort.postMessage({ id, progress: n }) });
const describe = (e) => e instanceof Error ? { name: e.name, message: e.message, path: e.path, problem: e.problem, value: e.value } : { name: "Error", message: String(e) };
ready.then(() => parentPort.postMessage({ ready: true }), (e) => { try { parentPort.postMessage({ ready: false, err: describe(e) }); } catch { parentPort.postMessage({ ready: false, err: { ...describe(e), value: undefined } }); } });
parentPort.on("message", async ({ id, fn, input }) => {
  // The task's time, a throw's included; undefined when it never ran (no such function, no preparation).
  let ms;
  try {
    const { m, prepared } = await ready;
    if (typeof m[fn] !== "function") throw new Error("the task module has no exported function " + JSON.stringify(fn));
    const t0 = performance.now();
    let out;
    try { out = await m[fn](input, prepared, progress(id)); }
    finally { ms = performance.now() - t0; }
    parentPort.postMessage({ id, ok: true, out, ms, gcMs: await gcSoFar() });
  } catch (e) {
    const err = describe(e);
    const gc = ms === undefined ? undefined : await gcSoFar();
    try { parentPort.postMessage({ id, ok: false, err, ms, gcMs: gc }); }
    catch { parentPort.postMessage({ id, ok: false, err: { ...err, value: undefined }, ms, gcMs: gc }); }
  }
});
}
`;

interface ThreadError {
  readonly name: string;
  readonly message: string;
  readonly path?: string;
  readonly problem?: string;
  readonly value?: unknown;
}

type Reply =
  | { ready: true }
  | { ready: false; err: ThreadError }
  | { id: number; progress: number }
  | { id: number; ok: true; out: unknown; ms: number; gcMs: number }
  | { id: number; ok: false; err: ThreadError; ms?: number; gcMs?: number };

interface Tally {
  jobs: number;
  busyMs: number;
  gcMs: number;
  transitMs: number;
}

/** A thread's error on the calling thread: a SchedkitError stays one (same class, path, value and text). */
function revive(err: ThreadError): Error {
  if ((err.name === "SchedkitError" || err.name === "DomainError") && typeof err.path === "string" && typeof err.problem === "string") {
    const e = new (err.name === "DomainError" ? DomainError : SchedkitError)(err.path, err.value, err.problem);
    // The value may not have survived the clone (a function, a symbol): the text is the thread's, as thrown.
    if (e.message !== err.message) Object.defineProperty(e, "message", { value: err.message });
    return e;
  }
  const e = new Error(err.message);
  if (err.name !== "Error") Object.defineProperty(e, "name", { value: err.name });
  return e;
}

/** A job's input that structured clone refuses (a function, a class with private state): said as bad input. */
function notCloneable(input: unknown, e: unknown, what = "input"): SchedkitError {
  return new SchedkitError(what, input, `cannot be sent to a worker thread: ${e instanceof Error ? e.message : String(e)}`);
}

function moduleHref(task: TaskModule): string {
  if (task instanceof URL) return task.href;
  if (typeof task === "string" && task !== "") return isAbsolute(task) ? pathToFileURL(task).href : task;
  throw new SchedkitError("task", task, "is not a module URL or path");
}

function workerCount(n: number | undefined): number {
  if (n === undefined) return Math.min(availableParallelism(), MAX_WORKERS);
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_WORKERS) throw new SchedkitError("workers", n, `is not an integer from 1 to ${MAX_WORKERS}`);
  return n;
}

/**
 * Starts a pool of `workers` threads running jobs of `task`, each thread preparing once. With `workers: 1`
 * the jobs run on the calling thread, one after another, through the same module: the reference the threaded
 * runs are compared with.
 */
export function createWorkerPool(task: TaskModule, options: WorkerPoolOptions = {}): WorkerPool {
  if (typeof options !== "object" || options === null) throw new SchedkitError("options", options, "is not an options object");
  const href = moduleHref(task);
  const n = workerCount(options.workers);
  const onProgress = options.onProgress ?? (() => {});
  const limits = resourceLimits(options.resourceLimits);
  const { onCallingThread = n === 1 } = options;
  if (typeof onCallingThread !== "boolean") throw new SchedkitError("onCallingThread", onCallingThread, "is not a boolean");
  if (onCallingThread && n !== 1) throw new SchedkitError("onCallingThread", onCallingThread, `cannot hold with workers: ${n} (jobs run on the calling thread only with one worker)`);
  return onCallingThread ? inlinePool(href, options.setup, onProgress) : threadPool(href, n, options.setup, onProgress, limits);
}

/**
 * Runs `fn` of `task` over every input on `workers` threads (default: the machine's cores, at most one per
 * input) and resolves with the results in input order; the first failing job rejects with its error
 * (a SchedkitError thrown on a thread is rethrown as one) and stops the rest.
 */
export async function sweep<O>(task: TaskModule, fn: string, inputs: readonly unknown[], options: WorkerPoolOptions = {}): Promise<O[]> {
  if (!Array.isArray(inputs)) throw new SchedkitError("inputs", inputs, "is not an array");
  const workers = Math.min(workerCount(options.workers), Math.max(1, inputs.length));
  const pool = createWorkerPool(task, { ...options, workers });
  try {
    return await pool.map<O>(fn, inputs);
  } finally {
    await pool.close();
  }
}

function inlinePool(href: string, setup: unknown, onProgress: (n: number) => void): WorkerPool {
  let own: unknown;
  try {
    own = structuredClone(setup);
  } catch (e) {
    throw notCloneable(setup, e, "setup");
  }
  let prepared: Promise<{ m: Record<string, unknown>; prepared: unknown }> | undefined;
  const ready = () =>
    (prepared ??= import(href).then(async (m: Record<string, unknown>) => ({
      m,
      prepared: typeof m.prepare === "function" ? await (m.prepare as (s: unknown) => unknown)(own) : own,
    })));
  const context: TaskContext = { progress: onProgress };
  // The calling thread's own tally: no transit, and no GC figure (its collector also serves the caller's code).
  const tally: Tally = { jobs: 0, busyMs: 0, gcMs: 0, transitMs: 0 };
  // Jobs run one at a time, as on one thread, so that a task sees the same sequence either way.
  let queue: Promise<unknown> = Promise.resolve();
  const run = <O>(fn: string, input: unknown): Promise<O> => {
    const job = queue.then(async () => {
      const { m, prepared } = await ready();
      const f = m[fn];
      if (typeof f !== "function") throw new Error(`the task module has no exported function ${JSON.stringify(fn)}`);
      // A clone in and out, as a thread gets and gives: a job cannot keep a reference to the caller's objects.
      let copy: unknown;
      try {
        copy = structuredClone(input);
      } catch (e) {
        throw notCloneable(input, e);
      }
      const t0 = performance.now();
      let out: unknown;
      try {
        out = await (f as (i: unknown, p: unknown, c: TaskContext) => unknown)(copy, prepared, context);
      } catch (e) {
        // The task module may hold its own copy of this package (a bundle): its SchedkitError is made ours, as
        // a thread's is.
        if (e instanceof Error && !(e instanceof SchedkitError) && (e.name === "SchedkitError" || e.name === "DomainError")) throw revive(e as ThreadError);
        throw e;
      } finally {
        // The task's time only: the answer's clone below is what a thread's transit holds.
        tally.jobs++;
        tally.busyMs += performance.now() - t0;
      }
      return structuredClone(out) as O;
    });
    queue = job.catch(() => {});
    return job;
  };
  return {
    threads: 0,
    run,
    map: <O>(fn: string, inputs: readonly unknown[]) => Promise.all(inputs.map((i) => run<O>(fn, i))),
    ready: async () => {
      await ready();
    },
    stats: () => [{ ...tally }],
    close: async () => {},
  };
}

function threadPool(href: string, n: number, setup: unknown, onProgress: (n: number) => void, limits: ResourceLimits): WorkerPool {
  interface Job {
    readonly id: number;
    readonly fn: string;
    readonly input: unknown;
    resolve(v: unknown): void;
    reject(e: unknown): void;
    /** When it was handed to a thread. */
    sent?: number;
  }
  const queued: Job[] = [];
  const running = new Map<number, Job>();
  const idle: Worker[] = [];
  let nextId = 0;
  let closed = false;
  let broken: Error | null = null;
  let prepared = 0;
  let settleReady: { resolve(): void; reject(e: unknown): void } | undefined;
  const allReady = new Promise<void>((resolve, reject) => (settleReady = { resolve, reject }));
  // A pool nobody asks to be ready must not report an unhandled rejection when a thread fails to prepare.
  allReady.catch(() => {});

  const dispatch = () => {
    while (idle.length > 0 && queued.length > 0) {
      const w = idle.pop()!;
      const job = queued.shift()!;
      const t0 = performance.now();
      try {
        w.postMessage({ id: job.id, fn: job.fn, input: job.input });
      } catch (e) {
        idle.push(w);
        job.reject(notCloneable(job.input, e));
        continue;
      }
      job.sent = t0;
      running.set(job.id, job);
      w.ref();
    }
  };
  // A thread that dies (out of memory, a crash in the task's module) fails its job and every later one: the
  // pool cannot tell which inputs are safe to retry.
  const fail = (e: Error) => {
    broken ??= e;
    settleReady!.reject(broken);
    for (const j of [...running.values(), ...queued]) j.reject(e);
    running.clear();
    queued.length = 0;
  };
  // The setup (a cluster input: megabytes at 10,000 nodes) is serialised once, on the calling thread, into
  // memory every thread reads; each thread deserialises its own copy in parallel. Passing it as workerData
  // would serialise it once per thread, one after another, before the threads can start.
  let shared: SharedArrayBuffer;
  try {
    const bytes = serialize(setup);
    shared = new SharedArrayBuffer(bytes.length);
    new Uint8Array(shared).set(bytes);
  } catch (e) {
    throw notCloneable(setup, e, "setup");
  }
  const workers: Worker[] = [];
  const tallies: Tally[] = [];
  for (let i = 0; i < n; i++) {
    const w = new Worker(THREAD, { eval: true, workerData: { module: href, setup: shared }, resourceLimits: limits });
    const tally: Tally = { jobs: 0, busyMs: 0, gcMs: 0, transitMs: 0 };
    tallies.push(tally);
    // Idle threads do not keep the process alive (a pool that is never closed does not hang a script's exit);
    // a busy one does, until its job settles.
    w.unref();
    w.on("message", (m: Reply) => {
      if ("ready" in m) {
        // A thread that cannot prepare fails every job, as its first job would.
        if (!m.ready) fail(revive(m.err));
        else if (++prepared === n) settleReady!.resolve();
        return;
      }
      if ("progress" in m) {
        onProgress(m.progress);
        return;
      }
      const job = running.get(m.id);
      running.delete(m.id);
      w.unref();
      idle.push(w);
      // A job the task ran counts, answered or thrown, as on the calling thread.
      if (m.ms !== undefined) {
        tally.jobs++;
        tally.busyMs += m.ms;
        tally.gcMs = m.gcMs!;
        if (job?.sent !== undefined) tally.transitMs += performance.now() - job.sent - m.ms;
      }
      if (job !== undefined) {
        if (m.ok) job.resolve(m.out);
        else job.reject(revive(m.err));
      }
      dispatch();
    });
    w.on("error", (e) => fail(e));
    w.on("exit", (code) => {
      if (!closed) fail(new Error(`a worker thread exited with code ${code} while the pool was open`));
    });
    workers.push(w);
    idle.push(w);
  }
  const run = <O>(fn: string, input: unknown): Promise<O> =>
    new Promise<O>((resolve, reject) => {
      if (closed) return reject(new Error("the worker pool is closed"));
      if (broken !== null) return reject(broken);
      queued.push({ id: nextId++, fn, input, resolve: resolve as (v: unknown) => void, reject });
      dispatch();
    });
  return {
    threads: n,
    run,
    map: <O>(fn: string, inputs: readonly unknown[]) => Promise.all(inputs.map((i) => run<O>(fn, i))),
    ready: () => allReady,
    stats: () => tallies.map((t) => ({ ...t })),
    close: async () => {
      if (closed) return;
      closed = true;
      fail(new Error("the worker pool is closed"));
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
