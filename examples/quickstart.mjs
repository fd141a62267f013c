// Schedule the pending pods of a small bundled cluster (a `kubectl get nodes,pods -o json` List) the way
// kube-scheduler's default profile would, and explain every decision.
//   node examples/quickstart.mjs [cluster.json]
import { readFileSync } from "node:fs";
import { createCluster, scheduleAll } from "@schedkit/core";

// The demo cluster is the one `schedkit demo` bundles.
const file = process.argv[2] ?? new URL("../packages/cli/src/commands/demo-cluster.json", import.meta.url);
const cluster = createCluster(JSON.parse(readFileSync(file, "utf8")));
console.log(`cluster: ${cluster.nodes.length} nodes, ${cluster.boundPods.length} running pods, ${cluster.pendingPods.length} pending\n`);

// Column names for the score table: each cell is "raw→normalized" (or one number when no NormalizeScore ran).
const SHORT = {
  TaintToleration: "Taint",
  NodeAffinity: "NodeAffinity",
  NodeResourcesFit: "Fit",
  PodTopologySpread: "TopoSpread",
  InterPodAffinity: "PodAffinity",
  NodeResourcesBalancedAllocation: "Balanced",
  ImageLocality: "Image",
  DynamicResources: "DRA",
  VolumeBinding: "Volumes",
};

const run = scheduleAll(undefined, cluster, { seed: 42 }); // the newest modelled release (kubernetesVersion picks another)

for (const r of run.results) {
  if (r.status !== "Scheduled") {
    console.log(`✗ ${r.pod}: ${r.message}\n`);
    continue;
  }
  const e = r.explanation;
  console.log(`✓ ${r.pod} → ${r.nodeName}   (${r.feasibleNodes}/${r.evaluatedNodes} nodes feasible)`);
  const rejected = e.nodes.filter((n) => n.status.code !== "Success");
  for (const n of rejected) console.log(`    ${n.node.padEnd(10)} filtered out by ${n.status.plugin}: ${n.status.reasons.join(", ")}`);
  const scored = e.nodes.filter((n) => n.total !== null).sort((a, b) => b.total - a.total);
  if (scored.length > 0) {
    const plugins = e.scorePlugins.map((p) => p.plugin);
    const short = (p) => SHORT[p] ?? p;
    const weight = (p) => e.scorePlugins.find((q) => q.plugin === p).weight;
    console.log(`    ${"node".padEnd(10)} ${plugins.map((p) => `${short(p)}×${weight(p)}`.padStart(14)).join("")}   total`);
    for (const n of scored) {
      const cells = plugins.map((p) => {
        const s = n.scores.find((x) => x.plugin === p);
        return (s.raw === s.normalized ? `${s.normalized}` : `${s.raw}→${s.normalized}`).padStart(14);
      });
      console.log(`    ${n.node.padEnd(10)} ${cells.join("")}  ${String(n.total).padStart(5)}${n.node === r.nodeName ? "  ← chosen" : ""}`);
    }
  }
  console.log("");
}

const s = run.summary;
console.log(`placed ${s.scheduled}/${s.pods}, unschedulable ${s.unschedulable}`);
for (const n of s.nodes) {
  const cpu = `${(n.requestedMilliCPU / 1000).toFixed(2)}/${(n.allocatableMilliCPU / 1000).toFixed(2)} cpu`;
  const mem = `${(n.requestedMemory / 2 ** 30).toFixed(1)}/${(n.allocatableMemory / 2 ** 30).toFixed(1)} GiB`;
  console.log(`  ${n.node.padEnd(10)} ${String(n.pods).padStart(3)} pods  ${cpu.padEnd(18)} ${mem}`);
}
