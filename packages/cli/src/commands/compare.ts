// schedkit compare: the same workload replayed on the same cluster under each profile and seed, side by side.
import { availableParallelism } from "node:os";
import { readFile, writeFile } from "node:fs/promises";
import { basename, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Option, type Command } from "commander";
import { DEFAULT_KUBERNETES_VERSION, Scheduler, SchedkitError, createCluster, simulate } from "@schedkit/core";
import { overcommitFromSources } from "@schedkit/core/overcommit";
import { createWorkerPool } from "@schedkit/core/parallel";
import { clusterInput, locateError } from "../cluster-input.js";
import { CliError } from "../errors.js";
import { readSource, readSources, type SourceDoc } from "../input.js";
import type { CliIO } from "../io.js";
import { progressBar } from "../progress.js";
import { renderCompareHtml } from "../render/compare-html.js";
import { compareStats, renderCompareTable, shownMetrics } from "../render/compare.js";
import { schedulerConfig } from "../scheduler-config.js";
import type { CommandContext } from "../cli.js";
import { integerFlag, parseFeatureGates } from "./schedule.js";
import { loadPlugins, PluginModuleError, prepare, runJob, tickCount, type CompareJob, type CompareProfile, type CompareRun, type CompareSetup } from "./compare-run.js";
import type { PluginFactory } from "@schedkit/core/engine";

/** Parsed options of `compare`. */
interface CompareOptions {
  readonly cluster: string[];
  readonly workload: string;
  readonly profile: string[];
  readonly seeds?: string;
  readonly tick?: string;
  readonly until?: string;
  readonly engine?: "ts" | "wasm";
  readonly workers?: string;
  readonly html?: string;
  readonly json?: boolean;
  readonly k8sVersion?: string;
  readonly featureGates?: string[];
  readonly hypervisors?: string;
  readonly servers?: string;
  readonly flavors?: string;
  readonly placement?: string;
  readonly demand?: "limits" | "requests";
  readonly plugin?: string[];
}

const collect = (v: string, prev: string[] | undefined): string[] => [...(prev ?? []), v];
const SERIES_POINTS = 240;

export function registerCompare(program: Command, ctx: CommandContext): void {
  program
    .command("compare")
    .description("replay a workload on a cluster under several scheduler profiles and seeds; compare placement quality")
    .requiredOption("--cluster <file>", "cluster: `kubectl get nodes,pods -o json|yaml` output or manifests (repeatable)", collect)
    .requiredOption("--workload <file>", "workload: JSON/YAML ({ pods, deployments, nodeEvents, end }) or CSV (see docs/simulation.md)")
    .requiredOption("--profile <file>", "a KubeSchedulerConfiguration (its first profile); give two or more", collect)
    .option("--seeds <n>", "seeds per profile (tie-breaks), 1..1000", "1")
    .option("--tick <seconds>", "simulated seconds per tick (default 1)")
    .option("--until <seconds>", "end of the simulated period (default: the workload's end)")
    .addOption(new Option("--engine <engine>", "scheduling engine").choices(["wasm", "ts"]).default("wasm"))
    .option("--workers <n>", "worker threads (default: the machine's cores, at most one per run)")
    .option("--html <file>", "write the HTML report (charts, table) to this file")
    .option("--k8s-version <version>", `Kubernetes release to reproduce, e.g. "1.34" (default: ${DEFAULT_KUBERNETES_VERSION})`)
    .option("--feature-gates <gates>", "feature gate overrides, e.g. DRANodeAllocatableResources=true (repeatable)", collect)
    .option("--hypervisors <file>", "the hosts the nodes are VMs of: [{ name, pcpus, vms: [{ vcpus, node }] }] or an overcommit inventory; with --servers and --flavors, `openstack hypervisor list --long -f json`")
    .option("--servers <file>", "`openstack server list --all-projects --long -f json` (nodes map to servers by spec.providerID, else by name)")
    .option("--flavors <file>", "`openstack flavor list --all --long -f json`")
    .option("--placement <file>", "Placement VCPU inventories by provider (as for overcommit)")
    .addOption(new Option("--demand <demand>", "what each pod wants for the hosts' contention").choices(["limits", "requests"]).default("limits"))
    .option("--plugin <module>", "an ES module exporting scheduler plugins (default export or named { name, create }), registered in every run; enable them in a --profile (repeatable)", collect)
    .option("--json", "machine output: per profile, each run's totals and the statistics")
    .addHelpText(
      "after",
      `
Every run replays the same workload from the same cluster; runs differ only in profile and seed, so results
do not depend on --workers. Statistics are means over seeds with 95% confidence intervals.

Examples:
  schedkit compare --cluster cluster.json --workload day.yaml --profile least.yaml --profile most.yaml
  schedkit compare --cluster cluster.json --workload trace.csv --profile a.yaml --profile b.yaml --seeds 10 --html report.html`,
    )
    .action(async (opts: CompareOptions) => {
      ctx.setExitCode(await runCompare(opts, ctx.io));
    });
}

