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
import { checkLayeredInventory, GuestPodRow, layeredFindings, layeredVerdict } from "@schedkit/core/engine";
import type { CpuKernel } from "./kernel.js";
import * as L from "../../assembly-cpu/abi.js";
import { formulaCode } from "./cgroup.js";

const QOS: readonly PodQOSClass[] = ["Guaranteed", "Burstable", "BestEffort"];
const QOS_CODE: Readonly<Record<PodQOSClass, number>> = { Guaranteed: 0, Burstable: 1, BestEffort: 2 };

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
  readonly names: string[];
  readonly namespaces: string[];
  readonly ctrNames: string[];
}

/** Counters of how layeredReport calls were served (tests check the fast path is the one taken). */
export interface LayeredStats {
  fast: number;
  reference: number;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;
const intIn = (v: unknown, min: number, max: number): v is number => typeof v === "number" && Number.isInteger(v) && v >= min && v <= max;
const demandOk = (v: unknown): v is number => typeof v === "number" && v >= 0 && v !== Infinity;
// A rejected pod hands the whole inventory to the reference, which names it: no path is built here.
const NO_PATH = (): string => "";

/**
 * The running containers' kernel columns (request, limit, demand, threads), gathered while the pods are read:
 * their count is known only then. Grown by doubling.
 */
class ContainerRows {
  request: Float64Array;
  limit: Float64Array;
  demand: Float64Array;
  threads: Float64Array;
  readonly names: string[] = [];

  constructor(capacity: number) {
    this.request = new Float64Array(capacity);
    this.limit = new Float64Array(capacity);
    this.demand = new Float64Array(capacity);
    this.threads = new Float64Array(capacity);
  }

  /** Room for rows up to `n` (exclusive). */
  ensure(n: number): void {
    if (n <= this.request.length) return;
    let size = Math.max(16, this.request.length * 2);
    while (size < n) size *= 2;
    const grow = (a: Float64Array) => {
      const b = new Float64Array(size);
      b.set(a);
      return b;
    };
    this.request = grow(this.request);
    this.limit = grow(this.limit);
    this.demand = grow(this.demand);
    this.threads = grow(this.threads);
  }
}

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

  // Shape pass over hosts and VMs (pods are counted, not touched): sizes and the largest sibling set of
  // VMs on a host or pods of a node (+ 2: beside the Guaranteed pods, kubepods-burstable and -besteffort).
  const hosts = inventory.hosts as readonly unknown[];
  const H = hosts.length;
  let V = 0;
  let P = 0;
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
  let f64 = kernel.f64;
  let i32 = kernel.i32;

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
  const pb = podColsPtr >> 3;
  const [pQos, pReq, pLim, pLimited, pShares, pMax] = [L.P_QOS, L.P_REQUEST, L.P_LIMIT, L.P_LIMITED, L.P_SHARES, L.P_MAX].map((c) => pb + c * P) as [number, number, number, number, number, number];
  const capacities = new Float64Array(H);
  const names: string[] = new Array(P);
  const namespaces: string[] = new Array(P);
  // Pods run one or two containers, mostly.
  const rows = new ContainerRows(2 * P + 16);
  const row = new GuestPodRow();
  let k = 0;

  // Value pass: the same checks as the reference; core computes each VM's weight and cap, each host's
  // Placement capacity and each pod's cgroup (GuestPodRow). Any rejection (thrown or detected) hands the
  // inventory to the reference.
  try {
    let v = 0;
    let p = 0;
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
          row.read(pods[q], NO_PATH, enforce);
          names[p] = row.name;
          namespaces[p] = row.namespace;
          i32[podCtr + p] = k;
          f64[pQos + p] = QOS_CODE[row.qos];
          f64[pReq + p] = row.requestCpu;
          f64[pLim + p] = row.limitCpu;
          f64[pLimited + p] = row.cpuLimitsDeclared ? 1 : 0;
          f64[pShares + p] = row.cpuShares;
          f64[pMax + p] = row.maxCpus;
          const n = row.containers;
          if (n > largest) largest = n;
          rows.ensure(k + n);
          for (let i = 0; i < n; i++, k++) {
            rows.request[k] = row.containerRequest[i]!;
            rows.limit[k] = row.containerLimit[i]!;
            rows.demand[k] = row.containerDemand[i]!;
            rows.threads[k] = row.containerThreads[i]!;
            if (containers) rows.names[k] = row.containerName[i]!;
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

  const C = k;
  const ctrColsPtr = kernel.reserve(L.K_COLS * C * 8, op);
  const scratch = kernel.reserve(kernel.exports.scratchBytes(largest), op);
  // Reserving may have grown the memory, which detaches the old views.
  f64 = kernel.f64;
  i32 = kernel.i32;
  const kb = ctrColsPtr >> 3;
  f64.set(rows.request.subarray(0, C), kb + L.K_REQUEST * C);
  f64.set(rows.limit.subarray(0, C), kb + L.K_LIMIT * C);
  f64.set(rows.demand.subarray(0, C), kb + L.K_DEMAND * C);
  f64.set(rows.threads.subarray(0, C), kb + L.K_THREADS * C);
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
    names,
    namespaces,
    ctrNames: rows.names,
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
            name: r.names[p]!,
            namespace: r.namespaces[p]!,
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
  // The reference's shape check first: the flattening below assumes well-typed positions, and the first
  // malformed position in document order is the error (a pod that is not an object in hosts[1] before a VM
  // weight out of range in hosts[2]). The pods themselves are left to the one pass that reads them: a pod that
  // is not an object fails that read, and the reference's layeredReport then runs the whole check.
  checkLayeredInventory(inventory, false);
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
          const k1 = i32[r.podCtr + p + 1]!;
          for (let k = k0; k < k1; k++) ctrs.push(share(r.ctrNames[k]!, kc(L.K_WEIGHT, k), kc(L.K_CAP, k), kc(L.K_ALLOC, k), []));
          const group = share(`pod ${r.namespaces[p]}/${r.names[p]}`, pc(L.P_WEIGHT, p), pc(L.P_CAP, p), pc(L.P_ALLOC, p), ctrs);
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
