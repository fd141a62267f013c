// Realistic kubectl-style dumps for the whole-dump tests (dump.test.ts: pod by pod; run-dump.test.ts: whole
// runs): hundreds of nodes in three zones, Deployments without spread constraints whose pods belong to
// ReplicaSets (some replicas already running), Services, a DaemonSet pinned per node, PriorityClasses with a
// global default, a PodDisruptionBudget, and a high-priority pod that can only run by preempting batch pods.
// Pending pods are made the way a user makes them: `expandWorkload` on Deployment / DaemonSet manifests.
import fc from "fast-check";
import { createCluster, expandWorkload, type KubeNode, type KubePod } from "@schedkit/core";
import type { Scenario } from "@schedkit/core/arbitraries";
import { KUBERNETES_VERSION } from "./run.js";

type Json = Record<string, unknown>;

const ZONES = ["eu-1a", "eu-1b", "eu-1c"];
const SIZES = [
  { cpu: "4", memory: "16Gi" },
  { cpu: "8", memory: "32Gi" },
  { cpu: "16", memory: "64Gi" },
];

export interface DumpPlan {
  readonly nodes: number;
  readonly sizes: readonly number[];
  readonly deployments: readonly { readonly replicas: number; readonly cpu: number; readonly running: number; readonly service: boolean }[];
  readonly monitoringEvery: number;
  readonly batchNodes: number;
  readonly pdbAllowed: number;
}

export const plan: fc.Arbitrary<DumpPlan> = fc.record({
  nodes: fc.integer({ min: 120, max: 300 }),
  sizes: fc.array(fc.nat(SIZES.length - 1), { minLength: 1, maxLength: 7 }),
  deployments: fc.array(fc.record({ replicas: fc.integer({ min: 5, max: 40 }), cpu: fc.constantFrom(100, 250, 500, 1000), running: fc.nat(20), service: fc.boolean() }), { minLength: 2, maxLength: 4 }),
  monitoringEvery: fc.integer({ min: 2, max: 5 }),
  batchNodes: fc.integer({ min: 2, max: 5 }),
  pdbAllowed: fc.nat(2),
});

const node = (i: number, p: DumpPlan): Json => {
  const name = `ip-10-0-${Math.floor(i / 250)}-${i % 250}.eu-west-1.compute.internal`;
  // Batch nodes are the small size, which their two 2-CPU batch pods fill.
  const size = i < p.batchNodes ? SIZES[0]! : SIZES[p.sizes[i % p.sizes.length]!]!;
  const labels: Record<string, string> = { "kubernetes.io/hostname": name, "topology.kubernetes.io/zone": ZONES[i % 3]! };
  if (i % p.monitoringEvery === 0) labels["monitoring"] = "enabled";
  if (i < p.batchNodes) labels["pool"] = "batch";
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels },
    spec: i < p.batchNodes ? { taints: [{ key: "pool", value: "batch", effect: "NoSchedule" }] } : {},
    status: { allocatable: { cpu: size.cpu, memory: size.memory, pods: "110" }, capacity: { cpu: size.cpu, memory: size.memory, pods: "110" } },
  };
};

const container = (cpu: number, memoryMi: number) => [{ name: "app", image: "registry.example.com/app:1", resources: { requests: { cpu: `${cpu}m`, memory: `${memoryMi}Mi` } } }];

export function dump(p: DumpPlan): Scenario {
  const nodes = Array.from({ length: p.nodes }, (_, i) => node(i, p));
  const nodeNames = nodes.map((n) => (n["metadata"] as { name: string }).name);
  const model = createCluster({ nodes }).nodes;
  const pods: object[] = [];
  const services: object[] = [];
  const replicaSets: object[] = [];
  p.deployments.forEach((d, k) => {
    const app = `app-${k}`;
    const deployment = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: app, namespace: "prod" },
      spec: { replicas: d.replicas, selector: { matchLabels: { app } }, template: { metadata: { labels: { app } }, spec: { containers: container(d.cpu, 256) } } },
    };
    const e = expandWorkload(deployment, `deployments[${k}]`, { nodes: model })!;
    replicaSets.push(...e.controllers);
    // Replicas already running (the earlier rollout), on nodes picked round-robin from the deployment's index.
    e.pods.slice(0, d.running).forEach((pod, j) => {
      const q = structuredClone(pod) as Json;
      (q["metadata"] as Json)["name"] = `${app}-running-${j}`;
      q["spec"] = { ...(q["spec"] as Json), nodeName: nodeNames[p.batchNodes + ((k * 7 + j * 13) % (p.nodes - p.batchNodes))] };
      q["status"] = { phase: "Running" };
      pods.push(q);
    });
    pods.push(...e.pods.slice(d.running));
    if (d.service) services.push({ apiVersion: "v1", kind: "Service", metadata: { name: app, namespace: "prod" }, spec: { selector: { app } } });
  });
  // A DaemonSet on the monitored nodes, as its controller creates it.
  const ds = {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: { name: "node-exporter", namespace: "monitoring" },
    spec: {
      selector: { matchLabels: { app: "node-exporter" } },
      template: { metadata: { labels: { app: "node-exporter" } }, spec: { nodeSelector: { monitoring: "enabled" }, priorityClassName: "system-node-critical", containers: container(50, 64) } },
    },
  };
  pods.push(...expandWorkload(ds, "daemonset", { nodes: model })!.pods);
  // Batch nodes full of low-priority batch pods under a PDB; an urgent pod that fits only there, by preemption.
  for (let i = 0; i < p.batchNodes; i++) {
    for (let j = 0; j < 2; j++) {
      pods.push({
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: `batch-${i}-${j}`, namespace: "jobs", labels: { app: "batch" } },
        spec: { nodeName: nodeNames[i], priority: -10, priorityClassName: "low", tolerations: [{ key: "pool", operator: "Exists" }], containers: container(2000, 1024) },
        status: { phase: "Running", startTime: `2026-01-0${1 + ((i + j) % 9)}T00:00:00Z` },
      });
    }
  }
  pods.push({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "urgent", namespace: "jobs", labels: { app: "urgent" } },
    spec: { priorityClassName: "high", nodeSelector: { pool: "batch" }, tolerations: [{ key: "pool", operator: "Exists" }], containers: container(3000, 1024) },
  });
  return {
    cluster: {
      nodes: nodes as KubeNode[],
      pods: pods as KubePod[],
      namespaces: [],
      priorityClasses: [
        { apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name: "high" }, value: 1000 },
        { apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name: "low" }, value: -10 },
        { apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name: "standard" }, value: 0, globalDefault: true },
      ],
      services,
      replicaSets,
      podDisruptionBudgets: [
        { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name: "batch", namespace: "jobs" }, spec: { selector: { matchLabels: { app: "batch" } } }, status: { disruptionsAllowed: p.pdbAllowed } },
      ],
    },
    options: { percentageOfNodesToScore: 100, tieBreak: "first", seed: 0, kubernetesVersion: KUBERNETES_VERSION },
  };
}

/** The dump as one kubectl-style List, the shape `kubectl get ... -o json` prints. */
export function asList(s: Scenario): { apiVersion: "v1"; kind: "List"; items: object[] } {
  const c = s.cluster;
  return { apiVersion: "v1", kind: "List", items: [...c.nodes, ...c.pods, ...(c.priorityClasses ?? []), ...(c.services ?? []), ...(c.replicaSets ?? []), ...(c.podDisruptionBudgets ?? [])] };
}
