// One simulation of `schedkit compare` (a profile and a seed), the same code on the main thread and in the
// worker threads: every run starts from the same plain inputs, so where it runs cannot change its result.
import { createCluster, parseWorkload, parseWorkloadCsv, simulate, tsEngine, type Cluster, type Engine, type SimulationSummary, type Workload } from "@schedkit/core";
import type { PluginFactory } from "@schedkit/core/engine";
import { createWasmEngineSync } from "@schedkit/asm";

/** A profile under comparison: its label and what its KubeSchedulerConfiguration sets. */
export interface CompareProfile {
  readonly name: string;
  readonly profile: unknown;
  readonly percentageOfNodesToScore: number | undefined;
}

/** Everything a run needs, as structured-clonable data (it is sent to the workers as is). */
export interface CompareSetup {
  readonly clusterObjects: readonly unknown[];
  readonly workload: { readonly csv: string; readonly label: string } | { readonly value: unknown; readonly label: string };
  readonly profiles: readonly CompareProfile[];
  readonly engine: "ts" | "wasm";
  readonly tickSeconds: number | undefined;
  readonly until: number | undefined;
  readonly kubernetesVersion: string | undefined;
  readonly featureGates: Record<string, boolean> | undefined;
  /** The hosts the nodes are VMs of (simulate's `hypervisors`: its short form or a layered inventory), if any. */
  readonly hypervisors?: unknown;
  readonly contentionDemand?: "limits" | "requests";
  /** Points per time series in the report. */
  readonly points: number;
  /** file: URLs of modules exporting scheduler plugins (`--plugin`), imported by every thread. */
  readonly pluginModules?: readonly string[];
}

/** One run to do. */
export interface CompareJob {
  readonly index: number;
  readonly profile: number;
  readonly seed: number;
}

/** A point of the report's time series: bucket averages (pending: the bucket's maximum). */
export interface SeriesPoint {
  readonly t: number;
  readonly cpu: number;
  readonly memory: number;
  readonly pending: number;
  readonly nodesInUse: number;
  /** The most contended host's effective contention (bucket average), null without hypervisors. */
  readonly contention: number | null;
}

/** What a run returns. */
export interface CompareRun {
  readonly index: number;
  readonly profile: number;
  readonly seed: number;
  readonly summary: Omit<SimulationSummary, "nodes">;
  readonly series: readonly SeriesPoint[];
}

/** Inputs parsed once per thread. */
export interface Prepared {
  readonly cluster: Cluster;
  readonly workload: Workload;
  readonly engine: Engine;
  readonly plugins: readonly PluginFactory[];
}

/** A module's plugin factories: its default export (a factory or an array of them), else its named exports that are factories. */
function pluginsOf(mod: Record<string, unknown>, label: string): PluginFactory[] {
  const isFactory = (v: unknown): v is PluginFactory => typeof v === "object" && v !== null && typeof (v as PluginFactory).name === "string" && typeof (v as PluginFactory).create === "function";
  const d = mod["default"];
  const found = d !== undefined ? (Array.isArray(d) ? d : [d]) : Object.values(mod).filter(isFactory);
  const bad = found.findIndex((f) => !isFactory(f));
  if (bad >= 0) throw new PluginModuleError(`${label}: export ${d !== undefined ? `default${Array.isArray(d) ? `[${bad}]` : ""}` : bad} is not a scheduler plugin ({ name, create(args, ctx, path) })`);
  if (found.length === 0) throw new PluginModuleError(`${label}: exports no scheduler plugin (a default export, or named exports { name, create(args, ctx, path) })`);
  return found as PluginFactory[];
}

/** A plugin module that cannot be used (reported as bad input). */
export class PluginModuleError extends Error {
  override readonly name = "PluginModuleError";
}

/** Imports the `--plugin` modules (in each thread: functions cannot be sent to a worker). */
export async function loadPlugins(setup: CompareSetup): Promise<PluginFactory[]> {
  const out: PluginFactory[] = [];
  for (const url of setup.pluginModules ?? []) {
    const label = decodeURIComponent(new URL(url).pathname.split("/").pop()!);
    let mod: Record<string, unknown>;
    try {
      mod = (await import(url)) as Record<string, unknown>;
    } catch (e) {
      throw new PluginModuleError(`${label}: cannot be imported: ${e instanceof Error ? e.message : String(e)}`);
    }
    out.push(...pluginsOf(mod, label));
  }
  return out;
}

export function prepare(setup: CompareSetup, plugins: readonly PluginFactory[] = []): Prepared {
  const w = setup.workload;
  const workload = "csv" in w ? parseWorkloadCsv(w.csv, w.label) : parseWorkload(w.value, w.label);
  return { cluster: createCluster(setup.clusterObjects), workload, engine: setup.engine === "wasm" ? createWasmEngineSync() : tsEngine, plugins };
}

/** How many ticks a run has (for progress and the series' buckets). */
export function tickCount(setup: CompareSetup, workload: Workload): number {
  const tick = Math.round((setup.tickSeconds ?? 1) * 1000);
  const end = Math.round((setup.until ?? workload.end) * 1000);
  return Math.floor(end / tick) + 1;
}

/** Runs one job; `onTicks(n)` reports progress every few ticks. */
export function runJob(setup: CompareSetup, prepared: Prepared, job: CompareJob, onTicks: (n: number) => void): CompareRun {
  const p = setup.profiles[job.profile]!;
  const total = tickCount(setup, prepared.workload);
  const per = Math.max(1, Math.ceil(total / setup.points));
  const series: SeriesPoint[] = [];
  let acc = { t: 0, cpu: 0, memory: 0, pending: 0, nodesInUse: 0, contention: null as number | null, n: 0 };
  let unreported = 0;
  const flush = () => {
    if (acc.n === 0) return;
    series.push({ t: acc.t, cpu: acc.cpu / acc.n, memory: acc.memory / acc.n, pending: acc.pending, nodesInUse: acc.nodesInUse / acc.n, contention: acc.contention === null ? null : acc.contention / acc.n });
  };
  const summary = simulate(prepared.cluster, prepared.workload, {
    engine: prepared.engine,
    profile: p.profile,
    percentageOfNodesToScore: p.percentageOfNodesToScore,
    kubernetesVersion: setup.kubernetesVersion,
    featureGates: setup.featureGates,
    tickSeconds: setup.tickSeconds,
    until: setup.until,
    seed: job.seed,
    ...(prepared.plugins.length === 0 ? {} : { plugins: prepared.plugins }),
    ...(setup.hypervisors === undefined ? {} : { hypervisors: setup.hypervisors as never, contentionDemand: setup.contentionDemand }),
    onTick: (m) => {
      if (acc.n === per) {
        flush();
        acc = { t: m.t, cpu: 0, memory: 0, pending: 0, nodesInUse: 0, contention: null, n: 0 };
      }
      if (acc.n === 0) acc.t = m.t;
      acc.cpu += m.cpuAllocated;
      acc.memory += m.memoryAllocated;
      acc.pending = Math.max(acc.pending, m.pending);
      acc.nodesInUse += m.nodesInUse;
      if (m.hosts !== undefined) acc.contention = (acc.contention ?? 0) + m.hosts.reduce((a, h) => Math.max(a, h.contention), 0);
      acc.n++;
      if (++unreported === 256) {
        onTicks(unreported);
        unreported = 0;
      }
    },
  });
  flush();
  if (unreported > 0) onTicks(unreported);
  const { nodes: _nodes, ...rest } = summary;
  return { index: job.index, profile: job.profile, seed: job.seed, summary: rest, series };
}
