// kube-scheduler: plugins/podtopologyspread/filtering.go (PreFilter counts, Filter skew check; docs/scheduler.md §4.7).
import { stateKey, type CycleState, type PreFilterResult } from "../../framework/interfaces.js";
import { SKIP, SUCCESS, errorStatus, unresolvable, unschedulable, type Status } from "../../framework/status.js";
import type { NodeInfo, PodInfo, SnapshotView } from "../../framework/types.js";
import { RequiredNodeAffinity } from "../../labels/nodeselector.js";
import {
  NAME,
  countMatchingPods,
  nodeCounted,
  nodeHasAllKeys,
  selfMatches,
  type CompiledConstraint,
} from "./common.js";

/** ErrReasonConstraintsNotMatch. */
export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
/** ErrReasonNodeLabelNotMatch. */
export const ERR_REASON_NODE_LABEL_NOT_MATCH = ERR_REASON_CONSTRAINTS_NOT_MATCH + " (missing required label)";

const PRE_FILTER_KEY = "PreFilter" + NAME;
const CONSTRAINTS_NOT_MATCH: Status = Object.freeze(unschedulable(NAME, ERR_REASON_CONSTRAINTS_NOT_MATCH));
const NODE_LABEL_NOT_MATCH: Status = Object.freeze(unresolvable(NAME, ERR_REASON_NODE_LABEL_NOT_MATCH));
const NOT_FOUND: Status = Object.freeze(errorStatus(NAME, `reading "${PRE_FILTER_KEY}" from cycleState: not found`));
// newCriticalPaths starts the minimum at math.MaxInt32; it survives only when there are no domains.
const MAX_INT32 = 2147483647;

/** What PreFilter computes once per pod (upstream preFilterState), read by Filter per node. */
export interface PreFilterState {
  readonly constraints: readonly CompiledConstraint[];
  /** Per constraint: topology value → matching pods in that domain (TpValueToMatchNum). */
  readonly counts: readonly Map<string, number>[];
  /** Per constraint: the global minimum with minDomains applied (minMatchNum). */
  readonly minMatch: Int32Array;
  /** Per constraint: 1 when the incoming pod matches its own selector. */
  readonly selfMatch: Uint8Array;
}

/** The key of PodTopologySpread's PreFilter state (preFilterStateKey). */
export const SPREAD_PREFILTER_STATE = stateKey<PreFilterState>(PRE_FILTER_KEY);

const EMPTY_STATE: PreFilterState = Object.freeze({ constraints: [], counts: [], minMatch: new Int32Array(0), selfMatch: new Uint8Array(0) });

/** Knobs that change PreFilter counting. */
export interface CountOptions {
  readonly nodeInclusionPolicy: boolean;
  readonly taintComparisonOperators: boolean;
}

/**
 * calPreFilterState over all nodes: a node takes part if it has every constraint's key and (gate off) matches
 * the pod's required node affinity, or (gate on) per constraint passes the inclusion policies.
 */
export function computePreFilterState(
  constraints: readonly CompiledConstraint[],
  pod: PodInfo,
  nodes: readonly NodeInfo[],
  opts: CountOptions,
): PreFilterState {
  if (constraints.length === 0) return EMPTY_STATE;
  const counts = constraints.map(() => new Map<string, number>());
  const required = new RequiredNodeAffinity(pod.pod);
  const ns = pod.pod.namespace;
  for (const ni of nodes) {
    const node = ni.node;
    if (!opts.nodeInclusionPolicy && !required.matches(node)) continue;
    if (!nodeHasAllKeys(node.labels, constraints)) continue;
    for (let i = 0; i < constraints.length; i++) {
      const c = constraints[i]!;
      if (opts.nodeInclusionPolicy && !nodeCounted(c, pod.pod, node, required, opts)) continue;
      const value = node.labels.get(c.topologyKey)!;
      const m = counts[i]!;
      m.set(value, (m.get(value) ?? 0) + countMatchingPods(ni, c, ns));
    }
  }
  const minMatch = new Int32Array(constraints.length);
  const selfMatch = new Uint8Array(constraints.length);
  for (let i = 0; i < constraints.length; i++) {
    const c = constraints[i]!;
    let min = MAX_INT32;
    for (const n of counts[i]!.values()) if (n < min) min = n;
    // Fewer eligible domains than minDomains: the global minimum is treated as 0.
    minMatch[i] = counts[i]!.size < c.minDomains ? 0 : min;
    selfMatch[i] = selfMatches(c, pod) ? 1 : 0;
  }
  return { constraints, counts, minMatch, selfMatch };
}

/** PreFilter: Skip without hard constraints, else store the counts. */
export function preFilter(
  state: CycleState,
  pod: PodInfo,
  snapshot: SnapshotView,
  constraints: readonly CompiledConstraint[],
  opts: CountOptions,
): PreFilterResult {
  // The state is written even on Skip: upstream's "empty preFilterState tolerates every pod", which a Filter
  // run after a re-computed PreFilter (the preemption dry run) then finds.
  state.write(SPREAD_PREFILTER_STATE, computePreFilterState(constraints, pod, snapshot.nodes, opts));
  return { status: constraints.length === 0 ? SKIP : SUCCESS };
}

/** Filter: for each hard constraint, `count(domain) + selfMatch − minMatch ≤ maxSkew`. O(#constraints), no allocation. */
export function filter(state: CycleState, node: NodeInfo): Status {
  const s = state.read(SPREAD_PREFILTER_STATE);
  if (s === undefined) return NOT_FOUND;
  const labels = node.node.labels;
  const cs = s.constraints;
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i]!;
    const value = labels.get(c.topologyKey);
    if (value === undefined) return NODE_LABEL_NOT_MATCH;
    const skew = (s.counts[i]!.get(value) ?? 0) + s.selfMatch[i]! - s.minMatch[i]!;
    if (skew > c.maxSkew) return CONSTRAINTS_NOT_MATCH;
  }
  return SUCCESS;
}
