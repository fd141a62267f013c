import { describe, expect, it } from "vitest";
import { runNovaFilters, type NovaFlavorRequest, type NovaHostState } from "./index.js";
import { SchedkitError } from "../index.js";

// 32 CPUs at 4.0 (limit 128 vCPUs), 64 GiB at 1.5, 1000 GB disk at 1.0.
const host: NovaHostState = {
  name: "h",
  vcpusTotal: 32,
  vcpusUsed: 120,
  cpuAllocationRatio: 4.0,
  totalUsableRamMb: 65536,
  freeRamMb: 1024,
  ramAllocationRatio: 1.5,
  totalUsableDiskGb: 1000,
  freeDiskMb: 20 * 1024,
  diskAllocationRatio: 1.0,
  numInstances: 10,
  numIoOps: 2,
};
const flavor: NovaFlavorRequest = { vcpus: 8, memoryMb: 4096, rootGb: 10 };

describe("CoreFilter (filters/core_filter.py, ≤ 21.x)", () => {
  it.each([
    ["fits exactly at the overcommitted limit (120 + 8 = 32 × 4)", host, flavor, true],
    ["rejects one vCPU over the limit", { ...host, vcpusUsed: 121 }, flavor, false],
    ["rejects a flavor larger than the host's CPUs (no overcommit against itself)", { ...host, vcpusUsed: 0 }, { ...flavor, vcpus: 33 }, false],
    ["passes when the host reports no CPUs (upstream fail-safe)", { ...host, vcpusTotal: 0 }, flavor, true],
  ] as const)("%s", (_n, h, req, passes) => {
    expect(runNovaFilters(h, req, ["CoreFilter"]).passes).toBe(passes);
  });
});

describe("RamFilter (filters/ram_filter.py, ≤ 21.x)", () => {
  // usable = 65536 × 1.5 − (65536 − free) = 32768 + free.
  it.each([
    ["overcommits memory by the ratio", { ...host, freeRamMb: -32768 + 4096 }, true],
    ["rejects one MB short", { ...host, freeRamMb: -32768 + 4095 }, false],
    ["rejects a flavor larger than the host's memory", { ...host, totalUsableRamMb: 4095, freeRamMb: 4095 }, false],
  ] as const)("%s", (_n, h, passes) => {
    expect(runNovaFilters(h, flavor, ["RamFilter"]).passes).toBe(passes);
  });
});

describe("DiskFilter (filters/disk_filter.py, ≤ 21.x)", () => {
  it.each([
    ["counts root + ephemeral in GB and swap in MB", { ...flavor, rootGb: 10, ephemeralGb: 9, swapMb: 1024 }, true],
    ["rejects one MB over the free disk at ratio 1.0", { ...flavor, rootGb: 20, swapMb: 1 }, false],
  ] as const)("%s", (_n, req, passes) => {
    expect(runNovaFilters(host, req, ["DiskFilter"]).passes).toBe(passes);
  });
});

describe("NumInstancesFilter, IoOpsFilter and ComputeFilter", () => {
  it.each([
    ["NumInstancesFilter passes below max_instances_per_host (50)", { ...host, numInstances: 49 }, "NumInstancesFilter", {}, true],
    ["NumInstancesFilter rejects at the maximum", { ...host, numInstances: 50 }, "NumInstancesFilter", {}, false],
    ["IoOpsFilter rejects at max_io_ops_per_host (8)", { ...host, numIoOps: 8 }, "IoOpsFilter", {}, false],
    ["IoOpsFilter honours a configured maximum", { ...host, numIoOps: 8 }, "IoOpsFilter", { maxIoOpsPerHost: 9 }, true],
    ["ComputeFilter rejects a down service", { ...host, up: false }, "ComputeFilter", {}, false],
  ] as const)("%s", (_n, h, filter, config, passes) => {
    expect(runNovaFilters(h, flavor, [filter], config).passes).toBe(passes);
  });

  it("reports the first filter that rejects", () => {
    expect(runNovaFilters({ ...host, up: false, numIoOps: 9 }, flavor, ["IoOpsFilter", "ComputeFilter"])).toEqual({ passes: false, rejectedBy: "IoOpsFilter" });
  });

  it("rejects an unknown filter name", () => {
    expect(() => runNovaFilters(host, flavor, ["CoreFilterr" as never])).toThrow(SchedkitError);
  });
});
