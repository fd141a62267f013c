// schedkit capacity CLUSTER --pod SHAPE: how many more replicas of each shape fit (cluster-capacity's
// question, answered by the real scheduler), and with --replicas, how many template nodes to add.
import type { Command } from "commander";
import { SchedkitError } from "@schedkit/core";
import { capacity, nodesToAdd, type CapacityResult, type NodesToAddResult, type ShapeCapacity } from "@schedkit/core/analysis";
import { clusterInput } from "../cluster-input.js";
import { CliError } from "../errors.js";
import { readSource, readSources } from "../input.js";
import { colorEnabled, palette, type CliIO, type Palette } from "../io.js";
import { quickShape, readShapes, type Shape } from "../shapes.js";
import { addSchedulerOptions, buildCluster, collect, integerFlag, schedulerFlags, withLocatedErrors, type ScheduleOptions } from "./schedule.js";
import type { CommandContext } from "../cli.js";

interface CapacityFlags extends ScheduleOptions {
  readonly cpu?: string;
  readonly memory?: string;
  readonly interleave?: boolean;
  readonly max?: string;
  readonly excludeNodes?: string[];
  readonly node?: string;
  readonly nodeCpu?: string;
  readonly nodeMemory?: string;
  readonly nodePods?: string;
  readonly nodeLabels?: string;
  readonly maxNodes?: string;
}

export function registerCapacity(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command("capacity")
    .description("how many more replicas of each pod shape fit, and how many nodes to add for a target")
    .argument("<files...>", "cluster files: `kubectl get nodes,pods -o json|yaml` output; - for stdin")
    .option("--pod <file>", "a shape: Pod or workload manifest (Deployment, StatefulSet, Job, ...); FILE#Kind/name picks one object; repeatable", collect)
    .option("--cpu <quantity>", "a quick shape requesting this much CPU (e.g. 500m)")
    .option("--memory <quantity>", "a quick shape requesting this much memory (e.g. 1Gi)")
    .option("--interleave", "place the shapes round-robin, one replica of each in turn (default: each shape to its end, in order)")
    .option("--max <n>", "stop each shape after N replicas")
    .option("--exclude-nodes <names>", "leave these nodes out (comma-separated; repeatable)", collect)
    .option("--replicas <n>", "target: the fewest template nodes to add so that N replicas of the (one) shape fit")
    .option("--node <file>", "with --replicas: the node template (a Node manifest; FILE#Node/name picks one)")
    .option("--node-cpu <quantity>", "with --replicas: template node allocatable CPU (e.g. 8)")
    .option("--node-memory <quantity>", "with --replicas: template node allocatable memory (e.g. 32Gi)")
    .option("--node-pods <n>", "with --replicas: template node pod capacity (default 110)")
    .option("--node-labels <labels>", "with --replicas: template node labels, k=v,k2=v2")
    .option("--max-nodes <n>", "with --replicas: most template nodes to try (default 10000)");
  addSchedulerOptions(cmd)
    .addHelpText(
      "after",
      `
Replicas of each shape are scheduled one after another, each bound before the next, until the first that
does not fit; its FailedScheduling message says what binds. The simulation starts from the cluster's
bound pods (its pending pods are not placed) and counts what fits without preempting anything: a replica
that could only get in by evicting lower-priority pods stops the shape (its message says so), unless
--preemption carry-out lets replicas evict them (the evicted pods are listed).

Examples:
  schedkit capacity cluster.json --cpu 500m --memory 1Gi
  schedkit capacity cluster.json --pod app.yaml#Deployment/api-gateway --pod worker.yaml --interleave
  schedkit capacity cluster.json --pod api.yaml --replicas 500 --node-cpu 8 --node-memory 32Gi`,
    )
    .action(async (files: string[], opts: CapacityFlags) => {
      ctx.setExitCode(await runCapacity(files, opts, ctx.io));
    });
}

