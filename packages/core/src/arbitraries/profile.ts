// Arbitrary KubeSchedulerProfile JSON (kubescheduler.config.k8s.io/v1), every variant valid as the
// scheduler's config validation requires: the default profile, re-weighted score plugins, disabled
// plugins, single-plugin profiles as the upstream plugin tests build them, NodeResourcesFit scoring
// strategies (LeastAllocated, MostAllocated, RequestedToCapacityRatio with a sorted shape), and the
// arguments of BalancedAllocation, InterPodAffinity, PodTopologySpread and NodeAffinity.
import fc from "fast-check";
import { CROSS_SHRINK } from "./families.js";
import { labelTermArbitrary } from "./pod.js";
import { EXTENDED_RESOURCES, HOSTNAME, HUGEPAGES, RACK, REGION, ZONE } from "./vocabulary.js";

/** Options of profileArbitrary: each variant family is on unless set to false. */
export interface ProfileConstraints {
  /** Score plugins with changed weights. */
  readonly weights?: boolean;
  /** Plugins disabled (multiPoint or score only), and profiles with a single plugin enabled. */
  readonly disabledPlugins?: boolean;
  /** NodeResourcesFit scoring strategies and their resources, ignoredResources(Groups). */
  readonly scoringStrategies?: boolean;
  /** Arguments of NodeResourcesBalancedAllocation, InterPodAffinity, PodTopologySpread, NodeAffinity. */
  readonly pluginArgs?: boolean;
  /** A profile-level percentageOfNodesToScore. */
  readonly percentageOfNodesToScore?: boolean;
}

/** Score plugins of the default profile. */
const SCORE_PLUGINS = [
  "TaintToleration",
  "NodeAffinity",
  "NodeResourcesFit",
  "PodTopologySpread",
  "InterPodAffinity",
  "NodeResourcesBalancedAllocation",
  "ImageLocality",
] as const;

/** Plugins whose removal leaves a valid profile (queue sort and bind plugins must stay). */
const REMOVABLE = ["NodeUnschedulable", "NodeName", "NodePorts", "DefaultPreemption", ...SCORE_PLUGINS] as const;

const RESOURCE_NAMES = ["cpu", "memory", "ephemeral-storage", ...EXTENDED_RESOURCES, HUGEPAGES[0]!.name] as const;

const weight = fc.oneof(CROSS_SHRINK, fc.constantFrom(1, 100), fc.integer({ min: 1, max: 100 }));

const weights = fc
  .uniqueArray(fc.record({ name: fc.constantFrom(...SCORE_PLUGINS), weight }), { minLength: 1, maxLength: 4, selector: (p) => p.name })
  .map((enabled) => ({ multiPoint: { enabled } }));

const disabled = fc.oneof(CROSS_SHRINK, 
  fc.subarray([...REMOVABLE], { minLength: 1, maxLength: 4 }).map((names) => ({ multiPoint: { disabled: names.map((name) => ({ name })) } })),
  fc.subarray([...SCORE_PLUGINS], { minLength: 1, maxLength: 4 }).map((names) => ({ score: { disabled: names.map((name) => ({ name })) } })),
  // As the upstream plugin tests do: everything off, a few plugins on (plus the queue sort and the binder).
  fc.subarray([...REMOVABLE], { minLength: 1, maxLength: 2 }).map((names) => ({
    multiPoint: {
      enabled: [{ name: "PrioritySort" }, ...names.map((name) => ({ name })), { name: "DefaultBinder" }],
      disabled: [{ name: "*" }],
    },
  })),
);

/** RequestedToCapacityRatio shape: 1–5 points, strictly increasing utilization 0..100, score 0..10. */
const shape = fc
  .tuple(
    fc.uniqueArray(fc.oneof(CROSS_SHRINK, fc.constantFrom(0, 50, 100), fc.integer({ min: 0, max: 100 })), { minLength: 1, maxLength: 5 }),
    fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 5, maxLength: 5 }),
  )
  .map(([us, scores]) => [...us].sort((a, b) => a - b).map((utilization, i) => ({ utilization, score: scores[i]! })));

const resources = fc.uniqueArray(fc.record({ name: fc.constantFrom(...RESOURCE_NAMES), weight }), { minLength: 1, maxLength: 4, selector: (r) => r.name });

const fitArgs = fc
  .record({
    type: fc.constantFrom("LeastAllocated", "MostAllocated", "RequestedToCapacityRatio"),
    resources: fc.option(resources, { nil: undefined, freq: 4 }),
    shape,
    ignoredResources: fc.option(fc.subarray([...EXTENDED_RESOURCES], { minLength: 1 }), { nil: undefined, freq: 5 }),
    ignoredResourceGroups: fc.option(fc.constant(["example.com"]), { nil: undefined, freq: 8 }),
  })
  .map(({ type, resources: rs, shape: sh, ignoredResources, ignoredResourceGroups }) => {
    const scoringStrategy: Record<string, unknown> = { type };
    if (rs !== undefined) scoringStrategy["resources"] = rs;
    if (type === "RequestedToCapacityRatio") scoringStrategy["requestedToCapacityRatio"] = { shape: sh };
    const args: Record<string, unknown> = { scoringStrategy };
    if (ignoredResources !== undefined) args["ignoredResources"] = ignoredResources;
    if (ignoredResourceGroups !== undefined) args["ignoredResourceGroups"] = ignoredResourceGroups;
    return { name: "NodeResourcesFit", args };
  });

