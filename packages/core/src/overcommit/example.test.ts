// Runs examples/layered-incident.mjs's scenario through the public entry and checks the numbers the
// example prints, each derived from docs/cgroup-overcommit.md's rules rather than read off the output.
import { describe, expect, it } from "vitest";
import { loadFixture } from "../_test/fixtures.js";
import { formatLayeredReport, layeredReport, type LayeredInventory } from "./index.js";
import { milliCPUToShares, sharesToWeight, weightToKernelShares } from "../cgroup/index.js";

const exampleUrl = new URL("../../../../examples/layered-incident.mjs", import.meta.url).href;
const { incidentInventory } = (await import(/* @vite-ignore */ exampleUrl)) as { incidentInventory: () => LayeredInventory };

interface RatioCase {
  name: string;
  inputs: { pcpus: number; vm_vcpus_total: number; k8s_alloc_m: number; k8s_limits_m: number; k8s_requests_m: number };
  expected: {
    vcpu_to_pcpu_ratio: number;
    k8s_limits_over_allocatable: number;
    k8s_requests_over_allocatable: number;
    worst_case_demand_per_pcpu: number;
    committed_requests_per_pcpu: number;
  };
}
const ratios = loadFixture<{ layeredOversubscription: { cases: RatioCase[] } }>("cgroup_vectors.json").layeredOversubscription.cases[0]!;

const inventory = incidentInventory();
const report = layeredReport(inventory);
const host = report.hosts[0]!;
const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b)));
// cgroup v2 kernel weight of a kubelet cgroup sized for `milli` (docs/cgroup-overcommit.md §1.2, §2.2, §2.1).
const kubeletKernelWeight = (milli: number) => weightToKernelShares(sharesToWeight(milliCPUToShares(milli), "kubelet-linear"));

describe("layered incident example (examples/layered-incident.mjs)", () => {
  it(`has the ratios of the fixture case "${ratios.name}"`, () => {
    const e = ratios.expected;
    expect(host.pcpus).toBe(ratios.inputs.pcpus);
    expect(host.vcpusPlaced).toBe(ratios.inputs.vm_vcpus_total);
    expect(host.rhoVm).toBe(e.vcpu_to_pcpu_ratio);
    expect(host.withinPlacementCapacity).toBe(true);
    for (const vm of host.vms) {
      const node = vm.node!;
      expect(node.allocatableMilli).toBe(ratios.inputs.k8s_alloc_m);
      expect(node.effectiveLimitsMilli).toBe(ratios.inputs.k8s_limits_m);
      expect(node.requestsMilli).toBe(ratios.inputs.k8s_requests_m);
      expect(node.rhoLimits).toBe(e.k8s_limits_over_allocatable);
      expect(node.rhoRequests).toBe(e.k8s_requests_over_allocatable);
      expect(node.worstCaseDemandPerPcpu).toBe(e.worst_case_demand_per_pcpu);
      expect(node.committedRequestsPerPcpu).toBe(e.committed_requests_per_pcpu);
    }
  });

  // Quiet VMs want 6 pods × 150m; equal VM weights (Zed+, cgroup v2) leave the rest to the 10 busy VMs equally.
  const quietDemand = (6 * 150) / 1000;
  const busyShare = (32 - 6 * quietDemand) / 10;

  it("gives each busy VM an equal share of what the quiet VMs leave, whatever Nova shows", () => {
    host.vms.forEach((vm, i) => {
      if (i < 10) {
        expect(vm.vcpuDemandCpus).toBe(8);
        close(vm.allocCpus, busyShare);
        close(vm.stealCpus, 8 - busyShare);
      } else {
        close(vm.allocCpus, quietDemand);
        expect(vm.stealCpus).toBeLessThanOrEqual(1e-12);
      }
    });
    close(host.demandCpus, 10 * 8 + 6 * quietDemand);
    close(host.contention, (10 * 8 + 6 * quietDemand) / 32);
  });

  it("splits a busy VM's share between the Guaranteed pod and the burstable slice by kubelet weights", () => {
    // kubepods holds the whole VM share (system.slice is idle); below it, the Guaranteed pod (1300m) and
    // kubepods-burstable (5 × 1300m) compete; the burstable pods split their slice equally.
    const g = kubeletKernelWeight(1300);
    const b = kubeletKernelWeight(5 * 1300);
    const pods = host.vms[0]!.node!.pods;
    close(pods[0]!.obtainableMilli, (busyShare * g) / (g + b) * 1000);
    for (const p of pods.slice(1)) close(p.obtainableMilli, (busyShare * b) / (g + b) / 5 * 1000);
    for (const p of pods) close(p.shortfallMilli, 1300 - p.obtainableMilli);
  });

  it("lists the starved VMs and the pods promised CPU they cannot get", () => {
    const kinds = report.findings.map((f) => f.kind);
    expect(kinds.filter((k) => k === "vm-starved")).toHaveLength(10);
    expect(kinds.filter((k) => k === "pod-shortfall")).toHaveLength(10 * 6);
    expect(kinds.filter((k) => k === "placement-over-capacity" || k === "node-over-admitted")).toHaveLength(0);
    const text = formatLayeredReport(report);
    expect(text).toContain("Verdict: The control planes' view diverges from execution: 60 of 96 pods");
    expect(text).toContain("10 of 16 VMs are starved while Nova reports them ACTIVE");
    expect(text).toContain("k8s-node-01");
  });
});
