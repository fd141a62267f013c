// Feature gates per release, as each release's own kube-scheduler has them: k8s.io/kubernetes
// pkg/features/kube_features.go (defaultVersionedKubernetesFeatureGates: one featuregate.VersionedSpecs per
// gate, each spec in force from its Version on, with Default, PreRelease and LockToDefault; before v1.33 the
// unversioned defaultKubernetesFeatureGates, and v1.32's versioned_kube_features.go;
// defaultKubernetesFeatureGateDependencies from v1.35) and component-base featuregate/feature_gate.go
// (unsafeSetFromMap: what a --feature-gates map may set, and the wording of each refusal; the dependency pass
// from v0.35, the same code through v0.37.1). The tables were read from the modules v1.30.0 … v1.36.0 and
// v1.37.1 (docs/scheduler.md §9, "Feature gates per release").
import { SchedkitError } from "../errors.js";
import type { FeatureGates } from "./interfaces.js";
import { atLeast, parseKubeVersion, type KubeVersion } from "./version.js";

/** featuregate.prerelease of a spec. */
export type PreRelease = "Alpha" | "Beta" | "GA" | "Deprecated";

/** One featuregate.FeatureSpec of a gate's VersionedSpecs: in force from 1.`minor` until the next one. */
interface Spec {
  readonly minor: number;
  readonly default: boolean;
  readonly preRelease: PreRelease;
  readonly locked?: true;
}

/** A gate schedkit models: its upstream name, the FeatureGates key, its versioned specs and dependencies. */
interface GateSpec {
  readonly name: string;
  readonly key: Exclude<keyof FeatureGates, "statusRequestsMaxOfSums">;
  readonly specs: readonly Spec[];
  /** The first release whose kube_features.go no longer lists the gate (setting it is "unrecognized"). */
  readonly removedIn?: number;
  /**
   * defaultKubernetesFeatureGateDependencies: gates that must be enabled while this one is, in every release
   * that has the table (DEPENDENCIES_FROM on; the modelled gates' entries are the same in v1.35.0, v1.36.0 and
   * v1.37.1).
   */
  readonly dependsOn: readonly string[];
}

// The first release whose kube_features.go has defaultKubernetesFeatureGateDependencies (and whose
// component-base checks them); v1.34.0 and earlier have neither.
const DEPENDENCIES_FROM = 35;
const hasDependencies = (v: KubeVersion) => atLeast(v, DEPENDENCIES_FROM);

