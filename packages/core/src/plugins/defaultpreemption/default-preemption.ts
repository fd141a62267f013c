// kube-scheduler: plugins/defaultpreemption/default_preemption.go (PostFilter, PodEligibleToPreemptOthers,
// SelectVictimsOnNode, calculateNumCandidates) and framework/preemption/preemption.go (Evaluator.Preempt,
// findCandidates, DryRunPreemption, SelectCandidate, pickOneNodeForPreemption) with util.go
// FilterVictimsWithPDBViolation. The dry run chooses victims (PodDisruptionBudgets honoured) and nominates a node;
// the plugin evicts nothing itself: it returns the victims, which a Scheduler in "carry-out" mode deletes
// (schedule.ts carryOutPreemption, as executor.go prepareCandidate). Extenders, pod groups and the terminating-victims check on an existing nomination are not
// modelled.
import type { CycleState, Plugin, PluginContext, PluginFactory, PostFilterResult } from "../../framework/interfaces.js";
import { fitErrorMessage } from "../../framework/fit-error.js";
import { filterWithNominatedPods, runPreFilterExtension } from "../../framework/nominator.js";
import { addPodToNode, cloneNodeInfo, removePodFromNode, type Snapshot } from "../../framework/snapshot.js";
import { errorStatus, isRejection, statusMessage, SUCCESS, unresolvable, type Status } from "../../framework/status.js";
import { filterErrorMessage } from "../../framework/evaluator.js";
import type { NodeInfo, PodInfo } from "../../framework/types.js";
import { atLeast } from "../../framework/version.js";
import { compileLabelSelector } from "../../labels/selector.js";
import type { PodDisruptionBudget } from "../../model/types.js";

const NOT_HELPFUL = unresolvable("", "Preemption is not helpful for scheduling");
const NO_VICTIMS = unresolvable("", "No preemption victims found for incoming pod");

/** DefaultPreemptionArgs defaults (minCandidateNodesPercentage, minCandidateNodesAbsolute). */
const MIN_CANDIDATE_NODES_PERCENTAGE = 10;
const MIN_CANDIDATE_NODES_ABSOLUTE = 100;

/** MaxInt32 + 1: pickOneNodeForPreemption shifts every priority by it before summing. */
const PRIORITY_SHIFT = 2 ** 31;

/** A node where evicting `victims` (most important first) makes the pod fit. */
interface PreemptionCandidate {
  readonly node: string;
  readonly victims: readonly PodInfo[];
  /** Victims whose eviction would violate a PodDisruptionBudget (NumPDBViolations). */
  readonly pdbViolations: number;
}

