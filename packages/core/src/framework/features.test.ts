// Feature gates per release (kube_features.go's versioned specs and dependencies) and component-base
// featuregate's refusals (unsafeSetFromMap), in upstream's words.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SchedkitError } from "../errors.js";
import { defaultFeatureGates, featureGateTable, resolveFeatureGates } from "./features.js";
import { parseKubeVersion } from "./version.js";

const at = (v: string) => parseKubeVersion(v);

function refusal(v: string, overrides: Record<string, boolean>): string {
  try {
    resolveFeatureGates(at(v), overrides);
  } catch (e) {
    expect(e).toBeInstanceOf(SchedkitError);
    return (e as Error).message;
  }
  throw new Error(`${JSON.stringify(overrides)} was accepted on ${v}`);
}

describe("defaults follow the spec in force in the release (featureSpecAtEmulationAndMinCompatVersion)", () => {
  it.each([
    ["1.30", { podLevelResources: false, dynamicResources: false, inPlacePodVerticalScaling: false, storageCapacityScoring: false }],
    ["1.33", { inPlacePodVerticalScaling: true, storageCapacityScoring: false, draExtendedResource: false }],
    ["1.34", { podLevelResources: true, dynamicResources: true, draExtendedResource: false, nodeDeclaredFeatures: false }],
    ["1.35", { inPlacePodLevelResourcesVerticalScaling: false, nodeDeclaredFeatures: false, taintTolerationComparisonOperators: false }],
    ["1.36", { inPlacePodLevelResourcesVerticalScaling: true, nodeDeclaredFeatures: true, draExtendedResource: true, draNodeAllocatableResources: false }],
    ["1.37", { storageCapacityScoring: true, draExtendedResource: true, sidecarContainers: true }], // gone in 1.37: always on
  ] as const)("%s", (v, want) => {
    expect(defaultFeatureGates(at(v))).toMatchObject(want);
  });
});

describe("DRAExtendedResource: alpha in 1.34, beta (on) in 1.36, GA and locked on in 1.37", () => {
  it("can be switched either way while alpha or beta", () => {
    expect(resolveFeatureGates(at("1.34"), { DRAExtendedResource: true }).draExtendedResource).toBe(true);
    expect(resolveFeatureGates(at("1.36"), { DRAExtendedResource: false }).draExtendedResource).toBe(false);
  });

  it("cannot be set to false in 1.37, with component-base's wording", () => {
    expect(refusal("1.37", { DRAExtendedResource: false })).toBe(
      "featureGates.DRAExtendedResource: false cannot set feature gate DRAExtendedResource to false, feature is locked to true (in Kubernetes 1.37)",
    );
    expect(resolveFeatureGates(at("1.37"), { draExtendedResource: true }).draExtendedResource).toBe(true);
  });

  it("is unrecognized before 1.34", () => {
    expect(refusal("1.33", { DRAExtendedResource: true })).toBe(
      "featureGates.DRAExtendedResource: true unrecognized feature gate: DRAExtendedResource (in Kubernetes 1.33)",
    );
  });
});

describe("DRANodeAllocatableResources: alpha (off) since 1.36", () => {
  it("can be switched on from 1.36", () => {
    expect(resolveFeatureGates(at("1.36"), { DRANodeAllocatableResources: true }).draNodeAllocatableResources).toBe(true);
  });

  it("is unrecognized before 1.36", () => {
    expect(refusal("1.35", { draNodeAllocatableResources: false })).toBe(
      "featureGates.draNodeAllocatableResources: false unrecognized feature gate: DRANodeAllocatableResources (in Kubernetes 1.35)",
    );
  });
});

describe("LockToDefault: a locked gate may be set only to its default", () => {
  it.each([
    ["1.35", "DynamicResourceAllocation", true],
    ["1.37", "DynamicResourceAllocation", true],
    ["1.35", "InPlacePodVerticalScaling", true],
    ["1.33", "NodeInclusionPolicyInPodTopologySpread", true],
    ["1.37", "NodeDeclaredFeatures", true],
  ] as const)("%s: %s is locked to %s", (v, gate, locked) => {
    expect(refusal(v, { [gate]: !locked })).toBe(
      `featureGates.${gate}: ${!locked} cannot set feature gate ${gate} to ${!locked}, feature is locked to ${locked} (in Kubernetes ${v})`,
    );
    expect(() => resolveFeatureGates(at(v), { [gate]: locked })).not.toThrow();
  });

  it("the same gates are settable in the releases before the lock", () => {
    expect(resolveFeatureGates(at("1.34"), { DynamicResourceAllocation: false }).dynamicResources).toBe(false);
    expect(resolveFeatureGates(at("1.34"), { InPlacePodVerticalScaling: false }).inPlacePodVerticalScaling).toBe(false);
    expect(resolveFeatureGates(at("1.32"), { NodeInclusionPolicyInPodTopologySpread: false }).nodeInclusionPolicyInPodTopologySpread).toBe(false);
    // With its dependent gate off too (InPlacePodLevelResourcesVerticalScaling, beta and on in 1.36, needs it).
    expect(resolveFeatureGates(at("1.36"), { NodeDeclaredFeatures: false, InPlacePodLevelResourcesVerticalScaling: false }).nodeDeclaredFeatures).toBe(false);
  });
});

