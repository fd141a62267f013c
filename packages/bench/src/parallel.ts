// Suite "parallel": independent what-if runs on worker threads (@schedkit/asm/parallel) against the same runs
// on one thread, in one process, one after the other. A task is the whole call, thread start-up and each
// thread's createCluster included, as a user pays them. Besides wall time it records the process's CPU time
// (user + system over all threads): CPU / wall is how many cores the run kept busy, which stays readable when
// other processes share the machine and stretch the wall time.
import { availableParallelism } from "node:os";
import { syntheticCluster, type PodInput } from "@schedkit/core";
import { capacityEach, nodesToAdd } from "@schedkit/asm/parallel";
import type { BenchRow } from "./report.js";

export interface ParallelSuiteOptions {
  readonly nodes: number;
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

interface Timed {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly result: unknown;
}

async function timed(f: () => Promise<unknown>): Promise<Timed> {
  globalThis.gc?.();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await f();
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wallMs, cpuMs: (c.user + c.system) / 1000, result };
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

export async function parallelSuite(opts: ParallelSuiteOptions): Promise<BenchRow[]> {
  const cluster = syntheticCluster({ nodes: opts.nodes, seed: 1 });
  const counts = [1, ...(opts.workers ?? [...new Set([2, availableParallelism()])])];
  const questions = [
    { suite: `capacityEach, ${SHAPES.length} shapes (max 10,000)`, pods: SHAPES.length * 10_000, run: (workers: number) => capacityEach(cluster, SHAPES, { workers, max: 10_000, seed: 7 }) },
    // 15 replicas per existing node: the cluster holds about half, so the search adds hundreds of nodes.
    { suite: `nodesToAdd, ${(15 * opts.nodes).toLocaleString("en-US")} more replicas`, pods: 15 * opts.nodes, run: (workers: number) => nodesToAdd(cluster, SHAPES[2]!, TEMPLATE, 15 * opts.nodes, { workers, seed: 7 }) },
  ];
  const rows: BenchRow[] = [];
  for (const q of questions) {
    let reference: string | undefined;
    // Thread counts interleaved per iteration, so that a change in the machine's load hits each alike.
    const samples = new Map<number, Timed[]>(counts.map((w) => [w, []]));
    for (let i = 0; i < opts.iterations; i++) {
      for (const w of counts) {
        const t = await timed(() => q.run(w));
        // The threaded answer must be the one-thread answer, or the timing compares different work.
        const json = JSON.stringify(t.result);
        reference ??= json;
        if (json !== reference) throw new Error(`parallel: ${q.suite} with ${w} workers differs from the one-thread result`);
        samples.get(w)!.push(t);
      }
    }
    for (const w of counts) {
      const ts = samples.get(w)!;
      const wallMs = median(ts.map((t) => t.wallMs));
      const cpuMs = median(ts.map((t) => t.cpuMs));
      console.log(`${q.suite.padEnd(40)} ${String(w).padStart(2)} worker${w === 1 ? " " : "s"}: ${(wallMs / 1000).toFixed(2)} s wall, ${(cpuMs / 1000).toFixed(2)} s CPU (${(cpuMs / wallMs).toFixed(2)} cores busy), median of ${ts.length}`);
      rows.push({ suite: q.suite, engine: `wasm-simd ×${w} thread${w === 1 ? "" : "s"}`, nodes: opts.nodes, pods: q.pods, podsPerSec: (q.pods / wallMs) * 1000, nodeEvalsPerSec: 0, medianMs: wallMs, samples: ts.length, wallMs, cpuMs, workers: w });
    }
  }
  return rows;
}
