// Feature-gate defaults per release (k8s.io/kubernetes pkg/features/kube_features.go versioned specs).
import { SchedkitError } from "../errors.js";
import type { FeatureGates } from "./interfaces.js";
import { atLeast, type KubeVersion } from "./version.js";

/** The gate defaults of a release. */
export function defaultFeatureGates(v: KubeVersion): FeatureGates {
  return {
    podLevelResources: atLeast(v, 34), // beta (on) in 1.34
    dynamicResources: atLeast(v, 34), // GA in 1.34: DynamicResources joins the default profile
    nodeInclusionPolicyInPodTopologySpread: true, // beta (on) since 1.26, GA 1.33
    taintTolerationComparisonOperators: false, // alpha
    inPlacePodVerticalScaling: atLeast(v, 33), // beta (on) in 1.33, GA 1.35
    sidecarContainers: true, // beta (on) since 1.29, GA 1.33
    nodeDeclaredFeatures: atLeast(v, 36), // alpha 1.35, beta (on) 1.36, GA 1.37
    storageCapacityScoring: atLeast(v, 37), // alpha 1.33, beta (on) 1.37
    draExtendedResource: atLeast(v, 36), // alpha 1.34, beta (on) 1.36, GA (locked on) 1.37
    draNodeAllocatableResources: false, // alpha 1.36
  };
}

// Gates younger than schedkit's oldest release: the first release that knows them (kube_features.go's first
// versioned spec). Setting one on an older release is component-base featuregate's "unrecognized feature gate".
function firstRelease(v: KubeVersion, gate: keyof FeatureGates): boolean {
  switch (gate) {
    case "draExtendedResource":
      return atLeast(v, 34);
    case "draNodeAllocatableResources":
      return atLeast(v, 36);
    default:
      return true;
  }
}

// LockToDefault specs (kube_features.go): featuregate.unsafeSetFromMap refuses to set them to the other value.
function lockedTo(v: KubeVersion, gate: keyof FeatureGates): boolean | undefined {
  if (gate === "draExtendedResource" && atLeast(v, 37)) return true; // GA in 1.37, LockToDefault
  return undefined;
}

const GATE_NAMES: Record<string, keyof FeatureGates> = {
  podLevelResources: "podLevelResources",
  PodLevelResources: "podLevelResources",
  dynamicResources: "dynamicResources",
  DynamicResourceAllocation: "dynamicResources",
  nodeInclusionPolicyInPodTopologySpread: "nodeInclusionPolicyInPodTopologySpread",
  NodeInclusionPolicyInPodTopologySpread: "nodeInclusionPolicyInPodTopologySpread",
  taintTolerationComparisonOperators: "taintTolerationComparisonOperators",
  TaintTolerationComparisonOperators: "taintTolerationComparisonOperators",
  inPlacePodVerticalScaling: "inPlacePodVerticalScaling",
  InPlacePodVerticalScaling: "inPlacePodVerticalScaling",
  sidecarContainers: "sidecarContainers",
  SidecarContainers: "sidecarContainers",
  nodeDeclaredFeatures: "nodeDeclaredFeatures",
  NodeDeclaredFeatures: "nodeDeclaredFeatures",
  storageCapacityScoring: "storageCapacityScoring",
  StorageCapacityScoring: "storageCapacityScoring",
  draExtendedResource: "draExtendedResource",
  DRAExtendedResource: "draExtendedResource",
  draNodeAllocatableResources: "draNodeAllocatableResources",
  DRANodeAllocatableResources: "draNodeAllocatableResources",
};

/** The upstream name of a gate, as component-base's messages spell it. */
function upstreamName(gate: keyof FeatureGates): string {
  return Object.keys(GATE_NAMES).find((n) => /^[A-Z]/.test(n) && GATE_NAMES[n] === gate)!;
}

/** Applies user overrides (camelCase or the upstream gate names) on top of a release's defaults. */
export function resolveFeatureGates(v: KubeVersion, overrides: unknown, path = "featureGates"): FeatureGates {
  const gates: { -readonly [K in keyof FeatureGates]: boolean } = { ...defaultFeatureGates(v) };
  if (overrides === undefined || overrides === null) return gates;
  if (typeof overrides !== "object" || Array.isArray(overrides)) throw new SchedkitError(path, overrides, "is not a map of feature gates");
  for (const [k, val] of Object.entries(overrides)) {
    const gate = Object.hasOwn(GATE_NAMES, k) ? GATE_NAMES[k] : undefined;
    if (gate === undefined) throw new SchedkitError(`${path}.${k}`, k, `is not a feature gate schedkit models (${Object.keys(GATE_NAMES).filter((n) => /^[a-z]/.test(n)).join(", ")})`);
    if (typeof val !== "boolean") throw new SchedkitError(`${path}.${k}`, val, "is not a boolean");
    // component-base featuregate.unsafeSetFromMap's wording.
    if (!firstRelease(v, gate)) throw new SchedkitError(`${path}.${k}`, val, `unrecognized feature gate: ${upstreamName(gate)} (in Kubernetes 1.${v.minor})`);
    const locked = lockedTo(v, gate);
    if (locked !== undefined && locked !== val) {
      throw new SchedkitError(`${path}.${k}`, val, `cannot set feature gate ${upstreamName(gate)} to ${val}, feature is locked to ${locked} (in Kubernetes 1.${v.minor})`);
    }
    gates[gate] = val;
  }
  return gates;
}
