// One scenario through both sides: the oracle's input built from an arbitraries Scenario, and schedkit
// (either engine) scheduling the same pods in the same order, each scheduled pod assumed on the node the
// oracle chose, so every later pod starts from the same state on both sides.
import { createCluster, Scheduler, type GatedPod, type ScheduleResult, type SchedulerOptions } from "@schedkit/core";
import type { Scenario } from "@schedkit/core/arbitraries";
import { queueOrder } from "@schedkit/core/engine";
import type { OracleOutput, OracleScenario } from "./oracle.js";

/** The release the oracle links (conformance/go.mod); schedkit reproduces that release. */
export const KUBERNETES_VERSION = "1.37.1";

/** The part of Scheduler / WasmScheduler the comparison drives. */
export interface SchedulerLike {
  schedule(pod: unknown, path?: string): ScheduleResult;
  scheduleOne(pod: unknown, path?: string): ScheduleResult;
  assume(pod: unknown, nodeName: string, path?: string): void;
  nominate?(pod: unknown, nodeName: string | null, path?: string): void;
  prepare(pod: unknown, path?: string): { readonly info: unknown };
  preEnqueue(pod: unknown, path?: string): GatedPod | null;
  /** Gives engine resources back (WasmScheduler). */
  dispose?(): void;
}

/** Scheduler.nominate, or the same through the live snapshot for an engine without it yet. */
function nominate(s: SchedulerLike, pod: object, node: string | null, path: string): void {
  if (s.nominate !== undefined) return s.nominate(pod, node, path);
  const snap = (s as unknown as { snapshot: { nominator: { nominate(info: unknown, node: string): void } } }).snapshot;
  snap.nominator.nominate(s.prepare(pod, path).info, node ?? "");
}

/** An engine under test: builds a scheduler on a cluster. */
export interface EngineUnderTest {
  readonly name: string;
  scheduler(cluster: ReturnType<typeof createCluster>, options: SchedulerOptions): SchedulerLike;
}

export const tsUnderTest: EngineUnderTest = {
  name: "ts",
  scheduler: (cluster, options) => new Scheduler(cluster, options),
};

/** A scenario as both sides see it: the pods to place, in queue order, as v1.Pod JSON. */
export interface Prepared {
  readonly scenario: Scenario;
  readonly oracle: OracleScenario;
  /** Pending pods in queue order (PrioritySort: priority, then creation time, then input order). */
  readonly pods: readonly object[];
}

function isBound(p: object): boolean {
  const spec = (p as { spec?: { nodeName?: unknown } }).spec;
  return typeof spec?.nodeName === "string" && spec.nodeName !== "";
}

type Json = Record<string, unknown>;

/**
 * What the API server stores for a created pod, as far as the scheduler reads it beyond core/v1 defaulting
 * (which the oracle applies itself, applyDefaults): pkg/registry/core/pod/strategy.go PrepareForCreate →
 * mutatePodAffinity (MatchLabelKeysInPodAffinity, GA and locked on since v1.33) merges each pod (anti-)affinity
 * term's matchLabelKeys / mismatchLabelKeys into its labelSelector as `key In/NotIn (pod's value)`. The
 * scheduler never looks at those two fields, so the oracle must get the merged selector; schedkit gets the
 * original objects and does the merge itself (framework/snapshot.ts affinityTerm).
 */
export function asStoredByApiServer(pod: object): object {
  const p = structuredClone(pod) as Json;
  const spec = p["spec"] as Json | undefined;
  const labels = ((p["metadata"] as Json | undefined)?.["labels"] ?? {}) as Record<string, string>;
  const affinity = spec?.["affinity"] as Json | undefined;
  for (const kind of ["podAffinity", "podAntiAffinity"]) {
    const a = affinity?.[kind] as Json | undefined;
    const required = (a?.["requiredDuringSchedulingIgnoredDuringExecution"] ?? []) as Json[];
    const preferred = ((a?.["preferredDuringSchedulingIgnoredDuringExecution"] ?? []) as Json[]).map((w) => w["podAffinityTerm"] as Json);
    for (const term of [...preferred, ...required]) {
      const selector = term["labelSelector"] as Json | undefined | null;
      if (selector === undefined || selector === null) continue;
      const add = (keys: unknown, operator: string) => {
        for (const key of (keys ?? []) as string[]) {
          const value = labels[key];
          if (value === undefined) continue;
          selector["matchExpressions"] = [...((selector["matchExpressions"] ?? []) as unknown[]), { key, operator, values: [value] }];
        }
      };
      add(term["matchLabelKeys"], "In");
      add(term["mismatchLabelKeys"], "NotIn");
    }
  }
  return p;
}

/**
 * A generated cluster's objects besides nodes, namespaces and pods, by field (the oracle's names are the same), with
 * their kinds: one list for the per-pod scenarios (workloads) and the whole-run Lists (run-generated.test.ts), so
 * that an object kind the generators gain reaches both.
 */
export const CLUSTER_OBJECT_KINDS = {
  priorityClasses: "PriorityClass",
  services: "Service",
  replicationControllers: "ReplicationController",
  replicaSets: "ReplicaSet",
  statefulSets: "StatefulSet",
  podDisruptionBudgets: "PodDisruptionBudget",
  deviceClasses: "DeviceClass",
  resourceSlices: "ResourceSlice",
  resourceClaims: "ResourceClaim",
} as const;

