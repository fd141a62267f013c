// The layered report from what operators can export: a kubectl dump (nodes and pods), OpenStack's JSON
// (hypervisors, servers, flavors, optionally Placement inventories) and, for measured demand, a metrics
// snapshot. Nodes map to Nova servers by spec.providerID (`openstack:///<server id>`, the OpenStack cloud
// provider's form) or, failing that, by name.
import { SchedkitError } from "../errors.js";
import { splitKubeObjects } from "../model/kube.js";
import type { Container, Pod, QuantityList } from "../model/types.js";
import { createCluster } from "../schedule.js";
import { layeredReport } from "./layered.js";
import { kubectlTopUsage, podMetricsUsage, type ContainerCpuUsage } from "./metrics.js";
import { parseFlavors, parseHypervisors, parsePlacement, parseServers } from "./openstack-json.js";
import type { LayeredHost, LayeredInventory, LayeredPod, LayeredReport, LayeredVm } from "./types.js";
import type { KubeContainer, KubePod } from "../model/kube-types.js";
import { cgroupPodOf } from "../cgroup/pod-spec.js";

/** Which CPU each container is taken to want. */
export type DemandSource = "requests" | "limits" | "metrics";

/** The inputs of overcommitFromSources(). */
export interface OvercommitSources {
  /** `kubectl get nodes,pods -A -o json` (a List, an array of objects, or { nodes, pods }). */
  readonly kubernetes: unknown;
  /** `openstack hypervisor list --long -f json`. */
  readonly hypervisors: unknown;
  /** `openstack server list --all-projects --long -f json`. */
  readonly servers: unknown;
  /** `openstack flavor list --all --long -f json`. */
  readonly flavors: unknown;
  /** Placement VCPU inventories by provider (hypervisor) name; they give pCPUs, reserved and allocation ratio. */
  readonly placement?: unknown;
  /** A PodMetricsList object, or the text of `kubectl top pods --containers -A`; needed for demand "metrics". */
  readonly metrics?: unknown;
  /**
   * "requests": each container wants its CPU request; "limits": the worst case, each container runs to its
   * limit (the VM's vCPUs without one); "metrics": the snapshot's usage (containers without a sample: 0).
   */
  readonly demand: DemandSource;
  /** VCPU allocation ratio of hosts without Placement data; default 4.0 (Nova's initial_cpu_allocation_ratio). */
  readonly defaultAllocationRatio?: number;
  /** CPU demand of servers that are not Kubernetes nodes, as a fraction of their vCPUs; default 1 (busy). */
  readonly otherVmDemand?: number;
  /** What computes the report: core's layeredReport by default, or @schedkit/asm's CPU engine (same results). */
  readonly engine?: LayeredEngine;
}

/** An implementation of layeredReport: core's (the default) or an accelerated one such as `createWasmCpuEngine()`. */
export interface LayeredEngine {
  layeredReport(inventory: LayeredInventory): LayeredReport;
}

/** A server in the report: its Nova status and the node it runs, if any. */
export interface OvercommitVm {
  readonly name: string;
  readonly id: string;
  readonly status: string;
  readonly host: string;
  readonly node: string | null;
}

/** overcommitFromSources()'s answer. */
export interface OvercommitFromSources {
  readonly inventory: LayeredInventory;
  readonly report: LayeredReport;
  readonly demand: DemandSource;
  readonly vms: readonly OvercommitVm[];
  /** VMs Nova reports ACTIVE while the report finds them starved (steal above the threshold). */
  readonly activeWhileStarved: readonly { readonly vm: string; readonly host: string; readonly stealFraction: number }[];
  /** Pods that get less CPU than they request, worst first. */
  readonly podsShortOfRequests: readonly { readonly pod: string; readonly node: string; readonly requestMilli: number; readonly obtainableMilli: number; readonly shortfallMilli: number }[];
  /** Inputs left out, with why: nodes without a server, servers not ACTIVE, containers without a metric. */
  readonly notes: readonly string[];
}

const shortName = (h: string) => h.split(".")[0]!;

// What each running container (app containers and sidecars) is taken to want, by name.
function demandOf(p: Pod, path: string, demand: DemandSource, vcpus: number, usage: ContainerCpuUsage | null, missing: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of cgroupPodOf(p, path).running) {
    if (demand === "requests") out[c.name] = c.requestCpu;
    else if (demand === "limits") out[c.name] = c.limitCpu > 0 ? c.limitCpu : vcpus * 1000;
    else {
      const key = `${p.namespace}/${p.name}/${c.name}`;
      const u = usage!.get(key);
      if (u === undefined) missing.push(key);
      out[c.name] = u ?? 0;
    }
  }
  return out;
}

const quantities = (list: QuantityList): Record<string, string> => Object.fromEntries([...list].map(([k, q]) => [k, q.toDecimalString()]));

