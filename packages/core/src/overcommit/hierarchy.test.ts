import { describe, expect, it } from "vitest";
import { loadFixture } from "../_test/fixtures.js";
import { guestCfsTree, hostCfsTree, type CfsGroup, type LayeredNode } from "./index.js";
import { milliCPUToShares, sharesToWeight, weightToKernelShares } from "../cgroup/index.js";
import { SchedkitError } from "../index.js";
import { layeredPod } from "../_test/layered-pod.js";

interface CfsCase {
  name: string;
  capacity_cpus: string;
  children: { name: string; weight: number; cap_cpus: string | null }[];
}
const cfs = loadFixture<{ cfsShare: { cases: CfsCase[] } }>("cgroup_vectors.json").cfsShare;
// The fixture's kubepods example: a 2-CPU Guaranteed pod, Burstable pods requesting 100m + 250m + 500m, cgroup v2.
const kubepodsCase = cfs.cases.find((c) => c.name.startsWith("burstable/besteffort/guaranteed"))!;
const fixtureWeight = (name: string) => kubepodsCase.children.find((c) => c.name === name)!.weight;

const GiB = 1024 ** 3;
const node: LayeredNode = {
  allocatableMilli: 7800,
  pods: [
    layeredPod("b1", [{ requests: { cpu: 100 }, limits: { cpu: 400 }, demandMilli: 1000 }]),
    layeredPod("g", [{ requests: { cpu: 2000, memory: GiB }, limits: { cpu: 2000, memory: GiB }, demandMilli: 4000 }]),
    layeredPod("b2", [{ requests: { cpu: 250 }, demandMilli: 1000 }]),
    layeredPod("be", [{ demandMilli: 1000 }]),
  ],
};

const kubepods = (groups: readonly CfsGroup[]) => groups[0]!;
const burstablePods = (groups: readonly CfsGroup[]) => kubepods(groups).children!.find((c) => c.name === "kubepods-burstable")!.children!;

describe("guestCfsTree (kubelet cgroup tree inside a VM)", () => {
  it(`gives the QoS-level cgroups the kubelet weights of the fixture case "${kubepodsCase.name}" (cgroup v2, kernel units)`, () => {
    // b1 + b2 request 350m; a third Burstable pod adds the fixture's 500m.
    const tree = guestCfsTree({ ...node, pods: [...node.pods, layeredPod("b3", [{ requests: { cpu: 500 }, demandMilli: 0 }])] }, 8);
    const [g, burstable, besteffort] = kubepods(tree.groups).children!;
    expect(g!.weight).toBe(weightToKernelShares(fixtureWeight("guaranteed_pod_2cpu")));
    expect(g!.maxCpus).toBe(Number(kubepodsCase.children[0]!.cap_cpus));
    expect(burstable!.weight).toBe(weightToKernelShares(fixtureWeight("kubepods-burstable")));
    expect(besteffort!.weight).toBe(weightToKernelShares(fixtureWeight("kubepods-besteffort")));
  });

  it("runs sidecars beside the app containers and counts every init container in the pod's request (PodRequests)", () => {
    const pod = {
      ...layeredPod("p", [{ name: "app", requests: { cpu: 500 }, demandMilli: 300 }]),
      spec: {
        initContainers: [
          { name: "mesh", restartPolicy: "Always", resources: { requests: { cpu: "200m" } } },
          { name: "migrate", resources: { requests: { cpu: "2" } } },
        ],
        containers: [{ name: "app", resources: { requests: { cpu: "500m" } } }],
      },
      demandMilli: { app: 300, mesh: 50 },
    };
    const tree = guestCfsTree({ allocatableMilli: 4000, pods: [pod] }, 4);
    const group = burstablePods(tree.groups)[0]!;
    expect(group.children!.map((c) => [c.name, c.demandCpus])).toEqual([
      ["mesh", 0.05],
      ["app", 0.3],
    ]);
    // max(500 + 200, 2000 + 200) = 2200m
    expect(tree.pods[0]!.requestMilli).toBe(2200);
    expect(group.weight).toBe(weightToKernelShares(sharesToWeight(milliCPUToShares(2200), "kubelet-linear")));
  });

  it("places Guaranteed pods under kubepods and the others in their QoS slices, keeping input order", () => {
    const tree = guestCfsTree(node, 8);
    expect(kubepods(tree.groups).children!.map((c) => c.name)).toEqual(["pod default/g", "kubepods-burstable", "kubepods-besteffort"]);
    expect(kubepods(tree.groups).children![1]!.children!.map((c) => c.name)).toEqual(["pod default/b1", "pod default/b2"]);
    expect(tree.pods.map((p) => [p.name, p.qosClass, p.path])).toEqual([
      ["b1", "Burstable", [0, 1, 0]],
      ["g", "Guaranteed", [0, 0]],
      ["b2", "Burstable", [0, 1, 1]],
      ["be", "BestEffort", [0, 2, 0]],
    ]);
    expect(tree.groups[1]!.name).toBe("system.slice");
  });

  it("sets a pod quota only when every container has a CPU limit (docs/cgroup-overcommit.md §1.6), container quotas always", () => {
    const tree = guestCfsTree({ allocatableMilli: 4000, pods: [node.pods[0]!, node.pods[2]!] }, 4);
    const [b1, b2] = burstablePods(tree.groups);
    expect(b1!.maxCpus).toBe(0.4);
    expect(b1!.children![0]!.maxCpus).toBe(0.4);
    expect(b2!.maxCpus).toBeUndefined();
    expect(tree.pods.map((p) => p.limitMilli)).toEqual([400, null]);
  });

  it("weights containers with the runtime formula and pods with the kubelet's (docs/cgroup-overcommit.md §2.5 mixed formulas)", () => {
    const one = { allocatableMilli: 4000, pods: [layeredPod("p", [{ requests: { cpu: 1000 }, demandMilli: 1000 }])] };
    const pod = burstablePods(guestCfsTree(one, 4).groups)[0]!;
    expect(pod.weight).toBe(weightToKernelShares(sharesToWeight(milliCPUToShares(1000), "kubelet-linear")));
    expect(pod.children![0]!.weight).toBe(weightToKernelShares(sharesToWeight(milliCPUToShares(1000), "runc-quadratic")));
    const old = burstablePods(guestCfsTree(one, 4, { containerWeightFormula: "runc-linear" }).groups)[0]!;
    expect(old.children![0]!.weight).toBe(weightToKernelShares(sharesToWeight(milliCPUToShares(1000), "runc-linear")));
    const v1 = burstablePods(guestCfsTree(one, 4, { cgroupVersion: 1 }).groups)[0]!;
    expect([v1.weight, v1.children![0]!.weight]).toEqual([milliCPUToShares(1000), milliCPUToShares(1000)]);
  });

  it("drops every quota when the kubelet does not enforce CPU limits", () => {
    const tree = guestCfsTree({ allocatableMilli: 4000, pods: [node.pods[0]!] }, 4, { enforceCPULimits: false });
    const pod = burstablePods(tree.groups)[0]!;
    expect(pod.maxCpus).toBeUndefined();
    expect(pod.children![0]!.maxCpus).toBeUndefined();
  });

  it("rejects a pod without containers and a negative demand, naming the field", () => {
    expect(() => guestCfsTree({ pods: [layeredPod("p", [])] }, 2)).toThrow(/^node\.pods\[0\]\.spec\.containers: .* must list at least one container/);
    expect(() => guestCfsTree({ pods: [layeredPod("p", [{ demandMilli: -1 }])] }, 2)).toThrow(SchedkitError);
    expect(() => guestCfsTree({ pods: [layeredPod("p", [{ demandMilli: -1 }])] }, 2)).toThrow("node.pods[0].demandMilli.c0: -1 is not a finite number >= 0");
  });
});

