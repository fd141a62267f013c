// The fewest nodes of a template to add so that a target number of replicas fits, found with the real
// scheduler rules, and what binds after that.
//   node examples/nodes-to-add.mjs [cluster.json] [target]
import { readFileSync } from "node:fs";
import { createCluster } from "@schedkit/core";
import { nodesToAdd } from "@schedkit/core/analysis";

const file = process.argv[2] ?? new URL("./data/overcommit/cluster.json", import.meta.url);
const target = Number(process.argv[3] ?? 200);
const cluster = createCluster(JSON.parse(readFileSync(file, "utf8")));

const shape = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "api-gateway", namespace: "shop" },
  spec: { containers: [{ name: "gateway", image: "registry.example/gateway:1", resources: { requests: { cpu: "200m", memory: "256Mi" } } }] },
};
// An 8-vCPU worker as the kubelet reports it (allocatable after reservations).
const template = {
  apiVersion: "v1",
  kind: "Node",
  metadata: { name: "k8s-worker-new", labels: { "kubernetes.io/hostname": "k8s-worker-new" } },
  status: { allocatable: { cpu: "7800m", memory: "30Gi", pods: "110" } },
};

const r = nodesToAdd(cluster, shape, template, target, { seed: 1 });
console.log(`${r.shape}: ${r.fitsNow} of ${r.target} fit now`);
if (r.nodes === null) console.log("no number of template nodes makes the target fit");
else {
  console.log(`add ${r.nodes} nodes (${r.addedNodes.join(", ")})`);
  if (r.withOneFewer !== null) console.log(`with ${r.nodes - 1}: ${r.withOneFewer.replicas} fit, stopped by ${r.withOneFewer.stoppedBy}`);
  console.log(`after that: ${r.after.replicas} fit in all, then ${r.after.stoppedBy}`);
}
