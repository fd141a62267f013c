// Suite "runs": whole runs on the WebAssembly engine, as users run them.
//  - scheduleAll over 5,000 nodes and 50,000 varied pending pods (syntheticPods: 4 cpu × 5 memory sizes,
//    3 images, 5 app labels), adaptive percentageOfNodesToScore and every node examined;
//  - the same simulate() replay with a long-lived scheduler per node set (what simulate does with an engine
//    that has `scheduler`) and with a new scheduler per pass (an engine without it), side by side in one
//    tinybench run: the ratio is what keeping the node columns across passes buys.
// Usage: pnpm bench -- --suites runs (wired in main.ts), or import runsSuite.
import { Bench } from "tinybench";
import { createCluster, generateWorkload, simulate, syntheticCluster, syntheticPods, type Engine } from "@schedkit/core";
import { createWasmEngineSync } from "@schedkit/asm";
import type { BenchRow } from "./report.js";

export interface RunsSuiteOptions {
  /** Nodes and pending pods of the scheduleAll rows (default 5,000 × 50,000). */
  readonly nodes?: number;
  readonly pods?: number;
  /** Samples per row (each is a whole run). Default 3. */
  readonly iterations?: number;
  /** Arrivals of the simulate rows (default 20,000 over a day on the same node count). */
  readonly arrivals?: number;
}

const p50 = (b: Bench, i: number) => (b.tasks[i]!.result as unknown as { latency: { p50: number; samplesCount: number } }).latency;

export async function runsSuite(opts: RunsSuiteOptions = {}): Promise<BenchRow[]> {
  const nodes = opts.nodes ?? 5000;
  const pods = opts.pods ?? 50_000;
  const iterations = opts.iterations ?? 3;
  const rows: BenchRow[] = [];
  const wasm = createWasmEngineSync();

  const synthetic = syntheticCluster({ nodes, seed: 1 });
  const cluster = createCluster({ nodes: synthetic.nodes, pods: [...synthetic.pods, ...syntheticPods({ count: pods, seed: 2 })] });
  const bench = new Bench({ iterations, time: 0, warmupIterations: 1, warmupTime: 0 });
  let evals = [0, 0];
  for (const [k, pct] of [0, 100].entries()) {
    bench.add(`scheduleAll ${pct === 0 ? "adaptive %" : "every node"}`, () => {
      const r = wasm.scheduleAll(undefined, cluster, { explain: false, percentageOfNodesToScore: pct, seed: 7 });
      let e = 0;
      for (const x of r.results) e += x.evaluatedNodes;
      evals[k] = e;
    });
  }
  await bench.run();
  for (const [k, pct] of [0, 100].entries()) {
    const lat = p50(bench, k);
    const podsPerSec = (pods / lat.p50) * 1000;
    rows.push({
      suite: `scheduleAll ${pods.toLocaleString("en-US")} varied pods, ${pct === 0 ? "adaptive %" : "every node"}`,
      engine: `wasm-${wasm.flavor}`,
      nodes,
      pods,
      podsPerSec,
      nodeEvalsPerSec: podsPerSec * (evals[k]! / pods),
      medianMs: lat.p50,
      samples: lat.samplesCount,
    });
  }
  evals = [];

  // simulate(): long-lived scheduler vs a new scheduler per pass.
  const arrivals = opts.arrivals ?? 20_000;
  const simCluster = createCluster(syntheticCluster({ nodes, seed: 42, maxPodsPerNode: 0 }));
  const workload = generateWorkload({ pods: arrivals, seed: 1, durationSeconds: 86400, arrivals: "bursty", sizes: "heavy-tailed", durations: "heavy-tailed", meanRunSeconds: 600 });
  const perPass: Engine = { name: wasm.name, schedule: wasm.schedule.bind(wasm), scheduleAll: wasm.scheduleAll.bind(wasm) };
  const placed: number[] = [];
  const sim = new Bench({ iterations: Math.max(1, iterations - 1), time: 0, warmupIterations: 0, warmupTime: 0 });
  for (const [k, engine] of [wasm, perPass].entries()) {
    sim.add(k === 0 ? "long-lived" : "per pass", () => {
      placed[k] = simulate(simCluster, workload, { engine, tickSeconds: 10 }).placed;
    });
  }
  await sim.run();
  if (placed[0] !== placed[1]) throw new Error(`runs: the two simulate() paths placed ${placed[0]} and ${placed[1]} pods`);
  const [a, b] = [p50(sim, 0), p50(sim, 1)];
  console.log(`simulate a day, ${arrivals.toLocaleString("en-US")} arrivals on ${nodes.toLocaleString("en-US")} nodes: long-lived scheduler ${(b.p50 / a.p50).toFixed(2)}× faster than a new scheduler per pass (medians ${a.p50.toFixed(0)} / ${b.p50.toFixed(0)} ms)`);
  for (const [k, lat] of [a, b].entries()) {
    rows.push({
      suite: `simulate a day (${arrivals.toLocaleString("en-US")} arrivals), ${k === 0 ? "long-lived scheduler" : "new scheduler per pass"}`,
      engine: `wasm-${wasm.flavor}`,
      nodes,
      pods: arrivals,
      podsPerSec: (arrivals / lat.p50) * 1000,
      nodeEvalsPerSec: 0,
      medianMs: lat.p50,
      samples: lat.samplesCount,
    });
  }
  return rows;
}
