import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { kernelRunParameters } from "../_test/long.js";
import { createCluster, schedule } from "../index.js";
import { profileArbitrary } from "./index.js";

type Json = Record<string, any>;

const cluster = createCluster({
  nodes: ["a", "b"].map((name) => ({ metadata: { name, labels: { "kubernetes.io/hostname": name } }, status: { allocatable: { cpu: "4", memory: "8Gi", pods: "110" } } })),
});
const pod = { metadata: { name: "p" }, spec: { containers: [{ name: "c", image: "nginx", resources: { requests: { cpu: "1", memory: "1Gi" } } }] } };

describe("profileArbitrary", () => {
  it("produces profiles the scheduler accepts and runs with", () => {
    fc.assert(
      fc.property(profileArbitrary(), (profile) => {
        // Only NodeAffinity's addedAffinity can turn these two empty nodes down.
        const r = schedule(pod, cluster, { profile });
        expect(r.status).toBe(JSON.stringify(profile).includes('"requiredDuringSchedulingIgnoredDuringExecution"') ? r.status : "Scheduled");
        expect(["Scheduled", "Unschedulable"]).toContain(r.status);
      }),
      kernelRunParameters(1000),
    );
  });

  it("covers the default profile, weights, disabled plugins, every scoring strategy, plugin args and percentageOfNodesToScore", () => {
    const ps = fc.sample(profileArbitrary(), { numRuns: 2000, seed: 41 }) as Json[];
    const text = ps.map((p) => JSON.stringify(p));
    const has = (s: string) => text.some((t) => t.includes(s));
    expect(ps.some((p) => p["plugins"] === undefined && p["pluginConfig"] === undefined)).toBe(true);
    for (const s of ['"weight":100', '"disabled":[{"name":"*"}]', '"score":{"disabled"', "LeastAllocated", "MostAllocated", "RequestedToCapacityRatio", '"shape":[', "ignoredResources", "ignoredResourceGroups"]) {
      expect(has(s)).toBe(true);
    }
    for (const s of ["NodeResourcesBalancedAllocation", "hardPodAffinityWeight", '"defaultingType":"List"', "addedAffinity", "percentageOfNodesToScore"]) expect(has(s)).toBe(true);
  });

  it("draws only the default profile when every variant is off", () => {
    const off = { weights: false, disabledPlugins: false, scoringStrategies: false, pluginArgs: false, percentageOfNodesToScore: false };
    for (const p of fc.sample(profileArbitrary(off), { numRuns: 100, seed: 42 })) expect(p).toEqual({ schedulerName: "default-scheduler" });
  });
});
