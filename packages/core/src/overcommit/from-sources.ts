// The layered report from what operators can export: a kubectl dump (nodes and pods), OpenStack's JSON
// (hypervisors, servers, flavors, optionally Placement inventories) and, for measured demand, a metrics
// snapshot. Nodes map to Nova servers by spec.providerID (`openstack:///<server id>`, the OpenStack cloud
// provider's form) or, failing that, by name.
import { SchedkitError } from "../errors.js";
import { splitKubeObjects } from "../model/kube.js";
import type { Pod } from "../model/types.js";
import { createCluster } from "../schedule.js";
import { toResourceNumber } from "../quantity.js";
import { layeredReport } from "./layered.js";
import { kubectlTopUsage, podMetricsUsage, type ContainerCpuUsage } from "./metrics.js";
import { parseFlavors, parseHypervisors, parsePlacement, parseServers } from "./openstack-json.js";
import type { LayeredContainer, LayeredHost, LayeredInventory, LayeredReport, LayeredVm } from "./types.js";

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

export function layeredContainers(p: Pod, path: string, demand: DemandSource, vcpus: number, usage: ContainerCpuUsage | null, missing: string[]): LayeredContainer[] {
  return p.containers.map((c, i) => {
    const cp = `${path}.spec.containers[${i}].resources`;
    const num = (list: ReadonlyMap<string, { milliValue(): bigint; value(): bigint; toString(): string }>, res: "cpu" | "memory", kind: string) => {
      const q = list.get(res);
      return q === undefined ? undefined : toResourceNumber(res === "cpu" ? q.milliValue() : q.value(), `${cp}.${kind}.${res}`, q.toString());
    };
    const limits = { cpu: num(c.limits, "cpu", "limits"), memory: num(c.limits, "memory", "limits") };
    // API defaulting (core/v1 defaults.go SetDefaults_Container): a limit without a request sets the request.
    const requests = { cpu: num(c.requests, "cpu", "requests") ?? limits.cpu, memory: num(c.requests, "memory", "requests") ?? limits.memory };
    let demandMilli: number;
    if (demand === "requests") demandMilli = requests.cpu ?? 0;
    else if (demand === "limits") demandMilli = limits.cpu ?? vcpus * 1000;
    else {
      const key = `${p.namespace}/${p.name}/${c.name}`;
      const u = usage!.get(key);
      if (u === undefined) missing.push(key);
      demandMilli = u ?? 0;
    }
    const strip = (o: { cpu?: number; memory?: number }) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
    return { name: c.name, requests: strip(requests), limits: strip(limits), demandMilli };
  });
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
  for (const { obj } of splitKubeObjects(s.kubernetes, "").nodes) {
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
    const pods = (podsOn.get(node) ?? []).map((p) => ({
      name: p.name,
      namespace: p.namespace,
      containers: layeredContainers(p, `pods[${JSON.stringify(`${p.namespace}/${p.name}`)}]`, demand, f.vcpus, usage, missing),
    }));
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
  const report = layeredReport(inventory);
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
