// Batch water-filling: many sibling sets in one kernel call, each the exact result of core's waterFill.
import { SchedkitError } from "@schedkit/core";
import { waterFill } from "@schedkit/core/overcommit";
import { rebase } from "./errors.js";
import type { CpuKernel } from "./kernel.js";
import {
  W_CAPACITY,
  W_CAPS,
  W_GROUPS,
  W_OFFSETS,
  W_OUT,
  W_SCRATCH,
  W_SLOTS,
  W_STATUS,
  W_WEIGHTS,
} from "../../assembly-cpu/abi.js";

/** Sibling sets for `waterFillGroups`: set g's children are `offsets[g]` to `offsets[g + 1] − 1` of weights and caps. */
export interface WaterFillGroups {
  /** CPUs each set shares (waterFill's `capacity`). */
  readonly capacities: ArrayLike<number>;
  /** capacities.length + 1 non-decreasing child offsets, from 0 to weights.length. */
  readonly offsets: ArrayLike<number>;
  /** Integer weights in kernel units, 1 to WATER_FILL_MAX_WEIGHT. */
  readonly weights: ArrayLike<number>;
  /** Caps in CPUs (`Infinity` for none). */
  readonly caps: ArrayLike<number>;
}

/** Copies numbers into the f64 view at `at`; anything else becomes NaN, which every kernel check rejects. */
export function copyNumbers(f64: Float64Array, at: number, values: ArrayLike<number>): void {
  if (values instanceof Float64Array) {
    f64.set(values, at);
    return;
  }
  for (let i = 0; i < values.length; i++) {
    const v: unknown = values[i];
    f64[at + i] = typeof v === "number" ? v : NaN;
  }
}

function arrayLike(path: string, v: unknown): ArrayLike<number> {
  if (typeof v !== "object" || v === null || typeof (v as { length?: unknown }).length !== "number") {
    throw new SchedkitError(path, v, "is not an array of numbers");
  }
  return v as ArrayLike<number>;
}

/** Allocations of every child, in the order of `weights`; `out` (length ≥ weights.length) is filled when given. */
export function waterFillGroups(kernel: CpuKernel, groups: WaterFillGroups, out?: Float64Array): Float64Array {
  if (typeof groups !== "object" || groups === null) throw new SchedkitError("groups", groups, "is not an object");
  const capacities = arrayLike("groups.capacities", groups.capacities);
  const offsets = arrayLike("groups.offsets", groups.offsets);
  const weights = arrayLike("groups.weights", groups.weights);
  const caps = arrayLike("groups.caps", groups.caps);
  const g = capacities.length;
  const n = weights.length;
  if (caps.length !== n) throw new SchedkitError("groups.caps", caps.length, `is not the same length as weights (${n})`);
  if (offsets.length !== g + 1) throw new SchedkitError("groups.offsets", offsets.length, `is not capacities.length + 1 (${g + 1}) long`);
  if (out !== undefined && !(out instanceof Float64Array && out.length >= n)) {
    throw new SchedkitError("out", out, `is not a Float64Array of at least ${n} entries`);
  }
  let largest = 0;
  let prev = 0;
  for (let i = 0; i <= g; i++) {
    const o: unknown = offsets[i];
    if (i === 0 && o !== 0) throw new SchedkitError("groups.offsets[0]", o, "is not 0");
    if (i === g && o !== n) throw new SchedkitError(`groups.offsets[${g}]`, o, `is not weights.length (${n})`);
    if (typeof o !== "number" || !Number.isInteger(o) || o < prev || o > n) {
      throw new SchedkitError(`groups.offsets[${i}]`, o, `is not an integer in [${prev}, ${n}]`);
    }
    if (o - prev > largest) largest = o - prev;
    prev = o;
  }

  kernel.begin();
  const op = "waterFillGroups";
  const ctx = kernel.reserve(W_SLOTS * 4, op);
  const status = kernel.reserve(3 * 4, op);
  const offs = kernel.reserve((g + 1) * 4, op);
  const cap = kernel.reserve(g * 8, op);
  const w = kernel.reserve(n * 8, op);
  const c = kernel.reserve(n * 8, op);
  const o = kernel.reserve(n * 8, op);
  const scratch = kernel.reserve(kernel.exports.scratchBytes(largest), op);
  const i32 = kernel.i32;
  const f64 = kernel.f64;
  i32[(ctx >> 2) + W_GROUPS] = g;
  i32[(ctx >> 2) + W_OFFSETS] = offs;
  i32[(ctx >> 2) + W_CAPACITY] = cap;
  i32[(ctx >> 2) + W_WEIGHTS] = w;
  i32[(ctx >> 2) + W_CAPS] = c;
  i32[(ctx >> 2) + W_OUT] = o;
  i32[(ctx >> 2) + W_SCRATCH] = scratch;
  i32[(ctx >> 2) + W_STATUS] = status;
  for (let i = 0; i <= g; i++) i32[(offs >> 2) + i] = offsets[i]!;
  copyNumbers(f64, cap >> 3, capacities);
  copyNumbers(f64, w >> 3, weights);
  copyNumbers(f64, c >> 3, caps);
  const result = out ?? new Float64Array(n);
  if (kernel.call(op, kernel.exports.waterFillGroups, ctx) !== 0) return reference(groups, result);
  result.set(kernel.f64.subarray(o >> 3, (o >> 3) + n));
  return result;
}

// A batch the kernel rejects (a value outside waterFill's domain, or not a number) runs set by set on core's
// waterFill, which raises its own error or, for what it coerces (a null cap is 0), returns its own result.
function reference(groups: WaterFillGroups, result: Float64Array): Float64Array {
  const { capacities, offsets, weights, caps } = groups;
  for (let g = 0; g < capacities.length; g++) {
    const start = offsets[g]!;
    const end = offsets[g + 1]!;
    const w = Array.prototype.slice.call(weights, start, end) as number[];
    const c = Array.prototype.slice.call(caps, start, end) as number[];
    try {
      result.set(waterFill(capacities[g]!, w, c), start);
    } catch (e) {
      const path = e instanceof SchedkitError ? e.path : "";
      const child = /^(weights|caps)\[(\d+)\]$/.exec(path);
      throw rebase(e, path === "capacity" ? `capacities[${g}]` : child !== null ? `${child[1]}[${start + Number(child[2])}]` : `weights of group ${g}`);
    }
  }
  return result;
}
