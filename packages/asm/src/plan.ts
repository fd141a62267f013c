// What the WASM engine knows about the profile: which plugins run where (KERNEL_PLUGINS: in the kernel, cached
// per pod shape, or per pod; TypeScript otherwise), the resource plugins' args, and the pod-shape key.
import {
  isScalarResourceName,
  NODE_RESOURCES_BALANCED_ALLOCATION,
  NODE_RESOURCES_FIT,
  parseBalancedAllocationArgs,
  parseFitArgs,
  scoresBalanceChange,
  type NodeResourcesBalancedAllocationArgs,
  type NodeResourcesFitArgs,
  POD_TOPOLOGY_SPREAD,
  INTER_POD_AFFINITY as INTER_POD_AFFINITY_NAME,
  type CycleState,
  type NodeInfo,
  type PluginContext,
  type PodInfo,
  type Snapshot,
} from "@schedkit/core/engine";
import type { NodeColumns } from "./columns.js";
import type { Kernel } from "./kernel.js";
import { SpreadKernel } from "./spread.js";
import { AffinityKernel } from "./affinity.js";
import type { TopologyDomains } from "./domains.js";
import { A_CPU, A_EPH, A_MEM, NORM_NONE, NORM_PLAIN, NORM_REVERSE, NZ_CPU, NZ_MEM, R_CPU, R_EPH, R_MEM } from "../assembly/abi.js";

export const FIT = NODE_RESOURCES_FIT;
export const BALANCED = NODE_RESOURCES_BALANCED_ALLOCATION;
export const INTER_POD_AFFINITY = INTER_POD_AFFINITY_NAME;
export const SPREAD = POD_TOPOLOGY_SPREAD;

/**
 * How the kernel runs a plugin's Filter:
 *  - "kernel": in filterPod itself (NodeResourcesFit: its request in the pod block, the reason bits);
 *  - "shape": the verdict reads only the node and the pod's spec: the plugin's own Filter runs once per pod shape
 *    over every node into a u8 column (the first rejecting such filter per node) the kernel reads;
 *  - "pod": a kernel pass per pod (PodKernelPlugin.filter) merges its verdicts into that u8 column.
 * A filter without an entry runs in TypeScript per pod and node, into the same column.
 */
export type FilterMode = "kernel" | "shape" | "pod";

/**
 * How the kernel runs a plugin's Score and NormalizeScore:
 *  - "resource": a resource scorer of the score program (NodeResourcesFit's strategy, BalancedAllocation);
 *  - { shape: NORM_* }: the raw score reads only the node and the pod's spec: the plugin's own Score runs once
 *    per pod shape over every node into an f64 column; the kernel normalizes (NORM_*), weighs and adds it;
 *  - "pod": a kernel pass per pod (PodKernelPlugin.score) writes normalized × weight per feasible node.
 * A scorer without an entry runs in TypeScript per pod (Score and NormalizeScore) into an f64 column.
 */
export type ScoreMode = "resource" | { readonly shape: number } | "pod";

/** A per-pod kernel plugin's host side (see FilterMode / ScoreMode "pod"). */
export interface PodKernelPlugin {
  /** Merges the plugin's verdicts into the u8 filter column as filter `index`; false: TypeScript does it. */
  filter?(state: CycleState, tscol: number, index: number): boolean;
  /**
   * Normalized × weight per feasible position (C_FEAS) into `column`; raw / normalized scores when explaining.
   * Null: TypeScript scores the plugin (the reference reports its errors).
   */
  score?(
    state: CycleState,
    feasible: readonly NodeInfo[],
    weight: number,
    column: number,
    explain: boolean,
    shape: Map<string, unknown>,
    shapeRegion: (bytes: number) => number,
  ): { readonly raw: Float64Array | null; readonly norm: Float64Array | null } | null;
}

/** One kernel plugin: its extension points' modes and, for "pod" modes, its host side. */
export interface KernelPluginEntry {
  readonly filter?: FilterMode;
  readonly score?: ScoreMode;
  readonly host?: (kernel: Kernel, columns: NodeColumns, snap: Snapshot, domains: TopologyDomains) => PodKernelPlugin;
}

/**
 * Which plugins the kernel accelerates and how, by registered name; every other plugin runs in TypeScript with
 * the same results. Adding one: an entry here, its kernel code (assembly/), its host side for "pod" modes
 * (src/), and its parity cases (CONTRIBUTING.md "A new plugin (WASM)").
 */
