// kubelet: pkg/kubelet/eviction/helpers.go rankMemoryPressure =
// orderedBy(exceedMemoryRequests, priority, memory).
import { SchedkitError } from "../errors.js";
import { isIntIn, requireInt } from "../cgroup/validate.js";

/** A pod as memory-pressure eviction ranks it. Bytes are integers in [0, 2^53 − 1]. */
export interface MemoryEvictionCandidate {
  /** Pod priority (`spec.priority`, int32); default 0. */
  readonly priority?: number;
  /** Memory working set in bytes; undefined when the kubelet has no stats for the pod. */
  readonly memoryUsage?: number;
  /** Pod memory request in bytes (pod-level aggregate, overhead included); default 0. */
  readonly memoryRequest?: number;
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/**
 * The pods in the order the kubelet evicts them under memory pressure, first victim first:
 * pods without stats, then pods whose usage exceeds their request, then lower priority, then larger
 * usage − request. Returns a new array. Ties keep their input order (upstream's sort.Sort is not stable,
 * so it may order tied pods either way).
 */
export function rankForMemoryPressureEviction<T extends MemoryEvictionCandidate>(pods: readonly T[]): T[] {
  if (!Array.isArray(pods)) throw new SchedkitError("pods", pods, "is not an array");
  for (let i = 0; i < pods.length; i++) check(pods[i] as T, i);
  return pods.slice().sort(compare);
}

function check(p: MemoryEvictionCandidate, i: number): void {
  if (typeof p !== "object" || p === null) throw new SchedkitError(`pods[${i}]`, p, "is not an object");
  if (p.priority !== undefined && !isIntIn(p.priority, INT32_MIN, INT32_MAX)) {
    requireInt(`pods[${i}].priority`, p.priority, INT32_MIN, INT32_MAX);
  }
  if (p.memoryUsage !== undefined && !isIntIn(p.memoryUsage, 0, Number.MAX_SAFE_INTEGER)) {
    requireInt(`pods[${i}].memoryUsage`, p.memoryUsage, 0, Number.MAX_SAFE_INTEGER);
  }
  if (p.memoryRequest !== undefined && !isIntIn(p.memoryRequest, 0, Number.MAX_SAFE_INTEGER)) {
    requireInt(`pods[${i}].memoryRequest`, p.memoryRequest, 0, Number.MAX_SAFE_INTEGER);
  }
}

function compare(a: MemoryEvictionCandidate, b: MemoryEvictionCandidate): number {
  const aStats = a.memoryUsage !== undefined;
  const bStats = b.memoryUsage !== undefined;
  // exceedMemoryRequests: a pod without stats goes first; two such pods tie here and in `memory`.
  if (aStats !== bStats) return aStats ? 1 : -1;
  const aReq = a.memoryRequest ?? 0;
  const bReq = b.memoryRequest ?? 0;
  if (aStats && bStats) {
    const aExceeds = (a.memoryUsage as number) > aReq;
    const bExceeds = (b.memoryUsage as number) > bReq;
    if (aExceeds !== bExceeds) return aExceeds ? -1 : 1;
  }
  const aPrio = a.priority ?? 0;
  const bPrio = b.priority ?? 0;
  if (aPrio !== bPrio) return aPrio < bPrio ? -1 : 1;
  if (!aStats) return 0;
  // memory: larger consumption above the request first. Differences of safe integers are exact.
  const aOver = (a.memoryUsage as number) - aReq;
  const bOver = (b.memoryUsage as number) - bReq;
  return aOver === bOver ? 0 : aOver > bOver ? -1 : 1;
}
