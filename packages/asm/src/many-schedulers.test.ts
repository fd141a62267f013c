import v8 from "node:v8";
import vm from "node:vm";
import { describe, expect, it } from "vitest";
import { createCluster, Scheduler, syntheticCluster, syntheticPods } from "@schedkit/core";
import { createWasmEngineSync, type WasmScheduler } from "./index.js";
import type { KernelFlavor } from "./load.js";

const flavors: KernelFlavor[] = ["simd", "scalar"];

// Each new scheduler allocates its columns, then its first pod shape's static score columns while the score
// program is being written: memory.grow there detached a cached view, so the program read as zeros.
describe.each(flavors)("many live schedulers on one engine (%s kernel)", (flavor) => {
  it("every scheduler agrees with the reference while linear memory grows under 500 live schedulers", () => {
    const engine = createWasmEngineSync({ flavor });
    const cluster = createCluster(syntheticCluster({ nodes: 30, seed: 5 }));
    const pods = syntheticPods({ count: 5, seed: 1 });
    const startBytes = engine.memoryBytes;
    const live: WasmScheduler[] = [];
    for (let i = 0; i < 500; i++) {
      const wasm = engine.scheduler(cluster, { seed: i });
      live.push(wasm);
      const ref = new Scheduler(cluster, { seed: i });
      const pod = pods[i % pods.length]!;
      expect(wasm.schedule(pod), `scheduler ${i}`).toEqual(ref.schedule(pod));
      expect(wasm.scheduleOne(pod), `scheduler ${i}`).toEqual(ref.scheduleOne(pod));
    }
    // The scenario is only a regression test if memory grew while schedulers were alive.
    expect(engine.memoryBytes).toBeGreaterThan(startBytes);
    for (const s of live) s.dispose();
  });
});

// Regression: 5,000 undisposed schedulers created in a synchronous loop aborted V8 — the FinalizationRegistry's
// held value (a closure over the evaluator, hence the snapshot) kept every one alive until the loop ended.
describe("undisposed schedulers", () => {
  it("are collectable inside a synchronous loop: the JavaScript heap stays flat over 200 of them on 1,000 nodes", () => {
    v8.setFlagsFromString("--expose-gc");
    const gc = vm.runInNewContext("gc") as () => void;
    const engine = createWasmEngineSync();
    const cluster = createCluster(syntheticCluster({ nodes: 1000, seed: 1 }));
    const pod = syntheticPods({ count: 1, seed: 1 })[0]!;
    const heap = () => {
      gc();
      return process.memoryUsage().heapUsed;
    };
    engine.scheduler(cluster).schedule(pod);
    const before = heap();
    for (let i = 0; i < 200; i++) engine.scheduler(cluster).schedule(pod);
    // Each scheduler's snapshot is about 0.55 MiB: 200 retained would be 110 MiB.
    expect((heap() - before) / 2 ** 20).toBeLessThan(20);
  }, 120_000);
});
