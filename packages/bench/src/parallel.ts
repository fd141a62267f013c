// Suite "parallel": independent what-if runs on worker threads (@schedkit/asm/parallel) against the same runs
// on one thread, in one process, one after the other. Two ways a user asks:
//  - "warm pool": openParallelCluster() once, then questions; the threads' start-up (thread start, import,
//    createCluster, engine, V8 warming that code) is paid before timing, once, and printed on its own;
//  - "one call": capacityEach() / nodesToAdd() alone, each call starting and ending its threads.
// Besides wall time it records the process's CPU time (user + system over all threads): CPU / wall is how many
// cores the run kept busy, which stays readable when other processes share the machine and stretch the wall.
import { availableParallelism } from "node:os";
import { syntheticCluster, type PodInput } from "@schedkit/core";
import { capacityEach, nodesToAdd, openParallelCluster, type ParallelCluster, type ThreadStats } from "@schedkit/asm/parallel";
import type { BenchRow } from "./report.js";

export interface ParallelSuiteOptions {
  readonly sizes: readonly number[];
  readonly iterations: number;
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
}

async function timed(f: () => Promise<unknown>, pool?: ParallelCluster): Promise<Timed> {
  globalThis.gc?.();
  const s0 = pool?.stats();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await f();
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  const threads = s0 === undefined ? undefined : pool!.stats().map((s, i) => ({ jobs: s.jobs - s0[i]!.jobs, busyMs: s.busyMs - s0[i]!.busyMs, gcMs: s.gcMs - s0[i]!.gcMs, transitMs: s.transitMs - s0[i]!.transitMs }));
  return { wallMs, cpuMs: (c.user + c.system) / 1000, result, ...(threads === undefined ? {} : { threads }) };
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

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const ms = (x: number) => `${x.toFixed(0)} ms`;

interface Question {
  readonly suite: string;
  readonly pods: number;
  readonly run: (workers: number) => Promise<unknown>;
  /** The warm pool the question runs on, whose threads' phases are printed. */
  readonly pool?: (workers: number) => ParallelCluster;
}

/** Rounds of every question on every pool before timing: V8 compiles each thread's hot code in the first few. */
const WARM_ROUNDS = 3;

export async function parallelSuite(opts: ParallelSuiteOptions): Promise<BenchRow[]> {
  const counts = [1, ...(opts.workers ?? [...new Set([2, availableParallelism()])])];
  const rows: BenchRow[] = [];
  for (const nodes of opts.sizes) {
    const cluster = syntheticCluster({ nodes, seed: 1 });
    // Start-up, measured apart: open → every thread ready (the calling thread's createCluster, then the
    // threads' start), and each thread's phases: start and import, createCluster, engine.
    const pools = new Map<number, ParallelCluster>();
    for (const w of counts) {
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
        { suite: `${capSuite}, warm pool`, pods: SHAPES.length * CAPACITY_MAX, run: (w) => ask.capacityEach(pools.get(w)!), pool: (w) => pools.get(w)! },
        { suite: `${addSuite}, warm pool`, pods: target, run: (w) => ask.nodesToAdd(pools.get(w)!), pool: (w) => pools.get(w)! },
        { suite: `${capSuite}, one call`, pods: SHAPES.length * CAPACITY_MAX, run: (w) => capacityEach(cluster, SHAPES, { workers: w, max: CAPACITY_MAX, seed: 7 }) },
        { suite: `${addSuite}, one call`, pods: target, run: (w) => nodesToAdd(cluster, ADD, TEMPLATE, target, { workers: w, seed: 7 }) },
      ];
      for (const q of questions) rows.push(...(await measure(q, nodes, counts, opts.iterations)));
    } finally {
      await Promise.all([...pools.values()].map((p) => p.close()));
    }
  }
  return rows;
}

async function measure(q: Question, nodes: number, counts: readonly number[], iterations: number): Promise<BenchRow[]> {
  let reference: string | undefined;
  // Thread counts interleaved per iteration, so that a change in the machine's load hits each alike.
  const samples = new Map<number, Timed[]>(counts.map((w) => [w, []]));
  for (let i = 0; i < iterations; i++) {
    for (const w of counts) {
      const t = await timed(() => q.run(w), q.pool?.(w));
      // The threaded answer must be the one-thread answer, or the timing compares different work.
      const json = JSON.stringify(t.result);
      reference ??= json;
      if (json !== reference) throw new Error(`parallel: ${q.suite} with ${w} workers differs from the one-thread result`);
      samples.get(w)!.push(t);
    }
  }
  return counts.map((w) => {
    const ts = samples.get(w)!;
    const wallMs = median(ts.map((t) => t.wallMs));
    const cpuMs = median(ts.map((t) => t.cpuMs));
    console.log(`${q.suite.padEnd(58)} ${String(nodes).padStart(6)} nodes ${String(w).padStart(2)} worker${w === 1 ? " " : "s"}: ${(wallMs / 1000).toFixed(2)} s wall, ${(cpuMs / 1000).toFixed(2)} s CPU (${(cpuMs / wallMs).toFixed(2)} cores busy), median of ${ts.length}`);
    if (ts[0]?.threads !== undefined) console.log(`${"".padEnd(66)}per thread: ${phases(ts)}`);
    return { suite: q.suite, engine: `wasm-simd ×${w} thread${w === 1 ? "" : "s"}`, nodes, pods: q.pods, podsPerSec: (q.pods / wallMs) * 1000, nodeEvalsPerSec: 0, medianMs: wallMs, samples: ts.length, wallMs, cpuMs, workers: w };
  });
}
