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
    if (p !== undefined) options["profile"] = p;
    options["percentageOfNodesToScore"] = pct;
    options["tieBreak"] = tb;
    options["seed"] = sd;
    if (constraints.kubernetesVersion !== undefined) options["kubernetesVersion"] = constraints.kubernetesVersion;
    if (constraints.featureGates !== undefined) options["featureGates"] = { ...constraints.featureGates };
    return { cluster, options: options as unknown as ScenarioOptions };
  });
}
