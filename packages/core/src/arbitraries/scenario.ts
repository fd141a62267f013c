// Arbitrary scheduling scenarios: a cluster with pending pods and the options to schedule them with.
import fc from "fast-check";
import type { TieBreak } from "../framework/cycle.js";
import { CROSS_SHRINK } from "./families.js";
import { clusterArbitrary, type ClusterConstraints, type KubeCluster } from "./cluster.js";
import { profileArbitrary, type ProfileConstraints } from "./profile.js";

/** Options of scenarioArbitrary: the cluster's, plus what to vary in the scheduler options. */
export interface ScenarioConstraints extends ClusterConstraints {
  /** Profile variants to draw (see profileArbitrary), or false for the default profile only. */
  readonly profile?: ProfileConstraints | false;
  /** A fixed percentageOfNodesToScore; drawn (0 = adaptive, 100, anything between) when absent. */
  readonly percentageOfNodesToScore?: number;
  /** A fixed tie-break; drawn when absent. */
  readonly tieBreak?: TieBreak;
  /** Passed through to the scheduler options (default: schedkit's default release). */
  readonly kubernetesVersion?: string;
  /** Passed through to the scheduler options. */
  readonly featureGates?: Readonly<Record<string, boolean>>;
}

/** Scheduler options of a scenario, as schedule / scheduleAll take them. */
export interface ScenarioOptions {
  readonly profile?: object;
  readonly percentageOfNodesToScore: number;
  readonly tieBreak: TieBreak;
  readonly seed: number;
  readonly kubernetesVersion?: string;
  readonly featureGates?: Readonly<Record<string, boolean>>;
}

/** A cluster (its pending pods are the pods to place) and the options to schedule them with. Plain JSON. */
export interface Scenario {
  readonly cluster: KubeCluster;
  readonly options: ScenarioOptions;
}

/**
 * Arbitrary scenarios: `clusterArbitrary(constraints)` plus a profile, percentageOfNodesToScore,
 * tie-break and tie-break seed. Schedule them with `scheduleAll(undefined, createCluster(s.cluster), s.options)`.
 * A profile never has NodeResourcesBalancedAllocation score a resource that a DeviceClass with selectors backs:
 * kube-scheduler 1.35–1.37 panics there (no CEL cache in that scorer), so there is no placement to compare, and
 * schedkit refuses such a run (docs/scheduler.md §5.1).
 */
export function scenarioArbitrary(constraints: ScenarioConstraints = {}): fc.Arbitrary<Scenario> {
  const profile = constraints.profile === false ? fc.constant(undefined) : fc.option(profileArbitrary(constraints.profile ?? {}), { nil: undefined, freq: 3 });
  const percentage =
    constraints.percentageOfNodesToScore !== undefined
      ? fc.constant(constraints.percentageOfNodesToScore)
      : fc.oneof(CROSS_SHRINK, fc.constantFrom(0, 0, 100, 100, 1, 50), fc.integer({ min: 0, max: 100 }));
  const tieBreak = constraints.tieBreak !== undefined ? fc.constant(constraints.tieBreak) : fc.constantFrom<TieBreak>("first", "random");
  const seed = fc.oneof(CROSS_SHRINK, fc.constantFrom(0, 1, 0xffffffff), fc.nat());
  return fc.record({ cluster: clusterArbitrary(constraints), profile, percentage, tieBreak, seed }).map(({ cluster, profile: p, percentage: pct, tieBreak: tb, seed: sd }) => {
    const options: Record<string, unknown> = {};
    if (p !== undefined) options["profile"] = withoutCelCachePanic(p, cluster);
    options["percentageOfNodesToScore"] = pct;
    options["tieBreak"] = tb;
    options["seed"] = sd;
    if (constraints.kubernetesVersion !== undefined) options["kubernetesVersion"] = constraints.kubernetesVersion;
    if (constraints.featureGates !== undefined) options["featureGates"] = { ...constraints.featureGates };
    return { cluster, options: options as unknown as ScenarioOptions };
  });
}

/** The profile without BalancedAllocation resources that a DeviceClass with selectors backs (see scenarioArbitrary). */
function withoutCelCachePanic(profile: unknown, cluster: KubeCluster): unknown {
  const backed = new Set<string>();
  for (const c of (cluster as { deviceClasses?: readonly { metadata: { name: string }; spec: { extendedResourceName?: string; selectors?: readonly unknown[] } }[] }).deviceClasses ?? []) {
    if ((c.spec.selectors ?? []).length === 0) continue;
    backed.add(`deviceclass.resource.kubernetes.io/${c.metadata.name}`);
    if (c.spec.extendedResourceName !== undefined) backed.add(c.spec.extendedResourceName);
  }
  const config = (profile as { pluginConfig?: readonly { name: string; args?: { resources?: readonly { name: string }[] } }[] }).pluginConfig;
  if (backed.size === 0 || config === undefined) return profile;
  return {
    ...(profile as object),
    pluginConfig: config.map((e) => {
      const resources = e.args?.resources;
      if (e.name !== "NodeResourcesBalancedAllocation" || resources === undefined || !resources.some((r) => backed.has(r.name))) return e;
      const kept = resources.filter((r) => !backed.has(r.name));
      return { ...e, args: { ...e.args, resources: kept.length > 0 ? kept : [{ name: "cpu", weight: 1 }] } };
    }),
  };
}
