// kubelet: pkg/kubelet/cm/node_container_manager_linux.go GetNodeAllocatableReservation,
// getNodeAllocatableInternalAbsolute; cm helpers hardEvictionReservation; eviction/api GetThresholdQuantity;
// nodestatus setter that subtracts the reservation from capacity.
import { SchedkitError } from "../errors.js";
import { isIntIn, requireFinite, requireIntInDomain } from "./validate.js";

/**
 * A hard-eviction threshold: an absolute quantity (bytes), or a fraction of capacity in [0, 1].
 * `percentage` is the fraction as the kubelet holds it after parsing; the kubelet parses "N%" into a
 * float32 (float32(N) / 100), so pass `Math.fround(Math.fround(N) / 100)` to reproduce it bit-exactly.
 */
export type EvictionThresholdValue = { readonly quantity: number } | { readonly percentage: number };

/** Resource amounts keyed by resource name: cpu in millicores, memory and ephemeral-storage in bytes. */
export type ResourceAmounts = Readonly<Record<string, number>>;

/** Node capacity and the kubelet's reservations. */
export interface NodeAllocatableInput {
  readonly capacity: ResourceAmounts;
  readonly kubeReserved?: ResourceAmounts;
  readonly systemReserved?: ResourceAmounts;
  /** Hard eviction thresholds; only these two signals reserve capacity (default Linux: memory.available<100Mi). */
  readonly evictionHard?: {
    readonly "memory.available"?: EvictionThresholdValue;
    readonly "nodefs.available"?: EvictionThresholdValue;
  };
}

/** Node allocatable, per resource named in `capacity`. */
export interface NodeAllocatable {
  /** What the node reports and the scheduler admits against: capacity − kube − system − hard eviction, ≥ 0. */
  readonly allocatable: Record<string, number>;
  /** The kubepods cgroup size when enforceNodeAllocatable contains "pods": capacity − kube − system, ≥ 0. */
  readonly kubepods: Record<string, number>;
  /** Capacity reserved by hard eviction thresholds (memory, ephemeral-storage). */
  readonly evictionReservation: Record<string, number>;
}

const MAX_AMOUNT = Number.MAX_SAFE_INTEGER;

/**
 * Node allocatable: allocatable[r] = max(0, capacity[r] − kubeReserved[r] − systemReserved[r] − eviction[r]).
 * A percentage threshold reserves trunc(capacity × fraction). All amounts are integers in [0, 2^53 − 1].
 */
export function nodeAllocatable(input: NodeAllocatableInput): NodeAllocatable {
  if (typeof input !== "object" || input === null) throw new SchedkitError("input", input, "is not an object");
  const capacity = amounts("capacity", input.capacity);
  if (capacity === undefined) throw new SchedkitError("capacity", input.capacity, "is not an object");
  const kube = amounts("kubeReserved", input.kubeReserved);
  const system = amounts("systemReserved", input.systemReserved);

  const evictionReservation: Record<string, number> = {};
  const hard = input.evictionHard;
  if (hard !== undefined) {
    if (typeof hard !== "object" || hard === null) throw new SchedkitError("evictionHard", hard, "is not an object");
    const mem = hard["memory.available"];
    if (mem !== undefined) evictionReservation["memory"] = thresholdQuantity('evictionHard["memory.available"]', mem, capacity["memory"] ?? 0);
    const fs = hard["nodefs.available"];
    if (fs !== undefined) {
      evictionReservation["ephemeral-storage"] = thresholdQuantity('evictionHard["nodefs.available"]', fs, capacity["ephemeral-storage"] ?? 0);
    }
  }

  const allocatable: Record<string, number> = {};
  const kubepods: Record<string, number> = {};
  for (const name of Object.keys(capacity)) {
    const reserved = (kube?.[name] ?? 0) + (system?.[name] ?? 0);
    const cap = capacity[name] as number;
    // Negative allocatable is floored at 0 upstream ("negative Allocatable resources don't make sense").
    kubepods[name] = Math.max(0, cap - reserved);
    allocatable[name] = Math.max(0, cap - reserved - (evictionReservation[name] ?? 0));
  }
  return { allocatable, kubepods, evictionReservation };
}

function amounts(path: string, list: ResourceAmounts | undefined): ResourceAmounts | undefined {
  if (list === undefined) return undefined;
  if (typeof list !== "object" || list === null) throw new SchedkitError(path, list, "is not an object");
  for (const name of Object.keys(list)) {
    const v = list[name];
    if (!isIntIn(v, 0, MAX_AMOUNT)) requireIntInDomain(`${path}["${name}"]`, v, 0, MAX_AMOUNT);
  }
  return list;
}

// eviction/api GetThresholdQuantity: the quantity as is, or int64(float64(capacity) × float64(percentage)).
function thresholdQuantity(path: string, value: EvictionThresholdValue, capacity: number): number {
  if (typeof value !== "object" || value === null) throw new SchedkitError(path, value, "is not an object");
  if ("quantity" in value) return requireIntInDomain(`${path}.quantity`, value.quantity, 0, MAX_AMOUNT);
  if ("percentage" in value) return Math.trunc(capacity * requireFinite(`${path}.percentage`, value.percentage, 0, 1));
  throw new SchedkitError(path, value, "has neither quantity nor percentage");
}
