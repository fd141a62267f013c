// component-helpers: resource/helpers.go PodRequests / PodLimits, for cpu and memory only, without pod-level
// resources or in-place-resize status: the scheduler's container aggregation (framework/pod-requests.ts
// aggregateContainers) over plain integers, plus overhead as PodLimits adds it.
import { DomainError } from "../errors.js";
import { aggregateContainers, type ResourceAccumulator } from "../framework/pod-requests.js";
import type { CgroupContainer, CgroupPodSpec, CgroupResourceList } from "./pod-spec.js";
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

/** One resource's running total; boxed so that aggregateContainers can add into it. */
interface Total {
  v: number;
}

function totals(which: Which, key: Key): ResourceAccumulator<Total, CgroupContainer> {
  return {
    empty: () => ({ v: 0 }),
    copy: (a) => ({ v: a.v }),
    add: (into, c) => {
      into.v += c[which]?.[key] ?? 0;
    },
    max: (into, other) => {
      if (other.v > into.v) into.v = other.v;
    },
  };
}

function aggregate(pod: CgroupPodSpec, which: Which, key: Key): number {
  const init = (pod.initContainers ?? []).map((c) => ({ list: c, sidecar: c.restartPolicy === "Always" }));
  let total = aggregateContainers(pod.containers, init, totals(which, key)).v;
  const overhead = pod.overhead?.[key] ?? 0;
  // component-helpers: requests always include overhead; limits only when the limit is non-zero.
  if (which === "requests" || total !== 0) total += overhead;
  const max = key === "cpu" ? MAX_MILLI_CPU : Number.MAX_SAFE_INTEGER;
  if (total > max) {
    throw new DomainError(`pod ${which}.${key}`, total, `is above ${max}, the largest pod total the exact integer math accepts`);
  }
  return total;
}
