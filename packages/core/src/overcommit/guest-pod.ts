// A layered inventory's pod (a v1.Pod plus per-container demand) as the guest's cgroup tree reads it: the
// kubelet's pod cgroup (cgroup/pod-config.ts, from the one pod-requests implementation) and the containers
// that keep running with their demands. Shared by the reference (hierarchy.ts) and accelerated engines, which
// read a fleet's pods one after another into one GuestPodRow: numbers only, no objects per pod.
import { SchedkitError } from "../errors.js";
import { podCpuCgroup } from "../cgroup/pod-config.js";
import { cgroupPodOf, numericCgroupTotals, type CgroupPod, type MutableCgroupTotals, type PodQOSClass } from "../cgroup/pod-spec.js";
import { CPU_MEMORY } from "../cgroup/cpu-memory.js";
import { LeanPodReader } from "../cgroup/lean-pod.js";
import { isObject } from "../model/json.js";
import { podResourceSpecFromKube, QUANTITY_LISTS } from "../model/kube.js";

/**
 * One guest pod, refilled by `read` for each pod of a fleet: the pod cgroup's figures and its running
 * containers (restartable init containers, then app containers) as parallel arrays, of which the first
 * `containers` entries are this pod's.
 */
export class GuestPodRow implements MutableCgroupTotals {
  name = "";
  namespace = "";
  qos: PodQOSClass = "BestEffort";
  /** PodRequests / PodLimits cpu (millicores) and memory (bytes), 0 when unset. */
  requestCpu = 0;
  requestMemory = 0;
  limitCpu = 0;
  limitMemory = 0;
  /** The kubelet sets a pod quota for the cpu limits (helpers_linux.go ResourceConfigForPod). */
  cpuLimitsDeclared = false;
  memoryLimitsDeclared = false;
  /** ResourceConfigForPod's cpu.shares with the guest kubelet's settings, and its cgroup v2 cpu.weight. */
  cpuShares = 0;
  cpuWeight = 0;
  /** The pod quota in CPUs (quota / period); Infinity when the kubelet sets none or cpuCFSQuota is off (−1). */
  maxCpus = Infinity;
  /** Σ running containers' demand, millicores. */
  demandMilli = 0;
  /** Running containers of this pod. */
  containers = 0;
  readonly containerName: string[] = [];
  /** CPU request and limit in millicores (0: unset). */
  readonly containerRequest: number[] = [];
  readonly containerLimit: number[] = [];
  readonly containerDemand: number[] = [];
  /** Runnable threads; Infinity when the pod does not cap them. */
  readonly containerThreads: number[] = [];
  // The spec the reader returns lives until this row reads the next pod.
  readonly #lean = new LeanPodReader();

  /** PodLimits cpu when the kubelet sets a pod quota for it (cpu limits declared), else null. */
  get limitMilli(): number | null {
    return this.cpuLimitsDeclared ? this.limitCpu : null;
  }

  /**
   * Reads one layered pod into the row: its v1.Pod as cgroupPodFromKube derives it (a pod in the common shape
   * from LeanPodReader straight to the integer totals, any other through the full parse), the pod cgroup of the
   * guest kubelet, and every running container's demand and threads (each running container needs a demand).
   * `path` names the pod in errors (`hosts[0].vms[1].node.pods[2]`); it is called only for a pod the lean
   * reader leaves to the full parse, or to throw.
   */
  read(obj: unknown, path: () => string, enforceCPULimits: boolean): void {
    // cgroupPodFromKube's steps, each taken once: the lean reader, else the full parse into cpu/memory
    // integers (which raises a malformed field's error); the Quantity maps where the integers cannot stand in.
    let at: string | undefined;
    const spec = this.#lean.read(obj) ?? podResourceSpecFromKube(obj, (at = path()), CPU_MEMORY);
    if (!numericCgroupTotals(spec, this)) {
      at ??= path();
      fromCgroupPod(this, cgroupPodOf(podResourceSpecFromKube(obj, at, QUANTITY_LISTS), at));
    } else {
      this.name = spec.name;
      this.namespace = spec.namespace;
      let n = 0;
      const init = spec.initContainers;
      for (let i = 0; i < init.length; i++) {
        const c = init[i]!;
        if (c.restartPolicy === "Always") addContainer(this, n++, c.name, c.requests.cpu, c.limits.cpu);
      }
      const app = spec.containers;
      for (let i = 0; i < app.length; i++) {
        const c = app[i]!;
        addContainer(this, n++, c.name, c.requests.cpu, c.limits.cpu);
      }
      this.containers = n;
    }
    readDemands(this, obj as Record<string, unknown>, path);
    const config = podCpuCgroup(this, enforceCPULimits);
    this.cpuShares = config.cpuShares;
    this.cpuWeight = config.cpuWeight;
    // hierarchy.ts: the pod quota exists only when the kubelet set one; −1 means unlimited.
    this.maxCpus = config.cpuQuota !== undefined && config.cpuQuota > 0 ? config.cpuQuota / config.cpuPeriod! : Infinity;
  }
}

