// schedkit overcommit FILE: the layered OpenStack host → VM → Kubernetes pod CPU report.
import type { Command } from "commander";
import { SchedkitError, quantityFromJSON, toResourceNumber } from "@schedkit/core";
import { formatLayeredReport, layeredReport, type LayeredInventory } from "@schedkit/core/overcommit";
import { CliError } from "../errors.js";
import { readSource } from "../input.js";
import type { CliIO } from "../io.js";
import type { CommandContext } from "../cli.js";
import { writeJson } from "../terminal.js";

/** Exit code when the report has findings (pods short of their requests, starved VMs, ...). */
export const EXIT_FINDINGS = 2;

export function registerOvercommit(program: Command, ctx: CommandContext): void {
  program
    .command("overcommit")
    .description("layered CPU overcommit report: OpenStack hosts → VMs → Kubernetes nodes → pods")
    .argument("<file>", "a LayeredInventory (JSON or YAML); - for stdin")
    .option("--json", "machine output: the LayeredReport as the library returns it")
    .addHelpText(
      "after",
      `
The inventory is { hosts: [{ name, pcpus, cpuAllocationRatio?, vms: [{ name, vcpus, node?: { allocatableMilli?,
pods: [{ name, containers: [{ requests, limits, demandMilli }] }] }, demandCpus? }] }], guest?, verdict? }.
Container cpu/memory are millicores/bytes, or Kubernetes quantities ("1300m", "4Gi").

Exit codes: 0 no findings, 2 the report has findings, 1 bad input.

Examples:
  schedkit overcommit inventory.yaml
  schedkit overcommit inventory.json --json | jq '.findings[].message'`,
    )
    .action(async (file: string, opts: { json?: boolean }) => {
      ctx.setExitCode(await runOvercommit(file, opts, ctx.io));
    });
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

// Kubernetes quantity strings in container requests/limits become the integers the library takes
// (cpu: milliValue, rounded up as the API does; memory: value). Numbers and malformed shapes are
// left for the library to validate.
function convertQuantities(inv: unknown): void {
  if (!isObj(inv)) return;
  asArray(inv["hosts"]).forEach((h, hi) => {
    if (!isObj(h)) return;
    asArray(h["vms"]).forEach((vm, vi) => {
      if (!isObj(vm) || !isObj(vm["node"])) return;
      asArray(vm["node"]["pods"]).forEach((pod, pi) => {
        if (!isObj(pod)) return;
        asArray(pod["containers"]).forEach((c, ci) => {
          if (!isObj(c)) return;
          for (const list of ["requests", "limits"] as const) {
            const rl = c[list];
            if (!isObj(rl)) continue;
            const base = `hosts[${hi}].vms[${vi}].node.pods[${pi}].containers[${ci}].${list}`;
            for (const res of ["cpu", "memory"] as const) {
              const v = rl[res];
              if (typeof v !== "string") continue;
              const path = `${base}.${res}`;
              const q = quantityFromJSON(v, path);
              rl[res] = toResourceNumber(res === "cpu" ? q.milliValue() : q.value(), path, v);
            }
          }
        });
      });
    });
  });
}

export async function runOvercommit(file: string, opts: { json?: boolean }, io: CliIO): Promise<number> {
  const docs = await readSource(file, io);
  if (docs.length !== 1) throw new CliError(`${file}: expected one inventory document, found ${docs.length}`);
  const { value, label } = docs[0]!;
  let report;
  try {
    convertQuantities(value);
    report = layeredReport(value as LayeredInventory);
  } catch (e) {
    if (e instanceof SchedkitError) throw new CliError(`${label}: ${e.message}`);
    throw e;
  }
  if (opts.json === true) writeJson(io.stdout, report);
  else io.stdout.write(`${formatLayeredReport(report).replace(/\n$/, "")}\n`);
  return report.findings.length > 0 ? EXIT_FINDINGS : 0;
}
