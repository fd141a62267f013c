// kube-scheduler: plugins/podtopologyspread/filtering.go (PreFilter counts, Filter skew check; docs/scheduler.md §4.7).
import { stateKey, type CycleState, type PreFilterResult } from "../../framework/interfaces.js";
import { SKIP, SUCCESS, errorStatus, unresolvable, unschedulable, type Status } from "../../framework/status.js";
import type { NodeInfo, PodInfo, SnapshotView } from "../../framework/types.js";
import { RequiredNodeAffinity } from "../../labels/nodeselector.js";
import type { Node, Pod } from "../../model/types.js";
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

/**
 * criticalPaths: the two domains with the fewest matching pods, as upstream keeps them. Its first count is the
 * global minimum as long as AddPod / RemovePod change one domain at a time (one node's pods), as they do.
 */
interface CriticalPaths {
  v0: string;
  n0: number;
  v1: string;
  n1: number;
}

/** What PreFilter computes once per pod (upstream preFilterState), read by Filter per node. */
export interface PreFilterState {
  readonly constraints: readonly CompiledConstraint[];
  /** Per constraint: topology value → matching pods in that domain (TpValueToMatchNum) as PreFilter counted them. */
  readonly counts: readonly Map<string, number>[];
  /**
   * Per constraint: the domains AddPod / RemovePod changed since PreFilter, with their counts (null: none). Null
   * in PreFilter's own state; a changed state is a copy, so PreFilter's maps stay shared and unchanged.
   */
  readonly changed: readonly (ReadonlyMap<string, number> | null)[] | null;
  /** Per constraint: the critical paths (criticalPaths: the two smallest domains, values and counts). */
  readonly paths: readonly { readonly v0: string; readonly n0: number; readonly v1: string; readonly n1: number }[];
  /** Per constraint: the global minimum with minDomains applied (minMatchNum). */
  readonly minMatch: Int32Array;
  /** Per constraint: 1 when the incoming pod matches its own selector. */
  readonly selfMatch: Uint8Array;
}

/** The key of PodTopologySpread's PreFilter state (preFilterStateKey). */
export const SPREAD_PREFILTER_STATE = stateKey<PreFilterState>(PRE_FILTER_KEY);

const EMPTY_STATE: PreFilterState = Object.freeze({ constraints: [], counts: [], changed: null, paths: [], minMatch: new Int32Array(0), selfMatch: new Uint8Array(0) });

/** criticalPaths.update, as upstream writes it (an unset path's value is "", its count MaxInt32). */
function updatePaths(p: CriticalPaths, value: string, n: number): void {
  const i = value === p.v0 ? 0 : value === p.v1 ? 1 : -1;
  if (i >= 0) {
    if (i === 0) p.n0 = n;
    else p.n1 = n;
    if (p.n0 > p.n1) {
      const v = p.v0;
      p.v0 = p.v1;
      p.v1 = v;
      const m = p.n0;
      p.n0 = p.n1;
      p.n1 = m;
    }
  } else if (n < p.n0) {
    p.v1 = p.v0;
    p.n1 = p.n0;
    p.v0 = value;
    p.n0 = n;
  } else if (n < p.n1) {
    p.v1 = value;
    p.n1 = n;
  }
}

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
  const paths: CriticalPaths[] = [];
  for (let i = 0; i < constraints.length; i++) {
    const c = constraints[i]!;
    const p: CriticalPaths = { v0: "", n0: MAX_INT32, v1: "", n1: MAX_INT32 };
    for (const [value, n] of counts[i]!) updatePaths(p, value, n);
    paths.push(p);
    // Fewer eligible domains than minDomains: the global minimum is treated as 0.
    minMatch[i] = counts[i]!.size < c.minDomains ? 0 : p.n0;
    selfMatch[i] = selfMatches(c, pod) ? 1 : 0;
  }
  return { constraints, counts, changed: null, paths, minMatch, selfMatch };
}

