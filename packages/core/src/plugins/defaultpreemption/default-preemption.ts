// kube-scheduler: plugins/defaultpreemption/default_preemption.go (PostFilter, PodEligibleToPreemptOthers,
// SelectVictimsOnNode, calculateNumCandidates) and framework/preemption/preemption.go (Evaluator.Preempt,
// findCandidates, DryRunPreemption, SelectCandidate, pickOneNodeForPreemption). The dry run only: victims are
// chosen and a node is nominated, nothing is evicted. PodDisruptionBudgets are not modelled (every victim is
// non-violating), nor are extenders, pod groups or the terminating-victims check on an existing nomination.
import type { Plugin, PluginContext, PluginFactory, PostFilterResult } from "../../framework/interfaces.js";
import { fitErrorMessage } from "../../framework/fit-error.js";
import { filterOnNode, filterWithNominatedPods } from "../../framework/nominator.js";
import { addPodToNode, cloneNodeInfo, removePodFromNode, type Snapshot } from "../../framework/snapshot.js";
import { isRejection, statusMessage, SUCCESS, unresolvable, type Status } from "../../framework/status.js";
import type { NodeInfo, PodInfo } from "../../framework/types.js";
import { atLeast } from "../../framework/version.js";

const NOT_HELPFUL = unresolvable("", "Preemption is not helpful for scheduling");
const NO_VICTIMS = unresolvable("", "No preemption victims found for incoming pod");

/** DefaultPreemptionArgs defaults (minCandidateNodesPercentage, minCandidateNodesAbsolute). */
const MIN_CANDIDATE_NODES_PERCENTAGE = 10;
const MIN_CANDIDATE_NODES_ABSOLUTE = 100;

/** MaxInt32 + 1: pickOneNodeForPreemption shifts every priority by it before summing. */
const PRIORITY_SHIFT = 2 ** 31;

/** A node where evicting `victims` (most important first) makes the pod fit. */
export interface PreemptionCandidate {
  readonly node: string;
  readonly victims: readonly PodInfo[];
}

/** The DefaultPreemption PostFilter outcome. */
export interface PreemptionOutcome {
  /** The PostFilter status code. */
  readonly code: "Success" | "Unschedulable" | "Error";
  /** The status message, "preemption: ..." ("" for a success before v1.37, which had none). */
  readonly message: string;
  /** Every candidate node, in snapshot order. */
  readonly candidates: readonly PreemptionCandidate[];
  /** The candidate nominated (the first of `ties` in snapshot order), or null. */
  readonly nominated: PreemptionCandidate | null;
  /**
   * The candidates pickOneNodeForPreemption cannot tell apart (its last criterion takes the first of a Go
   * map iteration, which is random): upstream may nominate any of them.
   */
  readonly ties: readonly string[];
  /** The PostFilterResult's nomination: the node (ModeOverride, "" clears), or null (no result: ModeNoop). */
  readonly nominatingInfo: string | null;
}

/** MoreImportantPod: higher priority, then the earlier start (an unset start time is "now", later than any). */
function moreImportant(a: PodInfo, b: PodInfo): number {
  if (a.pod.priority !== b.pod.priority) return b.pod.priority - a.pod.priority;
  return startTime(a) - startTime(b);
}

function startTime(p: PodInfo): number {
  return p.pod.startTime ?? Number.POSITIVE_INFINITY;
}

/** calculateNumCandidates: how many candidates the dry run looks for among `n` potential nodes. */
export function numPreemptionCandidates(n: number): number {
  let c = Math.trunc((n * MIN_CANDIDATE_NODES_PERCENTAGE) / 100);
  if (c < MIN_CANDIDATE_NODES_ABSOLUTE) c = MIN_CANDIDATE_NODES_ABSOLUTE;
  return c > n ? n : c;
}

