// The demo: the incident this library exists for, computed with its public API. api-gateway is scaled by
// the HPA along its default scale-up path on a busy 100-node cluster until a replica gets "0/100 nodes are
// available: 100 Insufficient cpu."; then what capacity() and nodesToAdd() would have said beforehand, and
// what CPU the pods really get when those nodes are VMs on hypervisors at 4:1 and the pods burst.
import { createCluster, podRequests, type Engine } from "@schedkit/core";
import {
  capacity,
  hpaScaleUpPath,
  nodesToAdd,
  runFragmentation,
  type CapacityResult,
  type FragmentationReport,
  type NodesToAddResult,
} from "@schedkit/core/analysis";
import { overcommitFromSources, type LayeredEngine } from "@schedkit/core/overcommit";
import { API_GATEWAY, NODE_TYPES, demoNode, demoPod, incidentCluster, serverId } from "./incident-cluster.js";

type Obj = Record<string, unknown>;

/** One HPA sync's scale-up and where its pods went. */
interface IncidentStep {
  readonly tSeconds: number;
  readonly from: number;
  readonly to: number;
  /** Pods scheduled in this step (new replicas and those still pending). */
  readonly scheduled: number;
  readonly placed: number;
  readonly pending: number;
  /** Nodes that received at least one of this step's pods, and the most any one got. */
  readonly nodesUsed: number;
  readonly mostOnOneNode: number;
  /** Cluster CPU requested / allocatable after the step. */
  readonly cpuRequested: number;
  /** The first pod of the step that did not fit, with kube-scheduler's FailedScheduling message. */
  readonly firstFailure: { readonly pod: string; readonly message: string } | null;
}

/** The CPU picture with the nodes as VMs and every pod at its limit. */
interface IncidentCpu {
  readonly hosts: readonly { readonly name: string; readonly pcpus: number; readonly vcpus: number; readonly rhoVm: number; readonly contention: number }[];
  readonly starvedVms: number;
  readonly vms: number;
  readonly podsShort: number;
  readonly pods: number;
  /** api-gateway replicas short of their 200m request, and what the median one gets. */
  readonly gatewayShort: number;
  readonly gatewayPods: number;
  readonly gatewayMedianMilli: number;
  readonly worst: readonly { readonly pod: string; readonly node: string; readonly requestMilli: number; readonly obtainableMilli: number }[];
}

/** The whole story, as `schedkit demo --json` prints it. */
export interface Incident {
  readonly cluster: { readonly nodes: number; readonly runningPods: number; readonly cpuAllocatableMilli: number; readonly cpuRequestedMilli: number };
  readonly hpa: { readonly from: number; readonly desired: number; readonly path: readonly number[] };
  readonly steps: readonly IncidentStep[];
  readonly fragmentation: FragmentationReport | null;
  readonly capacityBefore: CapacityResult;
  readonly nodesToAdd: NodesToAddResult;
  readonly cpu: IncidentCpu;
}

const gatewayShape = (): Obj => {
  const p = demoPod(API_GATEWAY, 0);
  return { ...p, metadata: { ...(p["metadata"] as Obj), name: API_GATEWAY.name } };
};

/** Allocatable CPU and the bound pods' CPU requests as the scheduler counts them (podRequests: PodRequests). */
function cpuTotals(objects: readonly Obj[]): { alloc: number; req: number } {
  const c = createCluster(objects);
  let alloc = 0;
  for (const n of c.nodes) alloc += n.allocatable.get("cpu") ?? 0;
  const bound = new Set(c.boundPods.map((p) => `${p.namespace}/${p.name}`));
  let req = 0;
  for (const o of objects) {
    const meta = o["metadata"] as { name?: string; namespace?: string } | undefined;
    if (o["kind"] === "Pod" && bound.has(`${meta?.namespace ?? "default"}/${meta?.name}`)) req += podRequests(o).requested["cpu"] ?? 0;
  }
  return { alloc, req };
}

/** Nova's view of the nodes: hypervisors of 32 pCPUs at allocation ratio 4.0, VMs packed in node order. */
function demoOpenStack(nodes: readonly Obj[]): { hypervisors: Obj[]; servers: Obj[]; flavors: Obj[]; placement: Obj } {
  const PCPUS = 32;
  const RATIO = 4;
  const flavors = Object.values(NODE_TYPES).map((t) => ({ ID: t.flavor, Name: t.flavor, RAM: t.vcpus * 4096, Disk: 80, Ephemeral: 0, VCPUs: t.vcpus, "Is Public": true, Swap: 0, "RXTX Factor": 1, Properties: {} }));
  const servers: Obj[] = [];
  const hostVcpus: number[] = [];
  nodes.forEach((n, i) => {
    const meta = n["metadata"] as { name: string; labels: Record<string, string> };
    const flavor = meta.labels["node.kubernetes.io/instance-type"]!;
    const vcpus = Object.values(NODE_TYPES).find((t) => t.flavor === flavor)!.vcpus;
    let h = hostVcpus.length - 1;
    if (h < 0 || hostVcpus[h]! + vcpus > PCPUS * RATIO) hostVcpus.push(0), (h = hostVcpus.length - 1);
    hostVcpus[h]! += vcpus;
    servers.push({ ID: serverId(i + 1), Name: meta.name, Status: "ACTIVE", "Power State": "Running", "Flavor Name": flavor, Host: `compute-${String(h + 1).padStart(2, "0")}` });
  });
  const hostNames = hostVcpus.map((_, h) => `compute-${String(h + 1).padStart(2, "0")}`);
  const hypervisors = hostNames.map((name, h) => ({ ID: h + 1, "Hypervisor Hostname": name, "Hypervisor Type": "QEMU", State: "up", "vCPUs Used": hostVcpus[h], vCPUs: PCPUS }));
  const placement = Object.fromEntries(hostNames.map((n) => [n, [{ resource_class: "VCPU", allocation_ratio: RATIO, min_unit: 1, max_unit: PCPUS, reserved: 0, step_size: 1, total: PCPUS }]]));
  return { hypervisors, servers, flavors, placement };
}

