// The cgroup tree CFS arbitrates on a compute host running Kubernetes nodes as VMs (docs/cgroup-overcommit.md §6, §2.5):
//   host pCPUs → VM (libvirt weight, cap = vCPUs or per-vCPU quota × vCPUs)
//     → guest root: kubepods (kubelet weight of allocatable) beside system.slice (default weight)
//       → Guaranteed pods directly under kubepods; kubepods-burstable (Σ Burstable requests); kubepods-besteffort (2 shares)
//         → pod (kubelet linear weight of its request, quota when limited) → containers (runtime weight, quota).
// Weights are given to the water-fill in kernel units: cgroup v2 cpu.weight w becomes the task-group
// weight DIV_ROUND_CLOSEST(w × 1024, 100) (docs/cgroup-overcommit.md §2.1); cgroup v1 cpu.shares are used as they are.
import { SchedkitError } from "../errors.js";
import {
  milliCPUToQuota,
  milliCPUToShares,
  qosLevelCgroups,
  QUOTA_PERIOD,
  sharesToWeight,
  weightToKernelShares,
  type PodQOSClass,
} from "../cgroup/index.js";
import { parseFlavorCpuTune, vmCpuCap, vmCpuWeight } from "../openstack/index.js";
import type { CfsGroup } from "./cfs-tree.js";
import { GuestPodRow } from "./guest-pod.js";
import type { GuestCgroupOptions, LayeredHost, LayeredNode } from "./types.js";

/** A pod's place in its guest tree and what the kubelet made of it. */
export interface GuestPodInfo {
  readonly name: string;
  readonly namespace: string;
  readonly qosClass: PodQOSClass;
  readonly requestMilli: number;
  /** PodLimits cpu; null when the kubelet sets no pod quota (a container without a CPU limit). */
  readonly limitMilli: number | null;
  readonly demandMilli: number;
  /** Child indices from the guest root (kubepods = 0) down to the pod group. */
  readonly path: readonly number[];
}

/** The guest's cgroup forest (children of the guest root) and where each pod sits in it. */
export interface GuestTree {
  readonly groups: readonly CfsGroup[];
  readonly pods: readonly GuestPodInfo[];
  readonly allocatableMilli: number;
}

/** A VM's group on the host and its guest. */
export interface HostVmInfo {
  readonly kernelWeight: number;
  readonly capCpus: number;
  /** null for an opaque VM (plain demand). */
  readonly guest: GuestTree | null;
}

/** The host's VM groups (children of the host's machine slice) and per-VM details, in input order. */
export interface HostTree {
  readonly groups: readonly CfsGroup[];
  readonly vms: readonly HostVmInfo[];
}

// cgroup v1 default cpu.shares and cgroup v2 default cpu.weight of a systemd slice.
const V1_DEFAULT_SHARES = 1024;
const V2_DEFAULT_WEIGHT = 100;

function demand(path: string, v: unknown): number {
  if (typeof v !== "number" || !(v >= 0) || v === Infinity) throw new SchedkitError(path, v, "is not a finite number >= 0");
  return v;
}

/** Kernel task-group weight of a cgroup whose v1 shares are `shares` (v2: the kubelet/runtime weight of them). */
function kernelWeight(version: 1 | 2, shares: number, v2Weight: number): number {
  return version === 1 ? shares : weightToKernelShares(v2Weight);
}

/**
 * The guest cgroup forest of a Kubernetes node in a VM with `vcpus`: kubepods and system.slice, with
 * the kubelet's weights (pod, QoS and kubepods cgroups: kubelet linear; containers: the runtime formula).
 */
