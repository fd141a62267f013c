// Suite "schedule": one scheduling cycle per pod (no assume, so every task sees the same cluster) on
// seeded synthetic clusters, default profile, TypeScript engine.
import { Bench } from "tinybench";
import { createCluster, Scheduler, syntheticCluster, syntheticPods } from "@schedkit/core";
import type { BenchRow } from "./report.js";

export interface ScheduleSuiteOptions {
  readonly sizes: readonly number[];
  readonly time: number;
}

export async function scheduleSuite(opts: ScheduleSuiteOptions): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const n of opts.sizes) {
    const cluster = createCluster(syntheticCluster({ nodes: n, seed: 1 }));
    const pods = syntheticPods({ count: 64, seed: 2 });
    for (const pct of [0, 100]) {
      const label = pct === 0 ? "default profile (adaptive %)" : "default profile (100% nodes)";
      const scheduler = new Scheduler(cluster, { explain: false, percentageOfNodesToScore: pct, seed: 7 });
      // Pre-normalize pods once: the suite measures cycles, not JSON parsing.
      // Prepared once: the suite measures cycles, not JSON validation.
      const prepared = pods.map((p, i) => scheduler.prepare(p, `pods[${i}]`));
      const batch = n >= 5000 ? 8 : 32;
      let calls = 0;
      let evals = 0;
      let next = 0;
      const bench = new Bench({ time: opts.time, warmupTime: Math.min(200, opts.time / 4) });
      bench.add(`${label} ${n}`, () => {
        for (let i = 0; i < batch; i++) {
          const r = scheduler.schedule(prepared[next]!);
          next = (next + 1) % prepared.length;
          calls++;
          evals += r.evaluatedNodes;
        }
      });
      await bench.run();
      const res = bench.tasks[0]!.result as unknown as { latency: { p50: number; samplesCount: number } };
      const medianMs = res.latency.p50;
      const podsPerSec = (batch / medianMs) * 1000;
      rows.push({
        suite: label,
        engine: "ts",
        nodes: n,
        pods: batch,
        podsPerSec,
        nodeEvalsPerSec: podsPerSec * (evals / calls),
        medianMs,
        samples: res.latency.samplesCount,
      });
    }
  }
  return rows;
}
