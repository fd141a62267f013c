// k8s v1.37: pkg/apis/core/v1/helper/qos/qos.go ComputePodQOS (cgroup/pod-spec.ts computePodQOS).
import type { KubePod } from "../model/kube-types.js";
import { cgroupPodFromKube, type PodQOSClass } from "./pod-spec.js";

export type { PodQOSClass } from "./pod-spec.js";

/**
 * The QoS class of a v1.Pod (the object the scheduler takes), computed as the v1.37 ComputePodQOS does: from
 * spec.resources when it sets a supported pod-level resource (PodLevelResources), otherwise container by
 * container (init containers, sidecars included, then app containers), each judged on cpu and memory alone:
 * all Guaranteed → Guaranteed, all BestEffort → BestEffort, anything else Burstable. Throws a SchedkitError
 * naming the field of a malformed pod.
 */
export function podQOSClass(pod: KubePod | unknown): PodQOSClass {
  return cgroupPodFromKube(pod).qos;
}
