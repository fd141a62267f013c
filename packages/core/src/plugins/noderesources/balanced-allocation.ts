// kube-scheduler: pkg/scheduler/framework/plugins/noderesources/balanced_allocation.go (docs/scheduler.md §5.5, §8, §9):
// PreScore (Skip for best-effort pods, kubernetes/kubernetes#130260, v1.33), Score and balancedResourceScorer.
import { stateKey, type CycleState, type Plugin, type PluginContext, type PluginFactory } from "../../framework/interfaces.js";
import type { Status } from "../../framework/status.js";
import { PluginStatusError, SKIP, SUCCESS, errorStatus } from "../../framework/status.js";
import type { NodeInfo, PodInfo } from "../../framework/types.js";
import { atLeast } from "../../framework/version.js";
import { parseBalancedAllocationArgs } from "./args.js";
import { MAX_NODE_SCORE, ResourceAllocationScorer, draScoring, truncDiv } from "./resource-allocation.js";

/** The plugin name (names.NodeResourcesBalancedAllocation). */
export const NODE_RESOURCES_BALANCED_ALLOCATION = "NodeResourcesBalancedAllocation";

/** PreScore's state: the pod's request per configured resource, in the args' order (balancedAllocationPreScoreStateKey). */
export const BALANCED_PRESCORE_STATE = stateKey<Float64Array>("PreScore" + NODE_RESOURCES_BALANCED_ALLOCATION);

/** v1.36+ (kubernetes/kubernetes#135573): Score rates the change in balance the pod makes, not the balance with it. */
export function scoresBalanceChange(ctx: PluginContext): boolean {
  return atLeast(ctx.version, 36);
}

/**
 * balancedResourceScorer: int64((1 − std)·100) of the fractions min(requested/allocatable, 1) over the
 * entries with allocatable > 0; std is 0 below two fractions, |f0 − f1|/2 for two, the population standard
 * deviation above. `fractions` is caller-owned scratch of length ≥ n.
 *
 * Bit-exact with Go: the integers are below 2^53 so float64(int64) conversions are exact, and the same IEEE
 * operations (/, −, ·, +, sqrt — all correctly rounded in both languages, no FMA on amd64) run in the same
 * order; int64() truncates like Math.trunc.
 */
export function balancedResourceScore(requested: Float64Array, allocatable: Float64Array, n: number, fractions: Float64Array): number {
  let count = 0;
  let totalFraction = 0;
  for (let i = 0; i < n; i++) {
    const capacity = allocatable[i]!;
    if (capacity === 0) continue;
    let fraction = requested[i]! / capacity;
    if (fraction > 1) fraction = 1;
    totalFraction += fraction;
    fractions[count++] = fraction;
  }
  let std = 0;
  if (count === 2) {
    std = Math.abs((fractions[0]! - fractions[1]!) / 2);
  } else if (count > 2) {
    const mean = totalFraction / count;
    let sum = 0;
    for (let i = 0; i < count; i++) {
      const d = fractions[i]! - mean;
      sum = sum + d * d;
    }
    std = Math.sqrt(sum / count);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

class BalancedAllocation implements Plugin {
  readonly name = NODE_RESOURCES_BALANCED_ALLOCATION;
  private readonly scorer: ResourceAllocationScorer;
  private readonly fractions: Float64Array;
  /** v1.33+: PreScore skips pods requesting none of the configured resources. */
  private readonly skipBestEffort: boolean;
  /** v1.36+ (kubernetes/kubernetes#135573): score the change in balance instead of the balance with the pod. */
  private readonly scoreBalanceChange: boolean;
  private cachedState: CycleState | null = null;
  private cachedPod: PodInfo | null = null;
  private cachedRequests: Float64Array | null = null;
  private readonly ctx: PluginContext;

  constructor(resources: ConstructorParameters<typeof ResourceAllocationScorer>[0], ctx: PluginContext, resourcesPath: string) {
    this.scorer = new ResourceAllocationScorer(resources, true, { path: resourcesPath, version: `1.${ctx.version.minor}` });
    this.fractions = new Float64Array(resources.length);
    this.skipBestEffort = atLeast(ctx.version, 33);
    this.scoreBalanceChange = scoresBalanceChange(ctx);
    this.ctx = ctx;
  }

  preScore(state: CycleState, pod: PodInfo): Status {
    const reqs = this.scorer.podRequests(pod);
    if (this.skipBestEffort) {
      let any = false;
      for (let i = 0; i < reqs.length; i++) if (reqs[i] !== 0) any = true;
      // A best-effort pod would otherwise favour the same node every time (kubernetes/kubernetes#129138).
      if (!any) return SKIP;
    }
    state.write(BALANCED_PRESCORE_STATE, reqs);
    this.cachedState = state;
    this.cachedPod = pod;
    this.cachedRequests = reqs;
    return SUCCESS;
  }

  score(state: CycleState, pod: PodInfo, node: NodeInfo): number {
    let reqs = this.cachedRequests;
    if (state !== this.cachedState || pod !== this.cachedPod) {
      reqs = state.read(BALANCED_PRESCORE_STATE) ?? this.scorer.podRequests(pod);
      this.cachedState = state;
      this.cachedPod = pod;
      this.cachedRequests = reqs;
    }
    const scorer = this.scorer;
    const n = scorer.count;
    if (n === 0) throw new PluginStatusError(errorStatus(NODE_RESOURCES_BALANCED_ALLOCATION, "resources not found"));
    scorer.load(node, reqs!, draScoring(this.ctx, state));
    const withPod = balancedResourceScore(scorer.requested, scorer.allocatable, n, this.fractions);
    if (!this.scoreBalanceChange) return withPod;
    const withoutPod = balancedResourceScore(scorer.allocated, scorer.allocatable, n, this.fractions);
    // 50 + (50 + Δ)/2 with both balances in 50..100, so the numerator is 0..100 (Go int64 division).
    const half = MAX_NODE_SCORE / 2;
    return half + truncDiv(half + withPod - withoutPod, 2);
  }
}

/** NodeResourcesBalancedAllocation: PreScore and Score (formula chosen by the Kubernetes version). */
export const nodeResourcesBalancedAllocation: PluginFactory = {
  name: NODE_RESOURCES_BALANCED_ALLOCATION,
  create(args: unknown, ctx: PluginContext, path: string): Plugin {
    return new BalancedAllocation(parseBalancedAllocationArgs(args, path).resources, ctx, `${path}.resources`);
  },
};
