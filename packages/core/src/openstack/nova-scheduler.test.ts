import { describe, expect, it } from "vitest";
import { loadFixture } from "../_test/fixtures.js";
import { novaRequestResources, scheduleVms, type NovaComputeHost, type NovaVmRequest } from "./index.js";
import { SchedkitError } from "../index.js";

const meta = loadFixture<{ meta: { nova_defaults: { initial_cpu_allocation_ratio: number; reserved_host_memory_mb: number } } }>(
  "openstack_placement.json",
).meta.nova_defaults;

const compute = (name: string, cpus: number, extra: Partial<NovaComputeHost> = {}): NovaComputeHost => ({
  name,
  inventories: {
    VCPU: { total: cpus, allocationRatio: meta.initial_cpu_allocation_ratio, maxUnit: cpus },
    MEMORY_MB: { total: 262144, reserved: meta.reserved_host_memory_mb, maxUnit: 262144 },
    DISK_GB: { total: 2000, maxUnit: 2000 },
  },
  ...extra,
});
const vm = (name: string, vcpus: number): NovaVmRequest => ({ name, vcpus, memoryMb: 8192, rootGb: 20 });

describe("novaRequestResources (scheduler/utils.py resources_from_flavor)", () => {
  it.each([
    ["VCPU, MEMORY_MB and DISK_GB with swap rounded up to whole GB", { ...vm("a", 4), ephemeralGb: 5, swapMb: 1025 }, { VCPU: 4, MEMORY_MB: 8192, DISK_GB: 27 }],
    ["no root disk when booting from volume", { ...vm("a", 4), bootFromVolume: true }, { VCPU: 4, MEMORY_MB: 8192 }],
    ["PCPU instead of VCPU for dedicated CPUs", { ...vm("a", 4), dedicatedCpus: true }, { PCPU: 4, MEMORY_MB: 8192, DISK_GB: 20 }],
  ] as const)("%s", (_n, req, want) => {
    expect(novaRequestResources(req)).toEqual(want);
  });
});

describe("scheduleVms (filter, weigh, pick)", () => {
  it("spreads by default: each VM goes to the host with the most free vCPUs and RAM", () => {
    const result = scheduleVms([compute("a", 32), compute("b", 32)], [vm("v1", 8), vm("v2", 8), vm("v3", 8)]);
    // Equal hosts tie and keep input order; after each placement the other host has more free capacity.
    expect(result.placements.map((p) => p.host)).toEqual(["a", "b", "a"]);
    expect(result.hosts.map((h) => h.usages?.VCPU)).toEqual([16, 8]);
    expect(result.hostStates[0]!.numInstances).toBe(2);
  });

  it("stacks with negative CPU and RAM multipliers", () => {
    const result = scheduleVms([compute("a", 32), compute("b", 32)], [vm("v1", 8), vm("v2", 8), vm("v3", 8)], {
      multipliers: { cpu_weight_multiplier: -1, ram_weight_multiplier: -1, disk_weight_multiplier: -1 },
    });
    expect(result.placements.map((p) => p.host)).toEqual(["a", "a", "a"]);
  });

  it("fills a host to (pCPUs − reserved) × ratio and no further", () => {
    const cpus = 4;
    const capacity = cpus * meta.initial_cpu_allocation_ratio;
    const requests = Array.from({ length: capacity + 1 }, (_, i) => ({ ...vm(`v${i}`, 1), memoryMb: 1, rootGb: 1 }));
    const result = scheduleVms([compute("only", cpus)], requests);
    expect(result.placements.filter((p) => p.host === "only")).toHaveLength(capacity);
    const last = result.placements[capacity]!;
    expect(last.host).toBeNull();
    expect(last.rejected).toEqual([{ host: "only", stage: "placement", resourceClass: "VCPU", reason: "capacity" }]);
  });

  it("rejects a flavor wider than the host's CPUs through max_unit, whatever the ratio", () => {
    const result = scheduleVms([compute("small", 8), compute("big", 64)], [vm("wide", 16)]);
    expect(result.placements[0]!.host).toBe("big");
    expect(result.placements[0]!.rejected).toEqual([{ host: "small", stage: "placement", resourceClass: "VCPU", reason: "max_unit" }]);
  });

  it("turns a binary32-stored ratio into a lost slot (0.7 × 10 < 7)", () => {
    const host: NovaComputeHost = { name: "h", inventories: { VCPU: { total: 10, allocationRatio: 0.7, maxUnit: 10 } } };
    const req: NovaVmRequest = { name: "v", vcpus: 7, memoryMb: 0 };
    expect(scheduleVms([host], [req]).placements[0]!.host).toBe("h");
    expect(scheduleVms([host], [req], { ratioStorage: "binary32" }).placements[0]!.host).toBeNull();
  });

  it("records filter rejections after Placement", () => {
    const result = scheduleVms([compute("down", 32, { up: false }), compute("up", 32)], [vm("v", 2)]);
    expect(result.placements[0]!.host).toBe("up");
    expect(result.placements[0]!.rejected).toEqual([{ host: "down", stage: "filter", filter: "ComputeFilter" }]);
  });

  it("is deterministic for a seed when drawing among host_subset_size hosts", () => {
    const hosts = [compute("a", 32), compute("b", 32), compute("c", 32), compute("d", 32)];
    const requests = Array.from({ length: 12 }, (_, i) => vm(`v${i}`, 2));
    const run = (seed: number) => scheduleVms(hosts, requests, { hostSubsetSize: 3, shuffleBestSameWeighedHosts: true, seed }).placements.map((p) => p.host);
    expect(run(7)).toEqual(run(7));
    const picks = new Set<string | null>();
    for (let seed = 0; seed < 20; seed++) run(seed).forEach((h) => picks.add(h));
    expect(picks.size).toBeGreaterThan(1);
  });

  it("rejects bad options and duplicate hosts", () => {
    expect(() => scheduleVms([compute("a", 4)], [], { hostSubsetSize: 0 })).toThrow(SchedkitError);
    expect(() => scheduleVms([compute("a", 4), compute("a", 4)], [])).toThrow(/duplicate/);
    expect(() => scheduleVms([compute("a", 4)], [{ ...vm("v", 1), vcpus: -1 }])).toThrow(/requests\[0\]\.vcpus/);
  });
});