function secondsFlag(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = /^\d+(\.\d+)?$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isFinite(n) || n <= 0) throw new SchedkitError(flag, text, "is not a positive number of seconds");
  return n;
}

async function readWorkload(file: string, io: CliIO): Promise<CompareSetup["workload"]> {
  if (file.toLowerCase().endsWith(".csv")) {
    try {
      return { csv: await readFile(resolve(io.cwd, file), "utf8"), label: file };
    } catch (e) {
      throw new CliError(`${file}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`);
    }
  }
  const docs: SourceDoc[] = await readSource(file, io);
  if (docs.length !== 1) throw new CliError(`${file}: expected one workload document, found ${docs.length}`);
  return { value: docs[0]!.value, label: file };
}

/**
 * The hosts for the contention metrics: simulate's host list or an overcommit inventory; or OpenStack's JSON
 * (--hypervisors, --servers, --flavors, --placement) mapped onto the cluster's nodes as `overcommit` maps them.
 */
async function readHypervisors(opts: CompareOptions, clusterObjects: readonly unknown[], io: CliIO): Promise<unknown> {
  const openstack = opts.servers !== undefined || opts.flavors !== undefined || opts.placement !== undefined;
  if (opts.hypervisors === undefined) {
    if (openstack) throw new CliError("--servers, --flavors and --placement need --hypervisors (`openstack hypervisor list --long -f json`)");
    return undefined;
  }
  const one = async (file: string) => {
    const docs = await readSource(file, io);
    if (docs.length !== 1) throw new CliError(`${file}: expected one document, found ${docs.length}`);
    return docs[0]!.value;
  };
  if (!openstack) return one(opts.hypervisors);
  if (opts.servers === undefined || opts.flavors === undefined) throw new CliError("OpenStack hosts need --hypervisors, --servers and --flavors");
  const files: Record<string, string> = { hypervisors: opts.hypervisors, servers: opts.servers, flavors: opts.flavors, ...(opts.placement === undefined ? {} : { placement: opts.placement }) };
  try {
    return overcommitFromSources({
      kubernetes: [...clusterObjects],
      hypervisors: await one(opts.hypervisors),
      servers: await one(opts.servers),
      flavors: await one(opts.flavors),
      placement: opts.placement === undefined ? undefined : await one(opts.placement),
      demand: "requests",
    }).inventory;
  } catch (e) {
    if (e instanceof SchedkitError) {
      const source = Object.keys(files).find((k) => e.path === k || e.path.startsWith(`${k}[`) || e.path.startsWith(`${k}.`));
      throw new CliError(`${source === undefined ? opts.cluster.join(", ") : files[source]}: ${e.message}`);
    }
    throw e;
  }
}

function profileName(file: string, taken: Set<string>): string {
  let n = basename(file).replace(/\.(ya?ml|json)$/i, "");
  if (taken.has(n)) n = file;
  taken.add(n);
  return n;
}

/** Runs the jobs on `workers` threads (or inline with 1), results in job order whatever finishes first. */
async function runAll(setup: CompareSetup, plugins: readonly PluginFactory[], jobs: readonly CompareJob[], workers: number, onTicks: (n: number) => void): Promise<CompareRun[]> {
  if (workers <= 1) {
    const prepared = prepare(setup, plugins);
    return jobs.map((j) => runJob(setup, prepared, j, onTicks));
  }
  // The library's pool (@schedkit/core/parallel); compare-worker.js is the task module each thread imports.
  const pool = createWorkerPool(new URL("./compare-worker.js", import.meta.url), { workers, setup, onProgress: onTicks });
  try {
    return await pool.map<CompareRun>("run", jobs);
  } catch (e) {
    // A SchedkitError or a --plugin module that does not load, in a worker, is bad input, reported like one on
    // the main thread.
    throw e instanceof SchedkitError || (e instanceof Error && e.name === "PluginModuleError") ? new CliError(e.message) : e;
  } finally {
    await pool.close();
  }
}

