// kube-scheduler: plugins/podtopologyspread/scoring.go (PreScore, Score, NormalizeScore; docs/scheduler.md §5.9).
import { DomainError } from "../../errors.js";
import { stateKey, type CycleState } from "../../framework/interfaces.js";
import { PluginStatusError, SKIP, SUCCESS, errorStatus, type Status } from "../../framework/status.js";
import type { NodeInfo, PodInfo, SnapshotView } from "../../framework/types.js";
import { RequiredNodeAffinity } from "../../labels/nodeselector.js";
import { goLog } from "../../util/golog.js";
import { goRound } from "../../util/goround.js";
import { MAX_NODE_SCORE, MAX_NORMALIZE_INPUT } from "../helper/normalize-score.js";
import {
  LABEL_HOSTNAME,
  NAME,
  countMatchingPods,
  nodeCounted,
  nodeHasAllKeys,
  type CompiledConstraint,
} from "./common.js";
import type { CountOptions } from "./filtering.js";

const PRE_SCORE_KEY = "PreScore" + NAME;

/**
 * PreScore's state as written: its inputs, and the counts and weights computed from them on first use. Upstream
 * counts in PreScore; nothing changes the snapshot between PreScore and Score, so counting at the first Score
 * gives the same state, and an engine that scores the plugin over columns (@schedkit/asm) reads only the inputs.
 */
export interface SpreadPreScore {
  readonly constraints: readonly CompiledConstraint[];
  readonly pod: PodInfo;
  readonly feasible: readonly NodeInfo[];
  readonly allNodes: readonly NodeInfo[];
  /** False only for the system-default constraints (see computePreScoreState). */
  readonly requireAllTopologies: boolean;
  readonly opts: CountOptions;
  /** initPreScoreState's counts and weights. */
  counted(): PreScoreState;
}

/** The key of PodTopologySpread's PreScore state (preScoreStateKey). */
export const SPREAD_PRESCORE_STATE = stateKey<SpreadPreScore>(PRE_SCORE_KEY);

/** What PreScore computes once per pod (upstream preScoreState), read by Score per node. */
export interface PreScoreState {
  readonly constraints: readonly CompiledConstraint[];
  /** Per constraint: 1 when its key is the hostname label (counted per node at Score time). */
  readonly isHostname: Uint8Array;
  /** Per node index (NodeInfo.index): 1 when the node is ignored (lacks a key while all are required). */
  readonly ignored: Uint8Array;
  /** Per constraint: domain value → matching pods (TopologyValueToPodCounts; empty for hostname). */
  readonly counts: readonly Map<string, number>[];
  /** Per constraint: ln(domains + 2) with Go's math.Log (TopologyNormalizingWeight). */
  readonly weights: Float64Array;
  readonly namespace: string;
}

/**
 * initPreScoreState + PreScore. `requireAllTopologies` is false only for system-default constraints, where a
 * feasible node without the zone label is recorded under the value "" (a pseudo-domain that counts towards the
 * zone's domain number and collects the pods of other zone-less nodes).
 */
export function computePreScoreState(
  constraints: readonly CompiledConstraint[],
  pod: PodInfo,
  feasible: readonly NodeInfo[],
  allNodes: readonly NodeInfo[],
  requireAllTopologies: boolean,
  opts: CountOptions,
): PreScoreState {
  const n = constraints.length;
  const isHostname = new Uint8Array(n);
  for (let i = 0; i < n; i++) isHostname[i] = constraints[i]!.topologyKey === LABEL_HOSTNAME ? 1 : 0;
  let maxIndex = -1;
  for (const ni of allNodes) if (ni.index > maxIndex) maxIndex = ni.index;
  for (const ni of feasible) if (ni.index > maxIndex) maxIndex = ni.index;
  const ignored = new Uint8Array(maxIndex + 1);
  const counts = constraints.map(() => new Map<string, number>());

  let ignoredCount = 0;
  for (const ni of feasible) {
    const labels = ni.node.labels;
    if (requireAllTopologies && !nodeHasAllKeys(labels, constraints)) {
      ignored[ni.index] = 1;
      ignoredCount++;
      continue;
    }
    for (let i = 0; i < n; i++) {
      if (isHostname[i]) continue;
      const value = labels.get(constraints[i]!.topologyKey) ?? "";
      if (!counts[i]!.has(value)) counts[i]!.set(value, 0);
    }
  }
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const size = isHostname[i] ? feasible.length - ignoredCount : counts[i]!.size;
    weights[i] = goLog(size + 2);
  }

  const required = new RequiredNodeAffinity(pod.pod);
  const ns = pod.pod.namespace;
  for (const ni of allNodes) {
    const node = ni.node;
    if (!opts.nodeInclusionPolicy && !required.matches(node)) continue;
    if (requireAllTopologies && !nodeHasAllKeys(node.labels, constraints)) continue;
    for (let i = 0; i < n; i++) {
      const c = constraints[i]!;
      if (opts.nodeInclusionPolicy && !nodeCounted(c, pod.pod, node, required, opts)) continue;
      // Only domains of scored nodes are counted; hostname counts are taken per node in Score.
      const value = node.labels.get(c.topologyKey) ?? "";
      const m = counts[i]!;
      const prev = m.get(value);
      if (prev === undefined) continue;
      m.set(value, prev + countMatchingPods(ni, c, ns));
    }
  }
  return { constraints, isHostname, ignored, counts, weights, namespace: ns };
}