// Regressions: null hosts, requests and inventories threw raw TypeErrors.
describe("scheduleVms rejects malformed input at the field's path", () => {
  const host = (): any => ({ name: "h", inventories: { VCPU: { total: 4 } } });
  const request = (): any => ({ name: "a", vcpus: 1, memoryMb: 0 });
  it.each<[string, unknown, unknown, string]>([
    ["a null request", [host()], [null], "requests[0]: null is not an object"],
    ["a request without a name", [host()], [{ vcpus: 1, memoryMb: 0 }], "requests[0].name is required (expected a string)"],
    ["a null host", [null], [request()], "hosts[0]: null is not an object"],
    ["a host without a name", [{ inventories: {} }], [request()], "hosts[0].name is required (expected a non-empty string)"],
    ["null inventories", [{ name: "h", inventories: null }], [request()], "hosts[0].inventories: null is not an object"],
    ["a null inventory", [{ name: "h", inventories: { VCPU: null } }], [request()], "hosts[0].inventories.VCPU: null is not an object"],
    ["an inventory without a total", [{ name: "h", inventories: { VCPU: {} } }], [request()], "hosts[0].inventories.VCPU.total is required (expected an integer >= 0)"],
    ["a negative allocation ratio", [{ name: "h", inventories: { VCPU: { total: 4, allocationRatio: -1 } } }], [request()], "hosts[0].inventories.VCPU.allocationRatio: -1 is not a finite number >= 0"],
    ["a string usage", [{ ...host(), usages: { VCPU: "1" } }], [request()], 'hosts[0].usages.VCPU: "1" is not an integer >= 0'],
    ["hosts not an array", null, [], "hosts: null is not an array"],
    ["requests not an array", [], {}, "requests: an object is not an array"],
    ["a duplicate host (Nova's wording)", [host(), host()], [], "hosts[1].name: \"h\" is a duplicate host name (hosts[0]): Host 'h' mapping already exists"],
  ])("%s", (_name, hosts, requests, message) => {
    expect(() => scheduleVms(hosts as NovaComputeHost[], requests as NovaVmRequest[])).toThrow(SchedkitError);
    expect(() => scheduleVms(hosts as NovaComputeHost[], requests as NovaVmRequest[])).toThrow(message);
  });
});
