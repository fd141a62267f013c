// The child process of suite "huge" (huge.ts): one whole run, then one JSON line on stdout.
import { createCluster, syntheticCluster, syntheticPods } from "@schedkit/core";
import { createWasmEngineSync } from "@schedkit/asm";

const nodes = Number(process.argv[2]);
const pods = Number(process.argv[3]);
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const cluster = createCluster(syntheticCluster({ nodes, seed: 1 }));
const input = syntheticPods({ count: pods, seed: 2 });
const wasm = createWasmEngineSync({ flavor: "simd" });
const t1 = performance.now();
const run = wasm.scheduleAll(input, cluster, { explain: false, seed: 7 });
const t2 = performance.now();
const cpu = process.cpuUsage(cpu0);
process.stdout.write(
  JSON.stringify({ nodes, pods: run.results.length, scheduled: run.summary.scheduled, wallMs: t2 - t0, runMs: t2 - t1, cpuMs: (cpu.user + cpu.system) / 1000, peakRssBytes: process.resourceUsage().maxRSS * 1024 }) + "\n",
);