/** The generated control-plane objects, under the oracle's field names (the same as the cluster's). */
function workloads(c: Scenario["cluster"]): Partial<OracleScenario> {
  const out: Record<string, readonly object[]> = {};
  for (const k of Object.keys(CLUSTER_OBJECT_KINDS) as (keyof typeof CLUSTER_OBJECT_KINDS)[]) {
    const list = c[k];
    if (list !== undefined && list.length > 0) out[k] = list;
  }
  return out;
}

/** Splits a generated cluster into the oracle's existingPods / pods and fixes one queue order for both sides. */
export function prepare(scenario: Scenario, id?: unknown): Prepared {
  const c = scenario.cluster;
  const existing = c.pods.filter(isBound);
  const pending = c.pods.filter((p) => !isBound(p));
  // createCluster keeps pending pods in input order: cluster.pendingPods[i] is pending[i].
  let order = pending.map((_, i) => i);
  try {
    const cluster = createCluster(c);
    order = order.sort((a, b) => queueOrder(cluster.pendingPods[a]!, cluster.pendingPods[b]!) || a - b);
  } catch {
    // Rejected input (e.g. admission): both sides report a scenario error, whatever the order.
  }
  const pods = order.map((i) => pending[i]!);
  const profile = scenario.options.profile;
  const oracle: OracleScenario = {
    ...(id === undefined ? {} : { id }),
    nodes: c.nodes,
    existingPods: existing.map(asStoredByApiServer),
    pods: pods.map(asStoredByApiServer),
    namespaces: c.namespaces,
    ...workloads(c),
    ...(profile === undefined ? {} : { profile }),
    percentageOfNodesToScore: 100,
    // The objects as the API server would store them (requests defaulted from limits, ...), which is
    // what schedkit's createCluster models.
    applyDefaults: true,
  };
  return { scenario, oracle, pods };
}

/** The bound pods being deleted ("namespace/name"): preemption's executor sends them no second deletion. */
export function terminatingPods(p: Prepared): ReadonlySet<string> {
  const out = new Set<string>();
  for (const pod of p.oracle.existingPods ?? []) {
    const m = (pod as { metadata?: { name?: string; namespace?: string; deletionTimestamp?: unknown } }).metadata;
    if (m?.deletionTimestamp != null) out.add(`${m.namespace ?? "default"}/${m.name}`);
  }
  return out;
}

/** Scheduler options of the scenario, pinned to the oracle's release and to an exhaustive search. */
export function schedkitOptions(s: Scenario, explain = true): SchedulerOptions {
  const o = s.options;
  return {
    ...(o.profile === undefined ? {} : { profile: o.profile }),
    kubernetesVersion: KUBERNETES_VERSION,
    percentageOfNodesToScore: 100,
    tieBreak: "first",
    explain,
    // The oracle runs one cycle per pod and evicts nothing (its PostFilter result is compared, not executed).
    preemption: "dry-run",
  };
}

/** What schedkit said for each pod, or the error it threw building the cluster / scheduler. */
export type SchedkitRun =
  | { readonly results: readonly (ScheduleResult | GatedPod)[]; readonly error: null }
  | { readonly results: readonly (ScheduleResult | GatedPod)[]; readonly error: string };

/**
 * Schedules `p.pods` one by one; after each pod the oracle scheduled, assumes it on the oracle's choice
 * (upstream breaks top-score ties at random, so the choice is fed back instead of compared).
 */
export function runSchedkit(engine: EngineUnderTest, p: Prepared, oracle: OracleOutput, explain = true): SchedkitRun {
  const results: (ScheduleResult | GatedPod)[] = [];
  let s: SchedulerLike | null = null;
  try {
    // The pending pods are part of the cluster (the scheduling queue): their nominations, if any, count from the start.
    const cluster = createCluster(p.scenario.cluster);
    s = engine.scheduler(cluster, schedkitOptions(p.scenario, explain));
    const sched = s;
    p.pods.forEach((pod, i) => {
      const path = `pods[${i}]`;
      const o = oracle.results[i];
      // A pod the queue holds back never gets a cycle (the oracle reports it Gated).
      const held = sched.preEnqueue(pod, path);
      if (held !== null) return void results.push(held);
      if (o?.status === "Unschedulable") {
        // scheduleOne keeps the nomination PostFilter gave the pod (handleSchedulingFailure), which later
        // pods of equal or lower priority yield to; upstream picks among tied candidates at random, so the
        // oracle's pick replaces schedkit's when they differ (as `chosen` does for placements).
        const r = sched.scheduleOne(pod, path);
        results.push(r);
        const mine = explain ? r.explanation?.nomination?.node : undefined;
        if (o.nominatedNode !== undefined && o.nominatedNode !== mine) nominate(sched, pod, o.nominatedNode, path);
        return;
      }
      results.push(sched.schedule(pod, path));
      if (o?.status === "Scheduled" && o.chosen !== undefined) sched.assume(pod, o.chosen, path);
    });
    return { results, error: null };
  } catch (e) {
    return { results, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  } finally {
    s?.dispose?.();
  }
}

/** The engines under test: the TypeScript engine, and the WebAssembly one when @schedkit/asm provides it. */
export async function enginesUnderTest(): Promise<EngineUnderTest[]> {
  const out: EngineUnderTest[] = [tsUnderTest];
  const asm = (await import("@schedkit/asm")) as Record<string, unknown>;
  if (typeof asm["createWasmEngineSync"] === "function") {
    const wasm = (asm["createWasmEngineSync"] as () => { scheduler: EngineUnderTest["scheduler"] })();
    out.push({ name: "wasm", scheduler: (c, o) => wasm.scheduler(c, o) });
  }
  return out;
}
