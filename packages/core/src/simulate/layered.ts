// The layered (OpenStack × Kubernetes) CPU view of each hypervisor over time: the commitment (core's
// layeredOversubscription over the nodes each host carries) and the effective contention (core's layeredReport:
// the host → VM → node → pod CFS water-fill) with the pods bound at that moment, each wanting its limit or its
// request.
import { podCpuLimit } from "../cgroup/pod-spec.js";
import { SchedkitError } from "../errors.js";
import type { NodeInfo, PodInfo } from "../framework/types.js";
import type { Pod } from "../model/types.js";
import { layeredPodOf } from "../overcommit/from-sources.js";
import { layeredOversubscription, layeredReport } from "../overcommit/layered.js";
import type { LayeredHost, LayeredInventory, LayeredPod, LayeredVm } from "../overcommit/types.js";
import { checkLayeredInventory } from "../overcommit/validate.js";
import type { HostCommitment, SimHypervisor } from "./types.js";

function positiveInt(v: unknown, path: string): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1 || v > 1_000_000) throw new SchedkitError(path, v, "is not an integer 1..1000000");
  return v;
}

/**
 * The hosts, as a layered inventory whose Kubernetes VMs name cluster nodes (their pods are the simulation's).
 * `hosts` is simulate's short form (`[{ name, pcpus, vms: [{ vcpus, node }] }]`) or a LayeredInventory
 * (`{ hosts, guest?, verdict? }`, what `overcommit` reads; `overcommitFromSources(…).inventory` maps OpenStack's
 * JSON onto the cluster's nodes), whose VMs' `node.name` (else the VM's name) names a node and whose listed pods
 * are ignored. Every VM node must be a node of the cluster, at most once.
 */
export function checkHypervisors(hosts: unknown, nodeNames: ReadonlySet<string>): LayeredInventory {
  let inventory: LayeredInventory;
  if (typeof hosts === "object" && hosts !== null && !Array.isArray(hosts) && "hosts" in hosts) {
    const inv = hosts as LayeredInventory;
    checkLayeredInventory(inv);
    inventory = {
      ...inv,
      hosts: inv.hosts.map((h) => ({ ...h, vms: h.vms.map((vm) => (vm.node === undefined ? vm : { ...vm, node: { ...vm.node, name: vm.node.name ?? vm.name, pods: [] } })) })),
    };
  } else {
    if (!Array.isArray(hosts)) throw new SchedkitError("hypervisors", hosts, "is not an array of hosts or a layered inventory ({ hosts })");
    inventory = {
      hosts: hosts.map((h: SimHypervisor, i: number): LayeredHost => {
        const p = `hypervisors[${i}]`;
        if (typeof h !== "object" || h === null) throw new SchedkitError(p, h, "is not a host");
        if (typeof h.name !== "string" || h.name === "") throw new SchedkitError(`${p}.name`, h.name, "is not a host name");
        positiveInt(h.pcpus, `${p}.pcpus`);
        if (!Array.isArray(h.vms)) throw new SchedkitError(`${p}.vms`, h.vms, "is not an array of VMs");
        const vms = h.vms.map((vm, j): LayeredVm => {
          positiveInt(vm.vcpus, `${p}.vms[${j}].vcpus`);
          if (typeof vm.node !== "string") throw new SchedkitError(`${p}.vms[${j}].node`, vm.node, "is not a node name");
          return { name: vm.node, vcpus: vm.vcpus, node: { name: vm.node, pods: [] } };
        });
        return { name: h.name, pcpus: h.pcpus, vms };
      }),
    };
  }
  const seen = new Set<string>();
  inventory.hosts.forEach((h, i) => {
    h.vms.forEach((vm, j) => {
      if (vm.node === undefined) return;
      const node = vm.node.name!;
      const p = Array.isArray(hosts) ? `hypervisors[${i}].vms[${j}].node` : `hosts[${i}].vms[${j}].node.name`;
      if (!nodeNames.has(node)) throw new SchedkitError(p, node, "is not a node of the cluster");
      if (seen.has(node)) throw new SchedkitError(p, node, "is the node of another VM");
      seen.add(node);
    });
  });
  return inventory;
}

/** What each pod is taken to want over time: its CPU limit (the VM's vCPUs without one), or its request. */
export type ContentionDemand = "limits" | "requests";

const limits = new WeakMap<Pod, number | null>();

/**
 * The pod's CPU limit as its cgroup gets it (cgroup/pod-spec.ts podCpuLimit: PodLimits, pod-level limit first,
 * init containers and overhead included), or null when the kubelet sets no pod quota (the pod may use its whole
 * node) — the rule fragmentation() reads. Cached per pod: a pod's spec does not change during a simulation.
 */