/** RunFilterPluginsWithNominatedPods on the dry run's copy of a node. */
function fits(pod: PodInfo, snap: Snapshot, preFilters: readonly Plugin[], filters: readonly Plugin[], node: NodeInfo): Status {
  const nominated = snap.nominator.yieldTo(pod, node.node.name);
  return filterWithNominatedPods(pod, snap, preFilters, filters, node, nominated, () => filterOnNode(pod, snap, preFilters, filters, node));
}

/**
 * SelectVictimsOnNode on a copy of the node, with upstream's sequence of RemovePod / AddPod (which matters:
 * NodeInfo's used ports are a set, see removePodFromNode): remove every lower-priority pod; if the pod then
 * fits, add them back most important first, removing again each one without which the pod no longer fits (the
 * reprieve) — those are the victims.
 */
function selectVictimsOnNode(pod: PodInfo, snap: Snapshot, preFilters: readonly Plugin[], filters: readonly Plugin[], ni: NodeInfo): { status: Status; victims: PodInfo[] } {
  const priority = pod.pod.priority;
  const potential = ni.pods.filter((p) => p.pod.priority < priority);
  if (potential.length === 0) return { status: NO_VICTIMS, victims: [] };
  const work = cloneNodeInfo(ni);
  for (const p of potential) removePodFromNode(work, p);
  const status = fits(pod, snap, preFilters, filters, work);
  if (status.code !== "Success") return { status, victims: [] };
  // sort.Slice(MoreImportantPod) is not stable: among equal priorities and start times upstream's order is
  // arbitrary; Array.prototype.sort keeps the node's pod order.
  potential.sort(moreImportant);
  const victims: PodInfo[] = [];
  for (const v of potential) {
    addPodToNode(work, v);
    if (fits(pod, snap, preFilters, filters, work).code !== "Success") {
      removePodFromNode(work, v);
      victims.push(v);
    }
  }
  return { status: SUCCESS, victims };
}

/**
 * pickOneNodeForPreemption without PDBs (its first criterion, the fewest PDB violations, ties them all): then
 * the lowest highest-priority victim, the lowest sum of (priority + 2^31), the fewest victims, the latest
 * earliest start among the highest-priority victims. Returns the candidates still tied, in input order.
 */
export function preemptionTies(candidates: readonly PreemptionCandidate[]): PreemptionCandidate[] {
  const criteria: ((c: PreemptionCandidate) => number)[] = [
    (c) => -c.victims[0]!.pod.priority,
    (c) => {
      let sum = 0;
      for (const v of c.victims) sum += v.pod.priority + PRIORITY_SHIFT;
      return -sum;
    },
    (c) => -c.victims.length,
    (c) => {
      // GetEarliestPodStartTime: the earliest start among the victims of the highest priority.
      let max = c.victims[0]!.pod.priority;
      let earliest = startTime(c.victims[0]!);
      for (const v of c.victims) {
        if (v.pod.priority === max) earliest = Math.min(earliest, startTime(v));
        else if (v.pod.priority > max) {
          max = v.pod.priority;
          earliest = startTime(v);
        }
      }
      return earliest;
    },
  ];
  let all = candidates.slice();
  for (const f of criteria) {
    let best = Number.NEGATIVE_INFINITY;
    let selected: PreemptionCandidate[] = [];
    for (const c of all) {
      const s = f(c);
      if (s > best) {
        best = s;
        selected = [c];
      } else if (s === best) selected.push(c);
    }
    if (selected.length === 1) return selected;
    all = selected;
  }
  return all;
}

/**
 * DefaultPreemption.PostFilter for an unschedulable pod. `nodeStatus` gives each node's status from the main
 * cycle; `preFilters` are the PreFilter plugins that did not Skip, `filters` the Filter plugins that did not.
 */
