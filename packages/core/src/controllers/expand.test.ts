import { describe, expect, it } from "vitest";
import { createCluster, scheduleAll } from "../index.js";
import { expandWorkload as expandRaw, type ExpandOptions } from "./expand.js";
import { jobActivePods } from "./job.js";

type Json = Record<string, any>;

const expandWorkload = (obj: unknown, path: string, options: ExpandOptions) => expandRaw(obj, path, options) as { pods: Json[]; controllers: Json[]; description: string } | null;

const node = (name: string, extra: Json = {}): Json => ({
  kind: "Node",
  metadata: { name, labels: { "kubernetes.io/hostname": name, ...(extra.labels ?? {}) } },
  spec: extra.spec ?? {},
  status: { allocatable: { cpu: "4", memory: "8Gi", pods: "110" } },
});
const template = (extra: Json = {}) => ({ metadata: { labels: { app: "agent" } }, spec: { containers: [{ name: "c", resources: { requests: { cpu: "100m" } } }], ...extra } });
const nodes = createCluster({
  nodes: [
    node("plain"),
    node("cordoned", { spec: { unschedulable: true, taints: [{ key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" }] } }),
    node("gpu", { labels: { gpu: "true" }, spec: { taints: [{ key: "gpu", value: "true", effect: "NoSchedule" }] } }),
    node("pressure", { spec: { taints: [{ key: "node.kubernetes.io/disk-pressure", effect: "NoSchedule" }] } }),
  ],
}).nodes;
const ds = (spec: Json = {}) => ({ apiVersion: "apps/v1", kind: "DaemonSet", metadata: { name: "agent", namespace: "kube-system" }, spec: { selector: { matchLabels: { app: "agent" } }, template: template(spec) } });

describe("DaemonSet: one pod per node that should run it (NodeShouldRunDaemonPod)", () => {
  it("tolerates the node-condition taints the controller adds, not others", () => {
    const e = expandWorkload(ds(), "ds", { nodes })!;
    expect(e.pods.map((p) => p.metadata.name)).toEqual(["agent-plain", "agent-cordoned", "agent-pressure"]);
    expect(e.description).toBe("DaemonSet kube-system/agent: 3 pods, one per eligible node of 4");
  });

  it("honours the template's nodeSelector and tolerations", () => {
    const e = expandWorkload(ds({ nodeSelector: { gpu: "true" }, tolerations: [{ key: "gpu", operator: "Exists" }] }), "ds", { nodes })!;
    expect(e.pods.map((p) => p.metadata.name)).toEqual(["agent-gpu"]);
  });

  it("pins each pod by a matchFields metadata.name term replacing the required terms, with the daemon tolerations", () => {
    const affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "kubernetes.io/hostname", operator: "Exists" }] }] } } };
    const pod = expandWorkload(ds({ affinity, hostNetwork: true }), "ds", { nodes })!.pods[0]!;
    expect(pod.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([{ matchFields: [{ key: "metadata.name", operator: "In", values: ["plain"] }] }]);
    expect(pod.spec.tolerations.map((t: Json) => `${t.key}:${t.effect}`)).toEqual([
      "node.kubernetes.io/not-ready:NoExecute",
      "node.kubernetes.io/unreachable:NoExecute",
      "node.kubernetes.io/disk-pressure:NoSchedule",
      "node.kubernetes.io/memory-pressure:NoSchedule",
      "node.kubernetes.io/pid-pressure:NoSchedule",
      "node.kubernetes.io/unschedulable:NoSchedule",
      "node.kubernetes.io/network-unavailable:NoSchedule",
    ]);
    expect(pod.metadata.ownerReferences).toEqual([{ apiVersion: "apps/v1", kind: "DaemonSet", name: "agent", uid: "daemonset-kube-system-agent", controller: true }]);
  });

  it("the scheduler then places every daemon pod on its own node", () => {
    const e = expandWorkload(ds(), "ds", { nodes })!;
    const cluster = createCluster({ nodes: [node("plain"), node("cordoned", { spec: { unschedulable: true, taints: [{ key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" }] } })], pods: e.pods.slice(0, 2) });
    expect(scheduleAll(undefined, cluster).results.map((r) => [r.pod, r.nodeName])).toEqual([
      ["kube-system/agent-plain", "plain"],
      ["kube-system/agent-cordoned", "cordoned"],
    ]);
  });
});

describe("Job: parallelism pods, bounded by completions (manageJob wantActive)", () => {
  const job = (spec: Json) => ({ apiVersion: "batch/v1", kind: "Job", metadata: { name: "etl" }, spec: { template: template(), ...spec } });
  it.each<[Json, number]>([
    [{}, 1],
    [{ parallelism: 5 }, 5],
    [{ parallelism: 5, completions: 3 }, 3],
    [{ parallelism: 2, completions: 10 }, 2],
    [{ completions: 4 }, 1],
    [{ parallelism: 0 }, 0],
    [{ parallelism: 5, suspend: true }, 0],
  ])("%j starts %i pods", (spec, n) => {
    expect(jobActivePods(job(spec), "job")).toBe(n);
    expect(expandWorkload(job(spec), "job", { nodes })!.pods).toHaveLength(n);
  });

  it("a CronJob is its jobTemplate, once", () => {
    const cj = { apiVersion: "batch/v1", kind: "CronJob", metadata: { name: "nightly", namespace: "ops" }, spec: { schedule: "0 2 * * *", jobTemplate: { spec: { parallelism: 3, template: template() } } } };
    const e = expandWorkload(cj, "cj", { nodes })!;
    expect(e.pods.map((p) => `${p.metadata.namespace}/${p.metadata.name}`)).toEqual(["ops/nightly-0", "ops/nightly-1", "ops/nightly-2"]);
    expect(e.description).toBe("CronJob ops/nightly: its jobTemplate once, 3 pods");
  });
});

describe("template controllers: spec.replicas copies owned by the controller that default spreading reads", () => {
  it("a Deployment's pods belong to a ReplicaSet with the Deployment's selector", () => {
    const d = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web" }, spec: { replicas: 2, selector: { matchLabels: { app: "agent" } }, template: template() } };
    const e = expandWorkload(d, "d", { nodes })!;
    expect(e.controllers).toEqual([{ apiVersion: "apps/v1", kind: "ReplicaSet", metadata: { name: "web", namespace: "default", uid: "replicaset-default-web" }, spec: { selector: { matchLabels: { app: "agent" } }, replicas: 2 } }]);
    expect(e.pods.map((p) => p.metadata.ownerReferences[0].kind)).toEqual(["ReplicaSet", "ReplicaSet"]);
    const cluster = createCluster({ kind: "List", items: [node("a", { labels: { "topology.kubernetes.io/zone": "z" } }), node("b", { labels: { "topology.kubernetes.io/zone": "z" } }), ...e.controllers, ...e.pods] });
    expect(scheduleAll(undefined, cluster).results[0]!.explanation!.scorePlugins.map((p) => p.plugin)).toContain("PodTopologySpread");
  });

  it("other kinds are not workloads", () => {
    expect(expandWorkload({ kind: "ConfigMap", metadata: { name: "x" } }, "x", { nodes })).toBeNull();
  });
});