/** Runs the incident on `engine`, the layered CPU report on `cpuEngine` (deterministic: every tie-break seeded). */
export function runIncident(engine: Engine, seed = 1, cpuEngine?: LayeredEngine): Incident {
  const base = incidentCluster(engine);
  let objects: Obj[] = [...base.items];
  const before = cpuTotals(objects);
  const cluster0 = createCluster(objects);
  const desired = 500;
  const path = hpaScaleUpPath({ currentReplicas: API_GATEWAY.replicas, desiredReplicas: desired, maxReplicas: desired }).filter((s) => s.next > s.current);

  // What the planning tools would have said before the scale-up.
  const shape = gatewayShape();
  const capacityBefore = capacity(cluster0, [shape], { engine, seed });
  const template = { ...demoNode(1), metadata: { name: "new-node", labels: { "kubernetes.io/hostname": "new-node", "topology.kubernetes.io/zone": "zone-a", "node.kubernetes.io/instance-type": NODE_TYPES.large.flavor } } };
  const add = nodesToAdd(cluster0, shape, template, desired - API_GATEWAY.replicas, { engine, seed });

  const steps: IncidentStep[] = [];
  let pending: Obj[] = [];
  let fragmentation: FragmentationReport | null = null;
  let index = API_GATEWAY.replicas;
  for (const s of path) {
    const fresh = Array.from({ length: s.next - s.current }, () => demoPod(API_GATEWAY, index++));
    const toSchedule = [...pending, ...fresh];
    const cluster = createCluster([...objects, ...toSchedule]);
    const run = engine.scheduleAll(undefined, cluster, { seed, explain: false });
    const byKey = new Map(toSchedule.map((p) => [`${(p["metadata"] as Obj)["namespace"]}/${(p["metadata"] as Obj)["name"]}`, p]));
    const perNode = new Map<string, number>();
    pending = [];
    for (const r of run.results) {
      const p = byKey.get(r.pod)!;
      if (r.nodeName === null) pending.push(p);
      else {
        perNode.set(r.nodeName, (perNode.get(r.nodeName) ?? 0) + 1);
        objects.push({ ...p, spec: { ...(p["spec"] as Obj), nodeName: r.nodeName }, status: { phase: "Running" } });
      }
    }
    const failed = run.results.find((r) => r.nodeName === null);
    if (failed !== undefined && fragmentation === null) fragmentation = runFragmentation(cluster, run);
    const after = cpuTotals(objects);
    steps.push({
      tSeconds: s.tSeconds,
      from: s.current,
      to: s.next,
      scheduled: run.results.length,
      placed: run.results.length - pending.length,
      pending: pending.length,
      nodesUsed: perNode.size,
      mostOnOneNode: Math.max(0, ...perNode.values()),
      cpuRequested: after.req / after.alloc,
      firstFailure: failed === undefined ? null : { pod: failed.pod, message: failed.message },
    });
  }

  // The nodes as VMs at 4:1, every running pod at its CPU limit.
  const nodes = objects.filter((o) => o["kind"] === "Node");
  const os = demoOpenStack(nodes);
  const truth = overcommitFromSources({ kubernetes: objects, ...os, demand: "limits", ...(cpuEngine === undefined ? {} : { engine: cpuEngine }) });
  const gateway = truth.report.hosts.flatMap((h) => h.vms.flatMap((v) => v.node?.pods ?? [])).filter((p) => p.namespace === API_GATEWAY.namespace && p.name.startsWith(`${API_GATEWAY.name}-`));
  const got = gateway.map((p) => p.obtainableMilli).sort((a, b) => a - b);
  const cpu: IncidentCpu = {
    hosts: truth.report.hosts.map((h) => ({ name: h.name, pcpus: h.pcpus, vcpus: h.vcpusPlaced, rhoVm: h.rhoVm, contention: h.contention })),
    starvedVms: truth.activeWhileStarved.length,
    vms: truth.vms.length,
    podsShort: truth.podsShortOfRequests.length,
    pods: truth.report.hosts.reduce((a, h) => a + h.vms.reduce((b, v) => b + (v.node?.pods.length ?? 0), 0), 0),
    gatewayShort: truth.podsShortOfRequests.filter((p) => p.pod.startsWith(`${API_GATEWAY.namespace}/${API_GATEWAY.name}-`)).length,
    gatewayPods: gateway.length,
    gatewayMedianMilli: got.length === 0 ? 0 : got[Math.floor(got.length / 2)]!,
    worst: truth.podsShortOfRequests.slice(0, 3).map((p) => ({ pod: p.pod, node: p.node, requestMilli: p.requestMilli, obtainableMilli: p.obtainableMilli })),
  };
  return {
    cluster: { nodes: cluster0.nodes.length, runningPods: cluster0.boundPods.length, cpuAllocatableMilli: before.alloc, cpuRequestedMilli: before.req },
    hpa: { from: API_GATEWAY.replicas, desired, path: path.map((s) => s.next) },
    steps,
    fragmentation,
    capacityBefore,
    nodesToAdd: add,
    cpu,
  };
}
