// The demo's cluster: 100 nodes in three zones, busy with several workloads whose pods the scheduler itself
// placed (a deterministic scheduleAll of their replicas, then bound), plus two DaemonSets on every node.
import { createCluster, type Engine } from "@schedkit/core";

type Obj = Record<string, unknown>;

/** A workload of the demo: its replicas, requests and limits (cpu millicores, memory Mi). */
export interface DemoWorkload {
  readonly namespace: string;
  readonly name: string;
  readonly replicas: number;
  readonly requests: { readonly cpu: number; readonly memoryMi: number };
  readonly limits: { readonly cpu: number; readonly memoryMi: number } | null;
}

/** The workload the incident is about. */
export const API_GATEWAY: DemoWorkload = { namespace: "shop", name: "api-gateway", replicas: 50, requests: { cpu: 200, memoryMi: 256 }, limits: { cpu: 500, memoryMi: 512 } };

/** What already runs, besides api-gateway and the DaemonSets. */
export const WORKLOADS: readonly DemoWorkload[] = [
  { namespace: "batch", name: "etl", replicas: 50, requests: { cpu: 2700, memoryMi: 4096 }, limits: { cpu: 4000, memoryMi: 4096 } },
  { namespace: "search", name: "search", replicas: 55, requests: { cpu: 2000, memoryMi: 8192 }, limits: { cpu: 4000, memoryMi: 8192 } },
  { namespace: "shop", name: "checkout", replicas: 120, requests: { cpu: 1000, memoryMi: 2048 }, limits: { cpu: 2000, memoryMi: 2048 } },
  { namespace: "data", name: "redis", replicas: 30, requests: { cpu: 1000, memoryMi: 4096 }, limits: { cpu: 1000, memoryMi: 4096 } },
  { namespace: "payments", name: "payments", replicas: 60, requests: { cpu: 750, memoryMi: 1024 }, limits: { cpu: 1500, memoryMi: 1024 } },
  { namespace: "shop", name: "web-frontend", replicas: 220, requests: { cpu: 500, memoryMi: 512 }, limits: { cpu: 1000, memoryMi: 1024 } },
  API_GATEWAY,
];

/** DaemonSets: one pod on every node. */
export const DAEMONSETS: readonly DemoWorkload[] = [
  { namespace: "monitoring", name: "node-exporter", replicas: 0, requests: { cpu: 100, memoryMi: 128 }, limits: { cpu: 250, memoryMi: 256 } },
  { namespace: "logging", name: "fluent-bit", replicas: 0, requests: { cpu: 150, memoryMi: 200 }, limits: { cpu: 500, memoryMi: 512 } },
];

/** Node types: 8-vCPU and 4-vCPU VMs (allocatable after the kubelet's reservations). */
export const NODE_TYPES = {
  large: { flavor: "k8s.2xlarge", vcpus: 8, cpu: "7910m", memory: "30310Mi" },
  small: { flavor: "k8s.xlarge", vcpus: 4, cpu: "3920m", memory: "14700Mi" },
} as const;

const ZONES = ["zone-a", "zone-b", "zone-c"];

/** Node i (1..100): seven in ten are large. */
export function demoNode(i: number): Obj {
  const name = `node-${String(i).padStart(3, "0")}`;
  const t = i % 10 < 7 ? NODE_TYPES.large : NODE_TYPES.small;
  const alloc = { cpu: t.cpu, memory: t.memory, pods: "110" };
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name,
      labels: { "kubernetes.io/hostname": name, "topology.kubernetes.io/zone": ZONES[i % 3]!, "node.kubernetes.io/instance-type": t.flavor },
    },
    spec: { providerID: `openstack:///${serverId(i)}` },
    status: { capacity: { cpu: String(t.vcpus), memory: t.memory, pods: "110" }, allocatable: alloc },
  };
}

/** A deterministic Nova server id for node i. */
export function serverId(i: number): string {
  return `5e1c0a7e-0000-4000-8000-${String(i).padStart(12, "0")}`;
}

// Pod-name suffixes as a ReplicaSet makes them (5 characters of [b-z2-9]), derived from the index.
const ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
function suffix(n: number): string {
  let x = (n + 1) * 2654435761 >>> 0;
  let s = "";
  for (let k = 0; k < 5; k++) {
    s += ALPHABET[x % ALPHABET.length];
    x = Math.floor(x / ALPHABET.length) + 7919 * (k + 1);
  }
  return s;
}

/** One pod of a workload (pending unless nodeName is given). */
export function demoPod(w: DemoWorkload, index: number, nodeName?: string): Obj {
  const resources: Obj = { requests: { cpu: `${w.requests.cpu}m`, memory: `${w.requests.memoryMi}Mi` } };
  if (w.limits !== null) resources["limits"] = { cpu: `${w.limits.cpu}m`, memory: `${w.limits.memoryMi}Mi` };
  const name = nodeName !== undefined && w.replicas === 0 ? `${w.name}-${suffix(index)}` : `${w.name}-7f${suffix(w.name.length)}-${suffix(index)}`;
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: w.namespace, labels: { app: w.name } },
    spec: {
      ...(nodeName === undefined ? {} : { nodeName }),
      containers: [{ name: w.name, image: `registry.example/${w.name}:1.0`, resources }],
    },
    ...(nodeName === undefined ? {} : { status: { phase: "Running" } }),
  };
}

/**
 * The incident's cluster as a `kubectl get nodes,pods -o json` List: nodes, DaemonSet pods, and every
 * workload's replicas where kube-scheduler's default profile put them (seed 1).
 */
export function incidentCluster(engine: Engine): { kind: "List"; apiVersion: "v1"; items: Obj[] } {
  const nodes = Array.from({ length: 100 }, (_, i) => demoNode(i + 1));
  const daemons = DAEMONSETS.flatMap((d, k) => nodes.map((n, i) => demoPod(d, k * 1000 + i, (n["metadata"] as { name: string }).name)));
  const pending = WORKLOADS.flatMap((w) => Array.from({ length: w.replicas }, (_, i) => demoPod(w, i)));
  const run = engine.scheduleAll(undefined, createCluster([...nodes, ...daemons, ...pending]), { seed: 1, explain: false });
  const at = new Map(run.results.map((r) => [r.pod, r.nodeName]));
  const placed = pending.map((p) => {
    const m = p["metadata"] as { name: string; namespace: string };
    const node = at.get(`${m.namespace}/${m.name}`);
    if (node === null || node === undefined) throw new Error(`demo cluster: ${m.namespace}/${m.name} did not fit`);
    return { ...p, spec: { ...(p["spec"] as Obj), nodeName: node }, status: { phase: "Running" } };
  });
  return { kind: "List", apiVersion: "v1", items: [...nodes, ...daemons, ...placed] };
}
