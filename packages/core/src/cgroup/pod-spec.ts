// The small pod shape the cgroup math reads, and its validation.
import { SchedkitError } from "../errors.js";
import { MAX_MILLI_CPU } from "./shares.js";
import { isIntIn, requireIntInDomain } from "./validate.js";

/** CPU in millicores, memory in bytes; a missing key means "not set". Only cpu and memory are read. */
export interface CgroupResourceList {
  readonly cpu?: number;
  readonly memory?: number;
}

/** One container's resources. */
export interface CgroupContainer {
  readonly requests?: CgroupResourceList;
  readonly limits?: CgroupResourceList;
}

/** An init container; `restartPolicy: "Always"` makes it a sidecar (restartable init container). */
export interface CgroupInitContainer extends CgroupContainer {
  readonly restartPolicy?: "Always";
}

/**
 * The pod as the kubelet's cgroup math sees it (after API defaulting, without pod-level `spec.resources`):
 * app containers, init containers in declaration order, and `spec.overhead`. Quantities are non-negative
 * integers: cpu ≤ MAX_MILLI_CPU millicores, memory ≤ 2^53 − 1 bytes; pod totals must stay in the same domain.
 */
export interface CgroupPodSpec {
  readonly containers: readonly CgroupContainer[];
  readonly initContainers?: readonly CgroupInitContainer[];
  readonly overhead?: CgroupResourceList;
}

const MAX_BYTES = Number.MAX_SAFE_INTEGER;

/** Throws a SchedkitError naming the first malformed field of `pod`. */
export function validateCgroupPodSpec(pod: CgroupPodSpec, path = "pod"): void {
  if (typeof pod !== "object" || pod === null) throw new SchedkitError(path, pod, "is not an object");
  if (!Array.isArray(pod.containers)) throw new SchedkitError(`${path}.containers`, pod.containers, "is not an array");
  const containers = pod.containers;
  for (let i = 0; i < containers.length; i++) validateContainer(containers[i], path, "containers", i);
  const init = pod.initContainers;
  if (init !== undefined) {
    if (!Array.isArray(init)) throw new SchedkitError(`${path}.initContainers`, init, "is not an array");
    for (let i = 0; i < init.length; i++) {
      const c = init[i] as CgroupInitContainer;
      validateContainer(c, path, "initContainers", i);
      if (c.restartPolicy !== undefined && c.restartPolicy !== "Always") {
        throw new SchedkitError(`${path}.initContainers[${i}].restartPolicy`, c.restartPolicy, 'is not "Always"');
      }
    }
  }
  if (pod.overhead !== undefined) validateList(pod.overhead, `${path}.overhead`);
}

function validateContainer(c: CgroupContainer | undefined, path: string, kind: string, i: number): void {
  if (typeof c !== "object" || c === null) throw new SchedkitError(`${path}.${kind}[${i}]`, c, "is not an object");
  if (c.requests !== undefined && !listOk(c.requests)) validateList(c.requests, `${path}.${kind}[${i}].requests`);
  if (c.limits !== undefined && !listOk(c.limits)) validateList(c.limits, `${path}.${kind}[${i}].limits`);
}

function listOk(list: CgroupResourceList): boolean {
  return (
    typeof list === "object" &&
    list !== null &&
    (list.cpu === undefined || isIntIn(list.cpu, 0, MAX_MILLI_CPU)) &&
    (list.memory === undefined || isIntIn(list.memory, 0, MAX_BYTES))
  );
}

function validateList(list: CgroupResourceList, path: string): void {
  if (typeof list !== "object" || list === null) throw new SchedkitError(path, list, "is not an object");
  if (list.cpu !== undefined) requireIntInDomain(`${path}.cpu`, list.cpu, 0, MAX_MILLI_CPU);
  if (list.memory !== undefined) requireIntInDomain(`${path}.memory`, list.memory, 0, MAX_BYTES);
}
