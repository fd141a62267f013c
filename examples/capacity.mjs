// How many more replicas of each shape fit on a cluster, as cluster-capacity answers it: replicas are
// scheduled one after another by the real scheduler rules until the first that does not fit.
//   node examples/capacity.mjs [cluster.json]
import { readFileSync } from "node:fs";
import { createCluster } from "@schedkit/core";
import { capacity } from "@schedkit/core/analysis";
import { createWasmEngineSync } from "@schedkit/asm";

const file = process.argv[2] ?? new URL("./data/overcommit/cluster.json", import.meta.url);
const cluster = createCluster(JSON.parse(readFileSync(file, "utf8")));

const pod = (name, cpu, memory) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: "shop" },
  spec: { containers: [{ name, image: `registry.example/${name}:1`, resources: { requests: { cpu, memory } } }] },
});

// The WebAssembly engine gives the same answer as the default TypeScript one, faster on large clusters.
const engine = createWasmEngineSync();
const r = capacity(cluster, [pod("api-gateway", "200m", "256Mi"), pod("checkout", "1", "2Gi")], { engine, seed: 1 });

console.log(`capacity on ${r.nodes} nodes, shapes in order:`);
for (const s of r.shapes) {
  console.log(`  ${s.shape}: ${s.replicas} more fit; stopped by ${s.stoppedBy}`);
  console.log(`    ${s.failedPod}: ${s.message}`);
  console.log(`    placement: ${s.placement.map((p) => `${p.node} ${p.replicas}`).join(", ")}`);
}
const inter = capacity(cluster, [pod("api-gateway", "200m", "256Mi"), pod("checkout", "1", "2Gi")], { engine, seed: 1, interleave: true });
console.log(`interleaved: ${inter.shapes.map((s) => `${s.shape} ${s.replicas}`).join(", ")}`);
