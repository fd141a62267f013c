// Layered oversubscription (docs/cgroup-overcommit.md §6): Nova overcommits pCPUs with vCPUs, the kube-scheduler admits pods
// by requests inside each VM, and limits overcommit the VM again. The ratios say what each control plane
// promised; the hierarchical water-fill (hierarchy.ts, cfs-tree.ts) says what each pod actually gets.
import { SchedkitError } from "../errors.js";
import { placementCapacity } from "../openstack/index.js";
import { allocateCfsTree, type CfsShare } from "./cfs-tree.js";
import { hostCfsTree } from "./hierarchy.js";
import { checkLayeredInventory } from "./validate.js";
import { layeredFindings, layeredVerdict } from "./report.js";
import type {
  LayeredHost,
  LayeredHostReport,
  LayeredInventory,
  LayeredNodeReport,
  LayeredPodReport,
  LayeredReport,
  LayeredVmReport,
} from "./types.js";

/** Aggregate inputs of the two-layer ratio model. */
export interface LayeredOversubscriptionInput {
  readonly pcpus: number;
  /** Σ vCPUs of the VMs on the host(s). */
  readonly vmVcpusTotal: number;
  readonly k8sAllocatableMilli: number;
  readonly k8sLimitsMilli: number;
  readonly k8sRequestsMilli: number;
}

/** The two layers' ratios and their products. */
export interface LayeredOversubscription {
  /** ρ_vm = vCPUs / pCPUs. */
  readonly vcpuToPcpuRatio: number;
  /** ρ_k8s,lim = Σ limits / allocatable. */
  readonly k8sLimitsOverAllocatable: number;
  /** ρ_k8s,req = Σ requests / allocatable. */
  readonly k8sRequestsOverAllocatable: number;
  /** ρ_vm × ρ_k8s,lim. */
  readonly worstCaseDemandPerPcpu: number;
  /** ρ_vm × ρ_k8s,req. */
  readonly committedRequestsPerPcpu: number;
}

function positive(path: string, v: unknown): number {
  if (typeof v !== "number" || !(v > 0) || v === Infinity) throw new SchedkitError(path, v, "is not a finite number > 0");
  return v;
}

function nonNegative(path: string, v: unknown): number {
  if (typeof v !== "number" || !(v >= 0) || v === Infinity) throw new SchedkitError(path, v, "is not a finite number >= 0");
  return v;
}

/** Worst-case and committed CPU demand per physical CPU for a host layer and a guest layer (docs/cgroup-overcommit.md §6). */
export function layeredOversubscription(input: LayeredOversubscriptionInput): LayeredOversubscription {
  const pcpus = positive("pcpus", input.pcpus);
  const alloc = positive("k8sAllocatableMilli", input.k8sAllocatableMilli);
  const rhoVm = nonNegative("vmVcpusTotal", input.vmVcpusTotal) / pcpus;
  const rhoLim = nonNegative("k8sLimitsMilli", input.k8sLimitsMilli) / alloc;
  const rhoReq = nonNegative("k8sRequestsMilli", input.k8sRequestsMilli) / alloc;
  return {
    vcpuToPcpuRatio: rhoVm,
    k8sLimitsOverAllocatable: rhoLim,
    k8sRequestsOverAllocatable: rhoReq,
    worstCaseDemandPerPcpu: rhoVm * rhoLim,
    committedRequestsPerPcpu: rhoVm * rhoReq,
  };
}

function descend(share: CfsShare, path: readonly number[]): CfsShare {
  let s = share;
  for (const i of path) s = s.children[i]!;
  return s;
}

/**
 * The layered report: per host ρ_vm, Placement capacity and contention; per VM its CPU share and steal;
 * per node ρ by requests and by limits; per pod requested, limit, obtainable CPU and shortfall; and the
 * findings where the control planes' view (Nova: VM ACTIVE with its vCPUs; kube-scheduler: requests fit)
 * diverges from what CFS delivers under the given demands.
 */