function labelsFlag(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (text === undefined) return out;
  for (const part of text.split(",")) {
    const item = part.trim();
    if (item === "") continue;
    const eq = item.indexOf("=");
    if (eq <= 0) throw new CliError(`--node-labels: ${JSON.stringify(item)} is not key=value`);
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

async function nodeTemplate(opts: CapacityFlags, io: CliIO): Promise<{ value: unknown; label: string }> {
  const quick = opts.nodeCpu !== undefined || opts.nodeMemory !== undefined || opts.nodeLabels !== undefined || opts.nodePods !== undefined;
  if (opts.node !== undefined) {
    if (quick) throw new CliError("--node and --node-cpu/--node-memory/--node-pods/--node-labels are alternatives: give one");
    const hash = opts.node.lastIndexOf("#");
    const file = hash > 0 ? opts.node.slice(0, hash) : opts.node;
    const want = hash > 0 ? opts.node.slice(hash + 1).replace(/^node\//i, "") : undefined;
    const docs = await readSource(file, io);
    const nodes: { value: unknown; label: string }[] = [];
    const visit = (v: unknown, label: string) => {
      if (typeof v !== "object" || v === null) return;
      const o = v as Record<string, unknown>;
      if (Array.isArray(o["items"])) for (const it of o["items"]) visit(it, label);
      else if (o["kind"] === "Node") {
        const name = (o["metadata"] as Record<string, unknown> | undefined)?.["name"];
        if (want === undefined || name === want) nodes.push({ value: o, label });
      }
    };
    for (const d of docs) visit(d.value, d.label);
    if (nodes.length === 0) throw new CliError(`${opts.node}: no Node${want === undefined ? "" : ` named ${JSON.stringify(want)}`} in it`);
    if (nodes.length > 1) throw new CliError(`${file}: ${nodes.length} Nodes in it; pick one with ${file}#Node/<name>`);
    return nodes[0]!;
  }
  if (opts.nodeCpu === undefined || opts.nodeMemory === undefined) throw new CliError("--replicas needs a node template: --node FILE, or --node-cpu and --node-memory");
  const name = "new-node";
  const allocatable = { cpu: opts.nodeCpu, memory: opts.nodeMemory, pods: opts.nodePods ?? "110" };
  return {
    value: {
      apiVersion: "v1",
      kind: "Node",
      metadata: { name, labels: { "kubernetes.io/hostname": name, ...labelsFlag(opts.nodeLabels) } },
      status: { allocatable, capacity: allocatable },
    },
    label: "--node-cpu/--node-memory",
  };
}

/** A library error about shapes[i] / template names the file the shape or template came from. */
function locateShapeError(e: SchedkitError, shapes: readonly Shape[], templateLabel: string | undefined, fallback: (e: SchedkitError) => string): string {
  const m = /^shapes\[(\d+)\]\.?/.exec(e.path);
  if (m !== null && e.message.startsWith(e.path)) return `${shapes[Number(m[1])]!.label}: ${e.message.slice(m[0].length).replace(/^ /, "")}`;
  if (templateLabel !== undefined && e.path.startsWith("template")) return `${templateLabel}: ${e.message.replace(/^template\.?/, "")}`;
  if (e.path.startsWith("excludeNodes")) return `--exclude-nodes ${e.message.replace(/^excludeNodes\[\d+\]: /, "")}`;
  return fallback(e);
}

async function runCapacity(files: readonly string[], opts: CapacityFlags, io: CliIO): Promise<number> {
  const flags = await schedulerFlags(opts, io);
  const max = integerFlag("--max", opts.max, 0, Number.MAX_SAFE_INTEGER);
  const target = integerFlag("--replicas", opts.replicas, 1, 10_000_000);
  const maxNodes = integerFlag("--max-nodes", opts.maxNodes, 0, 100_000);
  const shapes: Shape[] = [];
  for (const f of opts.pod ?? []) shapes.push(...(await readShapes(f, io)));
  if (opts.cpu !== undefined || opts.memory !== undefined) shapes.push(quickShape(opts.cpu, opts.memory, "quick-shape"));
  if (shapes.length === 0) throw new CliError("capacity needs a shape: --pod FILE, or --cpu/--memory");
  const excludeNodes = (opts.excludeNodes ?? []).flatMap((s) => s.split(",")).map((s) => s.trim()).filter((s) => s !== "");
  if (target !== undefined && shapes.length !== 1) throw new CliError(`--replicas asks about one shape; ${shapes.length} were given`);
  const template = target === undefined ? undefined : await nodeTemplate(opts, io);
  const cluster = buildCluster(clusterInput(await readSources(files, io)));

  const { explain: _explain, ...schedOpts } = flags.options;
  const common = { ...schedOpts, engine: flags.engine, excludeNodes };
  const located = <T>(f: () => T): T =>
    withLocatedErrors({ ...flags, locate: (e) => locateShapeError(e, shapes, template?.label, flags.locate) }, f);
  const result = located(() => capacity(cluster, shapes.map((s) => s.pod), { ...common, max, interleave: opts.interleave === true }));
  const add = template === undefined ? undefined : located(() => nodesToAdd(cluster, shapes[0]!.pod, template.value, target!, { ...common, maxNodes }));

  if (opts.json === true) io.stdout.write(`${JSON.stringify(add === undefined ? result : { ...result, nodesToAdd: add }, null, 2)}\n`);
  else io.stdout.write(`${renderCapacity(result, add, palette(colorEnabled(io.stdout, io.env))).join("\n")}\n`);
  return 0;
}

/** Replicas per node on a line or two: "node-a 3, node-b 2, ... (40 more nodes)". */
function placementLine(s: ShapeCapacity, limit = 12): string {
  const shown = s.placement.slice(0, limit).map((p) => `${p.node} ${p.replicas}`);
  const more = s.placement.length - shown.length;
  return shown.join(", ") + (more > 0 ? `, … (${more} more node${more === 1 ? "" : "s"}; --json lists all)` : "");
}

/** The spread of replicas over nodes: "3 per node on 40 nodes, 2 on 60". */
function spreadLine(s: ShapeCapacity): string {
  const by = new Map<number, number>();
  for (const p of s.placement) by.set(p.replicas, (by.get(p.replicas) ?? 0) + 1);
  return [...by].sort((a, b) => b[0] - a[0]).map(([r, n]) => `${n} node${n === 1 ? "" : "s"} × ${r}`).join(", ");
}

function renderShapeCapacity(s: ShapeCapacity, p: Palette, indent = "  "): string[] {
  const out = [`${p.bold(s.shape)}: ${p.green(`${s.replicas.toLocaleString("en-US")} more replica${s.replicas === 1 ? "" : "s"} fit`)}`];
  if (s.stop === "max") out.push(`${indent}stopped at --max`);
  else if (s.stop === "unbounded") out.push(`${indent}stopped: a replica was placed on a node without a free pod slot (the profile has no NodeResourcesFit, so nothing bounds the count)`);
  else {
    out.push(`${indent}stopped by: ${p.red(s.stoppedBy || s.message)}`);
    out.push(`${indent}${s.failedPod}: ${s.message}`);
  }
  if (s.placement.length > 0) {
    out.push(`${indent}placed on ${s.placement.length} node${s.placement.length === 1 ? "" : "s"} (${spreadLine(s)})`);
    out.push(`${indent}${p.dim(placementLine(s))}`);
  }
  if (s.evictions.length > 0) {
    const shown = s.evictions.slice(0, 12).map((e) => `${e.pod} on ${e.node}`);
    const more = s.evictions.length - shown.length;
    out.push(`${indent}${p.yellow(`evicted ${s.evictions.length} pod${s.evictions.length === 1 ? "" : "s"} (--preemption carry-out)`)}: ${shown.join(", ")}${more > 0 ? `, … (${more} more; --json lists all)` : ""}`);
  }
  return out;
}

function renderNodesToAdd(a: NodesToAddResult, p: Palette): string[] {
  const out = [`${p.bold(`Target ${a.target.toLocaleString("en-US")} replicas of ${a.shape}`)}: ${a.fitsNow.toLocaleString("en-US")} fit now.`];
  if (a.nodes === null) {
    out.push(p.red("  No number of template nodes up to --max-nodes makes the target fit."));
    return out;
  }
  if (a.nodes === 0) out.push("  No nodes to add.");
  else {
    out.push(`  Add ${p.green(`${a.nodes} node${a.nodes === 1 ? "" : "s"}`)} like the template (${a.addedNodes[0]}${a.nodes > 1 ? ` .. ${a.addedNodes[a.nodes - 1]}` : ""}).`);
    if (a.withOneFewer !== null) out.push(`  With ${a.nodes - 1}: ${a.withOneFewer.replicas.toLocaleString("en-US")} fit, stopped by ${a.withOneFewer.stoppedBy}.`);
  }
  if (a.after !== null) {
    const extra = a.after.replicas - a.target;
    out.push(`  After that: ${a.after.replicas.toLocaleString("en-US")} fit in all (${extra.toLocaleString("en-US")} of headroom), then ${a.after.stop === "max" ? "--max" : `stopped by ${a.after.stoppedBy}`}.`);
  }
  return out;
}

function renderCapacity(r: CapacityResult, add: NodesToAddResult | undefined, p: Palette): string[] {
  const out = [`Capacity on ${r.nodes} node${r.nodes === 1 ? "" : "s"}${r.shapes.length > 1 ? (r.interleave ? ", shapes interleaved" : ", shapes in order") : ""}:`, ""];
  for (const s of r.shapes) out.push(...renderShapeCapacity(s, p), "");
  if (r.shapes.length > 1) out.push(`${r.total.toLocaleString("en-US")} replicas in all.`, "");
  if (add !== undefined) out.push(...renderNodesToAdd(add, p), "");
  while (out[out.length - 1] === "") out.pop();
  return out;
}
