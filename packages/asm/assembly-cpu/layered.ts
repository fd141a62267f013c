// The layered report's numbers for a whole fleet in one call: the cgroup tree of every VM built bottom-up
// from its pods' requests, limits and demands (core overcommit/hierarchy.ts with the kubelet's and the
// runtime's weights, cfs-tree.ts's caps), then water-filled top-down level by level — host → VMs →
// kubepods / system.slice → Guaranteed pods, kubepods-burstable, kubepods-besteffort → pods → containers —
// and the per-pod, per-node, per-VM and per-host figures of core overcommit/layered.ts. Every sum runs in
// the reference's order, from 0, so each float64 result is the reference's bit for bit.
import {
  milliCPUToQuota,
  milliCPUToShares,
  sharesToWeight,
  weightToKernelShares,
} from "./cgroup";
import {
  F_KUBELET_LINEAR,
  H_CONTENTION,
  H_COLS,
  H_DEMAND,
  H_IDLE,
  H_PCPUS,
  H_RHO,
  H_VCPUS,
  K_ALLOC,
  K_CAP,
  K_COLS,
  K_DEMAND,
  K_LIMIT,
  K_MAX,
  K_REQUEST,
  K_THREADS,
  K_WEIGHT,
  L_CONTAINERS,
  L_CTR_COLS,
  L_CTRS,
  L_ENFORCE,
  L_FORMULA,
  L_HOST_COLS,
  L_HOST_VM,
  L_HOSTS,
  L_POD_COLS,
  L_POD_CTR,
  L_PODS,
  L_SCRATCH,
  L_SCRATCH_N,
  L_STATUS,
  L_VERSION,
  L_VM_COLS,
  L_VM_POD,
  L_VMS,
  LP_BURSTABLE_REQUESTS,
  P_ALLOC,
  P_CAP,
  P_COLS,
  P_DEMAND,
  P_LIMIT,
  P_LIMITED,
  P_MAX,
  P_OBTAINABLE,
  P_QOS,
  P_REQUEST,
  P_SHARES,
  P_SHORTFALL,
  P_UNMET,
  P_WEIGHT,
  QOS_BESTEFFORT,
  QOS_BURSTABLE,
  QOS_GUARANTEED,
  V_ALLOC,
  V_ALLOCATABLE,
  V_BE_ALLOC,
  V_BE_CAP,
  V_BE_W,
  V_BS_ALLOC,
  V_BS_CAP,
  V_BS_W,
  V_CAP,
  V_COLS,
  V_COMMITTED,
  V_DEMAND,
  V_KP_ALLOC,
  V_KP_CAP,
  V_KP_W,
  V_LIMITS,
  V_MAX,
  V_OPAQUE,
  V_REQUESTS,
  V_RHO_LIM,
  V_RHO_REQ,
  V_STEAL,
  V_STEAL_FRACTION,
  V_SYS_ALLOC,
  V_SYS_CAP,
  V_SYS_W,
  V_VCPUS,
  V_VDEMAND,
  V_WEIGHT,
  V_WORST,
} from "./abi";
import { column, f64At, i32At, ptr, setF64, setI32, slot } from "./memory";
import { MAX_MILLI_CPU, MIN_SHARES, QUOTA_PERIOD } from "../../core/src/cgroup/constants";
import { fill, gatheredAllocs, gatheredCaps, gatheredMap, gatheredWeights, useScratch } from "./waterfill";

// system.slice: cgroup v1 default cpu.shares; on v2 the default cpu.weight 100 is 1024 in kernel units.
const SYSTEM_SLICE_WEIGHT: f64 = 1024;

// Column bases of the current call.
let hostVm: usize = 0;
let vmPod: usize = 0;
let podCtr: usize = 0;
let hostCols: usize = 0;
let vmCols: usize = 0;
let podCols: usize = 0;
let ctrCols: usize = 0;
let hosts: i32 = 0;
let vms: i32 = 0;
let pods: i32 = 0;
let ctrs: i32 = 0;
let version: i32 = 2;
let formula: i32 = 2;
let enforce: bool = true;
let containers: bool = false;
let status: usize = 0;

// @ts-ignore: decorator
@inline function hc(c: i32): usize {
  return column(hostCols, c, hosts);
}
// @ts-ignore: decorator
@inline function vc(c: i32): usize {
  return column(vmCols, c, vms);
}
// @ts-ignore: decorator
@inline function pc(c: i32): usize {
  return column(podCols, c, pods);
}
// @ts-ignore: decorator
@inline function kc(c: i32): usize {
  return column(ctrCols, c, ctrs);
}