describe("unrecognized feature gate: a gate the release's kube_features.go does not list", () => {
  it.each([
    ["1.34", "TaintTolerationComparisonOperators"],
    ["1.34", "NodeDeclaredFeatures"],
    ["1.34", "InPlacePodLevelResourcesVerticalScaling"],
    ["1.32", "StorageCapacityScoring"],
    ["1.37", "SidecarContainers"],
  ] as const)("%s: %s", (v, gate) => {
    expect(refusal(v, { [gate]: true })).toBe(`featureGates.${gate}: true unrecognized feature gate: ${gate} (in Kubernetes ${v})`);
  });

  it("a gate schedkit does not model is refused, naming the ones it does", () => {
    expect(refusal("1.37", { CPUManagerPolicyOptions: true })).toMatch(
      /^featureGates\.CPUManagerPolicyOptions: "CPUManagerPolicyOptions" is not a feature gate schedkit models \(DRAExtendedResource, .*TaintTolerationComparisonOperators\)$/,
    );
  });
});

describe("dependencies (from 1.35, defaultKubernetesFeatureGateDependencies): an enabled gate needs every gate it depends on enabled", () => {
  it("PodLevelResources off leaves InPlacePodLevelResourcesVerticalScaling (on by default) without a dependency", () => {
    expect(refusal("1.37", { PodLevelResources: false })).toBe(
      "featureGates.PodLevelResources: false InPlacePodLevelResourcesVerticalScaling is enabled, but depends on features that are disabled: [PodLevelResources] (in Kubernetes 1.37)",
    );
  });

  it("switching the dependent gate off too is accepted", () => {
    const g = resolveFeatureGates(at("1.37"), { PodLevelResources: false, InPlacePodLevelResourcesVerticalScaling: false });
    expect(g.podLevelResources).toBe(false);
    expect(g.inPlacePodLevelResourcesVerticalScaling).toBe(false);
  });

  it("a dependent gate switched on is named when its dependency is off", () => {
    expect(refusal("1.37", { InPlacePodLevelResourcesVerticalScaling: true, PodLevelResources: false })).toBe(
      "featureGates.InPlacePodLevelResourcesVerticalScaling: true InPlacePodLevelResourcesVerticalScaling is enabled, but depends on features that are disabled: [PodLevelResources] (in Kubernetes 1.37)",
    );
  });

  it("DRANodeAllocatableResources on needs DynamicResourceAllocation, which is locked on in 1.37", () => {
    expect(resolveFeatureGates(at("1.37"), { DRANodeAllocatableResources: true }).draNodeAllocatableResources).toBe(true);
  });

  it("1.36 checks them as 1.37 does: InPlacePodLevelResourcesVerticalScaling is beta and on there", () => {
    expect(refusal("1.36", { PodLevelResources: false })).toBe(
      "featureGates.PodLevelResources: false InPlacePodLevelResourcesVerticalScaling is enabled, but depends on features that are disabled: [PodLevelResources] (in Kubernetes 1.36)",
    );
    expect(refusal("1.36", { DynamicResourceAllocation: false })).toBe(
      "featureGates.DynamicResourceAllocation: false cannot set feature gate DynamicResourceAllocation to false, feature is locked to true (in Kubernetes 1.36)",
    );
  });

  it("1.35: PodLevelResources off is accepted while the dependent gate is alpha and off, refused once it is switched on (NodeDeclaredFeatures is alpha and off too)", () => {
    const g = resolveFeatureGates(at("1.35"), { PodLevelResources: false });
    expect(g.podLevelResources).toBe(false);
    expect(g.inPlacePodLevelResourcesVerticalScaling).toBe(false);
    expect(refusal("1.35", { InPlacePodLevelResourcesVerticalScaling: true })).toBe(
      "featureGates.InPlacePodLevelResourcesVerticalScaling: true InPlacePodLevelResourcesVerticalScaling is enabled, but depends on features that are disabled: [NodeDeclaredFeatures] (in Kubernetes 1.35)",
    );
    expect(resolveFeatureGates(at("1.35"), { InPlacePodLevelResourcesVerticalScaling: true, NodeDeclaredFeatures: true }).inPlacePodLevelResourcesVerticalScaling).toBe(true);
  });

  it("releases before 1.35 have no dependency table: nothing is refused for a dependency", () => {
    expect(resolveFeatureGates(at("1.34"), { DynamicResourceAllocation: false, DRAExtendedResource: true }).draExtendedResource).toBe(true);
    expect(featureGateTable("1.34").find((g) => g.name === "DRAExtendedResource")!.dependsOn).toEqual([]);
    expect(featureGateTable("1.35").find((g) => g.name === "DRAExtendedResource")!.dependsOn).toEqual(["DynamicResourceAllocation"]);
  });
});

