import { describe, expect, it } from "vitest";
import { fixtureCounter, loadFixture } from "../_test/fixtures.js";
import { formatLayeredReport, layeredOversubscription, layeredReport, type LayeredInventory } from "./index.js";
import { SchedkitError } from "../index.js";
import { layeredPod } from "../_test/layered-pod.js";

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
  source: string;
}
interface HostExample {
  name: string;
  expected_alloc_pcpus: Record<string, { exact: string; float: number }>;
  source: string;
}

const data = loadFixture<{ layeredOversubscription: { cases: RatioCase[] }; cfsShare: { layered_host_example: HostExample } }>("cgroup_vectors.json");

describe("layeredOversubscription (docs/cgroup-overcommit.md §6 ratios)", () => {
  const counter = fixtureCounter("cgroup_vectors.json layeredOversubscription", data.layeredOversubscription.cases.length);
  it.each(data.layeredOversubscription.cases)("$name ($source)", (c) => {
    expect(
      layeredOversubscription({
        pcpus: c.inputs.pcpus,
        vmVcpusTotal: c.inputs.vm_vcpus_total,
        k8sAllocatableMilli: c.inputs.k8s_alloc_m,
        k8sLimitsMilli: c.inputs.k8s_limits_m,
        k8sRequestsMilli: c.inputs.k8s_requests_m,
      }),
    ).toEqual({
      vcpuToPcpuRatio: c.expected.vcpu_to_pcpu_ratio,
      k8sLimitsOverAllocatable: c.expected.k8s_limits_over_allocatable,
      k8sRequestsOverAllocatable: c.expected.k8s_requests_over_allocatable,
      worstCaseDemandPerPcpu: c.expected.worst_case_demand_per_pcpu,
      committedRequestsPerPcpu: c.expected.committed_requests_per_pcpu,
    });
    counter.ran();
  });

  it("rejects a zero allocatable (the ratio would be undefined)", () => {
    expect(() => layeredOversubscription({ pcpus: 1, vmVcpusTotal: 1, k8sAllocatableMilli: 0, k8sLimitsMilli: 0, k8sRequestsMilli: 0 })).toThrow(
      /k8sAllocatableMilli/,
    );
  });
});