// Transcribed from kube_features.go v1.37.1, and checked against each release's own file (v1.30.0 … v1.36.0):
// every release's specs of these gates are the ones listed here, up to that release. A release before a gate's
// first spec does not know the gate: its kube-scheduler rejects it as unrecognized (the v1.37 binary emulating
// that release would say "PreAlpha"; schedkit answers as the release's own binary).
const GATES: readonly GateSpec[] = [
  {
    name: "DRAExtendedResource",
    key: "draExtendedResource",
    specs: [
      { minor: 34, default: false, preRelease: "Alpha" },
      { minor: 36, default: true, preRelease: "Beta" },
      { minor: 37, default: true, preRelease: "GA", locked: true },
    ],
    dependsOn: ["DynamicResourceAllocation"],
  },
  {
    name: "DRANodeAllocatableResources",
    key: "draNodeAllocatableResources",
    specs: [{ minor: 36, default: false, preRelease: "Alpha" }],
    dependsOn: ["DynamicResourceAllocation"],
  },
  {
    name: "DynamicResourceAllocation",
    key: "dynamicResources",
    specs: [
      { minor: 26, default: false, preRelease: "Alpha" },
      { minor: 32, default: false, preRelease: "Beta" },
      { minor: 34, default: true, preRelease: "GA" },
      { minor: 35, default: true, preRelease: "GA", locked: true },
    ],
    dependsOn: [],
  },
  {
    name: "InPlacePodLevelResourcesVerticalScaling",
    key: "inPlacePodLevelResourcesVerticalScaling",
    specs: [
      { minor: 35, default: false, preRelease: "Alpha" },
      { minor: 36, default: true, preRelease: "Beta" },
    ],
    dependsOn: ["InPlacePodVerticalScaling", "NodeDeclaredFeatures", "PodLevelResources"],
  },
  {
    name: "InPlacePodVerticalScaling",
    key: "inPlacePodVerticalScaling",
    specs: [
      { minor: 27, default: false, preRelease: "Alpha" },
      { minor: 33, default: true, preRelease: "Beta" },
      { minor: 35, default: true, preRelease: "GA", locked: true },
    ],
    dependsOn: [],
  },
  {
    name: "NodeDeclaredFeatures",
    key: "nodeDeclaredFeatures",
    specs: [
      { minor: 35, default: false, preRelease: "Alpha" },
      { minor: 36, default: true, preRelease: "Beta" },
      { minor: 37, default: true, preRelease: "GA", locked: true },
    ],
    dependsOn: [],
  },
  {
    name: "NodeInclusionPolicyInPodTopologySpread",
    key: "nodeInclusionPolicyInPodTopologySpread",
    specs: [
      { minor: 25, default: false, preRelease: "Alpha" },
      { minor: 26, default: true, preRelease: "Beta" },
      { minor: 33, default: true, preRelease: "GA", locked: true },
    ],
    dependsOn: [],
  },
  {
    name: "PodLevelResources",
    key: "podLevelResources",
    specs: [
      { minor: 32, default: false, preRelease: "Alpha" },
      { minor: 34, default: true, preRelease: "Beta" },
    ],
    dependsOn: [],
  },
  {
    // Gone from kube_features.go by v1.37.1 (so unrecognized there); its specs are v1.36.0's (beta and on in
    // v1.30.0 and v1.31.0's unversioned table, GA and locked from 1.33).
    name: "SidecarContainers",
    key: "sidecarContainers",
    specs: [
      { minor: 28, default: false, preRelease: "Alpha" },
      { minor: 29, default: true, preRelease: "Beta" },
      { minor: 33, default: true, preRelease: "GA", locked: true },
    ],
    removedIn: 37,
    dependsOn: [],
  },
  {
    name: "StorageCapacityScoring",
    key: "storageCapacityScoring",
    specs: [
      { minor: 33, default: false, preRelease: "Alpha" },
      { minor: 37, default: true, preRelease: "Beta" },
    ],
    dependsOn: [],
  },
  {
    name: "TaintTolerationComparisonOperators",
    key: "taintTolerationComparisonOperators",
    specs: [{ minor: 35, default: false, preRelease: "Alpha" }],
    dependsOn: [],
  },
];

const BY_NAME = new Map<string, GateSpec>();
for (const g of GATES) {
  BY_NAME.set(g.name, g);
  BY_NAME.set(g.key, g);
}

// featureSpecAtEmulationAndMinCompatVersion: the last spec whose Version is not after the release.
function specAt(g: GateSpec, v: KubeVersion): Spec | undefined {
  if (g.removedIn !== undefined && atLeast(v, g.removedIn)) return undefined;
  let out: Spec | undefined;
  for (const s of g.specs) if (atLeast(v, s.minor)) out = s;
  return out;
}

/** One modelled gate in one release: what `featureGates` may do with it there. */
export interface FeatureGateInfo {
  /** The upstream gate name (also accepted in camelCase: the FeatureGates key). */
  readonly name: string;
  readonly key: keyof FeatureGates;
  /** The release's default; false where the release does not know the gate. */
  readonly default: boolean;
  /** "unknown": the release's kube_features.go does not list the gate (setting it is refused). */
  readonly preRelease: PreRelease | "unknown";
  /** LockToDefault: setting it to the other value is refused. */
  readonly lockedToDefault: boolean;
  /** Gates that must be enabled while this one is (the release's defaultKubernetesFeatureGateDependencies; none before 1.35). */
  readonly dependsOn: readonly string[];
}

/**
 * The gates schedkit models, as the release ("1.37", "v1.34.2" or a KubeVersion) has them: what
 * `featureGates` accepts there, for docs and tools.
 */