// Kernel task-group weight of a cgroup the kubelet gives `shares` (v2: its linear getCPUWeight).
// @ts-ignore: decorator
@inline function kubeletWeight(shares: f64): f64 {
  return version == 1 ? shares : weightToKernelShares(sharesToWeight(shares, F_KUBELET_LINEAR));
}

// @ts-ignore: decorator
@inline function fail(code: i32, index: i32): i32 {
  setI32(status, 0, code);
  setI32(status, 1, index);
  return code;
}

// cfs-tree.ts capOf: the least of what the subtree can use, the bandwidth limit and the thread count.
// @ts-ignore: decorator
@inline function capOf(use: f64, max: f64, threads: f64): f64 {
  let cap = use;
  if (max < cap) cap = max;
  if (threads < cap) cap = threads;
  return cap;
}

// A node VM's guest tree, bottom-up: each pod's cap from its containers under the pod cgroup the host
// wrote (QoS, shares, quota: core cgroup/pod-config.ts from the v1.Pod), then the QoS-level and kubepods
// cgroups (hierarchy.ts guestCfsTree, cgroup qosLevelCgroups). Returns 0, or a problem code when a sum
// leaves the exact domain.
function guestBottomUp(v: i32): i32 {
  const p0 = i32At(vmPod, v);
  const p1 = i32At(vmPod, v + 1);
  const kReq = kc(K_REQUEST);
  const kLim = kc(K_LIMIT);
  const kDemand = kc(K_DEMAND);
  const kThreads = kc(K_THREADS);
  const kMax = kc(K_MAX);
  const kCap = kc(K_CAP);
  const kWeight = kc(K_WEIGHT);
  let guaranteedUse: f64 = 0;
  let burstableUse: f64 = 0;
  let besteffortUse: f64 = 0;
  let burstableRequests: f64 = 0;
  for (let p = p0; p < p1; p++) {
    const k0 = i32At(podCtr, p);
    const k1 = i32At(podCtr, p + 1);
    let demand: f64 = 0;
    let use: f64 = 0;
    for (let k = k0; k < k1; k++) {
      const r = f64At(kReq, k);
      const l = f64At(kLim, k);
      const d = f64At(kDemand, k);
      demand += d;
      const max = enforce && l > 0 ? milliCPUToQuota(l, QUOTA_PERIOD) / QUOTA_PERIOD : Infinity;
      const cap = capOf(d / 1000, max, f64At(kThreads, k));
      setF64(kCap, k, cap);
      use += cap;
      if (containers) {
        setF64(kMax, k, max);
        // kuberuntime: container shares come from the request, or from the limit when only a limit is set.
        const shares = milliCPUToShares(r == 0 && l > 0 ? l : r, true);
        setF64(kWeight, k, version == 1 ? shares : weightToKernelShares(sharesToWeight(shares, formula)));
      }
    }
    const qos = <i32>f64At(pc(P_QOS), p);
    const req = f64At(pc(P_REQUEST), p);
    const cap = capOf(use, f64At(pc(P_MAX), p), Infinity);
    setF64(pc(P_DEMAND), p, demand);
    setF64(pc(P_WEIGHT), p, kubeletWeight(f64At(pc(P_SHARES), p)));
    setF64(pc(P_CAP), p, cap);
    if (qos == QOS_GUARANTEED) guaranteedUse += cap;
    else if (qos == QOS_BURSTABLE) {
      burstableUse += cap;
      burstableRequests += req;
    } else besteffortUse += cap;
  }
  if (burstableRequests > <f64>MAX_MILLI_CPU) return fail(LP_BURSTABLE_REQUESTS, v);
  // qos_container_manager_linux.go: burstable sized by Σ Burstable requests, besteffort pinned to the
  // minimum; kubepods by allocatable (node_container_manager_linux.go).
  setF64(vc(V_KP_W), v, kubeletWeight(milliCPUToShares(f64At(vc(V_ALLOCATABLE), v), true)));
  setF64(vc(V_BS_W), v, kubeletWeight(milliCPUToShares(burstableRequests, true)));
  setF64(vc(V_BE_W), v, kubeletWeight(MIN_SHARES));
  setF64(vc(V_SYS_W), v, SYSTEM_SLICE_WEIGHT);
  setF64(vc(V_BS_CAP), v, burstableUse);
  setF64(vc(V_BE_CAP), v, besteffortUse);
  // kubepods' children: the Guaranteed pods, then kubepods-burstable, then kubepods-besteffort.
  setF64(vc(V_KP_CAP), v, guaranteedUse + burstableUse + besteffortUse);
  setF64(vc(V_SYS_CAP), v, f64At(vc(V_DEMAND), v) / 1000);
  return 0;
}

