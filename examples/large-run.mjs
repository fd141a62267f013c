// A whole run on a large cluster, as kube-scheduler's defaults would do it (the adaptive
// percentageOfNodesToScore: at 20,000 nodes each pod examines nodes until 1,000, 5 %, are feasible): pods handed
// over as an iterable made one at a time, results streamed through onResult and none kept, so memory stays
// flat however many pods come. Prints the rate, where the pods landed, and which kernel path did the work.
//   node examples/large-run.mjs [nodes] [pods]
import { createCluster, syntheticCluster, syntheticPodStream } from "@schedkit/core";
import { createWasmEngineSync } from "@schedkit/asm";

const nodes = Number(process.argv[2] ?? 20_000);
const pods = Number(process.argv[3] ?? 100_000);

// A seeded cluster (nodes of 4–32 CPUs, a bound pod filling each part-way); a dump would come from
// `kubectl get nodes,pods -A -o json` instead.
const cluster = createCluster(syntheticCluster({ nodes, seed: 1 }));
const scheduler = createWasmEngineSync().scheduler(cluster, { explain: false, seed: 7 });
const zoneOf = new Map(cluster.nodes.map((n) => [n.name, n.labels.get("topology.kubernetes.io/zone") ?? "(none)"]));

const perZone = new Map();
let placed = 0;
let examined = 0;
const t0 = performance.now();
const run = scheduler.scheduleAll(syntheticPodStream({ count: pods, seed: 2 }), {
  keepResults: false,
  onResult: (r) => {
    examined += r.evaluatedNodes;
    if (r.nodeName === null) return;
    placed++;
    const zone = zoneOf.get(r.nodeName);
    perZone.set(zone, (perZone.get(zone) ?? 0) + 1);
  },
});
const seconds = (performance.now() - t0) / 1000;

console.log(`${pods.toLocaleString("en-US")} pods on ${nodes.toLocaleString("en-US")} nodes: ${run.summary.scheduled.toLocaleString("en-US")} scheduled in ${seconds.toFixed(2)} s (${Math.round(pods / seconds).toLocaleString("en-US")} pods/s)`);
console.log(`nodes examined a pod: ${Math.round(examined / pods).toLocaleString("en-US")} of ${nodes.toLocaleString("en-US")}`);
for (const [zone, n] of [...perZone].sort()) console.log(`  ${zone}: ${n.toLocaleString("en-US")} pods`);
const s = scheduler.stats;
console.log(`kernel paths: ${s.runPods.toLocaleString("en-US")} pods in ${s.runCalls} kernel runs, ${s.fusedWindowPods.toLocaleString("en-US")} filtered and scored in one pass over their window, ${s.cyclePods} through the TypeScript cycle`);
if (placed !== run.summary.scheduled) throw new Error(`onResult saw ${placed} placed pods, the summary ${run.summary.scheduled}`);
