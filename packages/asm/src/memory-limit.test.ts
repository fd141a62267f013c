import { describe, expect, it } from "vitest";
import { createCluster, SchedkitError, syntheticCluster, syntheticPods, tsEngine } from "@schedkit/core";
import { createWasmEngineSync } from "./index.js";
import { kernelOf } from "./engine.js";
import { MAX_MEMORY_BYTES } from "./memory.js";
import type { KernelFlavor } from "./load.js";
import { LONG } from "../../core/src/_test/long.js";

const flavors: KernelFlavor[] = ["simd", "scalar"];
const MiB = 2 ** 20;

// Regression: past byte offset 2^31 every pod came back Unschedulable (explain: true) or threw "seed: undefined
// is not a seed" (explain: false). A ballast block takes the memory up to the limit without touching its pages
// (the allocator does not clear fresh memory), so a scheduler's columns land in the last megabytes below 2 GiB.
describe.each(flavors)("linear memory limit of 2 GiB (%s kernel)", (flavor) => {
  const small = createCluster(syntheticCluster({ nodes: 60, seed: 3 }));
  const big = createCluster(syntheticCluster({ nodes: 20_000, seed: 3 }));
  const pods = syntheticPods({ count: 12, seed: 3 });

  it("results equal the reference's with columns just below 2 GiB, a SchedkitError naming the limit beyond it, and the engine works afterwards", () => {
    const engine = createWasmEngineSync({ flavor });
    const kernel = kernelOf(engine);
    engine.scheduleAll(pods, small);
    const slack = 2 * MiB;
    const top = kernel.alloc(16, "probe");
    kernel.release(top);
    const ballast = kernel.alloc(MAX_MEMORY_BYTES - slack - top, "ballast");
    const edge = kernel.alloc(16, "edge");
    kernel.release(edge);
    // What the scheduler allocates next starts here, 2 MiB below 2^31 (signed offsets' boundary).
    expect(edge).toBe(MAX_MEMORY_BYTES - slack);
    for (const explain of [false, true]) {
      expect(engine.scheduleAll(pods, small, { explain, seed: 1 })).toEqual(tsEngine.scheduleAll(pods, small, { explain, seed: 1 }));
      expect(engine.schedule(pods[0]!, small, { explain, seed: 2 })).toEqual(tsEngine.schedule(pods[0]!, small, { explain, seed: 2 }));
    }
    expect(engine.memoryBytes).toBeGreaterThan(MAX_MEMORY_BYTES - slack);

    const over = () => engine.scheduleAll(pods, big, { explain: false });
    expect(over).toThrow(SchedkitError);
    expect(over).toThrow(/WebAssembly out of memory in .*linear memory limit of 2 GiB \(2147483648 bytes/);
    expect(engine.memoryBytes).toBeLessThanOrEqual(MAX_MEMORY_BYTES);

    // What failed gave its memory back: without the ballast the big cluster fits and agrees.
    kernel.release(ballast);
    expect(kernel.allocatedBytes).toBe(0);
    expect(engine.scheduleAll(pods, big, { explain: false, seed: 4 })).toEqual(tsEngine.scheduleAll(pods, big, { explain: false, seed: 4 }));
    expect(engine.scheduleAll(pods, small, { seed: 5 })).toEqual(tsEngine.scheduleAll(pods, small, { seed: 5 }));
  }, 120_000);

  it("an allocation that would end past 2 GiB is refused before memory grows", () => {
    const engine = createWasmEngineSync({ flavor });
    const kernel = kernelOf(engine);
    const before = engine.memoryBytes;
    expect(() => kernel.alloc(MAX_MEMORY_BYTES, "test allocation")).toThrow(/WebAssembly out of memory in test allocation: 2147483648 more bytes do not fit/);
    expect(engine.memoryBytes).toBe(before);
    expect(engine.scheduleAll(pods, small)).toEqual(tsEngine.scheduleAll(pods, small));
  });
});

// The issue's own repro, at its size: 20 live schedulers on a 100,000-node cluster with 60 extended resources
// (~114 MiB of columns each), then schedules on a small cluster. About 2.5 CPU-minutes and 2 GiB of linear
// memory, so it runs in the long mode only (SCHEDKIT_LONG=1, scripts/long.mjs); the boundary itself is tested
// above on every run, with a ballast instead of live schedulers.
describe.runIf(LONG)("20 live schedulers on 100,000 nodes × 60 extended resources (the original repro)", () => {
  it("refuses the schedulers that do not fit with a SchedkitError naming the limit, stays exact, and works after dispose()", () => {
    const base = syntheticCluster({ nodes: 100_000, seed: 1 });
    for (const n of base.nodes) {
      for (let r = 0; r < 60; r++) {
        (n.status!.allocatable as Record<string, string>)[`example.com/r${r}`] = "8";
        (n.status!.capacity as Record<string, string>)[`example.com/r${r}`] = "8";
      }
    }
    const big = createCluster(base);
    const small = createCluster(syntheticCluster({ nodes: 60, seed: 3 }));
    const pods = syntheticPods({ count: 12, seed: 3 });
    const engine = createWasmEngineSync();
    const live = [];
    let refused = 0;
    for (let i = 0; i < 20; i++) {
      try {
        const s = engine.scheduler(big, { explain: false });
        s.scheduleOne(pods[i % pods.length]!);
        live.push(s);
      } catch (e) {
        expect(e).toBeInstanceOf(SchedkitError);
        expect((e as Error).message).toMatch(/WebAssembly out of memory in .*linear memory limit of 2 GiB \(2147483648 bytes/);
        refused++;
      }
      expect(engine.memoryBytes).toBeLessThanOrEqual(MAX_MEMORY_BYTES);
    }
    // At ~114 MiB each, 17 fit below 2 GiB; the rest are refused, not silently wrong.
    expect(refused).toBeGreaterThan(0);
    expect(live.length).toBeGreaterThan(10);
    for (const explain of [true, false]) {
      expect(engine.scheduleAll(pods, small, { explain, seed: 1 })).toEqual(tsEngine.scheduleAll(pods, small, { explain, seed: 1 }));
    }
    for (const s of live) s.dispose();
    for (const explain of [true, false]) {
      expect(engine.scheduleAll(pods, small, { explain, seed: 1 })).toEqual(tsEngine.scheduleAll(pods, small, { explain, seed: 1 }));
    }
    const again = engine.scheduler(big, { explain: false, tieBreak: "first" });
    expect(again.scheduleOne(pods[0]!)).toEqual(tsEngine.schedule(pods[0]!, big, { explain: false, tieBreak: "first" }));
    again.dispose();
  }, 3_600_000);
});