// Water-fills the pods of one QoS class of VM `v` (in input order) over `capacity`.
function fillPods(v: i32, qos: f64, capacity: f64): void {
  const p0 = i32At(vmPod, v);
  const p1 = i32At(vmPod, v + 1);
  const qosCol = pc(P_QOS);
  const wCol = pc(P_WEIGHT);
  const capCol = pc(P_CAP);
  const allocCol = pc(P_ALLOC);
  const gw = gatheredWeights();
  const gc = gatheredCaps();
  const ga = gatheredAllocs();
  const gm = gatheredMap();
  let n = 0;
  for (let p = p0; p < p1; p++) {
    if (f64At(qosCol, p) != qos) continue;
    setF64(gw, n, f64At(wCol, p));
    setF64(gc, n, f64At(capCol, p));
    setI32(gm, n, p);
    n++;
  }
  if (n == 0) return;
  fill(n, capacity, gw, gc, ga);
  for (let i = 0; i < n; i++) setF64(allocCol, i32At(gm, i), f64At(ga, i));
}

// A node VM's guest tree, top-down from the CPUs the VM obtained.
function guestTopDown(v: i32, vmAlloc: f64): void {
  const gw = gatheredWeights();
  const gc = gatheredCaps();
  const ga = gatheredAllocs();
  const gm = gatheredMap();
  // Guest root: kubepods beside system.slice.
  setF64(gw, 0, f64At(vc(V_KP_W), v));
  setF64(gw, 1, f64At(vc(V_SYS_W), v));
  setF64(gc, 0, f64At(vc(V_KP_CAP), v));
  setF64(gc, 1, f64At(vc(V_SYS_CAP), v));
  fill(2, vmAlloc, gw, gc, ga);
  const kubepods = f64At(ga, 0);
  setF64(vc(V_KP_ALLOC), v, kubepods);
  setF64(vc(V_SYS_ALLOC), v, f64At(ga, 1));
  // kubepods: Guaranteed pods, kubepods-burstable, kubepods-besteffort.
  const p0 = i32At(vmPod, v);
  const p1 = i32At(vmPod, v + 1);
  const qosCol = pc(P_QOS);
  const wCol = pc(P_WEIGHT);
  const capCol = pc(P_CAP);
  const allocCol = pc(P_ALLOC);
  let n = 0;
  for (let p = p0; p < p1; p++) {
    if (f64At(qosCol, p) != <f64>QOS_GUARANTEED) continue;
    setF64(gw, n, f64At(wCol, p));
    setF64(gc, n, f64At(capCol, p));
    setI32(gm, n, p);
    n++;
  }
  setF64(gw, n, f64At(vc(V_BS_W), v));
  setF64(gc, n, f64At(vc(V_BS_CAP), v));
  setF64(gw, n + 1, f64At(vc(V_BE_W), v));
  setF64(gc, n + 1, f64At(vc(V_BE_CAP), v));
  fill(n + 2, kubepods, gw, gc, ga);
  for (let i = 0; i < n; i++) setF64(allocCol, i32At(gm, i), f64At(ga, i));
  const burstable = f64At(ga, n);
  const besteffort = f64At(ga, n + 1);
  setF64(vc(V_BS_ALLOC), v, burstable);
  setF64(vc(V_BE_ALLOC), v, besteffort);
  fillPods(v, <f64>QOS_BURSTABLE, burstable);
  fillPods(v, <f64>QOS_BESTEFFORT, besteffort);
  if (containers) {
    const kw = kc(K_WEIGHT);
    const kcap = kc(K_CAP);
    const ka = kc(K_ALLOC);
    for (let p = p0; p < p1; p++) {
      const k0 = i32At(podCtr, p);
      fill(i32At(podCtr, p + 1) - k0, f64At(allocCol, p), kw + (<usize>k0 << 3), kcap + (<usize>k0 << 3), ka + (<usize>k0 << 3));
    }
  }
}

