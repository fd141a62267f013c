// Which recurring blocks of a kernel run get a node tree (scheduler.ts treeSlots): only blocks whose pods recur
// often enough for the tree to pay back, the most used first, at most TREE_SLOTS of them. Varied runs, with more
// recurring blocks than slots and some below the threshold, place every pod as the TypeScript engine does.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createCluster, Scheduler, syntheticCluster, type SchedulerOptions } from "@schedkit/core";
import { createWasmEngineSync } from "./index.js";
import { assertProperty, PROPERTY_TIMEOUT, propertySeeds, runParameters } from "../../core/src/_test/long.js";
import { TREE_SLOTS } from "../assembly/abi.js";

const wasm = createWasmEngineSync({ flavor: "simd" });

function pod(name: string, cpu: number, memMi: number, app: number): object {
  return {
    metadata: { name, namespace: "default", labels: { app: `app-${app}` } },
    spec: { containers: [{ name: "c", image: "registry.example/app:1.0", resources: { requests: { cpu: `${cpu}m`, memory: `${memMi}Mi` } } }] },
  };
}

const blockArb = fc.record({
  cpu: fc.constantFrom(100, 250, 500, 1000),
  memMi: fc.constantFrom(128, 256, 1024),
  app: fc.integer({ min: 0, max: 2 }),
});

const scenarioArb = fc.record({
  nodes: fc.integer({ min: 20, max: 200 }),
  clusterSeed: fc.integer({ min: 1, max: 1000 }),
  // More distinct blocks than tree slots, each recurring from once to many times, in a random order.
  blocks: fc.array(fc.tuple(blockArb, fc.integer({ min: 1, max: 80 })), { minLength: TREE_SLOTS + 1, maxLength: TREE_SLOTS + 5 }),
  order: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  percentage: fc.oneof(fc.constant(0), fc.constant(100), fc.integer({ min: 1, max: 100 })),
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
});

describe("node trees for the blocks of a varied run", () => {
  it.each(propertySeeds(20261205))(
    "go to the most recurring blocks only, and every pod lands where the TypeScript engine puts it (%s %i)",
    (_kind, seed) => {
      let treePods = 0;
      let pods = 0;
      assertProperty(
        "tree choice = TypeScript",
        fc.property(scenarioArb, (s) => {
          const cluster = createCluster(syntheticCluster({ nodes: s.nodes, seed: s.clusterSeed }));
          const input: object[] = [];
          s.blocks.forEach(([b, count], k) => {
            for (let i = 0; i < count; i++) input.push(pod(`p-${k}-${i}`, b.cpu, b.memMi, b.app));
          });
          // A seeded shuffle: blocks interleave as varied pods do.
          let x = s.order;
          for (let i = input.length - 1; i > 0; i--) {
            x = (Math.imul(x, 1103515245) + 12345) >>> 0;
            const j = x % (i + 1);
            [input[i], input[j]] = [input[j]!, input[i]!];
          }
          const options: SchedulerOptions = { explain: false, percentageOfNodesToScore: s.percentage, seed: s.seed };
          const want = new Scheduler(cluster, options).scheduleMany(input);
          const sched = wasm.scheduler(cluster, options);
          try {
            expect(sched.scheduleMany(input)).toEqual(want);
            treePods += sched.stats.treePods;
            pods += input.length;
          } finally {
            sched.dispose();
          }
        }),
        runParameters(40, seed),
      );
      // The trees did part of the work (the property is not only about scans).
      expect(treePods).toBeGreaterThan(0);
      expect(treePods).toBeLessThan(pods);
    },
    PROPERTY_TIMEOUT ?? 300_000,
  );

  it("gives no tree to a block that recurs too rarely to pay back the tree", () => {
    // 2,000 nodes, adaptive %: a scan examines 680 of them (34 %), so a block needs 96 pods for a tree.
    const cluster = createCluster(syntheticCluster({ nodes: 2000, seed: 1 }));
    const rare = Array.from({ length: 60 }, (_, i) => pod(`rare-${i}`, 100 + 10 * (i % 20), 128, 0));
    const sched = wasm.scheduler(cluster, { explain: false, seed: 1 });
    const want = new Scheduler(cluster, { explain: false, seed: 1 }).scheduleMany(rare);
    expect(sched.scheduleMany(rare)).toEqual(want);
    expect(sched.stats.treePods).toBe(0);
    // The same run of one block: the tree places all but the first.
    const many = Array.from({ length: 120 }, (_, i) => pod(`many-${i}`, 100, 128, 0));
    const again = wasm.scheduler(cluster, { explain: false, seed: 1 });
    expect(again.scheduleMany(many)).toEqual(new Scheduler(cluster, { explain: false, seed: 1 }).scheduleMany(many));
    expect(again.stats.treePods).toBe(many.length - 1 - again.stats.treeMisses);
    sched.dispose();
    again.dispose();
  }, 120_000);
});