export const KERNEL_PLUGINS: Readonly<Record<string, KernelPluginEntry>> = {
  [FIT]: { filter: "kernel", score: "resource" },
  [BALANCED]: { score: "resource" },
  NodeUnschedulable: { filter: "shape" },
  NodeName: { filter: "shape" },
  TaintToleration: { filter: "shape", score: { shape: NORM_REVERSE } },
  NodeAffinity: { filter: "shape", score: { shape: NORM_PLAIN } },
  ImageLocality: { score: { shape: NORM_NONE } }, // a final score: no NormalizeScore
  [SPREAD]: { filter: "pod", score: "pod", host: (kernel, columns, snap, domains) => new SpreadKernel(kernel, columns, snap, domains) },
  [INTER_POD_AFFINITY]: { filter: "pod", score: "pod", host: (kernel, columns, _snap, domains) => new AffinityKernel(kernel, columns, domains) },
};

function entries(): [string, KernelPluginEntry][] {
  return Object.entries(KERNEL_PLUGINS);
}

/** Filters evaluated once per pod shape into the u8 column (FilterMode "shape"). */
export const STATIC_FILTERS: ReadonlySet<string> = new Set(entries().filter(([, e]) => e.filter === "shape").map(([n]) => n));

/** Scorers whose raw score is a per-shape column, with their normalization (ScoreMode { shape }). */
export const STATIC_SCORES: ReadonlyMap<string, number> = new Map(
  entries().flatMap(([n, e]) => (typeof e.score === "object" ? [[n, e.score.shape] as [string, number]] : [])),
);

/** Filters and scorers with a per-pod kernel pass (mode "pod"). */
export const POD_FILTERS: ReadonlySet<string> = new Set(entries().filter(([, e]) => e.filter === "pod").map(([n]) => n));
export const POD_SCORES: ReadonlySet<string> = new Set(entries().filter(([, e]) => e.score === "pod").map(([n]) => n));

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

const internedKeys = new Map<string, string>();
// Pods that are each their own shape (a unique label per pod) are not worth interning past this many shapes.
const MAX_INTERNED_KEYS = 4096;

// The shapes seen so far, by a hash of the same fields the key serializes: a pod equal field by field to one of
// them gets that pod's key without serializing its own (which was, with the hashing of the ~450-character
// string it built, most of a pod's cost outside the kernel). Equality is at least as strict as the keys' (what
// it cannot compare cheaply, it calls different), so a pod gets either its own key or a key equal to it.
interface ShapeRep {
  readonly pod: unknown;
  readonly hostPorts: unknown;
  readonly key: string;
}
const reps = new Map<number, ShapeRep[]>();
let repCount = 0;
// A bucket of this many distinct shapes with one hash (unlikely but possible) takes no more: later ones serialize.
const MAX_BUCKET = 8;

// The last pod asked about: the scheduler asks for a pod's key more than once in a row (plan, then its columns).
let lastInfo: PodInfo | null = null;
let lastKey = "";

/**
 * The pod's shape: its whole spec except the fields listed in NOT_SHAPE (plus the derived host ports). Pods of
 * one shape get the same static filter and score columns and the same PreFilter/PreScore skip decisions;
 * whatever a plugin reads that is not excluded here is part of the key, so a new plugin field is safe by default.
 */
export function shapeKey(info: PodInfo): string {
  if (info === lastInfo) return lastKey;
  const h = hashShape(info.pod, hashShape(info.hostPorts, 0x9e3779b9));
  let bucket = reps.get(h);
  let k: string | undefined;
  if (bucket !== undefined) {
    for (let i = 0; i < bucket.length; i++) {
      const r = bucket[i]!;
      if (sameShape(info.pod, r.pod) && sameShape(info.hostPorts, r.hostPorts)) {
        k = r.key;
        break;
      }
    }
  }
  if (k === undefined) {
    k = stringify([info.pod, info.hostPorts]);
    // One string per shape, not per pod: at 10⁶ pods of a few shapes the per-pod copies were hundreds of MB,
    // and a shape's string keeps its hash for the plan lookups.
    const interned = internedKeys.get(k);
    if (interned !== undefined) k = interned;
    else if (internedKeys.size < MAX_INTERNED_KEYS) internedKeys.set(k, k);
    if (repCount < MAX_INTERNED_KEYS && (bucket === undefined || bucket.length < MAX_BUCKET)) {
      if (bucket === undefined) reps.set(h, (bucket = []));
      bucket.push({ pod: info.pod, hostPorts: info.hostPorts, key: k });
      repCount++;
    }
  }
  lastInfo = info;
  lastKey = k;
  return k;
}