function kubeContainer(c: Container): KubeContainer {
  return {
    name: c.name,
    resources: { requests: quantities(c.requests), limits: quantities(c.limits) },
    ...(c.restartPolicy === null ? {} : { restartPolicy: c.restartPolicy }),
  };
}

/**
 * A parsed pod written back as the v1.Pod fields the cgroup math reads (names, containers' resources,
 * restart policies, overhead, spec.resources), quantities in exact decimal form: for callers holding only the
 * model (simulate's pods).
 */
function kubePodOf(p: Pod): KubePod {
  return {
    metadata: { name: p.name, namespace: p.namespace },
    spec: {
      containers: p.containers.map(kubeContainer),
      ...(p.initContainers.length === 0 ? {} : { initContainers: p.initContainers.map(kubeContainer) }),
      ...(p.overhead.size === 0 ? {} : { overhead: quantities(p.overhead) }),
      ...(p.podResources === null ? {} : { resources: { requests: quantities(p.podResources.requests), limits: quantities(p.podResources.limits) } }),
    },
  };
}

/** The layered report's pod for a parsed pod: its v1.Pod (`obj` as given, or written back from the model) and each running container's demand. */
export function layeredPodOf(p: Pod, obj: unknown, path: string, demand: DemandSource, vcpus: number, usage: ContainerCpuUsage | null, missing: string[]): LayeredPod {
  return { ...((obj ?? kubePodOf(p)) as KubePod), demandMilli: demandOf(p, path, demand, vcpus, usage, missing) };
}

/**
 * The layered host → VM → node → pod report from a kubectl dump and OpenStack's JSON: each host's
 * contention, the VMs Nova calls ACTIVE while they are starved, and the pods that get less CPU than
 * they request, under the chosen demand.
 */