/** The DefaultPreemption PostFilter outcome. */
interface PreemptionOutcome {
  /** The PostFilter status code. */
  readonly code: "Success" | "Unschedulable" | "Error";
  /** The status message, "preemption: ..." ("" for a success before v1.37, which had none). */
  readonly message: string;
  /** Every candidate node: those without PDB violations first, each group in snapshot order. */
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

/** The dry run's view of one node: its copy of the node and of the cycle state, changed together. */
interface DryRunNode {
  readonly pod: PodInfo;
  readonly snap: Snapshot;
  readonly state: CycleState;
  readonly preFilters: readonly Plugin[];
  readonly filters: readonly Plugin[];
  readonly node: NodeInfo;
}

/** RunFilterPluginsWithNominatedPods on the dry run's copy of a node. */
function fits(d: DryRunNode): Status {
  const nominated = d.snap.nominator.yieldTo(d.pod, d.node.node.name);
  return filterWithNominatedPods(d.pod, d.state, d.preFilters, d.filters, d.node, nominated);
}

/** SelectVictimsOnNode's removePod / addPod: the node copy and the RemovePod / AddPod extensions on the state copy. */
function removeVictim(d: DryRunNode, v: PodInfo): Status {
  removePodFromNode(d.node, v);
  return runPreFilterExtension("removePod", d.state, d.pod, v, d.node, d.preFilters);
}

function addVictim(d: DryRunNode, v: PodInfo): Status {
  addPodToNode(d.node, v);
  return runPreFilterExtension("addPod", d.state, d.pod, v, d.node, d.preFilters);
}

/**
 * FilterVictimsWithPDBViolation: splits victims (most important first) into those whose eviction would take a
 * matching PodDisruptionBudget below zero allowed disruptions and the others. Budgets are spent in victim order;
 * a pod without labels, a budget with an empty or nil selector, and a pod already in a budget's disruptedPods
 * never count. A pod stops at the first budget it violates (upstream returns there).
 */
function splitByPdbViolation(victims: readonly PodInfo[], pdbs: readonly PodDisruptionBudget[]): { violating: PodInfo[]; nonViolating: PodInfo[] } {
  const allowed = pdbs.map((b) => b.disruptionsAllowed);
  const selectors = pdbs.map((b) => compileLabelSelector(b.selector));
  const violating: PodInfo[] = [];
  const nonViolating: PodInfo[] = [];
  for (const v of victims) {
    const pod = v.pod;
    let violates = false;
    if (pod.labels.size > 0) {
      for (let i = 0; i < pdbs.length; i++) {
        const b = pdbs[i]!;
        const sel = selectors[i]!;
        if (b.namespace !== pod.namespace || sel.everything || sel.nothing || !sel.matches(pod.labels)) continue;
        if (b.disruptedPods.has(pod.name)) continue;
        allowed[i]!--;
        if (allowed[i]! < 0) {
          violates = true;
          break;
        }
      }
    }
    (violates ? violating : nonViolating).push(v);
  }
  return { violating, nonViolating };
}

/**
 * SelectVictimsOnNode on a copy of the node, with upstream's sequence of RemovePod / AddPod (which matters:
 * NodeInfo's used ports are a set, see removePodFromNode): remove every lower-priority pod; if the pod then
 * fits, add them back — the PDB-violating ones first, then the others, each group most important first —
 * removing again each one without which the pod no longer fits (the reprieve): those are the victims.
 */
function selectVictimsOnNode(
  pod: PodInfo,
  snap: Snapshot,
  state: CycleState,
  preFilters: readonly Plugin[],
  filters: readonly Plugin[],
  ni: NodeInfo,
): { status: Status; victims: PodInfo[]; pdbViolations: number } {
  const priority = pod.pod.priority;
  const potential = ni.pods.filter((p) => p.pod.priority < priority);
  if (potential.length === 0) return { status: NO_VICTIMS, victims: [], pdbViolations: 0 };
  // DryRunPreemption: each node gets its own copy of the node and of the cycle state.
  const d: DryRunNode = { pod, snap, state: state.clone(), preFilters, filters, node: cloneNodeInfo(ni) };
  for (const p of potential) {
    const s = removeVictim(d, p);
    if (s.code !== "Success") return { status: asError(s), victims: [], pdbViolations: 0 };
  }
  const status = fits(d);
  if (status.code !== "Success") {
    // RunFilterPlugins turns a Filter plugin's error into `running "<plugin>" filter plugin: <error>`.
    const failed = status.code === "Error" && filters.some((p) => p.name === status.plugin) ? errorStatus(status.plugin, filterErrorMessage(status.plugin, status)) : status;
    return { status: failed, victims: [], pdbViolations: 0 };
  }
  // sort.Slice(MoreImportantPod) is not stable: among equal priorities and start times upstream's order is
  // arbitrary; Array.prototype.sort keeps the node's pod order.
  potential.sort(moreImportant);
  const { violating, nonViolating } = splitByPdbViolation(potential, snap.podDisruptionBudgets);
  const victims: PodInfo[] = [];
  let failure: Status | null = null;
  const reprieve = (v: PodInfo): boolean => {
    const added = addVictim(d, v);
    if (added.code !== "Success") {
      failure ??= added;
      return false;
    }
    if (fits(d).code === "Success") return true;
    const removed = removeVictim(d, v);
    if (removed.code !== "Success") failure ??= removed;
    victims.push(v);
    return false;
  };
  let pdbViolations = 0;
  for (const v of violating) {
    if (!reprieve(v)) pdbViolations++;
    if (failure !== null) return { status: asError(failure), victims: [], pdbViolations: 0 };
  }
  for (const v of nonViolating) {
    reprieve(v);
    if (failure !== null) return { status: asError(failure), victims: [], pdbViolations: 0 };
  }
  if (violating.length > 0 && nonViolating.length > 0) victims.sort(moreImportant);
  return { status: SUCCESS, victims, pdbViolations };
}

/** An AddPod / RemovePod extension's failure, which SelectVictimsOnNode returns as an error (status.AsError). */
function asError(s: Status): Status {
  return s.code === "Error" ? s : errorStatus(s.plugin, statusMessage(s));
}

/**
 * pickOneNodeForPreemption: the fewest PDB violations, then the lowest highest-priority victim, the lowest sum of (priority + 2^31), the fewest victims, the latest
 * earliest start among the highest-priority victims. Returns the candidates still tied, in input order.
 */
function preemptionTies(candidates: readonly PreemptionCandidate[]): PreemptionCandidate[] {
  const criteria: ((c: PreemptionCandidate) => number)[] = [
    (c) => -c.pdbViolations,
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
function dryRunPreemption(
  pod: PodInfo,
  snap: Snapshot,
  state: CycleState,
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
  const nonViolating: PreemptionCandidate[] = [];
  const violating: PreemptionCandidate[] = [];
  const errors: string[] = [];
  // DryRunPreemption stops once it has numCandidates candidates, at least one of them non-violating. Upstream
  // starts at a random offset and runs in parallel; with fewer than 100 potential nodes it sees them all, as here.
  const wanted = numPreemptionCandidates(potential.length);
  for (const ni of potential) {
    if (nonViolating.length > 0 && nonViolating.length + violating.length >= wanted) break;
    const { status, victims, pdbViolations } = selectVictimsOnNode(pod, snap, state, preFilters, filters, ni);
    if (status.code === "Success" && victims.length > 0) {
      (pdbViolations === 0 ? nonViolating : violating).push({ node: ni.node.name, victims, pdbViolations });
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
  // Non-violating candidates first, as DryRunPreemption returns them.
  const candidates = [...nonViolating, ...violating];
  if (candidates.length === 0) {
    if (errors.length > 0) {
      // utilerrors.NewAggregate's Error (apimachinery pkg/util/errors/errors.go): each distinct message once, in
      // order; one distinct message prints as itself (however many nodes failed with it), several as "[a, b]".
      const distinct = [...new Set(errors)];
      const text = distinct.length === 1 ? distinct[0]! : `[${distinct.join(", ")}]`;
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
      postFilter(state, pod, h): PostFilterResult {
        const p = dryRunPreemption(pod, h.snapshot, state, h.preFilters, h.filters, (ni) => h.nodeStatus(ni), ctx);
        return {
          status: { code: p.code, reasons: p.message === "" ? [] : [p.message], plugin: DEFAULT_PREEMPTION },
          nominatingInfo: p.nominatingInfo,
          preemptionCandidates: p.candidates.map((c) => c.node),
          nomination: p.nominated === null ? null : { node: p.nominated.node, victims: p.nominated.victims.map((v) => `${v.pod.namespace}/${v.pod.name}`), ties: p.ties },
          victims: p.nominated?.victims ?? [],
        };
      },
    };
  },
};