describe("layeredReport (host → VM → node → pod)", () => {
  const example = data.cfsShare.layered_host_example;
  const counter = fixtureCounter("cgroup_vectors.json cfsShare.layered_host_example", 1);

  it(`${example.name} (${example.source})`, () => {
    // The fixture's VMs, all busy: vm1 and vm2 have 4 vCPUs, vm3 has 8; the host has 4 pCPUs.
    const vcpus: Record<string, number> = { vm1: 4, vm2: 4, vm3: 8 };
    const inventory: LayeredInventory = {
      hosts: [{ name: "h", pcpus: 4, vms: Object.keys(example.expected_alloc_pcpus).map((name) => ({ name, vcpus: vcpus[name]!, demandCpus: vcpus[name]! })) }],
    };
    const report = layeredReport(inventory);
    for (const vm of report.hosts[0]!.vms) expect(vm.allocCpus).toBe(example.expected_alloc_pcpus[vm.name]!.float);
    counter.ran();
  });

  // One 4-pCPU host, two 4-vCPU VMs: "busy" is a node whose pods want more than it gets, "batch" an opaque VM.
  const inventory: LayeredInventory = {
    hosts: [
      {
        name: "h",
        pcpus: 4,
        vms: [
          {
            name: "busy",
            vcpus: 4,
            node: {
              allocatableMilli: 4000,
              pods: [
                layeredPod("api", [{ requests: { cpu: 2000 }, limits: { cpu: 4000 }, demandMilli: 4000 }], "prod"),
                layeredPod("idle", [{ requests: { cpu: 1000 }, demandMilli: 100 }]),
                layeredPod("free", [{ demandMilli: 4000 }]),
              ],
            },
          },
          { name: "batch", vcpus: 4, demandCpus: 4 },
        ],
      },
    ],
  };
  const report = layeredReport(inventory);
  const host = report.hosts[0]!;
  const busy = host.vms[0]!;
  const [api, idle, free] = busy.node!.pods;

  it("splits the host equally between two busy VMs and reports the rest as steal", () => {
    expect(host.rhoVm).toBe(2);
    expect(host.placementCapacity).toBe(16);
    expect(busy.allocCpus).toBe(2);
    expect(busy.vcpuDemandCpus).toBe(4);
    expect(busy.stealCpus).toBe(2);
    expect(busy.stealFraction).toBe(0.5);
    expect(host.contention).toBe(2);
    expect(host.idleCpus).toBe(0);
  });

  it("counts a pod without a CPU limit at the VM's vCPUs in ρ_lim", () => {
    expect(busy.node!.effectiveLimitsMilli).toBe(4000 + 4000 + 4000);
    expect(busy.node!.rhoLimits).toBe(3);
    expect(busy.node!.worstCaseDemandPerPcpu).toBe(6);
    expect(busy.node!.rhoRequests).toBe(0.75);
  });

  it("reports per pod the obtainable CPU, the broken promise and the unmet demand", () => {
    expect(idle!.obtainableMilli).toBeCloseTo(100, 9);
    expect(idle!.shortfallMilli).toBe(0);
    expect(api!.limitMilli).toBe(4000);
    expect(free!.qosClass).toBe("BestEffort");
    expect(api!.obtainableMilli + idle!.obtainableMilli + free!.obtainableMilli).toBeCloseTo(2000, 9);
    expect(api!.shortfallMilli).toBeCloseTo(2000 - api!.obtainableMilli, 9);
    expect(api!.unmetDemandMilli).toBeCloseTo(4000 - api!.obtainableMilli, 9);
    // BestEffort has weight 1 against the burstable slice: it gets almost nothing, but it was promised nothing.
    expect(free!.shortfallMilli).toBe(0);
    expect(free!.obtainableMilli).toBeLessThan(api!.obtainableMilli / 100);
  });

  it("lists the divergences: the starved VMs and the pod short of its request", () => {
    expect(report.findings.map((f) => [f.kind, f.vm, f.pod])).toEqual([
      ["vm-starved", "busy", undefined],
      ["pod-shortfall", "busy", "prod/api"],
      ["vm-starved", "batch", undefined],
    ]);
    expect(report.verdict).toContain("1 of 3 pods get less CPU than their requests");
    expect(report.verdict).toContain("2 of 2 VMs are starved");
    expect(report.verdict).toContain("6.00");
  });

  it("honours the verdict thresholds", () => {
    const lenient = layeredReport({ ...inventory, verdict: { vmStealFraction: 0.5, podShortfallFraction: 0.01 } });
    expect(lenient.findings.map((f) => f.kind)).toEqual(["pod-shortfall"]);
  });

  it("flags hosts over their Placement capacity and nodes over-admitted", () => {
    const over = layeredReport({
      hosts: [{ name: "h", pcpus: 1, cpuAllocationRatio: 1, vms: [{ name: "v", vcpus: 2, node: { allocatableMilli: 1000, pods: [layeredPod("p", [{ requests: { cpu: 1500 }, demandMilli: 0 }])] } }] }],
    });
    expect(over.findings.map((f) => f.kind)).toEqual(["placement-over-capacity", "node-over-admitted"]);
    expect(over.verdict).toContain("1 hosts exceed their Placement capacity");
  });

  it("says so when execution matches the control planes' view", () => {
    const calm = layeredReport({ hosts: [{ name: "h", pcpus: 8, vms: [{ name: "v", vcpus: 4, demandCpus: 1 }] }] });
    expect(calm.findings).toEqual([]);
    expect(calm.verdict).toMatch(/^Execution matches/);
  });

  it("formats a terminal report with every host, VM, node and pod", () => {
    const text = formatLayeredReport(report);
    for (const s of ["Host h: 4 pCPUs, 8 vCPUs placed", "busy", "batch", "prod/api", "default/idle", "BestEffort", "Verdict:"]) expect(text).toContain(s);
  });

  it("rejects malformed inventories, naming the field", () => {
    expect(() => layeredReport({} as never)).toThrow(SchedkitError);
    expect(() => layeredReport({ hosts: [{ name: "h", pcpus: 0, vms: [] }] })).toThrow(/hosts\[0\]\.pcpus/);
    expect(() => layeredReport({ hosts: [{ name: "h", pcpus: 2, vms: [{ name: "v", vcpus: 2, node: { allocatableMilli: 0, pods: [] } }] }] })).toThrow(
      /allocatableMilli/,
    );
  });
});

