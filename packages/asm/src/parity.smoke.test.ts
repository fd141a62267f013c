import { describe, expect, it } from "vitest";
import { createCluster, syntheticCluster, syntheticPods, tsEngine } from "@schedkit/core";
import { createWasmEngineSync } from "./index.js";

describe("smoke", () => {
  it("matches", () => {
    const wasm = createWasmEngineSync();
    const cluster = createCluster(syntheticCluster({ nodes: 300, seed: 3 }));
    const pods = syntheticPods({ count: 50, seed: 4 });
    for (const explain of [false, true]) {
      const a = tsEngine.scheduleAll(pods, cluster, { explain, seed: 5 });
      const b = wasm.scheduleAll(pods, cluster, { explain, seed: 5 });
      expect(b).toEqual(a);
    }
    const a = tsEngine.schedule(pods[0], cluster, { seed: 5 });
    const b = wasm.schedule(pods[0], cluster, { seed: 5 });
    expect(b).toEqual(a);
  });
});
