// LeastAllocated (spread) against MostAllocated (bin-packing) over a generated bursty day: which profile needs
// fewer nodes, and which keeps pods waiting less? The same seeded cluster and workload under both profiles.
//   node examples/compare-binpacking.mjs [nodes] [pods]
import { createCluster, generateWorkload, simulate, syntheticCluster } from "@schedkit/core";

const nodes = Number(process.argv[2] ?? 16);
const pods = Number(process.argv[3] ?? 8000);
const cluster = createCluster(syntheticCluster({ nodes, seed: 7, maxPodsPerNode: 0 }));
const workload = generateWorkload({ pods, seed: 7, durationSeconds: 86400, arrivals: "bursty", meanRunSeconds: 1800 });

// The default profile with NodeResourcesFit's scoring strategy set, as a KubeSchedulerConfiguration would.
const profile = (type) => ({
  pluginConfig: [{ name: "NodeResourcesFit", args: { scoringStrategy: { type, resources: [{ name: "cpu", weight: 1 }, { name: "memory", weight: 1 }] } } }],
});

const results = {};
for (const type of ["LeastAllocated", "MostAllocated"]) {
  const s = simulate(cluster, workload, { profile: profile(type), tickSeconds: 5, seed: 1 });
  results[type] = s;
  console.log(
    `${type.padEnd(15)} nodes in use: mean ${s.nodesInUse.mean.toFixed(1)}, peak ${s.nodesInUse.peak} of ${nodes}   ` +
      `wait p50 ${s.wait.p50} s, p99 ${s.wait.p99} s   placed ${s.placed}/${s.arrived}, pending at end ${s.pendingAtEnd}   ` +
      `stranded CPU ${(100 * s.strandedCPU.mean).toFixed(1)}%`,
  );
}

const [least, most] = [results.LeastAllocated, results.MostAllocated];
const fewer = most.nodesInUse.mean < least.nodesInUse.mean ? "MostAllocated" : most.nodesInUse.mean > least.nodesInUse.mean ? "LeastAllocated" : "neither";
const faster = most.wait.p99 < least.wait.p99 ? "MostAllocated" : most.wait.p99 > least.wait.p99 ? "LeastAllocated" : "neither (equal)";
console.log(`\nfewer nodes in use on average: ${fewer} (${least.nodesInUse.mean.toFixed(1)} vs ${most.nodesInUse.mean.toFixed(1)})`);
console.log(`lower p99 wait: ${faster} (${least.wait.p99} s vs ${most.wait.p99} s)`);
