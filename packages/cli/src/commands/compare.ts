// schedkit compare: the same workload replayed on the same cluster under each profile and seed, side by side.
import { availableParallelism } from "node:os";
import { readFile, writeFile } from "node:fs/promises";
import { basename, resolve } from "node:path";
import { Option, type Command } from "commander";
import { SchedkitError, createCluster } from "@schedkit/core";
import { createWorkerPool } from "@schedkit/core/parallel";
import { clusterInput, locateError } from "../cluster-input.js";
import { CliError } from "../errors.js";
import { readSource, readSources, type SourceDoc } from "../input.js";
import type { CliIO } from "../io.js";
import { progressBar } from "../progress.js";
import { renderCompareHtml } from "../render/compare-html.js";
import { COMPARE_METRICS, compareStats, renderCompareTable } from "../render/compare.js";
import { schedulerConfig } from "../scheduler-config.js";
import type { CommandContext } from "../cli.js";
import { integerFlag, parseFeatureGates } from "./schedule.js";
import { prepare, runJob, tickCount, type CompareJob, type CompareProfile, type CompareRun, type CompareSetup } from "./compare-run.js";

/** Parsed options of `compare`. */
export interface CompareOptions {
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
    .option("--k8s-version <version>", 'Kubernetes release to reproduce, e.g. "1.34" (default: 1.36)')
    .option("--feature-gates <gates>", "feature gate overrides, e.g. PodLevelResources=false (repeatable)", collect)
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

function profileName(file: string, taken: Set<string>): string {
  let n = basename(file).replace(/\.(ya?ml|json)$/i, "");
  if (taken.has(n)) n = file;
  taken.add(n);
  return n;
}

/** Runs the jobs on `workers` threads (or inline with 1), results in job order whatever finishes first. */
async function runAll(setup: CompareSetup, jobs: readonly CompareJob[], workers: number, onTicks: (n: number) => void): Promise<CompareRun[]> {
  if (workers <= 1) {
    const prepared = prepare(setup);
    return jobs.map((j) => runJob(setup, prepared, j, onTicks));
  }
  // The library's pool (@schedkit/core/parallel); compare-worker.js is the task module each thread imports.
  const pool = createWorkerPool(new URL("./compare-worker.js", import.meta.url), { workers, setup, onProgress: onTicks });
  try {
    return await pool.map<CompareRun>("run", jobs);
  } catch (e) {
    // A SchedkitError in a worker is bad input, reported like one on the main thread.
    throw e instanceof SchedkitError ? new CliError(e.message) : e;
  } finally {
    await pool.close();
  }
}

/** Runs the comparison and writes the table (or JSON) and the HTML report; returns the exit code. */
export async function runCompare(opts: CompareOptions, io: CliIO): Promise<number> {
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
  const setup: CompareSetup = {
    clusterObjects: input.objects,
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
  const prepared = prepare(setup);
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
    runs = await runAll(setup, jobs, workers, (n) => progress?.onProgress((done += n), total));
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
        stats: Object.fromEntries(COMPARE_METRICS.map((m) => [m.key, stats[i]![m.key]])),
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
