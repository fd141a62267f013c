// What-if questions on both cores: one cluster prepared on two threads that stay warm, then several capacity
// questions at once and nodesToAdd's search with its capacity probes answered two at a time, each checked
// against the one-thread answer.
//   node examples/parallel-what-if.mjs [cluster.json]
import { readFileSync } from "node:fs";
import { createCluster } from "@schedkit/core";
import { nodesToAdd as nodesToAddOneThread } from "@schedkit/core/analysis";
import { openParallelCluster } from "@schedkit/asm/parallel";
import { createWasmEngineSync } from "@schedkit/asm";

const file = process.argv[2] ?? new URL("./data/overcommit/cluster.json", import.meta.url);
// Threads get createCluster's input (plain data) and build their own Cluster from it.
const input = JSON.parse(readFileSync(file, "utf8"));

const shape = (name, cpu, memory) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: "shop" },
  spec: { containers: [{ name, image: `registry.example/${name}:1`, resources: { requests: { cpu, memory } } }] },
});
const shapes = [shape("api-gateway", "200m", "256Mi"), shape("checkout", "500m", "1Gi"), shape("search", "1", "2Gi"), shape("cache", "250m", "4Gi")];

// Each thread builds its Cluster and engine once; every question below reuses them.
const cluster = openParallelCluster(input, { workers: 2 });
const answers = await cluster.capacityEach(shapes, { seed: 1 });
for (const a of answers) console.log(`${a.shapes[0].shape}: ${a.total} more fit, then ${a.shapes[0].stoppedBy}`);

const template = {
  apiVersion: "v1",
  kind: "Node",
  metadata: { name: "k8s-worker-new", labels: { "kubernetes.io/hostname": "k8s-worker-new" } },
  status: { allocatable: { cpu: "7800m", memory: "30Gi", pods: "110" } },
};
const r = await cluster.nodesToAdd(shapes[0], template, 400, { seed: 1 });
await cluster.close();
console.log(`api-gateway ×400: add ${r.nodes} nodes (${r.fitsNow} fit now)`);
const one = nodesToAddOneThread(createCluster(input), shapes[0], template, 400, { seed: 1, engine: createWasmEngineSync() });
if (JSON.stringify(one) !== JSON.stringify(r)) throw new Error("the threaded answer differs from the one-thread answer");
console.log("same answer as on one thread");
