import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SchedkitError } from "../index.js";
import { kubectlTopUsage, layeredReport, overcommitFromSources, podMetricsUsage, type OvercommitSources } from "./index.js";

const dir = new URL("../../../../examples/data/overcommit/", import.meta.url);
const json = (f: string) => JSON.parse(readFileSync(new URL(f, dir), "utf8")) as unknown;
const text = (f: string) => readFileSync(new URL(f, dir), "utf8");
const sources = (over: Partial<OvercommitSources> = {}): OvercommitSources => ({
  kubernetes: json("cluster.json"),
  hypervisors: json("hypervisors.json"),
  servers: json("servers.json"),
  flavors: json("flavors.json"),
  placement: json("placement.json"),
  metrics: json("pod-metrics.json"),
  demand: "limits",
  ...over,
});

describe("overcommitFromSources: the inventory from a kubectl dump and OpenStack's JSON", () => {
  const r = overcommitFromSources(sources());
  const host1 = r.inventory.hosts[0]!;

  it("hosts from the hypervisor list, pCPUs / reserved / ratio from Placement", () => {
    expect(r.inventory.hosts.map((h) => [h.name, h.pcpus, h.reservedHostCpus, h.cpuAllocationRatio, h.vms.map((v) => v.name)])).toEqual([
      ["compute-01.example.org", 10, 2, 4, ["k8s-worker-1", "k8s-worker-2", "postgres-primary"]],
      ["compute-02.example.org", 32, 0, 4, ["k8s-worker-3"]],
    ]);
  });

  it("maps nodes to servers by providerID, flavors give vCPUs and quota extra specs", () => {
    const vm = host1.vms[0]!;
    expect(vm).toMatchObject({ name: "k8s-worker-1", vcpus: 8, extraSpecs: { "hw:cpu_policy": "shared", "quota:cpu_shares": "8192" } });
    expect(vm.node!.allocatableMilli).toBe(7800);
    expect(vm.node!.pods.map((p) => p.metadata.name)).toContain("checkout-5c8d7f9b4-q2w3e");
    expect(r.vms.find((v) => v.name === "k8s-worker-1")).toEqual({ name: "k8s-worker-1", id: "6f1b0c2e-1d7a-4c1e-9a51-0b8f3c1d2e01", status: "ACTIVE", host: "compute-01.example.org", node: "k8s-worker-1" });
  });

  it("a server that is not a node is an opaque VM; one that is not ACTIVE takes no CPU", () => {
    expect(host1.vms[2]).toEqual({ name: "postgres-primary", vcpus: 8, extraSpecs: { "quota:cpu_shares": "8192" }, demandCpus: 8 });
    expect(r.notes).toContain("server bastion: status SHUTOFF, not running; left out of the host's CPU");
    expect(r.inventory.hosts[1]!.vms).toHaveLength(1);
  });

  it("finished pods are left out (the scheduler cache does not hold them)", () => {
    const w3 = r.inventory.hosts[1]!.vms[0]!.node!.pods.map((p) => p.metadata.name);
    expect(w3).toContain("etl-29412660-abcde");
    expect(w3).not.toContain("etl-29412600-zyxwv");
  });

  it("the report is layeredReport of that inventory", () => {
    expect(r.report).toEqual(layeredReport(r.inventory));
  });
});

describe("overcommitFromSources: demand", () => {
  const demandOf = (d: OvercommitSources["demand"], pod: string, extra: Partial<OvercommitSources> = {}) =>
    overcommitFromSources(sources({ demand: d, ...extra })).inventory.hosts.flatMap((h) => h.vms).flatMap((v) => v.node?.pods ?? []).find((p) => p.metadata.name === pod)!.demandMilli;
  it("requests: each container's CPU request", () => expect(demandOf("requests", "checkout-5c8d7f9b4-q2w3e")).toEqual({ checkout: 1000, envoy: 100 }));
  it("passes the dump's pods through as v1.Pods, with the demand by container name", () => {
    const pod = overcommitFromSources(sources({ demand: "requests" })).inventory.hosts.flatMap((h) => h.vms).flatMap((v) => v.node?.pods ?? []).find((p) => p.metadata.name === "search-0")!;
    expect(pod.kind).toBe("Pod");
    expect(pod.spec?.containers?.map((c) => c.name)).toEqual(["search"]);
  });
  it("limits: each container's limit, the VM's vCPUs without one", () => {
    expect(demandOf("limits", "checkout-5c8d7f9b4-q2w3e")).toEqual({ checkout: 2000, envoy: 1000 });
    expect(demandOf("limits", "search-0")).toEqual({ search: 8000 });
  });
  it("metrics: the PodMetricsList's usage (nanocores rounded up to millicores), the same from kubectl top text", () => {
    expect(demandOf("metrics", "checkout-5c8d7f9b4-q2w3e")).toEqual({ checkout: 1800, envoy: 900 });
    expect(demandOf("metrics", "checkout-5c8d7f9b4-q2w3e", { metrics: text("top-pods.txt") })).toEqual({ checkout: 1800, envoy: 900 });
    expect(podMetricsUsage(json("pod-metrics.json"))).toEqual(kubectlTopUsage(text("top-pods.txt")));
  });
  it("metrics: a container without a sample counts 0 and is noted", () => {
    const r = overcommitFromSources(sources({ demand: "metrics", metrics: { kind: "PodMetricsList", items: [] } }));
    expect(r.notes.some((n) => /^32 container\(s\) without a CPU sample counted at 0 demand: shop\/api-gateway-/.test(n))).toBe(true);
  });
});

