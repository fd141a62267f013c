import { describe, expect, it } from "vitest";
import { SchedkitError } from "../../errors.js";
import { parseBalancedAllocationArgs, parseFitArgs } from "./args.js";

const P = "pluginConfig[0].args";
const rtcr = (shape: unknown) => ({ type: "RequestedToCapacityRatio", requestedToCapacityRatio: { shape } });

describe("NodeResourcesFitArgs defaults", () => {
  it("takes LeastAllocated over cpu and memory when args or the strategy are absent", () => {
    for (const args of [undefined, null, {}, { apiVersion: "kubescheduler.config.k8s.io/v1", kind: "NodeResourcesFitArgs" }]) {
      expect(parseFitArgs(args, P).scoringStrategy).toEqual({
        type: "LeastAllocated",
        resources: [
          { name: "cpu", weight: 1 },
          { name: "memory", weight: 1 },
        ],
        requestedToCapacityRatio: null,
      });
    }
  });

  it("defaults an absent resource list and absent weights, keeps a null list empty", () => {
    expect(parseFitArgs({ scoringStrategy: { type: "MostAllocated" } }, P).scoringStrategy.resources).toHaveLength(2);
    expect(parseFitArgs({ scoringStrategy: { type: "MostAllocated", resources: null } }, P).scoringStrategy.resources).toEqual([]);
    expect(parseFitArgs({ scoringStrategy: { type: "MostAllocated", resources: [{ name: "x/y" }] } }, P).scoringStrategy.resources).toEqual([
      { name: "x/y", weight: 1 },
    ]);
  });
});

describe("ValidateNodeResourcesFitArgs", () => {
  it.each([
    {
      name: "zero weight",
      args: { scoringStrategy: { type: "LeastAllocated", resources: [{ name: "memory", weight: 1 }, { name: "cpu", weight: 0 }] } },
      path: `${P}.scoringStrategy.resources[1].weight`,
      message: `${P}.scoringStrategy.resources[1].weight: 0 is invalid: resource weight of cpu not in valid range (0, 100]`,
    },
    {
      name: "weight above MaxNodeScore",
      args: { scoringStrategy: { type: "MostAllocated", resources: [{ name: "memory", weight: 101 }] } },
      path: `${P}.scoringStrategy.resources[0].weight`,
      message: /101 is invalid: resource weight of memory not in valid range \(0, 100\]/,
    },
    {
      name: "unsupported type",
      args: { scoringStrategy: { type: "Balanced" } },
      path: `${P}.scoringStrategy.type`,
      message: /"Balanced" is not supported: supported values: "LeastAllocated", "MostAllocated", "RequestedToCapacityRatio"/,
    },
    { name: "omitted type in a given strategy", args: { scoringStrategy: {} }, path: `${P}.scoringStrategy.type`, message: /"" is not supported/ },
    { name: "null strategy", args: { scoringStrategy: null }, path: `${P}.scoringStrategy`, message: /ScoringStrategy field is required/ },
    {
      name: "RTCR without its parameters",
      args: { scoringStrategy: { type: "RequestedToCapacityRatio" } },
      path: `${P}.scoringStrategy.requestedToCapacityRatio`,
      message: /must be specified when type is RequestedToCapacityRatio/,
    },
    {
      name: "RTCR parameters with another type",
      args: { scoringStrategy: { type: "LeastAllocated", requestedToCapacityRatio: { shape: [] } } },
      path: `${P}.scoringStrategy.requestedToCapacityRatio`,
      message: /must be nil when type is not RequestedToCapacityRatio/,
    },
    {
      name: "empty shape",
      args: { scoringStrategy: rtcr([]) },
      path: `${P}.scoringStrategy.requestedToCapacityRatio.shape`,
      message: /at least one point must be specified/,
    },
    {
      name: "unsorted shape",
      args: { scoringStrategy: rtcr([{ utilization: 10, score: 1 }, { utilization: 10, score: 2 }]) },
      path: `${P}.scoringStrategy.requestedToCapacityRatio.shape[1].utilization`,
      message: /values must be sorted in increasing order/,
    },
    {
      name: "utilization out of range",
      args: { scoringStrategy: rtcr([{ utilization: 101, score: 1 }]) },
      path: `${P}.scoringStrategy.requestedToCapacityRatio.shape[0].utilization`,
      message: /not in valid range \[0, 100\]/,
    },
    {
      name: "score out of range",
      args: { scoringStrategy: rtcr([{ utilization: 0, score: 11 }]) },
      path: `${P}.scoringStrategy.requestedToCapacityRatio.shape[0].score`,
      message: /not in valid range \[0, 10\]/,
    },
    {
      name: "resource group with a slash",
      args: { ignoredResourceGroups: ["example.com/aaa"] },
      path: `${P}.ignoredResourceGroups[0]`,
      message: /resource group name can't contain '\/'/,
    },
    { name: "invalid ignored resource", args: { ignoredResources: ["-bad"] }, path: `${P}.ignoredResources[0]`, message: /label key/ },
    { name: "unknown field", args: { scoringStratgy: {} }, path: `${P}.scoringStratgy`, message: /is not a field of NodeResourcesFitArgs/ },
    { name: "wrong kind", args: { kind: "NodeAffinityArgs" }, path: `${P}.kind`, message: /is not "NodeResourcesFitArgs"/ },
    {
      name: "fractional weight",
      args: { scoringStrategy: { type: "LeastAllocated", resources: [{ name: "cpu", weight: 1.5 }] } },
      path: `${P}.scoringStrategy.resources[0].weight`,
      message: /is not an integer/,
    },
  ])("rejects $name", ({ args, path, message }) => {
    let err: unknown;
    try {
      parseFitArgs(args, P);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SchedkitError);
    expect((err as SchedkitError).path).toBe(path);
    expect((err as SchedkitError).message).toMatch(message);
  });
});

describe("ValidateNodeResourcesBalancedAllocationArgs", () => {
  it("defaults to cpu and memory with weight 1", () => {
    expect(parseBalancedAllocationArgs(undefined, P).resources).toEqual([
      { name: "cpu", weight: 1 },
      { name: "memory", weight: 1 },
    ]);
    expect(parseBalancedAllocationArgs({ resources: [{ name: "nvidia.com/gpu" }] }, P).resources).toEqual([{ name: "nvidia.com/gpu", weight: 1 }]);
  });

  it.each([
    { name: "a weight other than 1", args: { resources: [{ name: "cpu", weight: 2 }] }, path: `${P}.resources[0].weight`, message: /2 is invalid: must be 1/ },
    { name: "an explicit weight 0", args: { resources: [{ name: "cpu", weight: 0 }] }, path: `${P}.resources[0].weight`, message: /must be 1/ },
    { name: "a duplicate resource", args: { resources: [{ name: "cpu" }, { name: "cpu" }] }, path: `${P}.resources[1].name`, message: /"cpu" is a duplicate value/ },
  ])("rejects $name", ({ args, path, message }) => {
    expect(() => parseBalancedAllocationArgs(args, P)).toThrow(message);
    try {
      parseBalancedAllocationArgs(args, P);
    } catch (e) {
      expect((e as SchedkitError).path).toBe(path);
    }
  });
});