export function featureGateTable(version: KubeVersion | string): FeatureGateInfo[] {
  const v = typeof version === "string" ? parseKubeVersion(version, "version") : version;
  return GATES.map((g) => {
    const s = specAt(g, v);
    return {
      name: g.name,
      key: g.key,
      default: s?.default ?? false,
      preRelease: s?.preRelease ?? "unknown",
      lockedToDefault: s?.locked === true,
      dependsOn: hasDependencies(v) ? g.dependsOn : [],
    };
  });
}

/** The gate defaults of a release. */
export function defaultFeatureGates(v: KubeVersion): FeatureGates {
  const gates = { statusRequestsMaxOfSums: atLeast(v, 37) } as { -readonly [K in keyof FeatureGates]: boolean };
  // statusRequestsMaxOfSums is not a gate: component-helpers v0.37 AggregateContainerRequests (see FeatureGates).
  // A gate removed after it went GA is on for good.
  for (const g of GATES) gates[g.key] = specAt(g, v)?.default ?? (g.removedIn !== undefined);
  return gates;
}

/**
 * Applies user overrides (the upstream gate names, or camelCase keys) on top of a release's defaults, refusing
 * what component-base's unsafeSetFromMap refuses, in its words: an unrecognized gate, a locked gate set to the
 * other value, and (from 1.35) an enabled gate depending on a disabled one. Upstream collects every refusal;
 * schedkit reports the first: overrides in the order given, then dependencies by gate name.
 */
export function resolveFeatureGates(v: KubeVersion, overrides: unknown, path = "featureGates"): FeatureGates {
  const gates = defaultFeatureGates(v) as { -readonly [K in keyof FeatureGates]: boolean };
  if (overrides === undefined || overrides === null) return gates;
  if (typeof overrides !== "object" || Array.isArray(overrides)) throw new SchedkitError(path, overrides, "is not a map of feature gates");
  const set = new Map<string, string>();
  for (const [k, val] of Object.entries(overrides)) {
    const g = BY_NAME.get(k);
    if (g === undefined) {
      const known = GATES.map((x) => x.name).join(", ");
      throw new SchedkitError(`${path}.${k}`, k, `is not a feature gate schedkit models (${known})`);
    }
    if (typeof val !== "boolean") throw new SchedkitError(`${path}.${k}`, val, "is not a boolean");
    const s = specAt(g, v);
    if (s === undefined) throw new SchedkitError(`${path}.${k}`, val, `unrecognized feature gate: ${g.name} (in Kubernetes 1.${v.minor})`);
    if (s.locked === true && s.default !== val) {
      throw new SchedkitError(`${path}.${k}`, val, `cannot set feature gate ${g.name} to ${val}, feature is locked to ${s.default} (in Kubernetes 1.${v.minor})`);
    }
    gates[g.key] = val;
    set.set(g.name, k);
  }
  if (hasDependencies(v)) checkDependencies(v, gates, set, path);
  return gates;
}

// unsafeSetFromMap's dependency pass: every enabled gate (set or by default) whose dependencies are not all
// enabled, listed as Go prints a []Feature ("[A B]", in AddDependencies' sorted order).
function checkDependencies(v: KubeVersion, gates: FeatureGates, set: ReadonlyMap<string, string>, path: string): void {
  for (const g of GATES) {
    if (specAt(g, v) === undefined || !gates[g.key]) continue;
    const disabled = g.dependsOn.filter((d) => !gates[BY_NAME.get(d)!.key]);
    if (disabled.length === 0) continue;
    // Name the override that broke it: the dependent gate if it was set, else the first disabled dependency set.
    const culprit = set.has(g.name) ? g.name : (disabled.find((d) => set.has(d)) ?? g.name);
    const k = set.get(culprit);
    throw new SchedkitError(
      k === undefined ? path : `${path}.${k}`,
      k === undefined ? "(defaults)" : gates[BY_NAME.get(culprit)!.key],
      `${g.name} is enabled, but depends on features that are disabled: [${disabled.join(" ")}] (in Kubernetes 1.${v.minor})`,
    );
  }
}
