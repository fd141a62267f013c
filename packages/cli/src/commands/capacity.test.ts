import { createCluster } from "@schedkit/core";
import { capacity, nodesToAdd } from "@schedkit/core/analysis";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { run } from "../cli.js";
import { kubeNode, kubePod, tempFiles } from "../_test/files.js";
import { memoryIO } from "../_test/io.js";

const files = tempFiles();

async function cli(args: string[]) {
  const io = memoryIO({ cwd: files.dir });
  const code = await run(args, io);
  return { code, out: io.out(), err: io.err() };
}

// Three nodes of 2 CPUs; n1 already runs 500m.
const objects = [kubeNode("n1", "2", "8Gi"), kubeNode("n2", "2", "8Gi"), kubeNode("n3", "2", "8Gi"), kubePod("running", "500m", "n1")];
const clusterFile = files.write("cluster.yaml", objects.map((o) => stringify(o)).join("---\n"));
const deployment = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "api-gateway", namespace: "shop" },
  spec: { replicas: 3, template: { metadata: { labels: { app: "api" } }, spec: { containers: [{ name: "gw", image: "gw", resources: { requests: { cpu: "500m", memory: "256Mi" } } }] } } },
};
const service = { apiVersion: "v1", kind: "Service", metadata: { name: "api-gateway", namespace: "shop" }, spec: {} };
const worker = { ...deployment, metadata: { name: "worker", namespace: "shop" } };
const appFile = files.write("app.yaml", [service, deployment, worker].map((o) => stringify(o)).join("---\n"));
const shapeOf = (d: typeof deployment) => ({ apiVersion: "v1", kind: "Pod", metadata: { ...d.spec.template.metadata, name: d.metadata.name, namespace: d.metadata.namespace }, spec: d.spec.template.spec });