export function layeredReport(inventory: LayeredInventory): LayeredReport {
  checkLayeredInventory(inventory);
  const hosts: LayeredHostReport[] = inventory.hosts.map((host: LayeredHost, h: number) => {
    const path = `hosts[${h}]`;
    if (!Number.isInteger(host.pcpus) || host.pcpus < 1) throw new SchedkitError(`${path}.pcpus`, host.pcpus, "is not an integer >= 1");
    const tree = hostCfsTree(host, inventory.guest, path);
    const shares = allocateCfsTree(host.pcpus, tree.groups);
    let vcpusPlaced = 0;
    for (const vm of host.vms) vcpusPlaced += vm.vcpus;
    const rhoVm = vcpusPlaced / host.pcpus;
    const capacity = placementCapacity({
      total: host.pcpus,
      reserved: host.reservedHostCpus ?? 0,
      allocationRatio: host.cpuAllocationRatio ?? 4.0,
    }).capacityFloat;

    let demandCpus = 0;
    let allocated = 0;
    const vms: LayeredVmReport[] = host.vms.map((vm, v) => {
      const share = shares[v]!;
      const info = tree.vms[v]!;
      let guestUse = 0;
      if (info.guest === null) guestUse = vm.demandCpus!;
      else for (const child of share.children) guestUse += child.capCpus;
      const vcpuDemand = guestUse < vm.vcpus ? guestUse : vm.vcpus;
      const steal = vcpuDemand - share.cpus;
      demandCpus += vcpuDemand;
      allocated += share.cpus;
      let node: LayeredNodeReport | null = null;
      if (info.guest !== null) {
        const guest = info.guest;
        const nodePath = `${path}.vms[${v}].node.allocatableMilli`;
        if (guest.allocatableMilli < 1) throw new SchedkitError(nodePath, guest.allocatableMilli, "is 0: the node's ratios are undefined");
        let requests = 0;
        let limits = 0;
        const pods: LayeredPodReport[] = guest.pods.map((p) => {
          const obtainable = descend(share, p.path).cpus * 1000;
          requests += p.requestMilli;
          limits += p.limitMilli ?? vm.vcpus * 1000;
          const promised = p.requestMilli < p.demandMilli ? p.requestMilli : p.demandMilli;
          return {
            name: p.name,
            namespace: p.namespace,
            qosClass: p.qosClass,
            requestMilli: p.requestMilli,
            limitMilli: p.limitMilli,
            demandMilli: p.demandMilli,
            obtainableMilli: obtainable,
            shortfallMilli: promised > obtainable ? promised - obtainable : 0,
            unmetDemandMilli: p.demandMilli > obtainable ? p.demandMilli - obtainable : 0,
          };
        });
        const rhoRequests = requests / guest.allocatableMilli;
        const rhoLimits = limits / guest.allocatableMilli;
        node = {
          name: vm.node!.name ?? vm.name,
          allocatableMilli: guest.allocatableMilli,
          requestsMilli: requests,
          effectiveLimitsMilli: limits,
          rhoRequests,
          rhoLimits,
          worstCaseDemandPerPcpu: rhoVm * rhoLimits,
          committedRequestsPerPcpu: rhoVm * rhoRequests,
          pods,
        };
      }
      return {
        name: vm.name,
        vcpus: vm.vcpus,
        kernelWeight: info.kernelWeight,
        capCpus: info.capCpus,
        vcpuDemandCpus: vcpuDemand,
        allocCpus: share.cpus,
        stealCpus: steal,
        stealFraction: vcpuDemand > 0 ? steal / vcpuDemand : 0,
        node,
      };
    });
    const idle = host.pcpus - allocated;
    return {
      name: host.name,
      pcpus: host.pcpus,
      vcpusPlaced,
      rhoVm,
      placementCapacity: capacity,
      withinPlacementCapacity: vcpusPlaced <= capacity,
      demandCpus,
      contention: demandCpus / host.pcpus,
      // Σ allocations can exceed the capacity by a few ulps (water-fill.ts); that is not negative idle time.
      idleCpus: idle > 0 ? idle : 0,
      vms,
    };
  });
  const findings = layeredFindings(hosts, inventory.verdict ?? {});
  return { hosts, findings, verdict: layeredVerdict(hosts, findings) };
}