/** PreScore: Skip without soft constraints (or without nodes), else store the counts and weights. */
export function preScore(
  state: CycleState,
  pod: PodInfo,
  feasible: readonly NodeInfo[],
  snapshot: SnapshotView,
  constraints: readonly CompiledConstraint[],
  requireAllTopologies: boolean,
  opts: CountOptions,
): Status {
  if (snapshot.nodes.length === 0 || constraints.length === 0) return SKIP;
  const allNodes = snapshot.nodes;
  let counted: PreScoreState | undefined;
  state.write(SPREAD_PRESCORE_STATE, {
    constraints,
    pod,
    feasible,
    allNodes,
    requireAllTopologies,
    opts,
    counted: () => (counted ??= computePreScoreState(constraints, pod, feasible, allNodes, requireAllTopologies, opts)),
  });
  return SUCCESS;
}

function readState(state: CycleState): PreScoreState {
  const s = state.read(SPREAD_PRESCORE_STATE);
  if (s === undefined) throw new PluginStatusError(errorStatus(NAME, `error reading "${PRE_SCORE_KEY}" from cycleState: not found`));
  return s.counted();
}

/**
 * Raw score of one node: round(Σ cnt·w + (maxSkew − 1)) over the constraints whose key the node has; 0 for
 * ignored nodes. O(#constraints) except for hostname constraints, which count the node's own pods.
 */
export function score(state: CycleState, node: NodeInfo): number {
  const s = readState(state);
  if (s.ignored[node.index] === 1) return 0;
  const labels = node.node.labels;
  const cs = s.constraints;
  let sum = 0;
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i]!;
    const value = labels.get(c.topologyKey);
    if (value === undefined) continue;
    const cnt = s.isHostname[i] ? countMatchingPods(node, c, s.namespace) : (s.counts[i]!.get(value) ?? 0);
    // scoreForCount: float64(cnt)*weight + float64(maxSkew-1), added to the running float64 sum.
    sum += cnt * s.weights[i]! + (c.maxSkew - 1);
  }
  const raw = goRound(sum);
  if (raw > MAX_NORMALIZE_INPUT) {
    throw new DomainError(`nodes[${JSON.stringify(node.node.name)}]`, raw, `${NAME} score exceeds the exact domain (max 2^40)`);
  }
  return raw;
}

/**
 * NormalizeScore: ignored nodes 0; otherwise with min/max over the others (max starting at 0),
 * `100 · (max + min − s) / max` in int64 (or 100 for every node when max is 0). Fewer pods → higher score.
 */
export function normalizeScore(state: CycleState, nodes: readonly NodeInfo[], scores: Float64Array): void {
  const s = readState(state);
  let min = Infinity;
  let max = 0;
  for (let i = 0; i < scores.length; i++) {
    if (s.ignored[nodes[i]!.index] === 1) continue;
    const v = scores[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  for (let i = 0; i < scores.length; i++) {
    if (s.ignored[nodes[i]!.index] === 1) {
      scores[i] = 0;
    } else if (max === 0) {
      scores[i] = MAX_NODE_SCORE;
    } else {
      // Raw scores are in [min, max] ⊂ [0, 2^40], so the float quotient truncates like Go's int64 division.
      scores[i] = Math.trunc((MAX_NODE_SCORE * (max + min - scores[i]!)) / max);
    }
  }
}
