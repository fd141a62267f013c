import { describe, expect, it } from "vitest";
import { parseFlavorCpuTune, vmCpuCap, vmCpuWeight } from "./index.js";
import { SchedkitError } from "../index.js";
import { weightToKernelShares } from "../cgroup/index.js";

describe("parseFlavorCpuTune (quota:cpu_* extra specs)", () => {
  it.each([
    ["nothing set", {}, { shares: null, periodUs: null, quotaUs: null }],
    ["all three", { "quota:cpu_shares": "2048", "quota:cpu_period": "20000", "quota:cpu_quota": "10000" }, { shares: 2048, periodUs: 20000, quotaUs: 10000 }],
    ["period and quota 0 as unset, shares 0 kept", { "quota:cpu_shares": "0", "quota:cpu_period": "0", "quota:cpu_quota": "0" }, { shares: 0, periodUs: null, quotaUs: null }],
    ["hw: keys ignored", { "hw:cpu_quota": "5000", "hw:cpu_policy": "shared" }, { shares: null, periodUs: null, quotaUs: null }],
  ] as const)("%s", (_n, specs, want) => {
    expect(parseFlavorCpuTune(specs)).toEqual(want);
  });

  it.each([
    ["a negative value", { "quota:cpu_shares": "-1" }, /quota:cpu_shares/],
    ["a non-integer", { "quota:cpu_quota": "1.5" }, /quota:cpu_quota/],
    ["a period below 1 ms", { "quota:cpu_period": "999" }, /quota:cpu_period/],
    ["a period above 1 s", { "quota:cpu_period": "1000001" }, /quota:cpu_period/],
    ["a quota below 1 ms", { "quota:cpu_quota": "999" }, /quota:cpu_quota/],
  ] as const)("rejects %s", (_n, specs, msg) => {
    expect(() => parseFlavorCpuTune(specs)).toThrow(SchedkitError);
    expect(() => parseFlavorCpuTune(specs)).toThrow(msg);
  });
});

describe("vmCpuWeight (libvirt <cputune><shares>)", () => {
  const none = parseFlavorCpuTune({});
  it.each([
    ["Zed+ on cgroup v2: kernel default weight 100 for any size", 16, none, 2, "none", { file: "cpu.weight", value: 100, kernelShares: weightToKernelShares(100) }],
    ["Zed+ on cgroup v1: kernel default 1024 shares", 16, none, 1, "none", { file: "cpu.shares", value: 1024, kernelShares: 1024 }],
    ["pre-Zed on cgroup v1: 1024 × vCPUs", 4, none, 1, "1024-per-vcpu", { file: "cpu.shares", value: 4096, kernelShares: 4096 }],
    ["pre-Zed on cgroup v2 below the limit, written unconverted", 9, none, 2, "1024-per-vcpu", { file: "cpu.weight", value: 9216, kernelShares: weightToKernelShares(9216) }],
    ["quota:cpu_shares on cgroup v2, written unconverted", 4, parseFlavorCpuTune({ "quota:cpu_shares": "500" }), 2, "none", { file: "cpu.weight", value: 500, kernelShares: weightToKernelShares(500) }],
    ["quota:cpu_shares 0 on cgroup v1, clamped by the kernel to 2", 4, parseFlavorCpuTune({ "quota:cpu_shares": "0" }), 1, "none", { file: "cpu.shares", value: 0, kernelShares: 2 }],
  ] as const)("%s", (_n, vcpus, tune, version, dflt, want) => {
    expect(vmCpuWeight(vcpus, tune, version, dflt)).toEqual(want);
  });

  it("fails a pre-Zed VM with more than 9 vCPUs on cgroup v2 (bug 1978489)", () => {
    expect(() => vmCpuWeight(10, none, 2, "1024-per-vcpu")).toThrow(/cpu\.weight/);
  });
});

describe("vmCpuCap (vCPU threads and per-vCPU quota)", () => {
  it.each([
    ["no quota: one CPU per vCPU", 4, {}, 4],
    ["half a CPU per vCPU", 4, { "quota:cpu_quota": "50000", "quota:cpu_period": "100000" }, 2],
    ["quota with the default 100 ms period", 8, { "quota:cpu_quota": "25000" }, 2],
    ["quota above the period cannot exceed one CPU per vCPU thread", 4, { "quota:cpu_quota": "200000" }, 4],
  ] as const)("%s", (_n, vcpus, specs, want) => {
    expect(vmCpuCap(vcpus, parseFlavorCpuTune(specs))).toBe(want);
  });
});