export function dryRunPreemption(
  pod: PodInfo,
  snap: Snapshot,
  preFilters: readonly Plugin[],
  filters: readonly Plugin[],
  nodeStatus: (ni: NodeInfo) => Status,
  ctx: PluginContext,
): PreemptionOutcome {
  const none = { candidates: [], nominated: null, ties: [], nominatingInfo: null };
  if (pod.pod.preemptionPolicy === "Never") {
    return { code: "Unschedulable", message: "preemption: not eligible due to preemptionPolicy=Never.", ...none };
  }
  // findCandidates: only nodes whose status is Unschedulable (not ...AndUnresolvable) may be helped.
  const potential = snap.nodes.filter((ni) => nodeStatus(ni).code === "Unschedulable");
  const statuses: Status[] = [];
  const candidates: PreemptionCandidate[] = [];
  const errors: string[] = [];
  // DryRunPreemption stops once it has numCandidates candidates (at least one non-violating). Upstream starts
  // at a random offset and runs in parallel; with fewer than 100 potential nodes it sees them all, as here.
  const wanted = numPreemptionCandidates(potential.length);
  for (const ni of potential) {
    if (candidates.length >= wanted) break;
    const { status, victims } = selectVictimsOnNode(pod, snap, preFilters, filters, ni);
    if (status.code === "Success" && victims.length > 0) {
      candidates.push({ node: ni.node.name, victims });
      continue;
    }
    if (status.code === "Success") {
      const message = `expected at least one victim pod on node ${JSON.stringify(ni.node.name)}`;
      errors.push(message);
      statuses.push({ code: "Error", reasons: [message], plugin: "" });
    } else if (!isRejection(status)) {
      errors.push(statusMessage(status));
      statuses.push(status);
    } else statuses.push(status);
  }
  if (candidates.length === 0) {
    if (errors.length > 0) {
      // utilerrors.NewAggregate: one error prints as itself, several as "[a, b]".
      const text = errors.length === 1 ? errors[0]! : `[${errors.join(", ")}]`;
      return { code: "Error", message: `preemption: ${text}`, ...none };
    }
    const msg = fitErrorMessage({ numAllNodes: snap.nodes.length, preFilterMsg: "", nodeStatuses: statuses, absentNodesStatus: NOT_HELPFUL, postFilterMsg: "" });
    // evaluate: "Specify nominatedNodeName to clear the pod's nominatedNodeName status".
    return { code: "Unschedulable", message: `preemption: ${msg}`, ...none, nominatingInfo: "" };
  }
  const tied = candidates.length === 1 ? candidates : preemptionTies(candidates);
  const nominated = tied[0]!;
  // v1.37.0 added a message to the successful preemption (framework/preemption/preemption.go Preempt); before,
  // the Success status had none.
  const message = atLeast(ctx.version, 37) ? `preemption: found a potential placement for pod on node ${nominated.node}, preempting ${nominated.victims.length} victims` : "";
  return { code: "Success", message, candidates, nominated, ties: tied.map((c) => c.node), nominatingInfo: nominated.node };
}

export const DEFAULT_PREEMPTION = "DefaultPreemption";

/** DefaultPreemption: PostFilter only (the dry run above). */
export const defaultPreemption: PluginFactory = {
  name: DEFAULT_PREEMPTION,
  create(_args, ctx): Plugin {
    return {
      name: DEFAULT_PREEMPTION,
      postFilter(_state, pod, h): PostFilterResult {
        const p = dryRunPreemption(pod, h.snapshot, h.preFilters, h.filters, (ni) => h.nodeStatus(ni), ctx);
        return {
          status: { code: p.code, reasons: p.message === "" ? [] : [p.message], plugin: DEFAULT_PREEMPTION },
          nominatingInfo: p.nominatingInfo,
          preemptionCandidates: p.candidates.map((c) => c.node),
          nomination: p.nominated === null ? null : { node: p.nominated.node, victims: p.nominated.victims.map((v) => `${v.pod.namespace}/${v.pod.name}`), ties: p.ties },
        };
      },
    };
  },
};
