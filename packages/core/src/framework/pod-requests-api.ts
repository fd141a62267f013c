// Public access to a pod's effective requests (docs/scheduler.md §2.1), as the scheduler computes them.
import { podFromKube } from "../model/kube.js";
import { resolveFeatureGates } from "./features.js";
import { makePodInfo } from "./snapshot.js";
import { DEFAULT_KUBERNETES_VERSION, parseKubeVersion } from "./version.js";
import type { FeatureGates } from "./interfaces.js";

/** A pod's effective requests: what NodeResourcesFit filters on, and the non-zero variant its scorers use. */
export interface PodRequests {
  /** cpu in millicores, everything else in units; only resources with a non-zero or explicitly set request appear. */
  readonly requested: Readonly<Record<string, number>>;
  /** cpu/memory with 100m / 200Mi filled in for containers that set none. */
  readonly nonZeroRequested: { readonly cpu: number; readonly memory: number };
}

/** Computes a v1.Pod's effective requests for a release and feature gates. */
export function podRequests(
  pod: unknown,
  options?: { readonly kubernetesVersion?: string; readonly featureGates?: Partial<FeatureGates> | Record<string, boolean> },
): PodRequests {
  const v = parseKubeVersion(options?.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION);
  const features = resolveFeatureGates(v, options?.featureGates);
  const info = makePodInfo(podFromKube(pod, "pod"), features, "pod", 0);
  const r = info.requests;
  const requested: Record<string, number> = Object.create(null);
  requested["cpu"] = r.milliCPU;
  requested["memory"] = r.memory;
  if (r.ephemeralStorage !== 0) requested["ephemeral-storage"] = r.ephemeralStorage;
  for (const [k, v2] of r.scalar) requested[k] = v2;
  return { requested, nonZeroRequested: { cpu: info.nonZeroMilliCPU, memory: info.nonZeroMemory } };
}