export function guestCfsTree(node: LayeredNode, vcpus: number, options: GuestCgroupOptions = {}, path = "node"): GuestTree {
  const version = options.cgroupVersion ?? 2;
  if (version !== 1 && version !== 2) throw new SchedkitError("guest.cgroupVersion", version, "is not 1 or 2");
  const formula = options.containerWeightFormula ?? "runc-quadratic";
  const enforce = options.enforceCPULimits ?? true;
  const allocatable = node.allocatableMilli ?? vcpus * 1000;
  if (!Number.isInteger(allocatable) || allocatable < 0) throw new SchedkitError(`${path}.allocatableMilli`, allocatable, "is not an integer >= 0");

  const guaranteed: CfsGroup[] = [];
  const burstable: CfsGroup[] = [];
  const besteffort: CfsGroup[] = [];
  const burstableRequests: number[] = [];
  const slot: { qos: PodQOSClass; index: number }[] = [];
  const infos: Omit<GuestPodInfo, "path">[] = [];

  if (!Array.isArray(node.pods)) throw new SchedkitError(`${path}.pods`, node.pods, "is not an array");
  const row = new GuestPodRow();
  node.pods.forEach((obj, p) => {
    row.read(obj, () => `${path}.pods[${p}]`, enforce);
    const containers: CfsGroup[] = new Array(row.containers);
    for (let i = 0; i < row.containers; i++) {
      const req = row.containerRequest[i]!;
      const lim = row.containerLimit[i]!;
      // kuberuntime: container shares come from the request, or from the limit when only a limit is set.
      const shares = milliCPUToShares(req === 0 && lim > 0 ? lim : req);
      const weight = version === 1 ? shares : weightToKernelShares(sharesToWeight(shares, formula));
      const group: { -readonly [K in keyof CfsGroup]: CfsGroup[K] } = { name: row.containerName[i]!, weight, demandCpus: row.containerDemand[i]! / 1000 };
      if (enforce && lim > 0) group.maxCpus = milliCPUToQuota(lim) / QUOTA_PERIOD;
      const threads = row.containerThreads[i]!;
      if (threads !== Infinity) group.threads = threads;
      containers[i] = group;
    }
    const podGroup: CfsGroup = {
      name: `pod ${row.namespace}/${row.name}`,
      weight: kernelWeight(version, row.cpuShares, row.cpuWeight),
      // The pod quota exists only when the kubelet set one (GuestPodRow.maxCpus).
      ...(row.maxCpus !== Infinity ? { maxCpus: row.maxCpus } : {}),
      children: containers,
    };
    const qos = row.qos;
    const bucket = qos === "Guaranteed" ? guaranteed : qos === "Burstable" ? burstable : besteffort;
    slot.push({ qos, index: bucket.length });
    bucket.push(podGroup);
    // qos_container_manager_linux.go setCPUCgroupConfig: the burstable cgroup is sized by the pods' PodRequests.
    if (qos === "Burstable") burstableRequests.push(row.requestCpu);
    infos.push({ name: row.name, namespace: row.namespace, qosClass: qos, requestMilli: row.requestCpu, limitMilli: row.limitMilli, demandMilli: row.demandMilli });
  });

  const levels = qosLevelCgroups({ kubepodsMilliCPU: allocatable, burstablePodCPURequests: burstableRequests });
  const kubepods: CfsGroup = {
    name: "kubepods",
    weight: kernelWeight(version, levels.kubepods.cpuShares, levels.kubepods.cpuWeight),
    children: [
      ...guaranteed,
      { name: "kubepods-burstable", weight: kernelWeight(version, levels.burstable.cpuShares, levels.burstable.cpuWeight), children: burstable },
      { name: "kubepods-besteffort", weight: kernelWeight(version, levels.besteffort.cpuShares, levels.besteffort.cpuWeight), children: besteffort },
    ],
  };
  const system: CfsGroup = {
    name: "system.slice",
    weight: version === 1 ? V1_DEFAULT_SHARES : weightToKernelShares(V2_DEFAULT_WEIGHT),
    demandCpus: demand(`${path}.systemDemandMilli`, node.systemDemandMilli ?? 0) / 1000,
  };
  const g = guaranteed.length;
  const pods: GuestPodInfo[] = infos.map((info, i) => {
    const { qos, index } = slot[i]!;
    const path = qos === "Guaranteed" ? [0, index] : qos === "Burstable" ? [0, g, index] : [0, g + 1, index];
    return { ...info, path };
  });
  return { groups: [kubepods, system], pods, allocatableMilli: allocatable };
}

/**
 * The host's VM groups: each VM weighted as libvirt configures it (Nova ≥ Zed: kernel default, or
 * quota:cpu_shares), capped at its vCPUs (or per-vCPU quota × vCPUs), with its guest tree below.
 */
export function hostCfsTree(host: LayeredHost, guest: GuestCgroupOptions = {}, path = "host"): HostTree {
  const version = host.cgroupVersion ?? 2;
  const groups: CfsGroup[] = [];
  const vms: HostVmInfo[] = [];
  host.vms.forEach((vm, v) => {
    const vmPath = `${path}.vms[${v}]`;
    const tune = parseFlavorCpuTune(vm.extraSpecs ?? {});
    const weight = vmCpuWeight(vm.vcpus, tune, version, host.novaCpuSharesDefault ?? "none");
    const cap = vmCpuCap(vm.vcpus, tune);
    if ((vm.node === undefined) === (vm.demandCpus === undefined)) {
      throw new SchedkitError(vmPath, vm.name, "needs exactly one of node and demandCpus");
    }
    const base = { name: vm.name, weight: weight.kernelShares, maxCpus: cap, threads: vm.vcpus };
    if (vm.node !== undefined) {
      const tree = guestCfsTree(vm.node, vm.vcpus, guest, `${vmPath}.node`);
      groups.push({ ...base, children: tree.groups });
      vms.push({ kernelWeight: weight.kernelShares, capCpus: cap, guest: tree });
    } else {
      groups.push({ ...base, demandCpus: demand(`${vmPath}.demandCpus`, vm.demandCpus) });
      vms.push({ kernelWeight: weight.kernelShares, capCpus: cap, guest: null });
    }
  });
  return { groups, vms };
}
