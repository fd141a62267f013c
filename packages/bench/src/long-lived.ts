// Suite "long-lived": simulate() replaying a day with one long-lived scheduler per node set (what simulate does
// with an engine that has `scheduler`: node columns kept across passes, only changed nodes rewritten) and with a
// new scheduler per pass (an engine without it), side by side in one tinybench run; the ratio is what keeping
// the columns buys. Both must place the same pods.
// Usage: pnpm bench -- --suites long-lived
import { Bench } from "tinybench";
import { createCluster, generateWorkload, simulate, syntheticCluster, type Engine } from "@schedkit/core";
import { createWasmEngineSync } from "@schedkit/asm";
import type { BenchRow } from "./report.js";

export interface LongLivedSuiteOptions {
  /** Nodes of the simulated cluster (default 5,000). */
  readonly nodes?: number;
  /** Arrivals over the simulated day (default 20,000). */
  readonly arrivals?: number;
  /** Samples per row (each is a whole simulation). Default 2. */
  readonly iterations?: number;
}

const p50 = (b: Bench, i: number) => (b.tasks[i]!.result as unknown as { latency: { p50: number; samplesCount: number } }).latency;

export async function longLivedSuite(opts: LongLivedSuiteOptions = {}): Promise<BenchRow[]> {
  const nodes = opts.nodes ?? 5000;
  const iterations = opts.iterations ?? 2;
  const rows: BenchRow[] = [];
  const wasm = createWasmEngineSync();

  // simulate(): long-lived scheduler vs a new scheduler per pass.
  const arrivals = opts.arrivals ?? 20_000;
  const simCluster = createCluster(syntheticCluster({ nodes, seed: 42, maxPodsPerNode: 0 }));
  const workload = generateWorkload({ pods: arrivals, seed: 1, durationSeconds: 86400, arrivals: "bursty", sizes: "heavy-tailed", durations: "heavy-tailed", meanRunSeconds: 600 });
  const perPass: Engine = { name: wasm.name, schedule: wasm.schedule.bind(wasm), scheduleAll: wasm.scheduleAll.bind(wasm) };
  const placed: number[] = [];
  const sim = new Bench({ iterations: iterations, time: 0, warmupIterations: 0, warmupTime: 0 });
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
