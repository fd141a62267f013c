// The demo in a terminal: one short section per step of the incident.
import type { Palette } from "../io.js";
import { formatBytes, formatMilliCPU, formatTable } from "../table.js";
import { API_GATEWAY, DAEMONSETS, NODE_TYPES, WORKLOADS } from "./incident-cluster.js";
import type { Incident } from "./incident.js";

const pct = (x: number) => `${Math.round(x * 100)}%`;
const n = (x: number) => x.toLocaleString("en-US");
const cores = (m: number) => `${(m / 1000).toFixed(1)} CPU`;

export function renderIncident(inc: Incident, p: Palette): string[] {
  const out: string[] = [];
  const gw = `${API_GATEWAY.namespace}/${API_GATEWAY.name}`;
  out.push(
    p.bold(`The ${gw} incident, replayed by kube-scheduler's own rules`),
    `${inc.cluster.nodes} nodes (3 zones, 8- and 4-vCPU VMs), ${n(inc.cluster.runningPods)} running pods, ${cores(inc.cluster.cpuRequestedMilli)} of ${cores(inc.cluster.cpuAllocatableMilli)} requested (${pct(inc.cluster.cpuRequestedMilli / inc.cluster.cpuAllocatableMilli)}).`,
    "",
  );
  const rows = [["WORKLOAD", "REPLICAS", "REQUESTS", "LIMITS"].map((h) => p.bold(h))];
  for (const w of [...WORKLOADS, ...DAEMONSETS]) {
    const lim = w.limits === null ? "-" : `${formatMilliCPU(w.limits.cpu)} / ${formatBytes(w.limits.memoryMi * 2 ** 20)}`;
    rows.push([`${w.namespace}/${w.name}`, w.replicas === 0 ? `${inc.cluster.nodes} (DaemonSet)` : String(w.replicas), `${formatMilliCPU(w.requests.cpu)} / ${formatBytes(w.requests.memoryMi * 2 ** 20)}`, lim]);
  }
  out.push(...formatTable(rows, ["left", "right", "right", "right"], "  "), "");

  out.push(p.bold(`1. The HPA scales ${gw} from ${inc.hpa.from} toward ${inc.hpa.desired}`), `   default scale-up behavior, one step per 15 s sync: ${[inc.hpa.from, ...inc.hpa.path].join(" → ")}`);
  const st = [["T", "REPLICAS", "SCHEDULED", "PLACED", "PENDING", "NODES USED", "MOST ON ONE", "CPU REQUESTED"].map((h) => p.bold(h))];
  for (const s of inc.steps) {
    st.push([`${s.tSeconds}s`, `${s.from} → ${s.to}`, String(s.scheduled), String(s.placed), s.pending > 0 ? p.red(String(s.pending)) : "0", String(s.nodesUsed), String(s.mostOnOneNode), pct(s.cpuRequested)]);
  }
  out.push(...formatTable(st, ["right", "right", "right", "right", "right", "right", "right", "right"], "   "));
  const first = inc.steps.find((s) => s.firstFailure !== null);
  if (first !== undefined) out.push("", `   ${p.red("✗")} first replica that does not fit (step ${first.from} → ${first.to}): ${first.firstFailure!.pod}`, `     ${first.firstFailure!.message}`);
  out.push("");

  const f = inc.fragmentation;
  if (f !== null) {
    const strandedNodes = f.nodes.filter((x) => x.largestFit === null && x.freeMilliCPU > 0);
    out.push(p.bold("2. At that moment: free CPU that no replica can use"));
    out.push(`   Free by requests: ${cores(f.freeMilliCPU)} and ${formatBytes(f.freeMemory)} across the cluster.`);
    out.push(`   Stranded: ${p.yellow(cores(f.strandedMilliCPU))} free on ${strandedNodes.length} nodes where a ${formatMilliCPU(API_GATEWAY.requests.cpu)} replica no longer fits (each has less than ${formatMilliCPU(API_GATEWAY.requests.cpu)} left).`);
    const top = [...strandedNodes].sort((a, b) => b.freeMilliCPU - a.freeMilliCPU).slice(0, 5).map((x) => `${x.node} ${formatMilliCPU(x.freeMilliCPU)}`);
    if (top.length > 0) out.push(`   Most stranded: ${top.join(", ")}`);
    out.push(`   Full by requests, yet CPU limits over allocatable: ${p.yellow(String(f.fullButOvercommitted.length))} nodes (limits up to ${pct(Math.max(0, ...f.fullButOvercommitted.map((x) => x.cpuLimitRatio)))} of allocatable): they contend as soon as pods burst.`, "");
  }

  out.push(p.bold("3. What planning would have said before the scale-up"));
  const c = inc.capacityBefore.shapes[0]!;
  const a = inc.nodesToAdd;
  out.push(
    `   capacity(): ${p.bold(n(c.replicas))} more replicas fit (${inc.hpa.from} + ${n(c.replicas)} = ${n(inc.hpa.from + c.replicas)}, short of ${inc.hpa.desired}), spread over ${c.placement.length} nodes; then`,
    `     ${c.message}`,
  );
  if (a.nodes === null) out.push(`   nodesToAdd(): no number of ${NODE_TYPES.large.flavor} nodes up to the limit makes ${n(a.target)} more fit.`);
  else {
    out.push(`   nodesToAdd(): add ${p.green(`${a.nodes} ${NODE_TYPES.large.flavor} node${a.nodes === 1 ? "" : "s"}`)} (8 vCPU) and ${n(a.target)} more fit; with ${a.nodes - 1}, ${n(a.withOneFewer?.replicas ?? a.fitsNow)} do (stopped by ${a.withOneFewer?.stoppedBy ?? c.stoppedBy}).`);
    if (a.after !== null) out.push(`     After that, ${n(a.after.replicas - a.target)} replicas of headroom before ${a.after.stoppedBy}.`);
  }
  out.push("");

  const cpu = inc.cpu;
  out.push(p.bold(`4. The CPU they really get: the nodes as VMs on ${cpu.hosts.length} hypervisors of ${cpu.hosts[0]?.pcpus ?? 0} pCPUs at 4:1, every pod bursting to its limit`));
  const hr = [["HOST", "PCPUS", "VCPUS", "VM OVERSUBSCRIPTION", "DEMAND / PCPUS"].map((h) => p.bold(h))];
  for (const h of cpu.hosts) hr.push([h.name, String(h.pcpus), String(h.vcpus), `${h.rhoVm.toFixed(2)}×`, h.contention > 1 ? p.red(`${h.contention.toFixed(2)}×`) : `${h.contention.toFixed(2)}×`]);
  out.push(...formatTable(hr, ["left", "right", "right", "right", "right"], "   "));
  out.push(
    `   ${p.red(`${cpu.starvedVms} of ${cpu.vms}`)} VMs are starved while Nova reports them ACTIVE; ${p.red(`${n(cpu.podsShort)} of ${n(cpu.pods)}`)} pods get less CPU than they request.`,
    `   ${gw}: ${p.red(`${cpu.gatewayShort} of ${cpu.gatewayPods}`)} replicas short of their ${formatMilliCPU(API_GATEWAY.requests.cpu)} request; the median one gets ${p.red(formatMilliCPU(Math.floor(cpu.gatewayMedianMilli)))} (limit ${formatMilliCPU(API_GATEWAY.limits!.cpu)}).`,
    "   Worst off:",
  );
  for (const w of cpu.worst) out.push(`     ${w.pod} on ${w.node}: requests ${formatMilliCPU(w.requestMilli)}, gets ${formatMilliCPU(Math.floor(w.obtainableMilli))}`);
  out.push("", p.dim("Each step with the library: capacity(), nodesToAdd(), runFragmentation(), overcommitFromSources(); --json prints it all."));
  return out;
}
