// One share of suite "split"'s seed sweep, in a process of its own: builds the cluster and the day's workload
// as every share does, replays the day once per seed given, and prints one JSON line: each seed's summary
// (as a digest, for the parent to check that a split changes no result) and this process's wall and CPU time.
//   node split-child.js NODES ARRIVALS SEED[,SEED…]
import { createHash } from "node:crypto";
import { createCluster, generateWorkload, simulate, syntheticCluster } from "@schedkit/core";
import { createWasmEngineSync } from "@schedkit/asm";

const [nodes, arrivals, seeds] = process.argv.slice(2);
const cluster = createCluster(syntheticCluster({ nodes: Number(nodes), seed: 42, maxPodsPerNode: 0 }));
const workload = generateWorkload({ pods: Number(arrivals), seed: 1, durationSeconds: 86400, arrivals: "bursty", sizes: "heavy-tailed", durations: "heavy-tailed", meanRunSeconds: 600 });
const engine = createWasmEngineSync();
const results = seeds!.split(",").map((s) => {
  const summary = simulate(cluster, workload, { engine, tickSeconds: 10, seed: Number(s) });
  return { seed: Number(s), placed: summary.placed, digest: createHash("sha256").update(JSON.stringify(summary)).digest("hex") };
});
const cpu = process.cpuUsage();
console.log(JSON.stringify({ results, wallMs: performance.now(), cpuMs: (cpu.user + cpu.system) / 1000 }));