describe("overcommitFromSources: what the report says", () => {
  it("under limits (the worst case): contention per host, ACTIVE VMs starved, pods short of their requests", () => {
    const r = overcommitFromSources(sources());
    expect(r.report.hosts.map((h) => h.rhoVm)).toEqual([2.4, 0.25]);
    expect(r.activeWhileStarved.map((v) => v.vm)).toEqual(["k8s-worker-1", "k8s-worker-2", "postgres-primary"]);
    expect(r.podsShortOfRequests.length).toBe(11);
    expect(r.podsShortOfRequests[0]).toMatchObject({ pod: "search/search-0", node: "k8s-worker-2", requestMilli: 2000 });
    for (const p of r.podsShortOfRequests) expect(p.obtainableMilli).toBeLessThan(p.requestMilli);
  });
  it("the uncontended host has no findings", () => {
    const r = overcommitFromSources(sources());
    expect(r.report.findings.filter((f) => f.host === "compute-02.example.org")).toEqual([]);
  });
});

describe("overcommitFromSources: node → server by name when there is no providerID", () => {
  it("maps by name", () => {
    const k = json("cluster.json") as { items: { kind: string; spec: Record<string, unknown> }[] };
    for (const o of k.items) if (o.kind === "Node") delete o.spec["providerID"];
    expect(overcommitFromSources(sources({ kubernetes: k })).vms.filter((v) => v.node !== null).map((v) => v.node)).toEqual(["k8s-worker-1", "k8s-worker-2", "k8s-worker-3"]);
  });
});

describe("overcommitFromSources: bad input names the field", () => {
  const servers = json("servers.json") as Record<string, unknown>[];
  it.each<[string, Partial<OvercommitSources>, RegExp]>([
    ["an unknown demand", { demand: "max" as never }, /^demand: "max" is not "requests", "limits" or "metrics"/],
    ["metrics demand without metrics", { demand: "metrics", metrics: undefined }, /^metrics is required for demand "metrics"/],
    ["a server on an unknown host", { servers: [{ ...servers[0], Host: "compute-99" }] }, /^servers\[0\]\["Host"\]: "compute-99" is not a hypervisor in the hypervisor list/],
    ["a server list without Host (not admin)", { servers: [{ ...servers[0], Host: undefined }] }, /^servers\[0\]\["Host"\] is required \(list servers as an admin/],
    ["an unknown flavor", { flavors: [] }, /^servers\[0\]\["Flavor Name"\]: "k8s.large" is not a flavor in the flavor list/],
    ["hypervisors without vCPUs and no Placement", { placement: undefined, hypervisors: [{ "Hypervisor Hostname": "compute-01.example.org" }, { "Hypervisor Hostname": "compute-02.example.org" }] }, /^hypervisors\[0\]\["vCPUs"\] is required without Placement/],
    ["a hypervisor list that is not a list", { hypervisors: { hypervisors: [] } }, /^hypervisors: an object is not an array \(the JSON of `openstack hypervisor list --long -f json`\)/],
    ["a bad metric", { demand: "metrics", metrics: "POD NAME CPU(cores) MEMORY(bytes)\nweb c 12x 1Mi\n" }, /^metrics: line 2: CPU\(cores\): "12x" is not a Kubernetes quantity/],
    ["top output without its header", { demand: "metrics", metrics: "web c 1m 1Mi\n" }, /^metrics: line 1: "web c 1m 1Mi" is not the header of `kubectl top pods --containers`/],
    ["Placement without a VCPU row", { placement: { "compute-01.example.org": [] } }, /^placement\["compute-01.example.org"\]: an array has no VCPU inventory row/],
  ])("%s", (_n, over, msg) => {
    expect(() => overcommitFromSources(sources(over))).toThrow(SchedkitError);
    expect(() => overcommitFromSources(sources(over))).toThrow(msg);
  });
});