describe("SidecarContainers: beta and on through 1.32, GA and locked on 1.33–1.36, gone in 1.37", () => {
  it("can be switched off on 1.32", () => {
    expect(resolveFeatureGates(at("1.32"), { SidecarContainers: false }).sidecarContainers).toBe(false);
  });

  it.each(["1.33", "1.36"])("is locked on in %s", (release) => {
    expect(refusal(release, { SidecarContainers: false })).toBe(
      `featureGates.SidecarContainers: false cannot set feature gate SidecarContainers to false, feature is locked to true (in Kubernetes ${release})`,
    );
  });

  it("stays on in 1.37, where the gate is unrecognized", () => {
    expect(defaultFeatureGates(at("1.37")).sidecarContainers).toBe(true);
  });
});

describe("featureGateTable lists each modelled gate as the release has it", () => {
  it("1.37", () => {
    const t = new Map(featureGateTable(at("1.37")).map((g) => [g.name, g]));
    expect(t.get("DRAExtendedResource")).toMatchObject({ default: true, preRelease: "GA", lockedToDefault: true, dependsOn: ["DynamicResourceAllocation"] });
    expect(t.get("PodLevelResources")).toMatchObject({ default: true, preRelease: "Beta", lockedToDefault: false });
    expect(t.get("SidecarContainers")).toMatchObject({ preRelease: "unknown" });
    expect(t.get("InPlacePodLevelResourcesVerticalScaling")!.dependsOn).toEqual(["InPlacePodVerticalScaling", "NodeDeclaredFeatures", "PodLevelResources"]);
  });

  it("takes a version string, as the options do", () => {
    const t = new Map(featureGateTable("v1.34.2").map((g) => [g.name, g]));
    expect(t.get("DRAExtendedResource")).toMatchObject({ default: false, preRelease: "Alpha", lockedToDefault: false });
    expect(t.get("NodeDeclaredFeatures")).toMatchObject({ default: false, preRelease: "unknown" });
    expect(() => featureGateTable("1.29")).toThrow("version: \"1.29\" is outside the supported releases 1.30–1.37");
  });
});

describe("the README's table of feature gates per release is featureGateTable's", () => {
  // "alpha, off", "GA, locked on", "–" (unknown), "– (removed)".
  function cell(g: ReturnType<typeof featureGateTable>[number], removed: boolean): string {
    if (g.preRelease === "unknown") return removed ? "– (removed)" : "–";
    const stage = g.preRelease === "GA" ? "GA" : g.preRelease.toLowerCase();
    return `${stage}, ${g.lockedToDefault ? "locked " : ""}${g.default ? "on" : "off"}`;
  }

  it("every gate, every release, and the dependencies (the same from 1.35 to 1.37)", () => {
    const readme = readFileSync(new URL("../../../../README.md", import.meta.url), "utf8");
    const section = readme.split("### Feature gates per release")[1]!.split("\n## ")[0]!;
    const rows = section.split("\n").filter((l) => l.startsWith("| `"));
    const releases = Array.from({ length: 8 }, (_, i) => `1.${30 + i}`);
    const tables = releases.map((r) => featureGateTable(r));
    expect(rows.map((r) => r.split("|")[1]!.trim().replace(/`/g, ""))).toEqual(tables[0]!.map((g) => g.name));
    rows.forEach((row, i) => {
      const cells = row.split("|").slice(2, -1).map((c) => c.trim());
      const want = releases.map((_, j) => {
        const g = tables[j]!.find((x) => x.name === tables[0]![i]!.name)!;
        return cell(g, j > 0 && tables[j - 1]!.find((x) => x.name === g.name)!.preRelease !== "unknown");
      });
      expect(cells.slice(0, 8), tables[0]![i]!.name).toEqual(want);
      expect(cells[8], `${tables[0]![i]!.name} depends on`).toBe(tables[7]![i]!.dependsOn.join(", "));
    });
  });
});
