// The layered overcommit incident: a 32-pCPU compute host packed to Nova's initial 4:1 VCPU ratio
// (16 VMs × 8 vCPUs), each VM a Kubernetes node whose pods are admitted by requests (1.0 of allocatable)
// but limited at 2.5 × allocatable. Then 10 of the 16 nodes spike to their limits. Nova still shows
// 16 ACTIVE VMs, the kube-scheduler still counts every request as placed; this prints what CFS delivers.
//
//   pnpm --filter @schedkit/core run build && node examples/layered-incident.mjs
import { pathToFileURL } from "node:url";
import { formatLayeredReport, layeredReport } from "@schedkit/core/overcommit";

/** A v1.Pod (as `kubectl get pod -o json` prints it) plus the CPU its container would use, in millicores. */
function pod(name, requests, limits, demand) {
  return {
    metadata: { name },
    spec: { containers: [{ name: "app", resources: { requests, limits } }] },
    demandMilli: { app: demand },
  };
}

/** One node's pods: a Guaranteed 1300m pod and five Burstable 1300m/3640m pods (Σ 7800m requests, 19500m limits). */
function pods(vm, spike) {
  const out = [pod(`${vm}-db`, { cpu: "1300m", memory: "4Gi" }, { cpu: "1300m", memory: "4Gi" }, spike ? 1300 : 150)];
  for (let i = 0; i < 5; i++) out.push(pod(`${vm}-web-${i}`, { cpu: "1300m", memory: "1Gi" }, { cpu: "3640m", memory: "2Gi" }, spike ? 3640 : 150));
  return out;
}

/** The incident's inventory: one host, 16 VMs, the first 10 spiking. */
export function incidentInventory() {
  const vms = [];
  for (let v = 0; v < 16; v++) {
    const name = `k8s-node-${String(v + 1).padStart(2, "0")}`;
    vms.push({ name, vcpus: 8, node: { name, allocatableMilli: 7800, pods: pods(name, v < 10) } });
  }
  return { hosts: [{ name: "compute-07", pcpus: 32, cpuAllocationRatio: 4.0, vms }] };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(formatLayeredReport(layeredReport(incidentInventory())));
}
