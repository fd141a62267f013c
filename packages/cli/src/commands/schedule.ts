// schedkit schedule [files...]: place the pending pods of a cluster dump (and --pod manifests) the way
// kube-scheduler would, in queue order, each placed pod assumed before the next decision.
import { Option, type Command } from "commander";
import { runFragmentation, type FragmentationReport } from "@schedkit/core/analysis";
import { DEFAULT_KUBERNETES_VERSION, SchedkitError, createCluster, tsEngine, type Cluster, type Engine, type RunOptions, type RunResult, type SchedulerOptions } from "@schedkit/core";
import { createWasmEngineSync } from "@schedkit/asm";
import { addPodDocuments, nameScheduler, clusterInput, findObject, locateError, locatePath, type ClusterInput } from "../cluster-input.js";
import { CliError } from "../errors.js";
import { readSource, readSources, type SourceDoc } from "../input.js";
import { colorEnabled, palette, type CliIO } from "../io.js";
import { progressBar } from "../progress.js";
import { renderExplanation, renderResultLines, renderSummary } from "../render/schedule.js";
import { schedulerConfig, type SchedulerConfig } from "../scheduler-config.js";
import type { CommandContext } from "../cli.js";
import { runExplainPod } from "./explain.js";
import { MAX_REPLICAS } from "../limits.js";
import { StreamedJsonArray } from "../terminal.js";

/** Exit code when the run completed but some pods were not placed. */
export const EXIT_UNSCHEDULABLE = 2;


/** Parsed options shared by `schedule` and `demo`. */
export interface ScheduleOptions {
  readonly pod?: string[];
  readonly replicas?: string;
  readonly config?: string;
  readonly schedulerName?: string;
  readonly k8sVersion?: string;
  readonly seed?: string;
  readonly tieBreak?: "random" | "first";
  readonly percentageOfNodesToScore?: string;
  readonly featureGates?: string[];
  readonly json?: boolean;
  readonly explain?: boolean;
  readonly engine?: "ts" | "wasm";
  readonly explainPod?: string;
  readonly strict?: boolean;
  readonly preemption?: "carry-out" | "dry-run";
}

export const collect = (v: string, prev: string[] | undefined): string[] => [...(prev ?? []), v];

/** The scheduler options (everything but inputs), shared with `demo`. */
export function addSchedulerOptions(cmd: Command): Command {
  return cmd
    .option("--config <file>", "KubeSchedulerConfiguration (YAML/JSON): its profile and percentageOfNodesToScore")
    .option("--scheduler-name <name>", "with --config: use the profile with this schedulerName (default: the first); --pod pods naming no scheduler are given it")
    .option("--k8s-version <version>", `Kubernetes release to reproduce, e.g. "1.34" or "v1.33.2" (default: ${DEFAULT_KUBERNETES_VERSION})`)
    .option("--feature-gates <gates>", "feature gate overrides, e.g. DRANodeAllocatableResources=true,TaintTolerationComparisonOperators=true (repeatable)", collect)
    .option("--percentage-of-nodes-to-score <n>", "0 = adaptive (default), 100 = every node; overrides --config")
    .addOption(new Option("--tie-break <how>", "pick among equally scored nodes: seeded random (kube-scheduler) or first").choices(["random", "first"]))
    .option("--seed <n>", "seed of the random tie-break, an integer 0..4294967295 (default: 0)")
    .addOption(new Option("--engine <engine>", "scheduling engine: WebAssembly (default) or the TypeScript reference; same results").choices(["wasm", "ts"]).default("wasm"))
    .addOption(new Option("--preemption <mode>", "a successful preemption evicts its victims and the preemptor is retried, as in a cluster (carry-out; default of schedule and explain), or is only reported (dry-run; default of capacity, which counts what fits without evicting)").choices(["carry-out", "dry-run"]))
    .option("--explain", "per-pod node table: filter reasons and per-plugin scores")
    .option("--json", "machine output: { results, summary, skipped, gated, evictions, warnings, fragmentation } as the library returns them");
}

