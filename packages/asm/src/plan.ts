// What the WASM engine knows about the profile: which plugins run where (kernel, cached per pod shape, or
// TypeScript per pod), the resource plugins' args, and the pod-shape key.
import {
  isScalarResourceName,
  NODE_RESOURCES_BALANCED_ALLOCATION,
  NODE_RESOURCES_FIT,
  parseBalancedAllocationArgs,
  parseFitArgs,
  scoresBalanceChange,
  type NodeResourcesBalancedAllocationArgs,
  type NodeResourcesFitArgs,
  type PluginContext,
  type PodInfo,
} from "@schedkit/core/engine";
import { A_CPU, A_EPH, A_MEM, NORM_NONE, NORM_PLAIN, NORM_REVERSE, NZ_CPU, NZ_MEM, R_CPU, R_EPH, R_MEM } from "../assembly/abi.js";

export const FIT = NODE_RESOURCES_FIT;
export const BALANCED = NODE_RESOURCES_BALANCED_ALLOCATION;
export const INTER_POD_AFFINITY = "InterPodAffinity";

/**
 * Filters whose verdict depends only on the node's static properties and the pod's spec: evaluated once per
 * pod shape over every node into a u8 column.
 */
export const STATIC_FILTERS: ReadonlySet<string> = new Set(["NodeUnschedulable", "NodeName", "TaintToleration", "NodeAffinity"]);

/** Scorers whose raw score depends only on static node properties and the pod's spec, with their normalization. */
export const STATIC_SCORES: ReadonlyMap<string, number> = new Map([
  ["TaintToleration", NORM_REVERSE],
  ["NodeAffinity", NORM_PLAIN],
  ["ImageLocality", NORM_NONE], // a final score: no NormalizeScore
]);

/** Args of the two resource plugins, decoded from the profile the same way the plugins decode them. */
export interface ResourceConfig {
  readonly fit: NodeResourcesFitArgs;
  readonly balanced: NodeResourcesBalancedAllocationArgs;
  /** BalancedAllocation scores the change in balance (balanced-allocation.ts scoresBalanceChange). */
  readonly balanceChange: boolean;
}

function pluginArgs(profile: unknown, name: string): unknown {
  if (typeof profile !== "object" || profile === null) return undefined;
  const pc = (profile as { pluginConfig?: unknown }).pluginConfig;
  if (!Array.isArray(pc)) return undefined;
  for (const e of pc) if (typeof e === "object" && e !== null && (e as { name?: unknown }).name === name) return (e as { args?: unknown }).args;
  return undefined;
}

/** Decodes the resource plugins' args (the profile was already validated by resolveProfile). */
export function resourceConfig(profile: unknown, ctx: PluginContext): ResourceConfig {
  return {
    fit: parseFitArgs(pluginArgs(profile, FIT), `profile.pluginConfig[${JSON.stringify(FIT)}].args`),
    balanced: parseBalancedAllocationArgs(pluginArgs(profile, BALANCED), `profile.pluginConfig[${JSON.stringify(BALANCED)}].args`),
    balanceChange: scoresBalanceChange(ctx),
  };
}

/** Columns a configured resource reads: allocatable and used (−1 when every node skips it). */
export function resourceColumns(
  name: string,
  podRequest: number,
  useRequested: boolean,
  scalarColumn: ReadonlyMap<string, number>,
): [number, number] {
  switch (name) {
    case "cpu":
      return [A_CPU, useRequested ? R_CPU : NZ_CPU];
    case "memory":
      return [A_MEM, useRequested ? R_MEM : NZ_MEM];
    case "ephemeral-storage":
      return [A_EPH, R_EPH];
    default: {
      // resource_allocation.go: a scalar the pod does not request is bypassed; other names are never scored.
      if (!isScalarResourceName(name) || podRequest === 0) return [-1, -1];
      const c = scalarColumn.get(name);
      return c === undefined ? [-1, -1] : [c, c + 1];
    }
  }
}

/** Whether BalancedAllocation's without-pod score can be cached per node (no scalar resource configured). */
export function balancedCacheable(cfg: ResourceConfig): boolean {
  return cfg.balanceChange && cfg.balanced.resources.length > 0 && cfg.balanced.resources.every((r) => !isScalarResourceName(r.name));
}

