// Suite "deployment": a Deployment's replicas placed one after another (each assumed before the next) on a
// seeded cluster, every node examined and kube-scheduler's adaptive percentageOfNodesToScore, on the
// WebAssembly engine (SIMD). All but the first replica of each kernel run go through the node tree
// (assembly/tree.ts); the suite prints how many did, so a row measured without it is visible.
import { Bench } from "tinybench";
import { createCluster, syntheticCluster, syntheticPods, type SchedulerOptions } from "@schedkit/core";
import { createWasmEngineSync } from "@schedkit/asm";
import type { BenchRow } from "./report.js";

export interface DeploymentSuiteOptions {
  /** Node counts (default 5,000). */
  readonly sizes: readonly number[];
  /** Replicas per task (default 50,000). */
  readonly replicas?: number;
  /** Tasks timed per mode. */
  readonly iterations?: number;
}

export async function deploymentSuite(opts: DeploymentSuiteOptions): Promise<BenchRow[]> {
  const wasm = createWasmEngineSync({ flavor: "simd" });
  const count = opts.replicas ?? 50_000;
  const rows: BenchRow[] = [];
  for (const n of opts.sizes.length > 0 ? opts.sizes : [5_000]) {
    // Room for every replica: the seeded cluster without its fill pods (110 pod slots per node).
    const cluster = createCluster(syntheticCluster({ nodes: n, seed: 1, maxPodsPerNode: 0 }));
    const template = syntheticPods({ count: 1, seed: 2 })[0]!;
    const replicas = Array.from({ length: count }, (_, i) => ({ ...template, metadata: { ...template.metadata, name: `web-${i}` } }));
    for (const [mode, pct] of [["every node", 100], ["adaptive %", 0]] as const) {
      const options: SchedulerOptions = { explain: false, percentageOfNodesToScore: pct, seed: 7 };
      let tree = 0;
      let placed = 0;
      const bench = new Bench({ iterations: opts.iterations ?? 3, time: 0, warmupIterations: 1, warmupTime: 0 });
      bench.add(`deployment ${mode} ${n}`, () => {
        // A fresh scheduler per task: every task places the same replicas on the same empty cluster.
        const s = wasm.scheduler(cluster, options);
        const rs = s.scheduleMany(replicas);
        placed = rs.filter((r) => r.nodeName !== null).length;
        tree = s.stats.treePods;
        s.dispose();
      });
      await bench.run();
      const res = bench.tasks[0]!.result as unknown as { latency: { p50: number; samplesCount: number } };
      const podsPerSec = (count / res.latency.p50) * 1000;
      console.log(
        `deployment ${mode.padEnd(10)} ${String(n).padStart(6)} nodes: ${count.toLocaleString("en-US")} replicas (${placed.toLocaleString("en-US")} placed, ${tree.toLocaleString("en-US")} through the node tree) at ${Math.round(podsPerSec).toLocaleString("en-US")} pods/s (median of ${res.latency.samplesCount})`,
      );
      rows.push({ suite: `deployment ${mode}`, engine: "wasm-simd", nodes: n, pods: count, podsPerSec, nodeEvalsPerSec: 0, medianMs: res.latency.p50, samples: res.latency.samplesCount });
    }
  }
  return rows;
}