// Regressions: null and wrongly typed positions threw raw TypeErrors, a host's allocation ratio was named
// `inventory.allocationRatio`, pod and VM helpers' errors lost their host / VM prefix, duplicate names passed.
describe("layeredReport rejects malformed inventories at the field's full path", () => {
  const container = { requests: { cpu: 100 }, demandMilli: 100 };
  const valid = () => ({ hosts: [{ name: "h", pcpus: 4, vms: [{ name: "v", vcpus: 2, node: { pods: [layeredPod("p", [{ ...container, requests: { cpu: 100 } }])] } }] }] });
  it.each<[string, (x: any) => void, string]>([
    ["node.pods as an object", (x) => (x.hosts[0].vms[0].node.pods = {}), "hosts[0].vms[0].node.pods: an object is not an array"],
    ["a null VM", (x) => (x.hosts[0].vms = [null]), "hosts[0].vms[0]: null is not an object"],
    ["a null host", (x) => (x.hosts = [null]), "hosts[0]: null is not an object"],
    ["a null pod", (x) => (x.hosts[0].vms[0].node.pods = [null]), "hosts[0].vms[0].node.pods[0]: null is not an object"],
    ["a null container", (x) => (x.hosts[0].vms[0].node.pods[0].spec.containers = [null]), "hosts[0].vms[0].node.pods[0].spec.containers[0]: null is not an object"],
    ["a null node", (x) => (x.hosts[0].vms[0].node = null), "hosts[0].vms[0].node: null is not an object"],
    ["a null inventory", (x) => (x.hosts = null), "inventory.hosts: null is not an array"],
    ["a negative host allocation ratio", (x) => (x.hosts[0].cpuAllocationRatio = -1), "hosts[0].cpuAllocationRatio: -1 is not a finite number >= 0"],
    ["a NaN host allocation ratio", (x) => (x.hosts[0].cpuAllocationRatio = NaN), "hosts[0].cpuAllocationRatio: NaN is not a finite number >= 0"],
    ["negative reserved host CPUs", (x) => (x.hosts[0].reservedHostCpus = -1), "hosts[0].reservedHostCpus: -1 is not an integer >= 0"],
    ["a negative container request", (x) => (x.hosts[0].vms[0].node.pods[0].spec.containers[0].resources.requests.cpu = "-5m"), 'hosts[0].vms[0].node.pods[0].spec.containers[0].resources.requests.cpu: "-5m" is negative'],
    ["a cpu request that is not a quantity", (x) => (x.hosts[0].vms[0].node.pods[0].spec.containers[0].resources.requests.cpu = "12x"), 'hosts[0].vms[0].node.pods[0].spec.containers[0].resources.requests.cpu: "12x" is not a Kubernetes quantity'],
    ["a pod without a name", (x) => delete x.hosts[0].vms[0].node.pods[0].metadata.name, "hosts[0].vms[0].node.pods[0].metadata.name is required"],
    ["a container without a demand", (x) => (x.hosts[0].vms[0].node.pods[0].demandMilli = {}), "hosts[0].vms[0].node.pods[0].demandMilli.c0 is required (the CPU the container would use, millicores)"],
    ["a demand for a container the pod does not run", (x) => (x.hosts[0].vms[0].node.pods[0].demandMilli.web = 1), 'hosts[0].vms[0].node.pods[0].demandMilli: "web" names no running container of the pod (c0)'],
    ["a negative demand", (x) => (x.hosts[0].vms[0].node.pods[0].demandMilli.c0 = -1), "hosts[0].vms[0].node.pods[0].demandMilli.c0: -1 is not a finite number >= 0"],
    ["a string vCPU count", (x) => (x.hosts[0].vms[0].vcpus = "2"), 'hosts[0].vms[0].vcpus: "2" is not an integer >= 1'],
    ["a malformed flavor extra spec", (x) => (x.hosts[0].vms[0].extraSpecs = { "quota:cpu_shares": "abc" }), 'hosts[0].vms[0].extraSpecs["quota:cpu_shares"]: "abc" is not an integer >= 0'],
    ["a numeric VM name", (x) => (x.hosts[0].vms[0].name = 5), "hosts[0].vms[0].name: 5 is not a non-empty string"],
    ["negative threads", (x) => (x.hosts[0].vms[0].node.pods[0].threads = { c0: -1 }), "hosts[0].vms[0].node.pods[0].threads.c0: -1 is not an integer >= 0"],
    ["an unknown weight formula", (x) => (x.guest = { containerWeightFormula: "x" }), 'guest.containerWeightFormula: "x" is not "runc-quadratic", "runc-linear" or "kubelet-linear"'],
    ["no containers", (x) => (x.hosts[0].vms[0].node.pods[0].spec.containers = []), "hosts[0].vms[0].node.pods[0].spec.containers: an array must list at least one container (Required value)"],
    ["a duplicate host name (Nova's wording)", (x) => x.hosts.push({ name: "h", pcpus: 1, vms: [] }), "hosts[1].name: \"h\" is a duplicate host name (hosts[0]): Host 'h' mapping already exists"],
    ["a duplicate VM name on one host", (x) => x.hosts[0].vms.push({ name: "v", vcpus: 1, demandCpus: 1 }), 'hosts[0].vms[1].name: "v" is a duplicate VM name (hosts[0].vms[0]): Instance v already exists.'],
    ["a duplicate VM name across hosts", (x) => x.hosts.push({ name: "h2", pcpus: 1, vms: [{ name: "v", vcpus: 1, demandCpus: 1 }] }), 'hosts[1].vms[0].name: "v" is a duplicate VM name (hosts[0].vms[0]): Instance v already exists.'],
    // The check writes a position's path only for its error (validate.ts Position): each level of it.
    ["an empty node name, under the VM's node", (x) => (x.hosts[0].vms[0].node.name = ""), 'hosts[0].vms[0].node.name: "" is not a non-empty string'],
    ["a VM that is not an object on a later host", (x) => x.hosts.push({ name: "h2", pcpus: 1, vms: [{ name: "w", vcpus: 1, demandCpus: 1 }, 7] }), "hosts[1].vms[1]: 7 is not an object"],
    ["a host without VMs", (x) => x.hosts.push({ name: "h2", pcpus: 1 }), "hosts[1].vms is required (expected an array)"],
    ["extra specs that are not an object", (x) => (x.hosts[0].vms[0].extraSpecs = "big"), 'hosts[0].vms[0].extraSpecs: "big" is not an object'],
    ["an extra spec that is not a string", (x) => (x.hosts[0].vms[0].extraSpecs = { "hw:cpu_policy": 1 }), 'hosts[0].vms[0].extraSpecs["hw:cpu_policy"]: 1 is not a string'],
    [
      "a duplicate VM name naming the first VM at its own host and index",
      (x) => {
        x.hosts[0].vms.push({ name: "w", vcpus: 1, demandCpus: 1 });
        x.hosts.push({ name: "h2", pcpus: 1, vms: [{ name: "u", vcpus: 1, demandCpus: 1 }, { name: "w", vcpus: 1, demandCpus: 1 }] });
      },
      'hosts[1].vms[1].name: "w" is a duplicate VM name (hosts[0].vms[1]): Instance w already exists.',
    ],
    ["a node's pods that are not an array, under the node", (x) => x.hosts.push({ name: "h2", pcpus: 1, vms: [{ name: "w", vcpus: 1, node: { pods: 3 } }] }), "hosts[1].vms[0].node.pods: 3 is not an array"],
    ["a pod that is not an object after valid ones, at its index", (x) => x.hosts[0].vms[0].node.pods.push(layeredPod("q", [container]), "pod"), 'hosts[0].vms[0].node.pods[2]: "pod" is not an object'],
    ["a cgroup v2 weight libvirt refuses, at the VM", (x) => (x.hosts[0] = { ...x.hosts[0], novaCpuSharesDefault: "1024-per-vcpu", vms: [{ name: "v", vcpus: 64, demandCpus: 1 }] }), "hosts[0].vms[0].cpu.weight"],
  ])("%s", (_name, mutate, message) => {
    const inventory = valid();
    mutate(inventory);
    expect(() => layeredReport(inventory as LayeredInventory)).toThrow(SchedkitError);
    expect(() => layeredReport(inventory as LayeredInventory)).toThrow(message);
  });

  it("the valid inventory the cases start from is accepted", () => {
    expect(layeredReport(valid() as LayeredInventory).hosts).toHaveLength(1);
  });
});