export function registerSchedule(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command("schedule")
    .description("schedule the pending pods of a cluster (kubectl JSON/YAML) as kube-scheduler would")
    .argument("<files...>", "cluster files: `kubectl get nodes,pods -o json|yaml` output, manifests, Lists; - for stdin")
    .option("--pod <file>", "pod manifests to place (Pod, List, Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob); repeatable", collect)
    .option("--replicas <n>", "place N copies of each --pod, named <name>-0 .. <name>-(N-1)")
    .option("--strict", "reject a pod bound to a node the input does not list (default: warn and leave the pod out)")
    .option("--explain-pod <name>", "explain only this pending pod's decision (namespace/name or name), as `schedkit explain` does");
  addSchedulerOptions(cmd)
    .addHelpText(
      "after",
      `
Pods without spec.nodeName are pending and are placed in queue order (priority, then creationTimestamp,
then input order); each placed pod is assumed onto its node before the next decision.

--json is written as the run goes (each result once final, in queue order; summary and the rest at the end),
the same text as one JSON document of the whole run; on exit code 1 it is incomplete.

Exit codes: 0 every pod placed, 2 some pod unschedulable (or a scheduling error), 1 bad input.

Examples:
  kubectl get nodes,pods -A -o json | schedkit schedule -
  schedkit schedule cluster.json --explain
  schedkit schedule cluster.yaml --pod web.yaml --replicas 500
  schedkit schedule cluster.json --pod deployment.yaml --config scheduler-config.yaml --json`,
    )
    .action(async (files: string[], opts: ScheduleOptions) => {
      ctx.setExitCode(await runSchedule(await readSources(files, ctx.io), opts, ctx.io));
    });
}

export function integerFlag(flag: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const n = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new SchedkitError(flag, text, `is not an integer ${min}..${max}`);
  return n;
}

/** `A=true,B=false` (repeatable) → { A: true, B: false }; names are checked by the library. */
export function parseFeatureGates(specs: readonly string[] | undefined): Record<string, boolean> | undefined {
  if (specs === undefined) return undefined;
  const gates: Record<string, boolean> = {};
  for (const spec of specs) {
    for (const part of spec.split(",")) {
      const item = part.trim();
      if (item === "") continue;
      const m = /^([A-Za-z][A-Za-z0-9]*)=(true|false)$/.exec(item);
      if (m === null) throw new SchedkitError("--feature-gates", item, "is not Gate=true or Gate=false");
      gates[m[1]!] = m[2] === "true";
    }
  }
  return gates;
}

// Library errors about options name the option's field; say which flag or file set it.
function locateOptionError(err: SchedkitError, config: SchedulerConfig | undefined, pctFromFlag: boolean): string {
  const path = err.path;
  const rest = err.message.startsWith(path) ? err.message.slice(path.length) : null;
  if (rest === null) return err.message;
  if (config !== undefined && (path === "profile" || path.startsWith("profile."))) return `${config.label}: ${config.profilePath}${path.slice("profile".length)}${rest}`;
  if (path === "percentageOfNodesToScore") return pctFromFlag || config === undefined ? `--percentage-of-nodes-to-score${rest}` : `${config.label}: ${path}${rest}`;
  if (path === "kubernetesVersion") return `--k8s-version${rest}`;
  if (path === "seed") return `--seed${rest}`;
  if (path.startsWith("featureGates.")) return `--feature-gates ${path.slice("featureGates.".length)}${rest}`;
  return err.message;
}

/** The engine --engine names (both give the same results; the WebAssembly one is faster). */
export function engineFor(name: string | undefined): Engine {
  return name === "ts" ? tsEngine : createWasmEngineSync();
}

/** Scheduler options from the shared flags, and how to name a library error about them. */
export interface ResolvedSchedulerFlags {
  readonly options: SchedulerOptions;
  readonly engine: Engine;
  /** Rewrites a SchedkitError about an option so it names the flag or file that set it. */
  locate(e: SchedkitError): string;
}

export async function schedulerFlags(opts: ScheduleOptions, io: CliIO): Promise<ResolvedSchedulerFlags> {
  const seed = integerFlag("--seed", opts.seed, 0, 2 ** 32 - 1);
  const pctFlag = integerFlag("--percentage-of-nodes-to-score", opts.percentageOfNodesToScore, 0, 100);
  const featureGates = parseFeatureGates(opts.featureGates);
  if (opts.schedulerName !== undefined && opts.config === undefined) throw new CliError("--scheduler-name needs --config");
  const config = opts.config === undefined ? undefined : schedulerConfig(await readSource(opts.config, io), opts.config, opts.schedulerName);
  return {
    options: {
      profile: config?.profile,
      kubernetesVersion: opts.k8sVersion,
      featureGates,
      percentageOfNodesToScore: pctFlag ?? config?.percentageOfNodesToScore,
      tieBreak: opts.tieBreak,
      seed,
      explain: opts.explain === true,
      preemption: opts.preemption,
    },
    engine: engineFor(opts.engine),
    locate: (e) => locateOptionError(e, config, pctFlag !== undefined),
  };
}

