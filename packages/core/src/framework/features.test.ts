// Feature gates per release (kube_features.go's versioned specs) and component-base featuregate's refusals.
import { describe, expect, it } from "vitest";
import { SchedkitError } from "../errors.js";
import { defaultFeatureGates, resolveFeatureGates } from "./features.js";
import { parseKubeVersion } from "./version.js";

const at = (v: string) => parseKubeVersion(v);

describe("DRAExtendedResource: alpha in 1.34, beta (on) in 1.36, GA and locked on in 1.37", () => {
  it.each([
    ["1.34", false],
    ["1.35", false],
    ["1.36", true],
    ["1.37", true],
  ] as const)("defaults to %s → %s", (v, on) => {
    expect(defaultFeatureGates(at(v)).draExtendedResource).toBe(on);
  });

  it("can be switched either way while alpha or beta", () => {
    expect(resolveFeatureGates(at("1.34"), { DRAExtendedResource: true }).draExtendedResource).toBe(true);
    expect(resolveFeatureGates(at("1.36"), { DRAExtendedResource: false }).draExtendedResource).toBe(false);
  });

  it("cannot be set to false in 1.37, with component-base's wording", () => {
    const f = () => resolveFeatureGates(at("1.37"), { DRAExtendedResource: false });
    expect(f).toThrow(SchedkitError);
    expect(f).toThrow("featureGates.DRAExtendedResource: false cannot set feature gate DRAExtendedResource to false, feature is locked to true (in Kubernetes 1.37)");
    expect(resolveFeatureGates(at("1.37"), { draExtendedResource: true }).draExtendedResource).toBe(true);
  });

  it("is unrecognized before 1.34", () => {
    expect(() => resolveFeatureGates(at("1.33"), { DRAExtendedResource: true })).toThrow(
      "featureGates.DRAExtendedResource: true unrecognized feature gate: DRAExtendedResource (in Kubernetes 1.33)",
    );
  });
});

describe("DRANodeAllocatableResources: alpha (off) since 1.36", () => {
  it("is off by default and can be switched on from 1.36", () => {
    expect(defaultFeatureGates(at("1.37")).draNodeAllocatableResources).toBe(false);
    expect(resolveFeatureGates(at("1.36"), { DRANodeAllocatableResources: true }).draNodeAllocatableResources).toBe(true);
  });

  it("is unrecognized before 1.36", () => {
    expect(() => resolveFeatureGates(at("1.35"), { draNodeAllocatableResources: false })).toThrow(
      "featureGates.draNodeAllocatableResources: false unrecognized feature gate: DRANodeAllocatableResources (in Kubernetes 1.35)",
    );
  });
});