// Each running container's demand and threads entries, as byContainer meets them (reused: one pod at a time).
const DEMANDS: unknown[] = [];
const THREADS: unknown[] = [];

// The index of the running container `name`, or −1.
function runs(row: GuestPodRow, name: string): number {
  for (let i = 0; i < row.containers; i++) if (row.containerName[i] === name) return i;
  return -1;
}

// Marks a running container whose entry the key walk did not meet.
const UNSEEN: unique symbol = Symbol("unseen");

// A per-container map (demandMilli, threads): an object whose keys are running containers of the pod. Each
// running container's own enumerable entry is left in `values` (its index), met while the keys are checked:
// looking `map[name]` up afterwards would hash the container's name, a string the map's keys are not. null
// for an optional map the pod does not set: it has no entries (not even Object.prototype's, such as a
// container named "constructor" would otherwise look up), and nothing is left in `values`.
function byContainer(o: Record<string, unknown>, key: string, path: () => string, row: GuestPodRow, required: boolean, values: unknown[]): Record<string, unknown> | null {
  const v = o[key];
  if (v === undefined && !required) return null;
  for (let i = 0; i < row.containers; i++) values[i] = UNSEEN;
  if (!isObject(v)) throw new SchedkitError(`${path()}.${key}`, v, "is not an object (container name → value)");
  for (const name in v) {
    if (!Object.prototype.hasOwnProperty.call(v, name)) continue;
    const i = runs(row, name);
    if (i < 0) throw new SchedkitError(`${path()}.${key}`, name, `names no running container of the pod (${row.containerName.slice(0, row.containers).join(", ")})`);
    values[i] = v[name];
  }
  return v;
}

function addContainer(row: GuestPodRow, i: number, name: string, requestCpu: number, limitCpu: number): void {
  row.containerName[i] = name;
  row.containerRequest[i] = requestCpu;
  row.containerLimit[i] = limitCpu;
}

function fromCgroupPod(row: GuestPodRow, pod: CgroupPod): void {
  row.name = pod.name;
  row.namespace = pod.namespace;
  row.qos = pod.qos;
  row.requestCpu = pod.requestCpu;
  row.requestMemory = pod.requestMemory;
  row.limitCpu = pod.limitCpu;
  row.limitMemory = pod.limitMemory;
  row.cpuLimitsDeclared = pod.cpuLimitsDeclared;
  row.memoryLimitsDeclared = pod.memoryLimitsDeclared;
  const running = pod.running;
  for (let i = 0; i < running.length; i++) addContainer(row, i, running[i]!.name, running[i]!.requestCpu, running[i]!.limitCpu);
  row.containers = running.length;
}

// Each running container's demand (required) and threads (optional) from the pod's per-container maps.
function readDemands(row: GuestPodRow, o: Record<string, unknown>, path: () => string): void {
  const demands = byContainer(o, "demandMilli", path, row, true, DEMANDS)!;
  const threads = byContainer(o, "threads", path, row, false, THREADS);
  let demandMilli = 0;
  for (let i = 0; i < row.containers; i++) {
    const name = row.containerName[i]!;
    // An entry the key walk did not meet (inherited, or not enumerable) is looked up as before.
    let d = DEMANDS[i];
    if (d === UNSEEN) d = demands[name];
    if (d === undefined) throw new SchedkitError(`${path()}.demandMilli.${name}`, d, "is required (the CPU the container would use, millicores)");
    if (typeof d !== "number" || !(d >= 0) || d === Infinity) throw new SchedkitError(`${path()}.demandMilli.${name}`, d, "is not a finite number >= 0");
    demandMilli += d;
    let t: unknown;
    if (threads !== null) {
      t = THREADS[i];
      if (t === UNSEEN) t = threads[name];
    }
    if (t !== undefined && !(typeof t === "number" && Number.isInteger(t) && t >= 0)) throw new SchedkitError(`${path()}.threads.${name}`, t, "is not an integer >= 0");
    row.containerDemand[i] = d;
    row.containerThreads[i] = t ?? Infinity;
  }
  row.demandMilli = demandMilli;
}
