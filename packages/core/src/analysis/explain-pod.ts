// "Why is this one Pending, why did it go there": one pending pod's decision as scheduleAll would make it,
// the pods ahead of it in the queue placed first, with the full explanation of that one cycle.
import { SchedkitError } from "../errors.js";
import type { ScheduleResult } from "../framework/result.js";
import { Cluster, runQueue, Scheduler, type SchedulerOptions } from "../schedule.js";
import { tsEngine, type Engine } from "../engine/engine.js";

/** Options of explainPod(): the scheduler options and the engine. */
export interface ExplainPodOptions extends Omit<SchedulerOptions, "explain"> {
  readonly engine?: Engine;
}

/** One pod's decision in its run. */
export interface ExplainedPod {
  /** The cycle's result, explanation included. */
  readonly result: ScheduleResult;
  /** Its place in the scheduling queue (0 = first) and the queue's length. */
  readonly queuePosition: number;
  readonly queueLength: number;
  /** How many pods ahead of it in the queue the run placed (and assumed). */
  readonly placedBefore: number;
  /** The scored feasible nodes, highest total first (examination order among equal totals). Empty when none was scored. */
  readonly ranking: readonly RankedNode[];
}

/** One plugin's score for a node, in the three forms kube-scheduler computes them. */
export interface RankedScore {
  readonly plugin: string;
  /** Score() output. */
  readonly raw: number;
  /** After NormalizeScore (equal to raw for plugins without one). */
  readonly normalized: number;
  /** The plugin's weight in the profile. */
  readonly weight: number;
  /** normalized × weight (runtime/framework.go RunScorePlugins, "Apply score weight for each ScorePlugin"). */
  readonly weighted: number;
}

/** A scored node of the ranking. */
export interface RankedNode {
  readonly node: string;
  /** Σ weighted, the node's TotalScore. */
  readonly total: number;
  readonly scores: readonly RankedScore[];
  /** The node the cycle chose. */
  readonly chosen: boolean;
  /** The other nodes with the same total (the top ones are what the seeded tie-break picks among). */
  readonly tiedWith: readonly string[];
}

/** The scored nodes of an explained cycle, sorted by total, with each plugin's raw, normalized and weighted score. */
function rankScoredNodes(result: ScheduleResult): RankedNode[] {
  const e = result.explanation;
  if (e === null) return [];
  const weights = new Map(e.scorePlugins.map((s) => [s.plugin, s.weight]));
  const scored = e.nodes.filter((n) => n.total !== null);
  const byTotal = new Map<number, string[]>();
  for (const n of scored) {
    const same = byTotal.get(n.total!);
    if (same === undefined) byTotal.set(n.total!, [n.node]);
    else same.push(n.node);
  }
  // Array.prototype.sort is stable: equal totals keep examination order.
  return [...scored]
    .sort((a, b) => b.total! - a.total!)
    .map((n) => ({
      node: n.node,
      total: n.total!,
      scores: n.scores.map((s) => ({ plugin: s.plugin, raw: s.raw, normalized: s.normalized, weight: weights.get(s.plugin)!, weighted: s.weighted })),
      chosen: n.node === result.nodeName,
      tiedWith: byTotal.get(n.total!)!.filter((x) => x !== n.node),
    }));
}

/**
 * Explains one pending pod of `cluster` (`"namespace/name"`, or a name that only one pending pod has): the
 * pods ahead of it in PrioritySort order are scheduled and assumed first, exactly as scheduleAll does (so
 * the tie-break generator is where the run would have it), then its own cycle runs with explanations. A pod
 * whose preemption was carried out is explained by its last cycle, the retry scheduleAll makes.
 */
