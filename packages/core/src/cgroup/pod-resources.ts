// component-helpers: resource/helpers.go PodRequests / PodLimits (AggregateContainerRequests/Limits), for
// cpu and memory only, without pod-level resources or in-place-resize status.
import { DomainError } from "../errors.js";
import type { CgroupPodSpec, CgroupResourceList } from "./pod-spec.js";
import { MAX_MILLI_CPU } from "./shares.js";

/** Pod-level cpu (millicores) and memory (bytes) totals. */
export interface CPUMemory {
  cpu: number;
  memory: number;
}

type Which = "requests" | "limits";
type Key = keyof CgroupResourceList;

/** PodRequests: max(Σ app + Σ sidecars, max over init containers) + overhead. The pod must be validated. */
export function podRequests(pod: CgroupPodSpec): CPUMemory {
  return { cpu: aggregate(pod, "requests", "cpu"), memory: aggregate(pod, "requests", "memory") };
}

/** PodLimits: the same aggregation; overhead is only added to a non-zero limit. The pod must be validated. */
export function podLimits(pod: CgroupPodSpec): CPUMemory {
  return { cpu: aggregate(pod, "limits", "cpu"), memory: aggregate(pod, "limits", "memory") };
}

function aggregate(pod: CgroupPodSpec, which: Which, key: Key): number {
  let app = 0;
  for (const c of pod.containers) app += c[which]?.[key] ?? 0;
  // Sidecars run beside the app containers and beside every later init container.
  let sidecars = 0;
  let init = 0;
  for (const c of pod.initContainers ?? []) {
    const v = c[which]?.[key] ?? 0;
    let effective: number;
    if (c.restartPolicy === "Always") {
      app += v;
      sidecars += v;
      effective = sidecars;
    } else {
      effective = v + sidecars;
    }
    if (effective > init) init = effective;
  }
  let total = app > init ? app : init;
  const overhead = pod.overhead?.[key] ?? 0;
  // component-helpers: requests always include overhead; limits only when the limit is non-zero.
  if (which === "requests" || total !== 0) total += overhead;
  const max = key === "cpu" ? MAX_MILLI_CPU : Number.MAX_SAFE_INTEGER;
  if (total > max) {
    throw new DomainError(`pod ${which}.${key}`, total, `is above ${max}, the largest pod total the exact integer math accepts`);
  }
  return total;
}
