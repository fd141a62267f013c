// Suite "parallel": independent what-if runs on worker threads (@schedkit/asm/parallel) against the same runs
// on one thread, in one process, one after the other. Two ways a user asks:
//  - "warm pool": openParallelCluster() once, then questions; the threads' start-up (thread start, import,
//    createCluster, engine, V8 warming that code) is paid before timing, once, and printed on its own;
//  - "one call": capacityEach() / nodesToAdd() alone, each call starting and ending its threads.
// Besides wall time it records the process's CPU time (user + system over all threads): CPU / wall is how many
// cores the run kept busy, which stays readable when other processes share the machine and stretch the wall.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { syntheticCluster, type PodInput } from "@schedkit/core";
import { capacityEach, nodesToAdd, openParallelCluster, type ParallelCluster, type ThreadStats } from "@schedkit/asm/parallel";
import { pairedSpeedUps } from "./goals.js";
import type { BenchRow } from "./report.js";

export interface ParallelSuiteOptions {
  readonly sizes: readonly number[];
  /** Samples of each one-call question per thread count (each starts its threads: seconds at 10,000 nodes). */
  readonly iterations: number;
  /**
   * Samples of each warm-pool question per thread count: the ratio the issue judges. Two threads against one
   * on a 2-core machine shared with V8's helper threads varies by ±15 % from sample to sample, so one sample
   * cannot say whether a ratio near the goal meets it.
   */
  readonly warmSamples: number;
  /** Thread counts to measure besides 1. Default: 2 and the machine's cores when more. */
  readonly workers?: readonly number[];
}

const shape = (name: string, cpu: string, memory: string): PodInput => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: "bench", labels: { app: name } },
  spec: { containers: [{ name: "c", image: "registry.example/app:1.0", resources: { requests: { cpu, memory } } }] },
});

/** Six shapes a capacity review asks about, each alone (capacityEach). */
const SHAPES = [shape("web", "100m", "128Mi"), shape("api", "250m", "512Mi"), shape("worker", "500m", "1Gi"), shape("cache", "200m", "2Gi"), shape("batch", "1", "1Gi"), shape("ml", "2", "4Gi")];
const TEMPLATE = { metadata: { name: "pool", labels: { "kubernetes.io/hostname": "pool", "topology.kubernetes.io/zone": "zone-a" } }, status: { allocatable: { cpu: "16", memory: "64Gi", pods: "110" } } };
const CAPACITY_MAX = 10_000;
/** nodesToAdd's shape: the largest, so that each of the search's probes (a capacity run to the target) stays short. */
const ADD = SHAPES[5]!;

interface Timed {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly result: unknown;
  /** Per thread of a warm pool, what the question cost it (the pool's stats diffed around the question). */
  readonly threads?: readonly ThreadStats[];
  /** The question's wall time on idle cores estimated from CPU time per thread (Linux only). */
  readonly estimate?: { readonly ms: number; readonly own: readonly number[]; readonly helpers: number };
}

/** CPU milliseconds of each thread of this process by thread id (Linux's /proc), or undefined elsewhere. */
function threadCpu(): Map<string, number> | undefined {
  try {
    const out = new Map<string, number>();
    for (const tid of readdirSync("/proc/self/task")) {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
      // utime and stime, the 14th and 15th fields, in clock ticks (100 a second on Linux).
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      out.set(tid, (Number(f[11]) + Number(f[12])) * 10);
    }
    return out;
  } catch {
    return undefined;
  }
}

/**
 * What a question's wall time would be on `cores` idle cores, from CPU time per thread (which other jobs on a
 * shared machine stretch far less than wall time): the busiest of the question's own threads (the calling
 * thread with one worker, else the `workers` busiest others), or the whole process's CPU spread over the
 * cores when that is more (V8's garbage collector and compiler threads run beside them). Coarse: 10 ms ticks.
 */
function idleCoresEstimate(before: Map<string, number>, after: Map<string, number>, workers: number, cores: number): { ms: number; own: number[]; helpers: number } {
  const main = String(process.pid);
  const used = [...after].map(([tid, ms]) => ({ tid, ms: ms - (before.get(tid) ?? 0) })).filter((t) => t.ms > 0);
  const total = used.reduce((a, t) => a + t.ms, 0);
  const own = (workers === 1 ? used.filter((t) => t.tid === main) : used.filter((t) => t.tid !== main).sort((a, b) => b.ms - a.ms).slice(0, workers)).map((t) => t.ms);
  return { ms: Math.max(0, ...own, total / cores), own, helpers: total - own.reduce((a, b) => a + b, 0) };
}