export function explainPod(cluster: Cluster, pod: string, options: ExplainPodOptions = {}): ExplainedPod {
  if (!(cluster instanceof Cluster)) throw new SchedkitError("cluster", cluster, "is not a Cluster (use createCluster)");
  if (typeof pod !== "string" || pod === "") throw new SchedkitError("pod", pod, 'is not a pod name ("namespace/name" or "name")');
  const { engine = tsEngine, ...rest } = options;
  if (typeof engine?.scheduler !== "function") throw new SchedkitError("engine", engine, "is not an Engine with scheduler()");
  // The queue scheduleAll would run: pods for another scheduler name are not in it, and pods held back by their
  // scheduling gates never leave the unschedulable pool (PreEnqueue).
  const core = new Scheduler(cluster, rest);
  const all = runQueue(undefined, cluster, core.schedulerName).queue;
  const held = all.map(({ pod, path }) => core.preEnqueue(pod, path));
  const gated = all.flatMap((q, i) => (held[i] === null ? [] : [{ key: `${q.pod.namespace}/${q.pod.name}`, why: held[i]! }]));
  const queue = all.filter((_, i) => held[i] === null);
  const key = (i: number) => `${queue[i]!.pod.namespace}/${queue[i]!.pod.name}`;
  let at = queue.findIndex((_, i) => key(i) === pod);
  if (at === -1 && !pod.includes("/")) {
    const named = queue.flatMap((q, i) => (q.pod.name === pod ? [i] : []));
    if (named.length > 1) throw new SchedkitError("pod", pod, `names ${named.length} pending pods: ${named.map(key).join(", ")}; give namespace/name`);
    at = named[0] ?? -1;
  }
  if (at === -1) {
    const g = gated.find((x) => x.key === pod || (!pod.includes("/") && x.key.endsWith(`/${pod}`)));
    if (g !== undefined) throw new SchedkitError("pod", pod, `is not scheduled: its PodScheduled condition says SchedulingGated (${g.why.message}) until the gates are removed`);
    const some = queue.slice(0, 5).map((_, i) => key(i));
    const list = queue.length === 0 ? "the cluster has no pending pods" : `pending: ${some.join(", ")}${queue.length > 5 ? `, … ${queue.length - 5} more` : ""}`;
    throw new SchedkitError("pod", pod, `is not a pending pod of this cluster (${list})`);
  }
  const sched = engine.scheduler(cluster, { ...rest, explain: true });
  try {
    let placedBefore = 0;
    let preempted = false;
    for (let i = 0; i <= at; i++) {
      const r = sched.scheduleOne(queue[i]!.pod, queue[i]!.path);
      if (r.nomination?.evicted === true) preempted = true;
      else if (i < at && r.nodeName !== null) placedBefore++;
      // Placed in the first pass, after no preemption: final (the queue's retries come after the pass), and made
      // in the run's cycle at + 1 (the first pass pops each queued pod once, in order: ScheduleResult.cycle).
      if (i === at && !preempted && r.nodeName !== null) {
        (r as { cycle?: number }).cycle = at + 1;
        return { result: r, queuePosition: at, queueLength: queue.length, placedBefore, ranking: rankScoredNodes(r) };
      }
    }
    // A pod not placed may be retried when a later placement or eviction moves it (runPasses), and a preemptor
    // whose victims were evicted is retried: where it and the pods ahead of it end up is known only from the
    // whole run (its result is its last cycle).
    // Only this pod's result is kept, and the others counted as they are final: a run that kept every result
    // would keep every pod's explanation (about 250 bytes a node each), gigabytes on a large cluster's queue.
    let result: ScheduleResult | undefined;
    placedBefore = 0;
    engine.scheduleAll(undefined, cluster, {
      ...rest,
      explain: true,
      keepResults: false,
      onResult: (r, i) => {
        if (i === at) result = r;
        else if (i < at && r.nodeName !== null) placedBefore++;
      },
    });
    return { result: result!, queuePosition: at, queueLength: queue.length, placedBefore, ranking: rankScoredNodes(result!) };
  } finally {
    sched.dispose?.();
  }
}
