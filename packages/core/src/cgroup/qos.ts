// k8s: pkg/apis/core/v1/helper/qos/qos.go ComputePodQOS (cgroup/pod-spec.ts derives it with the pod's totals).
import type { KubePod } from "../model/kube-types.js";
import { cgroupPodFromKube, type PodQOSClass } from "./pod-spec.js";

export type { PodQOSClass } from "./pod-spec.js";

/**
 * The QoS class of a v1.Pod (the object the scheduler takes), computed as ComputePodQOS does: from
 * spec.resources when it sets cpu or memory (PodLevelResources), otherwise from the containers: only cpu
 * and memory count, quantities of 0 are ignored, and requests and limits are summed over app and init
 * containers (sidecars included). Throws a SchedkitError naming the field of a malformed pod.
 */
export function podQOSClass(pod: KubePod | unknown): PodQOSClass {
  return cgroupPodFromKube(pod).qos;
}
