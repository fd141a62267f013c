// Suites "resource kernel" and "default profile (100% nodes)": the TypeScript engine and the WebAssembly
// engine (scalar and SIMD kernels) side by side on the same seeded clusters and pods. Each task schedules a
// batch of pods against the same cluster (no assume, as Scheduler.schedule does), so every sample measures
// the same work; the WASM engine gets the whole batch in one kernel call.
import { Bench } from "tinybench";
import { createCluster, Scheduler, syntheticCluster, syntheticPods, type Cluster, type SchedulerOptions } from "@schedkit/core";
import { createWasmEngineSync, type WasmEngine } from "@schedkit/asm";
import type { BenchRow } from "./report.js";

export interface EngineSuiteOptions {
  readonly sizes: readonly number[];
  readonly time: number;
}

/** NodeResourcesFit (LeastAllocated) + NodeResourcesBalancedAllocation only. */
const KERNEL_PROFILE = {
  plugins: { multiPoint: { enabled: [{ name: "NodeResourcesFit" }, { name: "NodeResourcesBalancedAllocation" }], disabled: [{ name: "*" }] } },
};

interface Runner {
  readonly engine: string;
  /** Schedules `batch` pods; returns the node evaluations done. */
  task(batch: number): number;
}

function tsRunner(cluster: Cluster, options: SchedulerOptions, pods: readonly object[]): Runner {
  const s = new Scheduler(cluster, options);
  const prepared = pods.map((p, i) => s.prepare(p, `pods[${i}]`));
  let next = 0;
  return {
    engine: "ts",
    task(batch) {
      let evals = 0;
      for (let i = 0; i < batch; i++) {
        evals += s.schedule(prepared[next]!).evaluatedNodes;
        next = (next + 1) % prepared.length;
      }
      return evals;
    },
  };
}

function wasmRunner(engine: WasmEngine, cluster: Cluster, options: SchedulerOptions, pods: readonly object[]): Runner {
  const s = engine.scheduler(cluster, options);
  const prepared = pods.map((p, i) => s.prepare(p, `pods[${i}]`));
  let next = 0;
  return {
    engine: `wasm-${engine.flavor}`,
    task(batch) {
      if (next + batch > prepared.length) next = 0;
      const rs = s.scheduleMany(prepared.slice(next, next + batch), { assume: false });
      next += batch;
      let evals = 0;
      for (const r of rs) evals += r.evaluatedNodes;
      return evals;
    },
  };
}

async function measure(suite: string, n: number, batch: number, runner: Runner, time: number): Promise<BenchRow> {
  let evals = 0;
  let pods = 0;
  const bench = new Bench({ time, warmupTime: Math.min(300, time / 4) });
  bench.add(`${suite} ${runner.engine} ${n}`, () => {
    evals += runner.task(batch);
    pods += batch;
  });
  await bench.run();
  const res = bench.tasks[0]!.result as unknown as { latency: { p50: number; samplesCount: number } };
  const medianMs = res.latency.p50;
  const podsPerSec = (batch / medianMs) * 1000;
  return { suite, engine: runner.engine, nodes: n, pods: batch, podsPerSec, nodeEvalsPerSec: podsPerSec * (evals / pods), medianMs, samples: res.latency.samplesCount };
}

async function engineSuite(suite: string, profile: object | undefined, opts: EngineSuiteOptions, identical = false): Promise<BenchRow[]> {
  const engines = [createWasmEngineSync({ flavor: "scalar" }), createWasmEngineSync({ flavor: "simd" })];
  const rows: BenchRow[] = [];
  for (const n of opts.sizes) {
    const cluster = createCluster(syntheticCluster({ nodes: n, seed: 1 }));
    // Enough pods that a task lasts well above tinybench's ~40 ns floor (≥ ~0.5 M node evaluations).
    const batch = Math.max(8, Math.min(1024, Math.ceil(500_000 / n)));
    const count = Math.max(256, batch * 4);
    const pods = identical ? Array.from({ length: count }, () => syntheticPods({ count: 1, seed: 2 })[0]!) : syntheticPods({ count, seed: 2 });
    const options: SchedulerOptions = { explain: false, percentageOfNodesToScore: 100, seed: 7, ...(profile === undefined ? {} : { profile }) };
    const runners = [tsRunner(cluster, options, pods), ...engines.map((e) => wasmRunner(e, cluster, options, pods))];
    for (const r of runners) rows.push(await measure(suite, n, r.engine === "ts" ? Math.max(1, Math.ceil(batch / 8)) : batch, r, opts.time));
  }
  return rows;
}

/** (a) the resource kernel alone: fit + LeastAllocated + BalancedAllocation. */
export function kernelSuite(opts: EngineSuiteOptions): Promise<BenchRow[]> {
  return engineSuite("resource kernel", KERNEL_PROFILE, opts);
}

/** (b) the default profile (no pod uses inter-pod affinity), every node scored. */
export function defaultProfileSuite(opts: EngineSuiteOptions): Promise<BenchRow[]> {
  return engineSuite("default profile 100%", undefined, opts);
}

/** (stretch) the default profile on runs of identical pods (replicas): the kernel's node tree, O(log N) per pod. */
export function replicasSuite(opts: EngineSuiteOptions): Promise<BenchRow[]> {
  return engineSuite("replicas 100%", undefined, opts, true);
}

/** WASM/TS speed ratio per suite and size. */
export function printRatios(rows: readonly BenchRow[]): void {
  const ts = new Map(rows.filter((r) => r.engine === "ts").map((r) => [`${r.suite}|${r.nodes}`, r.podsPerSec]));
  const lines = rows
    .filter((r) => r.engine.startsWith("wasm") && ts.has(`${r.suite}|${r.nodes}`))
    .map((r) => `${r.suite.padEnd(22)} ${String(r.nodes).padStart(6)} nodes  ${r.engine.padEnd(12)} ${(r.podsPerSec / ts.get(`${r.suite}|${r.nodes}`)!).toFixed(1)}× ts`);
  if (lines.length > 0) console.log("\nWASM / TS (pods/s)\n" + lines.join("\n"));
}
