// simulate() on the WebAssembly engine against the TypeScript reference: the same events, tick metrics and
// totals, on a fixed seed and on a fresh random seed (printed, so a failure can be replayed).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createCluster, generateWorkload, simulate, syntheticCluster, tsEngine, type Engine, type SimEvent, type TickMetrics } from "@schedkit/core";
import { createWasmEngineSync } from "./index.js";
import { assertProperty, propertySeeds } from "../../core/src/_test/long.js";

const wasm = createWasmEngineSync();

const PROFILES = [
  undefined,
  { pluginConfig: [{ name: "NodeResourcesFit", args: { scoringStrategy: { type: "MostAllocated", resources: [{ name: "cpu", weight: 1 }, { name: "memory", weight: 1 }] } } }] },
  { percentageOfNodesToScore: 30 },
];

/** A run's whole observable output. */
function replay(engine: Engine, seed: number) {
  const nodes = 8 + (seed % 40);
  const cluster = createCluster(syntheticCluster({ nodes, seed, maxPodsPerNode: seed % 3 }));
  const workload = generateWorkload({ pods: 150 + (seed % 200), seed, durationSeconds: 900, arrivals: (["uniform", "diurnal", "bursty"] as const)[seed % 3], meanRunSeconds: 200 });
  const events: SimEvent[] = [];
  const ticks: TickMetrics[] = [];
  // Every other run maps the nodes onto hosts of four 8-vCPU VMs on 16 pCPUs: the hosts' contention too.
  const names = cluster.nodes.map((n) => n.name);
  const hypervisors = Array.from({ length: Math.ceil(names.length / 4) }, (_, h) => ({ name: `h${h}`, pcpus: 16, vms: names.slice(4 * h, 4 * h + 4).map((node) => ({ vcpus: 8, node })) }));
  const summary = simulate(cluster, workload, {
    engine,
    seed,
    ...(seed % 2 === 0 ? { hypervisors } : {}),
    profile: PROFILES[seed % PROFILES.length],
    tickSeconds: 1 + (seed % 5),
    kubernetesVersion: seed % 2 === 0 ? "1.37" : "1.32",
    onEvent: (e) => events.push(e),
    onTick: (m) => ticks.push(m),
  });
  return { events, ticks, summary: { ...summary, engine: undefined } };
}

describe("simulate(): the WebAssembly engine reproduces the TypeScript engine", () => {
  for (const [label, seed] of propertySeeds(20261204)) {
    it(`${label} ${seed}: events, tick metrics and totals are equal`, () => {
      let placed = 0;
      assertProperty(
        `simulate parity (${label})`,
        fc.property(fc.integer({ min: 0, max: 0xffffffff }), (s) => {
          const ts = replay(tsEngine, s);
          expect(replay(wasm, s)).toEqual(ts);
          placed += ts.summary.placed;
        }),
        { numRuns: 6, seed },
      );
      expect(placed).toBeGreaterThan(0);
    }, 120_000);
  }
});