export function overcommitFromSources(s: OvercommitSources): OvercommitFromSources {
  if (typeof s !== "object" || s === null) throw new SchedkitError("sources", s, "is not an object");
  const demand = s.demand;
  if (demand !== "requests" && demand !== "limits" && demand !== "metrics") throw new SchedkitError("demand", demand, 'is not "requests", "limits" or "metrics"');
  const ratio = s.defaultAllocationRatio ?? 4;
  if (typeof ratio !== "number" || !(ratio > 0) || !Number.isFinite(ratio)) throw new SchedkitError("defaultAllocationRatio", ratio, "is not a positive number");
  const other = s.otherVmDemand ?? 1;
  if (typeof other !== "number" || !(other >= 0) || !Number.isFinite(other)) throw new SchedkitError("otherVmDemand", other, "is not a number >= 0");
  let usage: ContainerCpuUsage | null = null;
  if (demand === "metrics") {
    if (s.metrics === undefined) throw new SchedkitError("metrics", s.metrics, 'is required for demand "metrics" (a PodMetricsList or `kubectl top pods --containers -A` text)');
    usage = typeof s.metrics === "string" ? kubectlTopUsage(s.metrics, "metrics") : podMetricsUsage(s.metrics, "metrics");
  }

  const cluster = createCluster(s.kubernetes);
  const providerIds = new Map<string, string>();
  const split = splitKubeObjects(s.kubernetes, "");
  // The layered report takes the pods as given (v1.Pod objects); the parsed cluster says which are bound where.
  const podObjects = new Map<string, { obj: unknown; path: string }>();
  for (const { obj, path } of split.pods) {
    const m = (obj as { metadata?: { name?: unknown; namespace?: unknown } }).metadata;
    podObjects.set(`${typeof m?.namespace === "string" && m.namespace !== "" ? m.namespace : "default"}/${String(m?.name)}`, { obj, path });
  }
  for (const { obj } of split.nodes) {
    const o = obj as { metadata?: { name?: unknown }; spec?: { providerID?: unknown } };
    if (typeof o.metadata?.name === "string" && typeof o.spec?.providerID === "string") providerIds.set(o.metadata.name, o.spec.providerID);
  }
  const hypervisors = parseHypervisors(s.hypervisors);
  const servers = parseServers(s.servers);
  const flavors = parseFlavors(s.flavors);
  const placement = s.placement === undefined ? new Map() : parsePlacement(s.placement);
  const flavorOf = new Map<string, (typeof flavors)[number]>();
  for (const f of flavors) {
    flavorOf.set(f.name, f);
    flavorOf.set(f.id, f);
  }

  const notes: string[] = [];
  const byId = new Map(servers.map((v) => [v.id, v]));
  const byName = new Map(servers.map((v) => [v.name, v]));
  const nodeOfServer = new Map<string, string>();
  for (const n of cluster.nodes) {
    const pid = providerIds.get(n.name);
    const m = pid === undefined ? null : /^openstack:\/\/\/?(?:[^/]*\/)?([^/]+)$/.exec(pid);
    const server = (m !== null ? byId.get(m[1]!) : undefined) ?? byName.get(n.name);
    if (server === undefined) notes.push(`node ${n.name}: no server with its providerID or name; left out`);
    else nodeOfServer.set(server.id, n.name);
  }
  const podsOn = new Map<string, Pod[]>();
  for (const p of cluster.boundPods) {
    const l = podsOn.get(p.nodeName);
    if (l === undefined) podsOn.set(p.nodeName, [p]);
    else l.push(p);
  }

  const missing: string[] = [];
  const vms: OvercommitVm[] = [];
  const hostVms = new Map<string, LayeredVm[]>();
  const hostKey = new Map<string, string>();
  for (const h of hypervisors) {
    hostKey.set(h.hostname, h.hostname);
    if (!hostKey.has(shortName(h.hostname))) hostKey.set(shortName(h.hostname), h.hostname);
    hostVms.set(h.hostname, []);
  }
  servers.forEach((v, i) => {
    const host = hostKey.get(v.host) ?? hostKey.get(shortName(v.host));
    if (host === undefined) throw new SchedkitError(`servers[${i}]["Host"]`, v.host, "is not a hypervisor in the hypervisor list");
    const node = nodeOfServer.get(v.id) ?? null;
    vms.push({ name: v.name, id: v.id, status: v.status, host, node });
    // Only running instances take CPU; Nova keeps the others' allocations, but the host does not run them.
    if (v.status !== "ACTIVE") {
      notes.push(`server ${v.name}: status ${v.status}, not running; left out of the host's CPU`);
      return;
    }
    const f = flavorOf.get(v.flavor);
    if (f === undefined) throw new SchedkitError(`servers[${i}]["Flavor Name"]`, v.flavor, "is not a flavor in the flavor list");
    const base = { name: v.name, vcpus: f.vcpus, ...(Object.keys(f.extraSpecs).length > 0 ? { extraSpecs: f.extraSpecs } : {}) };
    if (node === null) {
      hostVms.get(host)!.push({ ...base, demandCpus: f.vcpus * other });
      return;
    }
    const kn = cluster.nodes.find((n) => n.name === node)!;
    const pods = (podsOn.get(node) ?? []).map((p): LayeredPod => {
      const { obj, path } = podObjects.get(`${p.namespace}/${p.name}`)!;
      return layeredPodOf(p, obj, path, demand, f.vcpus, usage, missing);
    });
    const alloc = kn.allocatable.get("cpu");
    hostVms.get(host)!.push({ ...base, node: { name: node, ...(alloc === undefined ? {} : { allocatableMilli: alloc }), pods } });
  });
  if (missing.length > 0) notes.push(`${missing.length} container(s) without a CPU sample counted at 0 demand: ${missing.slice(0, 5).join(", ")}${missing.length > 5 ? ", …" : ""}`);

  const hosts: LayeredHost[] = hypervisors.map((h, i) => {
    const pl = placement.get(h.hostname) ?? placement.get(shortName(h.hostname));
    const pcpus = pl?.total ?? h.pcpus;
    if (pcpus === null) throw new SchedkitError(`hypervisors[${i}]["vCPUs"]`, undefined, "is required without Placement inventories (compute API microversion 2.88 dropped it: give placement)");
    return { name: h.hostname, pcpus, reservedHostCpus: pl?.reserved ?? 0, cpuAllocationRatio: pl?.allocationRatio ?? ratio, vms: hostVms.get(h.hostname)! };
  });
  const inventory: LayeredInventory = { hosts };
  const engine = s.engine;
  if (engine !== undefined && (typeof engine !== "object" || engine === null || typeof engine.layeredReport !== "function")) {
    throw new SchedkitError("engine", engine, "is not a layered-report engine (an object with layeredReport(inventory))");
  }
  const report = engine === undefined ? layeredReport(inventory) : engine.layeredReport(inventory);
  const status = new Map(vms.map((v) => [v.name, v.status]));
  const activeWhileStarved = report.hosts.flatMap((h) =>
    h.vms.filter((v) => status.get(v.name) === "ACTIVE" && report.findings.some((f) => f.kind === "vm-starved" && f.vm === v.name)).map((v) => ({ vm: v.name, host: h.name, stealFraction: v.stealFraction })),
  );
  // The report's verdict decides who is short (its threshold ignores float noise).
  const short = new Set(report.findings.filter((f) => f.kind === "pod-shortfall").map((f) => `${f.vm}|${f.pod}`));
  const podsShortOfRequests = report.hosts
    .flatMap((h) => h.vms.flatMap((v) => (v.node === null ? [] : v.node.pods.filter((p) => short.has(`${v.name}|${p.namespace}/${p.name}`)).map((p) => ({ pod: `${p.namespace}/${p.name}`, node: v.node!.name, requestMilli: p.requestMilli, obtainableMilli: p.obtainableMilli, shortfallMilli: p.shortfallMilli })))))
    .sort((a, b) => b.shortfallMilli - a.shortfallMilli || (a.pod < b.pod ? -1 : 1));
  return { inventory, report, demand, vms, activeWhileStarved, podsShortOfRequests, notes };
}
