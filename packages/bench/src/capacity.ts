// Suite "capacity": how many more replicas of one shape fit (capacity() with a max), the TypeScript engine
// and the WebAssembly engine side by side on the same seeded cluster. Each task answers the whole question
// from scratch. The TypeScript engine answers a smaller max in the same time budget; pods/s compares them.
import { Bench } from "tinybench";
import { createCluster, syntheticCluster, tsEngine, type Engine } from "@schedkit/core";
import { capacity } from "@schedkit/core/analysis";
import { createWasmEngineSync } from "@schedkit/asm";
import type { BenchRow } from "./report.js";

export interface CapacitySuiteOptions {
  readonly sizes: readonly number[];
  /** Replicas the WASM engine is asked for (default 100,000). */
  readonly max: number;
  readonly quick: boolean;
}

const SHAPE = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "api-gateway", namespace: "bench", labels: { app: "api-gateway" } },
  spec: { containers: [{ name: "gateway", image: "registry.example/app:1.0", resources: { requests: { cpu: "100m", memory: "128Mi" } } }] },
};

async function measure(n: number, engine: Engine, label: string, max: number, iterations: number): Promise<BenchRow> {
  const cluster = createCluster(syntheticCluster({ nodes: n, seed: 1 }));
  let placed = 0;
  const bench = new Bench({ iterations, time: 0, warmupIterations: 1, warmupTime: 0 });
  bench.add(`capacity ${label} ${n}`, () => {
    placed = capacity(cluster, [SHAPE], { engine, max, seed: 7, percentageOfNodesToScore: 100 }).total;
  });
  await bench.run();
  const res = bench.tasks[0]!.result as unknown as { latency: { p50: number; samplesCount: number } };
  const medianMs = res.latency.p50;
  const podsPerSec = (placed / medianMs) * 1000;
  console.log(`capacity ${label.padEnd(12)} ${String(n).padStart(6)} nodes: ${placed.toLocaleString("en-US")} replicas fit, answered in ${(medianMs / 1000).toFixed(2)} s (median of ${res.latency.samplesCount})`);
  return { suite: `capacity (max ${max.toLocaleString("en-US")})`, engine: label, nodes: n, pods: placed, podsPerSec, nodeEvalsPerSec: podsPerSec * n, medianMs, samples: res.latency.samplesCount };
}

export async function capacitySuite(opts: CapacitySuiteOptions): Promise<BenchRow[]> {
  const wasm = createWasmEngineSync({ flavor: "simd" });
  const rows: BenchRow[] = [];
  for (const n of opts.sizes) {
    rows.push(await measure(n, wasm, "wasm-simd", opts.max, opts.quick ? 1 : 3));
    // The reference engine runs every cycle in TypeScript: a fiftieth of the question keeps the suite short.
    rows.push(await measure(n, tsEngine, "ts", Math.max(1, Math.floor(opts.max / 50)), opts.quick ? 1 : 3));
  }
  return rows;
}