/** TpValueToMatchNum[i][value]. */
function countOf(s: PreFilterState, i: number, value: string): number {
  const changed = s.changed?.[i];
  if (changed != null) {
    const n = changed.get(value);
    if (n !== undefined) return n;
  }
  return s.counts[i]!.get(value) ?? 0;
}

/**
 * updateWithPod, the AddPod (`delta` 1) / RemovePod (−1) PreFilter extension: `updated`, on `node`, now counts
 * (or no longer counts) in the incoming pod's domains. Returns a changed copy, or `s` when nothing changes.
 * Unlike PreFilter's countPodsMatchSelector it counts terminating pods and counts under an empty selector (`{}`):
 * upstream's updateWithPod tests `Selector.Matches` alone, so the two disagree there, and Filter sees the sum.
 */
function updateWithPod(s: PreFilterState, updated: Pod, pod: PodInfo, node: Node, delta: 1 | -1, opts: CountOptions): PreFilterState {
  const constraints = s.constraints;
  if (constraints.length === 0 || updated.namespace !== pod.pod.namespace) return s;
  if (!nodeHasAllKeys(node.labels, constraints)) return s;
  const required = new RequiredNodeAffinity(pod.pod);
  if (!opts.nodeInclusionPolicy && !required.matches(node)) return s;
  let changed: (ReadonlyMap<string, number> | null)[] | null = null;
  let paths: CriticalPaths[] = [];
  let minMatch = s.minMatch;
  for (let i = 0; i < constraints.length; i++) {
    const c = constraints[i]!;
    if (!c.selector.matches(updated.labels)) continue;
    if (opts.nodeInclusionPolicy && !nodeCounted(c, pod.pod, node, required, opts)) continue;
    if (changed === null) {
      changed = s.changed === null ? constraints.map(() => null) : s.changed.slice();
      paths = s.paths.map((p) => ({ ...p }));
      minMatch = s.minMatch.slice();
    }
    const value = node.labels.get(c.topologyKey)!;
    const n = countOf(s, i, value) + delta;
    const m = new Map(changed[i] ?? []);
    m.set(value, n);
    changed[i] = m;
    const p = paths[i]!;
    updatePaths(p, value, n);
    let domains = s.counts[i]!.size;
    for (const v of m.keys()) if (!s.counts[i]!.has(v)) domains++;
    minMatch[i] = domains < c.minDomains ? 0 : p.n0;
  }
  return changed === null ? s : { constraints, counts: s.counts, changed, paths, minMatch, selfMatch: s.selfMatch };
}

/** PreFilter: Skip without hard constraints, else store the counts. */
export function preFilter(
  state: CycleState,
  pod: PodInfo,
  snapshot: SnapshotView,
  constraints: readonly CompiledConstraint[],
  opts: CountOptions,
): PreFilterResult {
  // Upstream writes no state on Skip; writing the empty one changes nothing: no Filter or extension runs for a
  // plugin that skipped.
  state.write(SPREAD_PREFILTER_STATE, computePreFilterState(constraints, pod, snapshot.nodes, opts));
  return { status: constraints.length === 0 ? SKIP : SUCCESS };
}

/** AddPod (`delta` 1) / RemovePod (−1): PreFilterExtensions on a clone of the cycle state. */
export function updateState(state: CycleState, pod: PodInfo, other: PodInfo, node: NodeInfo, delta: 1 | -1, opts: CountOptions): Status {
  const s = state.read(SPREAD_PREFILTER_STATE);
  if (s === undefined) return NOT_FOUND;
  const next = updateWithPod(s, other.pod, pod, node.node, delta, opts);
  if (next !== s) state.write(SPREAD_PREFILTER_STATE, next);
  return SUCCESS;
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
    const count = s.changed === null ? (s.counts[i]!.get(value) ?? 0) : countOf(s, i, value);
    const skew = count + s.selfMatch[i]! - s.minMatch[i]!;
    if (skew > c.maxSkew) return CONSTRAINTS_NOT_MATCH;
  }
  return SUCCESS;
}
