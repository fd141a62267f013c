// Findings and plain-language rendering of the layered report: where what Nova and the kube-scheduler
// believe (VM ACTIVE with its vCPUs; requests fit allocatable, so requested CPU is there) diverges from
// what CFS delivers under the given demands.
import { SchedkitError } from "../errors.js";
import type { LayeredFinding, LayeredHostReport, LayeredReport, LayeredVerdictOptions } from "./types.js";

const cpus = (v: number) => v.toFixed(2);
const milli = (v: number) => `${Math.round(v)}m`;
const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

function threshold(path: string, v: number | undefined, dflt: number): number {
  const t = v ?? dflt;
  if (!(t >= 0) || t === Infinity) throw new SchedkitError(path, t, "is not a finite number >= 0");
  return t;
}

/** The divergences in a computed layered report, host by host, in input order. */
export function layeredFindings(hosts: readonly LayeredHostReport[], options: LayeredVerdictOptions): LayeredFinding[] {
  const stealLimit = threshold("verdict.vmStealFraction", options.vmStealFraction, 0.1);
  const shortLimit = threshold("verdict.podShortfallFraction", options.podShortfallFraction, 1e-9);
  const out: LayeredFinding[] = [];
  for (const host of hosts) {
    if (!host.withinPlacementCapacity) {
      out.push({
        kind: "placement-over-capacity",
        host: host.name,
        message: `Host ${host.name} carries ${host.vcpusPlaced} vCPUs but its Placement VCPU capacity is ${cpus(host.placementCapacity)}: the inventory no longer matches the allocations.`,
      });
    }
    for (const vm of host.vms) {
      if (vm.stealFraction > stealLimit) {
        out.push({
          kind: "vm-starved",
          host: host.name,
          vm: vm.name,
          message:
            `VM ${vm.name} on ${host.name} is ACTIVE with ${vm.vcpus} vCPUs and wants ${cpus(vm.vcpuDemandCpus)} CPUs, ` +
            `but gets ${cpus(vm.allocCpus)} pCPUs: ${pct(vm.stealFraction)} of its vCPU time is steal, invisible to Nova.`,
        });
      }
      const node = vm.node;
      if (node === null) continue;
      if (node.requestsMilli > node.allocatableMilli) {
        out.push({
          kind: "node-over-admitted",
          host: host.name,
          vm: vm.name,
          message: `Node ${node.name} holds pods requesting ${milli(node.requestsMilli)} against ${milli(node.allocatableMilli)} allocatable: the scheduler would not have admitted them all.`,
        });
      }
      for (const pod of node.pods) {
        const promised = Math.min(pod.requestMilli, pod.demandMilli);
        if (promised > 0 && pod.shortfallMilli > shortLimit * promised) {
          out.push({
            kind: "pod-shortfall",
            host: host.name,
            vm: vm.name,
            pod: `${pod.namespace}/${pod.name}`,
            message:
              `Pod ${pod.namespace}/${pod.name} on node ${node.name} (VM ${vm.name}, host ${host.name}) requested ${milli(pod.requestMilli)} ` +
              `and wants ${milli(pod.demandMilli)}, but gets ${milli(pod.obtainableMilli)}: ${milli(pod.shortfallMilli)} of what the scheduler counted as its own is not delivered.`,
          });
        }
      }
    }
  }
  return out;
}

/** A one-paragraph verdict for a report's findings. */
export function layeredVerdict(hosts: readonly LayeredHostReport[], findings: readonly LayeredFinding[]): string {
  let worst = 0;
  let pods = 0;
  let vms = 0;
  for (const h of hosts) {
    for (const vm of h.vms) {
      vms++;
      if (vm.node === null) continue;
      pods += vm.node.pods.length;
      if (vm.node.worstCaseDemandPerPcpu > worst) worst = vm.node.worstCaseDemandPerPcpu;
    }
  }
  const count = (k: LayeredFinding["kind"]) => findings.filter((f) => f.kind === k).length;
  const short = count("pod-shortfall");
  const starved = count("vm-starved");
  const parts: string[] = [];
  if (short > 0) parts.push(`${short} of ${pods} pods get less CPU than their requests, although the kube-scheduler admitted them`);
  if (starved > 0) parts.push(`${starved} of ${vms} VMs are starved while Nova reports them ACTIVE`);
  if (count("placement-over-capacity") > 0) parts.push(`${count("placement-over-capacity")} hosts exceed their Placement capacity`);
  if (count("node-over-admitted") > 0) parts.push(`${count("node-over-admitted")} nodes hold more requests than allocatable`);
  const head =
    parts.length === 0
      ? "Execution matches the control planes' view: every pod gets min(request, demand) and no VM is starved."
      : `The control planes' view diverges from execution: ${parts.join("; ")}.`;
  return `${head} Worst-case demand per physical CPU if every pod ran to its limit: ${worst.toFixed(2)}.`;
}

function table(rows: readonly (readonly string[])[], indent: string): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((r) => indent + r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join("  ").trimEnd());
}

/** A plain-text rendering of a layered report for terminals. */
export function formatLayeredReport(report: LayeredReport): string {
  const lines: string[] = [];
  for (const h of report.hosts) {
    lines.push(
      `Host ${h.name}: ${h.pcpus} pCPUs, ${h.vcpusPlaced} vCPUs placed (rho_vm ${cpus(h.rhoVm)}, Placement capacity ${cpus(h.placementCapacity)}` +
        `${h.withinPlacementCapacity ? "" : " EXCEEDED"}), vCPU demand ${cpus(h.demandCpus)} (contention ${cpus(h.contention)}x), idle ${cpus(h.idleCpus)}`,
    );
    const vmRows: string[][] = [["VM", "vCPUs", "weight", "cap", "demand", "pCPUs", "steal"]];
    for (const vm of h.vms) {
      vmRows.push([vm.name, String(vm.vcpus), String(vm.kernelWeight), cpus(vm.capCpus), cpus(vm.vcpuDemandCpus), cpus(vm.allocCpus), `${cpus(vm.stealCpus)} (${pct(vm.stealFraction)})`]);
    }
    for (const line of table(vmRows, "  ")) lines.push(line);
    for (const vm of h.vms) {
      const n = vm.node;
      if (n === null) continue;
      lines.push(
        `  Node ${n.name} (VM ${vm.name}): allocatable ${milli(n.allocatableMilli)}, requests ${milli(n.requestsMilli)} (rho_req ${cpus(n.rhoRequests)}), ` +
          `limits ${milli(n.effectiveLimitsMilli)} (rho_lim ${cpus(n.rhoLimits)}), worst case ${cpus(n.worstCaseDemandPerPcpu)}/pCPU, committed ${cpus(n.committedRequestsPerPcpu)}/pCPU`,
      );
      const podRows: string[][] = [["pod", "QoS", "request", "limit", "demand", "gets", "short"]];
      for (const p of n.pods) {
        podRows.push([
          `${p.namespace}/${p.name}`,
          p.qosClass,
          milli(p.requestMilli),
          p.limitMilli === null ? "none" : milli(p.limitMilli),
          milli(p.demandMilli),
          milli(p.obtainableMilli),
          milli(p.shortfallMilli),
        ]);
      }
      for (const line of table(podRows, "    ")) lines.push(line);
    }
    lines.push("");
  }
  lines.push(`Verdict: ${report.verdict}`);
  for (const f of report.findings) lines.push(`  - ${f.message}`);
  return lines.join("\n");
}
