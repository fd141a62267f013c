import { describe, expect, it } from "vitest";
import { createCluster, SchedkitError, syntheticCluster, syntheticPods, tsEngine } from "@schedkit/core";
import { createWasmEngineSync, type WasmEngine } from "./index.js";

// Regression: the ~12,900th live engine threw the host's raw RangeError ("Cannot allocate Wasm memory for new
// instance"). Each engine reserves address space for its linear memory; the host runs out of it, not of RAM.
describe("live engines", () => {
  it("the host refusing another engine is a SchedkitError that says why, and engines work again once the others are dropped", () => {
    let live: WasmEngine[] = [];
    let error: unknown = null;
    try {
      for (let i = 0; i < 40_000; i++) live.push(createWasmEngineSync({ flavor: "scalar" }));
    } catch (e) {
      error = e;
    }
    // Hosts with more address space than this loop needs have no limit to show (the loop ran to its end).
    if (error === null) return expect(live).toHaveLength(40_000);
    expect(live.length).toBeGreaterThan(1000);
    expect(error).toBeInstanceOf(SchedkitError);
    expect((error as Error).message).toMatch(/WebAssembly out of memory in engine creation \(each live engine reserves its own linear memory: reuse one engine/);
    // Existing engines still work.
    const cluster = createCluster(syntheticCluster({ nodes: 20, seed: 1 }));
    const pods = syntheticPods({ count: 4, seed: 1 });
    expect(live[0]!.scheduleAll(pods, cluster)).toEqual(tsEngine.scheduleAll(pods, cluster));
    live = [];
    // The host collects unreachable memories before it gives up on a new one.
    expect(createWasmEngineSync().scheduleAll(pods, cluster)).toEqual(tsEngine.scheduleAll(pods, cluster));
  }, 180_000);
});
