// A layered inventory's pod (a v1.Pod plus per-container demand) as the guest's cgroup tree reads it: the
// kubelet's pod cgroup (cgroup/pod-config.ts, from the one pod-requests implementation) and the containers
// that keep running with their demands. Shared by the reference (hierarchy.ts) and accelerated engines.
import { SchedkitError } from "../errors.js";
import { podCpuCgroup, type PodCpuCgroup } from "../cgroup/pod-config.js";
import { cgroupPodFromKube, type CgroupContainer, type CgroupPod } from "../cgroup/pod-spec.js";

/** One running container of a guest pod. */
export interface GuestContainer {
  readonly name: string;
  /** CPU request and limit in millicores (0: unset). */
  readonly requestMilli: number;
  readonly limitMilli: number;
  readonly demandMilli: number;
  /** Runnable threads; Infinity when the pod does not cap them. */
  readonly threads: number;
}

/** A pod of a Kubernetes node in a VM, derived from its v1.Pod and demands. */
export interface GuestPod {
  readonly pod: CgroupPod;
  /** ResourceConfigForPod's cpu fields with the guest kubelet's cpuCFSQuota. */
  readonly config: PodCpuCgroup;
  /** PodLimits cpu when the kubelet sets a pod quota for it (cpu limits declared), else null. */
  readonly limitMilli: number | null;
  /** Σ running containers' demand, millicores. */
  readonly demandMilli: number;
  readonly containers: readonly GuestContainer[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

// A per-container map (demandMilli, threads): an object whose keys are running containers of the pod.
function byContainer(o: Record<string, unknown>, key: string, path: string, running: readonly CgroupContainer[], required: boolean): Record<string, unknown> {
  const v = o[key];
  if (v === undefined && !required) return {};
  if (!isRecord(v)) throw new SchedkitError(`${path}.${key}`, v, "is not an object (container name → value)");
  for (const name in v) {
    if (!Object.prototype.hasOwnProperty.call(v, name)) continue;
    if (!running.some((c) => c.name === name)) throw new SchedkitError(`${path}.${key}`, name, `names no running container of the pod (${running.map((c) => c.name).join(", ")})`);
  }
  return v;
}

/**
 * The guest view of one layered pod; `path` names it in errors (`hosts[0].vms[1].node.pods[2]`).
 * Every running container (app containers and sidecars) needs a demand.
 */
export function guestPod(obj: unknown, path: string, enforceCPULimits: boolean): GuestPod {
  const pod = cgroupPodFromKube(obj, path);
  const o = obj as Record<string, unknown>;
  const running = pod.running;
  const demands = byContainer(o, "demandMilli", path, running, true);
  const threads = byContainer(o, "threads", path, running, false);
  let demandMilli = 0;
  const containers: GuestContainer[] = new Array(running.length);
  for (let i = 0; i < running.length; i++) {
    const c = running[i]!;
    const d = demands[c.name];
    if (d === undefined) throw new SchedkitError(`${path}.demandMilli.${c.name}`, d, "is required (the CPU the container would use, millicores)");
    if (typeof d !== "number" || !(d >= 0) || d === Infinity) throw new SchedkitError(`${path}.demandMilli.${c.name}`, d, "is not a finite number >= 0");
    demandMilli += d;
    const t = threads[c.name];
    if (t !== undefined && !(typeof t === "number" && Number.isInteger(t) && t >= 0)) throw new SchedkitError(`${path}.threads.${c.name}`, t, "is not an integer >= 0");
    containers[i] = { name: c.name, requestMilli: c.requestCpu, limitMilli: c.limitCpu, demandMilli: d, threads: t ?? Infinity };
  }
  const config = podCpuCgroup(pod, enforceCPULimits);
  return { pod, config, limitMilli: pod.cpuLimitsDeclared ? pod.limitCpu : null, demandMilli, containers };
}