// layered.ts: the node's admission ratios and each pod's promise and outcome.
function nodeReport(v: i32, rhoVm: f64): void {
  const p0 = i32At(vmPod, v);
  const p1 = i32At(vmPod, v + 1);
  const vcpuMilli = f64At(vc(V_VCPUS), v) * 1000;
  let requests: f64 = 0;
  let limits: f64 = 0;
  for (let p = p0; p < p1; p++) {
    const req = f64At(pc(P_REQUEST), p);
    const demand = f64At(pc(P_DEMAND), p);
    const obtainable = f64At(pc(P_ALLOC), p) * 1000;
    requests += req;
    // A pod without a CPU limit counts at the VM's vCPUs.
    limits += f64At(pc(P_LIMITED), p) != 0 ? f64At(pc(P_LIMIT), p) : vcpuMilli;
    const promised = req < demand ? req : demand;
    setF64(pc(P_OBTAINABLE), p, obtainable);
    setF64(pc(P_SHORTFALL), p, promised > obtainable ? promised - obtainable : 0);
    setF64(pc(P_UNMET), p, demand > obtainable ? demand - obtainable : 0);
  }
  const allocatable = f64At(vc(V_ALLOCATABLE), v);
  const rhoRequests = requests / allocatable;
  const rhoLimits = limits / allocatable;
  setF64(vc(V_REQUESTS), v, requests);
  setF64(vc(V_LIMITS), v, limits);
  setF64(vc(V_RHO_REQ), v, rhoRequests);
  setF64(vc(V_RHO_LIM), v, rhoLimits);
  setF64(vc(V_WORST), v, rhoVm * rhoLimits);
  setF64(vc(V_COMMITTED), v, rhoVm * rhoRequests);
}

/**
 * Computes the layered report's numbers for every host of the context. Returns 0, or a problem code
 * (status: code, pod or VM index) when a pod or QoS total leaves the exact domain.
 */
export function layered(ctx: usize): i32 {
  hosts = slot(ctx, L_HOSTS);
  vms = slot(ctx, L_VMS);
  pods = slot(ctx, L_PODS);
  ctrs = slot(ctx, L_CTRS);
  version = slot(ctx, L_VERSION);
  formula = slot(ctx, L_FORMULA);
  enforce = slot(ctx, L_ENFORCE) != 0;
  containers = slot(ctx, L_CONTAINERS) != 0;
  hostVm = ptr(ctx, L_HOST_VM);
  vmPod = ptr(ctx, L_VM_POD);
  podCtr = ptr(ctx, L_POD_CTR);
  hostCols = ptr(ctx, L_HOST_COLS);
  vmCols = ptr(ctx, L_VM_COLS);
  podCols = ptr(ctx, L_POD_COLS);
  ctrCols = ptr(ctx, L_CTR_COLS);
  status = ptr(ctx, L_STATUS);
  useScratch(ptr(ctx, L_SCRATCH), slot(ctx, L_SCRATCH_N));

  const vOpaque = vc(V_OPAQUE);
  const vVcpus = vc(V_VCPUS);
  const vCap = vc(V_CAP);
  const vAlloc = vc(V_ALLOC);
  const vDemand = vc(V_VDEMAND);
  for (let h = 0; h < hosts; h++) {
    const v0 = i32At(hostVm, h);
    const v1 = i32At(hostVm, h + 1);
    const pcpus = f64At(hc(H_PCPUS), h);
    let vcpusPlaced: f64 = 0;
    for (let v = v0; v < v1; v++) {
      const vcpus = f64At(vVcpus, v);
      vcpusPlaced += vcpus;
      let use: f64;
      if (f64At(vOpaque, v) != 0) use = f64At(vc(V_DEMAND), v);
      else {
        const code = guestBottomUp(v);
        if (code != 0) return code;
        // cfs-tree.ts sums a parent's use from 0 (0 + x is not x for x = −0).
        use = 0 + f64At(vc(V_KP_CAP), v) + f64At(vc(V_SYS_CAP), v);
      }
      setF64(vCap, v, capOf(use, f64At(vc(V_MAX), v), vcpus));
      setF64(vDemand, v, use < vcpus ? use : vcpus);
    }
    fill(v1 - v0, pcpus, vc(V_WEIGHT) + (<usize>v0 << 3), vCap + (<usize>v0 << 3), vAlloc + (<usize>v0 << 3));
    const rhoVm = vcpusPlaced / pcpus;
    let demand: f64 = 0;
    let allocated: f64 = 0;
    for (let v = v0; v < v1; v++) {
      const alloc = f64At(vAlloc, v);
      const vcpuDemand = f64At(vDemand, v);
      const steal = vcpuDemand - alloc;
      demand += vcpuDemand;
      allocated += alloc;
      setF64(vc(V_STEAL), v, steal);
      setF64(vc(V_STEAL_FRACTION), v, vcpuDemand > 0 ? steal / vcpuDemand : 0);
      if (f64At(vOpaque, v) == 0) {
        guestTopDown(v, alloc);
        nodeReport(v, rhoVm);
      }
    }
    const idle = pcpus - allocated;
    setF64(hc(H_VCPUS), h, vcpusPlaced);
    setF64(hc(H_RHO), h, rhoVm);
    setF64(hc(H_DEMAND), h, demand);
    setF64(hc(H_CONTENTION), h, demand / pcpus);
    setF64(hc(H_IDLE), h, idle > 0 ? idle : 0);
  }
  return 0;
}