async function timed(f: () => Promise<unknown>, pool?: ParallelCluster, workers = 1): Promise<Timed> {
  // A one-call question starts from a collected heap. A warm pool's question does not: a collection forced on
  // the calling thread alone would take the one-thread run's garbage (its major collections) out of its
  // timing while the threads pay for theirs inside their next question; asked back to back, as users ask
  // them, each question pays for the garbage of the one before it on either side.
  if (pool === undefined) globalThis.gc?.();
  const s0 = pool?.stats();
  const cpu0 = pool === undefined ? undefined : threadCpu();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await f();
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  const cpu1 = cpu0 === undefined ? undefined : threadCpu();
  const estimate = cpu0 === undefined || cpu1 === undefined ? undefined : idleCoresEstimate(cpu0, cpu1, workers, Math.max(2, workers));
  const threads = s0 === undefined ? undefined : pool!.stats().map((s, i) => ({ jobs: s.jobs - s0[i]!.jobs, busyMs: s.busyMs - s0[i]!.busyMs, gcMs: s.gcMs - s0[i]!.gcMs, transitMs: s.transitMs - s0[i]!.transitMs }));
  return { wallMs, cpuMs: (c.user + c.system) / 1000, result, ...(threads === undefined ? {} : { threads }), ...(estimate === undefined ? {} : { estimate }) };
}

/**
 * Where each thread's share of a question's wall time went (medians over the samples): the work (of which
 * GC), the message passing, and the rest, idle (waiting for a job while the other thread works, or for the
 * calling thread).
 */
function phases(ts: readonly Timed[]): string {
  const n = ts[0]?.threads?.length ?? 0;
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const at = (f: (t: ThreadStats, wall: number) => number) => median(ts.map((t) => f(t.threads![i]!, t.wallMs)));
    const busy = at((t) => t.busyMs);
    const gc = at((t) => t.gcMs);
    const transit = at((t) => t.transitMs);
    const idle = at((t, wall) => wall - t.busyMs - t.transitMs);
    parts.push(`#${i + 1} ${at((t) => t.jobs)} jobs, work ${ms(busy)}${n > 1 || gc > 0 ? ` (GC ${ms(gc)})` : ""}, messages ${ms(transit)}, idle ${ms(idle)}`);
  }
  return parts.join("; ");
}

export const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

/** "1.52×, pair by pair 1.20–1.80×": the ratio of the medians of `base` and `walls`, and the pairs' range. */
export function versus(base: readonly number[], walls: readonly number[]): string {
  const pairs = pairedSpeedUps(base, walls);
  return `${(median(base) / median(walls)).toFixed(2)}×${pairs === undefined ? "" : `, pair by pair ${pairs.min.toFixed(2)}–${pairs.max.toFixed(2)}×`}`;
}
const ms = (x: number) => `${x.toFixed(0)} ms`;

interface Question {
  readonly suite: string;
  readonly pods: number;
  readonly run: (who: Who) => Promise<unknown>;
  readonly samples: number;
  /** The warm pool the question runs on, whose threads' phases are printed. */
  readonly pool?: (who: Who) => ParallelCluster;
  /** Whether the question is also timed on one thread confined to one core. */
  readonly oneCore?: boolean;
}

/**
 * Who answers: `workers` threads (1: the calling thread), free to use every core; with `oneCore`, the calling
 * thread with every thread of the process (V8's garbage collector and compiler threads included) confined to
 * one CPU. The two one-thread runs differ by what V8's helper threads take of the second core: the free one is
 * what a caller sees on an idle 2-core machine, the confined one what one core does, against which two threads
 * on two cores measure how the work scales with cores.
 */
interface Who {
  readonly workers: number;
  readonly oneCore?: true;
}
const whoLabel = (w: Who) => (w.oneCore ? "1 worker on 1 core" : `${w.workers} worker${w.workers === 1 ? "" : "s"}`);

