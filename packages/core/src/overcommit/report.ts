// Findings and plain-language rendering of the layered report: where what Nova and the kube-scheduler
// believe (VM ACTIVE with its vCPUs; requests fit allocatable, so requested CPU is there) diverges from
// what CFS delivers under the given demands.
import { SchedkitError } from "../errors.js";
import type { LayeredFinding, LayeredHostReport, LayeredPodReport, LayeredReport, LayeredVerdictOptions } from "./types.js";

const cpus = (v: number) => v.toFixed(2);
const milli = (v: number) => `${Math.round(v)}m`;
const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

function threshold(path: string, v: number | undefined, dflt: number): number {
  const t = v ?? dflt;
  if (!(t >= 0) || t === Infinity) throw new SchedkitError(path, t, "is not a finite number >= 0");
  return t;
}

/**
 * The findings of a layered report gathered position by position, in the report's order: a host's Placement
 * finding, then for each of its VMs the VM's own, its node's, then its pods'. layeredFindings walks a built
 * report through it; an engine that builds the report from columns calls it as it builds each position, so
 * the findings need no second pass over hundreds of thousands of pod objects. The thresholds are checked when
 * it is made.
 */
export class LayeredFindings {
  readonly findings: LayeredFinding[] = [];
  readonly #stealLimit: number;
  readonly #shortLimit: number;

  constructor(options: LayeredVerdictOptions) {
    this.#stealLimit = threshold("verdict.vmStealFraction", options.vmStealFraction, 0.1);
    this.#shortLimit = threshold("verdict.podShortfallFraction", options.podShortfallFraction, 1e-9);
  }

  /** The host's vCPUs placed beyond its Placement capacity. */
  host(host: string, vcpusPlaced: number, placementCapacity: number, withinPlacementCapacity: boolean): void {
    if (withinPlacementCapacity) return;
    this.findings.push({
      kind: "placement-over-capacity",
      host,
      message: `Host ${host} carries ${vcpusPlaced} vCPUs but its Placement VCPU capacity is ${cpus(placementCapacity)}: the inventory no longer matches the allocations.`,
    });
  }

  /** A VM starved of pCPU time while Nova reports it ACTIVE. */
  vm(host: string, vm: string, vcpus: number, vcpuDemandCpus: number, allocCpus: number, stealFraction: number): void {
    if (!(stealFraction > this.#stealLimit)) return;
    this.findings.push({
      kind: "vm-starved",
      host,
      vm,
      message:
        `VM ${vm} on ${host} is ACTIVE with ${vcpus} vCPUs and wants ${cpus(vcpuDemandCpus)} CPUs, ` +
        `but gets ${cpus(allocCpus)} pCPUs: ${pct(stealFraction)} of its vCPU time is steal, invisible to Nova.`,
    });
  }

  /** A node holding more requests than its allocatable. */
  node(host: string, vm: string, node: string, requestsMilli: number, allocatableMilli: number): void {
    if (!(requestsMilli > allocatableMilli)) return;
    this.findings.push({
      kind: "node-over-admitted",
      host,
      vm,
      message: `Node ${node} holds pods requesting ${milli(requestsMilli)} against ${milli(allocatableMilli)} allocatable: the scheduler would not have admitted them all.`,
    });
  }

  /** A pod that gets less than min(request, demand). */
  pod(host: string, vm: string, node: string, pod: LayeredPodReport): void {
    const promised = Math.min(pod.requestMilli, pod.demandMilli);
    if (!(promised > 0 && pod.shortfallMilli > this.#shortLimit * promised)) return;
    this.findings.push({
      kind: "pod-shortfall",
      host,
      vm,
      pod: `${pod.namespace}/${pod.name}`,
      message:
        `Pod ${pod.namespace}/${pod.name} on node ${node} (VM ${vm}, host ${host}) requested ${milli(pod.requestMilli)} ` +
        `and wants ${milli(pod.demandMilli)}, but gets ${milli(pod.obtainableMilli)}: ${milli(pod.shortfallMilli)} of what the scheduler counted as its own is not delivered.`,
    });
  }
}

/** The divergences in a computed layered report, host by host, in input order. */
export function layeredFindings(hosts: readonly LayeredHostReport[], options: LayeredVerdictOptions): LayeredFinding[] {
  const out = new LayeredFindings(options);
  for (const host of hosts) {
    out.host(host.name, host.vcpusPlaced, host.placementCapacity, host.withinPlacementCapacity);
    for (const vm of host.vms) {
      out.vm(host.name, vm.name, vm.vcpus, vm.vcpuDemandCpus, vm.allocCpus, vm.stealFraction);
      const node = vm.node;
      if (node === null) continue;
      out.node(host.name, vm.name, node.name, node.requestsMilli, node.allocatableMilli);
      for (const pod of node.pods) out.pod(host.name, vm.name, node.name, pod);
    }
  }
  return out.findings;
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
