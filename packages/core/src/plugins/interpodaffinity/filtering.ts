// kube-scheduler: plugins/interpodaffinity/filtering.go (PreFilter counts, Filter; docs/scheduler.md §4.8) and the
// namespace handling of plugin.go (mergeAffinityTermNamespacesIfNotEmpty, GetNamespaceLabelsSnapshot).
import { stateKey, type CycleState, type PreFilterResult } from "../../framework/interfaces.js";
import { SKIP, SUCCESS, errorStatus, unresolvable, unschedulable, type Status } from "../../framework/status.js";
import type { AffinityTerm, NodeInfo, PodInfo, SnapshotView } from "../../framework/types.js";
import type { Labels, Pod } from "../../model/types.js";

export const NAME = "InterPodAffinity";

/** ErrReasonExistingAntiAffinityRulesNotMatch. */
export const ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't satisfy existing pods anti-affinity rules";
/** ErrReasonAffinityRulesNotMatch. */
export const ERR_REASON_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod affinity rules";
/** ErrReasonAntiAffinityRulesNotMatch. */
export const ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod anti-affinity rules";

const PRE_FILTER_KEY = "PreFilter" + NAME;
/** The key of InterPodAffinity's PreFilter state (preFilterStateKey). */
export const AFFINITY_PREFILTER_STATE = stateKey<PreFilterState>(PRE_FILTER_KEY);
const AFFINITY_NOT_MATCH: Status = Object.freeze(unresolvable(NAME, ERR_REASON_AFFINITY_RULES_NOT_MATCH));
const ANTI_AFFINITY_NOT_MATCH: Status = Object.freeze(unschedulable(NAME, ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH));
const EXISTING_ANTI_AFFINITY_NOT_MATCH: Status = Object.freeze(unschedulable(NAME, ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH));
const NOT_FOUND: Status = Object.freeze(errorStatus(NAME, `error reading "${PRE_FILTER_KEY}" from cycleState: not found`));

const NO_LABELS: Labels = new Map();

/** GetNamespaceLabelsSnapshot: the labels of a namespace; a namespace without an object has none. */
export function namespaceLabelsOf(snapshot: SnapshotView, namespace: string): Labels {
  return snapshot.namespaceLabels(namespace) ?? NO_LABELS;
}

/**
 * A term of the incoming pod matching another pod. Upstream first unrolls a non-empty namespaceSelector into
 * the namespace set (listing the Namespace objects it selects) and keeps an empty one (`{}`), which matches
 * every namespace; looking the pod's namespace up is the same test, and a namespace with no object is never
 * selected by a non-empty selector.
 */
export function incomingTermMatches(t: AffinityTerm, pod: Pod, snapshot: SnapshotView): boolean {
  if (!namespaceMatches(t, pod.namespace, snapshot)) return false;
  return t.selector.matches(pod.labels);
}

function namespaceMatches(t: AffinityTerm, namespace: string, snapshot: SnapshotView): boolean {
  if (t.namespaces.has(namespace)) return true;
  const sel = t.namespaceSelector;
  if (sel === null || sel.nothing) return false;
  if (sel.everything) return true;
  const labels = snapshot.namespaceLabels(namespace);
  return labels !== undefined && sel.matches(labels);
}

/** AffinityTerm.Matches for an existing pod's term against the incoming pod, with the incoming pod's namespace labels. */
export function existingTermMatches(t: AffinityTerm, incoming: Pod, incomingNsLabels: Labels): boolean {
  if (!t.namespaces.has(incoming.namespace) && (t.namespaceSelector === null || !t.namespaceSelector.matches(incomingNsLabels))) return false;
  return t.selector.matches(incoming.labels);
}

/** podMatchesAllAffinityTerms for the incoming pod's terms: false for an empty list. */
function matchesAllIncomingTerms(terms: readonly AffinityTerm[], pod: Pod, snapshot: SnapshotView): boolean {
  if (terms.length === 0) return false;
  for (const t of terms) if (!incomingTermMatches(t, pod, snapshot)) return false;
  return true;
}

/** Counts keyed by (topology key, value): key → value → count (upstream topologyToMatchedTermCount). */
export type TopologyCounts = Map<string, Map<string, number>>;

function bump(counts: TopologyCounts, key: string, value: string, by: number): void {
  let m = counts.get(key);
  if (m === undefined) counts.set(key, (m = new Map()));
  m.set(value, (m.get(value) ?? 0) + by);
}

/** What PreFilter computes once per pod (upstream preFilterState), read by Filter per node. */
export interface PreFilterState {
  readonly pod: PodInfo;
  /** Per required affinity term of the incoming pod: value → existing pods matching all the terms. */
  readonly affinityByTerm: readonly (ReadonlyMap<string, number> | undefined)[];
  /** affinityCounts has no entry at all. */
  readonly affinityEmpty: boolean;
  /** The incoming pod matches all of its own required affinity terms (first pod of a self-affine group). */
  readonly selfAffine: boolean;
  /** Per required anti-affinity term of the incoming pod: value → existing pods it matches. */
  readonly antiAffinityByTerm: readonly (ReadonlyMap<string, number> | undefined)[];
  /** existingAntiAffinityCounts as parallel arrays: topology keys and their value → count maps. */
  readonly existingAntiKeys: readonly string[];
  readonly existingAntiCounts: readonly ReadonlyMap<string, number>[];
}

