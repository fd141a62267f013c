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
  };
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
};

/** Applies user overrides (camelCase or the upstream gate names) on top of a release's defaults. */
export function resolveFeatureGates(v: KubeVersion, overrides: unknown, path = "featureGates"): FeatureGates {
  const gates: { -readonly [K in keyof FeatureGates]: boolean } = { ...defaultFeatureGates(v) };
  if (overrides === undefined || overrides === null) return gates;
  if (typeof overrides !== "object" || Array.isArray(overrides)) throw new SchedkitError(path, overrides, "is not a map of feature gates");
  for (const [k, val] of Object.entries(overrides)) {
    const gate = Object.hasOwn(GATE_NAMES, k) ? GATE_NAMES[k] : undefined;
    if (gate === undefined) throw new SchedkitError(`${path}.${k}`, k, `is not a feature gate schedkit models (${Object.keys(GATE_NAMES).filter((n) => /^[a-z]/.test(n)).join(", ")})`);
    if (typeof val !== "boolean") throw new SchedkitError(`${path}.${k}`, val, "is not a boolean");
    gates[gate] = val;
  }
  return gates;
}