/** This process's CPU list (taskset's), or undefined where taskset is not there (not Linux, or not installed). */
export function cpuList(): string | undefined {
  try {
    const out = execFileSync("taskset", ["-c", "-p", String(process.pid)], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    return /:\s*(\S+)\s*$/.exec(out)?.[1];
  } catch {
    return undefined;
  }
}

/** Runs `f` with every thread of the process on the first CPU of `cpus`, then gives them `cpus` back. */
async function onOneCore<T>(cpus: string, f: () => Promise<T>): Promise<T> {
  const first = cpus.split(/[,-]/)[0]!;
  // -a: every thread (task) of the process, V8's helper threads and idle pools' threads included.
  execFileSync("taskset", ["-a", "-c", "-p", first, String(process.pid)], { stdio: "ignore" });
  try {
    return await f();
  } finally {
    execFileSync("taskset", ["-a", "-c", "-p", cpus, String(process.pid)], { stdio: "ignore" });
  }
}

/** Milliseconds of idle before each warm-pool sample (see measure). */
const SETTLE_MS = 100;

/** Rounds of every question on every pool before timing: V8 compiles each thread's hot code in the first few. */
const WARM_ROUNDS = 3;

export async function parallelSuite(opts: ParallelSuiteOptions): Promise<BenchRow[]> {
  const counts: Who[] = [1, ...(opts.workers ?? [...new Set([2, availableParallelism()])])].map((workers) => ({ workers }));
  // The one-thread run on one core, where the machine has more and taskset can confine the process.
  const cpus = cpuList();
  const oneCore: Who | undefined = cpus !== undefined && /[,-]/.test(cpus) ? { workers: 1, oneCore: true } : undefined;
  if (oneCore === undefined) console.log("parallel: taskset cannot confine this process to one CPU here; no one-core rows");
  const rows: BenchRow[] = [];
  for (const nodes of opts.sizes) {
    const cluster = syntheticCluster({ nodes, seed: 1 });
    // Start-up, measured apart: open → every thread ready (the calling thread's createCluster, then the
    // threads' start), and each thread's phases: start and import, createCluster, engine.
    const pools = new Map<number, ParallelCluster>();
    for (const { workers: w } of counts) {
      const t0 = performance.now();
      const p = openParallelCluster(cluster, { workers: w });
      await p.ready();
      const open = performance.now() - t0;
      const phases = (await p.startup()).map((s) => `${w === 1 ? "" : `thread start + import ${ms(s.bootMs)}, `}createCluster ${ms(s.clusterMs)}, engine ${ms(s.engineMs)}`).join("; ");
      console.log(`parallel ${nodes} nodes, ${w} worker${w === 1 ? "" : "s"}: open until ready ${ms(open)} (per thread: ${phases})`);
      pools.set(w, p);
    }
    try {
      // The target is a fifth more replicas than the cluster holds, so that the search adds nodes (doubling,
      // then bisection) rather than answering "fits now" from its first probe.
      const [fits] = await pools.get(1)!.capacityEach([ADD], { seed: 7 });
      const target = Math.ceil(fits!.total * 1.2);
      const ask = {
        capacityEach: (p: ParallelCluster) => p.capacityEach(SHAPES, { max: CAPACITY_MAX, seed: 7 }),
        nodesToAdd: (p: ParallelCluster) => p.nodesToAdd(ADD, TEMPLATE, target, { seed: 7 }),
      };
      const capSuite = `capacityEach, ${SHAPES.length} shapes (max ${CAPACITY_MAX.toLocaleString("en-US")})`;
      const addSuite = `nodesToAdd, ${target.toLocaleString("en-US")} replicas (1.2× what fits)`;
      // V8 warms the questions' code on each pool's threads (and on the calling thread) before timing.
      for (let i = 0; i < WARM_ROUNDS; i++) for (const p of pools.values()) await Promise.all([ask.capacityEach(p), ask.nodesToAdd(p)]);
      const questions: Question[] = [
        // The one-core run asks the calling thread's pool (workers: 1), confined for its samples only.
        { suite: `${capSuite}, warm pool`, pods: SHAPES.length * CAPACITY_MAX, run: (w) => ask.capacityEach(pools.get(w.workers)!), samples: opts.warmSamples, pool: (w) => pools.get(w.workers)!, oneCore: true },
        { suite: `${addSuite}, warm pool`, pods: target, run: (w) => ask.nodesToAdd(pools.get(w.workers)!), samples: opts.warmSamples, pool: (w) => pools.get(w.workers)!, oneCore: true },
        { suite: `${capSuite}, one call`, pods: SHAPES.length * CAPACITY_MAX, run: (w) => capacityEach(cluster, SHAPES, { workers: w.workers, max: CAPACITY_MAX, seed: 7 }), samples: opts.iterations },
        { suite: `${addSuite}, one call`, pods: target, run: (w) => nodesToAdd(cluster, ADD, TEMPLATE, target, { workers: w.workers, seed: 7 }), samples: opts.iterations },
      ];
      for (const q of questions) rows.push(...(await measure(q, nodes, q.oneCore && oneCore !== undefined ? [...counts, oneCore] : counts, cpus)));
    } finally {
      await Promise.all([...pools.values()].map((p) => p.close()));
    }
  }
  return rows;
}

async function measure(q: Question, nodes: number, counts: readonly Who[], cpus: string | undefined): Promise<BenchRow[]> {
  let reference: string | undefined;
  // Thread counts interleaved per iteration, so that a change in the machine's load hits each alike, and their
  // order reversed every other iteration, so that neither always runs right after the other (whose garbage
  // and compiler work may still be running on V8's helper threads).
  const samples = new Map<Who, Timed[]>(counts.map((w) => [w, []]));
  for (let i = 0; i < q.samples; i++) {
    for (const w of i % 2 === 0 ? counts : [...counts].reverse()) {
      // A pause before each sample: the previous sample's threads (another pool's, when the counts alternate)
      // finish their collector's background work before this one starts, instead of running beside it (on the
      // one core, for a confined sample).
      if (q.pool !== undefined) await new Promise((r) => setTimeout(r, SETTLE_MS));
      const sample = () => timed(() => q.run(w), q.pool?.(w), w.workers);
      const t = w.oneCore ? await onOneCore(cpus!, sample) : await sample();
      // The threaded answer must be the one-thread answer, or the timing compares different work.
      const json = JSON.stringify(t.result);
      reference ??= json;
      if (json !== reference) throw new Error(`parallel: ${q.suite} with ${whoLabel(w)} differs from the one-thread result`);
      samples.get(w)!.push(t);
    }
  }
  // The idle-cores estimate is of the runs free to use every core.
  const free = counts.filter((w) => !w.oneCore);
  const estimates = free.map((w) => (samples.get(w)!.every((t) => t.estimate !== undefined) ? median(samples.get(w)!.map((t) => t.estimate!.ms)) : undefined));
  if (estimates.every((e) => e !== undefined)) {
    const lines = free.map((w, i) => {
      const ts = samples.get(w)!;
      const own = ts[0]!.estimate!.own.map((_, j) => ms(median(ts.map((t) => t.estimate!.own[j] ?? 0))));
      return `${whoLabel(w)} ≈ ${ms(estimates[i]!)} (CPU: question thread${own.length === 1 ? "" : "s"} ${own.join(" + ")}, other threads ${ms(median(ts.map((t) => t.estimate!.helpers)))})`;
    });
    console.log(`${q.suite}, ${nodes} nodes, on idle cores from CPU per thread: ${lines.join("; ")}; ${free.slice(1).map((w, i) => `${w.workers} vs 1: ${(estimates[0]! / estimates[i + 1]!).toFixed(2)}×`).join(", ")}`);
  }
  const one = samples.get(counts[0]!)!.map((t) => t.wallMs);
  const confined = counts.find((w) => w.oneCore);
  const oneCore = confined === undefined ? undefined : samples.get(confined)!.map((t) => t.wallMs);
  return counts.map((w) => {
    const ts = samples.get(w)!;
    const walls = ts.map((t) => t.wallMs);
    const wallMs = median(walls);
    const cpuMs = median(ts.map((t) => t.cpuMs));
    const spread = ts.length > 1 ? ` (${ms(Math.min(...walls))}–${ms(Math.max(...walls))})` : "";
    const paired = w.workers === 1 ? "" : `; vs 1 thread: ${versus(one, walls)}${oneCore === undefined ? "" : `; vs 1 thread on 1 core: ${versus(oneCore, walls)}`}`;
    console.log(
      `${q.suite.padEnd(58)} ${String(nodes).padStart(6)} nodes ${whoLabel(w).padStart(18)}: ${(wallMs / 1000).toFixed(2)} s wall${spread}, ${(cpuMs / 1000).toFixed(2)} s CPU (${(cpuMs / wallMs).toFixed(2)} cores busy), median of ${ts.length}${paired}`,
    );
    if (ts[0]?.threads !== undefined) console.log(`${"".padEnd(66)}per thread: ${phases(ts)}`);
    // Every sample's wall time in iteration order: sample i of each thread count ran in the same iteration,
    // so goals.ts can read the speed-up pair by pair.
    const engine = `wasm-simd ×${w.workers} thread${w.workers === 1 ? "" : "s"}${w.oneCore ? " on 1 core" : ""}`;
    return { suite: q.suite, engine, nodes, pods: q.pods, podsPerSec: (q.pods / wallMs) * 1000, nodeEvalsPerSec: 0, medianMs: wallMs, samples: ts.length, wallMs, cpuMs, workers: w.workers, ...(w.oneCore ? { cores: 1 as const } : {}), runsMs: walls };
  });
}
