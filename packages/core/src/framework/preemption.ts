// kube-scheduler: plugins/defaultpreemption/default_preemption.go (PodEligibleToPreemptOthers,
// SelectVictimsOnNode) and framework/preemption/preemption.go (Preempt, findCandidates,
// nodesWherePreemptionMightHelp). Only the dry run that decides the PostFilter message is modelled:
// victims are all lower-priority pods of a node; choosing among candidates (PDBs, victim ordering) is not.
import { CycleState, type Plugin } from "./interfaces.js";
import { fitErrorMessage } from "./fit-error.js";
import { nodeInfoWithPods, OverlayView, type Snapshot } from "./snapshot.js";
import { isRejection, SUCCESS, unresolvable, type Status } from "./status.js";
import type { NodeInfo, PodInfo } from "./types.js";

const NOT_HELPFUL = unresolvable("", "Preemption is not helpful for scheduling");
const NO_VICTIMS = unresolvable("", "No preemption victims found for incoming pod");

/** The DefaultPreemption PostFilter outcome: its message ("" when preemption would succeed) and the candidate nodes. */
export interface PreemptionOutcome {
  readonly message: string;
  readonly candidates: string[];
}

/**
 * Dry-runs preemption for an unschedulable pod. `nodeStatus` gives each node's status from the main cycle;
 * `preFilters` are the PreFilter plugins that did not Skip (their state is recomputed without the victims,
 * which is what upstream's RemovePod extensions achieve), `filters` the Filter plugins that did not Skip.
 */
export function dryRunPreemption(
  pod: PodInfo,
  snap: Snapshot,
  preFilters: readonly Plugin[],
  filters: readonly Plugin[],
  nodeStatus: (ni: NodeInfo) => Status,
): PreemptionOutcome {
  if (pod.pod.preemptionPolicy === "Never") {
    return { message: "preemption: not eligible due to preemptionPolicy=Never.", candidates: [] };
  }
  const statuses: Status[] = [];
  const candidates: string[] = [];
  const priority = pod.pod.priority;
  for (const ni of snap.nodes) {
    // nodesWherePreemptionMightHelp: UU nodes are left out (they take the absent status below).
    if (nodeStatus(ni).code === "UnschedulableAndUnresolvable") continue;
    const keep: PodInfo[] = [];
    let victims = 0;
    for (const p of ni.pods) {
      if (p.pod.priority < priority) victims++;
      else keep.push(p);
    }
    if (victims === 0) {
      statuses.push(NO_VICTIMS);
      continue;
    }
    const reduced = nodeInfoWithPods(ni, keep);
    const view = new OverlayView(snap, reduced);
    const state = new CycleState(view);
    let status: Status = SUCCESS;
    for (const pl of preFilters) {
      const r = pl.preFilter!(state, pod, view);
      if (r.status.code !== "Success" && r.status.code !== "Skip") {
        status = r.status;
        break;
      }
    }
    if (status === SUCCESS) {
      for (const pl of filters) {
        const s = pl.filter!(state, pod, reduced);
        if (s.code === "Success") continue;
        status = isRejection(s) ? s : unresolvable(pl.name, ...s.reasons);
        break;
      }
    }
    if (status === SUCCESS) candidates.push(ni.node.name);
    else statuses.push(status);
  }
  if (candidates.length > 0) return { message: "", candidates };
  const msg = fitErrorMessage({
    numAllNodes: snap.nodes.length,
    preFilterMsg: "",
    nodeStatuses: statuses,
    absentNodesStatus: NOT_HELPFUL,
    postFilterMsg: "",
  });
  return { message: `preemption: ${msg}`, candidates: [] };
}