describe("hostCfsTree (VMs on a compute host, docs/cgroup-overcommit.md §4.5)", () => {
  const vm = (name: string, vcpus: number, extraSpecs?: Record<string, string>) => ({ name, vcpus, demandCpus: vcpus, ...(extraSpecs ? { extraSpecs } : {}) });

  it("weights every VM the same since Zed (cgroup v2 default 100), whatever its size", () => {
    const tree = hostCfsTree({ name: "h", pcpus: 4, vms: [vm("a", 2), vm("b", 16)] });
    expect(tree.vms.map((v) => v.kernelWeight)).toEqual([weightToKernelShares(100), weightToKernelShares(100)]);
    expect(tree.groups.map((g) => [g.maxCpus, g.threads])).toEqual([
      [2, 2],
      [16, 16],
    ]);
  });

  it("weights VMs by 1024 × vCPUs before Zed on cgroup v1, and fails the VM on cgroup v2 above weight 10000", () => {
    const v1 = hostCfsTree({ name: "h", pcpus: 4, cgroupVersion: 1, novaCpuSharesDefault: "1024-per-vcpu", vms: [vm("a", 2), vm("b", 16)] });
    expect(v1.vms.map((v) => v.kernelWeight)).toEqual([2048, 16384]);
    expect(() => hostCfsTree({ name: "h", pcpus: 4, novaCpuSharesDefault: "1024-per-vcpu", vms: [vm("b", 16)] })).toThrow(/cpu\.weight/);
  });

  it("applies quota:cpu_shares unconverted and quota:cpu_quota per vCPU", () => {
    const tree = hostCfsTree({ name: "h", pcpus: 4, vms: [vm("a", 4, { "quota:cpu_shares": "300", "quota:cpu_quota": "50000", "quota:cpu_period": "100000" })] });
    expect(tree.vms[0]!.kernelWeight).toBe(weightToKernelShares(300));
    expect(tree.vms[0]!.capCpus).toBe(2);
  });

  it("needs exactly one of node and demandCpus per VM", () => {
    expect(() => hostCfsTree({ name: "h", pcpus: 4, vms: [{ name: "a", vcpus: 2 }] })).toThrow(/vms\[0\]/);
  });
});