function cpuLimitMilli(p: PodInfo): number | null {
  let v = limits.get(p.pod);
  if (v === undefined) {
    v = podCpuLimit(p.pod, `pods[${JSON.stringify(`${p.pod.namespace}/${p.pod.name}`)}]`);
    limits.set(p.pod, v);
  }
  return v;
}

/**
 * Each host's layered view over time. The water-fill of a host is computed again only in ticks where a pod
 * was bound to or removed from one of its nodes (`touch`), or nodes came and went.
 */
export class HostContention {
  private readonly hostOf = new Map<string, number>();
  private readonly dirty: boolean[];
  private readonly last: (HostCommitment | null)[];
  private readonly pods = new WeakMap<Pod, LayeredPod>();

  constructor(
    private readonly inventory: LayeredInventory,
    private readonly demand: ContentionDemand,
  ) {
    inventory.hosts.forEach((h, i) => {
      for (const vm of h.vms) if (vm.node !== undefined) this.hostOf.set(vm.node.name!, i);
    });
    this.dirty = inventory.hosts.map(() => true);
    this.last = inventory.hosts.map(() => null);
  }

  /** A pod was bound to or removed from `node`. */
  touch(node: string): void {
    const h = this.hostOf.get(node);
    if (h !== undefined) this.dirty[h] = true;
  }

  /** Nodes were added or removed. */
  touchAll(): void {
    this.dirty.fill(true);
  }

  private layeredPod(p: PodInfo, vcpus: number): LayeredPod {
    let lp = this.pods.get(p.pod);
    if (lp === undefined) {
      const pod = p.pod;
      const missing: string[] = [];
      lp = layeredPodOf(pod, undefined, `pods[${JSON.stringify(`${pod.namespace}/${pod.name}`)}]`, this.demand, vcpus, null, missing);
      this.pods.set(p.pod, lp);
    }
    return lp;
  }

  /** Each host's commitment and contention now; hosts whose nodes are all gone (or without allocatable CPU) are left out. */
  now(node: (name: string) => NodeInfo | undefined): HostCommitment[] {
    const out: HostCommitment[] = [];
    this.inventory.hosts.forEach((h, i) => {
      if (this.dirty[i]) {
        this.last[i] = this.compute(h, node);
        this.dirty[i] = false;
      }
      const c = this.last[i] ?? null;
      if (c !== null) out.push(c);
    });
    return out;
  }

  private compute(h: LayeredHost, node: (name: string) => NodeInfo | undefined): HostCommitment | null {
    let vcpus = 0;
    let alloc = 0;
    let req = 0;
    let lim = 0;
    const vms: LayeredVm[] = [];
    for (const vm of h.vms) {
      vcpus += vm.vcpus;
      if (vm.node === undefined) {
        vms.push(vm);
        continue;
      }
      const ni = node(vm.node.name!);
      if (ni === undefined) continue;
      alloc += ni.allocatable.milliCPU;
      req += ni.requested.milliCPU;
      for (const p of ni.pods) lim += cpuLimitMilli(p) ?? ni.allocatable.milliCPU;
      const pods: LayeredPod[] = [];
      for (const p of ni.pods) if (p.pod.containers.length > 0) pods.push(this.layeredPod(p, vm.vcpus));
      vms.push({ ...vm, node: { ...vm.node, allocatableMilli: ni.allocatable.milliCPU, pods } });
    }
    if (alloc === 0) return null;
    const o = layeredOversubscription({ pcpus: h.pcpus, vmVcpusTotal: vcpus, k8sAllocatableMilli: alloc, k8sRequestsMilli: req, k8sLimitsMilli: lim });
    const r = layeredReport({ hosts: [{ ...h, vms }], ...(this.inventory.guest === undefined ? {} : { guest: this.inventory.guest }), ...(this.inventory.verdict === undefined ? {} : { verdict: this.inventory.verdict }) });
    let starved = 0;
    let short = 0;
    for (const f of r.findings) {
      if (f.kind === "vm-starved") starved++;
      else if (f.kind === "pod-shortfall") short++;
    }
    return {
      host: h.name,
      committedRequestsPerPcpu: o.committedRequestsPerPcpu,
      worstCaseDemandPerPcpu: o.worstCaseDemandPerPcpu,
      contention: r.hosts[0]!.contention,
      starvedVms: starved,
      podsShortOfRequests: short,
    };
  }
}