// Per-pod fields that no PreFilter / Filter / PreScore / Score decision reads apart from the requests (which
// travel per pod) and the queue (ordering, preemption: the cycle's business).
const NOT_SHAPE = new Set([
  "name",
  "uid",
  "creationTime",
  "startTime",
  "priority",
  "requests",
  "limits",
  "overhead",
  "podResources",
  "containerStatuses",
  "initContainerStatuses",
  "statusPodRequests",
  "statusPodAllocated",
  "resizeInfeasible",
]);

function replacer(key: string, v: unknown): unknown {
  if (NOT_SHAPE.has(key)) return undefined;
  if (v instanceof Map) return [...v];
  if (v instanceof Set) return [...v];
  return v;
}

/**
 * JSON.stringify(v, replacer), written out: the same string (plan.test.ts checks it on arbitrary pods), without
 * a call from the serializer into `replacer` for every key of every pod, which was a quarter of a run's time
 * per pod. Whatever it does not expect (toJSON, a class instance, bigint, symbol) goes back to JSON.stringify.
 */
function stringify(v: unknown): string {
  switch (typeof v) {
    case "string":
      return PLAIN.test(v) ? `"${v}"` : JSON.stringify(v);
    case "number":
      return Number.isFinite(v) ? `${v}` : "null";
    case "boolean":
      return v ? "true" : "false";
    case "object":
      break;
    default:
      return JSON.stringify(v, replacer);
  }
  if (v === null) return "null";
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    let o = "[";
    for (let i = 0; i < v.length; i++) o += (i > 0 ? "," : "") + element(v[i]);
    return `${o}]`;
  }
  if (v instanceof Map || v instanceof Set) {
    if (v.size === 0) return "[]";
    let o = "[";
    let first = true;
    for (const e of v instanceof Map ? v.entries() : v.values()) {
      o += (first ? "" : ",") + element(e);
      first = false;
    }
    return `${o}]`;
  }
  const proto = Object.getPrototypeOf(v) as unknown;
  if ((proto !== Object.prototype && proto !== null) || typeof (v as { toJSON?: unknown }).toJSON === "function") return JSON.stringify(v, replacer);
  let o = "{";
  let first = true;
  for (const key in v) {
    if (NOT_SHAPE.has(key) || !Object.prototype.hasOwnProperty.call(v, key)) continue;
    const e = (v as Record<string, unknown>)[key];
    if (e === undefined || typeof e === "function" || typeof e === "symbol") continue;
    let q = quotedKeys.get(key);
    if (q === undefined) quotedKeys.set(key, (q = `${JSON.stringify(key)}:`));
    o += (first ? "" : ",") + q + stringify(e);
    first = false;
  }
  return `${o}}`;
}

// In an array, what an object omits is null.
function element(e: unknown): string {
  return e === undefined || typeof e === "function" || typeof e === "symbol" ? "null" : stringify(e);
}

// Strings JSON writes as they are, between quotes (no escapes).
const PLAIN = /^[\w .:/@=+-]*$/;
const quotedKeys = new Map<string, string>();

const keys = new WeakMap<PodInfo, string>();
const internedKeys = new Map<string, string>();
// Pods that are each their own shape (a unique label per pod) are not worth interning past this many shapes.
const MAX_INTERNED_KEYS = 4096;

/**
 * The pod's shape: its whole spec except the fields listed in NOT_SHAPE (plus the derived host ports). Pods of
 * one shape get the same static filter and score columns and the same PreFilter/PreScore skip decisions;
 * whatever a plugin reads that is not excluded here is part of the key, so a new plugin field is safe by default.
 */
export function shapeKey(info: PodInfo): string {
  let k = keys.get(info);
  if (k === undefined) {
    k = stringify([info.pod, info.hostPorts]);
    // One string per shape, not per pod: at 10⁶ pods of a few shapes the per-pod copies were hundreds of MB,
    // and a shape's string keeps its hash for the plan lookups.
    const interned = internedKeys.get(k);
    if (interned !== undefined) k = interned;
    else if (internedKeys.size < MAX_INTERNED_KEYS) internedKeys.set(k, k);
    keys.set(info, k);
  }
  return k;
}

/** @internal the shape key as JSON.stringify with the replacer writes it (what `shapeKey` must equal). */
export function shapeKeyReference(info: PodInfo): string {
  return JSON.stringify([info.pod, info.hostPorts], replacer);
}
