// Soak: schedule / scheduleAll calls across engines and clusters, with the JavaScript heap (after a forced
// GC), RSS and the engines' linear memory sampled; after a warm-up they must plateau. Schedulers are made both
// with dispose() and without it (left to the FinalizationRegistry, which runs when the event loop turns).
// SCHEDKIT_SOAK=1 makes 100,000 calls; the default (CI) 6,000.
import v8 from "node:v8";
import vm from "node:vm";
import { describe, expect, it } from "vitest";
import { createCluster, syntheticCluster, syntheticPods, tsEngine, type Engine } from "@schedkit/core";
import { createWasmEngineSync, type WasmEngine } from "./index.js";

const CALLS = process.env["SCHEDKIT_SOAK"] === "1" ? 100_000 : 6_000;
const SAMPLES = 20;
const MiB = 2 ** 20;

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;
const tick = () => new Promise((r) => setTimeout(r, 0));

describe("soak", () => {
  it(`${CALLS} calls across the TypeScript and both WebAssembly engines on three clusters: heap, RSS and linear memory plateau`, async () => {
    const simd = createWasmEngineSync({ flavor: "simd" });
    const scalar = createWasmEngineSync({ flavor: "scalar" });
    const engines: Engine[] = [tsEngine, simd, scalar];
    const wasms: WasmEngine[] = [simd, scalar];
    const clusters = [10, 100, 400].map((nodes, i) => createCluster(syntheticCluster({ nodes, seed: i + 1, maxPodsPerNode: 5 })));
    const pods = syntheticPods({ count: 8, seed: 3 });
    const samples: { heap: number; rss: number; wasm: number }[] = [];
    const every = CALLS / SAMPLES;
    for (let i = 0; i < CALLS; i++) {
      const engine = engines[i % engines.length]!;
      const cluster = clusters[Math.floor(i / engines.length) % clusters.length]!;
      const options = { seed: i, explain: i % 7 === 0 };
      if (i % 5 === 4) engine.scheduleAll(pods.slice(0, 3), cluster, options);
      else if (i % 11 === 10 && engine !== tsEngine) {
        // A long-lived scheduler: disposed every other time, otherwise left to the finalizer.
        const s = (engine as WasmEngine).scheduler(cluster, options);
        s.scheduleOne(pods[i % pods.length]);
        if (i % 2 === 0) s.dispose();
      } else engine.schedule(pods[i % pods.length], cluster, options);
      if ((i + 1) % every === 0) {
        await tick();
        gc();
        await tick();
        const m = process.memoryUsage();
        samples.push({ heap: m.heapUsed, rss: m.rss, wasm: wasms.reduce((s, w) => s + w.memoryBytes, 0) });
      }
    }
    const show = samples.map((s) => `${(s.heap / MiB).toFixed(1)}/${(s.rss / MiB).toFixed(0)}/${(s.wasm / MiB).toFixed(0)}`).join(" ");
    console.log(`[soak] ${CALLS} calls; heap/RSS/linear memory MiB at ${SAMPLES} samples: ${show}`);
    // The first quarter is warm-up (views, caches, the largest cluster's columns, JIT); after it nothing grows
    // beyond noise.
    const settled = samples.slice(SAMPLES / 4);
    const base = settled[0]!;
    for (const s of settled) {
      expect(s.heap - base.heap, show).toBeLessThan(8 * MiB);
      expect(s.rss - base.rss, show).toBeLessThan(64 * MiB);
      // Linear memory: regions freed by the finalizer at arbitrary moments can leave the first-fit heap
      // fragmented by a page or so (one 64 KiB page over 100,000 calls, measured); a leak would grow per call.
      expect(s.wasm - base.wasm, show).toBeLessThanOrEqual(256 * 1024);
    }
  }, 900_000);
});
