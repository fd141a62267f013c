// The worker threads' side of @schedkit/asm/parallel: each thread builds its own Cluster and engine from the
// plain input once (createCluster's input is data, a Cluster is not), then answers capacity questions on them.
// Nothing here outlives a job except those two, which jobs only read.
import { createCluster, tsEngine, type Cluster, type CreateClusterOptions, type Engine, type PodInput } from "@schedkit/core";
import { capacity as capacityOn, nodesToAddProbe as probeOn, type CapacityOptions, type CapacityResult, type NodesToAddOptions, type NodesToAddProbe, type ShapeCapacity } from "@schedkit/core/analysis";
import { createWasmEngineSync } from "../engine.js";

/** The engine a thread creates: the TypeScript reference, or the WebAssembly engine's SIMD or scalar build. */
export type EngineName = "ts" | "wasm" | "wasm-scalar";

/** What every thread prepares from. */
export interface Setup {
  readonly cluster: unknown;
  readonly clusterOptions: CreateClusterOptions | undefined;
  readonly engine: EngineName;
  /** When the pool started its threads, as `performance.timeOrigin + performance.now()` (threads only). */
  readonly spawnedAt?: number;
}

export interface Prepared {
  readonly cluster: Cluster;
  readonly engine: Engine;
  /** The cluster's node names to their index, made by the first answer that packs a placement. */
  nodeIndex?: Map<string, number>;
  /** What this thread's preparation cost (the `startup` job reports it). */
  readonly startup: Startup;
}

/** Milliseconds a thread spent preparing, by phase. */
export interface Startup {
  /** From the thread's start to its `prepare`: Node's thread start-up and the task module's import (0 on the calling thread). */
  readonly bootMs: number;
  /** createCluster of the cluster input. */
  readonly clusterMs: number;
  /** Creating the engine (for WebAssembly: compiling and instantiating the module). */
  readonly engineMs: number;
}

export function engineByName(name: EngineName): Engine {
  return name === "ts" ? tsEngine : createWasmEngineSync({ flavor: name === "wasm-scalar" ? "scalar" : undefined });
}

export function prepare(setup: Setup): Prepared {
  // A thread's performance.now() does not start with the thread, so its boot is measured on the epoch clock the
  // pool stamped the setup with.
  const t0 = performance.now();
  const bootMs = setup.spawnedAt === undefined ? 0 : performance.timeOrigin + t0 - setup.spawnedAt;
  const cluster = createCluster(setup.cluster, setup.clusterOptions);
  const t1 = performance.now();
  const engine = engineByName(setup.engine);
  return { cluster, engine, startup: { bootMs, clusterMs: t1 - t0, engineMs: performance.now() - t1 } };
}

export function startup(_job: unknown, p: Prepared): Startup {
  return p.startup;
}

/**
 * A capacity answer as it travels back: each shape's placement (one `{node, replicas}` per node that got a
 * replica: up to one per node) as (node index, replicas) pairs in an Int32Array, `placements[i]` for
 * `result.shapes[i]`, whose own placement is empty. Structured clone of 10,000 such objects costs the thread
 * ~1.8 ms and the calling thread — which shares the cores with the threads — ~5 ms to read; the pairs cost
 * neither, and the calling thread names them again from its own cluster's node names (unpackPlacement).
 */
export interface PackedCapacityResult {
  readonly result: CapacityResult;
  readonly placements: readonly Int32Array[];
}

export type CapacityJob = { readonly shapes: readonly PodInput[]; readonly options: Omit<CapacityOptions, "engine"> };

/** A capacity job's answer where it is asked (the calling thread's own jobs need no packing). */
export function capacityAnswer(job: CapacityJob, p: Prepared): CapacityResult {
  return capacityOn(p.cluster, job.shapes, { ...job.options, engine: p.engine });
}

export function capacity(job: CapacityJob, p: Prepared): PackedCapacityResult {
  const r = capacityAnswer(job, p);
  return { result: { ...r, shapes: r.shapes.map((s) => ({ ...s, placement: [] })) }, placements: r.shapes.map((s) => packPlacement(s.placement, p)) };
}

/**
 * A probe's answer as it travels back: without its placement, which goes as pairs in one Int32Array as a
 * capacity answer's does (a template copy's node as −i for the i-th copy). The search reads only the replica
 * counts; the calling thread names the pairs again only for the two answers nodesToAdd's result keeps,
 * instead of cloning thousands of {node, replicas} objects per probe on the thread that drives the search.
 */
export interface PackedCapacity {
  readonly answer: ShapeCapacity;
  readonly placement: Int32Array;
}

export type ProbeJob = { readonly shape: PodInput; readonly template: unknown; readonly probe: NodesToAddProbe; readonly options: Omit<NodesToAddOptions, "engine"> };

/** A probe's answer where it is asked (the calling thread's own probes need no packing). */
export function probeAnswer(job: ProbeJob, p: Prepared): ShapeCapacity {
  return probeOn(p.cluster, job.shape, job.template, job.probe, { ...job.options, engine: p.engine });
}

export function nodesToAddProbe(job: ProbeJob, p: Prepared): PackedCapacity {
  const a = probeAnswer(job, p);
  return { answer: { ...a, placement: [] }, placement: packPlacement(a.placement, p) };
}

/** A placement as (node, replicas) pairs: a node of the cluster by its index in cluster.nodes, the i-th template copy as −i. */
function packPlacement(placement: ShapeCapacity["placement"], p: Prepared): Int32Array {
  const index = (p.nodeIndex ??= new Map(p.cluster.nodes.map((n, i) => [n.name, i])));
  const out = new Int32Array(2 * placement.length);
  for (let i = 0; i < placement.length; i++) {
    const { node, replicas } = placement[i]!;
    // Not a node of the cluster, so a template copy, named "<template name>-<i>" (core's copyNode).
    out[2 * i] = index.get(node) ?? -Number(node.slice(node.lastIndexOf("-") + 1));
    out[2 * i + 1] = replicas;
  }
  return out;
}

/** A packed placement's names again: `nodes` the cluster's node names, `copies` the template copies' (from 1; none for capacity). */
export function unpackPlacement(placement: Int32Array, nodes: readonly string[], copies: readonly string[]): ShapeCapacity["placement"] {
  const out: { node: string; replicas: number }[] = [];
  for (let i = 0; i < placement.length; i += 2) {
    const k = placement[i]!;
    out.push({ node: k >= 0 ? nodes[k]! : copies[-k - 1]!, replicas: placement[i + 1]! });
  }
  return out;
}
