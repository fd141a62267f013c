// kubelet: pkg/kubelet/cm/qos_container_manager_linux.go setCPUCgroupConfig (burstable, besteffort) and
// node_container_manager_linux.go enforceNodeAllocatableCgroups (kubepods).
import { SchedkitError } from "../errors.js";
import { MAX_MILLI_CPU, milliCPUToShares, MIN_SHARES } from "./shares.js";
import { isIntIn, requireIntInDomain } from "./validate.js";
import { sharesToWeight } from "./weight.js";

/** Inputs for the node- and QoS-level CPU cgroups. */
export interface QosLevelCgroupsInput {
  /**
   * Millicores the kubepods cgroup is sized for: node allocatable CPU (capacity − kube-reserved −
   * system-reserved, see `nodeAllocatable(...).kubepods`) when enforceNodeAllocatable contains "pods"
   * (the default), otherwise CPU capacity.
   */
  readonly kubepodsMilliCPU: number;
  /** Pod-level CPU requests (millicores) of every active Burstable pod on the node. */
  readonly burstablePodCPURequests: readonly number[];
}

/** One cgroup's CPU weight, as cgroup v1 shares and as the kubelet's cgroup v2 weight. */
export interface CgroupCPUWeight {
  readonly cpuShares: number;
  readonly cpuWeight: number;
}

/** The kubepods cgroup and its two QoS children (Guaranteed pods sit directly under kubepods). */
export interface QosLevelCgroups {
  readonly kubepods: CgroupCPUWeight;
  readonly burstable: CgroupCPUWeight;
  readonly besteffort: CgroupCPUWeight;
}

/** CPU shares and weights of `kubepods`, `kubepods/burstable` and `kubepods/besteffort`. No CPU quota is set on them. */
export function qosLevelCgroups(input: QosLevelCgroupsInput): QosLevelCgroups {
  if (typeof input !== "object" || input === null) throw new SchedkitError("input", input, "is not an object");
  const kubepods = requireIntInDomain("kubepodsMilliCPU", input.kubepodsMilliCPU, 0, MAX_MILLI_CPU);
  const requests = input.burstablePodCPURequests;
  if (!Array.isArray(requests)) throw new SchedkitError("burstablePodCPURequests", requests, "is not an array");
  let burstable = 0;
  for (let i = 0; i < requests.length; i++) {
    const r: unknown = requests[i];
    if (!isIntIn(r, 0, MAX_MILLI_CPU)) requireIntInDomain(`burstablePodCPURequests[${i}]`, r, 0, MAX_MILLI_CPU);
    burstable += r as number;
  }
  if (burstable > MAX_MILLI_CPU) requireIntInDomain("sum(burstablePodCPURequests)", burstable, 0, MAX_MILLI_CPU);
  return {
    kubepods: weigh(milliCPUToShares(kubepods)),
    burstable: weigh(milliCPUToShares(burstable)),
    // kubelet: besteffort is pinned to the kernel minimum.
    besteffort: weigh(MIN_SHARES),
  };
}

function weigh(cpuShares: number): CgroupCPUWeight {
  return { cpuShares, cpuWeight: sharesToWeight(cpuShares, "kubelet-linear") };
}
