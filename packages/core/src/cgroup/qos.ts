// k8s: pkg/apis/core/v1/helper/qos/qos.go ComputePodQOS (container-level resources; no pod-level resources).
import { DomainError } from "../errors.js";
import type { CgroupContainer, CgroupPodSpec } from "./pod-spec.js";
import { validateCgroupPodSpec } from "./pod-spec.js";

/** Kubernetes pod QoS class. */
export type PodQOSClass = "Guaranteed" | "Burstable" | "BestEffort";

/**
 * The pod's QoS class, computed as ComputePodQOS does: only cpu and memory count, quantities of 0 are
 * ignored, and requests and limits are summed over app and init containers (sidecars included).
 */
export function podQOSClass(pod: CgroupPodSpec): PodQOSClass {
  validateCgroupPodSpec(pod);
  return computeQOS(pod);
}

/** ComputePodQOS on an already validated pod. */
export function computeQOS(pod: CgroupPodSpec): PodQOSClass {
  const sums = { reqCpu: 0, reqMem: 0, limCpu: 0, limMem: 0, guaranteed: true };
  for (const c of pod.containers) addContainer(c, sums);
  for (const c of pod.initContainers ?? []) addContainer(c, sums);
  const largest = Math.max(sums.reqCpu, sums.reqMem, sums.limCpu, sums.limMem);
  if (largest > Number.MAX_SAFE_INTEGER) {
    throw new DomainError("pod", largest, "has a summed request or limit above 2^53 − 1; QoS sums would be inexact");
  }
  const reqCount = (sums.reqCpu > 0 ? 1 : 0) + (sums.reqMem > 0 ? 1 : 0);
  const limCount = (sums.limCpu > 0 ? 1 : 0) + (sums.limMem > 0 ? 1 : 0);
  if (reqCount === 0 && limCount === 0) return "BestEffort";
  let guaranteed = sums.guaranteed;
  // Every requested resource must be limited, with an equal sum.
  if (guaranteed && sums.reqCpu > 0 && sums.reqCpu !== sums.limCpu) guaranteed = false;
  if (guaranteed && sums.reqMem > 0 && sums.reqMem !== sums.limMem) guaranteed = false;
  return guaranteed && reqCount === limCount ? "Guaranteed" : "Burstable";
}

interface Sums {
  reqCpu: number;
  reqMem: number;
  limCpu: number;
  limMem: number;
  guaranteed: boolean;
}

function addContainer(c: CgroupContainer, s: Sums): void {
  const reqCpu = c.requests?.cpu ?? 0;
  const reqMem = c.requests?.memory ?? 0;
  const limCpu = c.limits?.cpu ?? 0;
  const limMem = c.limits?.memory ?? 0;
  s.reqCpu += reqCpu;
  s.reqMem += reqMem;
  s.limCpu += limCpu;
  s.limMem += limMem;
  // A container without both a cpu and a memory limit above zero rules out Guaranteed.
  if (limCpu <= 0 || limMem <= 0) s.guaranteed = false;
}
