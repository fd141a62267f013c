// The layered report with its fleet-wide hot loops in WebAssembly. The host flattens the inventory into
// columns (checking every value as the reference does and asking core for the per-VM Nova/libvirt figures and
// each host's Placement capacity), one kernel call builds every guest's cgroup tree and water-fills the whole
// fleet level by level, and the host turns the columns back into core's report objects; findings and verdict
// are core's own code. Input the fast path does not accept — anything the reference would reject, or a
// total outside the exact domain — is handed to core's layeredReport, so errors are the reference's own.
import { MAX_MILLI_CPU, type PodQOSClass } from "@schedkit/core/cgroup";
import { parseFlavorCpuTune, placementCapacity, vmCpuCap, vmCpuWeight } from "@schedkit/core/openstack";
import {
  layeredReport as tsLayeredReport,
  WATER_FILL_MAX_CAPACITY,
  type CfsShare,
  type LayeredHost,
  type LayeredHostReport,
  type LayeredInventory,
  type LayeredNodeReport,
  type LayeredPodReport,
  type LayeredReport,
  type LayeredVmReport,
} from "@schedkit/core/overcommit";
import { checkLayeredInventory, guestPod, layeredFindings, layeredVerdict, type GuestPod } from "@schedkit/core/engine";
import type { CpuKernel } from "./kernel.js";
import * as L from "../../assembly-cpu/abi.js";
import { formulaCode } from "./cgroup.js";

const QOS: readonly PodQOSClass[] = ["Guaranteed", "Burstable", "BestEffort"];

/** Where a run's regions live (f64 / i32 element indices) and its sizes. */
interface Run {
  readonly hosts: readonly LayeredHost[];
  readonly H: number;
  readonly V: number;
  readonly P: number;
  readonly C: number;
  readonly hostVm: number;
  readonly vmPod: number;
  readonly podCtr: number;
  readonly hostCols: number;
  readonly vmCols: number;
  readonly podCols: number;
  readonly ctrCols: number;
  readonly capacities: Float64Array;
  /** Every node's pods in fleet order: names and namespaces (container names only for wasmLayeredShares). */
  readonly pods: GuestColumns;
}

/**
 * What the host keeps of each pod core derives (guestPod) between parsing and the kernel call: the kernel's
 * pod and container columns as plain arrays of numbers, and the names the report prints. The GuestPod objects
 * themselves die young, so a fleet of v1.Pods costs no per-pod object graph beyond its own input.
 */
interface GuestColumns {
  readonly names: string[];
  readonly namespaces: string[];
  readonly qos: number[];
  readonly request: number[];
  readonly limit: number[];
  readonly limited: number[];
  readonly shares: number[];
  readonly max: number[];
  /** Containers per pod. */
  readonly count: number[];
  readonly ctrRequest: number[];
  readonly ctrLimit: number[];
  readonly ctrDemand: number[];
  readonly ctrThreads: number[];
  readonly ctrNames: string[];
}

function guestColumns(): GuestColumns {
  return { names: [], namespaces: [], qos: [], request: [], limit: [], limited: [], shares: [], max: [], count: [], ctrRequest: [], ctrLimit: [], ctrDemand: [], ctrThreads: [], ctrNames: [] };
}

function addGuest(cols: GuestColumns, g: GuestPod, containerNames: boolean): void {
  const config = g.config;
  cols.names.push(g.pod.name);
  cols.namespaces.push(g.pod.namespace);
  cols.qos.push(QOS.indexOf(config.qos));
  cols.request.push(g.pod.requestCpu);
  cols.limit.push(g.pod.limitCpu);
  cols.limited.push(g.limitMilli === null ? 0 : 1);
  cols.shares.push(config.cpuShares);
  // hierarchy.ts: the pod quota exists only when the kubelet set one; −1 means unlimited.
  cols.max.push(config.cpuQuota !== undefined && config.cpuQuota > 0 ? config.cpuQuota / config.cpuPeriod! : Infinity);
  const cs = g.containers;
  cols.count.push(cs.length);
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i]!;
    cols.ctrRequest.push(c.requestMilli);
    cols.ctrLimit.push(c.limitMilli);
    cols.ctrDemand.push(c.demandMilli);
    cols.ctrThreads.push(c.threads);
    if (containerNames) cols.ctrNames.push(c.name);
  }
}

