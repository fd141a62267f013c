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
type FilterMode = "kernel" | "shape" | "pod";

/**
 * How the kernel runs a plugin's Score and NormalizeScore:
 *  - "resource": a resource scorer of the score program (NodeResourcesFit's strategy, BalancedAllocation);
 *  - { shape: NORM_* }: the raw score reads only the node and the pod's spec: the plugin's own Score runs once
 *    per pod shape over every node into an f64 column; the kernel normalizes (NORM_*), weighs and adds it;
 *  - "pod": a kernel pass per pod (PodKernelPlugin.score) writes normalized × weight per feasible node.
 * A scorer without an entry runs in TypeScript per pod (Score and NormalizeScore) into an f64 column.
 */
type ScoreMode = "resource" | { readonly shape: number } | "pod";

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

// The shapes seen so far, as a trie over what stringify would write of a pod (field names, values, where an object,
// array, Map or Set begins and ends), walked while reading the pod: a pod of a seen shape finds its key in one
// pass over its fields without writing or hashing anything (serializing every pod, and hashing the ~450-character
// string, was most of a pod's cost outside the kernel). The walk is at least as strict as the key: two pods
// that end on the same trie node would be written the same, so a pod gets its own key or one equal to it. What
// stringify hands to JSON.stringify (class instances, toJSON) leaves the walk: such pods are serialized.
interface TrieNode {
  /** The last token seen after this node, and where it led (most pods follow one path, compared with ===). */
  tok: unknown;
  next: TrieNode | null;
  /** Every other token seen after this node. */
  more: Map<unknown, TrieNode> | null;
  /** The key of the shape that ends here (the END token of the pod has been read). */
  key: string | null;
}

const newNode = (): TrieNode => ({ tok: undefined, next: null, more: null, key: null });
const trie = newNode();
let trieNodes = 0;
// A shape adds a node per token after the point where it leaves the paths seen (a few dozen for pods that differ
// in a label); past this many (some 8 MB, a few thousand such shapes), new shapes are only serialized.
const MAX_TRIE_NODES = 1 << 17;

// Tokens for what is not a field name or a value.
const OBJECT = Symbol("object");
const ARRAY = Symbol("array");
const MAP = Symbol("map");
const SET = Symbol("set");
const END = Symbol("end");
const OMITTED = Symbol("omitted");

// Where the walk is (null: it left the trie, which was full, or met a value it does not compare).
let at: TrieNode | null = null;

function step(tok: unknown): void {
  const n = at;
  if (n === null) return;
  if (n.next !== null && n.tok === tok) {
    at = n.next;
    return;
  }
  const m = n.more?.get(tok);
  if (m !== undefined) {
    // The path most recently taken is compared first.
    if (n.next !== null) (n.more ??= new Map()).set(n.tok, n.next);
    n.tok = tok;
    n.next = m;
    at = m;
    return;
  }
  if (trieNodes >= MAX_TRIE_NODES) {
    at = null;
    return;
  }
  const c = newNode();
  trieNodes++;
  if (n.next !== null) (n.more ??= new Map()).set(n.tok, n.next);
  n.tok = tok;
  n.next = c;
  at = c;
}

function walk(v: unknown): void {
  if (at === null) return;
  switch (typeof v) {
    case "string":
    case "boolean":
    case "number":
      step(v);
      return;
    case "object":
      break;
    default:
      step(OMITTED);
      return;
  }
  if (v === null) {
    step(null);
    return;
  }
  if (Array.isArray(v)) {
    step(ARRAY);
    for (let i = 0; i < v.length; i++) {
      const e = v[i] as unknown;
      if (e === undefined || typeof e === "function" || typeof e === "symbol") step(OMITTED);
      else walk(e);
    }
    step(END);
    return;
  }
  if (v instanceof Map) {
    step(MAP);
    for (const [k, e] of v) {
      walk(k);
      walk(e);
    }
    step(END);
    return;
  }
  if (v instanceof Set) {
    step(SET);
    for (const e of v) walk(e);
    step(END);
    return;
  }
  const proto = Object.getPrototypeOf(v) as unknown;
  if ((proto !== Object.prototype && proto !== null) || typeof (v as { toJSON?: unknown }).toJSON === "function") {
    at = null;
    return;
  }
  step(OBJECT);
  for (const key in v) {
    if (NOT_SHAPE.has(key) || !Object.prototype.hasOwnProperty.call(v, key)) continue;
    const e = (v as Record<string, unknown>)[key];
    if (e === undefined || typeof e === "function" || typeof e === "symbol") continue;
    step(key);
    walk(e);
  }
  step(END);
}

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
  at = trie;
  walk(info.pod);
  walk(info.hostPorts);
  step(END);
  const end = at as TrieNode | null;
  at = null;
  let k = end?.key ?? null;
  if (k === null) {
    k = stringify([info.pod, info.hostPorts]);
    // One string per shape, not per pod: at 10⁶ pods of a few shapes the per-pod copies were hundreds of MB,
    // and a shape's string keeps its hash for the plan lookups.
    const interned = internedKeys.get(k);
    if (interned !== undefined) k = interned;
    else if (internedKeys.size < MAX_INTERNED_KEYS) internedKeys.set(k, k);
    if (end !== null && internedKeys.has(k)) end.key = k;
  }
  lastInfo = info;
  lastKey = k;
  return k;
}

