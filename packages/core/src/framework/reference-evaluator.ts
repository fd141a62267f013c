// The reference NodeEvaluator: loops over NodeInfo objects, one plugin call per node (schedule_one.go
// findNodesThatPassFilters / prioritizeNodes / selectHost, sequentially).
import {
  CycleError,
  filterErrorMessage,
  invalidScoreMessage,
  MAX_NODE_SCORE,
  MIN_NODE_SCORE,
  scoreAndNormalize,
  withPlugin,
  type ExaminedNode,
  type FilterJob,
  type FilterOutcome,
  type NodeEvaluator,
  type ScoreJob,
  type ScoreOutcome,
} from "./evaluator.js";
import type { Plugin } from "./interfaces.js";
import { addNominatedPods, filterOnNode } from "./nominator.js";
import type { PluginScore } from "./result.js";
import { isRejection, SUCCESS, type Status } from "./status.js";
import type { NodeInfo, PodInfo } from "./types.js";

const NO_EXAMINED: readonly ExaminedNode[] = Object.freeze([]);
const NO_PODS: readonly PodInfo[] = Object.freeze([]);
const NO_PLUGINS: readonly Plugin[] = Object.freeze([]);

/** The reference evaluator: one plugin call per node. */
export class TsNodeEvaluator implements NodeEvaluator {
  private totals = new Float64Array(0);
  private scores = new Float64Array(0);

  filter(job: FilterJob): FilterOutcome {
    const { state, pod, candidates, filters, start, numToFind, explain } = job;
    const n = candidates.length;
    const feasible: NodeInfo[] = [];
    const failed: ExaminedNode[] = [];
    const examined: ExaminedNode[] | null = explain ? [] : null;
    if (filters.length === 0) {
      for (let i = 0; i < numToFind; i++) {
        const ni = candidates[(start + i) % n]!;
        feasible.push(ni);
        examined?.push({ node: ni, status: SUCCESS });
      }
    } else {
      const nominated = job.nominated ?? null;
      for (let i = 0; i < n && feasible.length < numToFind; i++) {
        const ni = candidates[(start + i) % n]!;
        let status: Status = SUCCESS;
        const yieldTo = nominated === null ? NO_PODS : nominated.yieldTo(ni);
        if (yieldTo.length > 0) {
          // RunFilterPluginsWithNominatedPods' first pass: the node with its nominated pods running.
          const added = addNominatedPods(pod, state, nominated!.preFilters, ni, yieldTo);
          const s = "state" in added ? filterOnNode(pod, added.state, filters, added.node) : added;
          if (s.code !== "Success" && !isRejection(s)) {
            return errorOutcome(filterErrorMessage(s.plugin, s), feasible.length + failed.length);
          }
          status = s;
        }
        for (const pl of status === SUCCESS ? filters : NO_PLUGINS) {
          const s = pl.filter!(state, pod, ni);
          if (s.code === "Success") continue;
          if (!isRejection(s)) {
            return errorOutcome(filterErrorMessage(pl.name, s), feasible.length + failed.length);
          }
          status = withPlugin(s, pl.name);
          break;
        }
        if (status === SUCCESS) feasible.push(ni);
        else failed.push({ node: ni, status });
        examined?.push({ node: ni, status });
      }
    }
    return {
      feasible,
      failedCount: failed.length,
      failed: () => failed,
      examined: () => examined ?? NO_EXAMINED,
      error: null,
    };
  }

  score(job: ScoreJob): ScoreOutcome {
    const { state, pod, feasible, scorers, explain } = job;
    const nf = feasible.length;
    if (this.totals.length < nf) {
      this.totals = new Float64Array(nf);
      this.scores = new Float64Array(nf);
    }
    const totals = this.totals;
    totals.fill(0, 0, nf);
    const perNode: PluginScore[][] | null = explain ? feasible.map(() => []) : null;
    if (scorers.length === 0) {
      // No score plugins: every node scores 1 (prioritizeNodes).
      totals.fill(1, 0, nf);
    }
    for (const { plugin: pl, weight } of scorers) {
      const view = this.scores.subarray(0, nf);
      const raw = scoreAndNormalize(pl, state, pod, feasible, view, explain);
      for (let i = 0; i < nf; i++) {
        const s = view[i]!;
        if (s > MAX_NODE_SCORE || s < MIN_NODE_SCORE) throw new CycleError(invalidScoreMessage(pl.name, s));
        totals[i] = totals[i]! + s * weight;
        if (perNode !== null) perNode[i]!.push({ plugin: pl.name, raw: raw![i]!, normalized: s, weighted: s * weight });
      }
    }

    // --- selectHost
    let max = -Infinity;
    let ties = 0;
    for (let i = 0; i < nf; i++) {
      const t = totals[i]!;
      if (t > max) {
        max = t;
        ties = 1;
      } else if (t === max) ties++;
    }
    const pick = job.pick(ties);
    let chosen = -1;
    for (let i = 0, k = 0; i < nf; i++) {
      if (totals[i] === max) {
        if (k === pick) {
          chosen = i;
          break;
        }
        k++;
      }
    }
    let top: number[] | null = null;
    if (explain) {
      top = [];
      for (let i = 0; i < nf; i++) if (totals[i] === max) top.push(i);
    }
    return { chosen, totals: explain ? Float64Array.from(totals.subarray(0, nf)) : null, perNode, top };
  }
}

function errorOutcome(message: string, processed: number): FilterOutcome {
  return { feasible: [], failedCount: 0, failed: () => NO_EXAMINED, examined: () => NO_EXAMINED, error: { message, processed } };
}