/** Counters of how layeredReport calls were served (tests check the fast path is the one taken). */
export interface LayeredStats {
  fast: number;
  reference: number;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;
const intIn = (v: unknown, min: number, max: number): v is number => typeof v === "number" && Number.isInteger(v) && v >= min && v <= max;
const demandOk = (v: unknown): v is number => typeof v === "number" && v >= 0 && v !== Infinity;

/** Lays the inventory out in the kernel's memory and runs it; null when the fast path does not apply. */
function run(kernel: CpuKernel, inventory: LayeredInventory, containers: boolean): Run | null {
  if (!isObject(inventory) || !Array.isArray(inventory.hosts)) return null;
  const guest: unknown = inventory.guest;
  if (guest !== undefined && !isObject(guest)) return null;
  const g = (guest ?? {}) as Record<string, unknown>;
  const version = g["cgroupVersion"] ?? 2;
  if (version !== 1 && version !== 2) return null;
  let formula: number;
  try {
    formula = formulaCode("", g["containerWeightFormula"] ?? "runc-quadratic");
  } catch {
    return null;
  }
  const enforce = g["enforceCPULimits"] ?? true;
  if (typeof enforce !== "boolean") return null;

  // Shape pass: counts, the largest sibling set (VMs of a host, pods of a node + 2, containers of a pod), and
  // each pod as core derives it (any rejection hands the inventory to the reference, which raises it).
  const hosts = inventory.hosts as readonly unknown[];
  const guests = guestColumns();
  const H = hosts.length;
  let V = 0;
  let P = 0;
  let C = 0;
  let largest = 2;
  for (let h = 0; h < H; h++) {
    const host = hosts[h];
    if (!isObject(host) || !Array.isArray(host["vms"])) return null;
    const vms = host["vms"] as readonly unknown[];
    V += vms.length;
    if (vms.length > largest) largest = vms.length;
    for (let j = 0; j < vms.length; j++) {
      const vm = vms[j];
      if (!isObject(vm)) return null;
      const node = vm["node"];
      if ((node === undefined) === (vm["demandCpus"] === undefined)) return null;
      if (node === undefined) continue;
      if (!isObject(node) || !Array.isArray(node["pods"])) return null;
      const pods = node["pods"] as readonly unknown[];
      P += pods.length;
      if (pods.length + 2 > largest) largest = pods.length + 2;
      for (let q = 0; q < pods.length; q++) {
        let g: GuestPod;
        try {
          g = guestPod(pods[q], "", enforce);
        } catch {
          return null;
        }
        addGuest(guests, g, containers);
        const n = g.containers.length;
        C += n;
        if (n > largest) largest = n;
      }
    }
  }

  kernel.begin();
  const op = "layeredReport";
  const ctx = kernel.reserve(L.L_SLOTS * 4, op);
  const status = kernel.reserve(2 * 4, op);
  const hostVmPtr = kernel.reserve((H + 1) * 4, op);
  const vmPodPtr = kernel.reserve((V + 1) * 4, op);
  const podCtrPtr = kernel.reserve((P + 1) * 4, op);
  const hostColsPtr = kernel.reserve(L.H_COLS * H * 8, op);
  const vmColsPtr = kernel.reserve(L.V_COLS * V * 8, op);
  const podColsPtr = kernel.reserve(L.P_COLS * P * 8, op);
  const ctrColsPtr = kernel.reserve(L.K_COLS * C * 8, op);
  const scratch = kernel.reserve(kernel.exports.scratchBytes(largest), op);
  const f64 = kernel.f64;
  const i32 = kernel.i32;
  const x = ctx >> 2;
  i32[x + L.L_HOSTS] = H;
  i32[x + L.L_VMS] = V;
  i32[x + L.L_PODS] = P;
  i32[x + L.L_CTRS] = C;
  i32[x + L.L_VERSION] = version;
  i32[x + L.L_FORMULA] = formula;
  i32[x + L.L_ENFORCE] = enforce ? 1 : 0;
  i32[x + L.L_CONTAINERS] = containers ? 1 : 0;
  i32[x + L.L_HOST_VM] = hostVmPtr;
  i32[x + L.L_VM_POD] = vmPodPtr;
  i32[x + L.L_POD_CTR] = podCtrPtr;
  i32[x + L.L_HOST_COLS] = hostColsPtr;
  i32[x + L.L_VM_COLS] = vmColsPtr;
  i32[x + L.L_POD_COLS] = podColsPtr;
  i32[x + L.L_CTR_COLS] = ctrColsPtr;
  i32[x + L.L_SCRATCH] = scratch;
  i32[x + L.L_SCRATCH_N] = largest;
  i32[x + L.L_STATUS] = status;

  const hostVm = hostVmPtr >> 2;
  const vmPod = vmPodPtr >> 2;
  const podCtr = podCtrPtr >> 2;
  const hPcpus = (hostColsPtr >> 3) + L.H_PCPUS * H;
  const vb = vmColsPtr >> 3;
  const vOpaque = vb + L.V_OPAQUE * V;
  const vVcpus = vb + L.V_VCPUS * V;
  const vWeight = vb + L.V_WEIGHT * V;
  const vMax = vb + L.V_MAX * V;
  const vAllocatable = vb + L.V_ALLOCATABLE * V;
  const vDemand = vb + L.V_DEMAND * V;
  const kb = ctrColsPtr >> 3;
  const kReq = kb + L.K_REQUEST * C;
  const kLim = kb + L.K_LIMIT * C;
  const kDemand = kb + L.K_DEMAND * C;
  const kThreads = kb + L.K_THREADS * C;
  const pb = podColsPtr >> 3;
  const [pQos, pReq, pLim, pLimited, pShares, pMax] = [L.P_QOS, L.P_REQUEST, L.P_LIMIT, L.P_LIMITED, L.P_SHARES, L.P_MAX].map((c) => pb + c * P) as [number, number, number, number, number, number];
  const capacities = new Float64Array(H);

  // Value pass: the same checks as the reference; core computes each VM's weight and cap and each host's
  // Placement capacity. Any rejection (thrown or detected) hands the inventory to the reference.
  try {
    let v = 0;
    let p = 0;
    let k = 0;
    for (let h = 0; h < H; h++) {
      const host = hosts[h] as LayeredHost;
      i32[hostVm + h] = v;
      const pcpus = host.pcpus;
      if (!intIn(pcpus, 1, WATER_FILL_MAX_CAPACITY)) return null;
      f64[hPcpus + h] = pcpus;
      capacities[h] = placementCapacity({ total: pcpus, reserved: host.reservedHostCpus ?? 0, allocationRatio: host.cpuAllocationRatio ?? 4.0 }).capacityFloat;
      const hostVersion = host.cgroupVersion ?? 2;
      const sharesDefault = host.novaCpuSharesDefault ?? "none";
      const vms = host.vms;
      for (let j = 0; j < vms.length; j++, v++) {
        const vm = vms[j]!;
        i32[vmPod + v] = p;
        const tune = parseFlavorCpuTune(vm.extraSpecs ?? {});
        const weight = vmCpuWeight(vm.vcpus, tune, hostVersion, sharesDefault);
        f64[vVcpus + v] = vm.vcpus;
        f64[vWeight + v] = weight.kernelShares;
        f64[vMax + v] = vmCpuCap(vm.vcpus, tune);
        const node = vm.node;
        if (node === undefined) {
          if (!demandOk(vm.demandCpus)) return null;
          f64[vOpaque + v] = 1;
          f64[vDemand + v] = vm.demandCpus;
          f64[vAllocatable + v] = 0;
          continue;
        }
        const allocatable = node.allocatableMilli ?? vm.vcpus * 1000;
        if (!intIn(allocatable, 1, MAX_MILLI_CPU)) return null;
        const system = node.systemDemandMilli ?? 0;
        if (!demandOk(system)) return null;
        f64[vOpaque + v] = 0;
        f64[vAllocatable + v] = allocatable;
        f64[vDemand + v] = system;
        const pods = node.pods;
        for (let q = 0; q < pods.length; q++, p++) {
          i32[podCtr + p] = k;
          f64[pQos + p] = guests.qos[p]!;
          f64[pReq + p] = guests.request[p]!;
          f64[pLim + p] = guests.limit[p]!;
          f64[pLimited + p] = guests.limited[p]!;
          f64[pShares + p] = guests.shares[p]!;
          f64[pMax + p] = guests.max[p]!;
          const n = guests.count[p]!;
          for (let i = 0; i < n; i++, k++) {
            f64[kReq + k] = guests.ctrRequest[k]!;
            f64[kLim + k] = guests.ctrLimit[k]!;
            f64[kDemand + k] = guests.ctrDemand[k]!;
            f64[kThreads + k] = guests.ctrThreads[k]!;
          }
        }
      }
    }
    i32[hostVm + H] = v;
    i32[vmPod + V] = p;
    i32[podCtr + P] = k;
  } catch {
    return null;
  }

  if (kernel.call(op, kernel.exports.layered, ctx) !== 0) return null;
  return {
    hosts: hosts as readonly LayeredHost[],
    H,
    V,
    P,
    C,
    hostVm,
    vmPod,
    podCtr,
    hostCols: hostColsPtr >> 3,
    vmCols: vmColsPtr >> 3,
    podCols: podColsPtr >> 3,
    ctrCols: ctrColsPtr >> 3,
    capacities,
    pods: guests,
  };
}

function report(kernel: CpuKernel, r: Run, inventory: LayeredInventory): LayeredReport {
  const f64 = kernel.f64;
  const { H, V, P } = r;
  const hc = (c: number) => r.hostCols + c * H;
  const vc = (c: number) => r.vmCols + c * V;
  const pc = (c: number) => r.podCols + c * P;
  const [hVcpus, hRho, hDemand, hContention, hIdle] = [hc(L.H_VCPUS), hc(L.H_RHO), hc(L.H_DEMAND), hc(L.H_CONTENTION), hc(L.H_IDLE)];
  const [vWeight, vMax, vAllocatable, vVdemand, vAlloc, vSteal, vStealFraction] = [
    vc(L.V_WEIGHT),
    vc(L.V_MAX),
    vc(L.V_ALLOCATABLE),
    vc(L.V_VDEMAND),
    vc(L.V_ALLOC),
    vc(L.V_STEAL),
    vc(L.V_STEAL_FRACTION),
  ];
  const [vRequests, vLimits, vRhoReq, vRhoLim, vWorst, vCommitted] = [vc(L.V_REQUESTS), vc(L.V_LIMITS), vc(L.V_RHO_REQ), vc(L.V_RHO_LIM), vc(L.V_WORST), vc(L.V_COMMITTED)];
  const [pQos, pReq, pLim, pLimited, pDemand, pObt, pShort, pUnmet] = [
    pc(L.P_QOS),
    pc(L.P_REQUEST),
    pc(L.P_LIMIT),
    pc(L.P_LIMITED),
    pc(L.P_DEMAND),
    pc(L.P_OBTAINABLE),
    pc(L.P_SHORTFALL),
    pc(L.P_UNMET),
  ];
  const hosts: LayeredHostReport[] = new Array(H);
  let v = 0;
  let p = 0;
  for (let h = 0; h < H; h++) {
    const host = r.hosts[h]!;
    const vmsIn = host.vms;
    const vms: LayeredVmReport[] = new Array(vmsIn.length);
    for (let j = 0; j < vmsIn.length; j++, v++) {
      const vm = vmsIn[j]!;
      let node: LayeredNodeReport | null = null;
      if (vm.node !== undefined) {
        const podsIn = vm.node.pods;
        const pods: LayeredPodReport[] = new Array(podsIn.length);
        for (let q = 0; q < podsIn.length; q++, p++) {
          pods[q] = {
            name: r.pods.names[p]!,
            namespace: r.pods.namespaces[p]!,
            qosClass: QOS[f64[pQos + p]! | 0]!,
            requestMilli: f64[pReq + p]!,
            limitMilli: f64[pLimited + p] !== 0 ? f64[pLim + p]! : null,
            demandMilli: f64[pDemand + p]!,
            obtainableMilli: f64[pObt + p]!,
            shortfallMilli: f64[pShort + p]!,
            unmetDemandMilli: f64[pUnmet + p]!,
          };
        }
        node = {
          name: vm.node.name ?? vm.name,
          allocatableMilli: f64[vAllocatable + v]!,
          requestsMilli: f64[vRequests + v]!,
          effectiveLimitsMilli: f64[vLimits + v]!,
          rhoRequests: f64[vRhoReq + v]!,
          rhoLimits: f64[vRhoLim + v]!,
          worstCaseDemandPerPcpu: f64[vWorst + v]!,
          committedRequestsPerPcpu: f64[vCommitted + v]!,
          pods,
        };
      }
      vms[j] = {
        name: vm.name,
        vcpus: vm.vcpus,
        kernelWeight: f64[vWeight + v]!,
        capCpus: f64[vMax + v]!,
        vcpuDemandCpus: f64[vVdemand + v]!,
        allocCpus: f64[vAlloc + v]!,
        stealCpus: f64[vSteal + v]!,
        stealFraction: f64[vStealFraction + v]!,
        node,
      };
    }
    const vcpusPlaced = f64[hVcpus + h]!;
    const capacity = r.capacities[h]!;
    hosts[h] = {
      name: host.name,
      pcpus: host.pcpus,
      vcpusPlaced,
      rhoVm: f64[hRho + h]!,
      placementCapacity: capacity,
      withinPlacementCapacity: vcpusPlaced <= capacity,
      demandCpus: f64[hDemand + h]!,
      contention: f64[hContention + h]!,
      idleCpus: f64[hIdle + h]!,
      vms,
    };
  }
  const findings = layeredFindings(hosts, inventory.verdict ?? {});
  return { hosts, findings, verdict: layeredVerdict(hosts, findings) };
}

/** core's layeredReport(inventory), with the fleet's cgroup math and water-filling in the kernel. */
export function wasmLayeredReport(kernel: CpuKernel, inventory: LayeredInventory, stats?: LayeredStats): LayeredReport {
  // The reference's shape check first: the flattening below assumes well-typed positions.
  checkLayeredInventory(inventory);
  const r = run(kernel, inventory, false);
  if (r === null) {
    if (stats !== undefined) stats.reference++;
    return tsLayeredReport(inventory);
  }
  if (stats !== undefined) stats.fast++;
  return report(kernel, r, inventory);
}

/**
 * @internal Every host's CFS tree as core's allocateCfsTree(host.pcpus, hostCfsTree(host, guest).groups)
 * returns it, containers included, from one kernel run; null when the fast path does not apply.
 */
export function wasmLayeredShares(kernel: CpuKernel, inventory: LayeredInventory): CfsShare[][] | null {
  const r = run(kernel, inventory, true);
  if (r === null) return null;
  const f64 = kernel.f64;
  const i32 = kernel.i32;
  const vc = (c: number, v: number) => f64[r.vmCols + c * r.V + v]!;
  const pc = (c: number, p: number) => f64[r.podCols + c * r.P + p]!;
  const kc = (c: number, k: number) => f64[r.ctrCols + c * r.C + k]!;
  const share = (name: string, weight: number, capCpus: number, cpus: number, children: CfsShare[]): CfsShare => ({ name, weight, capCpus, cpus, children });
  const out: CfsShare[][] = [];
  let v = 0;
  let p = 0;
  for (const host of r.hosts) {
    const groups: CfsShare[] = [];
    for (const vm of host.vms) {
      const children: CfsShare[] = [];
      if (vm.node !== undefined) {
        const buckets: CfsShare[][] = [[], [], []];
        for (let q = 0; q < vm.node.pods.length; q++) {
          const k0 = i32[r.podCtr + p]!;
          const ctrs: CfsShare[] = [];
          for (let i = 0; i < r.pods.count[p]!; i++) ctrs.push(share(r.pods.ctrNames[k0 + i]!, kc(L.K_WEIGHT, k0 + i), kc(L.K_CAP, k0 + i), kc(L.K_ALLOC, k0 + i), []));
          const group = share(`pod ${r.pods.namespaces[p]}/${r.pods.names[p]}`, pc(L.P_WEIGHT, p), pc(L.P_CAP, p), pc(L.P_ALLOC, p), ctrs);
          buckets[pc(L.P_QOS, p)]!.push(group);
          p++;
        }
        children.push(
          share("kubepods", vc(L.V_KP_W, v), vc(L.V_KP_CAP, v), vc(L.V_KP_ALLOC, v), [
            ...buckets[0]!,
            share("kubepods-burstable", vc(L.V_BS_W, v), vc(L.V_BS_CAP, v), vc(L.V_BS_ALLOC, v), buckets[1]!),
            share("kubepods-besteffort", vc(L.V_BE_W, v), vc(L.V_BE_CAP, v), vc(L.V_BE_ALLOC, v), buckets[2]!),
          ]),
          share("system.slice", vc(L.V_SYS_W, v), vc(L.V_SYS_CAP, v), vc(L.V_SYS_ALLOC, v), []),
        );
      }
      groups.push(share(vm.name, vc(L.V_WEIGHT, v), vc(L.V_CAP, v), vc(L.V_ALLOC, v), children));
      v++;
    }
    out.push(groups);
  }
  return out;
}
