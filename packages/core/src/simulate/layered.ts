// The layered (OpenStack × Kubernetes) CPU commitment of each hypervisor over time: core's
// layeredOversubscription over the nodes (VMs) each host carries, with the requests and limits bound to them.
import { SchedkitError } from "../errors.js";
import type { NodeInfo, PodInfo } from "../framework/types.js";
import type { Pod } from "../model/types.js";
import { layeredOversubscription } from "../overcommit/layered.js";
import type { HostCommitment, SimHypervisor } from "./types.js";

function positiveInt(v: unknown, path: string): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1 || v > 1_000_000) throw new SchedkitError(path, v, "is not an integer 1..1000000");
  return v;
}

/** Validates the hypervisor map against the cluster's nodes: every VM names a node, each node at most once. */
export function checkHypervisors(hosts: unknown, nodeNames: ReadonlySet<string>): readonly SimHypervisor[] {
  if (!Array.isArray(hosts)) throw new SchedkitError("hypervisors", hosts, "is not an array of hosts");
  const seen = new Set<string>();
  hosts.forEach((h: SimHypervisor, i: number) => {
    const p = `hypervisors[${i}]`;
    if (typeof h !== "object" || h === null) throw new SchedkitError(p, h, "is not a host");
    if (typeof h.name !== "string" || h.name === "") throw new SchedkitError(`${p}.name`, h.name, "is not a host name");
    positiveInt(h.pcpus, `${p}.pcpus`);
    if (!Array.isArray(h.vms)) throw new SchedkitError(`${p}.vms`, h.vms, "is not an array of VMs");
    h.vms.forEach((vm, j) => {
      positiveInt(vm.vcpus, `${p}.vms[${j}].vcpus`);
      if (!nodeNames.has(vm.node)) throw new SchedkitError(`${p}.vms[${j}].node`, vm.node, "is not a node of the cluster");
      if (seen.has(vm.node)) throw new SchedkitError(`${p}.vms[${j}].node`, vm.node, "is the node of another VM");
      seen.add(vm.node);
    });
  });
  return hosts;
}

const limits = new WeakMap<Pod, number | null>();

/** Σ of the app containers' CPU limits in millicores, or null when one has none (the pod may use its whole node). */
function cpuLimitMilli(p: PodInfo): number | null {
  let v = limits.get(p.pod);
  if (v === undefined) {
    v = 0;
    for (const c of p.pod.containers) {
      const q = c.limits.get("cpu");
      if (q === undefined) {
        v = null;
        break;
      }
      v += Number(q.milliValue());
    }
    limits.set(p.pod, v);
  }
  return v;
}

/** Each host's commitment now; hosts whose nodes are all gone (or without allocatable CPU) are left out. */
export function hostCommitments(hosts: readonly SimHypervisor[], node: (name: string) => NodeInfo | undefined): HostCommitment[] {
  const out: HostCommitment[] = [];
  for (const h of hosts) {
    let vcpus = 0;
    let alloc = 0;
    let req = 0;
    let lim = 0;
    for (const vm of h.vms) {
      vcpus += vm.vcpus;
      const ni = node(vm.node);
      if (ni === undefined) continue;
      alloc += ni.allocatable.milliCPU;
      req += ni.requested.milliCPU;
      for (const p of ni.pods) lim += cpuLimitMilli(p) ?? ni.allocatable.milliCPU;
    }
    if (alloc === 0) continue;
    const o = layeredOversubscription({ pcpus: h.pcpus, vmVcpusTotal: vcpus, k8sAllocatableMilli: alloc, k8sRequestsMilli: req, k8sLimitsMilli: lim });
    out.push({ host: h.name, committedRequestsPerPcpu: o.committedRequestsPerPcpu, worstCaseDemandPerPcpu: o.worstCaseDemandPerPcpu });
  }
  return out;
}