/** The three PreFilter count maps (exposed for tests and analyses). */
interface AffinityCounts {
  readonly existingAntiAffinity: TopologyCounts;
  readonly affinity: TopologyCounts;
  readonly antiAffinity: TopologyCounts;
}

/** getExistingAntiAffinityCounts + getIncomingAffinityAntiAffinityCounts. */
function computeAffinityCounts(pod: PodInfo, snapshot: SnapshotView): AffinityCounts {
  const incoming = pod.pod;
  const nsLabels = namespaceLabelsOf(snapshot, incoming.namespace);
  const existingAntiAffinity: TopologyCounts = new Map();
  for (const ni of snapshot.havePodsWithRequiredAntiAffinity()) {
    const labels = ni.node.labels;
    for (const e of ni.podsWithRequiredAntiAffinity) {
      for (const t of e.requiredAntiAffinityTerms) {
        if (!existingTermMatches(t, incoming, nsLabels)) continue;
        const v = labels.get(t.topologyKey);
        if (v !== undefined) bump(existingAntiAffinity, t.topologyKey, v, 1);
      }
    }
  }

  const affinity: TopologyCounts = new Map();
  const antiAffinity: TopologyCounts = new Map();
  const affTerms = pod.requiredAffinityTerms;
  const antiTerms = pod.requiredAntiAffinityTerms;
  if (affTerms.length > 0 || antiTerms.length > 0) {
    for (const ni of snapshot.nodes) {
      const labels = ni.node.labels;
      for (const e of ni.pods) {
        if (matchesAllIncomingTerms(affTerms, e.pod, snapshot)) {
          for (const t of affTerms) {
            const v = labels.get(t.topologyKey);
            if (v !== undefined) bump(affinity, t.topologyKey, v, 1);
          }
        }
        for (const t of antiTerms) {
          if (!incomingTermMatches(t, e.pod, snapshot)) continue;
          const v = labels.get(t.topologyKey);
          if (v !== undefined) bump(antiAffinity, t.topologyKey, v, 1);
        }
      }
    }
  }
  return { existingAntiAffinity, affinity, antiAffinity };
}

/** The state Filter reads, from the three count maps. */
function stateOf(pod: PodInfo, counts: AffinityCounts, selfAffine: boolean): PreFilterState {
  let affinityEmpty = true;
  for (const m of counts.affinity.values()) if (m.size > 0) affinityEmpty = false;
  return {
    pod,
    affinityByTerm: pod.requiredAffinityTerms.map((t) => counts.affinity.get(t.topologyKey)),
    affinityEmpty,
    selfAffine,
    antiAffinityByTerm: pod.requiredAntiAffinityTerms.map((t) => counts.antiAffinity.get(t.topologyKey)),
    existingAntiKeys: [...counts.existingAntiAffinity.keys()],
    existingAntiCounts: [...counts.existingAntiAffinity.values()],
  };
}

/** PreFilter: Skip when no existing pod's anti-affinity matches and the pod has no required (anti-)affinity. */
export function preFilter(state: CycleState, pod: PodInfo, snapshot: SnapshotView): PreFilterResult {
  const counts = computeAffinityCounts(pod, snapshot);
  const affTerms = pod.requiredAffinityTerms;
  const antiTerms = pod.requiredAntiAffinityTerms;
  state.write(AFFINITY_PREFILTER_STATE, stateOf(pod, counts, matchesAllIncomingTerms(affTerms, pod.pod, snapshot)));
  const skip = counts.existingAntiAffinity.size === 0 && affTerms.length === 0 && antiTerms.length === 0;
  return { status: skip ? SKIP : SUCCESS };
}

/** The counts a state was built from; the maps are the state's own, to be copied before a change. */
function countsOf(s: PreFilterState): AffinityCounts {
  const affinity: TopologyCounts = new Map();
  s.pod.requiredAffinityTerms.forEach((t, i) => {
    const m = s.affinityByTerm[i];
    if (m !== undefined) affinity.set(t.topologyKey, m as Map<string, number>);
  });
  const antiAffinity: TopologyCounts = new Map();
  s.pod.requiredAntiAffinityTerms.forEach((t, i) => {
    const m = s.antiAffinityByTerm[i];
    if (m !== undefined) antiAffinity.set(t.topologyKey, m as Map<string, number>);
  });
  const existingAntiAffinity: TopologyCounts = new Map();
  s.existingAntiKeys.forEach((k, i) => existingAntiAffinity.set(k, s.existingAntiCounts[i] as Map<string, number>));
  return { existingAntiAffinity, affinity, antiAffinity };
}

