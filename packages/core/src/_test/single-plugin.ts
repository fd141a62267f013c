// Test-only: runs one golden-fixture case through the public API (createCluster + schedule) with a profile
// that enables a single plugin, the way the Go plugin tests exercise one plugin in isolation.
import { createCluster, schedule, type NodeExplanation, type PluginScore, type ScheduleResult } from "../index.js";
import { toKubeNode, toKubePod } from "./kube.js";

type Json = Record<string, any>;

/** A profile with only `plugin` enabled at every extension point it implements (`pluginConfig` args when given). */
export function singlePluginProfile(plugin: string, args?: unknown): Json {
  return {
    plugins: { multiPoint: { enabled: [{ name: plugin }], disabled: [{ name: "*" }] } },
    pluginConfig: args === undefined ? [] : [{ name: plugin, args }],
  };
}

/**
 * A profile with `plugin` enabled at Filter only: Filter then runs without PreFilter state, as in the Go tables
 * that call Filter directly (upstream plugins fall back to computing it).
 */
export function filterOnlyProfile(plugin: string, args?: unknown): Json {
  return {
    plugins: { multiPoint: { disabled: [{ name: "*" }] }, filter: { enabled: [{ name: plugin }] } },
    pluginConfig: args === undefined ? [] : [{ name: plugin, args }],
  };
}

// The v1 API requires at least one container; several Go tables use container-less pods. One empty container
// (no image, requests or ports) is added to those, which none of the filters/scorers tested this way reads.
function withContainer(p: Json): Json {
  const none = (p.containers ?? []).length === 0 && (p.initContainers ?? []).length === 0;
  return none ? { ...p, containers: [{ name: "c0" }] } : p;
}

export interface CaseRun {
  readonly result: ScheduleResult;
  /** Explanation per examined node name. */
  readonly nodes: ReadonlyMap<string, NodeExplanation>;
}

/** Schedules the case's pod on a cluster of its nodes and existing pods. */
export function runCase(
  c: Json,
  profile: Json,
  options: { kubernetesVersion?: string; extraNodes?: Json[] } = {},
): CaseRun {
  const nodes = [...(c.nodes as Json[]), ...(options.extraNodes ?? [])].map((n) => toKubeNode(n));
  const pods = ((c.existingPods ?? []) as Json[]).map((p, i) => toKubePod(p, `existing-${i}`));
  const cluster = createCluster({ nodes, pods });
  const result = schedule(toKubePod(withContainer(c.pod ?? {}), "incoming"), cluster, {
    profile,
    percentageOfNodesToScore: 100,
    tieBreak: "first",
    ...(options.kubernetesVersion === undefined ? {} : { kubernetesVersion: options.kubernetesVersion }),
  });
  const byName = new Map((result.explanation?.nodes ?? []).map((n) => [n.node, n] as const));
  return { result, nodes: byName };
}

/** The fixture's node name as the cluster sees it (empty names become "node", see toKubeNode). */
export function clusterNodeName(n: Json): string {
  return n.name === undefined || n.name === "" ? "node" : n.name;
}

/** `{code, reasons}` of a status, reasons omitted when empty (the fixtures' shape). */
export function codeAndReasons(s: { code: string; reasons: readonly string[] }): { code: string; reasons?: string[] } {
  return s.reasons.length === 0 ? { code: s.code } : { code: s.code, reasons: [...s.reasons] };
}

/** The expected `{code, reasons?}` of a fixture, without extra keys. */
export function expectedStatus(e: Json): { code: string; reasons?: string[] } {
  return e.reasons === undefined ? { code: e.code } : { code: e.code, reasons: e.reasons };
}

/** One plugin's score entry on a node. */
export function scoreOf(n: NodeExplanation | undefined, plugin: string): PluginScore | undefined {
  return n?.scores.find((s) => s.plugin === plugin);
}

/** `[name, case]` rows for `it.each` over a fixture's cases. */
export function caseTable(cases: readonly Json[]): [string, Json][] {
  return cases.map((c) => [String(c.name), c]);
}
