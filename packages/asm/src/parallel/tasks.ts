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
}

export interface Prepared {
  readonly cluster: Cluster;
  readonly engine: Engine;
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
  // A worker thread's clock starts with the thread, so the time at entry is its boot and import.
  const t0 = performance.now();
  const cluster = createCluster(setup.cluster, setup.clusterOptions);
  const t1 = performance.now();
  const engine = engineByName(setup.engine);
  return { cluster, engine, startup: { bootMs: t0, clusterMs: t1 - t0, engineMs: performance.now() - t1 } };
}

export function startup(_job: unknown, p: Prepared): Startup {
  return p.startup;
}

export function capacity(job: { readonly shapes: readonly PodInput[]; readonly options: Omit<CapacityOptions, "engine"> }, p: Prepared): CapacityResult {
  return capacityOn(p.cluster, job.shapes, { ...job.options, engine: p.engine });
}

export function nodesToAddProbe(
  job: { readonly shape: PodInput; readonly template: unknown; readonly probe: NodesToAddProbe; readonly options: Omit<NodesToAddOptions, "engine"> },
  p: Prepared,
): ShapeCapacity {
  return probeOn(p.cluster, job.shape, job.template, job.probe, { ...job.options, engine: p.engine });
}