/**
 * topologyToMatchedTermCount.update on copies: `by` added to (key, node's value), the pair dropped when it
 * reaches 0. `copied` remembers the inner maps already copied in this update.
 */
function bumpCopy(counts: TopologyCounts, copied: Set<Map<string, number>>, key: string, value: string, by: number): void {
  let m = counts.get(key);
  if (m === undefined || !copied.has(m)) {
    m = new Map(m ?? []);
    copied.add(m);
    counts.set(key, m);
  }
  const n = (m.get(value) ?? 0) + by;
  if (n === 0) m.delete(value);
  else m.set(value, n);
}

/**
 * preFilterState.updateWithPod, the AddPod (`by` 1) / RemovePod (−1) PreFilter extension: `other`'s required
 * anti-affinity terms against the incoming pod, and the incoming pod's terms against `other`, on `node`.
 * Returns a changed copy, or `s` when nothing changes.
 */
function updateWithPod(s: PreFilterState, other: PodInfo, node: NodeInfo, by: 1 | -1, snapshot: SnapshotView): PreFilterState {
  const incoming = s.pod;
  const labels = node.node.labels;
  const counts = countsOf(s);
  const copied = new Set<Map<string, number>>();
  const nsLabels = namespaceLabelsOf(snapshot, incoming.pod.namespace);
  for (const t of other.requiredAntiAffinityTerms) {
    if (!existingTermMatches(t, incoming.pod, nsLabels)) continue;
    const v = labels.get(t.topologyKey);
    if (v !== undefined) bumpCopy(counts.existingAntiAffinity, copied, t.topologyKey, v, by);
  }
  const affTerms = incoming.requiredAffinityTerms;
  if (matchesAllIncomingTerms(affTerms, other.pod, snapshot)) {
    for (const t of affTerms) {
      const v = labels.get(t.topologyKey);
      if (v !== undefined) bumpCopy(counts.affinity, copied, t.topologyKey, v, by);
    }
  }
  for (const t of incoming.requiredAntiAffinityTerms) {
    if (!incomingTermMatches(t, other.pod, snapshot)) continue;
    const v = labels.get(t.topologyKey);
    if (v !== undefined) bumpCopy(counts.antiAffinity, copied, t.topologyKey, v, by);
  }
  return copied.size === 0 ? s : stateOf(incoming, counts, s.selfAffine);
}

/** AddPod (`by` 1) / RemovePod (−1): PreFilterExtensions on a clone of the cycle state. */
export function updateState(state: CycleState, other: PodInfo, node: NodeInfo, by: 1 | -1): Status {
  const s = state.read(AFFINITY_PREFILTER_STATE);
  if (s === undefined) return NOT_FOUND;
  const next = updateWithPod(s, other, node, by, state.snapshot);
  if (next !== s) state.write(AFFINITY_PREFILTER_STATE, next);
  return SUCCESS;
}

// satisfyPodAffinity: every term's key must be on the node; a term whose domain holds no matching pod
// fails unless no pod in the cluster matches and the pod matches its own terms.
function satisfyPodAffinity(s: PreFilterState, labels: Labels): boolean {
  const terms = s.pod.requiredAffinityTerms;
  let podsExist = true;
  for (let i = 0; i < terms.length; i++) {
    const v = labels.get(terms[i]!.topologyKey);
    if (v === undefined) return false;
    if ((s.affinityByTerm[i]?.get(v) ?? 0) <= 0) podsExist = false;
  }
  return podsExist || (s.affinityEmpty && s.selfAffine);
}

function satisfyPodAntiAffinity(s: PreFilterState, labels: Labels): boolean {
  const terms = s.pod.requiredAntiAffinityTerms;
  for (let i = 0; i < terms.length; i++) {
    const v = labels.get(terms[i]!.topologyKey);
    if (v !== undefined && (s.antiAffinityByTerm[i]?.get(v) ?? 0) > 0) return false;
  }
  return true;
}

// satisfyExistingPodsAntiAffinity walks the node's labels; walking the counted keys instead is the same test.
function satisfyExistingPodsAntiAffinity(s: PreFilterState, labels: Labels): boolean {
  for (let i = 0; i < s.existingAntiKeys.length; i++) {
    const v = labels.get(s.existingAntiKeys[i]!);
    if (v !== undefined && (s.existingAntiCounts[i]!.get(v) ?? 0) > 0) return false;
  }
  return true;
}

/** Filter: affinity (UU), then own anti-affinity, then existing pods' anti-affinity. No allocation. */
export function filter(state: CycleState, node: NodeInfo): Status {
  const s = state.read(AFFINITY_PREFILTER_STATE);
  if (s === undefined) return NOT_FOUND;
  const labels = node.node.labels;
  if (!satisfyPodAffinity(s, labels)) return AFFINITY_NOT_MATCH;
  if (!satisfyPodAntiAffinity(s, labels)) return ANTI_AFFINITY_NOT_MATCH;
  if (!satisfyExistingPodsAntiAffinity(s, labels)) return EXISTING_ANTI_AFFINITY_NOT_MATCH;
  return SUCCESS;
}
