// Fuzz your own scheduler against schedkit's reference (kube-scheduler's decisions) with generated clusters.
// Here the scheduler under test is a toy "first fit": the first node, in list order, that is not cordoned
// and has room for the pod's cpu and memory requests and one more pod. checkScheduler finds a scenario where it disagrees
// with kube-scheduler, shrinks it to a minimal one and explains the reference's decision.
//   pnpm --filter @schedkit/core run build && node examples/fuzz-your-scheduler.mjs
import { parseQuantity } from "@schedkit/core";
import { checkScheduler } from "@schedkit/core/arbitraries";

/** cpu in millicores and memory in bytes that a pod's containers request (init containers and overhead ignored: it is a toy). */
function requests(pod) {
  let cpu = 0n;
  let memory = 0n;
  for (const c of pod.spec.containers) {
    const r = c.resources?.requests ?? {};
    if (r.cpu !== undefined) cpu += parseQuantity(r.cpu).milliValue();
    if (r.memory !== undefined) memory += parseQuantity(r.memory).value();
  }
  return { cpu, memory };
}

/** The scheduler under test: gets one pod and the cluster as v1 JSON, returns a node name or null. */
function firstFit({ nodes, pods, pod }) {
  const want = requests(pod);
  for (const node of nodes) {
    if (node.spec?.unschedulable) continue;
    const alloc = node.status?.allocatable ?? {};
    let cpu = want.cpu;
    let memory = want.memory;
    let count = 1n;
    for (const p of pods) {
      if (p.spec.nodeName !== node.metadata.name) continue;
      const r = requests(p);
      cpu += r.cpu;
      memory += r.memory;
      count += 1n;
    }
    const fits =
      cpu <= parseQuantity(alloc.cpu ?? "0").milliValue() &&
      memory <= parseQuantity(alloc.memory ?? "0").value() &&
      count <= parseQuantity(alloc.pods ?? "0").value();
    if (fits) return node.metadata.name;
  }
  return null;
}

// Decision by decision, pod by pod in queue order: the candidate's node must be one of the nodes the
// reference scores highest (null when none fits). The seed makes the run reproducible.
const report = checkScheduler(firstFit, { numRuns: 200, seed: 42 });
console.log(report.message);

if (!report.ok) {
  // The minimized scenario is plain JSON (nodes, pods, namespaces, options): keep it as a regression test.
  console.log(`\nThe counterexample has ${report.counterexample.cluster.nodes.length} node(s); report.counterexample holds it as JSON.`);
}

// Switch off what the toy does not claim to support, and the comparison comes down to placement quality:
// kube-scheduler spreads by score (LeastAllocated, BalancedAllocation, ImageLocality, ...), first fit does not.
const focused = checkScheduler(firstFit, {
  numRuns: 200,
  seed: 42,
  scenario: {
    taints: false,
    unschedulableNodes: false,
    nodeSelector: false,
    nodeAffinity: false,
    interPodAffinity: false,
    topologySpread: false,
    hostPorts: false,
    extendedResources: false,
    hugepages: false,
    ephemeralStorage: false,
    overhead: false,
    podLevelResources: false,
    initContainers: false,
    sidecars: false,
  },
});
console.log(`\n${focused.message}`);