function mix(h: number, v: number): number {
  return Math.imul(h ^ v, 0x01000193) >>> 0;
}

// A hash of what stringify writes (Maps and Sets as their entries, what it omits left out); hashing whole
// strings keeps pods that differ in one character of an image apart.
function hashShape(v: unknown, h: number): number {
  switch (typeof v) {
    case "string": {
      h = mix(h, v.length);
      for (let i = 0; i < v.length; i++) h = mix(h, v.charCodeAt(i));
      return h;
    }
    case "number":
      return mix(mix(h, v | 0), (v * 4096) | 0);
    case "boolean":
      return mix(h, v ? 3 : 5);
    case "object":
      break;
    default:
      return mix(h, 7);
  }
  if (v === null) return mix(h, 11);
  if (Array.isArray(v)) {
    h = mix(h, 13 + v.length);
    for (let i = 0; i < v.length; i++) h = hashShape(v[i], h);
    return h;
  }
  if (v instanceof Map) {
    h = mix(h, 17 + v.size);
    for (const [a, b] of v) h = hashShape(b, hashShape(a, h));
    return h;
  }
  if (v instanceof Set) {
    h = mix(h, 19 + v.size);
    for (const a of v) h = hashShape(a, h);
    return h;
  }
  h = mix(h, 23);
  for (const key in v) {
    if (NOT_SHAPE.has(key)) continue;
    h = hashShape((v as Record<string, unknown>)[key], mix(h, key.length));
  }
  return h;
}

// Keys of the objects being compared, by depth (reused: comparing allocates nothing once warm).
const keyStack: string[] = [];

/**
 * Whether stringify writes `a` and `b` the same, answered without writing them: true only when they are equal
 * field by field in the same order (NOT_SHAPE fields and what stringify omits left out). Anything stringify
 * would hand to JSON.stringify (class instances, toJSON, numbers that are not finite) compares unequal.
 */
function sameShape(a: unknown, b: unknown): boolean {
  if (typeof a !== "object" || typeof b !== "object") {
    if (typeof a === "number") return a === b && Number.isFinite(a);
    return a === b && (typeof a === "string" || typeof a === "boolean");
  }
  if (a === null || b === null) return a === b;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
      const x = a[i] as unknown;
      // stringify writes an omitted element as null, which no comparison here makes equal to a null.
      if (x === undefined || typeof x === "function" || typeof x === "symbol" || !sameShape(x, b[i])) return false;
    }
    return true;
  }
  if (a instanceof Map) {
    if (!(b instanceof Map) || a.size !== b.size) return false;
    const bi = b.entries();
    for (const [k, v] of a) {
      const e = bi.next().value as [unknown, unknown];
      if (!sameShape(k, e[0]) || !sameShape(v, e[1])) return false;
    }
    return true;
  }
  if (a instanceof Set) {
    if (!(b instanceof Set) || a.size !== b.size) return false;
    const bi = b.values();
    for (const k of a) if (!sameShape(k, bi.next().value)) return false;
    return true;
  }
  const pa = Object.getPrototypeOf(a) as unknown;
  if ((pa !== Object.prototype && pa !== null) || Object.getPrototypeOf(b) !== pa) return false;
  if (typeof (a as { toJSON?: unknown }).toJSON === "function") return false;
  const base = keyStack.length;
  try {
    for (const key in a) {
      if (NOT_SHAPE.has(key) || !Object.prototype.hasOwnProperty.call(a, key)) continue;
      const x = (a as Record<string, unknown>)[key];
      if (x === undefined || typeof x === "function" || typeof x === "symbol") continue;
      if (!Object.prototype.hasOwnProperty.call(b, key) || !sameShape(x, (b as Record<string, unknown>)[key])) return false;
      keyStack.push(key);
    }
    // The same fields in the same order: b's written fields are exactly the keys listed.
    let i = base;
    for (const key in b) {
      if (NOT_SHAPE.has(key) || !Object.prototype.hasOwnProperty.call(b, key)) continue;
      const y = (b as Record<string, unknown>)[key];
      if (y === undefined || typeof y === "function" || typeof y === "symbol") continue;
      if (i >= keyStack.length || keyStack[i] !== key) return false;
      i++;
    }
    return i === keyStack.length;
  } finally {
    keyStack.length = base;
  }
}

/** @internal the shape key as JSON.stringify with the replacer writes it (what `shapeKey` must equal). */
export function shapeKeyReference(info: PodInfo): string {
  return JSON.stringify([info.pod, info.hostPorts], replacer);
}
