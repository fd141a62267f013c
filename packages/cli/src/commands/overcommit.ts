// schedkit overcommit FILE: the layered OpenStack host → VM → Kubernetes pod CPU report.
import { Option, type Command } from "commander";
import { SchedkitError } from "@schedkit/core";
import { formatLayeredReport, layeredReport, overcommitFromSources, type DemandSource, type LayeredEngine, type LayeredInventory, type OvercommitFromSources } from "@schedkit/core/overcommit";
import { createWasmCpuEngineSync } from "@schedkit/asm";
import { CliError } from "../errors.js";
import { readSource, readSources } from "../input.js";
import { colorEnabled, palette, type CliIO, type Palette } from "../io.js";
import { formatMilliCPU, formatTable } from "../table.js";
import type { CommandContext } from "../cli.js";
import { writeJson } from "../terminal.js";

/** Exit code when the report has findings (pods short of their requests, starved VMs, ...). */
const EXIT_FINDINGS = 2;

/** The flags of the dump form. */
interface OvercommitFlags {
  readonly json?: boolean;
  readonly kubernetes?: string;
  readonly hypervisors?: string;
  readonly servers?: string;
  readonly flavors?: string;
  readonly placement?: string;
  readonly metrics?: string;
  readonly demand?: DemandSource;
  readonly allocationRatio?: string;
  readonly otherVmDemand?: string;
  readonly engine?: "ts" | "wasm";
}

/** The layered-report engine --engine names (both give the same report; the WebAssembly one is faster). */
export function cpuEngineFor(name: string | undefined): LayeredEngine {
  return name === "ts" ? { layeredReport } : createWasmCpuEngineSync();
}

export function registerOvercommit(program: Command, ctx: CommandContext): void {
  program
    .command("overcommit")
    .description("layered CPU overcommit report: OpenStack hosts → VMs → Kubernetes nodes → pods")
    .argument("[file]", "a LayeredInventory (JSON or YAML); - for stdin. Or give the dumps below instead")
    .option("--kubernetes <file>", "`kubectl get nodes,pods -A -o json` (nodes map to servers by spec.providerID, else by name)")
    .option("--hypervisors <file>", "`openstack hypervisor list --long -f json`")
    .option("--servers <file>", "`openstack server list --all-projects --long -f json` (as an admin, for Host)")
    .option("--flavors <file>", "`openstack flavor list --all --long -f json` (quota:cpu_* properties are read)")
    .option("--placement <file>", "Placement VCPU inventories: { provider: rows of `openstack resource provider inventory list RP -f json` }")
    .option("--metrics <file>", "a PodMetricsList (JSON) or `kubectl top pods --containers -A` output (text)")
    .addOption(new Option("--demand <source>", "what each container wants: its request, its limit (the worst case), or the metrics snapshot").choices(["requests", "limits", "metrics"]))
    .option("--allocation-ratio <r>", "VCPU allocation ratio of hosts without --placement (default 4.0, Nova's initial ratio)")
    .option("--other-vm-demand <fraction>", "CPU demand of servers that are not Kubernetes nodes, as a fraction of their vCPUs (default 1)")
    .addOption(new Option("--engine <engine>", "layered-report engine: WebAssembly (default) or the TypeScript reference; same results").choices(["wasm", "ts"]).default("wasm"))
    .option("--json", "machine output: the LayeredReport (with the dumps: { report, activeWhileStarved, podsShortOfRequests, vms, notes, inventory })")
    .addHelpText(
      "after",
      `
The inventory is { hosts: [{ name, pcpus, cpuAllocationRatio?, vms: [{ name, vcpus, node?: { allocatableMilli?,
pods: [POD] }, demandCpus? }] }], guest?, verdict? }. Each POD is a v1.Pod, the object the scheduler takes
(metadata.name, spec.containers[].resources with quantities such as "1300m" and "4Gi", initContainers,
overhead, spec.resources), plus demandMilli: { <container name>: millicores } for every running container.

From what operators have, instead: --kubernetes, --hypervisors, --servers, --flavors and --demand (and
--placement, --metrics). The report gives each host's contention, the VMs Nova reports ACTIVE while starved,
and the pods that get less CPU than they request.

Exit codes: 0 no findings, 2 the report has findings, 1 bad input.

Examples:
  schedkit overcommit inventory.yaml
  schedkit overcommit --kubernetes cluster.json --hypervisors hyp.json --servers servers.json \\
      --flavors flavors.json --placement placement.json --demand limits
  schedkit overcommit --kubernetes cluster.json --hypervisors hyp.json --servers servers.json \\
      --flavors flavors.json --metrics top.txt --demand metrics --json | jq '.podsShortOfRequests'`,
    )
    .action(async (file: string | undefined, opts: OvercommitFlags) => {
      const dumps = [opts.kubernetes, opts.hypervisors, opts.servers, opts.flavors, opts.placement, opts.metrics, opts.demand].some((v) => v !== undefined);
      if (file !== undefined && dumps) throw new CliError("give an inventory file or the dumps (--kubernetes, --hypervisors, ...), not both");
      if (file === undefined && !dumps) throw new CliError("overcommit needs an inventory file, or --kubernetes, --hypervisors, --servers, --flavors and --demand");
      ctx.setExitCode(file !== undefined ? await runOvercommit(file, opts, ctx.io) : await runOvercommitFromDumps(opts, ctx.io));
    });
}