/**
 * Whether `a` and `b` are plain objects with the same keys in the same order and the same primitive values
 * (shapeKey writes them alike): a replica's controllerRef (kube.ts controllerRefField) is its own object per
 * pod, the same three strings as its siblings'. Anything else — arrays, maps, nested objects — is not looked
 * into (false).
 */
function sameFlat(a: unknown, b: unknown): boolean {
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.prototype || Object.getPrototypeOf(b) !== Object.prototype) return false;
  // for-in lists a plain object's own keys in Object.keys order (its prototype has none enumerable): the keys
  // go through one array kept between calls, not two new arrays per replica.
  let n = 0;
  for (const k in a) {
    const v = (a as Record<string, unknown>)[k];
    if (typeof v === "object" || typeof v === "function" || typeof v === "number" || v !== (b as Record<string, unknown>)[k]) return false;
    flatKeys[n++] = k;
  }
  let m = 0;
  for (const k in b) if (m >= n || flatKeys[m++] !== k) return false;
  return m === n;
}

const flatKeys: string[] = [];

/**
 * Whether `b` has the shape of `a` without walking either: every field shapeKey reads is the same value or the
 * same object (replicas parsed with one PodInterner share their labels, containers, affinity, tolerations
 * and spread constraints), and no other field. False says nothing (shapeKey decides then).
 */
export function sameShape(a: PodInfo, b: PodInfo): boolean {
  if (a.hostPorts !== b.hostPorts) return false;
  const p = a.pod as unknown as Record<string, unknown>;
  const q = b.pod as unknown as Record<string, unknown>;
  let fields = 0;
  for (const k in p) {
    if (NOT_SHAPE.has(k)) continue;
    if (p[k] !== q[k] && !sameFlat(p[k], q[k])) return false;
    fields++;
  }
  for (const k in q) if (!NOT_SHAPE.has(k)) fields--;
  return fields === 0;
}

/**
 * sameShape for a queue's pods in order: a Deployment's replicas compared each with the one before it. The
 * first pod's fields are read once (in its key order, with which of them NOT_SHAPE leaves out); a pod found of
 * its shape stands for it in the next call, its fields being the very values kept or, a controllerRef, equal
 * to them field by field (sameFlat), which any third pod's fields match or not alike. So each replica costs a
 * for-in over its own keys, where sameShape made two walks with a NOT_SHAPE lookup per key and a keyed read
 * of the other pod (a twentieth of a Deployment's run every node examined). Pods whose keys come in another
 * order get sameShape itself: every answer is its.
 */
export class ShapeChain {
  private pod: object | null = null;
  private readonly keys: string[] = [];
  private readonly values: unknown[] = [];
  private readonly skip: boolean[] = [];
  private count = 0;

  same(a: PodInfo, b: PodInfo): boolean {
    if (a.hostPorts !== b.hostPorts) return false;
    if (this.pod !== a.pod) this.load(a.pod);
    const keys = this.keys;
    const values = this.values;
    const skip = this.skip;
    const n = this.count;
    const q = b.pod as unknown as Record<string, unknown>;
    let i = 0;
    let aligned = true;
    for (const k in q) {
      // Another key order (or another key): the general test.
      if (i >= n || k !== keys[i]) {
        aligned = false;
        break;
      }
      if (!skip[i]) {
        const v = q[k];
        if (v !== values[i] && !sameFlat(values[i], v)) {
          this.pod = null;
          return false;
        }
      }
      i++;
    }
    if (!aligned || i !== n) {
      this.pod = null;
      return sameShape(a, b);
    }
    this.pod = b.pod;
    return true;
  }

  private load(pod: object): void {
    const p = pod as Record<string, unknown>;
    let i = 0;
    for (const k in p) {
      this.keys[i] = k;
      this.values[i] = p[k];
      this.skip[i] = NOT_SHAPE.has(k);
      i++;
    }
    this.count = i;
    this.pod = pod;
  }
}

/** @internal how many nodes the shape trie holds (tests: its cap). */
export function shapeTrieNodes(): number {
  return trieNodes;
}

/** @internal the shape key as JSON.stringify with the replacer writes it (what `shapeKey` must equal). */
export function shapeKeyReference(info: PodInfo): string {
  return JSON.stringify([info.pod, info.hostPorts], replacer);
}