/** createCluster over the CLI's input, with library errors located in the files. */
export function buildCluster(input: ClusterInput, strict = false): Cluster {
  try {
    return createCluster(input.objects, { strict });
  } catch (e) {
    if (e instanceof SchedkitError) throw new CliError(locateError(e, input));
    throw e;
  }
}

/**
 * A domain error found while scheduling names a node or pod of the cluster (`pods["shop/web"] requests.cpu:
 * ... exceeds the exact domain`): say which input file holds that object, or which files the cluster came from.
 */
export function locateClusterError(e: SchedkitError, docs: readonly SourceDoc[], flags: ResolvedSchedulerFlags, input?: ClusterInput): string {
  const m = /^(nodes|pods)\["([^"]*)"\]/.exec(e.path);
  if (m === null) return flags.locate(e);
  const entry = input === undefined ? undefined : findObject(input, m[1] === "nodes" ? "Node" : "Pod", m[2]!);
  if (entry !== undefined) return `${entry.label}: ${entry.prefix === "" ? "" : `${entry.prefix}: `}${m[1] === "nodes" ? "Node" : "Pod"} ${m[2]}${e.message.slice(m[0].length)}`;
  const files = [...new Set(docs.map((d) => d.label.replace(/ \(document \d+\)$/, "")))];
  return `${files.join(", ")}: ${e.message}`;
}

/** Runs `f`, turning library errors about options into messages naming the flag or file. */
export function withLocatedErrors<T>(flags: ResolvedSchedulerFlags, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof SchedkitError) throw new CliError(flags.locate(e));
    throw e;
  }
}

/**
 * Runs a schedule over parsed cluster documents and writes the report; returns the exit code.
 * Bad input throws (SchedkitError / CliError with a message naming the file and field).
 */