describe("schedkit capacity: replicas of a shape until the first that does not fit", () => {
  it("a quick --cpu/--memory shape: count, binding reason, FailedScheduling text, placement", async () => {
    const r = await cli(["capacity", clusterFile, "--cpu", "500m", "--memory", "1Gi"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("default/quick-shape: 11 more replicas fit");
    expect(r.out).toContain("stopped by: 3 Insufficient cpu");
    expect(r.out).toContain("default/quick-shape-capacity-11: 0/3 nodes are available: 3 Insufficient cpu.");
    expect(r.out).toContain("placed on 3 nodes (2 nodes × 4, 1 node × 3)");
  });

  it("picks one workload of a multi-document file by Kind/name; --json is the library's CapacityResult", async () => {
    const r = await cli(["capacity", clusterFile, "--pod", `${appFile}#Deployment/api-gateway`, "--json", "--max", "5"]);
    expect(r.code).toBe(0);
    const lib = capacity(createCluster(objects), [shapeOf(deployment)], { max: 5 });
    expect(JSON.parse(r.out)).toEqual(JSON.parse(JSON.stringify(lib)));
    expect(lib.shapes[0]).toMatchObject({ shape: "shop/api-gateway", replicas: 5, stop: "max" });
  });

  it("every pod template of a file is a shape; --interleave alternates them", async () => {
    const inOrder = JSON.parse((await cli(["capacity", clusterFile, "--pod", appFile, "--json"])).out);
    expect(inOrder.shapes.map((s: { shape: string; replicas: number }) => [s.shape, s.replicas])).toEqual([["shop/api-gateway", 11], ["shop/worker", 0]]);
    const inter = JSON.parse((await cli(["capacity", clusterFile, "--pod", appFile, "--interleave", "--json"])).out);
    expect(inter.shapes.map((s: { replicas: number }) => s.replicas)).toEqual([6, 5]);
  });

  it("--exclude-nodes leaves nodes out", async () => {
    const r = await cli(["capacity", clusterFile, "--cpu", "500m", "--exclude-nodes", "n2,n3", "--json"]);
    expect(JSON.parse(r.out)).toMatchObject({ nodes: 1, total: 3 });
  });

  it("the same answer on --engine ts and the default WASM engine", async () => {
    const a = await cli(["capacity", clusterFile, "--pod", appFile, "--json", "--engine", "ts"]);
    const b = await cli(["capacity", clusterFile, "--pod", appFile, "--json"]);
    expect(a.out).toBe(b.out);
  });
});

describe("schedkit capacity and preemption", () => {
  // n1 is full with a priority-0 pod; the shape has priority 1000, so it could preempt it.
  const fullFile = files.write("full.yaml", [kubeNode("n1", "2", "8Gi"), kubePod("low", "2", "n1")].map((o) => stringify(o)).join("---\n"));
  const urgent = { ...(kubePod("urgent", "1") as Record<string, any>) };
  urgent.spec = { ...urgent.spec, priority: 1000 };
  const urgentFile = files.write("urgent.yaml", stringify(urgent));

  it("counts without evicting by default: the replica that would preempt stops the shape", async () => {
    const r = await cli(["capacity", fullFile, "--pod", urgentFile]);
    expect(r.out).toContain("default/urgent: 0 more replicas fit");
    expect(r.out).not.toContain("evicted");
    const j = JSON.parse((await cli(["capacity", fullFile, "--pod", urgentFile, "--json"])).out);
    expect(j.shapes[0]).toMatchObject({ replicas: 0, evictions: [] });
  });

  it("--preemption carry-out: replicas evict lower-priority pods, which are listed", async () => {
    const r = await cli(["capacity", fullFile, "--pod", urgentFile, "--preemption", "carry-out"]);
    expect(r.out).toContain("default/urgent: 2 more replicas fit");
    expect(r.out).toContain("evicted 1 pod (--preemption carry-out): default/low on n1");
    const j = JSON.parse((await cli(["capacity", fullFile, "--pod", urgentFile, "--preemption", "carry-out", "--json"])).out);
    expect(j.shapes[0].evictions).toEqual([{ pod: "default/low", node: "n1", preemptor: "default/urgent-capacity-0" }]);
  });
});

describe("schedkit capacity --replicas: the fewest template nodes for a target", () => {
  const template = { apiVersion: "v1", kind: "Node", metadata: { name: "pool", labels: { "kubernetes.io/hostname": "pool" } }, status: { allocatable: { cpu: "4", memory: "16Gi", pods: "110" } } };
  const nodeFile = files.write("node.yaml", stringify(template));

  it("from --node-cpu/--node-memory, text", async () => {
    const r = await cli(["capacity", clusterFile, "--cpu", "500m", "--replicas", "30", "--node-cpu", "4", "--node-memory", "16Gi"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("Target 30 replicas of default/quick-shape: 11 fit now.");
    expect(r.out).toContain("Add 3 nodes like the template (new-node-1 .. new-node-3).");
    expect(r.out).toContain("With 2: 27 fit, stopped by 5 Insufficient cpu.");
    expect(r.out).toContain("After that: 35 fit in all (5 of headroom), then stopped by 6 Insufficient cpu.");
  });

  it("from a Node file, JSON equal to the library's nodesToAdd", async () => {
    const r = await cli(["capacity", clusterFile, "--pod", `${appFile}#deployment/api-gateway`, "--replicas", "30", "--node", nodeFile, "--json"]);
    const lib = nodesToAdd(createCluster(objects), shapeOf(deployment), template, 30);
    expect(JSON.parse(r.out).nodesToAdd).toEqual(JSON.parse(JSON.stringify(lib)));
    expect(lib.nodes).toBe(3);
  });
});

describe("schedkit capacity: bad input is an error naming the file and the field", () => {
  const empty = files.write("empty.yaml", "# nothing here\n");
  const svcOnly = files.write("svc.yaml", stringify(service));
  const badPod = files.write("bad.yaml", stringify({ kind: "Pod", metadata: { name: "p" }, spec: { containers: [{ name: "c", resources: { requests: { cpu: "12x" } } }] } }));
  it.each([
    ["no shape", [clusterFile], "schedkit: capacity needs a shape: --pod FILE, or --cpu/--memory\n"],
    ["an empty --pod file", [clusterFile, "--pod", empty], "schedkit: empty.yaml: is empty (expected a Pod or a workload with a pod template)\n"],
    ["a --pod file without pods", [clusterFile, "--pod", svcOnly], "schedkit: svc.yaml: no Pod or pod template in it (found: Service/api-gateway); kinds with one: Pod, Deployment, ReplicaSet, StatefulSet, DaemonSet, ReplicationController, Job, CronJob\n"],
    ["a selector that matches nothing", [clusterFile, "--pod", `${appFile}#Deployment/nope`], "schedkit: app.yaml: no Deployment/nope in it (found: Service/api-gateway, Deployment/api-gateway, Deployment/worker)\n"],
    ["a bad quantity in a shape", [clusterFile, "--pod", badPod], 'schedkit: bad.yaml: Pod/p: spec.containers[0].resources.requests.cpu: "12x" is not a Kubernetes quantity\n'],
    ["a bad --cpu", [clusterFile, "--cpu", "lots"], 'schedkit: --cpu/--memory: spec.containers[0].resources.requests.cpu: "lots" is not a Kubernetes quantity\n'],
    ["an unknown excluded node", [clusterFile, "--cpu", "1", "--exclude-nodes", "zz"], 'schedkit: --exclude-nodes "zz" is not a node of this cluster\n'],
    ["--replicas without a template", [clusterFile, "--cpu", "1", "--replicas", "5"], "schedkit: --replicas needs a node template: --node FILE, or --node-cpu and --node-memory\n"],
    ["--replicas with two shapes", [clusterFile, "--pod", appFile, "--replicas", "5", "--node-cpu", "1", "--node-memory", "1Gi"], "schedkit: --replicas asks about one shape; 2 were given\n"],
    ["a bad template quantity", [clusterFile, "--cpu", "1", "--replicas", "5", "--node-cpu", "x", "--node-memory", "1Gi"], 'schedkit: --node-cpu/--node-memory: status.allocatable.cpu: "x" is not a Kubernetes quantity\n'],
  ])("%s", async (_name, args, err) => {
    const r = await cli(["capacity", ...args]);
    expect(r).toEqual({ code: 1, out: "", err });
  });
});