const balancedArgs = fc
  .uniqueArray(fc.constantFrom(...RESOURCE_NAMES), { minLength: 1, maxLength: 3 })
  .map((names) => ({ name: "NodeResourcesBalancedAllocation", args: { resources: names.map((name) => ({ name, weight: 1 })) } }));

const interPodAffinityArgs = fc
  .record({ hardPodAffinityWeight: fc.oneof(CROSS_SHRINK, fc.constantFrom(0, 1, 100), fc.integer({ min: 0, max: 100 })), ignorePreferredTermsOfExistingPods: fc.boolean() })
  .map((args) => ({ name: "InterPodAffinity", args }));

const spreadArgs = fc.oneof(CROSS_SHRINK, 
  fc.constant({ name: "PodTopologySpread", args: { defaultingType: "System" } }),
  fc
    .uniqueArray(
      fc.record({
        maxSkew: fc.integer({ min: 1, max: 5 }),
        topologyKey: fc.constantFrom(HOSTNAME, ZONE, REGION, RACK),
        whenUnsatisfiable: fc.constantFrom("DoNotSchedule", "ScheduleAnyway"),
      }),
      { maxLength: 2, selector: (c) => `${c.topologyKey}|${c.whenUnsatisfiable}` },
    )
    .map((defaultConstraints) => ({ name: "PodTopologySpread", args: { defaultingType: "List", defaultConstraints } })),
);

const nodeAffinityArgs = fc
  .record({
    required: fc.oneof(CROSS_SHRINK, 
      { weight: 3, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.array(labelTermArbitrary, { minLength: 1, maxLength: 2 }) },
    ),
    preferred: fc.array(fc.record({ weight, preference: labelTermArbitrary }), { maxLength: 2 }),
  })
  .map(({ required, preferred }) => {
    const addedAffinity: Record<string, unknown> = {};
    if (required !== undefined) addedAffinity["requiredDuringSchedulingIgnoredDuringExecution"] = { nodeSelectorTerms: required };
    if (preferred.length > 0) addedAffinity["preferredDuringSchedulingIgnoredDuringExecution"] = preferred;
    return { name: "NodeAffinity", args: { addedAffinity } };
  });

const percentage = fc.oneof(CROSS_SHRINK, fc.constantFrom(0, 1, 50, 100), fc.integer({ min: 0, max: 100 }));

/**
 * Arbitrary KubeSchedulerProfile JSON for `schedule(..., { profile })`: the default profile about a
 * quarter of the time, otherwise a combination of re-weighted and disabled plugins, plugin arguments
 * and a profile-level percentageOfNodesToScore. Every profile passes the scheduler's config validation.
 */
export function profileArbitrary(constraints: ProfileConstraints = {}): fc.Arbitrary<object> {
  const on = (k: keyof ProfileConstraints) => constraints[k] !== false;
  const opt = <T>(enabled: boolean, a: fc.Arbitrary<T>, freq = 2) => (enabled ? fc.option(a, { nil: undefined, freq }) : fc.constant(undefined));
  const custom = fc
    .record({
      weights: opt(on("weights"), weights),
      disabled: opt(on("disabledPlugins"), disabled, 3),
      fit: opt(on("scoringStrategies"), fitArgs),
      balanced: opt(on("pluginArgs"), balancedArgs, 4),
      interPod: opt(on("pluginArgs"), interPodAffinityArgs, 4),
      spread: opt(on("pluginArgs"), spreadArgs, 4),
      nodeAffinity: opt(on("pluginArgs"), nodeAffinityArgs, 8),
      percentage: opt(on("percentageOfNodesToScore"), percentage, 3),
    })
    .map((c) => {
      const profile: Record<string, unknown> = { schedulerName: "default-scheduler" };
      const plugins: Record<string, { enabled?: unknown[]; disabled?: unknown[] }> = {};
      if (c.disabled !== undefined) Object.assign(plugins, structuredClone(c.disabled));
      if (c.weights !== undefined) {
        // Re-weighting goes into multiPoint.enabled, next to whatever a disabled variant put there.
        const mp = (plugins["multiPoint"] ??= {});
        const names = new Set((mp.enabled ?? []).map((p) => (p as { name: string }).name));
        const off = new Set((mp.disabled ?? []).map((p) => (p as { name: string }).name));
        const extra = c.weights.multiPoint.enabled.filter((p) => !names.has(p.name) && !off.has(p.name));
        if (off.has("*")) {
          // Under "*" only the plugins enabled explicitly run: re-weight those, do not add new ones.
          mp.enabled = (mp.enabled ?? []).map((p) => {
            const w = c.weights!.multiPoint.enabled.find((x) => x.name === (p as { name: string }).name);
            return w === undefined ? p : w;
          });
        } else if (extra.length > 0) mp.enabled = [...(mp.enabled ?? []), ...extra];
      }
      if (Object.keys(plugins).length > 0) profile["plugins"] = plugins;
      const pluginConfig = [c.fit, c.balanced, c.interPod, c.spread, c.nodeAffinity].filter((x) => x !== undefined);
      if (pluginConfig.length > 0) profile["pluginConfig"] = pluginConfig;
      if (c.percentage !== undefined) profile["percentageOfNodesToScore"] = c.percentage;
      return profile;
    });
  return fc.oneof(CROSS_SHRINK, { weight: 1, arbitrary: fc.constant({ schedulerName: "default-scheduler" }) }, { weight: 3, arbitrary: custom });
}
