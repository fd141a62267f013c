// Suite "simulate": a day of a 5,000-node cluster with about a million pod arrivals (seeded bursty arrivals,
// heavy-tailed sizes and run times), replayed by simulate() on the WebAssembly engine, default profile.
// It prints simulated seconds per wall-clock second and where the wall-clock time went: inside the engine's
// scheduleAll calls, or in the simulation around them (queue, controllers, metrics).
import { Bench } from "tinybench";
import { createCluster, generateWorkload, simulate, syntheticCluster, type Engine, type EngineScheduler, type SimulationSummary } from "@schedkit/core";
import { createWasmEngineSync } from "@schedkit/asm";
import type { BenchRow } from "./report.js";

export interface SimulateSuiteOptions {
  readonly nodes?: number;
  readonly pods?: number;
  readonly tickSeconds?: number;
}

/** An engine that counts the time spent in the engine it wraps (its long-lived schedulers' runs included). */
function timed(engine: Engine): Engine & { ms: number; calls: number } {
  const time = <T>(f: () => T): T => {
    const s = performance.now();
    try {
      return f();
    } finally {
      t.ms += performance.now() - s;
      t.calls++;
    }
  };
  const scheduler = engine.scheduler?.bind(engine);
  const t = {
    name: engine.name,
    ms: 0,
    calls: 0,
    schedule: engine.schedule.bind(engine),
    // simulate() keeps one scheduler per node set and runs each pass on it (Engine.scheduler).
    ...(scheduler === undefined
      ? {}
      : {
          scheduler(...args: Parameters<NonNullable<Engine["scheduler"]>>): EngineScheduler {
            const s = scheduler(...args);
            const run = s.scheduleAll?.bind(s);
            return {
              prepare: s.prepare.bind(s),
              scheduleOne: s.scheduleOne.bind(s),
              scheduleMany: s.scheduleMany.bind(s),
              nominate: s.nominate.bind(s),
              dispose: () => s.dispose?.(),
              ...(run === undefined ? {} : { scheduleAll: (...a: Parameters<typeof run>) => time(() => run(...a)) }),
            };
          },
        }),
    scheduleAll(...args: Parameters<Engine["scheduleAll"]>) {
      return time(() => engine.scheduleAll(...args));
    },
  };
  return t;
}

export async function simulateSuite(opts: SimulateSuiteOptions): Promise<BenchRow[]> {
  const nodes = opts.nodes ?? 5000;
  const pods = opts.pods ?? 1_000_000;
  const tickSeconds = opts.tickSeconds ?? 10;
  const cluster = createCluster(syntheticCluster({ nodes, seed: 42, maxPodsPerNode: 0 }));
  const workload = generateWorkload({ pods, seed: 1, durationSeconds: 86400, arrivals: "bursty", sizes: "heavy-tailed", durations: "heavy-tailed", meanRunSeconds: 600 });
  const engine = timed(createWasmEngineSync());
  const suite = `simulate a day (${pods.toLocaleString("en-US")} arrivals, tick ${tickSeconds} s)`;
  let summary: SimulationSummary | null = null;
  // One replay is a minute of work: one sample, no warm-up beyond the engine's own instantiation.
  const gc = (globalThis as { gc?: () => void }).gc;
  const bench = new Bench({ time: 0, iterations: 1, warmupTime: 0, warmupIterations: 0 });
  bench.add("wasm", () => {
    engine.ms = 0;
    engine.calls = 0;
    summary = simulate(cluster, workload, { engine, tickSeconds });
  }, gc === undefined ? {} : { beforeEach: () => gc() });
  await bench.run();
  const task = bench.tasks[0]!;
  const res = task.result as unknown as { latency: { p50: number; samplesCount: number } };
  const wallMs = res.latency.p50;
  const s = summary as SimulationSummary | null;
  if (s === null) throw new Error(`${suite}: the replay did not run`);
  console.log(
    `${suite}: ${(86400 / (wallMs / 1000)).toFixed(0)} simulated s per wall s (${(wallMs / 1000).toFixed(1)} s for 86,400 s); ` +
      `${s.placed.toLocaleString("en-US")} placed, p99 wait ${s.wait.p99} s, nodes in use mean ${s.nodesInUse.mean.toFixed(0)} / peak ${s.nodesInUse.peak}; ` +
      `${((engine.ms / wallMs) * 100).toFixed(0)}% of the time in ${engine.calls.toLocaleString("en-US")} scheduleAll calls, ${(((wallMs - engine.ms) / wallMs) * 100).toFixed(0)}% in the simulation around them`,
  );
  return [{ suite, engine: "wasm", nodes, pods, podsPerSec: (pods / wallMs) * 1000, nodeEvalsPerSec: 0, medianMs: wallMs, samples: res.latency.samplesCount }];
}
