// kube-scheduler: plugins/interpodaffinity/scoring.go (PreScore, Score, NormalizeScore; docs/scheduler.md §5.10).
import { DomainError } from "../../errors.js";
import { stateKey, type CycleState } from "../../framework/interfaces.js";
import { PluginStatusError, SKIP, SUCCESS, errorStatus, type Status } from "../../framework/status.js";
import type { AffinityTerm, NodeInfo, PodInfo, SnapshotView, WeightedAffinityTerm } from "../../framework/types.js";
import type { Labels, Pod } from "../../model/types.js";
import { MAX_NODE_SCORE } from "../helper/normalize-score.js";
import { NAME, existingTermMatches, incomingTermMatches, namespaceLabelsOf, type TopologyCounts } from "./filtering.js";

const PRE_SCORE_KEY = "PreScore" + NAME;

/** Largest |raw score| accepted: up to 2^52 the int64 difference `s − min` is exact in float64. */
export const MAX_EXACT_SCORE = 2 ** 52;

/** InterPodAffinityArgs after defaulting and validation. */
export interface InterPodAffinityArgs {
  /** Weight of an existing pod's required affinity term that the incoming pod matches (0..100, default 1). */
  readonly hardPodAffinityWeight: number;
  /** Skip scoring for pods without preferred (anti-)affinity instead of honouring existing pods' preferences. */
  readonly ignorePreferredTermsOfExistingPods: boolean;
}

/** What PreScore computes once per pod: the topologyScore map as parallel arrays. */
export interface PreScoreState {
  readonly keys: readonly string[];
  readonly scores: readonly ReadonlyMap<string, number>[];
}

/** The key of InterPodAffinity's PreScore state (preScoreStateKey). */
export const AFFINITY_PRESCORE_STATE = stateKey<PreScoreState>(PRE_SCORE_KEY);

/** Accumulates topologyScore[key][value] += delta; `touched` records that some term contributed. */
class TopologyScore {
  readonly map: TopologyCounts = new Map();
  touched = false;

  add(key: string, labels: Labels, delta: number): void {
    const v = labels.get(key);
    if (v === undefined) return;
    this.touched = true;
    let m = this.map.get(key);
    if (m === undefined) this.map.set(key, (m = new Map()));
    m.set(v, (m.get(v) ?? 0) + delta);
  }
}

function processIncomingTerms(ts: TopologyScore, terms: readonly WeightedAffinityTerm[], e: Pod, labels: Labels, snapshot: SnapshotView, sign: number): void {
  for (const w of terms) if (incomingTermMatches(w.term, e, snapshot)) ts.add(w.term.topologyKey, labels, w.weight * sign);
}

function processExistingTerms(ts: TopologyScore, terms: readonly WeightedAffinityTerm[], incoming: Pod, nsLabels: Labels, labels: Labels, sign: number): void {
  for (const w of terms) if (existingTermMatches(w.term, incoming, nsLabels)) ts.add(w.term.topologyKey, labels, w.weight * sign);
}

function processRequired(ts: TopologyScore, terms: readonly AffinityTerm[], incoming: Pod, nsLabels: Labels, labels: Labels, weight: number): void {
  for (const t of terms) if (existingTermMatches(t, incoming, nsLabels)) ts.add(t.topologyKey, labels, weight);
}

/**
 * PreScore: sums, per (topology key, value), the incoming pod's preferred (anti-)affinity towards existing
 * pods and the existing pods' required (hardPodAffinityWeight) and preferred (anti-)affinity towards it.
 * Every node is visited when the pod has preferred terms, otherwise only nodes hosting pods with affinity.
 */
function computeTopologyScore(pod: PodInfo, snapshot: SnapshotView, args: InterPodAffinityArgs, hasConstraints: boolean): TopologyScore {
  const incoming = pod.pod;
  const nsLabels = namespaceLabelsOf(snapshot, incoming.namespace);
  const ts = new TopologyScore();
  const nodes = hasConstraints ? snapshot.nodes : snapshot.havePodsWithAffinity();
  for (const ni of nodes) {
    const labels = ni.node.labels;
    if (labels.size === 0) continue;
    const pods = hasConstraints ? ni.pods : ni.podsWithAffinity;
    for (const e of pods) {
      processIncomingTerms(ts, pod.preferredAffinityTerms, e.pod, labels, snapshot, 1);
      processIncomingTerms(ts, pod.preferredAntiAffinityTerms, e.pod, labels, snapshot, -1);
      if (args.hardPodAffinityWeight > 0) processRequired(ts, e.requiredAffinityTerms, incoming, nsLabels, labels, args.hardPodAffinityWeight);
      processExistingTerms(ts, e.preferredAffinityTerms, incoming, nsLabels, labels, 1);
      processExistingTerms(ts, e.preferredAntiAffinityTerms, incoming, nsLabels, labels, -1);
    }
  }
  return ts;
}

/** PreScore: Skip when ignoring existing pods' preferences for a pod without preferred terms, or when nothing contributed. */
export function preScore(state: CycleState, pod: PodInfo, snapshot: SnapshotView, args: InterPodAffinityArgs): Status {
  const aff = pod.pod.affinity;
  const hasConstraints = (aff.podAffinity?.preferred.length ?? 0) > 0 || (aff.podAntiAffinity?.preferred.length ?? 0) > 0;
  if (args.ignorePreferredTermsOfExistingPods && !hasConstraints) return SKIP;
  const ts = computeTopologyScore(pod, snapshot, args, hasConstraints);
  if (!ts.touched) return SKIP;
  const s: PreScoreState = { keys: [...ts.map.keys()], scores: [...ts.map.values()] };
  state.write(AFFINITY_PRESCORE_STATE, s);
  return SUCCESS;
}

function readState(state: CycleState): PreScoreState {
  const s = state.read(AFFINITY_PRESCORE_STATE);
  if (s === undefined) throw new PluginStatusError(errorStatus(NAME, `failed to read "${PRE_SCORE_KEY}" from cycleState: not found`));
  return s;
}

/** Score: Σ over topology keys the node has of topologyScore[key][node's value]; may be negative. */
export function score(state: CycleState, node: NodeInfo): number {
  const s = readState(state);
  const labels = node.node.labels;
  let sum = 0;
  for (let i = 0; i < s.keys.length; i++) {
    const v = labels.get(s.keys[i]!);
    if (v !== undefined) sum += s.scores[i]!.get(v) ?? 0;
  }
  if (Math.abs(sum) > MAX_EXACT_SCORE) {
    throw new DomainError(`nodes[${JSON.stringify(node.node.name)}]`, sum, `${NAME} score exceeds the exact domain (|score| ≤ 2^52)`);
  }
  return sum;
}

/** NormalizeScore: `int64(100 · (s − min) / (max − min))` in float64 with the true min and max (v1.21+); all 0 when equal. */
export function normalizeScore(state: CycleState, scores: Float64Array): void {
  readState(state);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < scores.length; i++) {
    const v = scores[i]!;
    if (v > max) max = v;
    if (v < min) min = v;
  }
  const diff = max - min;
  for (let i = 0; i < scores.length; i++) {
    scores[i] = diff > 0 ? Math.trunc(MAX_NODE_SCORE * ((scores[i]! - min) / diff)) : 0;
  }
}