async function runSchedule(clusterDocs: readonly SourceDoc[], opts: ScheduleOptions, io: CliIO): Promise<number> {
  const replicas = integerFlag("--replicas", opts.replicas, 1, MAX_REPLICAS);
  if (replicas !== undefined && (opts.pod ?? []).length === 0) throw new CliError("--replicas needs --pod (the manifests to copy)");
  const flags = await schedulerFlags(opts, io);

  const input: ClusterInput = clusterInput(clusterDocs);
  const build = () => buildCluster(input, opts.strict === true);
  if (opts.pod !== undefined) {
    // DaemonSets expand against the cluster's nodes, so the cluster files are read first.
    const nodes = (input.objects.length > 0 ? build() : undefined)?.nodes ?? [];
    for (const file of opts.pod) {
      const docs = await readSources([file], io);
      if (docs.length === 0) throw new CliError(`${file}: is empty (expected a Pod or a workload: Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob, ReplicationController)`);
      const before = input.objects.length;
      const ignoredBefore = new Map(input.ignoredPodKinds);
      for (const line of addPodDocuments(input, docs, replicas, nodes)) io.stderr.write(`schedkit: expanded ${line}\n`);
      if (opts.schedulerName !== undefined) nameScheduler(input, before, opts.schedulerName);
      if (input.objects.length === before) {
        const found = [...input.ignoredPodKinds].map(([k, n]) => [k, n - (ignoredBefore.get(k) ?? 0)] as const).filter(([, n]) => n > 0);
        const what = found.length === 0 ? "nothing to place" : found.map(([k, n]) => `${n} ${k}`).join(", ");
        throw new CliError(`${file}: no pods to place in it (found: ${what}); --pod takes a Pod or a workload: Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob, ReplicationController`);
      }
    }
  }
  const cluster = build();
  for (const w of cluster.warnings) io.stderr.write(`schedkit: warning: ${locatePath(w.path, input)}: ${w.message} (--strict rejects it)\n`);
  notices(io, cluster.ignored, input.ignoredPodKinds, cluster.nodes.length, cluster.pendingPods.length);
  if (opts.explainPod !== undefined) return runExplainPod(cluster, opts.explainPod, flags, opts.json === true, io, (e) => locateClusterError(e, clusterDocs, flags, input));

  const progress = progressBar(io.stderr, opts.json !== true);
  // --json streams: each result is written as it is final (in queue order) and dropped, so a run of 10⁶ pods
  // holds no result objects; what fragmentation reads of them (pod, node) is kept in two arrays.
  const streamed = opts.json === true ? new StreamedJsonArray(io.stdout, "results") : null;
  const placed = { pods: [] as string[], nodes: [] as (string | null)[] };
  const options: RunOptions = {
    ...flags.options,
    onProgress: progress?.onProgress,
    ...(streamed === null
      ? {}
      : {
          keepResults: false,
          onResult: (r, i) => {
            streamed.put(i, r);
            placed.pods[i] = r.pod;
            placed.nodes[i] = r.nodeName;
          },
        }),
  };
  let run: RunResult;
  try {
    run = withLocatedErrors({ ...flags, locate: (e) => locateClusterError(e, clusterDocs, flags, input) }, () => flags.engine.scheduleAll(undefined, cluster, options));
  } finally {
    progress?.stop();
  }

  for (const sk of run.skipped) io.stderr.write(`schedkit: note: ${sk.pod} skipped: ${sk.message}\n`);
  // The pod's PodScheduled condition says reason SchedulingGated until its gates are removed.
  for (const g of run.gated) io.stderr.write(`schedkit: note: ${g.pod} not scheduled (SchedulingGated): ${g.message}\n`);
  if (streamed !== null) {
    const frag = runFragmentation(cluster, { ...run, results: placements(placed) }, flags.options);
    streamed.end({ summary: run.summary, skipped: run.skipped, gated: run.gated, evictions: run.evictions, warnings: cluster.warnings, fragmentation: frag });
  } else io.stdout.write(`${renderRun(run, runFragmentation(cluster, run, flags.options), cluster.nodes.length, opts.explain === true, io).join("\n")}\n`);
  return run.summary.scheduled === run.summary.pods ? 0 : EXIT_UNSCHEDULABLE;
}

// The run's placements, one at a time, from the arrays a streamed run kept.
function* placements(placed: { readonly pods: readonly string[]; readonly nodes: readonly (string | null)[] }): Generator<{ pod: string; nodeName: string | null }> {
  for (let i = 0; i < placed.pods.length; i++) yield { pod: placed.pods[i]!, nodeName: placed.nodes[i]! };
}

function renderRun(run: RunResult, frag: FragmentationReport, totalNodes: number, explain: boolean, io: CliIO): string[] {
  const p = palette(colorEnabled(io.stdout, io.env));
  if (!explain) return renderResultLines(run, p).concat(renderSummary(run, p, frag));
  const out: string[] = [];
  // Line by line: spreading an unbounded array into push() overflows the call stack.
  for (const r of run.results) {
    for (const line of renderExplanation(r, totalNodes, p)) out.push(line);
    out.push("");
  }
  for (const line of renderSummary(run, p, frag).slice(1)) out.push(line);
  return out;
}

function countKinds(kinds: Iterable<[string, number]>): string {
  return [...kinds].map(([k, n]) => `${n} ${k}`).join(", ");
}

// Notes go to stderr so --json output stays parseable.
function notices(
  io: CliIO,
  ignored: readonly { readonly kind: string }[],
  ignoredPodKinds: ReadonlyMap<string, number>,
  nodes: number,
  pending: number,
): void {
  if (ignored.length > 0) {
    const byKind = new Map<string, number>();
    for (const o of ignored) byKind.set(o.kind, (byKind.get(o.kind) ?? 0) + 1);
    io.stderr.write(`schedkit: note: ignored objects schedkit does not use: ${countKinds(byKind)}\n`);
  }
  if (ignoredPodKinds.size > 0) io.stderr.write(`schedkit: note: --pod files: ignored objects that are not pods or pod templates: ${countKinds(ignoredPodKinds)}\n`);
  if (nodes === 0) io.stderr.write("schedkit: note: the input has no nodes\n");
  if (pending === 0) io.stderr.write("schedkit: note: no pending pods (pods without spec.nodeName) to schedule\n");
}