/** Runs the comparison and writes the table (or JSON) and the HTML report; returns the exit code. */
async function runCompare(opts: CompareOptions, io: CliIO): Promise<number> {
  if (opts.profile.length < 1) throw new CliError("--profile: give at least one KubeSchedulerConfiguration");
  const seeds = integerFlag("--seeds", opts.seeds, 1, 1000)!;
  const tickSeconds = secondsFlag("--tick", opts.tick);
  const until = secondsFlag("--until", opts.until);
  const featureGates = parseFeatureGates(opts.featureGates);
  const input = clusterInput(await readSources(opts.cluster, io));
  try {
    createCluster(input.objects);
  } catch (e) {
    if (e instanceof SchedkitError) throw new CliError(locateError(e, input));
    throw e;
  }
  const taken = new Set<string>();
  const profiles: CompareProfile[] = [];
  for (const f of opts.profile) {
    const cfg = schedulerConfig(await readSource(f, io), f, undefined);
    profiles.push({ name: profileName(f, taken), profile: cfg.profile, percentageOfNodesToScore: cfg.percentageOfNodesToScore });
  }
  const hypervisors = await readHypervisors(opts, input.objects, io);
  const pluginModules = (opts.plugin ?? []).map((f) => pathToFileURL(resolve(io.cwd, f)).href);
  const setup: CompareSetup = {
    clusterObjects: input.objects,
    ...(pluginModules.length === 0 ? {} : { pluginModules }),
    ...(hypervisors === undefined ? {} : { hypervisors, contentionDemand: opts.demand ?? "limits" }),
    workload: await readWorkload(opts.workload, io),
    profiles,
    engine: opts.engine ?? "wasm",
    tickSeconds,
    until,
    kubernetesVersion: opts.k8sVersion,
    featureGates,
    points: SERIES_POINTS,
  };
  // Validate everything on this thread first, so bad input is reported once and names its file.
  let plugins: PluginFactory[];
  try {
    plugins = await loadPlugins(setup);
  } catch (e) {
    if (e instanceof PluginModuleError) throw new CliError(e.message);
    throw e;
  }
  const prepared = prepare(setup, plugins);
  // Each profile resolves against the registry with the plugins (an unknown name or bad args is an error here).
  for (const [i, p] of profiles.entries()) {
    try {
      new Scheduler(prepared.cluster, { profile: p.profile, percentageOfNodesToScore: p.percentageOfNodesToScore, plugins, kubernetesVersion: setup.kubernetesVersion, featureGates: setup.featureGates });
    } catch (e) {
      if (e instanceof SchedkitError) throw new CliError(`${opts.profile[i]}: ${e.message}`);
      throw e;
    }
  }
  if (hypervisors !== undefined) {
    try {
      simulate(prepared.cluster, { pods: [] }, { hypervisors: hypervisors as never, until: 0 });
    } catch (e) {
      if (e instanceof SchedkitError) throw new CliError(`${opts.hypervisors}: ${e.message}`);
      throw e;
    }
  }
  const jobs: CompareJob[] = [];
  profiles.forEach((_, p) => {
    for (let s = 0; s < seeds; s++) jobs.push({ index: jobs.length, profile: p, seed: s });
  });
  const workers = Math.min(jobs.length, integerFlag("--workers", opts.workers, 1, 256) ?? availableParallelism());
  const total = jobs.length * tickCount(setup, prepared.workload);
  const progress = progressBar(io.stderr, opts.json !== true, "ticks");
  let done = 0;
  let runs: CompareRun[];
  try {
    runs = await runAll(setup, plugins, jobs, workers, (n) => progress?.onProgress((done += n), total));
  } finally {
    progress?.stop();
  }

  const names = profiles.map((p) => p.name);
  const stats = compareStats(profiles.length, runs);
  if (opts.html !== undefined) {
    const html = renderCompareHtml({
      title: `schedkit compare: ${names.join(" vs ")}`,
      inputs: [
        ["cluster", opts.cluster.join(", ")],
        ["workload", opts.workload],
        ["seeds", String(seeds)],
        ["tick", `${tickSeconds ?? 1} s`],
        ["engine", setup.engine],
        ...(opts.hypervisors === undefined ? [] : [["hypervisors", `${opts.hypervisors} (pods wanting their ${opts.demand ?? "limits"})`] as [string, string]]),
      ],
      names,
      runs,
      stats,
      seeds,
    });
    await writeFile(resolve(io.cwd, opts.html), html);
  }
  if (opts.json === true) {
    const json = {
      profiles: profiles.map((p, i) => ({
        name: p.name,
        file: opts.profile[i],
        runs: runs.filter((r) => r.profile === i).map((r) => ({ seed: r.seed, summary: r.summary })),
        stats: Object.fromEntries(shownMetrics(stats).map((m) => [m.key, stats[i]![m.key]])),
      })),
      seeds,
      engine: setup.engine,
    };
    io.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  } else {
    const w = prepared.workload;
    io.stdout.write(
      [
        `${prepared.cluster.nodes.length} nodes, ${w.arrivalCount} pod arrivals, ${w.deployments.length} deployments, ${w.nodeEvents.length} node events; ${jobs.length} runs (${profiles.length} profiles × ${seeds} seeds) on ${workers} thread${workers === 1 ? "" : "s"}, ${setup.engine} engine`,
        "",
        ...renderCompareTable(names, stats, seeds),
        ...(opts.html === undefined ? [] : [`report: ${opts.html}`]),
        "",
      ].join("\n"),
    );
  }
  return 0;
}
