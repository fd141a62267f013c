// schedkit explain CLUSTER --pod NAME: one pending pod's decision as the run would make it, with every
// node's first failing filter, the feasible nodes' per-plugin scores sorted by total, ties, and preemption.
import type { Command } from "commander";
import type { Cluster, SchedkitError } from "@schedkit/core";
import { explainPod, type ExplainedPod } from "@schedkit/core/analysis";
import { addPodDocuments, clusterInput } from "../cluster-input.js";

import { readSources } from "../input.js";
import { colorEnabled, palette, type CliIO, type Palette } from "../io.js";
import { renderExplanation } from "../render/schedule.js";
import { addSchedulerOptions, buildCluster, collect, locateClusterError, schedulerFlags, withLocatedErrors, EXIT_UNSCHEDULABLE, type ResolvedSchedulerFlags, type ScheduleOptions } from "./schedule.js";
import type { CommandContext } from "../cli.js";

export function registerExplain(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command("explain")
    .description("why one pending pod is Pending, or why it would go where it goes")
    .argument("<files...>", "cluster files: `kubectl get nodes,pods -o json|yaml` output, manifests; - for stdin")
    .requiredOption("--pod <name>", "the pending pod: namespace/name, or a name only one pending pod has")
    .option("--add <file>", "more pod manifests to place as pending pods (as schedule --pod); repeatable", collect);
  addSchedulerOptions(cmd)
    .addHelpText(
      "after",
      `
The pods ahead of it in the scheduling queue are placed first, as \`schedkit schedule\` would; then its own
cycle is shown: each node's first failing filter and reasons, the feasible nodes' scores per plugin in three
columns (raw, normalized by NormalizeScore, weighted = normalized × the plugin's weight) sorted by TOTAL = Σ
weighted with ties flagged, and preemption (a preemptor whose victims were evicted is shown by its retry).
--json adds \`ranking\`: the scored nodes highest total first, each plugin's raw, normalized, weight and
weighted score, and the nodes tied with it.

Exit codes: 0 the pod is placed, 2 it is unschedulable, 1 bad input.

Examples:
  kubectl get nodes,pods -A -o json | schedkit explain - --pod shop/web-7
  schedkit explain cluster.json --add web.yaml --pod web --json`,
    )
    .action(async (files: string[], opts: ScheduleOptions & { pod: string; add?: string[] }) => {
      const flags = await schedulerFlags(opts, ctx.io);
      const docs = await readSources(files, ctx.io);
      const input = clusterInput(docs);
      // DaemonSets expand against the cluster's nodes, so the cluster files are read first.
      if (opts.add !== undefined) addPodDocuments(input, await readSources(opts.add, ctx.io), undefined, input.objects.length > 0 ? buildCluster(input).nodes : []);
      ctx.setExitCode(runExplainPod(buildCluster(input), opts.pod, flags, opts.json === true, ctx.io, (e) => locateClusterError(e, docs, flags, input)));
    });
}

/** Explains one pod and writes it; returns the exit code. Shared with `schedule --explain-pod`. */
export function runExplainPod(cluster: Cluster, pod: string, flags: ResolvedSchedulerFlags, json: boolean, io: CliIO, locate: (e: SchedkitError) => string = flags.locate): number {
  const { explain: _explain, ...options } = flags.options;
  const e = withLocatedErrors({ ...flags, locate: (err) => (err.path === "pod" ? `--pod ${err.message.slice("pod: ".length)}` : locate(err)) }, () =>
    explainPod(cluster, pod, { ...options, engine: flags.engine }),
  );
  if (json) io.stdout.write(`${JSON.stringify(e, null, 2)}\n`);
  else io.stdout.write(`${renderExplainedPod(e, cluster.nodes.length, palette(colorEnabled(io.stdout, io.env))).join("\n")}\n`);
  return e.result.status === "Scheduled" ? 0 : EXIT_UNSCHEDULABLE;
}

function renderExplainedPod(e: ExplainedPod, totalNodes: number, p: Palette): string[] {
  const ahead = e.queuePosition === 0 ? "first in the queue" : `${e.queuePosition + 1} of ${e.queueLength} in the queue; ${e.placedBefore} of the ${e.queuePosition} ahead of it placed first`;
  return [p.dim(`(${ahead})`), ...renderExplanation(e.result, totalNodes, p, true)];
}