async function oneDoc(file: string, io: CliIO): Promise<{ value: unknown; label: string }> {
  const docs = await readSource(file, io);
  if (docs.length !== 1) throw new CliError(`${file}: expected one JSON document, found ${docs.length}`);
  return docs[0]!;
}

function numberFlag(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (text.trim() === "" || !Number.isFinite(n) || n < 0) throw new CliError(`${flag}: ${JSON.stringify(text)} is not a number >= 0`);
  return n;
}

// A library path names the source ("servers[3]..."); say which file it came from.
const SOURCE_FLAGS: Record<string, keyof OvercommitFlags> = { hypervisors: "hypervisors", servers: "servers", flavors: "flavors", placement: "placement", metrics: "metrics" };

async function runOvercommitFromDumps(opts: OvercommitFlags, io: CliIO): Promise<number> {
  const missing = (["kubernetes", "hypervisors", "servers", "flavors", "demand"] as const).filter((k) => opts[k] === undefined);
  if (missing.length > 0) throw new CliError(`overcommit from dumps needs ${missing.map((m) => `--${m}`).join(", ")}`);
  if (opts.demand === "metrics" && opts.metrics === undefined) throw new CliError("--demand metrics needs --metrics (a PodMetricsList or `kubectl top pods --containers -A` output)");
  const kubernetes = await readSources([opts.kubernetes!], io);
  let metrics: unknown;
  if (opts.metrics !== undefined) {
    // `kubectl top` prints a table; anything else is a PodMetricsList document.
    const raw = opts.metrics === "-" ? await io.readStdin() : await readText(opts.metrics, io);
    metrics = /^\s*[[{]/.test(raw) || /\.(json|ya?ml)$/i.test(opts.metrics) ? (await oneDoc(opts.metrics, io)).value : raw;
  }
  let r: OvercommitFromSources;
  try {
    r = overcommitFromSources({
      kubernetes: kubernetes.length === 1 ? kubernetes[0]!.value : kubernetes.map((d) => d.value),
      hypervisors: (await oneDoc(opts.hypervisors!, io)).value,
      servers: (await oneDoc(opts.servers!, io)).value,
      flavors: (await oneDoc(opts.flavors!, io)).value,
      placement: opts.placement === undefined ? undefined : (await oneDoc(opts.placement, io)).value,
      metrics,
      demand: opts.demand!,
      engine: cpuEngineFor(opts.engine),
      defaultAllocationRatio: numberFlag("--allocation-ratio", opts.allocationRatio),
      otherVmDemand: numberFlag("--other-vm-demand", opts.otherVmDemand),
    });
  } catch (e) {
    if (e instanceof SchedkitError) {
      const source = Object.keys(SOURCE_FLAGS).find((k) => e.path === k || e.path.startsWith(`${k}[`) || e.path.startsWith(`${k}.`) || e.path.startsWith(`${k}:`));
      const file = source === undefined ? opts.kubernetes! : (opts[SOURCE_FLAGS[source]!] as string);
      throw new CliError(`${file}: ${e.message}`);
    }
    throw e;
  }
  if (opts.json === true) io.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
  else io.stdout.write(`${renderOvercommitFromDumps(r, palette(colorEnabled(io.stdout, io.env))).join("\n")}\n`);
  return r.report.findings.length > 0 ? EXIT_FINDINGS : 0;
}

async function readText(file: string, io: CliIO): Promise<string> {
  const { readFile } = await import("node:fs/promises");
  const { resolve } = await import("node:path");
  try {
    return await readFile(resolve(io.cwd, file), "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(`${file}: ${code === "ENOENT" ? "no such file" : (e as Error).message}`);
  }
}

const DEMAND_TEXT: Record<DemandSource, string> = {
  requests: "each container at its CPU request",
  limits: "each container at its CPU limit (the VM's vCPUs without one): the worst case",
  metrics: "each container at its measured usage",
};

const pct = (x: number) => `${Math.round(x * 100)}%`;

function renderOvercommitFromDumps(r: OvercommitFromSources, p: Palette): string[] {
  const out = [`CPU demand: ${DEMAND_TEXT[r.demand]}.`, ""];
  // Worst case: ρ_vm × ρ_k8s,lim of the host's most overcommitted node (every pod at its limit).
  const rows = [["HOST", "PCPUS", "VCPUS PLACED", "VM OVERSUBSCRIPTION", "× POD LIMITS (WORST NODE)", "DEMAND / PCPUS"].map((h) => p.bold(h))];
  for (const h of r.report.hosts) {
    const worst = Math.max(0, ...h.vms.map((v) => v.node?.worstCaseDemandPerPcpu ?? 0));
    rows.push([h.name, String(h.pcpus), String(h.vcpusPlaced), `${h.rhoVm.toFixed(2)}×`, `${worst.toFixed(2)}×`, h.contention > 1 ? p.red(`${h.contention.toFixed(2)}×`) : `${h.contention.toFixed(2)}×`]);
  }
  out.push(...formatTable(rows, ["left", "right", "right", "right", "right", "right"]));
  out.push(p.dim("DEMAND / PCPUS is the effective contention factor under this demand: above 1×, someone waits."));
  out.push("", r.activeWhileStarved.length === 0 ? "No VM is starved." : `VMs Nova reports ACTIVE while starved (${r.activeWhileStarved.length}):`);
  for (const v of r.activeWhileStarved) out.push(`  ${v.vm} on ${v.host}: ${p.red(pct(v.stealFraction))} of the CPU it wants is stolen`);
  out.push("", r.podsShortOfRequests.length === 0 ? "Every pod gets its CPU request." : `Pods getting less CPU than they request (${r.podsShortOfRequests.length}):`);
  if (r.podsShortOfRequests.length > 0) {
    const pr = [["POD", "NODE", "REQUESTS", "GETS", "SHORT"].map((h) => p.bold(h))];
    for (const x of r.podsShortOfRequests.slice(0, 20)) pr.push([x.pod, x.node, formatMilliCPU(x.requestMilli), formatMilliCPU(Math.floor(x.obtainableMilli)), p.red(formatMilliCPU(Math.ceil(x.shortfallMilli)))]);
    out.push(...formatTable(pr, ["left", "left", "right", "right", "right"], "  "));
    if (r.podsShortOfRequests.length > 20) out.push(`  … ${r.podsShortOfRequests.length - 20} more (--json lists all)`);
  }
  if (r.notes.length > 0) out.push("", ...r.notes.map((n) => p.dim(`note: ${n}`)));
  return out;
}

async function runOvercommit(file: string, opts: { json?: boolean; engine?: "ts" | "wasm" }, io: CliIO): Promise<number> {
  const docs = await readSource(file, io);
  if (docs.length !== 1) throw new CliError(`${file}: expected one inventory document, found ${docs.length}`);
  const { value, label } = docs[0]!;
  let report;
  try {
    report = cpuEngineFor(opts.engine).layeredReport(value as LayeredInventory);
  } catch (e) {
    if (e instanceof SchedkitError) throw new CliError(`${label}: ${e.message}`);
    throw e;
  }
  if (opts.json === true) writeJson(io.stdout, report);
  else io.stdout.write(`${formatLayeredReport(report).replace(/\n$/, "")}\n`);
  return report.findings.length > 0 ? EXIT_FINDINGS : 0;
}
